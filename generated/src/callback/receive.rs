//! Receiving Dintero's callbacks, framework-neutral: a [`CallbackReceiver`]
//! reads an [`http::Request`] whose body is bytes (what axum, hyper, actix
//! and warp all hand you, or can), verifies its signature against the URL
//! Dintero called, and parses it into a typed callback. A [`Rejection`]
//! names the status to answer.
//!
//! ```
//! use dintero_checkout::callback::{CallbackReceiver, CallbackVerifier};
//! # fn handler(request: http::Request<Vec<u8>>) -> http::StatusCode {
//! let receiver = CallbackReceiver::new(CallbackVerifier::new("whsec_...", "T12345678"));
//! match receiver.session_callback(&request) {
//!     Ok(callback) => {
//!         // Mark `callback.merchant_reference` paid with `callback.transaction_id`,
//!         // once: Dintero may deliver the same callback twice.
//!         http::StatusCode::OK
//!     }
//!     Err(rejection) => rejection.status(),
//! }
//! # }
//! ```
//!
//! What the payment callback carries is documented on Dintero's API
//! reference (<https://docs.dintero.com/checkout-api/example-session-callbacks/example_session_get_callback_url>):
//! `transaction_id` (absent on an error callback), `session_id` (or `sid`
//! when the callback URL has `sid_parameter_name=sid`), `merchant_reference`,
//! `time`, and `error`, `event` and `event_id` when the URL asks for error
//! and event callbacks (`report_error=true`, `report_event=...`); the
//! `event-delivery` header identifies one delivery. The signature covers the
//! method and the URL, never the body.

use super::verify::{CallbackVerifier, SignatureError};
use crate::models::{ExpressSession, Transaction, TransactionEventEvent};
use crate::DateTime;
use std::fmt;

/// Verifies and parses the callbacks Dintero sends.
#[derive(Clone, Debug)]
pub struct CallbackReceiver {
    verifier: Option<CallbackVerifier>,
    public_url: Option<url::Url>,
}

/// Why a callback is refused, and the status to answer it with. Dintero
/// does not retry a `4xx`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Rejection {
    /// The callback has no `Dintero-Signature`, but a signature secret is
    /// configured (`401`).
    #[error("the callback is not signed, but a signature secret is configured")]
    Unsigned,
    /// The signature does not verify: wrong, malformed or stale (`401`).
    #[error("the callback's signature is rejected: {0}")]
    Signature(SignatureError),
    /// The query is not what the callback carries (`400`).
    #[error("the callback's query is malformed: {0}")]
    Query(String),
    /// The body is not what the callback carries (`400`).
    #[error("the callback's body is malformed: {0}")]
    Body(String),
}

impl Rejection {
    /// The status to answer: `401` for the signature, `400` for the content.
    pub fn status(&self) -> http::StatusCode {
        match self {
            Self::Unsigned | Self::Signature(_) => http::StatusCode::UNAUTHORIZED,
            Self::Query(_) | Self::Body(_) => http::StatusCode::BAD_REQUEST,
        }
    }
}

/// The payment callback of a session (`url.callback_url`).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct SessionCallback {
    /// The transaction; absent on an error callback.
    pub transaction_id: Option<String>,
    /// The session (`session_id`, or `sid` with `sid_parameter_name=sid`).
    pub session_id: String,
    /// Your reference of the order.
    pub merchant_reference: String,
    /// When the transaction was created, as Dintero wrote it.
    pub time: DateTime,
    /// Why the payment failed, on an error callback (`report_error=true`).
    pub error: Option<CallbackError>,
    /// The event applied to the transaction, on an event callback (`report_event=...`).
    pub event: Option<TransactionEventEvent>,
    /// The id of that event.
    pub event_id: Option<String>,
    /// The `event-delivery` header: one id per delivery, for tracing (a
    /// repeated delivery of the same callback may carry another).
    pub delivery_id: Option<String>,
    /// The transaction, when the callback URL has `method=POST`.
    pub transaction: Option<Box<Transaction>>,
}

/// Why a payment failed, as the error callback says it. Dintero's
/// WooCommerce plugin handles `authorization`, `failed`, `cancelled` and
/// `captured`; other values are kept as they came.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallbackError {
    /// `authorization`: the payment was not authorized.
    Authorization,
    /// `failed`.
    Failed,
    /// `cancelled`: the customer cancelled.
    Cancelled,
    /// `captured`: the transaction was already captured.
    Captured,
    /// A value this version does not know, kept as received.
    Unknown(String),
}

impl CallbackError {
    /// The value as it came.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Authorization => "authorization",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
            Self::Captured => "captured",
            Self::Unknown(value) => value,
        }
    }
}

impl From<&str> for CallbackError {
    fn from(value: &str) -> Self {
        match value {
            "authorization" => Self::Authorization,
            "failed" => Self::Failed,
            "cancelled" => Self::Cancelled,
            "captured" => Self::Captured,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

impl fmt::Display for CallbackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl CallbackReceiver {
    /// A receiver that verifies every callback with `verifier`: an unsigned
    /// callback is a [`Rejection::Unsigned`], never a silent pass.
    pub fn new(verifier: CallbackVerifier) -> Self {
        Self { verifier: Some(verifier), public_url: None }
    }

    /// A receiver that checks no signature, for an account without a
    /// signature secret (Dintero signs only when one exists).
    pub fn unsigned() -> Self {
        Self { verifier: None, public_url: None }
    }

    /// The URL your app is reached at from outside (scheme, host, port, and
    /// the path a proxy strips), when a proxy in front of it changes them:
    /// Dintero signs the URL it called. Without it, the URL is the
    /// request's own when absolute, else `https://` and its `Host`.
    pub fn public_url(mut self, url: &str) -> Result<Self, SignatureError> {
        self.public_url = Some(url::Url::parse(url).map_err(|e| SignatureError::InvalidUrl(format!("{url}: {e}")))?);
        Ok(self)
    }

    /// The payment callback: verified, its query parsed, and its body (the
    /// transaction, with `method=POST`) decoded.
    pub fn session_callback<B: AsRef<[u8]>>(&self, request: &http::Request<B>) -> Result<SessionCallback, Rejection> {
        self.verify(request)?;
        let query = query_pairs(request);
        let one = |name: &str| query.iter().find(|(key, _)| key == name).map(|(_, value)| value.clone());
        let required = |name: &str| one(name).ok_or_else(|| Rejection::Query(format!("`{name}` is missing")));
        let session_id = one("session_id").or_else(|| one("sid")).ok_or_else(|| Rejection::Query("`session_id` (or `sid`) is missing".to_owned()))?;
        let time = DateTime::from(required("time")?);
        time.parse().map_err(|e| Rejection::Query(format!("`time` is not a date-time: {e}")))?;
        let error = one("error").map(|e| CallbackError::from(e.as_str()));
        let transaction_id = one("transaction_id");
        if transaction_id.is_none() && error.is_none() {
            return Err(Rejection::Query("`transaction_id` is missing (only an error callback has none)".to_owned()));
        }
        let body = request.body().as_ref();
        let transaction = match request.method() == http::Method::POST && !body.is_empty() {
            true => Some(Box::new(serde_json::from_slice::<Transaction>(body).map_err(|e| Rejection::Body(format!("not a transaction: {e}")))?)),
            false => None,
        };
        Ok(SessionCallback {
            transaction_id,
            session_id,
            merchant_reference: required("merchant_reference")?,
            time,
            error,
            event: one("event").map(|e| TransactionEventEvent::from(e.as_str())),
            event_id: one("event_id"),
            delivery_id: request.headers().get("event-delivery").and_then(|v| v.to_str().ok()).map(str::to_owned),
            transaction,
        })
    }

    /// The express checkout's shipping-address callback: the session, with
    /// the address the customer set. Answer with a
    /// [`ShippingAddressCallbackAnswer`](crate::models::ShippingAddressCallbackAnswer).
    pub fn shipping_address_callback<B: AsRef<[u8]>>(&self, request: &http::Request<B>) -> Result<ExpressSession, Rejection> {
        self.express_session(request)
    }

    /// The express checkout's discount-codes callback: the session, with
    /// the codes the customer entered. Answer with a
    /// [`DiscountCodesCallbackAnswer`](crate::models::DiscountCodesCallbackAnswer).
    pub fn discount_codes_callback<B: AsRef<[u8]>>(&self, request: &http::Request<B>) -> Result<ExpressSession, Rejection> {
        self.express_session(request)
    }

    fn express_session<B: AsRef<[u8]>>(&self, request: &http::Request<B>) -> Result<ExpressSession, Rejection> {
        self.verify(request)?;
        serde_json::from_slice(request.body().as_ref()).map_err(|e| Rejection::Body(format!("not a session: {e}")))
    }

    /// Checks the signature against the URL Dintero called, when a secret is configured.
    fn verify<B>(&self, request: &http::Request<B>) -> Result<(), Rejection> {
        let Some(verifier) = &self.verifier else { return Ok(()) };
        let header = request.headers().get("dintero-signature").ok_or(Rejection::Unsigned)?;
        let header = header.to_str().map_err(|_| Rejection::Signature(SignatureError::Malformed("not text")))?;
        let url = self.called_url(request).map_err(Rejection::Signature)?;
        verifier.verify(header, request.method().as_str(), &url).map_err(Rejection::Signature)
    }

    /// The URL Dintero called: the public URL's origin and path prefix (or
    /// the request's own, or `https://` and its `Host`), then the request's
    /// path and query.
    fn called_url<B>(&self, request: &http::Request<B>) -> Result<String, SignatureError> {
        let uri = request.uri();
        let path_and_query = uri.path_and_query().map_or("/", http::uri::PathAndQuery::as_str);
        if let Some(public) = &self.public_url {
            let origin = public.origin().ascii_serialization();
            let prefix = public.path().trim_end_matches('/');
            return Ok(format!("{origin}{prefix}{path_and_query}"));
        }
        if let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) {
            return Ok(format!("{scheme}://{authority}{path_and_query}"));
        }
        let host = request.headers().get(http::header::HOST).and_then(|h| h.to_str().ok());
        let host = host.ok_or_else(|| SignatureError::InvalidUrl("the request has no Host to rebuild the URL Dintero called".to_owned()))?;
        Ok(format!("https://{host}{path_and_query}"))
    }
}

/// The request's query as decoded pairs, in order.
fn query_pairs<B>(request: &http::Request<B>) -> Vec<(String, String)> {
    let query = request.uri().query().unwrap_or_default();
    url::form_urlencoded::parse(query.as_bytes()).into_owned().collect()
}
