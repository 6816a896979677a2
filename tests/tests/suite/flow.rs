//! The hand-written layer under load and faults: the merchant's flow end to
//! end with the client-credentials grant; the token is reused, refreshed
//! before it expires, fetched once under concurrency and replaced after a
//! 401; rate limits are waited out; payments are never repeated blindly;
//! and no secret shows in any output.

use dintero_checkout::models::{self, CaptureTransactionRequest, RefundTransactionRequest};
use dintero_checkout::operations::{CaptureTransactionResponse, RefundTransactionResponse, VoidTransactionResponse};
use dintero_checkout::{Credentials, CredentialsError, Error, RetryPolicy};
use dintero_checkout_tests::mock::RawHeader;
use dintero_checkout_tests::oauth::{client, client_with, credentials, ok, token, token_endpoint, transaction, CLIENT_ID, SECRET, TOKEN_PATH, TX};
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn the_whole_flow_with_one_token() {
    let server = MockServer::start().await;
    token_endpoint(&server, "flow-token", 14400, 1).await;
    let session = |extra: Value| {
        let mut s = json!({ "id": "S1", "url": { "return_url": "https://shop/return" }, "order": { "amount": 29990, "currency": "NOK", "merchant_reference": "o1" }, "configuration": {} });
        s.as_object_mut().expect("object").extend(extra.as_object().expect("object").clone());
        s
    };
    let expect = |verb: &'static str, route: String, response: ResponseTemplate| {
        Mock::given(method(verb)).and(path(route)).and(RawHeader("authorization", "Bearer flow-token")).respond_with(response).expect(1)
    };
    expect("POST", "/v1/sessions-profile".into(), ok(json!({ "id": "S1", "url": "https://pay/S1" }))).mount(&server).await;
    expect("POST", "/v1/sessions/S1/cancel".into(), ok(session(json!({ "cancelled_at": "2024-01-01T00:00:00Z" })))).mount(&server).await;
    expect("GET", "/v1/sessions/S1".into(), ok(session(json!({ "transaction_id": TX })))).mount(&server).await;
    expect("GET", format!("/v1/transactions/{TX}"), ok(transaction("AUTHORIZED"))).mount(&server).await;
    expect("POST", format!("/v1/transactions/{TX}/capture"), ok(transaction("PARTIALLY_CAPTURED"))).mount(&server).await;
    expect("POST", format!("/v1/transactions/{TX}/refund"), ResponseTemplate::new(202).insert_header("event-request-id", "evt-1").set_body_json(transaction("PARTIALLY_REFUNDED"))).mount(&server).await;
    expect("POST", "/v1/transactions/T2/void".into(), ok(transaction("AUTHORIZATION_VOIDED"))).mount(&server).await;

    let client = client(&server);
    let order = models::SessionOrder::new(29990, "NOK", "o1");
    let request = models::CreateSessionFromProfileRequest::new(models::SessionUrls::new("https://shop/return"), order, "P1");
    let created = client.create_session_from_profile(request).await.expect("session");
    let session_id = created.id.expect("an id");
    let cancelled = client.cancel_session(&session_id).await.expect("cancel");
    assert!(cancelled.cancelled_at.is_some());
    let read = client.get_session(&session_id).await.expect("read");
    let tx = read.transaction_id.expect("paid");
    let transaction = client.get_transaction(&tx).await.expect("transaction");
    assert_eq!(transaction.status(), Some(&models::TransactionStatus::Authorized));
    let captured = client.capture_transaction(&tx).body(CaptureTransactionRequest::new(10000)).await.expect("capture");
    assert!(matches!(captured, CaptureTransactionResponse::Ok(t) if t.status() == Some(&models::TransactionStatus::PartiallyCaptured)));
    let refunded = client.refund_transaction(&tx, RefundTransactionRequest::new(5000)).await.expect("refund");
    assert!(matches!(refunded, RefundTransactionResponse::Accepted { event_request_id: Some(ref e), .. } if e == "evt-1"));
    let voided = client.void_transaction("T2").await.expect("void");
    assert!(matches!(voided, VoidTransactionResponse::Ok(_)));
}

#[tokio::test]
async fn the_token_is_reused_while_valid() {
    let server = MockServer::start().await;
    token_endpoint(&server, "flow-token", 14400, 1).await;
    Mock::given(path(format!("/v1/transactions/{TX}"))).and(RawHeader("authorization", "Bearer flow-token")).respond_with(ok(transaction("AUTHORIZED"))).expect(3).mount(&server).await;
    let client = client(&server);
    for _ in 0..3 {
        client.get_transaction(TX).await.expect("succeeds");
    }
}

#[tokio::test]
async fn the_token_is_replaced_before_it_expires() {
    let server = MockServer::start().await;
    // Valid for 30 s on the server, but within the 60 s margin: never reused.
    token_endpoint(&server, "flow-token", 30, 2).await;
    Mock::given(path(format!("/v1/transactions/{TX}"))).respond_with(ok(transaction("AUTHORIZED"))).expect(2).mount(&server).await;
    let client = client_with(&server, |b| b.token_refresh_margin(Duration::from_secs(60)));
    for _ in 0..2 {
        client.get_transaction(TX).await.expect("succeeds");
    }
}

#[tokio::test]
async fn a_hundred_concurrent_calls_with_a_cold_cache_make_one_token_request() {
    let server = MockServer::start().await;
    Mock::given(path(TOKEN_PATH)).respond_with(token("flow-token", 14400).set_delay(Duration::from_millis(200))).expect(1).mount(&server).await;
    Mock::given(path(format!("/v1/transactions/{TX}"))).and(RawHeader("authorization", "Bearer flow-token")).respond_with(ok(transaction("AUTHORIZED"))).expect(100).mount(&server).await;
    let client = client(&server);
    let calls = (0..100).map(|_| client.get_transaction(TX).send());
    let results = futures_util::future::join_all(calls).await;
    assert!(results.iter().all(Result::is_ok), "{:?}", results.iter().find(|r| r.is_err()));
}

#[tokio::test]
async fn a_401_replaces_the_token_and_retries_once() {
    let server = MockServer::start().await;
    Mock::given(path(TOKEN_PATH)).respond_with(token("token-1", 14400)).up_to_n_times(1).expect(1).with_priority(1).mount(&server).await;
    Mock::given(path(TOKEN_PATH)).respond_with(token("token-2", 14400)).expect(1).with_priority(2).mount(&server).await;
    Mock::given(path(format!("/v1/transactions/{TX}"))).and(RawHeader("authorization", "Bearer token-1")).respond_with(ResponseTemplate::new(401).set_body_json(json!({ "error": { "message": "expired" } }))).expect(1).mount(&server).await;
    Mock::given(path(format!("/v1/transactions/{TX}"))).and(RawHeader("authorization", "Bearer token-2")).respond_with(ok(transaction("AUTHORIZED"))).expect(1).mount(&server).await;
    let client = client(&server);
    client.get_transaction(TX).await.expect("succeeds after a refresh");
}

#[tokio::test]
async fn a_second_401_is_returned_not_retried_forever() {
    let server = MockServer::start().await;
    token_endpoint(&server, "flow-token", 14400, 2).await;
    Mock::given(path(format!("/v1/transactions/{TX}"))).respond_with(ResponseTemplate::new(401).set_body_json(json!({ "error": { "message": "no access" } }))).expect(2).mount(&server).await;
    let error = client(&server).get_transaction(TX).await.expect_err("401");
    assert_eq!(error.status(), Some(401));
}

#[tokio::test]
async fn a_429_is_waited_out_as_retry_after_says() {
    let server = MockServer::start().await;
    token_endpoint(&server, "flow-token", 14400, 1).await;
    let route = format!("/v1/transactions/{TX}");
    Mock::given(path(route.clone())).respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1")).up_to_n_times(1).expect(1).with_priority(1).mount(&server).await;
    Mock::given(path(route)).respond_with(ok(transaction("AUTHORIZED"))).expect(1).with_priority(2).mount(&server).await;
    let started = Instant::now();
    client(&server).get_transaction(TX).await.expect("succeeds after waiting");
    assert!(started.elapsed() >= Duration::from_secs(1), "waited {:?}", started.elapsed());
}

#[tokio::test]
async fn a_503_on_a_read_is_retried_with_backoff() {
    let server = MockServer::start().await;
    token_endpoint(&server, "flow-token", 14400, 1).await;
    let route = format!("/v1/transactions/{TX}");
    Mock::given(path(route.clone())).respond_with(ResponseTemplate::new(503)).up_to_n_times(2).expect(2).with_priority(1).mount(&server).await;
    Mock::given(path(route)).respond_with(ok(transaction("AUTHORIZED"))).expect(1).with_priority(2).mount(&server).await;
    client(&server).get_transaction(TX).await.expect("succeeds on the third attempt");
}

#[tokio::test]
async fn a_500_or_503_on_capture_is_never_retried_and_the_error_says_why() {
    for status in [500, 503] {
        let server = MockServer::start().await;
        token_endpoint(&server, "flow-token", 14400, 1).await;
        Mock::given(path(format!("/v1/transactions/{TX}/capture"))).respond_with(ResponseTemplate::new(status).set_body_json(json!({ "error": { "message": "boom" } }))).expect(1).mount(&server).await;
        let error = client(&server).capture_transaction(TX).body(CaptureTransactionRequest::new(100)).await.expect_err("fails");
        assert_eq!(error.status(), Some(status));
        assert!(error.to_string().contains("not retried automatically: this operation moves money"), "{error}");
    }
}

#[tokio::test]
async fn a_capture_that_times_out_is_not_repeated() {
    let server = MockServer::start().await;
    token_endpoint(&server, "flow-token", 14400, 1).await;
    Mock::given(path(format!("/v1/transactions/{TX}/capture")))
        .respond_with(ok(transaction("CAPTURED")).set_delay(Duration::from_secs(3)))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_with(&server, |b| b.timeout(Duration::from_millis(300)));
    let error = client.capture_transaction(TX).body(CaptureTransactionRequest::new(100)).await.expect_err("times out");
    assert!(matches!(&error, Error::Transport { source, .. } if source.is_timeout()), "{error:?}");
    assert!(error.to_string().contains("may have gone through"), "{error}");
}

#[tokio::test]
async fn retries_can_be_switched_off() {
    let server = MockServer::start().await;
    token_endpoint(&server, "flow-token", 14400, 1).await;
    Mock::given(path(format!("/v1/transactions/{TX}"))).respond_with(ResponseTemplate::new(503)).expect(1).mount(&server).await;
    let client = client_with(&server, |b| b.retry_policy(RetryPolicy::none()));
    assert_eq!(client.get_transaction(TX).await.expect_err("503").status(), Some(503));
}

#[tokio::test]
async fn no_secret_or_token_shows_in_debug_or_display_of_clients_and_errors() {
    let server = MockServer::start().await;
    token_endpoint(&server, "very-secret-access-token", 14400, 1).await;
    Mock::given(path(format!("/v1/transactions/{TX}"))).respond_with(ResponseTemplate::new(404).set_body_json(json!({ "error": { "message": "nope" } }))).mount(&server).await;
    let client = client(&server);
    let api_error = client.get_transaction(TX).await.expect_err("404");
    // A token endpoint that refuses the credentials: an authentication error.
    let refused = MockServer::start().await;
    Mock::given(path(TOKEN_PATH)).respond_with(ResponseTemplate::new(401).set_body_json(json!({ "error": { "message": "bad client" } }))).mount(&refused).await;
    let auth_error = self::client(&refused).get_transaction(TX).await.expect_err("auth");
    assert!(matches!(auth_error, Error::Auth { .. }), "{auth_error:?}");
    let mut outputs = vec![format!("{client:?}"), format!("{:?}", credentials()), format!("{api_error:?}"), api_error.to_string(), format!("{auth_error:?}"), auth_error.to_string()];
    let mut source = std::error::Error::source(&auth_error);
    while let Some(s) = source {
        outputs.push(format!("{s} {s:?}"));
        source = s.source();
    }
    for output in outputs {
        for secret in [SECRET, "very-secret-access-token", "Zmxvdy1jbGllbnQ6czNjcjN0LWNsaWVudC1zZWNyZXQ="] {
            assert!(!output.contains(secret), "{secret} leaked in: {output}");
        }
    }
}

#[test]
fn the_account_id_is_validated_and_secrets_are_not_echoed() {
    for bad in ["", "T1234567", "X12345678", "T1234567a", "t12345678", "T123456789"] {
        let error = Credentials::new(bad, CLIENT_ID, SECRET).expect_err(bad);
        assert_eq!(error, CredentialsError::InvalidAccountId { value: bad.to_owned() });
        assert!(error.to_string().contains("followed by 8 digits"));
    }
    let production = Credentials::new("P00000001", CLIENT_ID, SECRET).expect("valid");
    assert!(!production.account_id().is_test());
    let missing = Credentials::from_lookup(|name| if name == "DINTERO_CLIENT_SECRET" { Err(std::env::VarError::NotPresent) } else { Ok("T12345678".into()) });
    assert_eq!(missing.expect_err("missing").to_string(), "environment variable DINTERO_CLIENT_SECRET is not set");
    let from_env = Credentials::from_lookup(|name| Ok(match name {
        "DINTERO_ACCOUNT_ID" => "T12345678".into(),
        "DINTERO_CLIENT_ID" => CLIENT_ID.into(),
        _ => SECRET.into(),
    }));
    assert_eq!(from_env.expect("complete").account_id().as_str(), "T12345678");
}
