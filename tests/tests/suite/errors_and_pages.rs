//! How calls fail, and how lists are walked: documented error statuses keep
//! their typed body, undocumented ones their raw response, malformed bodies
//! name the place, transport failures name the call, and no secret shows.

use dintero_checkout::auth::StaticCredentials;
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

// ---- pagination: every paginated list walks three pages -------------------
//
// Each list is served as three pages by the mock of its own server: two
// items and a cursor, one item and a second cursor, then an empty page. The
// cursors hold characters a query must encode (`+`, `/`, `=`, `%`, a space,
// `&`), and each page is served only for the cursor sent back exactly as
// the previous page gave it.

/// Cursors as a server might issue them: base64-ish, with characters a
/// query string must encode.
const CURSOR_1: &str = "c1+/= 50%&x";
const CURSOR_2: &str = "c2==/+~";

/// Serves the three pages of `route` on `server`: `first` for no cursor,
/// `second` for `CURSOR_1` and `last` for `CURSOR_2` in the query
/// parameters `params` (each page's cursor values, one per parameter).
async fn three_pages(server: &wiremock::MockServer, route: &str, params: &[&str], pages: [serde_json::Value; 3], cursors: [[&str; 2]; 2]) {
    let mut first = Mock::given(method("GET")).and(path(route));
    for name in params {
        first = first.and(query_param_is_missing(*name));
    }
    first.respond_with(ResponseTemplate::new(200).set_body_json(&pages[0])).expect(1).mount(server).await;
    for (page, values) in pages[1..].iter().zip(cursors) {
        let mut next = Mock::given(method("GET")).and(path(route)).and(query_param("limit", "2"));
        for (name, value) in params.iter().zip(values) {
            next = next.and(query_param(*name, value));
        }
        next.respond_with(ResponseTemplate::new(200).set_body_json(page)).expect(1).mount(server).await;
    }
}

fn transaction(id: &str) -> serde_json::Value {
    json!({ "id": id, "amount": 1, "currency": "NOK", "payment_product": "vipps", "payment_product_type": "vipps", "status": "AUTHORIZED" })
}

#[tokio::test]
async fn transactions_continue_after_the_last_items_id() {
    let api = MockApi::start().await;
    let pages = [json!([transaction("T1"), transaction(CURSOR_1)]), json!([transaction(CURSOR_2)]), json!([])];
    three_pages(&api.server, "/v1/transactions", &["starting_after"], pages, [[CURSOR_1, ""], [CURSOR_2, ""]]).await;
    let all: Vec<_> = api.client.list_transactions().limit(2).into_stream().try_collect().await.expect("walks");
    let ids: Vec<_> = all.iter().map(|t| t.id.clone().unwrap_or_default()).collect();
    assert_eq!(ids, ["T1", CURSOR_1, CURSOR_2]);
}

#[tokio::test]
async fn settlement_report_configs_continue_with_the_bodys_starting_after() {
    let api = MockApi::start().await;
    let item = |id: &str| json!({ "id": id, "filetypes": ["csv"], "destinations": [], "providers": [] });
    let pages = [
        json!({ "items": [item("c1"), item("c2")], "starting_after": CURSOR_1 }),
        json!({ "items": [item("c3")], "starting_after": CURSOR_2 }),
        json!({ "items": [], "starting_after": "never sent" }),
    ];
    let route = "/v1/accounts/T12345678/settlements/reports/configuration";
    three_pages(&api.api_server, route, &["starting_after"], pages, [[CURSOR_1, ""], [CURSOR_2, ""]]).await;
    let all: Vec<_> = api.client.list_settlement_report_configs("T12345678").limit(2).into_stream().try_collect().await.expect("walks");
    let ids: Vec<_> = all.iter().map(|c| c.id.clone().unwrap_or_default()).collect();
    assert_eq!(ids, ["c1", "c2", "c3"]);
}

#[tokio::test]
async fn report_metadata_continues_with_the_bodys_starting_after() {
    let api = MockApi::start().await;
    let report = |id: &str| json!({ "id": id });
    let pages = [
        json!({ "reports": [report("r1"), report("r2")], "starting_after": CURSOR_1 }),
        json!({ "reports": [report("r3")], "starting_after": CURSOR_2 }),
        json!({ "reports": [] }),
    ];
    three_pages(&api.api_server, "/v1/accounts/T12345678/reports/metadata", &["starting_after"], pages, [[CURSOR_1, ""], [CURSOR_2, ""]]).await;
    let all: Vec<_> = api.client.list_report_metadata("T12345678").limit(2).into_stream().try_collect().await.expect("walks");
    let ids: Vec<_> = all.iter().map(|r| r.id().cloned().unwrap_or_default()).collect();
    assert_eq!(ids, ["r1", "r2", "r3"]);
}

#[tokio::test]
async fn settlements_continue_with_both_halves_of_the_last_evaluated_key() {
    let api = MockApi::start().await;
    let settlement = |id: &str| json!({ "id": id });
    let key = |id: &str, date: &str| json!({ "id": id, "account_id": "T12345678", "settled_at": date });
    let pages = [
        json!({ "items": [settlement("s1"), settlement("s2")], "last_evaluated_key": key(CURSOR_1, "2021-02-02") }),
        json!({ "items": [settlement("s3")], "last_evaluated_key": key(CURSOR_2, "2021-02-01T10:00:00+01:00") }),
        json!({ "items": [] }),
    ];
    let params = ["starting_after_id", "starting_after_date"];
    let cursors = [[CURSOR_1, "2021-02-02"], [CURSOR_2, "2021-02-01T10:00:00+01:00"]];
    three_pages(&api.api_server, "/v1/accounts/T12345678/settlements", &params, pages, cursors).await;
    let all: Vec<_> = api.client.list_settlements("T12345678").limit(2).into_stream().try_collect().await.expect("walks");
    let ids: Vec<_> = all.iter().map(|s| s.id.clone().unwrap_or_default()).collect();
    assert_eq!(ids, ["s1", "s2", "s3"]);
}

#[tokio::test]
async fn payout_transfers_continue_with_the_next_page_token_as_page() {
    let api = MockApi::start().await;
    let entry = |id: &str| {
        let text = ["account_id", "payout_destination_config_id", "payout_destination_id", "created_at", "currency", "type", "inbound_payment_provider", "transfer_id", "transfer_source_payout_destination_id", "transfer_destination_payout_destination_id", "transfer_reference", "outbound_receiver_country", "outbound_receiver_bank_account_type", "outbound_receiver_bank_account_number", "outbound_receiver_bank_account_bic", "outbound_message"];
        let mut entry: serde_json::Map<String, serde_json::Value> = text.iter().map(|k| ((*k).to_owned(), json!("x"))).collect();
        entry.insert("ledger_entry_id".to_owned(), json!(id));
        entry.insert("amount".to_owned(), json!(100));
        serde_json::Value::Object(entry)
    };
    let pages = [
        json!({ "entries": [entry("l1"), entry("l2")], "next_page_token": CURSOR_1 }),
        json!({ "entries": [entry("l3")], "next_page_token": CURSOR_2 }),
        json!({ "entries": [], "next_page_token": "never sent" }),
    ];
    let route = "/v2/accounts/T12345678/payout/payout-destinations/pd1/transfers";
    three_pages(&api.api_server, route, &["page"], pages, [[CURSOR_1, ""], [CURSOR_2, ""]]).await;
    let all: Vec<_> = api.client.list_payout_destination_transfers("T12345678", "pd1").limit(2).into_stream().try_collect().await.expect("walks");
    let ids: Vec<_> = all.iter().map(|e| e.ledger_entry_id().cloned().unwrap_or_default()).collect();
    assert_eq!(ids, ["l1", "l2", "l3"]);
}

#[tokio::test]
async fn a_walk_starts_at_the_cursor_the_call_sets_and_stops_when_a_cursor_repeats() {
    let api = MockApi::start().await;
    Mock::given(path("/v1/accounts/T12345678/settlements/reports/configuration"))
        .and(query_param("starting_after", "c0"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "items": [{ "id": "c1", "filetypes": ["csv"], "destinations": [], "providers": [] }], "starting_after": "c0" })))
        .expect(1)
        .mount(&api.api_server)
        .await;
    let all: Vec<_> = api.client.list_settlement_report_configs("T12345678").starting_after("c0").into_stream().try_collect().await.expect("walks");
    assert_eq!(all.len(), 1, "the server gave back the cursor it was sent: the walk ends instead of looping");
}

#[tokio::test]
async fn a_failing_page_ends_the_walk_with_its_error() {
    let api = MockApi::start().await;
    Mock::given(path("/v1/transactions")).respond_with(ResponseTemplate::new(500).set_body_json(json!({ "error": { "message": "boom" } }))).mount(&api.server).await;
    let result: Result<Vec<_>, _> = api.client.list_transactions().into_stream().try_collect().await;
    assert_eq!(result.expect_err("500").status(), Some(500));
}
