//! The one error type of the client: every way a call can fail, with enough
//! context (operation, method, URL, status, headers, body) to act on it, and
//! never a secret.

use bytes::Bytes;
use reqwest::header::HeaderMap;
use std::fmt;
use std::time::Duration;

/// Which call failed: the client method, the HTTP method and the URL
/// (which never carries credentials).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestContext {
    /// The client method (`capture_transaction`).
    pub operation: &'static str,
    /// HTTP method.
    pub method: reqwest::Method,
    /// The URL called, with its query string.
    pub url: String,
    /// The operation moves money (capture, refund, void, pay), so it was
    /// not retried after a failure that may have gone through.
    pub moves_money: bool,
}

impl fmt::Display for RequestContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} {})", self.operation, self.method, self.url)
    }
}

/// The sentence added to an ambiguous failure of an operation that moves money.
const NOT_RETRIED: &str = " (not retried automatically: this operation moves money and may have gone through; \
     check the transaction before trying again)";

/// Everything that can go wrong in a call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status that the spec documents for
    /// this operation; the body is decoded when it has the documented shape.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The API answered with a status the spec does not document for this
    /// operation; status, headers and raw body are kept.
    #[error("{0}")]
    UnexpectedStatus(Box<ApiError>),
    /// A success response whose body does not have the documented shape.
    #[error("{0}")]
    Decode(Box<DecodeError>),
    /// The request could not be sent or the response not received
    /// (connection, TLS, timeout).
    #[error("{context}: {source}{}", if context.moves_money { NOT_RETRIED } else { "" })]
    Transport {
        /// The call.
        context: RequestContext,
        /// The underlying error.
        #[source]
        source: reqwest::Error,
    },
    /// The request body could not be encoded as JSON.
    #[error("{operation}: the request body cannot be encoded: {source}")]
    Encode {
        /// The client method.
        operation: &'static str,
        /// The underlying error.
        #[source]
        source: serde_json::Error,
    },
    /// The client has no credential for any security requirement of the operation.
    #[error("{operation}: no credentials for it; it accepts {accepted}")]
    MissingCredentials {
        /// The client method.
        operation: &'static str,
        /// The accepted requirements, as the spec names them (`apikey or JWT`).
        accepted: String,
    },
    /// The authenticator failed to produce a credential.
    #[error("{operation}: cannot authenticate: {source}")]
    Auth {
        /// The client method.
        operation: &'static str,
        /// Why.
        #[source]
        source: crate::auth::AuthError,
    },
    /// The client was configured with an invalid value.
    #[error("invalid client configuration: {0}")]
    Config(String),
}

/// A success response whose body does not have the documented shape.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{context}: the HTTP {status} body does not match the spec at `{path}`: {message}")]
pub struct DecodeError {
    /// The call.
    pub context: RequestContext,
    /// HTTP status of the response.
    pub status: u16,
    /// Where in the body decoding failed (`card.brand`, `.` for the root).
    pub path: String,
    /// What was wrong there.
    pub message: String,
    /// The response headers.
    pub headers: HeaderMap,
    /// The raw body.
    pub body: Bytes,
}

/// `Retry-After` in seconds, as Dintero sends it.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// An HTTP response with an error status.
#[derive(Clone, Debug)]
pub struct ApiError {
    /// The call.
    pub context: RequestContext,
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// The raw body.
    pub body: Bytes,
    /// The body decoded as the [`ErrorBody`](crate::ErrorBody) every error
    /// response of the spec documents (for Dintero, the `Error` schema:
    /// `{"error": {"code", "message", "errors"}}`), when it is one.
    pub error: Option<crate::ErrorBody>,
}

impl ApiError {
    /// `Retry-After` in seconds (sent with `429 Too Many Requests` and `503`).
    pub fn retry_after(&self) -> Option<Duration> {
        retry_after(&self.headers)
    }

    /// The error code from the body, when there is one.
    pub fn code(&self) -> Option<&str> {
        self.error.as_ref()?.code()
    }

    /// The error message from the body, when there is one.
    pub fn message(&self) -> Option<&str> {
        self.error.as_ref()?.message()
    }

    /// Decodes the body as `T`, for operations whose documented error body
    /// extends the [`ErrorBody`](crate::ErrorBody) (for Dintero, the token
    /// endpoint's `403` and `pay_session`'s extend the `Error` schema).
    pub fn decode_body<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }
}

/// Where the code and the message are in a decoded error body: the
/// hand-written layer of each API says it for its
/// [`ErrorBody`](crate::ErrorBody) (for Dintero, in `dintero.rs`).
pub(crate) trait ErrorDetails {
    /// The error's code, when the body has one.
    fn code(&self) -> Option<&str>;
    /// The error's message, when the body has one.
    fn message(&self) -> Option<&str>;
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: HTTP {}", self.context, self.status)?;
        match (self.code(), self.message()) {
            (Some(code), Some(message)) => write!(f, ": {code}: {message}")?,
            (None, Some(message)) => write!(f, ": {message}")?,
            _ => {
                let text = String::from_utf8_lossy(&self.body);
                let text: String = text.chars().take(200).collect();
                if !text.trim().is_empty() {
                    write!(f, ": {}", text.trim())?;
                }
            }
        }
        if self.context.moves_money && self.status >= 500 {
            f.write_str(NOT_RETRIED)?;
        }
        Ok(())
    }
}

impl Error {
    /// The HTTP status, for errors that came with a response.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api(e) | Self::UnexpectedStatus(e) => Some(e.status),
            Self::Decode(e) => Some(e.status),
            _ => None,
        }
    }

    /// The response of an error status, documented or not.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Self::Api(e) | Self::UnexpectedStatus(e) => Some(e),
            _ => None,
        }
    }
}
