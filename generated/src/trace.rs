//! What the client reports to `tracing` with the `tracing` feature: one
//! span per call and events for retries, token fetches and failures (see
//! the crate docs for the names and fields).
//!
//! Without the feature every type here is empty and every method does
//! nothing: the runtime calls the same methods in both configurations and
//! the compiler removes them, so a default build neither compiles nor runs
//! any of this.
//!
//! What may be recorded: operation names, HTTP methods, path templates,
//! statuses, attempt numbers, durations, retry reasons and the account id.
//! Never a secret, an access token, a header or a body (checkout payloads
//! hold names, emails and addresses), nor the URL (it holds ids and query
//! values).

pub(crate) use imp::{Call, TokenTrace};

#[cfg(feature = "tracing")]
mod imp {
    use crate::credentials::AccountId;
    use crate::error::{retry_after, Error};
    use crate::retry::Failure;
    use crate::runtime::{Operation, Response};
    use std::future::Future;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Mutex;
    use std::time::{Duration, Instant};
    use tracing::field::Empty;
    use tracing::Instrument;

    /// The span name of a call.
    const SPAN: &str = "dintero.request";
    /// The target of the span and of every event (filter with `dintero_checkout=debug`).
    const TARGET: &str = "dintero_checkout";

    /// One call: its span, when it started, how many requests it sent.
    pub(crate) struct Call {
        span: tracing::Span,
        started: Instant,
        attempts: AtomicU32,
    }

    fn millis(duration: Duration) -> u64 {
        u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
    }

    impl Call {
        /// Opens the span of a call of `operation`, with its spec path
        /// template (`/transactions/{id}/capture`) as `http.route`.
        pub(crate) fn start(operation: &Operation) -> Self {
            let span = tracing::info_span!(
                target: TARGET,
                SPAN,
                operation = %operation.name,
                http.method = %operation.method,
                http.route = Empty,
                http.status_code = Empty,
                attempt = Empty,
                elapsed_ms = Empty,
            );
            if !operation.route.is_empty() {
                span.record("http.route", tracing::field::display(operation.route));
            }
            Self { span, started: Instant::now(), attempts: AtomicU32::new(0) }
        }

        /// `future` (the call's attempts) inside the span.
        pub(crate) fn instrument<F: Future>(&self, future: F) -> impl Future<Output = F::Output> {
            future.instrument(self.span.clone())
        }

        /// A request is about to be sent: counts it and records `attempt`.
        pub(crate) fn attempt(&self) {
            let attempt = self.attempts.fetch_add(1, Ordering::Relaxed) + 1;
            self.span.record("attempt", attempt);
        }

        fn attempts(&self) -> u32 {
            self.attempts.load(Ordering::Relaxed)
        }

        /// The server answered `401` to the credentials; they are replaced
        /// and the request sent once more.
        pub(crate) fn credentials_rejected(&self) {
            tracing::info!(target: TARGET, attempt = self.attempts(), http.status_code = 401_u16, "credentials rejected; retrying once with fresh ones");
        }

        /// Attempt `attempt` failed with `failure`; the next one follows after `delay`.
        pub(crate) fn retrying(&self, outcome: &Result<Response, Error>, failure: Failure, delay: Duration) {
            let (reason, status, retry_after) = match failure {
                Failure::Status(429, retry_after) => ("429 Too Many Requests", Some(429), retry_after),
                Failure::Status(503, retry_after) => ("503 Service Unavailable", Some(503), retry_after),
                Failure::Status(status, retry_after) => ("status", Some(status), retry_after),
                Failure::NotSent => ("connection error", None, None),
                // Always a transport error that is not a failed connect:
                // `kind` names it "timeout" or "connection lost".
                Failure::Ambiguous => (outcome.as_ref().err().map_or("connection lost", kind), None, None),
            };
            tracing::warn!(
                target: TARGET,
                attempt = self.attempts(),
                reason,
                http.status_code = status,
                delay_ms = millis(delay),
                retry_after_honoured = retry_after.is_some_and(|wait| wait == delay),
                "retrying",
            );
        }

        /// The call is over: reports a success (`DEBUG`) or a failure
        /// (`WARN`), then records `http.status_code` and `elapsed_ms` on the
        /// span (after the event, which carries them itself: a formatter
        /// that prints the span's fields with each event shows them once).
        pub(crate) fn finish(&self, result: &Result<Response, Error>) {
            let elapsed_ms = millis(self.started.elapsed());
            let attempts = self.attempts();
            let entered = self.span.enter();
            match result {
                Ok(response) => {
                    let status = response.status;
                    if status < 400 {
                        tracing::debug!(target: TARGET, attempts, http.status_code = status, elapsed_ms, "request succeeded");
                    } else {
                        let retry_after_s = retry_after(&response.headers).map(|wait| wait.as_secs());
                        tracing::warn!(target: TARGET, attempts, http.status_code = status, retry_after_s, elapsed_ms, "request failed");
                    }
                }
                Err(error) => tracing::warn!(target: TARGET, error = kind(error), attempts, elapsed_ms, "request failed"),
            }
            drop(entered);
            if let Ok(response) = result {
                self.span.record("http.status_code", response.status);
            }
            self.span.record("elapsed_ms", elapsed_ms);
        }
    }

    /// What kind of failure `error` is, without its message (which may
    /// quote the URL or the body).
    fn kind(error: &Error) -> &'static str {
        match error {
            Error::Transport { source, .. } if source.is_timeout() => "timeout",
            Error::Transport { source, .. } if source.is_connect() => "connection error",
            Error::Transport { .. } => "connection lost",
            Error::Auth { .. } => "authentication failed",
            Error::MissingCredentials { .. } => "missing credentials",
            Error::Encode { .. } => "request body not encodable",
            Error::Config(_) => "configuration",
            Error::Api(_) | Error::UnexpectedStatus(_) | Error::Decode(_) => "response",
        }
    }

    /// Why the token provider fetches its next token.
    pub(crate) struct TokenTrace {
        next_reason: Mutex<&'static str>,
    }

    impl TokenTrace {
        pub(crate) fn new() -> Self {
            Self { next_reason: Mutex::new("no token yet") }
        }

        fn set(&self, reason: &'static str) {
            *self.next_reason.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = reason;
        }

        /// A token is about to be fetched for `account`.
        pub(crate) fn fetching(&self, account: &AccountId) {
            let reason = *self.next_reason.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            tracing::info!(target: TARGET, account_id = %account, reason, "fetching an access token");
        }

        /// A token valid for `lifetime` was cached until `refresh_in` from now.
        pub(crate) fn fetched(&self, lifetime: Duration, refresh_in: Duration) {
            self.set("expiring");
            tracing::debug!(target: TARGET, expires_in_s = lifetime.as_secs(), refresh_in_s = refresh_in.as_secs(), "access token cached");
        }

        /// The cached token was rejected with `401` and forgotten.
        pub(crate) fn rejected(&self) {
            self.set("rejected (401)");
        }

        /// The cached token was forgotten on request.
        pub(crate) fn invalidated(&self) {
            self.set("invalidated");
        }
    }
}

/// The same items, empty: what a build without the feature compiles.
#[cfg(not(feature = "tracing"))]
mod imp {
    use crate::credentials::AccountId;
    use crate::error::Error;
    use crate::retry::Failure;
    use crate::runtime::{Operation, Response};
    use std::future::Future;
    use std::time::Duration;

    pub(crate) struct Call;

    impl Call {
        #[inline(always)]
        pub(crate) fn start(_operation: &Operation) -> Self {
            Self
        }

        #[inline(always)]
        pub(crate) fn instrument<F: Future>(&self, future: F) -> F {
            future
        }

        #[inline(always)]
        pub(crate) fn attempt(&self) {}

        #[inline(always)]
        pub(crate) fn credentials_rejected(&self) {}

        #[inline(always)]
        pub(crate) fn retrying(&self, _outcome: &Result<Response, Error>, _failure: Failure, _delay: Duration) {}

        #[inline(always)]
        pub(crate) fn finish(&self, _result: &Result<Response, Error>) {}
    }

    pub(crate) struct TokenTrace;

    impl TokenTrace {
        #[inline(always)]
        pub(crate) fn new() -> Self {
            Self
        }

        #[inline(always)]
        pub(crate) fn fetching(&self, _account: &AccountId) {}

        #[inline(always)]
        pub(crate) fn fetched(&self, _lifetime: Duration, _refresh_in: Duration) {}

        #[inline(always)]
        pub(crate) fn rejected(&self) {}

        #[inline(always)]
        pub(crate) fn invalidated(&self) {}
    }
}

#[cfg(test)]
mod tests {
    use crate::runtime::{Operation, Request};
    use crate::Client;
    use wiremock::matchers::path;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    const OPERATION: Operation = Operation {
        name: "get_thing",
        method: reqwest::Method::GET,
        // Any server: the route is what the test is about.
        server: crate::Server::ALL[0],
        route: "/things/{id}",
        security: &[],
        moves_money: false,
    };

    /// Each generated operation names its path template (`route`); the span
    /// records it as `http.route`, never the filled-in path.
    #[tokio::test]
    async fn the_span_records_the_route_template_not_the_path() {
        let server = MockServer::start().await;
        Mock::given(path("/things/a%2Fb")).respond_with(ResponseTemplate::new(204)).expect(1).mount(&server).await;
        let client = Client::builder().base_url(server.uri()).build().expect("builds");
        let request = Request::new(&OPERATION, "/things/a%2Fb".to_owned(), Default::default());
        #[cfg(feature = "tracing")]
        let (output, _guard) = {
            let output = std::sync::Arc::new(std::sync::Mutex::new(Vec::<u8>::new()));
            let writer = output.clone();
            let subscriber = tracing_subscriber::fmt()
                .with_max_level(tracing::Level::DEBUG)
                .with_ansi(false)
                .with_writer(move || Writer(writer.clone()))
                .finish();
            (output, tracing::subscriber::set_default(subscriber))
        };
        assert_eq!(client.send(request).await.expect("sent").status(), 204);
        #[cfg(feature = "tracing")]
        {
            let text = String::from_utf8(output.lock().expect("unpoisoned").clone()).expect("UTF-8");
            assert!(text.contains("dintero.request{operation=get_thing http.method=GET http.route=/things/{id} attempt=1}"), "{text}");
            assert!(!text.contains("a%2Fb") && !text.contains("a/b"), "{text}");
        }
    }

    #[cfg(feature = "tracing")]
    struct Writer(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    #[cfg(feature = "tracing")]
    impl std::io::Write for Writer {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("unpoisoned").extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
}
