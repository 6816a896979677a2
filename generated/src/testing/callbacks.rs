//! The callbacks the fake sends to a session's `url.callback_url`, as the
//! spec's `CallbackUrl` describes them: a `GET` (or a `POST` with the
//! transaction as its body when the URL has `method=POST`) with
//! `transaction_id`, `session_id` (or `sid`), `merchant_reference` and
//! `time` added to the query; with `event` and `event_id` (the event's
//! `id`) too for the events the URL asks for with `report_event`; and for
//! a failed payment, when the URL has `report_error=true`, with `error`
//! and neither `transaction_id` nor a body. Signed with
//! `Dintero-Signature` when the fake has a callback secret. Sent only to
//! loopback hosts: a test never reaches the network.

use super::api::convert;
use crate::callback::CallbackVerifier;
use crate::models::{Session, SessionDetails, Transaction};
use crate::DateTime;
use bytes::Bytes;
use std::time::{Duration, SystemTime};

/// How long the fake waits for a callback handler (Dintero's own limit).
const CALLBACK_TIMEOUT: Duration = Duration::from_secs(10);

/// A callback the fake sent, and how the receiver answered.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DeliveredCallback {
    /// `GET`, or `POST` when the callback URL has `method=POST`.
    pub method: String,
    /// The URL called: the session's `callback_url` with the callback's
    /// query parameters added.
    pub url: String,
    /// The `Dintero-Signature` header sent (when the fake has a callback secret).
    pub signature: Option<String>,
    /// The JSON body sent with a `POST` callback (the transaction).
    pub body: Option<Bytes>,
    /// The receiver's HTTP status, when it answered.
    pub status: Option<u16>,
    /// Why the callback could not be delivered (connection refused, timeout).
    pub error: Option<String>,
    /// Which delivery of the callback this was: `1`, then `2`... after a failure.
    pub attempt: u32,
}

impl DeliveredCallback {
    /// The receiver answered with a `2xx` status.
    pub fn succeeded(&self) -> bool {
        self.status.is_some_and(|status| (200..300).contains(&status))
    }

    /// The value of query parameter `name` of the URL called.
    pub fn query(&self, name: &str) -> Option<String> {
        let url = url::Url::parse(&self.url).ok()?;
        url.query_pairs().find(|(key, _)| key == name).map(|(_, value)| value.into_owned())
    }
}

/// A callback to send.
#[derive(Clone, Debug)]
pub(super) struct Callback {
    pub(super) method: reqwest::Method,
    pub(super) url: url::Url,
    pub(super) body: Option<Vec<u8>>,
}

/// What a callback reports.
#[derive(Clone, Copy, Debug)]
pub(super) enum Reason<'a> {
    /// The session was paid, with this transaction.
    Payment(&'a Transaction),
    /// An event (`CAPTURE`, `REFUND`, `VOID`) with this id was applied to
    /// the transaction; reported when the URL asks with `report_event`.
    Event(&'a Transaction, &'a str, &'a str),
    /// The payment failed with this `error` (`authorization`, `cancelled`,
    /// `failed`) and no transaction; reported when the URL has `report_error=true`.
    Failure(&'a str),
}

/// The callback about `session`, when it has a callback URL that asks for it.
pub(super) fn callback(session: &SessionDetails, reason: Reason<'_>, now: &DateTime) -> Option<Callback> {
    let mut url = url::Url::parse(session.url.callback_url.as_deref()?).ok()?;
    let given: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let given_values = |name: &str| given.iter().filter(move |(key, _)| key == name).map(|(_, value)| value.as_str()).collect::<Vec<_>>();
    let asked = match reason {
        Reason::Payment(_) => true,
        Reason::Event(_, event, _) => given_values("report_event").contains(&event),
        Reason::Failure(_) => given_values("report_error").contains(&"true"),
    };
    if !asked {
        return None;
    }
    let transaction = match reason {
        Reason::Payment(transaction) | Reason::Event(transaction, _, _) => Some(transaction),
        Reason::Failure(_) => None,
    };
    let session_parameter = if given_values("sid_parameter_name").contains(&"sid") { "sid" } else { "session_id" };
    {
        let mut query = url.query_pairs_mut();
        if let Some(id) = transaction.and_then(|t| t.id.as_deref()) {
            query.append_pair("transaction_id", id);
        }
        query.append_pair(session_parameter, session.id.as_deref().unwrap_or_default());
        query.append_pair("merchant_reference", &session.order.merchant_reference);
        query.append_pair("time", now.as_str());
        match reason {
            Reason::Event(_, event, event_id) => {
                query.append_pair("event", event);
                query.append_pair("event_id", event_id);
            }
            Reason::Failure(error) => {
                query.append_pair("error", error);
            }
            Reason::Payment(_) => {}
        }
    }
    let post = given_values("method").iter().any(|method| method.eq_ignore_ascii_case("POST"));
    // A failure has no transaction, and so no body.
    let body = transaction.filter(|_| post).map(|transaction| {
        let mut transaction = transaction.clone();
        if given_values("includes").contains(&"session") {
            transaction.session = convert::<Session>(session).ok().map(Box::new);
        }
        serde_json::to_vec(&transaction).unwrap_or_default()
    });
    Some(Callback { method: if post { reqwest::Method::POST } else { reqwest::Method::GET }, url, body })
}

/// Whether `url` names this machine: the only place the fake sends
/// callbacks, so that a test never reaches the network.
fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Sends `callback` once (no retries), signed when there is a `signer`;
/// only to a loopback host (any other is recorded as not delivered).
pub(super) async fn deliver(http: &reqwest::Client, callback: Callback, signer: Option<&CallbackVerifier>) -> DeliveredCallback {
    let Callback { method, url, body } = callback;
    let signature = signer.and_then(|signer| signer.sign(method.as_str(), url.as_str(), SystemTime::now()).ok());
    let delivered = |status, error| DeliveredCallback { method: method.to_string(), url: url.to_string(), signature: signature.clone(), body: body.clone().map(Bytes::from), status, error, attempt: 1 };
    if !is_loopback(&url) {
        return delivered(None, Some("not sent: the fake Dintero sends callbacks only to loopback hosts (localhost, 127.0.0.1, [::1])".to_owned()));
    }
    let mut request = http.request(method.clone(), url.clone()).timeout(CALLBACK_TIMEOUT);
    if let Some(signature) = &signature {
        request = request.header("Dintero-Signature", signature);
    }
    if let Some(body) = &body {
        request = request.header(reqwest::header::CONTENT_TYPE, "application/json").body(body.clone());
    }
    match request.send().await {
        Ok(response) => delivered(Some(response.status().as_u16()), None),
        Err(e) => delivered(None, Some(e.to_string())),
    }
}

/// Sends an express callback (`POST` of the session as JSON) to `url`,
/// signed when there is a `signer`, and reads the merchant's answer.
pub(super) async fn express(http: &reqwest::Client, url: &str, body: Vec<u8>, signer: Option<&CallbackVerifier>) -> Result<Bytes, String> {
    let url = url::Url::parse(url).map_err(|e| format!("the callback URL `{url}`: {e}"))?;
    if !is_loopback(&url) {
        return Err("not sent: the fake Dintero sends callbacks only to loopback hosts (localhost, 127.0.0.1, [::1])".to_owned());
    }
    let mut request = http.post(url.clone()).timeout(CALLBACK_TIMEOUT).header(reqwest::header::CONTENT_TYPE, "application/json").body(body);
    if let Some(signature) = signer.and_then(|signer| signer.sign("POST", url.as_str(), SystemTime::now()).ok()) {
        request = request.header("Dintero-Signature", signature);
    }
    let response = request.send().await.map_err(|e| e.to_string())?;
    let status = response.status();
    let answer = response.bytes().await.map_err(|e| e.to_string())?;
    if !status.is_success() {
        return Err(format!("answered {status}: {}", String::from_utf8_lossy(&answer)));
    }
    Ok(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callbacks_go_to_this_machine_only() {
        let loopback = |url: &str| url::Url::parse(url).is_ok_and(|url| is_loopback(&url));
        for url in ["http://localhost:8080/cb", "http://127.0.0.1:9/cb", "http://127.1.2.3/cb", "http://[::1]:80/cb", "http://LOCALHOST/cb"] {
            assert!(loopback(url), "{url}");
        }
        for url in ["https://shop.example.com/cb", "http://10.0.0.1/cb", "http://localhost.example.com/cb", "not a url"] {
            assert!(!loopback(url), "{url}");
        }
    }
}
