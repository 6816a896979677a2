//! The fake's state (tokens, sessions, transactions) and what each
//! endpoint does to it. Everything here runs under the state's lock and
//! never waits; callbacks to send are handed back to the server.

use super::callbacks::{callback, Callback, Reason};
use super::error::Rejection;
use super::faults::{Endpoint, Faults};
use super::ids::{resource_id, uuid};
use super::ledger::{Ledger, Movement, MovementKind};
use super::{DeliveredCallback, PayError, PaymentFailure, ReceivedRequest};
use crate::callback::CallbackVerifier;
use crate::models::{
    AccessToken, AccessTokenType, AuthToken, CaptureTransactionRequest, CreateSessionFromProfileRequest, OrderLine, RefundTransactionRequest,
    SessionCreated, SessionDetails, SessionMetaEventsItem, SessionMetaEventsItemName, Transaction, TransactionPaymentProduct, TransactionPaymentProductType, TransactionUrl, UpdateSessionOptions,
};
use crate::{Credentials, DateTime};
use base64::Engine as _;
use secrecy::ExposeSecret as _;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::time::Duration;
use time::OffsetDateTime;
use tokio::time::Instant;

/// What the fake was started with; fixed for its life.
#[derive(Debug)]
pub(super) struct Config {
    /// The account, and the client id and secret the token endpoint accepts.
    pub(super) credentials: Credentials,
    pub(super) token_lifetime: Duration,
    pub(super) signer: Option<CallbackVerifier>,
    /// The pause between two deliveries of a callback that failed.
    pub(super) retry_pace: Duration,
    /// `http://127.0.0.1:<port>`.
    pub(super) root: String,
}

impl Config {
    pub(super) fn account_id(&self) -> &str {
        self.credentials.account_id().as_str()
    }
}

/// One call, as the server read it.
#[derive(Debug)]
pub(super) struct Call<'a> {
    pub(super) endpoint: Endpoint,
    /// The path's one parameter (account, session or transaction id), decoded.
    pub(super) id: &'a str,
    pub(super) query: &'a [(String, String)],
    pub(super) authorization: Option<&'a str>,
    pub(super) body: &'a [u8],
    /// Answer a capture, refund or void with `202 Accepted`.
    pub(super) accept: bool,
}

/// A response to send, and the callbacks to deliver before sending it.
#[derive(Debug)]
pub(super) struct Answer {
    pub(super) status: u16,
    pub(super) headers: Vec<(&'static str, String)>,
    pub(super) body: Vec<u8>,
    pub(super) callbacks: Vec<Callback>,
}

impl Answer {
    fn json(status: u16, value: &impl Serialize) -> Result<Self, Rejection> {
        let body = serde_json::to_vec(value).map_err(|e| Rejection::internal("encode its answer", e))?;
        Ok(Self { status, headers: Vec::new(), body, callbacks: Vec::new() })
    }
}

#[derive(Debug)]
struct IssuedToken {
    value: String,
    expires_at: Instant,
}

/// Everything the fake remembers.
#[derive(Debug, Default)]
pub(super) struct State {
    tokens: Vec<IssuedToken>,
    /// Oldest first.
    sessions: Vec<SessionDetails>,
    /// Oldest first.
    transactions: Vec<Ledger>,
    pub(super) faults: Faults,
    pub(super) requests: Vec<ReceivedRequest>,
    pub(super) callbacks: Vec<DeliveredCallback>,
}

/// Now, to the millisecond, as the API writes it.
pub(super) fn now() -> DateTime {
    let now = OffsetDateTime::now_utc();
    DateTime::from(now.replace_millisecond(now.millisecond()).unwrap_or(now))
}

/// The body as `T`; a mismatch names the place, as a `400`.
fn decode<T: DeserializeOwned>(body: &[u8], what: &str) -> Result<T, Rejection> {
    if body.is_empty() {
        return Err(Rejection::bad_request("invalid_request", format!("the request needs a JSON body ({what})")));
    }
    crate::runtime::from_json(body)
        .map_err(|e| Rejection::bad_request("invalid_request", format!("the body is not a valid {what} at `{}`: {}", e.path(), e.inner())))
}

/// `value` as the model `T` (the API's request and response shapes of
/// the same thing are separate types in the spec).
pub(super) fn convert<T: DeserializeOwned>(value: &impl Serialize) -> Result<T, Rejection> {
    serde_json::to_value(value)
        .and_then(serde_json::from_value)
        .map_err(|e| Rejection::internal("convert its own data", e))
}

/// The rules every order obeys: a currency code, no negative amount, and
/// lines (plus shipping) that add up to the amount.
fn check_order(amount: i64, currency: &str, items: Option<&[OrderLine]>, shipping: Option<i64>) -> Result<(), Rejection> {
    if amount < 0 {
        return Err(Rejection::bad_request("invalid_amount", format!("order.amount must not be negative, not {amount}")));
    }
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(Rejection::bad_request("invalid_currency", format!("order.currency must be an ISO 4217 code such as NOK, not `{currency}`")));
    }
    let Some(items) = items.filter(|items| !items.is_empty()) else { return Ok(()) };
    let mut sum = shipping.unwrap_or(0);
    for (index, line) in items.iter().enumerate() {
        let line_amount = line.amount.ok_or_else(|| Rejection::bad_request("invalid_request", format!("order.items[{index}].amount is required")))?;
        sum = sum.checked_add(line_amount).ok_or_else(|| Rejection::bad_request("invalid_amount", "the order's line amounts overflow"))?;
    }
    if sum != amount {
        let shipping = if shipping.is_some() { " and shipping" } else { "" };
        return Err(Rejection::bad_request("amount_mismatch", format!("order.amount is {amount} but its items{shipping} add up to {sum}")));
    }
    Ok(())
}

fn check_callback_url(url: Option<&str>) -> Result<(), Rejection> {
    match url.map(url::Url::parse) {
        Some(Err(e)) => Err(Rejection::bad_request("invalid_request", format!("url.callback_url is not a URL: {e}"))),
        _ => Ok(()),
    }
}

impl State {
    pub(super) fn session(&self, id: &str) -> Option<&SessionDetails> {
        self.sessions.iter().find(|s| s.id.as_deref() == Some(id))
    }

    /// The session `id`, changed by `change`, and its express callback URL
    /// that `url` picks: what an express callback sends (the session as
    /// `ExpressSession`) and where.
    pub(super) fn express_callback(
        &mut self,
        id: &str,
        change: impl FnOnce(&mut SessionDetails),
        url: impl Fn(&SessionDetails) -> Option<String>,
    ) -> Option<(String, Option<Vec<u8>>)> {
        let session = self.session_mut(id)?;
        change(session);
        let body = convert::<crate::models::ExpressSession>(session).ok().and_then(|s| serde_json::to_vec(&s).ok());
        Some((url(session)?, body))
    }

    /// Applies what a merchant's express callback answered to session `id`:
    /// its shipping options (as the spec's `ShippingOption`), then `change`.
    pub(super) fn express_answered(
        &mut self,
        id: &str,
        options: &impl Serialize,
        change: impl FnOnce(&mut SessionDetails) -> Result<(), String>,
    ) -> Result<(), String> {
        let options = convert(options).map_err(|_| "its shipping options are not the session's".to_owned())?;
        let Some(session) = self.session_mut(id) else { return Ok(()) };
        if let Some(express) = &mut session.express {
            express.shipping_options = options;
        }
        change(session)
    }

    fn session_mut(&mut self, id: &str) -> Option<&mut SessionDetails> {
        self.sessions.iter_mut().find(|s| s.id.as_deref() == Some(id))
    }

    pub(super) fn transaction(&self, id: &str) -> Option<&Ledger> {
        self.transactions.iter().find(|t| t.id() == id)
    }

    pub(super) fn transactions(&self) -> impl Iterator<Item = &Transaction> {
        self.transactions.iter().map(Ledger::transaction)
    }

    pub(super) fn expire_tokens(&mut self) {
        let now = Instant::now();
        for token in &mut self.tokens {
            token.expires_at = now;
        }
    }

    /// Whether `call` carries the credentials its endpoint needs: HTTP Basic
    /// with the fake's client id and secret for its account at the token
    /// endpoint, a live token this fake issued everywhere else.
    pub(super) fn authenticate(&self, config: &Config, call: &Call<'_>) -> Result<(), Rejection> {
        if call.endpoint != Endpoint::GetToken {
            return self.check_token(call.authorization);
        }
        let basic = call
            .authorization
            .and_then(|value| value.strip_prefix("Basic "))
            .and_then(|encoded| base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok())
            .and_then(|decoded| String::from_utf8(decoded).ok())
            .ok_or_else(|| Rejection::unauthorized("the token endpoint needs HTTP Basic authentication with the client id and secret"))?;
        let credentials = &config.credentials;
        if basic.split_once(':') != Some((credentials.client_id(), credentials.client_secret().expose_secret())) {
            return Err(Rejection::unauthorized("wrong client id or secret"));
        }
        if call.id != credentials.account_id().as_str() {
            return Err(Rejection::new(403, "forbidden", format!("the client may not get tokens for account {}", call.id)));
        }
        Ok(())
    }

    /// Carries out an authenticated `call`.
    pub(super) fn answer(&mut self, config: &Config, call: &Call<'_>) -> Result<Answer, Rejection> {
        match call.endpoint {
            Endpoint::GetToken => self.issue_token(config, call),
            Endpoint::CreateSessionFromProfile => self.create_session(config, call),
            Endpoint::GetSession => {
                let session = self.session(call.id).ok_or_else(|| Rejection::not_found("session", call.id))?;
                Answer::json(200, session)
            }
            Endpoint::UpdateSession => self.update_session(call),
            Endpoint::CancelSession => self.cancel_session(config, call),
            Endpoint::ListTransactions => self.list_transactions(call),
            Endpoint::GetTransaction => {
                let ledger = self.transaction(call.id).ok_or_else(|| Rejection::not_found("transaction", call.id))?;
                Answer::json(200, ledger.transaction())
            }
            Endpoint::CaptureTransaction | Endpoint::RefundTransaction | Endpoint::VoidTransaction => self.move_money(call),
            Endpoint::ListSettlements => {
                if call.id != config.account_id() {
                    return Err(Rejection::new(403, "forbidden", format!("the token is not for account {}", call.id)));
                }
                Answer::json(200, &crate::models::SettlementResponse::default().items(Vec::<crate::models::SettlementItem>::new()))
            }
        }
    }

    /// The client-credentials grant (the caller is authenticated).
    fn issue_token(&mut self, config: &Config, call: &Call<'_>) -> Result<Answer, Rejection> {
        let audience = config.credentials.account_id().audience();
        match decode::<AuthToken>(call.body, "token request")? {
            AuthToken::ClientCredentials(grant) if grant.audience == audience => {}
            AuthToken::ClientCredentials(grant) => {
                return Err(Rejection::bad_request("invalid_request", format!("the audience must be `{audience}`, not `{}`", grant.audience)));
            }
            _ => return Err(Rejection::bad_request("unsupported_grant_type", "only grant_type client_credentials is supported")),
        }
        let value = format!("fake-token.{}", resource_id(config.account_id()));
        self.tokens.push(IssuedToken { value: value.clone(), expires_at: Instant::now() + config.token_lifetime });
        let expires_in = i64::try_from(config.token_lifetime.as_secs()).unwrap_or(i64::MAX);
        Answer::json(200, &AccessToken::new(value, AccessTokenType::Bearer, expires_in))
    }

    /// A token this fake issued that has not expired.
    fn check_token(&self, authorization: Option<&str>) -> Result<(), Rejection> {
        let token = authorization
            .and_then(|value| value.strip_prefix("Bearer "))
            .ok_or_else(|| Rejection::unauthorized("no access token: send `Authorization: Bearer <token>` with a token from the token endpoint"))?;
        match self.tokens.iter().find(|issued| issued.value == token) {
            None => Err(Rejection::unauthorized("the access token was not issued by this server")),
            Some(issued) if issued.expires_at <= Instant::now() => Err(Rejection::unauthorized("the access token has expired")),
            Some(_) => Ok(()),
        }
    }

    fn create_session(&mut self, config: &Config, call: &Call<'_>) -> Result<Answer, Rejection> {
        let request: CreateSessionFromProfileRequest = decode(call.body, "session request")?;
        if request.profile_id.trim().is_empty() {
            return Err(Rejection::bad_request("invalid_request", "profile_id must not be empty"));
        }
        let order = &request.order;
        let shipping = order.shipping_option.as_ref().map(|option| option.amount);
        check_order(order.amount, &order.currency, order.items.as_deref(), shipping)?;
        check_callback_url(request.url.callback_url.as_deref())?;
        let id = resource_id(config.account_id());
        let now = now();
        let mut fields = serde_json::to_value(&request).map_err(|e| Rejection::internal("encode the session", e))?;
        if let Some(fields) = fields.as_object_mut() {
            fields.remove("profile_id");
            fields.entry("configuration").or_insert_with(|| serde_json::json!({}));
        }
        let mut session: SessionDetails = convert(&fields)?;
        session.id = Some(id.clone());
        session.created_at = Some(now.clone());
        session.updated_at = Some(now);
        let include_session = call.query.iter().any(|(name, value)| name == "include_session" && value == "true");
        let mut created = SessionCreated::new().id(id.clone()).url(format!("{}/v1/view/{id}", config.root));
        if include_session {
            created = created.session(session.clone());
        }
        self.sessions.push(session);
        Answer::json(200, &created)
    }

    fn update_session(&mut self, call: &Call<'_>) -> Result<Answer, Rejection> {
        let update: UpdateSessionOptions = decode(call.body, "session update")?;
        let session = self.session_mut(call.id).ok_or_else(|| Rejection::not_found("session", call.id))?;
        refuse_if_closed(session, "updated")?;
        let mut order = serde_json::to_value(&session.order).map_err(|e| Rejection::internal("encode the order", e))?;
        let changes = serde_json::to_value(&update.order).map_err(|e| Rejection::internal("encode the order update", e))?;
        if let (Some(order), Some(changes)) = (order.as_object_mut(), changes.as_object()) {
            order.extend(changes.iter().map(|(key, value)| (key.clone(), value.clone())));
        }
        let updated = same_type_as(&session.order, order)
            .map_err(|e| Rejection::bad_request("invalid_request", format!("the updated order is not valid: {e}")))?;
        let shipping = updated.shipping_option.as_ref().map(|option| option.amount);
        check_order(updated.amount, &updated.currency, updated.items.as_deref(), shipping)?;
        session.order = updated;
        session.updated_at = Some(now());
        Answer::json(200, session)
    }

    fn cancel_session(&mut self, config: &Config, call: &Call<'_>) -> Result<Answer, Rejection> {
        let session = self.session_mut(call.id).ok_or_else(|| Rejection::not_found("session", call.id))?;
        if let Some(transaction) = &session.transaction_id {
            return Err(Rejection::bad_request(
                "session_paid",
                format!("session {} was paid (transaction {transaction}); void or refund the transaction instead", call.id),
            ));
        }
        if session.cancelled_at.is_none() {
            session.cancelled_at = Some(now());
            session.cancelled_by = Some(config.credentials.client_id().to_owned());
            session.updated_at = session.cancelled_at.clone();
        }
        Answer::json(200, session)
    }

    /// `GET /transactions`, newest first, with the filters merchants use.
    fn list_transactions(&self, call: &Call<'_>) -> Result<Answer, Rejection> {
        let mut limit = 10;
        let mut starting_after = None;
        let mut filters: Vec<(&str, Vec<&str>)> = Vec::new();
        for (name, value) in call.query {
            match name.as_str() {
                "limit" => {
                    limit = value.parse().ok().filter(|n| (1..=100).contains(n)).ok_or_else(|| {
                        Rejection::bad_request("invalid_request", format!("limit must be a number from 1 to 100, not `{value}`"))
                    })?;
                }
                "starting_after" => starting_after = Some(value.as_str()),
                // Lists, repeated (`?id=A&id=B`) or joined (`?id=A,B`).
                "id" | "status" | "payment_product" | "payment_product_type" | "session_id" | "currency" => {
                    add_filter(&mut filters, name, value.split(',').map(str::trim));
                }
                // Single values, which may hold a comma.
                "merchant_reference" | "merchant_reference_2" => add_filter(&mut filters, name, [value.as_str()]),
                other => {
                    return Err(Rejection::new(
                        501,
                        "not_implemented",
                        format!("the fake Dintero does not filter transactions by `{other}`; it filters by id, status, payment_product, payment_product_type, merchant_reference, merchant_reference_2, session_id and currency"),
                    ));
                }
            }
        }
        let field = |transaction: &Transaction, name: &str| -> Option<String> {
            match name {
                "id" => transaction.id.clone(),
                "status" => transaction.status().map(ToString::to_string),
                "payment_product" => Some(transaction.payment_product.to_string()),
                "payment_product_type" => Some(transaction.payment_product_type.to_string()),
                "merchant_reference" => transaction.merchant_reference.clone(),
                "merchant_reference_2" => transaction.merchant_reference_2.clone(),
                "session_id" => transaction.session_id.clone(),
                "currency" => Some(transaction.currency.clone()),
                _ => None,
            }
        };
        let matching = self.transactions.iter().rev().map(Ledger::transaction).filter(|transaction| {
            filters.iter().all(|(name, values)| field(transaction, name).is_some_and(|value| values.contains(&value.as_str())))
        });
        let page: Vec<&Transaction> = match starting_after {
            Some(cursor) => matching.skip_while(|t| t.id.as_deref() != Some(cursor)).skip(1).take(limit).collect(),
            None => matching.take(limit).collect(),
        };
        Answer::json(200, &page)
    }

    /// Capture, refund or void, by the transaction's rules.
    fn move_money(&mut self, call: &Call<'_>) -> Result<Answer, Rejection> {
        let index = self.transactions.iter().position(|t| t.id() == call.id).ok_or_else(|| Rejection::not_found("transaction", call.id))?;
        let movement = match call.endpoint {
            Endpoint::CaptureTransaction if call.body.is_empty() => {
                return Err(Rejection::bad_request("invalid_request", "the capture needs a body with the amount to capture"));
            }
            Endpoint::CaptureTransaction => {
                let request: CaptureTransactionRequest = decode(call.body, "capture request")?;
                let lines = request.items.iter().flatten().map(|line| (line.line_id.clone(), line.amount)).collect();
                Movement { kind: MovementKind::Capture, amount: request.amount, lines, reference: request.capture_reference }
            }
            Endpoint::RefundTransaction => {
                let request: RefundTransactionRequest = decode(call.body, "refund request")?;
                let lines = request.items.iter().flatten().map(|line| (line.line_id.clone(), line.amount)).collect();
                Movement { kind: MovementKind::Refund, amount: request.amount, lines, reference: request.refund_reference }
            }
            _ => Movement::void(),
        };
        self.transactions[index].check(&movement)?;
        let now = now();
        if call.accept {
            let event_request_id = uuid();
            let ledger = &mut self.transactions[index];
            ledger.accept(&movement, &event_request_id, &now);
            let mut answer = Answer::json(202, ledger.transaction())?;
            answer.headers.push(("event-request-id", event_request_id));
            return Ok(answer);
        }
        let event_id = self.transactions[index].apply(&movement, &uuid(), &now);
        let mut answer = Answer::json(200, self.transactions[index].transaction())?;
        answer.callbacks.extend(self.event_callback(index, movement.kind, &event_id, &now));
        Ok(answer)
    }

    /// The callback for an event applied to transaction `index`, when its
    /// session's callback URL asks for that event with `report_event`.
    fn event_callback(&self, index: usize, kind: MovementKind, event_id: &str, now: &DateTime) -> Option<Callback> {
        let transaction = self.transactions[index].transaction();
        let session = self.session(transaction.session_id.as_deref()?)?;
        let event = match kind {
            MovementKind::Capture => "CAPTURE",
            MovementKind::Refund => "REFUND",
            MovementKind::Void => "VOID",
        };
        callback(session, Reason::Event(transaction, event, event_id), now)
    }

    /// The customer pays session `session_id` with `product_type`: an
    /// `AUTHORIZED` transaction (`CAPTURED` at once when the session's
    /// configuration has `auto_capture`), and the payment callback.
    pub(super) fn pay(
        &mut self,
        config: &Config,
        session_id: &str,
        product_type: TransactionPaymentProductType,
    ) -> Result<(Transaction, Option<Callback>), PayError> {
        let session = self.payable_session(session_id)?;
        let order = &session.order;
        let product_name = product_type.to_string();
        let product = TransactionPaymentProduct::from(product_name.split('.').next().unwrap_or_default());
        let mut transaction = Transaction::new(product, product_type, order.amount, order.currency.clone());
        transaction.id = Some(resource_id(config.account_id()));
        transaction.session_id = Some(session_id.to_owned());
        transaction.merchant_reference = Some(order.merchant_reference.clone());
        transaction.merchant_reference_2.clone_from(&order.merchant_reference_2);
        transaction.items.clone_from(&order.items);
        transaction.shipping_address.clone_from(&order.shipping_address);
        transaction.billing_address.clone_from(&order.billing_address);
        transaction.shipping_option.clone_from(&order.shipping_option);
        transaction.store.clone_from(&order.store);
        if let Some(url) = &session.url.callback_url {
            transaction.url = Some(Box::new(TransactionUrl::new().callback_url(url.clone())));
        }
        let auto_capture = session.configuration.auto_capture == Some(true);
        let now = now();
        let request_id = uuid();
        let mut ledger = Ledger::authorized(transaction, &request_id, &now);
        if auto_capture {
            let capture = Movement { kind: MovementKind::Capture, amount: ledger.transaction().amount, lines: Vec::new(), reference: None };
            ledger.apply(&capture, &uuid(), &now);
        }
        let transaction = ledger.transaction().clone();
        self.transactions.push(ledger);
        let session = self.session_mut(session_id).ok_or_else(|| PayError::UnknownSession(session_id.to_owned()))?;
        session.transaction_id.clone_from(&transaction.id);
        record_session_event(session, SessionMetaEventsItemName::Authorized, &now);
        let payment_callback = callback(session, Reason::Payment(&transaction), &now);
        Ok((transaction, payment_callback))
    }

    /// The customer's payment of session `session_id` fails: the session
    /// stays open (the customer may try again) with the failure as an
    /// event, and the callback reports it when the URL has `report_error=true`.
    pub(super) fn fail_payment(&mut self, session_id: &str, failure: PaymentFailure) -> Result<Option<Callback>, PayError> {
        self.payable_session(session_id)?;
        let (event, error) = match failure {
            PaymentFailure::Declined => (SessionMetaEventsItemName::Declined, "authorization"),
            PaymentFailure::Cancelled => (SessionMetaEventsItemName::Cancelled, "cancelled"),
            PaymentFailure::Failed => (SessionMetaEventsItemName::Failed, "failed"),
        };
        let now = now();
        let session = self.session_mut(session_id).ok_or_else(|| PayError::UnknownSession(session_id.to_owned()))?;
        record_session_event(session, event, &now);
        Ok(callback(session, Reason::Failure(error), &now))
    }

    /// The session, if a customer can still pay it.
    fn payable_session(&self, session_id: &str) -> Result<&SessionDetails, PayError> {
        let session = self.session(session_id).ok_or_else(|| PayError::UnknownSession(session_id.to_owned()))?;
        if let Some(transaction) = &session.transaction_id {
            return Err(PayError::AlreadyPaid { session: session_id.to_owned(), transaction: transaction.clone() });
        }
        if session.cancelled_at.is_some() {
            return Err(PayError::Cancelled(session_id.to_owned()));
        }
        let expired = session.expires_at.as_ref().and_then(|at| at.parse().ok()).is_some_and(|at| at <= OffsetDateTime::now_utc());
        if expired {
            return Err(PayError::Expired(session_id.to_owned()));
        }
        Ok(session)
    }

    /// Completes every accepted (`202`) operation; returns how many, and
    /// the callbacks they call for.
    pub(super) fn complete_pending(&mut self) -> (usize, Vec<Callback>) {
        let now = now();
        let mut completed = 0;
        let mut callbacks = Vec::new();
        for index in 0..self.transactions.len() {
            let completions = self.transactions[index].complete_pending(&now, uuid);
            for (kind, event_id) in completions {
                completed += 1;
                callbacks.extend(self.event_callback(index, kind, &event_id, &now));
            }
        }
        (completed, callbacks)
    }
}

/// `value` decoded as the type of `_like` (here: the session's order, whatever
/// the spec names its type).
fn same_type_as<T: DeserializeOwned>(_like: &T, value: serde_json::Value) -> Result<T, serde_json::Error> {
    serde_json::from_value(value)
}

/// Adds `values` to the filter `name` of a transaction list.
fn add_filter<'a>(filters: &mut Vec<(&'a str, Vec<&'a str>)>, name: &'a str, values: impl IntoIterator<Item = &'a str>) {
    match filters.iter_mut().find(|(filter, _)| *filter == name) {
        Some((_, existing)) => existing.extend(values),
        None => filters.push((name, values.into_iter().collect())),
    }
}

/// Adds the event `name` to `session`'s events.
fn record_session_event(session: &mut SessionDetails, name: SessionMetaEventsItemName, now: &DateTime) {
    let event = SessionMetaEventsItem::new().id(uuid()).name(name).created_at(now.clone());
    session.events.get_or_insert_with(Vec::new).push(event);
    session.updated_at = Some(now.clone());
}

/// A paid or cancelled session cannot change.
fn refuse_if_closed(session: &SessionDetails, verb: &str) -> Result<(), Rejection> {
    let id = session.id.as_deref().unwrap_or_default();
    if let Some(transaction) = &session.transaction_id {
        return Err(Rejection::bad_request("session_paid", format!("session {id} was paid (transaction {transaction}) and cannot be {verb}")));
    }
    if session.cancelled_at.is_some() {
        return Err(Rejection::bad_request("session_cancelled", format!("session {id} was cancelled and cannot be {verb}")));
    }
    Ok(())
}
