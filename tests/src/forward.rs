//! A loopback forwarder that takes a prefix off each request's path: Prism
//! matches every path as the spec writes it, relative to the operation's own
//! server (`/accounts/{aid}/settlements` under `https://api.dintero.com/v1/`),
//! while our client sends it from the host's root (`/v1/accounts/...`), as
//! Dintero's `api.dintero.com` receives it. Status, headers (Prism's
//! `sl-violations` among them) and body come back unchanged.

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::convert::Infallible;

/// A running forwarder; stops when dropped.
pub struct Forwarder {
    /// Its URL (`http://127.0.0.1:<port>`).
    pub url: String,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Forwarder {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Forwards to `upstream` (a base URL), taking `prefix` (`/v1`) off each path that starts with it.
pub async fn strip_prefix(prefix: &'static str, upstream: String) -> Forwarder {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("its address"));
    let http = reqwest::Client::new();
    let task = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let (http, upstream) = (http.clone(), upstream.clone());
            tokio::spawn(async move {
                let service = service_fn(move |request| forward(http.clone(), upstream.clone(), prefix, request));
                let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
            });
        }
    });
    Forwarder { url, task }
}

async fn forward(
    http: reqwest::Client,
    upstream: String,
    prefix: &str,
    request: hyper::Request<hyper::body::Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, Infallible> {
    let path_and_query = request.uri().path_and_query().map_or("/", |p| p.as_str()).to_owned();
    let rest = match path_and_query.strip_prefix(prefix) {
        Some(rest) if rest.starts_with('/') || rest.starts_with('?') => rest.to_owned(),
        _ => path_and_query,
    };
    let method = request.method().clone();
    let headers = request.headers().clone();
    let body = request.into_body().collect().await.map(|b| b.to_bytes()).unwrap_or_default();
    let answer = http.request(method, format!("{upstream}{rest}")).headers(headers).body(body).send().await;
    let mut response = hyper::Response::new(Full::new(Bytes::new()));
    match answer {
        Ok(answer) => {
            *response.status_mut() = answer.status();
            *response.headers_mut() = answer.headers().clone();
            *response.body_mut() = Full::new(answer.bytes().await.unwrap_or_default());
        }
        Err(e) => {
            *response.status_mut() = hyper::StatusCode::BAD_GATEWAY;
            *response.body_mut() = Full::new(Bytes::from(format!("the forwarder could not reach {upstream}: {e}")));
        }
    }
    Ok(response)
}
