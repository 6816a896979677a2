//! Access tokens for the client-credentials grant, fetched from the token
//! endpoint (for Dintero, `grant` calls the generated token operation
//! `POST /accounts/{account_id}/auth/token` with HTTP Basic) and cached:
//! reused until shortly before `expires_in` runs out, fetched by one caller
//! at a time (a hundred concurrent calls with an empty cache make one
//! request), and forgotten when the API rejects it with `401`. Nothing here
//! depends on the generated models: the cache serves any spec's grant.

use crate::auth::{AuthError, Authenticator, Credential, SchemeKind, SecurityScheme};
use crate::credentials::{AccountId, Credentials};
use crate::trace::TokenTrace;
use crate::Client;
use futures_util::future::BoxFuture;
use secrecy::{ExposeSecret, SecretString};
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

/// How long before its expiry a token is replaced, by default.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// A cached access token for the client-credentials grant; cheap to clone.
#[derive(Clone)]
pub struct TokenProvider {
    inner: Arc<Inner>,
}

/// A token as the token endpoint grants it.
pub(crate) struct Granted {
    /// The bearer token.
    pub(crate) access_token: String,
    /// Its lifetime in seconds.
    pub(crate) expires_in: i64,
}

/// How a provider fetches a token for an account through its token client.
pub(crate) type Fetch = for<'a> fn(&'a Client, &'a AccountId) -> BoxFuture<'a, Result<Granted, crate::Error>>;

struct Inner {
    token_client: Client,
    fetch: Fetch,
    credentials: Credentials,
    refresh_margin: Duration,
    cached: Mutex<Option<Cached>>,
    fetch_gate: tokio::sync::Mutex<()>,
    fetches: AtomicU64,
    trace: TokenTrace,
}

struct Cached {
    token: SecretString,
    refresh_at: Instant,
}

impl fmt::Debug for TokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenProvider")
            .field("credentials", &self.inner.credentials)
            .field("refresh_margin", &self.inner.refresh_margin)
            .field("token", &"[redacted]")
            .finish()
    }
}

impl TokenProvider {
    /// A provider that fetches tokens with `fetch` through `token_client`.
    pub(crate) fn with_fetch(token_client: Client, credentials: Credentials, refresh_margin: Duration, fetch: Fetch) -> Self {
        Self {
            inner: Arc::new(Inner {
                token_client,
                fetch,
                credentials,
                refresh_margin,
                cached: Mutex::new(None),
                fetch_gate: tokio::sync::Mutex::new(()),
                fetches: AtomicU64::new(0),
                trace: TokenTrace::new(),
            }),
        }
    }

    /// How many tokens this provider has fetched so far.
    pub fn fetch_count(&self) -> u64 {
        self.inner.fetches.load(Ordering::Relaxed)
    }

    /// A valid access token: the cached one, or a new one.
    pub async fn token(&self) -> Result<SecretString, crate::Error> {
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        let _only_one_fetch = self.inner.fetch_gate.lock().await;
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        let account = self.inner.credentials.account_id();
        self.inner.fetches.fetch_add(1, Ordering::Relaxed);
        self.inner.trace.fetching(account);
        let answer = (self.inner.fetch)(&self.inner.token_client, account).await?;
        let lifetime = Duration::from_secs(u64::try_from(answer.expires_in).unwrap_or(0));
        let token = SecretString::from(answer.access_token);
        let refresh_in = lifetime.saturating_sub(self.inner.refresh_margin);
        *self.lock() = Some(Cached { token: token.clone(), refresh_at: Instant::now() + refresh_in });
        self.inner.trace.fetched(lifetime, refresh_in);
        Ok(token)
    }

    /// Forgets the cached token, so the next call fetches a new one.
    pub fn invalidate(&self) {
        *self.lock() = None;
        self.inner.trace.invalidated();
    }

    fn fresh(&self) -> Option<SecretString> {
        let cached = self.lock();
        cached.as_ref().filter(|c| Instant::now() < c.refresh_at).map(|c| c.token.clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Cached>> {
        self.inner.cached.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Authenticator for TokenProvider {
    fn credential<'a>(&'a self, scheme: &'a SecurityScheme) -> BoxFuture<'a, Result<Option<Credential>, AuthError>> {
        Box::pin(async move {
            if !scheme.kind.is_bearer() {
                return Ok(None);
            }
            match self.token().await {
                Ok(token) => Ok(Some(Credential::Bearer(token))),
                Err(e) => Err(AuthError::with_source("fetching an access token failed", e)),
            }
        })
    }

    fn supplies(&self, kind: SchemeKind) -> bool {
        kind.is_bearer()
    }

    fn rejected(&self, _scheme: &SecurityScheme, credential: &Credential) {
        let Credential::Bearer(rejected) = credential else { return };
        let mut cached = self.lock();
        if cached.as_ref().is_some_and(|c| c.token.expose_secret() == rejected.expose_secret()) {
            *cached = None;
            self.inner.trace.rejected();
        }
    }
}
