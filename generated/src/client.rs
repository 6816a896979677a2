//! The client: where to send requests, with which credentials, and the
//! headers every Dintero call carries. Cheap to clone (one `Arc`).

use crate::auth::{Authenticator, StaticCredentials};
use crate::credentials::Credentials;
use crate::error::Error;
use crate::retry::RetryPolicy;
use crate::token::{TokenProvider, DEFAULT_REFRESH_MARGIN};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// An async client for the Dintero Checkout API; every operation of the
/// spec is a method (see the generated `impl` blocks).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    default_headers: HeaderMap,
    authenticator: Option<Arc<dyn Authenticator>>,
    retry: RetryPolicy,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("default_headers", &self.inner.default_headers)
            .field("authenticator", &self.inner.authenticator)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for the default server with `authenticator`'s credentials.
    pub fn new(authenticator: impl Authenticator + 'static) -> Result<Self, Error> {
        Self::builder().authenticator(authenticator).build()
    }

    /// A builder for every setting.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL every path is appended to (no trailing slash).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    pub(crate) fn default_headers(&self) -> &HeaderMap {
        &self.inner.default_headers
    }

    pub(crate) fn authenticator(&self) -> Option<&dyn Authenticator> {
        self.inner.authenticator.as_deref()
    }

    pub(crate) fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// A client with the same settings and `authenticator`.
    fn with_authenticator(&self, authenticator: Arc<dyn Authenticator>) -> Self {
        Self {
            inner: Arc::new(Inner {
                http: self.inner.http.clone(),
                base_url: self.inner.base_url.clone(),
                default_headers: self.inner.default_headers.clone(),
                authenticator: Some(authenticator),
                retry: self.inner.retry.clone(),
            }),
        }
    }
}

/// Settings of a [`Client`]. Every `Dintero-System-*` header and the
/// feature toggles are set here once and sent on every call.
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    http: Option<reqwest::Client>,
    timeout: Option<Duration>,
    headers: Vec<(&'static str, String)>,
    feature_toggles: Vec<String>,
    authenticator: Option<Arc<dyn Authenticator>>,
    client_credentials: Option<(Credentials, Duration)>,
    retry: Option<RetryPolicy>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("headers", &self.headers)
            .field("feature_toggles", &self.feature_toggles)
            .field("authenticator", &self.authenticator)
            .field("client_credentials", &self.client_credentials)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// How long a request may take, by default, when the builder creates the HTTP client.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

impl ClientBuilder {
    /// The server to call (default: the spec's server,
    /// [`crate::DEFAULT_BASE_URL`]). A test can point this at a mock server.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// A `reqwest::Client` of your own (connection pool, proxy, TLS
    /// settings). Its own timeout applies; [`Self::timeout`] is ignored.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The time limit of one request (default [`DEFAULT_TIMEOUT`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Where credentials come from.
    pub fn authenticator(mut self, authenticator: impl Authenticator + 'static) -> Self {
        self.authenticator = Some(Arc::new(authenticator));
        self
    }

    /// Where credentials come from, shared with other clients.
    pub fn shared_authenticator(mut self, authenticator: Arc<dyn Authenticator>) -> Self {
        self.authenticator = Some(authenticator);
        self
    }

    /// Authenticate with the client-credentials grant: access tokens are
    /// fetched from the token endpoint with `credentials` (HTTP Basic),
    /// cached, and replaced [`DEFAULT_REFRESH_MARGIN`] before they expire.
    /// Replaces any [`Self::authenticator`].
    pub fn client_credentials(mut self, credentials: Credentials) -> Self {
        self.client_credentials = Some((credentials, DEFAULT_REFRESH_MARGIN));
        self.authenticator = None;
        self
    }

    /// How long before its expiry a cached access token is replaced
    /// (with [`Self::client_credentials`]).
    pub fn token_refresh_margin(mut self, margin: Duration) -> Self {
        if let Some((_, current)) = &mut self.client_credentials {
            *current = margin;
        }
        self
    }

    /// How failed calls are retried (default [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// `Dintero-System-Name`: the name of your system.
    pub fn system_name(self, value: impl Into<String>) -> Self {
        self.header("dintero-system-name", value)
    }

    /// `Dintero-System-Version`: the version of your system.
    pub fn system_version(self, value: impl Into<String>) -> Self {
        self.header("dintero-system-version", value)
    }

    /// `Dintero-System-Plugin-Name`: the plugin making the calls.
    pub fn system_plugin_name(self, value: impl Into<String>) -> Self {
        self.header("dintero-system-plugin-name", value)
    }

    /// `Dintero-System-Plugin-Version`: the plugin's version.
    pub fn system_plugin_version(self, value: impl Into<String>) -> Self {
        self.header("dintero-system-plugin-version", value)
    }

    /// Adds a feature to `Dintero-Feature-Toggles` (sent comma-separated).
    /// The spec knows `strict-session-amounts`.
    pub fn feature_toggle(mut self, feature: impl Into<String>) -> Self {
        self.feature_toggles.push(feature.into());
        self
    }

    fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.retain(|(n, _)| *n != name);
        self.headers.push((name, value.into()));
        self
    }

    /// The client; fails on an invalid base URL or header value.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = self.base_url.unwrap_or_else(|| crate::DEFAULT_BASE_URL.to_owned());
        let parsed = reqwest::Url::parse(&base_url).map_err(|e| Error::Config(format!("base URL `{base_url}`: {e}")))?;
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(Error::Config("the base URL must not carry credentials; use an authenticator".to_owned()));
        }
        let mut default_headers = HeaderMap::new();
        let mut headers = self.headers;
        if !self.feature_toggles.is_empty() {
            headers.push(("dintero-feature-toggles", self.feature_toggles.join(",")));
        }
        for (name, value) in headers {
            let value = HeaderValue::from_str(&value).map_err(|_| Error::Config(format!("`{name}`: not a valid header value")))?;
            default_headers.insert(HeaderName::from_static(name), value);
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .timeout(self.timeout.unwrap_or(DEFAULT_TIMEOUT))
                .user_agent(concat!("dintero-checkout-rust/", env!("CARGO_PKG_VERSION")))
                .build()
                .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?,
        };
        let client = Client {
            inner: Arc::new(Inner {
                http,
                base_url: base_url.trim_end_matches('/').to_owned(),
                default_headers,
                authenticator: self.authenticator,
                retry: self.retry.unwrap_or_default(),
            }),
        };
        Ok(match self.client_credentials {
            None => client,
            Some((credentials, margin)) => {
                let basic = StaticCredentials::from(&credentials);
                let token_client = client.with_authenticator(Arc::new(basic));
                let provider = TokenProvider::new(token_client, credentials, margin);
                client.with_authenticator(Arc::new(provider))
            }
        })
    }
}
