//! The plumbing every generated method calls: build a request from a fixed
//! operation description, send it with the client's configuration and
//! credentials, and read the response. One generic path for all methods,
//! so each generated method stays small (compile time is a feature).

use crate::auth::{Credential, SchemeKind, SecurityScheme};
use crate::error::{ApiError, DecodeError, Error, RequestContext};
use crate::Client;
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
    /// Security requirements: one inner list must be satisfied whole.
    pub(crate) security: &'static [&'static [SecurityScheme]],
}

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
}

impl Request {
    /// A request for `operation` at `path` (already encoded, relative to the base URL).
    pub(crate) fn new(operation: &'static Operation, path: String) -> Self {
        Self { operation, path, query: Vec::new(), headers: Vec::new(), body: None }
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
        let mut deserializer = serde_json::Deserializer::from_slice(&self.body);
        serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            Error::Decode(Box::new(DecodeError {
                context: self.context.clone(),
                status: self.status,
                path: e.path().to_string(),
                message: e.inner().to_string(),
                body: self.body.clone(),
            }))
        })
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
        let error = serde_json::from_slice::<crate::models::Error>(&self.body).ok();
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
    /// Sends `request` and reads the whole response.
    pub(crate) async fn send(&self, request: Request) -> Result<Response, Error> {
        let mut url = reqwest::Url::parse(&format!("{}{}", self.base_url(), request.path))
            .map_err(|e| Error::Config(format!("cannot build a URL from the base URL and `{}`: {e}", request.path)))?;
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(request.query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        let context = RequestContext { operation: request.operation.name, method: request.operation.method.clone(), url: url.to_string() };
        let mut headers = self.default_headers().clone();
        for (name, value) in &request.headers {
            let value = HeaderValue::from_str(value)
                .map_err(|_| Error::Config(format!("{}: the value of header `{name}` is not a valid header value", context.operation)))?;
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::Config(format!("{}: `{name}` is not a header name", context.operation)))?;
            headers.insert(name, value);
        }
        self.authorize(request.operation, &mut headers).await?;
        let mut builder = self.http().request(request.operation.method.clone(), url).headers(headers);
        if let Some(body) = request.body {
            builder = builder.header(CONTENT_TYPE, "application/json").body(body);
        }
        let response = builder.send().await.map_err(|source| Error::Transport { context: context.clone(), source })?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(|source| Error::Transport { context: context.clone(), source })?;
        Ok(Response { status, headers, body, context })
    }

    /// Adds the credentials of the first security requirement the
    /// authenticator can satisfy.
    async fn authorize(&self, operation: &Operation, headers: &mut HeaderMap) -> Result<(), Error> {
        if operation.security.is_empty() {
            return Ok(());
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
                    Ok(Some(credential)) => credentials.push((scheme, credential)),
                    Ok(None) => continue 'requirements,
                    Err(source) => return Err(Error::Auth { operation: operation.name, source }),
                }
            }
            for (scheme, credential) in credentials {
                let (name, value) = header_for(scheme, &credential)
                    .map_err(|message| Error::Auth { operation: operation.name, source: crate::auth::AuthError::new(message) })?;
                headers.insert(name, value);
            }
            return Ok(());
        }
        Err(missing())
    }
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
