//! The HTTP side of the fake: a hyper server on a loopback port that reads
//! each request, routes it to an endpoint, applies a queued fault, lets the
//! state answer, delivers callbacks and writes the response.

use super::api::{Call, Config, State};
use super::callbacks::{deliver, Callback};
use super::error::Rejection;
use super::faults::{Endpoint, Fault};
use super::ReceivedRequest;
use crate::Server;
use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use percent_encoding::percent_decode_str;
use std::convert::Infallible;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};

/// What the server's tasks share with the `FakeDintero` handle.
#[derive(Debug)]
pub(super) struct Shared {
    pub(super) config: Config,
    pub(super) state: Mutex<State>,
    /// Sends callbacks (no redirects, no proxy: loopback only).
    pub(super) http: reqwest::Client,
    /// How many batches of callbacks are being delivered in the background.
    pub(super) deliveries: watch::Sender<usize>,
}

impl Shared {
    /// The state; a test that panicked while holding it leaves it usable.
    pub(super) fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Delivers `callbacks` one after the other, as Dintero does (after the
    /// URL's `delay_callback`, retried after a failure that may pass), and
    /// records every attempt.
    pub(super) async fn deliver(&self, callbacks: Vec<Callback>) {
        for callback in callbacks {
            let delay = callback.url.query_pairs().find(|(key, _)| key == "delay_callback").and_then(|(_, value)| value.parse::<u64>().ok());
            if let Some(seconds) = delay {
                tokio::time::sleep(Duration::from_secs(seconds.min(MAX_DELAY_CALLBACK))).await;
            }
            for attempt in 1..=1 + CALLBACK_RETRIES {
                let mut delivered = deliver(&self.http, callback.clone(), self.config.signer.as_ref()).await;
                delivered.attempt = attempt;
                let again = retried(&delivered);
                self.state().callbacks.push(delivered);
                if !again {
                    break;
                }
                if attempt <= CALLBACK_RETRIES {
                    tokio::time::sleep(self.config.retry_pace).await;
                }
            }
        }
    }

    /// Delivers `callbacks` in the background, as Dintero does: the answer
    /// of the call that caused them does not wait for them.
    fn deliver_in_background(self: &Arc<Self>, callbacks: Vec<Callback>) {
        if callbacks.is_empty() {
            return;
        }
        self.deliveries.send_modify(|batches| *batches += 1);
        let shared = Arc::clone(self);
        tokio::spawn(async move {
            let _done = Delivered(&shared);
            shared.deliver(callbacks).await;
        });
    }

    /// Waits until no callback is being delivered in the background.
    pub(super) async fn background_deliveries_done(&self) {
        // The sender lives as long as `self`, so waiting cannot fail.
        let _ = self.deliveries.subscribe().wait_for(|batches| *batches == 0).await;
    }
}

/// Counts a background delivery as done when dropped: also when its task
/// panics or is cancelled, so [`Shared::background_deliveries_done`] never
/// waits forever.
struct Delivered<'a>(&'a Shared);

impl Drop for Delivered<'_> {
    fn drop(&mut self) {
        self.0.deliveries.send_modify(|batches| *batches -= 1);
    }
}

/// Serves `listener` until the returned task is aborted (which drops every
/// open connection with it).
pub(super) fn serve(listener: TcpListener, host: Server, shared: Arc<Shared>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut connections = JoinSet::new();
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                // Out of file descriptors, say: wait instead of spinning.
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            };
            let shared = shared.clone();
            connections.spawn(async move {
                let service = service_fn(move |request| {
                    let shared = shared.clone();
                    async move { Ok::<_, Infallible>(handle(shared, host, request).await) }
                });
                // A connection the client drops mid-request is no concern of the test.
                let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
            });
            while connections.try_join_next().is_some() {}
        }
    })
}

/// Where a request goes.
#[derive(Debug, PartialEq)]
enum Route {
    /// An endpoint, with its one path parameter (or `""`).
    Endpoint(Endpoint, String),
    /// The payment page a session's `url` points at.
    PaymentPage(String),
    /// Nothing the fake carries out.
    Unknown,
}

/// The endpoint of `host` whose route (`Endpoint::route`, under `/v1` on
/// the checkout server, as its URL ends in `/v1`) `path` matches, with the
/// value of its one path parameter.
fn route(host: Server, method: &str, path: &str) -> Route {
    let rest = match host {
        Server::Checkout => path.strip_prefix("/v1/"),
        _ => path.strip_prefix('/'),
    };
    let Some(rest) = rest else { return Route::Unknown };
    let segments: Vec<String> = rest.split('/').map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned()).collect();
    if let (Server::Checkout, "GET", [view, id]) = (host, method, segments.as_slice()) {
        if view == "view" {
            return Route::PaymentPage(id.clone());
        }
    }
    for &endpoint in Endpoint::ALL.iter().filter(|e| e.server() == host) {
        let (endpoint_method, template) = endpoint.route();
        let parts: Vec<&str> = template.trim_start_matches('/').split('/').collect();
        if endpoint_method != method || parts.len() != segments.len() {
            continue;
        }
        let mut parameter = String::new();
        let matches = parts.iter().zip(&segments).all(|(part, segment)| {
            if part.starts_with('{') {
                parameter.clone_from(segment);
                true
            } else {
                part == segment
            }
        });
        if matches {
            return Route::Endpoint(endpoint, parameter);
        }
    }
    Route::Unknown
}

/// A response ready to write.
struct Reply {
    status: u16,
    content_type: &'static str,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl From<Rejection> for Reply {
    fn from(rejection: Rejection) -> Self {
        let body = serde_json::to_vec(&rejection.body()).unwrap_or_default();
        Self { status: rejection.status, content_type: "application/json", headers: rejection.headers, body }
    }
}

async fn handle(shared: Arc<Shared>, host: Server, request: hyper::Request<Incoming>) -> hyper::Response<Full<Bytes>> {
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    let path_and_query = request.uri().path_and_query().map_or_else(|| path.clone(), |p| p.as_str().to_owned());
    let query: Vec<(String, String)> =
        url::form_urlencoded::parse(request.uri().query().unwrap_or_default().as_bytes()).into_owned().collect();
    let authorization = request.headers().get(hyper::header::AUTHORIZATION).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let headers = recorded_headers(request.headers());
    let body = match request.into_body().collect().await {
        Ok(body) => body.to_bytes(),
        Err(e) => return write(Rejection::bad_request("invalid_request", format!("the request body could not be read: {e}")).into()),
    };
    let route = route(host, &method, &path);
    let (reply, callbacks, delay) = {
        let mut state = shared.state();
        let endpoint = match &route {
            Route::Endpoint(endpoint, _) => Some(*endpoint),
            _ => None,
        };
        state.requests.push(ReceivedRequest { method: method.clone(), path: path_and_query, endpoint, headers, body: body.clone() });
        match route {
            Route::Endpoint(endpoint, id) => {
                let queued = state.faults.peek(endpoint);
                let call = Call {
                    endpoint,
                    id: &id,
                    query: &query,
                    authorization: authorization.as_deref(),
                    body: &body,
                    accept: queued == Some(Fault::Accepted),
                };
                answer(&mut state, &shared.config, &call, queued)
            }
            Route::PaymentPage(id) => (payment_page(&state, &id), Vec::new(), None),
            Route::Unknown => (not_implemented(host, &method, &path).into(), Vec::new(), None),
        }
    };
    shared.deliver_in_background(callbacks);
    if let Some(delay) = delay {
        tokio::time::sleep(delay).await;
    }
    write(reply)
}

/// The reply to an endpoint's call, the callbacks it causes, and how long
/// to hold the reply back. A queued fault is used by the first call that
/// gets past authentication: one that does nothing (`429`, `503`, `500`)
/// replaces the answer; `Accepted` and `Delay` wait for a call that
/// succeeds (a call the rules refuse leaves them queued).
fn answer(state: &mut State, config: &Config, call: &Call<'_>, queued: Option<Fault>) -> (Reply, Vec<Callback>, Option<Duration>) {
    if let Err(rejection) = state.authenticate(config, call) {
        return (rejection.into(), Vec::new(), None);
    }
    if let Some(reply) = fault_reply(queued.as_ref()) {
        state.faults.next(call.endpoint);
        return (reply, Vec::new(), None);
    }
    match state.answer(config, call) {
        Ok(answer) => {
            if queued.is_some() {
                state.faults.next(call.endpoint);
            }
            let delay = match queued {
                Some(Fault::Delay(delay)) => Some(delay),
                _ => None,
            };
            let reply = Reply { status: answer.status, content_type: "application/json", headers: answer.headers, body: answer.body };
            (reply, answer.callbacks, delay)
        }
        Err(rejection) => (rejection.into(), Vec::new(), None),
    }
}

/// The request's headers as a test may inspect them: credentials redacted.
fn recorded_headers(headers: &hyper::HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            let value = value.to_str().unwrap_or("[not UTF-8]");
            let value = if name == hyper::header::AUTHORIZATION {
                let scheme = value.split_once(' ').map_or("", |(scheme, _)| scheme);
                format!("{scheme} [redacted]").trim_start().to_owned()
            } else {
                value.to_owned()
            };
            (name.as_str().to_owned(), value)
        })
        .collect()
}

/// The answer of a fault that does nothing.
fn fault_reply(fault: Option<&Fault>) -> Option<Reply> {
    let rejection = match fault? {
        Fault::TooManyRequests { retry_after } => {
            let seconds = retry_after.as_secs().saturating_add(u64::from(retry_after.subsec_nanos() > 0));
            Rejection::new(429, "too_many_requests", "rate limit exceeded (a fault injected into the fake Dintero)").with_header("retry-after", seconds.to_string())
        }
        Fault::Unavailable => Rejection::new(503, "service_unavailable", "service unavailable (a fault injected into the fake Dintero)"),
        Fault::InternalError => Rejection::new(500, "internal_error", "internal error (a fault injected into the fake Dintero)"),
        Fault::Delay(_) | Fault::Accepted => return None,
    };
    Some(rejection.into())
}

/// The answer to a route `host` does not carry out: `404` for an endpoint
/// of the other server (sent to the wrong host, as Dintero would answer
/// it), else `501` with what this host carries out.
fn not_implemented(host: Server, method: &str, path: &str) -> Rejection {
    let elsewhere = Server::ALL.iter().filter(|&&other| other != host).find(|&&other| route(other, method, path) != Route::Unknown);
    if let Some(other) = elsewhere {
        return Rejection::new(
            404,
            "not_found",
            format!("{method} {path} is served by the `{}` server, not by `{}`", other.name(), host.name()),
        );
    }
    let root = if host == Server::Checkout { "/v1" } else { "" };
    let implemented: Vec<String> =
        Endpoint::ALL.iter().filter(|e| e.server() == host).map(|e| format!("{} {root}{}", e.route().0, e.route().1)).collect();
    Rejection::new(
        501,
        "not_implemented",
        format!("the fake Dintero's `{}` server does not implement {method} {path}; it implements {}", host.name(), implemented.join(", ")),
    )
}

/// A stand-in for the payment page: what would be paid.
fn payment_page(state: &State, id: &str) -> Reply {
    let Some(session) = state.session(id) else { return Rejection::not_found("session", id).into() };
    let order = &session.order;
    let text = format!(
        "<!doctype html><title>Fake Dintero payment page</title><p>Session {}: {} {} for order {}. \
         A test pays it with <code>FakeDintero::pay</code>.</p>",
        html_escape(id),
        order.amount,
        html_escape(&order.currency),
        html_escape(&order.merchant_reference)
    );
    Reply { status: 200, content_type: "text/html; charset=utf-8", headers: Vec::new(), body: text.into_bytes() }
}

/// `text` as HTML text content.
fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn write(reply: Reply) -> hyper::Response<Full<Bytes>> {
    let mut response = hyper::Response::new(Full::new(Bytes::from(reply.body)));
    *response.status_mut() = hyper::StatusCode::from_u16(reply.status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    headers.insert(hyper::header::CONTENT_TYPE, hyper::header::HeaderValue::from_static(reply.content_type));
    for (name, value) in reply.headers {
        if let Ok(value) = hyper::header::HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
    response
}

/// How often Dintero retries a callback (the spec's `CallbackUrl`).
const CALLBACK_RETRIES: u32 = 20;

/// The longest `delay_callback`, in seconds (the spec's `CallbackUrl`).
const MAX_DELAY_CALLBACK: u64 = 60;

/// Whether Dintero delivers a callback again after `delivered`: an answer of
/// `100`, `101` or `5xx`, a timeout or a connection error (not a callback
/// the fake refused to send); any other answer is final.
fn retried(delivered: &super::callbacks::DeliveredCallback) -> bool {
    match (delivered.status, &delivered.error) {
        (Some(status), _) => matches!(status, 100 | 101 | 500..=599),
        (None, Some(error)) => !error.starts_with("not sent"),
        (None, None) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_are_the_specs_paths_under_v1_with_decoded_ids() {
        let checkout = |method, path| route(Server::Checkout, method, path);
        assert_eq!(checkout("POST", "/v1/accounts/T12345678/auth/token"), Route::Endpoint(Endpoint::GetToken, "T12345678".to_owned()));
        assert_eq!(checkout("POST", "/v1/transactions/T1.a%2Fb/capture"), Route::Endpoint(Endpoint::CaptureTransaction, "T1.a/b".to_owned()));
        assert_eq!(checkout("PUT", "/v1/sessions/S1"), Route::Endpoint(Endpoint::UpdateSession, "S1".to_owned()));
        assert_eq!(checkout("GET", "/v1/view/S1"), Route::PaymentPage("S1".to_owned()));
        assert_eq!(checkout("DELETE", "/v1/sessions/S1"), Route::Unknown);
        assert_eq!(checkout("GET", "/transactions/T1"), Route::Unknown, "outside /v1");
    }

    #[test]
    fn each_host_carries_its_own_servers_endpoints() {
        assert_eq!(route(Server::Api, "GET", "/v1/accounts/T1/settlements"), Route::Endpoint(Endpoint::ListSettlements, "T1".to_owned()));
        assert_eq!(route(Server::Checkout, "GET", "/v1/accounts/T1/settlements"), Route::Unknown);
        assert_eq!(route(Server::Api, "GET", "/v1/transactions/T1"), Route::Unknown);
        assert_eq!(not_implemented(Server::Api, "GET", "/v1/transactions/T1").status, 404, "sent to the wrong host");
        assert_eq!(not_implemented(Server::Checkout, "GET", "/v1/accounts/T1/settlements").status, 404);
        assert_eq!(not_implemented(Server::Api, "GET", "/v2/nothing").status, 501);
    }

    #[test]
    fn every_endpoint_is_routed_by_its_own_route() {
        for &endpoint in Endpoint::ALL {
            let (method, template) = endpoint.route();
            let root = if endpoint.server() == Server::Checkout { "/v1" } else { "" };
            let filled = template.replace("{oid}", "T12345678").replace("{aid}", "T12345678").replace("{session_id}", "S1").replace("{id}", "T1");
            let path = format!("{root}{filled}");
            assert!(matches!(route(endpoint.server(), method, &path), Route::Endpoint(e, _) if e == endpoint), "{endpoint}: {method} {path}");
        }
    }

    #[test]
    fn a_rate_limit_asks_for_whole_seconds_rounded_up() {
        let reply = fault_reply(Some(&Fault::TooManyRequests { retry_after: Duration::from_millis(1500) })).expect("a reply");
        assert_eq!(reply.status, 429);
        assert_eq!(reply.headers, vec![("retry-after", "2".to_owned())]);
        assert!(fault_reply(Some(&Fault::Accepted)).is_none() && fault_reply(Some(&Fault::Delay(Duration::ZERO))).is_none());
    }
}
