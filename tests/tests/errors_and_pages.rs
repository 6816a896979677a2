//! How calls fail, and how lists are walked: documented error statuses keep
//! their typed body, undocumented ones their raw response, malformed bodies
//! name the place, transport failures name the call, and no secret shows.

use dintero_checkout::auth::StaticCredentials;
use dintero_checkout::operations::{ListSettlementReportConfigsParams, ListTransactionsParams};
use dintero_checkout::{Client, Error};
use dintero_checkout_tests::mock::{MockApi, API_KEY, CLIENT_SECRET};
use futures_util::TryStreamExt;
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, ResponseTemplate};

async fn serve(api: &MockApi, route: &str, response: ResponseTemplate) {
    Mock::given(path(route)).respond_with(response).mount(&api.server).await;
}

#[tokio::test]
async fn a_documented_error_status_keeps_the_typed_error_body() {
    let api = MockApi::start().await;
    let body = json!({ "error": { "code": "NOT_FOUND", "message": "no such transaction", "errors": [{ "field": "id" }] } });
    serve(&api, "/v1/transactions/T404", ResponseTemplate::new(404).set_body_json(&body)).await;
    let error = api.client.get_transaction("T404").await.expect_err("404");
    let Error::Api(api_error) = &error else { panic!("expected a documented error, got {error:?}") };
    assert_eq!(api_error.status, 404);
    assert_eq!(api_error.code(), Some("NOT_FOUND"));
    assert_eq!(api_error.message(), Some("no such transaction"));
    assert_eq!(api_error.context.operation, "get_transaction");
    assert!(error.to_string().contains("get_transaction (GET http://"), "{error}");
    assert!(error.to_string().ends_with("/v1/transactions/T404): HTTP 404: NOT_FOUND: no such transaction"), "{error}");
}

#[tokio::test]
async fn an_undocumented_status_keeps_status_headers_and_raw_body() {
    let api = MockApi::start().await;
    serve(&api, "/v1/transactions/T1", ResponseTemplate::new(418).insert_header("x-trace", "abc").set_body_string("I'm a teapot")).await;
    let error = api.client.get_transaction("T1").await.expect_err("418");
    let Error::UnexpectedStatus(response) = &error else { panic!("expected an undocumented status, got {error:?}") };
    assert_eq!((response.status, response.body.as_ref()), (418, b"I'm a teapot".as_ref()));
    assert_eq!(response.headers["x-trace"], "abc");
    assert_eq!(error.status(), Some(418));
    assert!(error.to_string().ends_with("HTTP 418: I'm a teapot"), "{error}");
}

#[tokio::test]
async fn too_many_requests_beyond_the_retry_bound_returns_with_retry_after() {
    let api = MockApi::start().await;
    let body = json!({ "error": { "message": "slow down" } });
    let response = ResponseTemplate::new(429).insert_header("retry-after", "3600").set_body_json(&body);
    Mock::given(path("/v1/accounts/T12345678/auth/token")).respond_with(response).expect(1).mount(&api.server).await;
    let request = dintero_checkout::models::AuthToken::ClientCredentials(dintero_checkout::models::ClientCredentials::new("aud"));
    let error = api.client.get_token("T12345678", request).await.expect_err("429");
    let api_error = error.api_error().expect("a response");
    assert!(matches!(error, Error::Api(_)), "429 is documented for the token endpoint");
    assert_eq!(api_error.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(api_error.message(), Some("slow down"));
}

#[tokio::test]
async fn a_malformed_success_body_is_a_decode_error_naming_the_place() {
    let api = MockApi::start().await;
    let body = json!({ "id": "T1", "amount": "a lot", "currency": "NOK" });
    serve(&api, "/v1/transactions/T1", ResponseTemplate::new(200).set_body_json(&body)).await;
    let error = api.client.get_transaction("T1").await.expect_err("bad body");
    let Error::Decode(decode) = &error else { panic!("expected a decode error, got {error:?}") };
    assert_eq!((decode.status, decode.path.as_str()), (200, "amount"));
    assert!(error.to_string().contains("does not match the spec at `amount`"), "{error}");

    serve(&api, "/v1/transactions/T2", ResponseTemplate::new(200).set_body_string("{not json")).await;
    let error = api.client.get_transaction("T2").await.expect_err("not JSON");
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error_naming_the_call() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("address").port();
    drop(listener);
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}/v1"))
        .authenticator(StaticCredentials::new().with_api_key(API_KEY))
        .build()
        .expect("builds");
    let error = client.get_transaction("T1").await.expect_err("refused");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(error.to_string().starts_with(&format!("get_transaction (GET http://127.0.0.1:{port}/v1/transactions/T1)")), "{error}");
}

#[tokio::test]
async fn a_slow_server_hits_the_timeout() {
    let api = MockApi::start().await;
    serve(&api, "/v1/transactions/T1", ResponseTemplate::new(200).set_delay(Duration::from_secs(5)).set_body_json(json!({}))).await;
    let client = Client::builder()
        .base_url(format!("{}/v1", api.server.uri()))
        .timeout(Duration::from_millis(200))
        .authenticator(StaticCredentials::new().with_api_key(API_KEY))
        .build()
        .expect("builds");
    let started = std::time::Instant::now();
    let error = client.get_transaction("T1").await.expect_err("times out");
    let Error::Transport { source, .. } = &error else { panic!("expected a transport error, got {error:?}") };
    assert!(source.is_timeout(), "{source:?}");
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[tokio::test]
async fn no_secret_appears_in_debug_output() {
    let api = MockApi::start().await;
    let debug = format!("{:?}", api.client);
    assert!(!debug.contains(API_KEY) && !debug.contains(CLIENT_SECRET), "{debug}");
    assert!(debug.contains("[redacted]") || debug.contains("SecretBox"), "{debug}");
}

#[tokio::test]
async fn list_all_transactions_follows_the_last_id_until_an_empty_page() {
    let api = MockApi::start().await;
    let page = |ids: &[&str]| json!(ids.iter().map(|id| json!({ "id": id, "amount": 1, "currency": "NOK", "payment_product": "vipps", "payment_product_type": "vipps", "status": "AUTHORIZED" })).collect::<Vec<_>>());
    Mock::given(method("GET")).and(path("/v1/transactions")).and(query_param_is_missing("starting_after"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&["T1", "T2"]))).expect(1).mount(&api.server).await;
    Mock::given(method("GET")).and(path("/v1/transactions")).and(query_param("starting_after", "T2")).and(query_param("limit", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&["T3"]))).expect(1).mount(&api.server).await;
    Mock::given(method("GET")).and(path("/v1/transactions")).and(query_param("starting_after", "T3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&[]))).expect(1).mount(&api.server).await;
    let params = ListTransactionsParams::default().limit(2);
    let all: Vec<_> = api.client.list_all_transactions(params).try_collect().await.expect("walks");
    let ids: Vec<_> = all.iter().map(|t| t.id.clone().unwrap_or_default()).collect();
    assert_eq!(ids, ["T1", "T2", "T3"]);
}

#[tokio::test]
async fn list_all_settlement_report_configs_follows_the_cursor_in_the_body() {
    let api = MockApi::start().await;
    let item = |id: &str| json!({ "id": id, "filetypes": ["csv"], "destinations": [], "providers": [] });
    Mock::given(path("/v1/accounts/T12345678/settlements/reports/configuration")).and(query_param_is_missing("starting_after"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "items": [item("c1")], "starting_after": "c1" }))).expect(1).mount(&api.server).await;
    Mock::given(path("/v1/accounts/T12345678/settlements/reports/configuration")).and(query_param("starting_after", "c1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "items": [item("c2")] }))).expect(1).mount(&api.server).await;
    let all: Vec<_> = api
        .client
        .list_all_settlement_report_configs("T12345678", ListSettlementReportConfigsParams::default())
        .try_collect()
        .await
        .expect("walks");
    assert_eq!(all.len(), 2);
}

#[tokio::test]
async fn a_failing_page_ends_the_walk_with_its_error() {
    let api = MockApi::start().await;
    Mock::given(path("/v1/transactions")).respond_with(ResponseTemplate::new(500).set_body_json(json!({ "error": { "message": "boom" } }))).mount(&api.server).await;
    let result: Result<Vec<_>, _> = api.client.list_all_transactions(ListTransactionsParams::default()).try_collect().await;
    assert_eq!(result.expect_err("500").status(), Some(500));
}
