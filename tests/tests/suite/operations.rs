//! Every operation of the spec against a mock server: the request (method,
//! encoded path, exact query string, client-level headers, the credential
//! the operation's security asks for, JSON body) is what the spec says, and
//! each documented success status decodes into the right variant with a body
//! equal to the JSON served. Bodies are sampled from the spec itself.

use dintero_checkout::models;
use dintero_checkout::operations::*;
use dintero_checkout::Server;
use dintero_checkout_tests::mock::{Auth, Expected, MockApi};
use serde_json::{json, Value};

fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("encodes")
}

fn typed<T: serde::de::DeserializeOwned>(value: &Value) -> T {
    serde_json::from_value(value.clone()).expect("the sample decodes")
}

fn get<'a>(path: &'a str, query: &'a str, auth: Auth) -> Expected<'a> {
    Expected { method: "GET", path, query, body: None, auth, server: Server::Checkout }
}

fn with_body<'a>(method: &'a str, path: &'a str, query: &'a str, body: &'a Value, auth: Auth) -> Expected<'a> {
    Expected { method, path, query, body: Some(body), auth, server: Server::Checkout }
}

#[tokio::test]
async fn create_session_from_profile() {
    let mut api = MockApi::start().await;
    let request = api.request_body("/sessions-profile", "post");
    let response = api.response_body("/sessions-profile", "post", "200");
    api.expect(with_body("POST", "/v1/sessions-profile", "include_session=true", &request, Auth::ApiKey), 200, &response).await;
    let created = api.client.create_session_from_profile(typed(&request)).include_session(true).await.expect("succeeds");
    assert_eq!(to_json(&created), response);
}

#[tokio::test]
async fn get_session_encodes_the_id_and_repeats_array_query_values() {
    let mut api = MockApi::start().await;
    let response = api.response_body("/sessions/{session_id}", "get", "200");
    let query = "includes=events.request_headers&includes=initiating_system_request_headers";
    api.expect(get("/v1/sessions/T1%2F2%20x", query, Auth::ApiKey), 200, &response).await;
    let includes = vec![models::RequestHeaderInclude::EventsRequestHeaders, models::RequestHeaderInclude::InitiatingSystemRequestHeaders];
    let session = api.client.get_session("T1/2 x").includes(includes).await.expect("succeeds");
    assert_eq!(to_json(&session), response);
}

#[tokio::test]
async fn update_session() {
    let mut api = MockApi::start().await;
    let request = api.request_body("/sessions/{session_id}", "put");
    let response = api.response_body("/sessions/{session_id}", "put", "200");
    let query = "force_shipping_address_callback=true&update_without_lock=false";
    api.expect(with_body("PUT", "/v1/sessions/S1", query, &request, Auth::ApiKey), 200, &response).await;
    let params = UpdateSessionParams::default().force_shipping_address_callback(true).update_without_lock(false);
    let session = api.client.update_session("S1", typed(&request)).params(params).await.expect("succeeds");
    assert_eq!(to_json(&session), response);
}

#[tokio::test]
async fn cancel_session() {
    let mut api = MockApi::start().await;
    let response = api.response_body("/sessions/{session_id}/cancel", "post", "200");
    api.expect(Expected { method: "POST", path: "/v1/sessions/S1/cancel", query: "", body: None, auth: Auth::ApiKey, server: Server::Checkout }, 200, &response).await;
    let session = api.client.cancel_session("S1").await.expect("succeeds");
    assert_eq!(to_json(&session), response);
}

#[tokio::test]
async fn create_payment_token_session() {
    let mut api = MockApi::start().await;
    let request = api.request_body("/sessions/payment-token", "post");
    let response = api.response_body("/sessions/payment-token", "post", "200");
    api.expect(with_body("POST", "/v1/sessions/payment-token", "", &request, Auth::ApiKey), 200, &response).await;
    let created = api.client.create_payment_token_session(typed(&request)).await.expect("succeeds");
    assert_eq!(to_json(&created), response);
}

#[tokio::test]
async fn capture_transaction_answers_200_with_the_updated_transaction() {
    let mut api = MockApi::start().await;
    let request = api.request_body("/transactions/{id}/capture", "post");
    let response = api.response_body("/transactions/{id}/capture", "post", "200");
    api.expect(with_body("POST", "/v1/transactions/T1/capture", "", &request, Auth::ApiKey), 200, &response).await;
    let result = api.client.capture_transaction("T1").body(typed(&request)).await.expect("succeeds");
    match result {
        CaptureTransactionResponse::Ok(transaction) => assert_eq!(to_json(&transaction), response),
        other => panic!("expected 200, got {other:?}"),
    }
}

#[tokio::test]
async fn capture_transaction_answers_202_with_the_event_request_id() {
    let mut api = MockApi::start().await;
    let response = api.response_body("/transactions/{id}/capture", "post", "202");
    api.server.reset().await;
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .and(wiremock::matchers::path("/v1/transactions/T1/capture"))
        .and(wiremock::matchers::body_json(json!({ "amount": 29990 })))
        .respond_with(wiremock::ResponseTemplate::new(202).set_body_json(&response).insert_header("event-request-id", "evt-42"))
        .expect(1)
        .mount(&api.server)
        .await;
    let body = models::CaptureTransactionRequest::new(29990);
    let result = api.client.capture_transaction("T1").body(body).await.expect("succeeds");
    match result {
        CaptureTransactionResponse::Accepted { body, event_request_id } => {
            assert_eq!(event_request_id.as_deref(), Some("evt-42"));
            assert_eq!(to_json(&body), response);
        }
        other => panic!("expected 202, got {other:?}"),
    }
}

#[tokio::test]
async fn extend_authorization_sends_no_credentials() {
    let mut api = MockApi::start().await;
    let request = api.request_body("/transactions/{id}/authorization", "post");
    let response = api.response_body("/transactions/{id}/authorization", "post", "200");
    api.expect(with_body("POST", "/v1/transactions/T1/authorization", "", &request, Auth::None), 200, &response).await;
    let transaction = api.client.extend_authorization("T1").body(typed(&request)).await.expect("succeeds");
    assert_eq!(to_json(&transaction), response);
}

#[tokio::test]
async fn refund_transaction_answers_200_and_202() {
    for status in ["200", "202"] {
        let mut api = MockApi::start().await;
        let request = api.request_body("/transactions/{id}/refund", "post");
        let response = api.response_body("/transactions/{id}/refund", "post", status);
        let query = "includes=events.request_headers";
        api.expect(with_body("POST", "/v1/transactions/T1/refund", query, &request, Auth::ApiKey), status.parse().unwrap(), &response).await;
        let result = api.client.refund_transaction("T1", typed(&request)).includes([models::RequestHeaderInclude::EventsRequestHeaders]).await.expect("succeeds");
        match (status, result) {
            ("200", RefundTransactionResponse::Ok(t)) => assert_eq!(to_json(&t), response),
            ("202", RefundTransactionResponse::Accepted { body, event_request_id }) => {
                assert_eq!(to_json(&body), response);
                assert_eq!(event_request_id, None, "the header is optional");
            }
            (status, other) => panic!("{status}: wrong variant {other:?}"),
        }
    }
}

#[tokio::test]
async fn void_transaction_answers_200_and_202() {
    for status in ["200", "202"] {
        let mut api = MockApi::start().await;
        let response = api.response_body("/transactions/{id}/void", "post", status);
        api.expect(Expected { method: "POST", path: "/v1/transactions/T1/void", query: "", body: None, auth: Auth::ApiKey, server: Server::Checkout }, status.parse().unwrap(), &response).await;
        let result = api.client.void_transaction("T1").await.expect("succeeds");
        match (status, result) {
            ("200", VoidTransactionResponse::Ok(t)) => assert_eq!(to_json(&t), response),
            ("202", VoidTransactionResponse::Accepted { body, .. }) => assert_eq!(to_json(&body), response),
            (status, other) => panic!("{status}: wrong variant {other:?}"),
        }
    }
}

#[tokio::test]
async fn get_transaction() {
    let mut api = MockApi::start().await;
    let response = api.response_body("/transactions/{id}", "get", "200");
    api.expect(get("/v1/transactions/T1", "includes=card.payment_token&includes=session", Auth::ApiKey), 200, &response).await;
    let includes = vec![models::GetTransactionIncludesItem::CardPaymentToken, models::GetTransactionIncludesItem::Session];
    let transaction = api.client.get_transaction("T1").includes(includes).await.expect("succeeds");
    assert_eq!(to_json(&transaction), response);
}

#[tokio::test]
async fn update_transaction() {
    let mut api = MockApi::start().await;
    let request = api.request_body("/transactions/{id}", "put");
    let response = api.response_body("/transactions/{id}", "put", "200");
    api.expect(with_body("PUT", "/v1/transactions/T1", "", &request, Auth::ApiKey), 200, &response).await;
    let transaction = api.client.update_transaction("T1").body(typed(&request)).await.expect("succeeds");
    assert_eq!(to_json(&transaction), response);
}

#[tokio::test]
async fn list_transactions_explodes_arrays_except_where_the_spec_says_not_to() {
    let mut api = MockApi::start().await;
    let response = api.response_body("/transactions", "get", "200");
    let query = "id=T1&id=T2&limit=10&starting_after=T0&status=AUTHORIZED&status=CAPTURED\
                 &payout_correlation_id=p1%2Cp2&amount.gte=100&created_at.lte=2024-01-01T00%3A00%3A00Z";
    api.expect(get("/v1/transactions", query, Auth::ApiKey), 200, &response).await;
    let transactions = api
        .client
        .list_transactions()
        .id(["T1", "T2"])
        .limit(10)
        .starting_after("T0")
        .status([models::ListTransactionsStatusItem::Authorized, models::ListTransactionsStatusItem::Captured])
        .payout_correlation_id(["p1", "p2"])
        .amount_gte(100)
        .created_at_lte("2024-01-01T00:00:00Z")
        .await
        .expect("succeeds");
    assert_eq!(to_json(&transactions), response);
}

#[tokio::test]
async fn list_settlements() {
    let mut api = MockApi::start().await;
    let response = api.response_body("/accounts/{aid}/settlements", "get", "200");
    let query = "limit=5&payment_provider=klarna&payment_provider=vipps";
    api.expect(get("/v1/accounts/T12345678/settlements", query, Auth::ApiKey).on(Server::Api), 200, &response).await;
    let settlements = api.client.list_settlements("T12345678").limit(5).payment_provider(["klarna", "vipps"]).await.expect("succeeds");
    assert_eq!(to_json(&settlements), response);
}

#[tokio::test]
async fn list_settlement_report_configs() {
    let mut api = MockApi::start().await;
    let response = api.response_body("/accounts/{aid}/settlements/reports/configuration", "get", "200");
    api.expect(get("/v1/accounts/T12345678/settlements/reports/configuration", "starting_after=c1&limit=3", Auth::ApiKey).on(Server::Api), 200, &response).await;
    let page = api.client.list_settlement_report_configs("T12345678").starting_after("c1").limit(3).await.expect("succeeds");
    assert_eq!(to_json(&page), response);
}

#[tokio::test]
async fn create_settlement_report_config() {
    let mut api = MockApi::start().await;
    let request = api.request_body("/accounts/{aid}/settlements/reports/configuration", "post");
    let response = api.response_body("/accounts/{aid}/settlements/reports/configuration", "post", "200");
    api.expect(with_body("POST", "/v1/accounts/T12345678/settlements/reports/configuration", "", &request, Auth::ApiKey).on(Server::Api), 200, &response).await;
    let config = api.client.create_settlement_report_config("T12345678", typed(&request)).await.expect("succeeds");
    assert_eq!(to_json(&config), response);
}

#[tokio::test]
async fn get_settlement_report_config() {
    let mut api = MockApi::start().await;
    let path = "/accounts/{aid}/settlements/reports/configuration/{id}";
    let response = api.response_body(path, "get", "200");
    api.expect(get("/v1/accounts/T12345678/settlements/reports/configuration/c1", "", Auth::ApiKey).on(Server::Api), 200, &response).await;
    let config = api.client.get_settlement_report_config("T12345678", "c1").await.expect("succeeds");
    assert_eq!(to_json(&config), response);
}

#[tokio::test]
async fn update_settlement_report_config() {
    let mut api = MockApi::start().await;
    let path = "/accounts/{aid}/settlements/reports/configuration/{id}";
    let request = api.request_body(path, "put");
    let response = api.response_body(path, "put", "200");
    api.expect(with_body("PUT", "/v1/accounts/T12345678/settlements/reports/configuration/c1", "", &request, Auth::ApiKey).on(Server::Api), 200, &response).await;
    let config = api.client.update_settlement_report_config("T12345678", "c1", typed(&request)).await.expect("succeeds");
    assert_eq!(to_json(&config), response);
}

#[tokio::test]
async fn delete_settlement_report_config() {
    let mut api = MockApi::start().await;
    let path = "/accounts/{aid}/settlements/reports/configuration/{id}";
    let response = api.response_body(path, "delete", "200");
    api.expect(Expected { method: "DELETE", path: "/v1/accounts/T12345678/settlements/reports/configuration/c1", query: "", body: None, auth: Auth::ApiKey, server: Server::Api }, 200, &response).await;
    let config = api.client.delete_settlement_report_config("T12345678", "c1").await.expect("succeeds");
    assert_eq!(to_json(&config), response);
}

#[tokio::test]
async fn download_settlement_attachment_returns_the_bytes() {
    let api = MockApi::start().await;
    let pdf = b"%PDF-1.4 binary \x00\x01\xff".to_vec();
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path("/v1/accounts/T12345678/settlements/s%201/attachments/a1"))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_bytes(pdf.clone()))
        .expect(1)
        .mount(&api.api_server)
        .await;
    let bytes = api.client.download_settlement_attachment("T12345678", "s 1", "a1").await.expect("succeeds");
    assert_eq!(bytes.as_ref(), pdf.as_slice());
}

#[tokio::test]
async fn list_report_metadata() {
    let mut api = MockApi::start().await;
    let response = api.response_body("/accounts/{aid}/reports/metadata", "get", "200");
    api.expect(get("/v1/accounts/T12345678/reports/metadata", "limit=2", Auth::ApiKey).on(Server::Api), 200, &response).await;
    let page = api.client.list_report_metadata("T12345678").limit(2).await.expect("succeeds");
    assert_eq!(to_json(&page), response);
}

#[tokio::test]
async fn branding_logos_are_bytes_and_only_profile_logos_need_credentials() {
    let api = MockApi::start().await;
    let svg = b"<svg/>".to_vec();
    // `branding_logoframe` declares `security: []`; `branding_profile` inherits the global `apikey`.
    for (url, profile) in [
        ("/v1/branding/logos/visa_mastercard/variant/colors/color/%23ffffff/width/600/dintero_top_frame.svg", false),
        ("/v1/branding/profiles/P1/variant/mono/color/black/width/420/logos.svg", true),
    ] {
        let credentials = if profile { Some(dintero_checkout_tests::mock::RawHeader("x-api-key", dintero_checkout_tests::mock::API_KEY)) } else { None };
        wiremock::Mock::given(wiremock::matchers::method("GET"))
            .and(wiremock::matchers::path(url))
            .and(move |request: &wiremock::Request| match &credentials {
                Some(header) => wiremock::Match::matches(header, request),
                None => wiremock::Match::matches(&NoCredentials, request),
            })
            .respond_with(wiremock::ResponseTemplate::new(200).set_body_bytes(svg.clone()))
            .expect(1)
            .mount(&api.server)
            .await;
        let bytes = if profile {
            api.client
                .get_branding_profile_logos("P1", models::LogoVariant::Mono, "black", "420", models::LogoTemplate::LogosSvg)
                .await
        } else {
            api.client
                .get_branding_logos("visa_mastercard", models::LogoVariant::Colors, "#ffffff", "600", models::LogoTemplate::DinteroTopFrameSvg)
                .await
        };
        assert_eq!(bytes.expect("succeeds").as_ref(), svg.as_slice());
    }
}

#[tokio::test]
async fn get_token_authenticates_with_http_basic() {
    let mut api = MockApi::start().await;
    let request = json!({ "grant_type": "client_credentials", "audience": "https://api.dintero.com/v1/accounts/T12345678" });
    let response = api.response_body("/accounts/{oid}/auth/token", "post", "200");
    api.expect(with_body("POST", "/v1/accounts/T12345678/auth/token", "", &request, Auth::Basic), 200, &response).await;
    let body = models::AuthToken::ClientCredentials(models::ClientCredentials::new("https://api.dintero.com/v1/accounts/T12345678"));
    let token = api.client.get_token("T12345678", body).await.expect("succeeds");
    assert_eq!(to_json(&token), response);
}

#[tokio::test]
async fn list_payout_destination_approvals_needs_a_bearer_token() {
    let mut api = MockApi::start().await;
    // This operation accepts only `JWT`; the shared test client has an API key and Basic only.
    let error = api.client.list_payout_destination_approvals("T12345678").await.expect_err("no bearer token");
    assert!(matches!(error, dintero_checkout::Error::MissingCredentials { .. }), "{error:?}");
    assert_eq!(error.to_string(), "list_payout_destination_approvals: no credentials for it; it accepts JWT");

    let path = "/accounts/{aid}/management/settings/approvals/payout-destinations";
    let response = api.response_body(path, "get", "200");
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path("/v1/accounts/T12345678/management/settings/approvals/payout-destinations"))
        .and(wiremock::matchers::query_param("case_status", "ACTIVE"))
        .and(dintero_checkout_tests::mock::RawHeader("authorization", "Bearer jwt-token"))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(&response))
        .expect(1)
        .mount(&api.api_server)
        .await;
    let client = dintero_checkout::Client::builder()
        .server_url(Server::Api, api.api_server.uri())
        .authenticator(dintero_checkout::auth::StaticCredentials::new().with_bearer_token("jwt-token"))
        .build()
        .expect("builds");
    let approvals = client
        .list_payout_destination_approvals("T12345678")
        .case_status([models::ApprovalStatus::Active])
        .await
        .expect("succeeds");
    assert_eq!(to_json(&approvals), response);
}

#[tokio::test]
async fn create_payout_destination_approval_with_a_bearer_token() {
    let mut api = MockApi::start().await;
    let path = "/accounts/{aid}/management/settings/approvals/payout-destinations";
    let request = api.request_body(path, "post");
    let response = api.response_body(path, "post", "200");
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .and(wiremock::matchers::path("/v1/accounts/T12345678/management/settings/approvals/payout-destinations"))
        .and(wiremock::matchers::header("authorization", "Bearer jwt-token"))
        .and(wiremock::matchers::body_json(&request))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(&response))
        .expect(1)
        .mount(&api.api_server)
        .await;
    let client = dintero_checkout::Client::builder()
        .server_url(Server::Api, api.api_server.uri())
        .authenticator(dintero_checkout::auth::StaticCredentials::new().with_bearer_token("jwt-token"))
        .build()
        .expect("builds");
    let created = client.create_payout_destination_approval("T12345678", typed(&request)).await.expect("succeeds");
    assert_eq!(to_json(&created), response);
}

#[tokio::test]
async fn pay_session() {
    let mut api = MockApi::start().await;
    let request = api.request_body("/sessions/pay", "post");
    let response = api.response_body("/sessions/pay", "post", "200");
    api.expect(with_body("POST", "/v1/sessions/pay", "", &request, Auth::ApiKey), 200, &response).await;
    let paid = api.client.pay_session(typed(&request)).await.expect("succeeds");
    assert_eq!(to_json(&paid), response);
}

#[tokio::test]
async fn create_fund_transfer() {
    let mut api = MockApi::start().await;
    let request = api.request_body("/v2/accounts/{aid}/payout/fund-transfer", "post");
    let response = api.response_body("/v2/accounts/{aid}/payout/fund-transfer", "post", "200");
    api.expect(with_body("POST", "/v2/accounts/T12345678/payout/fund-transfers", "", &request, Auth::ApiKey).on(Server::Api), 200, &response).await;
    let transfer = api.client.create_fund_transfer("T12345678", typed(&request)).await.expect("succeeds");
    assert_eq!(to_json(&transfer), response);
}

#[tokio::test]
async fn get_payout_destination_balances() {
    let mut api = MockApi::start().await;
    let path = "/v2/accounts/{aid}/payout/payout-destinations/{payout_destination_id}/balances";
    let response = api.response_body(path, "get", "200");
    api.expect(get("/v2/accounts/T12345678/payout/payout-destinations/pd1/balances", "", Auth::ApiKey).on(Server::Api), 200, &response).await;
    let balances = api.client.get_payout_destination_balances("T12345678", "pd1").await.expect("succeeds");
    assert_eq!(to_json(&balances), response);
}

#[tokio::test]
async fn list_payout_destination_transfers() {
    let mut api = MockApi::start().await;
    let path = "/v2/accounts/{aid}/payout/payout-destinations/{payout_destination_id}/transfers";
    let response = api.response_body(path, "get", "200");
    api.expect(get("/v2/accounts/T12345678/payout/payout-destinations/pd1/transfers", "limit=50&currency=NOK", Auth::ApiKey).on(Server::Api), 200, &response).await;
    let transfers = api.client.list_payout_destination_transfers("T12345678", "pd1").limit(50).currency("NOK").await.expect("succeeds");
    assert_eq!(to_json(&transfers), response);
}

struct NoCredentials;

impl wiremock::Match for NoCredentials {
    fn matches(&self, request: &wiremock::Request) -> bool {
        !request.headers.contains_key("authorization") && !request.headers.contains_key("x-api-key")
    }
}
