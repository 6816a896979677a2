//! What the client knows of Dintero's generated types: the only
//! hand-written code besides the Dintero layer's own modules (`callback`,
//! `testing`) that names them. Everything else of the client (the runtime,
//! the token cache) serves any spec's generated code, which
//! `tests/any-spec` shows by compiling it with a bookshop's.
//!
//! - The client-credentials grant: a token is the answer of the spec's
//!   token operation (`POST /accounts/{account_id}/auth/token`,
//!   [`Client::get_token`]) to `{"grant_type": "client_credentials",
//!   "audience": ...}`, sent with HTTP Basic; [`TokenProvider`] caches it.
//! - Where the code and message of an error body are (Dintero's `Error`
//!   schema: `{"error": {"code", "message", ...}}`).

use crate::credentials::{AccountId, Credentials};
use crate::error::ErrorDetails;
use crate::token::{Granted, TokenProvider};
use crate::{models, Client, ClientBuilder, Error};
use futures_util::future::BoxFuture;
use std::time::Duration;

impl ClientBuilder {
    /// Authenticate with the client-credentials grant: access tokens are
    /// fetched from the token endpoint with `credentials` (HTTP Basic),
    /// cached, and replaced [`DEFAULT_REFRESH_MARGIN`](crate::token::DEFAULT_REFRESH_MARGIN) before they expire.
    /// They are the bearer tokens of every call; an
    /// [`authenticator`](Self::authenticator) set too supplies the other
    /// kinds of credential (an API key for an operation that takes only
    /// one), and must not supply bearer tokens itself.
    pub fn client_credentials(self, credentials: Credentials) -> Self {
        self.grant(credentials, fetch)
    }
}

impl TokenProvider {
    /// A provider that fetches tokens through `token_client` (which must
    /// authenticate the token endpoint with HTTP Basic, as
    /// [`ClientBuilder::client_credentials`] arranges).
    pub fn new(token_client: Client, credentials: Credentials, refresh_margin: Duration) -> Self {
        Self::with_fetch(token_client, credentials, refresh_margin, fetch)
    }
}

impl ErrorDetails for models::Error {
    fn code(&self) -> Option<&str> {
        self.error.code.as_deref()
    }

    fn message(&self) -> Option<&str> {
        Some(self.error.message.as_str())
    }
}

/// One token for `account`, from the token operation.
fn fetch<'a>(client: &'a Client, account: &'a AccountId) -> BoxFuture<'a, Result<Granted, Error>> {
    Box::pin(async move {
        let request = models::AuthToken::ClientCredentials(models::ClientCredentials::new(account.audience()));
        let answer = client.get_token(account.as_str(), request).await?;
        Ok(Granted { access_token: answer.access_token, expires_in: answer.expires_in })
    })
}
