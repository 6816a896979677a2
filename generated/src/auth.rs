//! How requests get their credentials.
//!
//! Each operation of the spec accepts one or more security requirements
//! (for example "an `x-api-key`" or "a bearer token"; the token endpoint:
//! "HTTP Basic"). The client asks its [`Authenticator`] for a credential for
//! each scheme of a requirement, in the spec's order, and uses the first
//! requirement it can satisfy whole. Secrets live in [`SecretString`]s and
//! never appear in `Debug` output.

use futures_util::future::BoxFuture;
pub use secrecy::{ExposeSecret, SecretString};
use std::fmt;

/// A security scheme of the spec (`components.securitySchemes`); the
/// generated module [`crate::security`] has one constant per scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SecurityScheme {
    /// The scheme's name in the spec (`JWT`, `apikey`, `clientAuth`).
    pub name: &'static str,
    /// How its credential travels.
    pub kind: SchemeKind,
}

/// How a scheme's credential is attached to a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SchemeKind {
    /// A header of this name carries the credential (Dintero declares its
    /// bearer token this way, on `Authorization`).
    ApiKeyHeader(&'static str),
    /// `Authorization: Basic ...`.
    HttpBasic,
    /// `Authorization: Bearer ...`.
    HttpBearer,
}

impl SchemeKind {
    /// Whether the credential is a bearer token (`Authorization: Bearer`),
    /// which Dintero also declares as an API key on `Authorization`.
    pub fn is_bearer(self) -> bool {
        match self {
            Self::HttpBearer => true,
            Self::ApiKeyHeader(header) => header.eq_ignore_ascii_case("authorization"),
            Self::HttpBasic => false,
        }
    }
}

/// A credential for one scheme.
#[derive(Clone)]
pub enum Credential {
    /// An access token, sent as `Bearer <token>`.
    Bearer(SecretString),
    /// An API key, sent as the scheme's header value.
    ApiKey(SecretString),
    /// A user name and password for HTTP Basic (the client id and secret).
    Basic {
        /// The user name (for Dintero: the client id).
        username: String,
        /// The password (for Dintero: the client secret).
        password: SecretString,
    },
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bearer(_) => f.write_str("Bearer([redacted])"),
            Self::ApiKey(_) => f.write_str("ApiKey([redacted])"),
            Self::Basic { username, .. } => f.debug_struct("Basic").field("username", username).field("password", &"[redacted]").finish(),
        }
    }
}

/// Why an authenticator could not produce a credential.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct AuthError {
    message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl AuthError {
    /// An error with a message (which must not contain secrets).
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into(), source: None }
    }

    /// An error caused by another.
    pub fn with_source(message: impl Into<String>, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self { message: message.into(), source: Some(Box::new(source)) }
    }
}

/// Supplies credentials to the client. Implement it for your own credential
/// store, or use [`StaticCredentials`] (and, for the client-credentials
/// grant, the token provider of this crate).
pub trait Authenticator: Send + Sync + fmt::Debug {
    /// The credential for `scheme`, or `None` when this authenticator has
    /// none for it (the client then tries the operation's next requirement).
    fn credential<'a>(&'a self, scheme: &'a SecurityScheme) -> BoxFuture<'a, Result<Option<Credential>, AuthError>>;

    /// Called when the server answered `401 Unauthorized` to a request that
    /// carried `credential`; a caching token source forgets the token here.
    fn rejected(&self, _scheme: &SecurityScheme, _credential: &Credential) {}

    /// Whether this authenticator may have a credential for schemes of
    /// `kind`. A client built with both
    /// [`client_credentials`](crate::ClientBuilder::client_credentials) (which
    /// supplies bearer tokens) and an authenticator asks the authenticator
    /// for the other kinds, and refuses to build when the authenticator also
    /// supplies bearer tokens, since one of the two would never be used. The
    /// default claims every kind; implement it to combine.
    fn supplies(&self, _kind: SchemeKind) -> bool {
        true
    }
}

/// Credentials known up front: an API key, a bearer token, HTTP Basic
/// (client id and secret), or any combination.
#[derive(Clone, Debug, Default)]
pub struct StaticCredentials {
    api_key: Option<SecretString>,
    bearer: Option<SecretString>,
    basic: Option<(String, SecretString)>,
}

impl StaticCredentials {
    /// No credentials yet; add them with the `with_*` methods.
    pub fn new() -> Self {
        Self::default()
    }

    /// An `x-api-key` for the schemes that accept an API key.
    pub fn with_api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(SecretString::from(key.into()));
        self
    }

    /// An access token for the bearer schemes.
    pub fn with_bearer_token(mut self, token: impl Into<String>) -> Self {
        self.bearer = Some(SecretString::from(token.into()));
        self
    }

    /// HTTP Basic credentials (for the token endpoint: client id and secret).
    pub fn with_basic(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.basic = Some((username.into(), SecretString::from(password.into())));
        self
    }
}

impl From<&crate::credentials::Credentials> for StaticCredentials {
    /// HTTP Basic with the client id and secret: what the token endpoint accepts.
    fn from(credentials: &crate::credentials::Credentials) -> Self {
        Self { basic: Some((credentials.client_id().to_owned(), credentials.client_secret().clone())), ..Self::default() }
    }
}

impl Authenticator for StaticCredentials {
    fn credential<'a>(&'a self, scheme: &'a SecurityScheme) -> BoxFuture<'a, Result<Option<Credential>, AuthError>> {
        let credential = match scheme.kind {
            kind if kind.is_bearer() => self.bearer.clone().map(Credential::Bearer),
            SchemeKind::ApiKeyHeader(_) => self.api_key.clone().map(Credential::ApiKey),
            SchemeKind::HttpBasic => self
                .basic
                .clone()
                .map(|(username, password)| Credential::Basic { username, password }),
            SchemeKind::HttpBearer => None,
        };
        Box::pin(async move { Ok(credential) })
    }

    fn supplies(&self, kind: SchemeKind) -> bool {
        match kind {
            kind if kind.is_bearer() => self.bearer.is_some(),
            SchemeKind::ApiKeyHeader(_) => self.api_key.is_some(),
            SchemeKind::HttpBasic => self.basic.is_some(),
            SchemeKind::HttpBearer => false,
        }
    }
}

/// Bearer tokens from the client-credentials grant, every other credential
/// from the caller's authenticator (an API key, say): what a client built
/// with both [`client_credentials`](crate::ClientBuilder::client_credentials)
/// and an authenticator uses.
#[derive(Debug)]
pub(crate) struct Layered {
    pub(crate) tokens: std::sync::Arc<dyn Authenticator>,
    pub(crate) others: std::sync::Arc<dyn Authenticator>,
}

impl Authenticator for Layered {
    fn credential<'a>(&'a self, scheme: &'a SecurityScheme) -> BoxFuture<'a, Result<Option<Credential>, AuthError>> {
        if scheme.kind.is_bearer() {
            self.tokens.credential(scheme)
        } else {
            self.others.credential(scheme)
        }
    }

    fn rejected(&self, scheme: &SecurityScheme, credential: &Credential) {
        if scheme.kind.is_bearer() {
            self.tokens.rejected(scheme, credential);
        } else {
            self.others.rejected(scheme, credential);
        }
    }

    fn supplies(&self, kind: SchemeKind) -> bool {
        if kind.is_bearer() {
            true
        } else {
            self.others.supplies(kind)
        }
    }
}
