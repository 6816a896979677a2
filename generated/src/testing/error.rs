//! What the fake answers when a request breaks a rule: the API's error
//! body (`{"error": {"code", "message"}}`) with its status.

use crate::models::{Error as ErrorBody, ErrorError};

/// A request the fake refuses, as the API would refuse it.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Rejection {
    pub(super) status: u16,
    pub(super) code: &'static str,
    pub(super) message: String,
    /// Extra response headers (`Retry-After`).
    pub(super) headers: Vec<(&'static str, String)>,
}

impl Rejection {
    pub(super) fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), headers: Vec::new() }
    }

    /// `400 Bad Request`: the request breaks a rule of the API.
    pub(super) fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(400, code, message)
    }

    /// `401 Unauthorized`: no credentials, or wrong or expired ones.
    pub(super) fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(401, "unauthorized", message)
    }

    /// `404 Not Found`.
    pub(super) fn not_found(what: &str, id: &str) -> Self {
        Self::new(404, "not_found", format!("no {what} with id `{id}`"))
    }

    /// `500`: the fake failed at its own work (a bug of the fake).
    pub(super) fn internal(what: &str, error: impl std::fmt::Display) -> Self {
        Self::new(500, "internal_error", format!("the fake cannot {what}: {error}"))
    }

    pub(super) fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// The body, built from the crate's own `Error` model.
    pub(super) fn body(&self) -> ErrorBody {
        let mut error = ErrorError::new(self.message.clone());
        error.code = Some(self.code.to_owned());
        ErrorBody::new(error)
    }
}
