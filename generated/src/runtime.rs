//! The plumbing every generated method calls: build a request from a fixed
//! operation description, send it with the client's configuration and
//! credentials, and read the response. One generic path for all methods,
//! so each generated method stays small (compile time is a feature).

use crate::auth::{Credential, SchemeKind, SecurityScheme};
use crate::error::{retry_after, ApiError, DecodeError, Error, RequestContext};
use crate::retry::Failure;
use crate::trace::Call;
use crate::{CallOptions, Client};
use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use std::fmt::Display;

/// What the spec says about an operation, fixed at compile time.
#[derive(Debug)]
pub(crate) struct Operation {
    /// The client method's name.
    pub(crate) name: &'static str,
    /// HTTP method.
    pub(crate) method: reqwest::Method,
    /// The server it is sent to.
    pub(crate) server: crate::Server,
    /// The path template relative to its server (`/transactions/{id}/capture`,
    /// `/v1/accounts/{aid}/settlements`), which the `tracing` feature records
    /// as `http.route`.
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub(crate) route: &'static str,
    /// Security requirements: one inner list must be satisfied whole.
    pub(crate) security: &'static [&'static [SecurityScheme]],
    /// Moves money: never retried after an ambiguous failure.
    pub(crate) moves_money: bool,
}

/// What awaiting a call of the generated API gives: its result, once the
/// request is sent and the response read.
pub type CallFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, Error>> + Send + 'a>>;

/// Characters escaped in a path segment: everything but RFC 3986 unreserved
/// characters and the sub-delimiters that are safe in a segment.
const PATH_SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ').add(b'"').add(b'#').add(b'%').add(b'/').add(b'<').add(b'>').add(b'?')
    .add(b'[').add(b'\\').add(b']').add(b'^').add(b'`').add(b'{').add(b'|').add(b'}');

/// A path parameter, percent-encoded as one segment (`/` becomes `%2F`).
pub(crate) fn path_segment(value: &str) -> impl Display + '_ {
    utf8_percent_encode(value, PATH_SEGMENT)
}

/// A request being built by a generated method.
#[derive(Debug)]
pub(crate) struct Request {
    operation: &'static Operation,
    path: String,
    query: Vec<(&'static str, String)>,
    headers: Vec<(&'static str, String)>,
    body: Option<Vec<u8>>,
    options: CallOptions,
}

impl Request {
    /// A request for `operation` at `path` (already encoded, relative to
    /// the operation's server), with the call's own `options`.
    pub(crate) fn new(operation: &'static Operation, path: String, options: CallOptions) -> Self {
        Self { operation, path, query: Vec::new(), headers: Vec::new(), body: None, options }
    }

    /// Adds `name=value` to the query string.
    pub(crate) fn query(&mut self, name: &'static str, value: impl Display) {
        self.query.push((name, value.to_string()));
    }

    /// Adds `name=a,b,c` (an array with `explode: false`).
    pub(crate) fn query_joined<T: Display>(&mut self, name: &'static str, values: &[T]) {
        let joined = values.iter().map(ToString::to_string).collect::<Vec<_>>().join(",");
        self.query.push((name, joined));
    }

    /// Sets a header parameter.
    // Dintero's spec has no header parameters since its callbacks are
    // inbound; another spec's code calls it (`tests/any-spec` does).
    #[allow(dead_code)]
    pub(crate) fn header(&mut self, name: &'static str, value: impl Display) {
        self.headers.push((name, value.to_string()));
    }

    /// Sets the JSON body.
    pub(crate) fn json<T: serde::Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body).map_err(|source| Error::Encode { operation: self.operation.name, source })?;
        self.body = Some(bytes);
        Ok(())
    }
}

/// `bytes` decoded as JSON of type `T`; an error names the place (`card.brand`).
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, serde_path_to_error::Error<serde_json::Error>> {
    serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_slice(bytes))
}

/// A response, read whole, with the context of its request.
#[derive(Debug)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) context: RequestContext,
}

impl Response {
    /// The HTTP status.
    pub(crate) fn status(&self) -> u16 {
        self.status
    }

    /// The body decoded as JSON of type `T`; a mismatch names the place.
    pub(crate) fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        from_json(&self.body).map_err(|e| {
            Error::Decode(Box::new(DecodeError {
                context: self.context.clone(),
                status: self.status,
                path: e.path().to_string(),
                message: e.inner().to_string(),
                headers: self.headers.clone(),
                body: self.body.clone(),
            }))
        })
    }

    /// The decoded `value` of this response with its status and headers.
    pub(crate) fn into_http<T>(self, value: T) -> http::Response<T> {
        let mut response = http::Response::new(value);
        *response.status_mut() = http::StatusCode::from_u16(self.status).unwrap_or(http::StatusCode::OK);
        *response.headers_mut() = self.headers;
        response
    }

    /// The raw body.
    pub(crate) fn bytes(&self) -> Bytes {
        self.body.clone()
    }

    /// A response header parsed as `T`; `None` when absent or unparsable.
    pub(crate) fn header<T: std::str::FromStr>(&self, name: &str) -> Option<T> {
        self.headers.get(name)?.to_str().ok()?.trim().parse().ok()
    }

    /// The error for a non-success status: [`Error::Api`] when the spec
    /// documents the status for the operation, [`Error::UnexpectedStatus`]
    /// otherwise.
    pub(crate) fn into_error(self, documented: &[u16], has_default: bool) -> Error {
        let error = serde_json::from_slice::<crate::ErrorBody>(&self.body).ok();
        let is_documented = documented.contains(&self.status) || (has_default && self.status >= 400);
        let api = Box::new(ApiError { context: self.context, status: self.status, headers: self.headers, body: self.body, error });
        if is_documented {
            Error::Api(api)
        } else {
            Error::UnexpectedStatus(api)
        }
    }
}

impl Client {
    /// Sends `request` and reads the whole response, retrying as the
    /// client's [`RetryPolicy`](crate::RetryPolicy) allows, and once with
    /// fresh credentials after a `401`. With the `tracing` feature, inside
    /// a span that records the attempts and the outcome.
    pub(crate) async fn send(&self, request: Request) -> Result<Response, Error> {
        let call = Call::start(request.operation);
        let result = call.instrument(self.send_attempts(request, &call)).await;
        call.finish(&result);
        result
    }

    async fn send_attempts(&self, request: Request, call: &Call) -> Result<Response, Error> {
        let operation = request.operation;
        let server = self.server_url(operation.server);
        let mut url = reqwest::Url::parse(&format!("{server}{}", request.path))
            .map_err(|e| Error::Config(format!("cannot build a URL from the `{}` server's URL `{server}` and `{}`: {e}", operation.server.name(), request.path)))?;
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(request.query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        let context = RequestContext {
            operation: operation.name,
            method: operation.method.clone(),
            url: url.to_string(),
            moves_money: operation.moves_money,
        };
        let mut headers = self.default_headers().clone();
        let options = &request.options;
        let call_headers = request.headers.iter().map(|(n, v)| (*n, v.as_str())).chain(options.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        for (name, value) in call_headers {
            let invalid = || Error::Config(format!("{}: header `{name}` has an invalid name or value", context.operation));
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
            headers.insert(name, HeaderValue::from_str(value).map_err(|_| invalid())?);
        }
        if !options.feature_toggles.is_empty() {
            let toggles = crate::client::FEATURE_TOGGLES;
            let client = headers.get(toggles).and_then(|v| v.to_str().ok()).filter(|v| !v.is_empty());
            let joined = client.into_iter().map(str::to_owned).chain(options.feature_toggles.iter().cloned()).collect::<Vec<_>>().join(",");
            let value = HeaderValue::from_str(&joined).map_err(|_| Error::Config(format!("{}: a feature toggle is not a valid header value", context.operation)))?;
            headers.insert(toggles, value);
        }
        let policy = options.retry.as_ref().unwrap_or_else(|| self.retry_policy());
        let mut attempt = 0;
        let mut refreshed = false;
        loop {
            let mut attempt_headers = headers.clone();
            let applied = self.authorize(operation, &mut attempt_headers).await?;
            call.attempt();
            let mut builder = self.http().request(operation.method.clone(), url.clone()).headers(attempt_headers);
            if let Some(timeout) = options.timeout {
                builder = builder.timeout(timeout);
            }
            if let Some(body) = &request.body {
                builder = builder.header(CONTENT_TYPE, "application/json").body(body.clone());
            }
            let (outcome, failure) = match receive(builder, &context).await {
                Ok(response) if response.status == 401 && !refreshed && !applied.is_empty() => {
                    // The credential was rejected: forget it and try once more with a fresh one.
                    if let Some(auth) = self.authenticator() {
                        for (scheme, credential) in &applied {
                            auth.rejected(scheme, credential);
                        }
                    }
                    refreshed = true;
                    call.credentials_rejected();
                    continue;
                }
                Ok(response) if (200..400).contains(&response.status) => return Ok(response),
                Ok(response) => {
                    let failure = Failure::Status(response.status, retry_after(&response.headers));
                    (Ok(response), failure)
                }
                Err(Error::Transport { context, source }) => {
                    let failure = if source.is_connect() { Failure::NotSent } else { Failure::Ambiguous };
                    (Err(Error::Transport { context, source }), failure)
                }
                Err(other) => return Err(other),
            };
            match policy.delay(&operation.method, failure, attempt) {
                Some(delay) => {
                    call.retrying(&outcome, failure, delay);
                    tokio::time::sleep(delay).await;
                }
                None => return outcome,
            }
            attempt += 1;
        }
    }

    /// Adds the credentials of the first security requirement the
    /// authenticator can satisfy, and returns them.
    async fn authorize(&self, operation: &Operation, headers: &mut HeaderMap) -> Result<Vec<(SecurityScheme, Credential)>, Error> {
        if operation.security.is_empty() {
            return Ok(Vec::new());
        }
        let missing = || Error::MissingCredentials {
            operation: operation.name,
            accepted: operation
                .security
                .iter()
                .map(|requirement| requirement.iter().map(|s| s.name).collect::<Vec<_>>().join(" and "))
                .collect::<Vec<_>>()
                .join(" or "),
        };
        let Some(auth) = self.authenticator() else { return Err(missing()) };
        'requirements: for requirement in operation.security {
            let mut credentials = Vec::with_capacity(requirement.len());
            for scheme in *requirement {
                match auth.credential(scheme).await {
                    Ok(Some(credential)) => credentials.push((*scheme, credential)),
                    Ok(None) => continue 'requirements,
                    Err(source) => return Err(Error::Auth { operation: operation.name, source }),
                }
            }
            for (scheme, credential) in &credentials {
                let (name, value) = header_for(scheme, credential)
                    .map_err(|message| Error::Auth { operation: operation.name, source: crate::auth::AuthError::new(message) })?;
                headers.insert(name, value);
            }
            return Ok(credentials);
        }
        Err(missing())
    }
}

/// Sends one attempt and reads the whole response.
async fn receive(builder: reqwest::RequestBuilder, context: &RequestContext) -> Result<Response, Error> {
    let transport = |source| Error::Transport { context: context.clone(), source };
    let response = builder.send().await.map_err(transport)?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.bytes().await.map_err(transport)?;
    Ok(Response { status, headers, body, context: context.clone() })
}

/// The header that carries `credential` for `scheme`, marked sensitive.
fn header_for(scheme: &SecurityScheme, credential: &Credential) -> Result<(HeaderName, HeaderValue), String> {
    use secrecy::ExposeSecret;
    let (name, text) = match (scheme.kind, credential) {
        (SchemeKind::ApiKeyHeader(header), Credential::Bearer(token)) if header.eq_ignore_ascii_case("authorization") => {
            (AUTHORIZATION, format!("Bearer {}", token.expose_secret()))
        }
        (SchemeKind::HttpBearer, Credential::Bearer(token)) => (AUTHORIZATION, format!("Bearer {}", token.expose_secret())),
        (SchemeKind::ApiKeyHeader(header), Credential::ApiKey(key)) => {
            let name = HeaderName::from_bytes(header.as_bytes()).map_err(|_| format!("`{header}` is not a header name"))?;
            (name, key.expose_secret().to_owned())
        }
        (SchemeKind::HttpBasic, Credential::Basic { username, password }) => {
            use base64::Engine;
            let pair = format!("{username}:{}", password.expose_secret());
            (AUTHORIZATION, format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(pair)))
        }
        (kind, credential) => return Err(format!("a {credential:?} credential cannot satisfy scheme `{}` ({kind:?})", scheme.name)),
    };
    let mut value = HeaderValue::from_str(&text).map_err(|_| format!("the credential for `{}` is not a valid header value", scheme.name))?;
    value.set_sensitive(true);
    Ok((name, value))
}
