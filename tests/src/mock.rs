//! A mock Dintero server (wiremock) and a client pointed at it, with
//! sample bodies built from the spec itself.

use crate::samples::Samples;
use dintero_checkout::auth::StaticCredentials;
use dintero_checkout::{Client, Server};
use serde_json::Value;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The API key the test client sends.
pub const API_KEY: &str = "test-api-key";
/// The client id the test client sends with HTTP Basic.
pub const CLIENT_ID: &str = "client-id";
/// The client secret the test client sends with HTTP Basic.
pub const CLIENT_SECRET: &str = "client-secret";
/// `base64("client-id:client-secret")`, computed outside this code base
/// (`printf 'client-id:client-secret' | base64`).
pub const BASIC_CREDENTIALS: &str = "Basic Y2xpZW50LWlkOmNsaWVudC1zZWNyZXQ=";

/// A mock server for each server of the API, a client for them, and the
/// spec to sample bodies from. The client's `checkout` server is the
/// checkout mock's `/v1` (as `https://checkout.dintero.com/v1`), its `api`
/// server the api mock's root (as `https://api.dintero.com`), so a request
/// sent to the wrong host finds no mock.
pub struct MockApi {
    /// The checkout server.
    pub server: MockServer,
    /// The api server (settlements, reports, approvals, payouts).
    pub api_server: MockServer,
    /// A client with an API key and HTTP Basic credentials, and system headers set.
    pub client: Client,
    spec: Value,
    samples: Samples,
}

impl MockApi {
    /// Starts a server and builds the client.
    pub async fn start() -> Self {
        let (server, api_server) = (MockServer::start().await, MockServer::start().await);
        let client = Client::builder()
            .server_url(Server::Checkout, format!("{}/v1/", server.uri()))
            .server_url(Server::Api, api_server.uri())
            .authenticator(StaticCredentials::new().with_api_key(API_KEY).with_basic(CLIENT_ID, CLIENT_SECRET))
            .system_name("test-shop")
            .system_version("1.2.3")
            .feature_toggle("toggle-a")
            .feature_toggle("toggle-b")
            .build()
            .expect("client builds");
        let spec = crate::real_spec();
        let samples = Samples::new(&spec);
        Self { server, api_server, client, spec, samples }
    }

    /// The mock of `server`.
    pub fn mock_of(&self, server: Server) -> &MockServer {
        match server {
            Server::Api => &self.api_server,
            _ => &self.server,
        }
    }

    /// A sample of the documented response body of `method path` with `status`.
    pub fn response_body(&mut self, path: &str, method: &str, status: &str) -> Value {
        let mut response = self.spec["paths"][path][method]["responses"][status].clone();
        if let Some(name) = response["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/responses/")) {
            response = self.spec["components"]["responses"][name].clone();
        }
        let schema = response["content"]["application/json"]["schema"].clone();
        assert!(!schema.is_null(), "no JSON body documented for {method} {path} {status}");
        self.samples.sample(&schema, 0)
    }

    /// A sample of the documented request body of `method path`.
    pub fn request_body(&mut self, path: &str, method: &str) -> Value {
        let mut body = self.spec["paths"][path][method]["requestBody"].clone();
        if let Some(name) = body["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/requestBodies/")) {
            body = self.spec["components"]["requestBodies"][name].clone();
        }
        let schema = body["content"]["application/json"]["schema"].clone();
        assert!(!schema.is_null(), "no JSON request body documented for {method} {path}");
        self.samples.sample(&schema, 1)
    }

    /// Expects exactly one request with this method, encoded path, exact
    /// query string, the client-level headers, the credential `auth` names
    /// and (when given) this JSON body; answers `status` with `response`.
    pub async fn expect(&self, request: Expected<'_>, status: u16, response: &Value) {
        let mut mock = Mock::given(method(request.method))
            .and(path(request.path))
            .and(ExactQuery(request.query.to_owned()))
            .and(RawHeader("dintero-system-name", "test-shop"))
            .and(RawHeader("dintero-system-version", "1.2.3"))
            .and(RawHeader("dintero-feature-toggles", "toggle-a,toggle-b"))
            .and(Credentials(request.auth));
        mock = match request.body {
            Some(body) => mock.and(body_json(body)).and(RawHeader("content-type", "application/json")),
            None => mock.and(EmptyBody),
        };
        mock.respond_with(ResponseTemplate::new(status).set_body_json(response)).expect(1).mount(self.mock_of(request.server)).await;
    }
}

/// What a request must look like.
#[derive(Clone, Copy, Debug)]
pub struct Expected<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// Path as sent (percent-encoded), from the host's root (with the
    /// checkout server's `/v1`).
    pub path: &'a str,
    /// The exact query string (`""` for none).
    pub query: &'a str,
    /// The JSON body, if any.
    pub body: Option<&'a Value>,
    /// Which credential it must carry.
    pub auth: Auth,
    /// The server it must reach.
    pub server: Server,
}

impl Expected<'_> {
    /// The same request, at `server`'s mock.
    pub fn on(self, server: Server) -> Self {
        Self { server, ..self }
    }
}

/// The credential a request must carry, and no other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// `x-api-key`.
    ApiKey,
    /// `Authorization: Basic ...` with the client id and secret.
    Basic,
    /// Nothing: the operation declares no security.
    None,
}

/// A header with exactly this value (wiremock's own `header` matcher splits
/// values at commas, so it cannot check a comma-separated value).
pub struct RawHeader(pub &'static str, pub &'static str);

impl wiremock::Match for RawHeader {
    fn matches(&self, request: &Request) -> bool {
        request.headers.get(self.0).and_then(|v| v.to_str().ok()) == Some(self.1)
    }
}

struct ExactQuery(String);

impl wiremock::Match for ExactQuery {
    fn matches(&self, request: &Request) -> bool {
        request.url.query().unwrap_or("") == self.0
    }
}

struct EmptyBody;

impl wiremock::Match for EmptyBody {
    fn matches(&self, request: &Request) -> bool {
        request.body.is_empty()
    }
}

struct Credentials(Auth);

impl wiremock::Match for Credentials {
    fn matches(&self, request: &Request) -> bool {
        let value = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let (api_key, authorization) = (value("x-api-key"), value("authorization"));
        match self.0 {
            Auth::ApiKey => api_key.as_deref() == Some(API_KEY) && authorization.is_none(),
            Auth::Basic => authorization.as_deref() == Some(BASIC_CREDENTIALS) && api_key.is_none(),
            Auth::None => api_key.is_none() && authorization.is_none(),
        }
    }
}
