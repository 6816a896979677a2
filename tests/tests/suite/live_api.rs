//! Dintero as it really is, where the spec alone would mislead: the host
//! and full URL of every operation, checked against Dintero's published API
//! reference; the credentials each operation takes; and what one call can
//! change of the client's settings.

use dintero_checkout::auth::StaticCredentials;
use dintero_checkout::{CallOptions, Client, Error, RetryPolicy, Server};
use dintero_checkout_tests::mock::RawHeader;
use dintero_checkout_tests::oauth::{credentials, ok, token_endpoint, transaction, TX};
use serde_json::{json, Value};
use std::time::Duration;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

// ---- where each operation is sent -------------------------------------------

/// Every operation with its method and the full URL a client with default
/// settings calls. Where each URL was read (all under
/// <https://docs.dintero.com>; `AR` = `/api-reference`, `CA` = `/checkout-api`;
/// the Node SDK is Dintero/Dintero.Node.SDK, `src/client.ts` and
/// `src/types.ts`):
const DINTERO_URLS: &[(&str, &str, &str)] = &[
    // Token: AR/authenticate/get-token (curl --url).
    ("aid_auths_oauth_token_post", "POST", "https://checkout.dintero.com/v1/accounts/{oid}/auth/token"),
    // Sessions: AR/session/update-checkout-session-details, AR/session/cancel-session,
    // AR/session/payment-token-session; the others: the guides
    // (/docs/checkout/create-session) and the Node SDK's `checkout` client.
    ("checkout_session_profile_post", "POST", "https://checkout.dintero.com/v1/sessions-profile"),
    ("checkout_session_get", "GET", "https://checkout.dintero.com/v1/sessions/{session_id}"),
    ("checkout_session_put", "PUT", "https://checkout.dintero.com/v1/sessions/{session_id}"),
    ("checkout_session_cancel_post", "POST", "https://checkout.dintero.com/v1/sessions/{session_id}/cancel"),
    ("checkout_payment_token_session_post", "POST", "https://checkout.dintero.com/v1/sessions/payment-token"),
    // Not on a reference page found; the spec's document-level server.
    ("checkout_session_pay_post", "POST", "https://checkout.dintero.com/v1/sessions/pay"),
    // Transactions: AR/transactions/capture-a-transaction,
    // CA/transactions/transaction_tid_extend_authorization_post,
    // CA/transactions/transactions_get; refund, void, get and update: the
    // guide /docs/checkout/transaction-management and the Node SDK.
    ("transactions_get", "GET", "https://checkout.dintero.com/v1/transactions"),
    ("transactions_id_get", "GET", "https://checkout.dintero.com/v1/transactions/{id}"),
    ("transactions_id_put", "PUT", "https://checkout.dintero.com/v1/transactions/{id}"),
    ("transactions_id_capture_post", "POST", "https://checkout.dintero.com/v1/transactions/{id}/capture"),
    ("transactions_id_refund_post", "POST", "https://checkout.dintero.com/v1/transactions/{id}/refund"),
    ("transactions_id_void_post", "POST", "https://checkout.dintero.com/v1/transactions/{id}/void"),
    ("transaction_tid_extend_authorization_post", "POST", "https://checkout.dintero.com/v1/transactions/{id}/authorization"),
    // Branding: CA/generate-checkout-image/branding_logoframe and branding_profile.
    ("branding_logoframe", "GET", "https://checkout.dintero.com/v1/branding/logos/{logos}/variant/{variant}/color/{color}/width/{width}/{template}"),
    ("branding_profile", "GET", "https://checkout.dintero.com/v1/branding/profiles/{profile_id}/variant/{variant}/color/{color}/width/{width}/{template}"),
    // Settlements: AR/settlements/aid_settlements_list, /docs/partners/reports;
    // AR/settlementsconfiguration/aid_settlement_report_config_{list,create,update},
    // get-settlement-report-configuration; delete: the Node SDK's `core` client;
    // PA/settlements/settlement_attachment_download.
    ("aid_settlements_list", "GET", "https://api.dintero.com/v1/accounts/{aid}/settlements"),
    ("aid_settlement_report_config_list", "GET", "https://api.dintero.com/v1/accounts/{aid}/settlements/reports/configuration"),
    ("aid_settlement_report_config_create", "POST", "https://api.dintero.com/v1/accounts/{aid}/settlements/reports/configuration"),
    ("aid_settlement_report_config_details", "GET", "https://api.dintero.com/v1/accounts/{aid}/settlements/reports/configuration/{id}"),
    ("aid_settlement_report_config_update", "PUT", "https://api.dintero.com/v1/accounts/{aid}/settlements/reports/configuration/{id}"),
    ("aid_settlement_report_config_delete", "DELETE", "https://api.dintero.com/v1/accounts/{aid}/settlements/reports/configuration/{id}"),
    ("settlement_attachment_download", "GET", "https://api.dintero.com/v1/accounts/{aid}/settlements/{settlementid}/attachments/{attachmentid}"),
    // Reports: AR/reports/list-report-metadata.
    ("api_reports_metadata_list_get", "GET", "https://api.dintero.com/v1/accounts/{aid}/reports/metadata"),
    // Approvals: AR/approvals/list-seller-approvals, AR/approvals/new-seller-approval.
    ("aid_management_settings_approvals_payout_destinations_get", "GET", "https://api.dintero.com/v1/accounts/{aid}/management/settings/approvals/payout-destinations"),
    ("aid_management_settings_approvals_payout_destinations_post", "POST", "https://api.dintero.com/v1/accounts/{aid}/management/settings/approvals/payout-destinations"),
    // Payouts, with no `/v1`: AR/v2-fund-transfers/v2_aid_payout_fund_transfers_post
    // (plural `fund-transfers`, as the Node SDK since 2025-03; the spec says
    // `fund-transfer`, which the settings correct), and
    // AR/v2-config-payout-destinations/v2_aid_payout_destination_{balance,transfers}_get.
    ("v2_aid_payout_fund_transfers_post", "POST", "https://api.dintero.com/v2/accounts/{aid}/payout/fund-transfers"),
    ("v2_aid_payout_destination_balance_get", "GET", "https://api.dintero.com/v2/accounts/{aid}/payout/payout-destinations/{payout_destination_id}/balances"),
    ("v2_aid_payout_destination_transfers_get", "GET", "https://api.dintero.com/v2/accounts/{aid}/payout/payout-destinations/{payout_destination_id}/transfers"),
];

fn surface() -> Value {
    serde_json::from_str(include_str!("../../../generated/api/surface.json")).expect("the API surface")
}

/// The callbacks the spec documents as `/examples/...` operations on
/// Dintero's host, a URL that does not exist (the reference pages show it
/// as a placeholder: CA/example-session-callbacks/*): the merchant serves
/// them, so they are no client method.
const MERCHANT_ENDPOINTS: &[&str] = &[
    "example_discount_codes_callback_url",
    "example_session_get_callback_url",
    "example_session_post_callback_url",
    "example_shipping_address_callback_url",
];

#[test]
fn the_callbacks_a_merchant_serves_are_no_client_method() {
    let surface = surface();
    for id in MERCHANT_ENDPOINTS {
        assert!(surface["operations"].get(*id).is_none(), "`{id}` is served by the merchant, not called");
        assert!(surface["inbound"].get(*id).is_some(), "`{id}` is a callback of the surface");
    }
}

#[test]
fn every_operation_is_sent_to_the_url_dinteros_reference_shows() {
    let surface = surface();
    let operations = surface["operations"].as_object().expect("operations");
    assert_eq!(operations.len(), DINTERO_URLS.len(), "a row for every operation");
    for (id, http, url) in DINTERO_URLS {
        let operation = operations.get(*id).unwrap_or_else(|| panic!("no operation `{id}`"));
        assert_eq!((operation["http"].as_str(), operation["url"].as_str()), (Some(*http), Some(*url)), "{id}");
    }
}

/// The URL of a call as the client builds it with default servers: the
/// call fails to connect (its proxy is a closed port), and the error names it.
async fn url_called(call: impl std::future::IntoFuture<Output = Result<impl Sized, Error>>) -> String {
    match call.await {
        Err(Error::Transport { context, .. }) => context.url,
        Err(other) => panic!("expected a connection error, got {other}"),
        Ok(_) => panic!("expected a connection error, got an answer"),
    }
}

#[tokio::test]
async fn a_client_with_default_settings_joins_each_servers_url_and_path_exactly() {
    let unreachable = reqwest::Client::builder().proxy(reqwest::Proxy::all("http://127.0.0.1:9").expect("a proxy URL")).build().expect("builds");
    let keys = StaticCredentials::new().with_api_key("key").with_bearer_token("token").with_basic("id", "secret");
    let client = Client::builder().http_client(unreachable).authenticator(keys).retry_policy(RetryPolicy::none()).build().expect("builds");
    assert_eq!(url_called(client.get_transaction("T1")).await, "https://checkout.dintero.com/v1/transactions/T1");
    assert_eq!(url_called(client.list_settlements("T12345678")).await, "https://api.dintero.com/v1/accounts/T12345678/settlements");
    assert_eq!(
        url_called(client.get_payout_destination_balances("T12345678", "pd 1")).await,
        "https://api.dintero.com/v2/accounts/T12345678/payout/payout-destinations/pd%201/balances",
        "no /v1 before /v2, no doubled slash"
    );
    for server in Server::ALL {
        assert_eq!(client.server_url(*server), server.default_url());
    }
}

#[test]
fn a_server_url_is_taken_with_or_without_a_trailing_slash_and_refused_with_credentials_or_a_query() {
    let client = Client::builder().server_url(Server::Api, "http://proxy.example/dintero/").build().expect("builds");
    assert_eq!(client.server_url(Server::Api), "http://proxy.example/dintero");
    assert_eq!(client.server_url(Server::Checkout), "https://checkout.dintero.com/v1");
    for bad in ["not a url", "http://user:pw@proxy.example", "http://proxy.example/?a=1"] {
        let error = Client::builder().server_url(Server::Api, bad).build().expect_err(bad);
        assert!(matches!(&error, Error::Config(m) if m.contains("`api` server")), "{bad}: {error}");
    }
}

// ---- credentials as Dintero accepts them -----------------------------------

#[tokio::test]
async fn settlements_take_the_client_credentials_token_which_the_spec_forgets() {
    let (checkout, api) = (MockServer::start().await, MockServer::start().await);
    token_endpoint(&checkout, "tok-1", 3600, 1).await;
    Mock::given(method("GET"))
        .and(path("/v1/accounts/T12345678/settlements"))
        .and(RawHeader("authorization", "Bearer tok-1"))
        .respond_with(ok(json!({ "items": [] })))
        .expect(1)
        .mount(&api)
        .await;
    let client = Client::builder()
        .server_url(Server::Checkout, format!("{}/v1", checkout.uri()))
        .server_url(Server::Api, api.uri())
        .client_credentials(credentials())
        .build()
        .expect("builds");
    client.list_settlements("T12345678").await.expect("the README's client lists settlements");
}

#[tokio::test]
async fn client_credentials_and_an_api_key_are_each_used_where_they_fit() {
    let server = MockServer::start().await;
    token_endpoint(&server, "tok-1", 3600, 1).await;
    // `get_transaction` takes an API key or a token; the spec lists the key first.
    Mock::given(method("GET")).and(path(format!("/v1/transactions/{TX}"))).and(RawHeader("x-api-key", "key-1"))
        .respond_with(ok(transaction("AUTHORIZED"))).expect(1).mount(&server).await;
    // `list_payout_destination_approvals` takes only a token.
    Mock::given(method("GET")).and(path("/v1/accounts/T12345678/management/settings/approvals/payout-destinations"))
        .and(RawHeader("authorization", "Bearer tok-1")).respond_with(ok(json!({ "items": [] }))).expect(1).mount(&server).await;
    let client = Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .server_url(Server::Api, server.uri())
        .client_credentials(credentials())
        .authenticator(StaticCredentials::new().with_api_key("key-1"))
        .build()
        .expect("a token and a key combine");
    client.get_transaction(TX).await.expect("with the key");
    client.list_payout_destination_approvals("T12345678").await.expect("with the token");
}

#[test]
fn a_setting_that_would_be_ignored_is_refused_when_the_client_is_built() {
    let refused = |builder: dintero_checkout::ClientBuilder| match builder.build() {
        Err(Error::Config(message)) => message,
        other => panic!("expected a configuration error, got {other:?}"),
    };
    let both_bearers = Client::builder().client_credentials(credentials()).authenticator(StaticCredentials::new().with_bearer_token("t"));
    assert!(refused(both_bearers).contains("bearer tokens"));
    let margin_alone = Client::builder().token_refresh_margin(Duration::from_secs(5));
    assert!(refused(margin_alone).contains("token_refresh_margin"));
    let timeout_lost = Client::builder().http_client(reqwest::Client::new()).timeout(Duration::from_secs(5));
    assert!(refused(timeout_lost).contains("timeout"));
}

// ---- one call's own settings ------------------------------------------------

async fn keyed_client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .authenticator(StaticCredentials::new().with_api_key("key-1"))
        .feature_toggle("strict-session-amounts")
        .retry_policy(RetryPolicy { initial_backoff: Duration::ZERO, ..RetryPolicy::default() })
        .build()
        .expect("builds")
}

#[tokio::test]
async fn a_call_adds_headers_and_feature_toggles_over_the_clients() {
    let server = MockServer::start().await;
    Mock::given(path(format!("/v1/transactions/{TX}")))
        .and(RawHeader("dintero-feature-toggles", "strict-session-amounts,strict-merchant-reference"))
        .and(header("x-request-tag", "order-42"))
        .respond_with(ok(transaction("AUTHORIZED")))
        .expect(1)
        .mount(&server)
        .await;
    let client = keyed_client(&server).await;
    let options = CallOptions::new().feature_toggle("strict-merchant-reference").header("x-request-tag", "order-42");
    client.get_transaction(TX).options(options).await.expect("sent with both");
    let bad = client.get_transaction(TX).options(CallOptions::new().header("bad header", "x")).await.expect_err("refused");
    assert!(matches!(bad, Error::Config(_)), "{bad}");
}

#[tokio::test]
async fn a_call_has_its_own_timeout_and_retry_policy() {
    let server = MockServer::start().await;
    Mock::given(path(format!("/v1/transactions/{TX}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(transaction("AUTHORIZED")).set_delay(Duration::from_millis(600)))
        .mount(&server)
        .await;
    let client = keyed_client(&server).await;
    let error = client.get_transaction(TX).options(CallOptions::new().timeout(Duration::from_millis(100)).retry_policy(RetryPolicy::none())).await.expect_err("times out");
    assert!(matches!(&error, Error::Transport { source, .. } if source.is_timeout()), "{error:?}");
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(1), "no retry with the call's policy");
    client.get_transaction(TX).await.expect("the client's own timeout is 30 s");
}

#[tokio::test]
async fn send_with_response_gives_the_status_and_headers_beside_the_typed_body() {
    let server = MockServer::start().await;
    Mock::given(path(format!("/v1/transactions/{TX}")))
        .respond_with(ok(transaction("CAPTURED")).insert_header("request-id", "req-7"))
        .mount(&server)
        .await;
    let client = keyed_client(&server).await;
    let response = client.get_transaction(TX).send_with_response().await.expect("succeeds");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers().get("request-id").and_then(|v| v.to_str().ok()), Some("req-7"));
    assert_eq!(response.into_body().id.as_deref(), Some(TX));
}
