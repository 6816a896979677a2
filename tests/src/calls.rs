//! Every operation whose inputs are built here, as a merchant would build
//! them, each with its path and method in the spec: shared by the contract
//! tests (Prism) and the error-status tests (wiremock).

use dintero_checkout::models;
use dintero_checkout::{Client, Error};
use std::future::Future;
use std::pin::Pin;

/// The account every call uses.
pub const ACCOUNT: &str = "T12345678";

/// One call, ready to await.
pub type Call<'a> = Pin<Box<dyn Future<Output = Result<(), Error>> + 'a>>;

/// A call with where it lives in the spec.
pub struct SpecCall<'a> {
    /// The client method.
    pub name: &'static str,
    /// The spec's path template.
    pub path: &'static str,
    /// The HTTP method, lower case as in the spec.
    pub method: &'static str,
    /// The call.
    pub call: Call<'a>,
}

fn session_request() -> models::CreateSessionFromProfileRequest {
    let urls = models::SessionUrls::new("https://shop.example.com/return").callback_url("https://shop.example.com/callback");
    let line = models::OrderLine::new().id("SKU-1").line_id("1").description("Wool sweater").quantity(1).amount(29990).vat_amount(5998).vat(25);
    let order = models::SessionOrder::new(29990, "NOK", "order-1001").items([line]);
    models::CreateSessionFromProfileRequest::new(urls, order, "T12345678.profile")
}

macro_rules! call {
    ($name:literal, $path:literal, $method:literal, $body:expr) => {
        SpecCall { name: $name, path: $path, method: $method, call: Box::pin($body) }
    };
}

/// Every buildable call.
pub fn all(client: &Client) -> Vec<SpecCall<'_>> {
    let tx = "T12345678.4Xd8c1tqFUHjpzUJ2X1pnW";
    let session = "T12345678.4Xd8c1tqFUHjpzUJ2X1pnX";
    let config = "9f8b8e2c-7f2a-4c1e-9d4a-3b2a1c0d9e8f";
    let capture = models::CaptureTransactionRequest::new(10000)
        .capture_reference("capture-1")
        .items([models::TransactionLine::new("1", 10000)]);
    let refund = models::RefundTransactionRequest::new(5000).reason("returned");
    let token_body = models::AuthToken::ClientCredentials(models::ClientCredentials::new(format!("https://api.dintero.com/v1/accounts/{ACCOUNT}")));
    let update = models::UpdateTransactionRequest::new().merchant_reference_2("ref-2");
    vec![
        call!("get_token", "/accounts/{oid}/auth/token", "post", async move { client.get_token(ACCOUNT, token_body).await.map(drop) }),
        call!("create_session_from_profile", "/sessions-profile", "post", async move {
            client.create_session_from_profile(session_request()).include_session(true).await.map(drop)
        }),
        call!("get_session", "/sessions/{session_id}", "get", async move {
            client.get_session(session).includes([models::RequestHeaderInclude::EventsRequestHeaders]).await.map(drop)
        }),
        call!("cancel_session", "/sessions/{session_id}/cancel", "post", async move { client.cancel_session(session).await.map(drop) }),
        call!("get_transaction", "/transactions/{id}", "get", async move {
            client.get_transaction(tx).includes([models::GetTransactionIncludesItem::Session]).await.map(drop)
        }),
        call!("capture_transaction", "/transactions/{id}/capture", "post", async move { client.capture_transaction(tx).body(capture).await.map(drop) }),
        call!("refund_transaction", "/transactions/{id}/refund", "post", async move { client.refund_transaction(tx, refund).await.map(drop) }),
        call!("void_transaction", "/transactions/{id}/void", "post", async move { client.void_transaction(tx).await.map(drop) }),
        call!("update_transaction", "/transactions/{id}", "put", async move { client.update_transaction(tx).body(update).await.map(drop) }),
        call!("list_transactions", "/transactions", "get", async move {
            client
                .list_transactions()
                .limit(10)
                .status([models::ListTransactionsStatusItem::Authorized, models::ListTransactionsStatusItem::Captured])
                .payout_correlation_id(["p1", "p2"])
                .created_at_gte("2024-01-01T00:00:00Z")
                .await
                .map(drop)
        }),
        call!("list_settlements", "/accounts/{aid}/settlements", "get", async move { client.list_settlements(ACCOUNT).limit(5).await.map(drop) }),
        call!("list_settlement_report_configs", "/accounts/{aid}/settlements/reports/configuration", "get", async move {
            client.list_settlement_report_configs(ACCOUNT).limit(5).await.map(drop)
        }),
        call!("get_settlement_report_config", "/accounts/{aid}/settlements/reports/configuration/{id}", "get", async move {
            client.get_settlement_report_config(ACCOUNT, config).await.map(drop)
        }),
        call!("delete_settlement_report_config", "/accounts/{aid}/settlements/reports/configuration/{id}", "delete", async move {
            client.delete_settlement_report_config(ACCOUNT, config).await.map(drop)
        }),
        call!("list_report_metadata", "/accounts/{aid}/reports/metadata", "get", async move {
            client.list_report_metadata(ACCOUNT).limit(5).await.map(drop)
        }),
        call!("download_settlement_attachment", "/accounts/{aid}/settlements/{settlementid}/attachments/{attachmentid}", "get", async move {
            client.download_settlement_attachment(ACCOUNT, "settlement-1", "attachment-1").await.map(drop)
        }),
        call!("get_payout_destination_balances", "/v2/accounts/{aid}/payout/payout-destinations/{payout_destination_id}/balances", "get", async move {
            client.get_payout_destination_balances(ACCOUNT, "P00000000").await.map(drop)
        }),
        call!("list_payout_destination_transfers", "/v2/accounts/{aid}/payout/payout-destinations/{payout_destination_id}/transfers", "get", async move {
            client.list_payout_destination_transfers(ACCOUNT, "P00000000").limit(10).await.map(drop)
        }),
        call!("list_payout_destination_approvals", "/accounts/{aid}/management/settings/approvals/payout-destinations", "get", async move {
            client.list_payout_destination_approvals(ACCOUNT).await.map(drop)
        }),
        call!("get_branding_logos", "/branding/logos/{logos}/variant/{variant}/color/{color}/width/{width}/{template}", "get", async move {
            client.get_branding_logos("visa_mastercard", models::LogoVariant::Colors, "cecece", "600", models::LogoTemplate::DinteroTopFrameSvg).await.map(drop)
        }),
    ]
}
