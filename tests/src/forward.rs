//! A loopback forwarder that takes a prefix off each request's path: Prism
//! matches every path as the spec writes it, relative to the operation's own
//! server (`/accounts/{aid}/settlements` under `https://api.dintero.com/v1/`),
//! while our client sends it from the host's root (`/v1/accounts/...`), as
//! Dintero's `api.dintero.com` receives it. Status, headers (Prism's
//! `sl-violations` among them) and body come back unchanged; the bodies are
//! also kept, for a test that wants to see what it was sent.

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};

/// A running forwarder; stops when dropped.
pub struct Forwarder {
    /// Its URL (`http://127.0.0.1:<port>`).
    pub url: String,
    task: tokio::task::JoinHandle<()>,
    bodies: Arc<Mutex<Vec<Bytes>>>,
}

impl Forwarder {
    /// The response bodies forwarded since the last call, oldest first.
    pub fn take_bodies(&self) -> Vec<Bytes> {
        std::mem::take(&mut *self.bodies.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
    }
}

impl Drop for Forwarder {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Forwards to `upstream` (a base URL), taking `prefix` (`/v1`; `""` for
/// none) off each path that starts with it.
pub async fn strip_prefix(prefix: &'static str, upstream: String) -> Forwarder {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("its address"));
    let http = reqwest::Client::new();
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let kept = bodies.clone();
    let task = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let (http, upstream, kept) = (http.clone(), upstream.clone(), kept.clone());
            tokio::spawn(async move {
                let service = service_fn(move |request| forward(http.clone(), upstream.clone(), prefix, kept.clone(), request));
                let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
            });
        }
    });
    Forwarder { url, task, bodies }
}

async fn forward(
    http: reqwest::Client,
    upstream: String,
    prefix: &str,
    kept: Arc<Mutex<Vec<Bytes>>>,
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
            let body = answer.bytes().await.unwrap_or_default();
            kept.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(body.clone());
            *response.body_mut() = Full::new(body);
        }
        Err(e) => {
            *response.status_mut() = hyper::StatusCode::BAD_GATEWAY;
            *response.body_mut() = Full::new(Bytes::from(format!("the forwarder could not reach {upstream}: {e}")));
        }
    }
    Ok(response)
}
