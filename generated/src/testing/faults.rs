//! The operations the fake carries out, and the faults a test can ask it to
//! answer them with instead.

use crate::Server;
use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::time::Duration;

/// An operation of the API that the fake carries out, named after the
/// [`Client`](crate::Client) method that calls it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Endpoint {
    /// `POST /accounts/{oid}/auth/token` ([`Client::get_token`](crate::Client::get_token)).
    GetToken,
    /// `POST /sessions-profile` ([`Client::create_session_from_profile`](crate::Client::create_session_from_profile)).
    CreateSessionFromProfile,
    /// `GET /sessions/{session_id}` ([`Client::get_session`](crate::Client::get_session)).
    GetSession,
    /// `PUT /sessions/{session_id}` ([`Client::update_session`](crate::Client::update_session)).
    UpdateSession,
    /// `POST /sessions/{session_id}/cancel` ([`Client::cancel_session`](crate::Client::cancel_session)).
    CancelSession,
    /// `GET /transactions` ([`Client::list_transactions`](crate::Client::list_transactions)).
    ListTransactions,
    /// `GET /transactions/{id}` ([`Client::get_transaction`](crate::Client::get_transaction)).
    GetTransaction,
    /// `POST /transactions/{id}/capture` ([`Client::capture_transaction`](crate::Client::capture_transaction)).
    CaptureTransaction,
    /// `POST /transactions/{id}/refund` ([`Client::refund_transaction`](crate::Client::refund_transaction)).
    RefundTransaction,
    /// `POST /transactions/{id}/void` ([`Client::void_transaction`](crate::Client::void_transaction)).
    VoidTransaction,
    /// `GET /v1/accounts/{aid}/settlements` on the `api` server
    /// ([`Client::list_settlements`](crate::Client::list_settlements)): the
    /// account's settlements, of which the fake has none.
    ListSettlements,
}

impl Endpoint {
    /// Every endpoint the fake carries out.
    pub const ALL: &'static [Endpoint] = &[
        Self::GetToken,
        Self::CreateSessionFromProfile,
        Self::GetSession,
        Self::UpdateSession,
        Self::CancelSession,
        Self::ListTransactions,
        Self::GetTransaction,
        Self::CaptureTransaction,
        Self::RefundTransaction,
        Self::VoidTransaction,
        Self::ListSettlements,
    ];

    /// The `Client` method that calls it (`capture_transaction`).
    pub fn method_name(self) -> &'static str {
        match self {
            Self::GetToken => "get_token",
            Self::CreateSessionFromProfile => "create_session_from_profile",
            Self::GetSession => "get_session",
            Self::UpdateSession => "update_session",
            Self::CancelSession => "cancel_session",
            Self::ListTransactions => "list_transactions",
            Self::GetTransaction => "get_transaction",
            Self::CaptureTransaction => "capture_transaction",
            Self::RefundTransaction => "refund_transaction",
            Self::VoidTransaction => "void_transaction",
            Self::ListSettlements => "list_settlements",
        }
    }

    /// The server the client sends it to.
    pub fn server(self) -> Server {
        match self {
            Self::ListSettlements => Server::Api,
            _ => Server::Checkout,
        }
    }

    /// HTTP method and the path template relative to its [`server`](Self::server)'s
    /// URL (`POST /transactions/{id}/capture`; `GET /v1/accounts/{aid}/settlements`).
    pub fn route(self) -> (&'static str, &'static str) {
        match self {
            Self::GetToken => ("POST", "/accounts/{oid}/auth/token"),
            Self::CreateSessionFromProfile => ("POST", "/sessions-profile"),
            Self::GetSession => ("GET", "/sessions/{session_id}"),
            Self::UpdateSession => ("PUT", "/sessions/{session_id}"),
            Self::CancelSession => ("POST", "/sessions/{session_id}/cancel"),
            Self::ListTransactions => ("GET", "/transactions"),
            Self::GetTransaction => ("GET", "/transactions/{id}"),
            Self::CaptureTransaction => ("POST", "/transactions/{id}/capture"),
            Self::RefundTransaction => ("POST", "/transactions/{id}/refund"),
            Self::VoidTransaction => ("POST", "/transactions/{id}/void"),
            Self::ListSettlements => ("GET", "/v1/accounts/{aid}/settlements"),
        }
    }

    /// Capture, refund or void: the operations that may answer `202 Accepted`.
    pub fn moves_money(self) -> bool {
        matches!(self, Self::CaptureTransaction | Self::RefundTransaction | Self::VoidTransaction)
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.method_name())
    }
}

/// How the fake answers a call instead of (or as well as) carrying it out.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// `429 Too Many Requests` with `Retry-After` (in whole seconds,
    /// rounded up). Nothing is done.
    TooManyRequests {
        /// The wait the answer asks for.
        retry_after: Duration,
    },
    /// `503 Service Unavailable`. Nothing is done.
    Unavailable,
    /// `500 Internal Server Error`. Nothing is done.
    InternalError,
    /// The call is carried out at once, but its answer is held back this
    /// long: past the client's timeout, the caller sees a timeout for a
    /// call that went through (the case where a payment operation must not
    /// be sent again blindly).
    Delay(Duration),
    /// `202 Accepted` with an `event-request-id` header: the capture,
    /// refund or void passes the rules and is recorded as pending (an
    /// `INITIATE_*` event; its amount counts against what may still be
    /// captured or refunded) and completes on
    /// [`FakeDintero::complete_pending`](super::FakeDintero::complete_pending).
    /// Only for the endpoints that [move money](Endpoint::moves_money).
    Accepted,
}

/// The faults waiting for each endpoint, in order, each with the number of
/// calls it has left.
#[derive(Debug, Default)]
pub(super) struct Faults {
    queued: HashMap<Endpoint, VecDeque<(Fault, usize)>>,
}

impl Faults {
    pub(super) fn push(&mut self, endpoint: Endpoint, fault: Fault, times: usize) {
        if times > 0 {
            self.queued.entry(endpoint).or_default().push_back((fault, times));
        }
    }

    /// The fault waiting for the next call of `endpoint`.
    pub(super) fn peek(&self, endpoint: Endpoint) -> Option<Fault> {
        self.queued.get(&endpoint)?.front().map(|(fault, _)| fault.clone())
    }

    /// Takes the fault waiting for `endpoint`: a call used it.
    pub(super) fn next(&mut self, endpoint: Endpoint) -> Option<Fault> {
        let queue = self.queued.get_mut(&endpoint)?;
        let (fault, left) = queue.front_mut()?;
        let fault = fault.clone();
        *left -= 1;
        if *left == 0 {
            queue.pop_front();
        }
        Some(fault)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_are_used_in_order_and_as_often_as_asked() {
        let mut faults = Faults::default();
        faults.push(Endpoint::GetSession, Fault::Unavailable, 2);
        faults.push(Endpoint::GetSession, Fault::InternalError, 1);
        faults.push(Endpoint::GetSession, Fault::Accepted, 0);
        faults.push(Endpoint::GetTransaction, Fault::InternalError, usize::MAX);
        let used: Vec<Option<Fault>> = (0..4).map(|_| faults.next(Endpoint::GetSession)).collect();
        assert_eq!(used, [Some(Fault::Unavailable), Some(Fault::Unavailable), Some(Fault::InternalError), None]);
        assert_eq!(faults.peek(Endpoint::GetTransaction), Some(Fault::InternalError), "every call, without a queue of usize::MAX");
        faults.next(Endpoint::GetTransaction);
        assert_eq!(faults.peek(Endpoint::GetTransaction), Some(Fault::InternalError));
    }
}
