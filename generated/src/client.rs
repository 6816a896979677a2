//! The client: where to send requests (a URL per server), with which
//! credentials, and the headers every Dintero call carries. Cheap to clone
//! (one `Arc`).

use crate::auth::{Authenticator, Layered, SchemeKind, StaticCredentials};
use crate::credentials::Credentials;
use crate::token::Fetch;
use crate::error::Error;
use crate::retry::RetryPolicy;
use crate::token::{TokenProvider, DEFAULT_REFRESH_MARGIN};
use crate::Server;
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
    /// The URL of each server, by [`Server::index`], without a trailing slash.
    servers: Vec<String>,
    default_headers: HeaderMap,
    authenticator: Option<Arc<dyn Authenticator>>,
    retry: RetryPolicy,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("servers", &self.inner.servers)
            .field("default_headers", &self.inner.default_headers)
            .field("authenticator", &self.inner.authenticator)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for the spec's servers with `authenticator`'s credentials.
    pub fn new(authenticator: impl Authenticator + 'static) -> Result<Self, Error> {
        Self::builder().authenticator(authenticator).build()
    }

    /// A builder for every setting.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The URL `server`'s operations are sent to (no trailing slash): the
    /// spec's ([`Server::default_url`]) unless the builder changed it.
    pub fn server_url(&self, server: Server) -> &str {
        self.inner.servers.get(server.index()).map_or("", String::as_str)
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
                servers: self.inner.servers.clone(),
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
    server_urls: Vec<(Server, String)>,
    http: Option<reqwest::Client>,
    timeout: Option<Duration>,
    headers: Vec<(&'static str, String)>,
    feature_toggles: Vec<String>,
    authenticator: Option<Arc<dyn Authenticator>>,
    /// The client-credentials grant: the credentials and how a token is fetched with them.
    grant: Option<(Credentials, Fetch)>,
    refresh_margin: Option<Duration>,
    retry: Option<RetryPolicy>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("server_urls", &self.server_urls)
            .field("timeout", &self.timeout)
            .field("headers", &self.headers)
            .field("feature_toggles", &self.feature_toggles)
            .field("authenticator", &self.authenticator)
            .field("client_credentials", &self.grant.as_ref().map(|(credentials, _)| credentials))
            .field("refresh_margin", &self.refresh_margin)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// How long a request may take, by default, when the builder creates the HTTP client.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The header of the feature toggles.
pub(crate) const FEATURE_TOGGLES: &str = "dintero-feature-toggles";

impl ClientBuilder {
    /// Where `server`'s operations are sent, instead of the spec's URL
    /// ([`Server::default_url`]): a test server, a proxy, the fake Dintero.
    /// A path joins it as it joins the spec's URL (`http://127.0.0.1:8080`
    /// for [`Server::Api`] gets `/v1/accounts/...` and `/v2/accounts/...`).
    pub fn server_url(mut self, server: Server, url: impl Into<String>) -> Self {
        self.server_urls.retain(|(s, _)| *s != server);
        self.server_urls.push((server, url.into()));
        self
    }

    /// Sends the operations of every server to `url` (one mock server that
    /// answers them all); [`Self::server_url`] still sets one server's.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// A `reqwest::Client` of your own (connection pool, proxy, TLS
    /// settings), with its own timeout: combined with [`Self::timeout`], the
    /// builder refuses to build.
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

    /// Authenticate with a client-credentials grant whose tokens `fetch`
    /// gets (the spec's grant: `grant` calls it).
    pub(crate) fn grant(mut self, credentials: Credentials, fetch: Fetch) -> Self {
        self.grant = Some((credentials, fetch));
        self
    }

    /// How long before its expiry a cached access token is replaced
    /// (with [`Self::client_credentials`], which it needs).
    pub fn token_refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = Some(margin);
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

    /// The client. Fails on an invalid server URL or header value, and on a
    /// choice that would be silently ignored: a timeout with your own HTTP
    /// client, a token refresh margin without client credentials, an
    /// authenticator that supplies bearer tokens beside client credentials.
    pub fn build(self) -> Result<Client, Error> {
        let servers = Server::ALL
            .iter()
            .map(|&server| {
                let chosen = self.server_urls.iter().find(|(s, _)| *s == server).map(|(_, url)| url.as_str());
                server_url(server, chosen.or(self.base_url.as_deref()).unwrap_or(server.default_url()))
            })
            .collect::<Result<Vec<String>, Error>>()?;
        if self.timeout.is_some() && self.http.is_some() {
            return Err(Error::Config("`timeout` has no effect with `http_client`: set the timeout on your reqwest::Client".to_owned()));
        }
        if self.refresh_margin.is_some() && self.grant.is_none() {
            return Err(Error::Config("`token_refresh_margin` has no effect without `client_credentials`".to_owned()));
        }
        if let (Some(_), Some(authenticator)) = (&self.grant, &self.authenticator) {
            if authenticator.supplies(SchemeKind::HttpBearer) {
                return Err(Error::Config(
                    "the authenticator supplies bearer tokens, which `client_credentials` supplies too: one of them would never be used".to_owned(),
                ));
            }
        }
        let mut default_headers = HeaderMap::new();
        let mut headers = self.headers;
        if !self.feature_toggles.is_empty() {
            headers.push((FEATURE_TOGGLES, self.feature_toggles.join(",")));
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
            inner: Arc::new(Inner { http, servers, default_headers, authenticator: self.authenticator.clone(), retry: self.retry.unwrap_or_default() }),
        };
        Ok(match self.grant {
            None => client,
            Some((credentials, fetch)) => {
                let basic = StaticCredentials::from(&credentials);
                let token_client = client.with_authenticator(Arc::new(basic));
                let margin = self.refresh_margin.unwrap_or(DEFAULT_REFRESH_MARGIN);
                let tokens: Arc<dyn Authenticator> = Arc::new(TokenProvider::with_fetch(token_client, credentials, margin, fetch));
                match self.authenticator {
                    Some(others) => client.with_authenticator(Arc::new(Layered { tokens, others })),
                    None => client.with_authenticator(tokens),
                }
            }
        })
    }
}

/// `url` checked as the URL of `server`, without a trailing slash.
fn server_url(server: Server, url: &str) -> Result<String, Error> {
    let name = server.name();
    if url.is_empty() {
        return Err(Error::Config(format!("the spec gives the `{name}` server no URL: set one with `server_url`")));
    }
    let parsed = reqwest::Url::parse(url).map_err(|e| Error::Config(format!("the `{name}` server's URL `{url}`: {e}")))?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Error::Config(format!("the `{name}` server's URL must not carry credentials; use an authenticator")));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(Error::Config(format!("the `{name}` server's URL `{url}` must not have a query or fragment")));
    }
    Ok(url.trim_end_matches('/').to_owned())
}
