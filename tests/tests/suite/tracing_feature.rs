//! The client's `tracing` feature, seen by a collector: one span per call
//! with its operation, method, route, status, attempts and duration; an
//! event per retry (reason, delay, whether `Retry-After` was honoured), per
//! token fetch (and why) and per final failure; and never a secret, a token
//! or a body value in any of it.

use dintero_checkout::auth::StaticCredentials;
use dintero_checkout::models::{self, CaptureTransactionRequest};
use dintero_checkout::{Client, RetryPolicy};
use dintero_checkout_tests::capture::{Capture, Captured, SpanRecord};
use dintero_checkout_tests::mock::RawHeader;
use dintero_checkout_tests::oauth::{client, client_with, ok, token, token_endpoint, transaction, ACCOUNT, BASIC, SECRET, TOKEN_PATH, TX};
use serde_json::json;
use std::time::Duration;
use tracing::Level;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The span of every call.
const SPAN: &str = "dintero.request";

/// A retry policy whose backoff is a few milliseconds.
fn quick_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy { max_retries, initial_backoff: Duration::from_millis(5), max_backoff: Duration::from_millis(10), ..RetryPolicy::default() }
}

/// The one span of `operation`, with its index.
fn only_call<'a>(captured: &'a Captured, operation: &str) -> (usize, &'a SpanRecord) {
    let calls = captured.calls(SPAN, operation);
    assert_eq!(calls.len(), 1, "one `{operation}` span expected in {:#?}", captured.spans);
    calls[0]
}

fn elapsed_ms(span: &SpanRecord) -> u64 {
    span.field("elapsed_ms").expect("elapsed_ms recorded").parse().expect("a number of milliseconds")
}

#[tokio::test]
async fn a_call_is_one_span_with_operation_method_route_status_attempt_and_duration() {
    let server = MockServer::start().await;
    token_endpoint(&server, "trace-token", 14400, 1).await;
    Mock::given(path(format!("/v1/transactions/{TX}"))).respond_with(ok(transaction("AUTHORIZED"))).expect(1).mount(&server).await;
    let client = client(&server);
    let (capture, _guard) = Capture::start();
    client.get_transaction(TX).await.expect("succeeds");

    let captured = capture.get();
    let (index, span) = only_call(&captured, "get_transaction");
    assert_eq!(span.parent, None);
    assert_eq!(span.field("http.method"), Some("GET"));
    // Recorded once the generator passes the template (`Request::route`); never the filled-in path.
    assert!(matches!(span.field("http.route"), None | Some("/transactions/{id}")), "{span:?}");
    assert_eq!(span.field("http.status_code"), Some("200"));
    assert_eq!(span.history("attempt"), ["1"]);
    elapsed_ms(span);

    // The token fetch is a call of its own, inside the first call that needed it.
    let (token_index, token_span) = only_call(&captured, "get_token");
    assert_eq!(token_span.parent, Some(index));
    assert_eq!((token_span.field("http.method"), token_span.field("http.status_code")), (Some("POST"), Some("200")));
    let fetches = captured.events("fetching an access token");
    assert_eq!(fetches.len(), 1, "{fetches:?}");
    assert_eq!((fetches[0].level, fetches[0].span), (Level::INFO, Some(index)));
    assert_eq!((fetches[0].field("reason"), fetches[0].field("account_id")), (Some("no token yet"), Some(ACCOUNT)));

    let done = captured.events("request succeeded");
    let spans: Vec<_> = done.iter().map(|e| (e.level, e.span, e.field("attempts"))).collect();
    assert_eq!(spans, [(Level::DEBUG, Some(token_index), Some("1")), (Level::DEBUG, Some(index), Some("1"))]);
    assert!(captured.events.iter().all(|e| e.level > Level::WARN || !e.target.starts_with("dintero_checkout")), "{:#?}", captured.events);
}

#[tokio::test]
async fn a_429_then_200_is_two_attempts_and_one_retry_event_honouring_retry_after() {
    let server = MockServer::start().await;
    token_endpoint(&server, "trace-token", 14400, 1).await;
    let route = format!("/v1/transactions/{TX}");
    Mock::given(path(route.clone())).respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1")).up_to_n_times(1).expect(1).with_priority(1).mount(&server).await;
    Mock::given(path(route)).respond_with(ok(transaction("AUTHORIZED"))).expect(1).with_priority(2).mount(&server).await;
    let client = client(&server);
    let (capture, _guard) = Capture::start();
    client.get_transaction(TX).await.expect("succeeds after waiting");

    let captured = capture.get();
    let (index, span) = only_call(&captured, "get_transaction");
    assert_eq!(span.history("attempt"), ["1", "2"]);
    assert_eq!(span.field("http.status_code"), Some("200"));
    assert!(elapsed_ms(span) >= 1000, "{span:?}");
    let retries = captured.events("retrying");
    assert_eq!(retries.len(), 1, "{retries:#?}");
    let retry = retries[0];
    assert_eq!((retry.level, retry.span), (Level::WARN, Some(index)));
    let fields = ["attempt", "reason", "http.status_code", "delay_ms", "retry_after_honoured"].map(|f| retry.field(f));
    assert_eq!(fields, [Some("1"), Some("429 Too Many Requests"), Some("429"), Some("1000"), Some("true")]);
    assert!(captured.events("request failed").is_empty());
}

#[tokio::test]
async fn a_503_retry_reports_its_backoff_and_no_retry_after() {
    let server = MockServer::start().await;
    token_endpoint(&server, "trace-token", 14400, 1).await;
    let route = format!("/v1/transactions/{TX}");
    Mock::given(path(route.clone())).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).expect(1).with_priority(1).mount(&server).await;
    Mock::given(path(route)).respond_with(ok(transaction("AUTHORIZED"))).expect(1).with_priority(2).mount(&server).await;
    let client = client_with(&server, |b| b.retry_policy(quick_retries(2)));
    let (capture, _guard) = Capture::start();
    client.get_transaction(TX).await.expect("succeeds on the second attempt");

    let captured = capture.get();
    let retries = captured.events("retrying");
    assert_eq!(retries.len(), 1, "{retries:#?}");
    assert_eq!((retries[0].field("reason"), retries[0].field("retry_after_honoured")), (Some("503 Service Unavailable"), Some("false")));
    let delay: u64 = retries[0].field("delay_ms").expect("delay").parse().expect("a number");
    assert!(delay <= 5, "the first backoff is at most 5 ms: {delay}");
    assert_eq!(only_call(&captured, "get_transaction").1.history("attempt"), ["1", "2"]);
}

#[tokio::test]
async fn timeouts_and_connection_errors_are_retry_reasons_and_final_failures() {
    // A read that times out twice: one retry, then the failure.
    let server = MockServer::start().await;
    token_endpoint(&server, "trace-token", 14400, 1).await;
    Mock::given(path(format!("/v1/transactions/{TX}"))).respond_with(ok(transaction("AUTHORIZED")).set_delay(Duration::from_secs(2))).expect(2).mount(&server).await;
    let client = client_with(&server, |b| b.retry_policy(quick_retries(1)).timeout(Duration::from_millis(300)));
    let (capture, _guard) = Capture::start();
    client.get_transaction(TX).await.expect_err("times out");
    {
        let captured = capture.get();
        let (index, _) = only_call(&captured, "get_transaction");
        let reasons: Vec<_> = captured.events("retrying").iter().map(|e| (e.field("reason"), e.span)).collect();
        assert_eq!(reasons, [(Some("timeout"), Some(index))]);
        let failures = captured.events("request failed");
        assert_eq!(failures.len(), 1, "{failures:#?}");
        let fields = ["error", "attempts", "http.status_code"].map(|f| failures[0].field(f));
        assert_eq!((failures[0].level, fields), (Level::WARN, [Some("timeout"), Some("2"), None]));
    }

    // Nobody listening: a connection error, retried for every method.
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("address").port();
    let nobody = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}/v1/"))
        .authenticator(StaticCredentials::new().with_bearer_token("static-token"))
        .retry_policy(quick_retries(2))
        .build()
        .expect("builds");
    let (capture, _guard) = Capture::start();
    nobody.get_transaction(TX).await.expect_err("nobody listens");
    let captured = capture.get();
    let reasons: Vec<_> = captured.events("retrying").iter().map(|e| (e.field("attempt"), e.field("reason"))).collect();
    assert_eq!(reasons, [(Some("1"), Some("connection error")), (Some("2"), Some("connection error"))]);
    let failures = captured.events("request failed");
    assert_eq!(failures.iter().map(|e| (e.field("error"), e.field("attempts"))).collect::<Vec<_>>(), [(Some("connection error"), Some("3"))]);
}

#[tokio::test]
async fn a_401_refresh_is_reported_and_the_next_fetch_says_why() {
    let server = MockServer::start().await;
    Mock::given(path(TOKEN_PATH)).respond_with(token("token-1", 14400)).up_to_n_times(1).expect(1).with_priority(1).mount(&server).await;
    Mock::given(path(TOKEN_PATH)).respond_with(token("token-2", 14400)).expect(1).with_priority(2).mount(&server).await;
    let route = format!("/v1/transactions/{TX}");
    Mock::given(path(route.clone())).and(RawHeader("authorization", "Bearer token-1")).respond_with(ResponseTemplate::new(401)).expect(1).mount(&server).await;
    Mock::given(path(route)).and(RawHeader("authorization", "Bearer token-2")).respond_with(ok(transaction("AUTHORIZED"))).expect(1).mount(&server).await;
    let client = client(&server);
    let (capture, _guard) = Capture::start();
    client.get_transaction(TX).await.expect("succeeds after a refresh");

    let captured = capture.get();
    let (index, span) = only_call(&captured, "get_transaction");
    assert_eq!(span.history("attempt"), ["1", "2"]);
    let rejected = captured.events("credentials rejected; retrying once with fresh ones");
    assert_eq!(rejected.iter().map(|e| (e.level, e.span, e.field("attempt"))).collect::<Vec<_>>(), [(Level::INFO, Some(index), Some("1"))]);
    let reasons: Vec<_> = captured.events("fetching an access token").iter().map(|e| e.field("reason")).collect();
    assert_eq!(reasons, [Some("no token yet"), Some("rejected (401)")]);
    assert_eq!(captured.calls(SPAN, "get_token").len(), 2);
}

#[tokio::test]
async fn a_token_within_the_refresh_margin_is_replaced_and_the_fetch_says_so() {
    let server = MockServer::start().await;
    token_endpoint(&server, "trace-token", 30, 2).await;
    Mock::given(path(format!("/v1/transactions/{TX}"))).respond_with(ok(transaction("AUTHORIZED"))).expect(2).mount(&server).await;
    let client = client_with(&server, |b| b.token_refresh_margin(Duration::from_secs(60)));
    let (capture, _guard) = Capture::start();
    for _ in 0..2 {
        client.get_transaction(TX).await.expect("succeeds");
    }
    let captured = capture.get();
    let reasons: Vec<_> = captured.events("fetching an access token").iter().map(|e| e.field("reason")).collect();
    assert_eq!(reasons, [Some("no token yet"), Some("expiring")]);
    let cached: Vec<_> = captured.events("access token cached").iter().map(|e| (e.field("expires_in_s"), e.field("refresh_in_s"))).collect();
    assert_eq!(cached, [(Some("30"), Some("0")); 2]);
}

#[tokio::test]
async fn a_final_failure_is_one_warning_with_the_status_and_not_the_body() {
    let server = MockServer::start().await;
    token_endpoint(&server, "trace-token", 14400, 1).await;
    let body = json!({ "error": { "code": "boom", "message": "card of Kari Nordmann declined" } });
    Mock::given(path(format!("/v1/transactions/{TX}/capture"))).respond_with(ResponseTemplate::new(500).set_body_json(body)).expect(1).mount(&server).await;
    let client = client(&server);
    let (capture, _guard) = Capture::start();
    client.capture_transaction(TX).body(CaptureTransactionRequest::new(100)).await.expect_err("500");

    let captured = capture.get();
    let (index, span) = only_call(&captured, "capture_transaction");
    assert_eq!(span.field("http.status_code"), Some("500"));
    let failures = captured.events("request failed");
    assert_eq!(failures.len(), 1, "{failures:#?}");
    let fields = ["http.status_code", "attempts", "error"].map(|f| failures[0].field(f));
    assert_eq!((failures[0].level, failures[0].span, fields), (Level::WARN, Some(index), [Some("500"), Some("1"), None]));
    assert!(captured.events("retrying").is_empty(), "a capture is never retried after a 500");
    let text = captured.text();
    for body_value in ["Kari", "Nordmann", "declined", "boom"] {
        assert!(!text.contains(body_value), "{body_value} recorded in:\n{text}");
    }
}

#[tokio::test]
async fn nothing_recorded_holds_a_secret_a_token_a_header_or_a_body_value() {
    let server = MockServer::start().await;
    Mock::given(path(TOKEN_PATH)).respond_with(token("access-token-one", 14400)).up_to_n_times(1).with_priority(1).mount(&server).await;
    Mock::given(path(TOKEN_PATH)).respond_with(token("access-token-two", 14400)).with_priority(2).mount(&server).await;
    // The first token is refused, then a rate limit, then the session is created.
    Mock::given(path("/v1/sessions-profile")).and(RawHeader("authorization", "Bearer access-token-one")).respond_with(ResponseTemplate::new(401)).with_priority(1).mount(&server).await;
    Mock::given(path("/v1/sessions-profile")).respond_with(ResponseTemplate::new(429)).up_to_n_times(1).with_priority(2).mount(&server).await;
    Mock::given(path("/v1/sessions-profile")).respond_with(ok(json!({ "id": "S-created", "url": "https://pay.example/S?for=ola.nordmann@example.com" }))).with_priority(3).mount(&server).await;
    let error_body = json!({ "error": { "message": "no transaction for ola.nordmann@example.com at Storgata 1" } });
    Mock::given(path(format!("/v1/transactions/{TX}"))).respond_with(ResponseTemplate::new(404).set_body_json(error_body)).mount(&server).await;
    let client = client_with(&server, |b| b.retry_policy(quick_retries(2)));

    let address = models::OrderAddress::new()
        .first_name("Ola")
        .last_name("Nordmann")
        .email("ola.nordmann@example.com")
        .phone_number("+4799887766")
        .address_line("Storgata 1");
    let order = models::SessionOrder::new(29990, "NOK", "order-4711").billing_address(address);
    let request = models::CreateSessionFromProfileRequest::new(models::SessionUrls::new("https://shop.example/return"), order, "P-profile");

    let (capture, _guard) = Capture::start();
    let created = client.create_session_from_profile(request).await.expect("created");
    assert_eq!(created.id.as_deref(), Some("S-created"));
    client.get_transaction(TX).await.expect_err("404");

    let captured = capture.get();
    // The run went through every path that records something.
    for message in ["fetching an access token", "credentials rejected; retrying once with fresh ones", "retrying", "request failed", "request succeeded"] {
        assert!(!captured.events(message).is_empty(), "no `{message}` event");
    }
    let text = captured.text();
    let never = [
        SECRET, BASIC, "access-token-one", "access-token-two", "Bearer", "Basic ", "authorization", "Authorization",
        // request and response bodies
        "Ola", "Nordmann", "ola.nordmann", "+4799887766", "Storgata", "order-4711", "P-profile", "S-created", "shop.example", "pay.example",
        // ids and queries of the URL (the route template is recorded instead)
        TX,
    ];
    for value in never {
        assert!(!text.contains(value), "`{value}` recorded in:\n{text}");
    }
}

/// Prints what `tracing_subscriber::fmt` shows for a call with a `429`
/// retry (run with `--nocapture` to see it).
#[tokio::test]
async fn a_429_retry_as_tracing_subscriber_fmt_prints_it() {
    let server = MockServer::start().await;
    token_endpoint(&server, "trace-token", 14400, 1).await;
    let route = format!("/v1/transactions/{TX}");
    Mock::given(path(route.clone())).respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1")).up_to_n_times(1).with_priority(1).mount(&server).await;
    Mock::given(path(route)).respond_with(ok(transaction("AUTHORIZED"))).with_priority(2).mount(&server).await;
    let client = client(&server);
    let (capture, _guard) = Capture::start();
    client.get_transaction(TX).await.expect("succeeds");

    let fmt = capture.get().fmt.clone();
    println!("{fmt}");
    let ours: Vec<&str> = fmt.lines().filter(|l| l.contains("dintero_checkout")).collect();
    let messages = ["fetching an access token", "request succeeded", "access token cached", "retrying", "request succeeded"];
    assert_eq!(ours.len(), messages.len(), "{fmt}");
    for (line, message) in ours.iter().zip(messages) {
        assert!(line.contains(message) && line.contains("dintero.request{operation=get_transaction http.method=GET"), "{line}");
    }
    assert!(ours[3].starts_with(" WARN") && ours[3].contains("reason=\"429 Too Many Requests\" http.status_code=429 delay_ms=1000 retry_after_honoured=true"), "{}", ours[3]);
}

#[tokio::test]
async fn an_optional_field_that_does_not_fit_is_reported_by_its_path_never_its_value() {
    let server = MockServer::start().await;
    token_endpoint(&server, "trace-token", 14400, 1).await;
    let mut answer = transaction("AUTHORIZED");
    answer["events"] = json!([{ "id": "e1", "event": "CAPTURE", "success": false, "error": { "message": "declined", "type": ["DO_NOT_RETRY", "SECRET_REASON"] } }]);
    Mock::given(path(format!("/v1/transactions/{TX}"))).respond_with(ok(answer)).expect(1).mount(&server).await;
    let (capture, _guard) = Capture::start();
    let transaction = client(&server).get_transaction(TX).await.expect("the transaction decodes");
    let error = transaction.events.as_ref().and_then(|events| events[0].error.as_ref()).expect("the event's error");
    assert_eq!(error.unknown_fields().get("type"), Some(&json!(["DO_NOT_RETRY", "SECRET_REASON"])));
    let captured = capture.get();
    let kept = captured.events("a field does not fit its type; kept as received");
    assert_eq!(kept.len(), 1, "{:#?}", captured.events);
    assert_eq!(kept[0].level, Level::WARN);
    assert_eq!(kept[0].field("field"), Some("models::TransactionEventError.type"));
    assert_eq!(kept[0].field("problem"), Some("type: expected a string, found an array"));
    assert!(!captured.text().contains("SECRET_REASON"), "the value is never recorded: {}", captured.text());
}
