//! The merchant's flow of Dintero's Checkout API, end to end:
//! get a token, create a session with an inline configuration, create one
//! from a stored profile, cancel one, read a session, read its transaction,
//! capture part of it, refund part, and void another.
//!
//! ```text
//! cargo run --example checkout_flow
//! ```
//!
//! With no `DINTERO_*` variables it starts an in-process mock of the API
//! and runs against it. With `DINTERO_ACCOUNT_ID`, `DINTERO_CLIENT_ID` and
//! `DINTERO_CLIENT_SECRET` (and optionally `DINTERO_BASE_URL`,
//! `DINTERO_PROFILE_ID`, `DINTERO_SESSION_ID`, `DINTERO_VOID_TRANSACTION_ID`)
//! it runs against that server, skipping the steps whose inputs it lacks.

use dintero_checkout::auth::StaticCredentials;
use dintero_checkout::models::{
    CaptureTransactionRequest, CaptureTransactionRequestItemsItem, CreateSessionFromProfileRequest, OrderLine, RefundTransactionRequest,
    RefundTransactionRequestItemsItem, SessionOptionsConfiguration, SessionOrder, SessionUrls,
};
use dintero_checkout::operations::{CaptureTransactionResponse, RefundTransactionResponse, VoidTransactionResponse};
use dintero_checkout::{Client, Credentials, CredentialsError, TokenProvider};
use std::error::Error;
use std::fmt::Write as _;
use std::process::ExitCode;
use std::sync::Arc;

/// Where the flow runs, and what it may use there.
struct Setup {
    base_url: String,
    credentials: Credentials,
    profile_id: String,
    /// A paid session to read (the mock has one; a real account needs `DINTERO_SESSION_ID`).
    session_id: Option<String>,
    /// An authorized transaction to void.
    void_transaction_id: Option<String>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let mut log = String::new();
    let outcome = run(&mut log).await;
    print!("{log}");
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(log: &mut String) -> Result<(), Box<dyn Error>> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let (setup, _mock) = match Credentials::from_env() {
        Ok(credentials) => {
            let base_url = var("DINTERO_BASE_URL").unwrap_or_else(|| dintero_checkout::DEFAULT_BASE_URL.to_owned());
            writeln!(log, "running against {base_url} as account {}", credentials.account_id())?;
            let setup = Setup {
                base_url,
                profile_id: var("DINTERO_PROFILE_ID").unwrap_or_else(|| "default".to_owned()),
                session_id: var("DINTERO_SESSION_ID"),
                void_transaction_id: var("DINTERO_VOID_TRANSACTION_ID"),
                credentials,
            };
            (setup, None)
        }
        Err(CredentialsError::Missing { .. }) if std::env::vars().all(|(k, _)| !k.starts_with("DINTERO_")) => {
            let server = mock::start().await;
            writeln!(log, "no DINTERO_* variables: running against an in-process mock at {}", server.uri())?;
            let setup = Setup {
                base_url: format!("{}/v1", server.uri()),
                credentials: Credentials::new(mock::ACCOUNT_ID, "demo-client-id", "demo-client-secret")?,
                profile_id: "T12345678.demo-profile".to_owned(),
                session_id: None,
                void_transaction_id: Some(mock::OTHER_TRANSACTION.to_owned()),
            };
            (setup, Some(server))
        }
        Err(e) => return Err(format!("{e} (set all of DINTERO_ACCOUNT_ID, DINTERO_CLIENT_ID, DINTERO_CLIENT_SECRET, or none)").into()),
    };
    flow(&setup, log).await
}

async fn flow(setup: &Setup, log: &mut String) -> Result<(), Box<dyn Error>> {
    let account = setup.credentials.account_id().clone();

    // 1. Get a token (client credentials, HTTP Basic), then share it with the
    //    API client. (An application can let `ClientBuilder::client_credentials`
    //    do all of this; the example shows the pieces.)
    let token_client = Client::builder()
        .base_url(&setup.base_url)
        .authenticator(StaticCredentials::from(&setup.credentials))
        .build()?;
    let tokens = TokenProvider::new(token_client, setup.credentials.clone(), dintero_checkout::token::DEFAULT_REFRESH_MARGIN);
    tokens.token().await?;
    writeln!(log, "1. got an access token for {account}")?;
    let client = Client::builder()
        .base_url(&setup.base_url)
        .system_name("checkout-flow-example")
        .system_version(env!("CARGO_PKG_VERSION"))
        .shared_authenticator(Arc::new(tokens.clone()))
        .build()?;

    // 2. Create a session with an inline payment configuration.
    let request = session_request(&setup.profile_id, "order-1001").configuration(SessionOptionsConfiguration::new().auto_capture(false));
    let inline = client.create_session_from_profile(request).await?;
    writeln!(log, "2. created session {} (inline configuration): {}", show(&inline.id), show(&inline.url))?;

    // 3. Create a session from the stored profile alone.
    let from_profile = client.create_session_from_profile(session_request(&setup.profile_id, "order-1002")).await?;
    writeln!(log, "3. created session {} from profile {}", show(&from_profile.id), setup.profile_id)?;

    // 4. Cancel the first one, before anyone pays.
    if let Some(id) = &inline.id {
        let cancelled = client.cancel_session(id).await?;
        writeln!(log, "4. cancelled session {id} (cancelled_at {})", show(&cancelled.cancelled_at))?;
    }

    // 5. Read a session; once paid it names its transaction.
    let Some(session_id) = setup.session_id.clone().or(from_profile.id) else {
        writeln!(log, "5. no session id to read; stopping")?;
        return Ok(());
    };
    let session = client.get_session(&session_id).await?;
    let Some(transaction_id) = session.transaction_id.clone() else {
        writeln!(log, "5. session {session_id} has no transaction yet (not paid); the transaction steps are skipped")?;
        return Ok(());
    };
    writeln!(log, "5. session {session_id} was paid: transaction {transaction_id}")?;

    // 6. Read the transaction.
    let transaction = client.get_transaction(&transaction_id).await?;
    writeln!(log, "6. transaction {transaction_id}: {} {} {}", transaction.amount, transaction.currency, show_status(&transaction))?;

    // 7. Capture part of it.
    let capture = CaptureTransactionRequest::new(10_000).capture_reference("capture-1").items([CaptureTransactionRequestItemsItem::new("1", 10_000)]);
    match client.capture_transaction(&transaction_id).body(capture).await? {
        CaptureTransactionResponse::Ok(t) => writeln!(log, "7. captured 10000: transaction is now {}", show_status(&t))?,
        CaptureTransactionResponse::Accepted { event_request_id, .. } => {
            writeln!(log, "7. capture accepted, completes later (event {})", show(&event_request_id))?;
        }
        other => writeln!(log, "7. capture answered {other:?}")?,
    }

    // 8. Refund part of what was captured.
    let refund = RefundTransactionRequest::new(5_000).reason("one item returned").items([RefundTransactionRequestItemsItem::new("1", 5_000)]);
    match client.refund_transaction(&transaction_id, refund).await? {
        RefundTransactionResponse::Ok(t) => writeln!(log, "8. refunded 5000: transaction is now {}", show_status(&t))?,
        RefundTransactionResponse::Accepted { event_request_id, .. } => {
            writeln!(log, "8. refund accepted, completes later (event {})", show(&event_request_id))?;
        }
        other => writeln!(log, "8. refund answered {other:?}")?,
    }

    // 9. Void another, still uncaptured, transaction.
    match &setup.void_transaction_id {
        Some(other) => match client.void_transaction(other).await? {
            VoidTransactionResponse::Ok(t) => writeln!(log, "9. voided {other}: transaction is now {}", show_status(&t))?,
            VoidTransactionResponse::Accepted { event_request_id, .. } => {
                writeln!(log, "9. void of {other} accepted (event {})", show(&event_request_id))?;
            }
            response => writeln!(log, "9. void answered {response:?}")?,
        },
        None => writeln!(log, "9. no DINTERO_VOID_TRANSACTION_ID: nothing to void")?,
    }
    writeln!(log, "done: {} token request(s) for the whole flow", tokens.fetch_count())?;
    Ok(())
}

fn session_request(profile_id: &str, reference: &str) -> CreateSessionFromProfileRequest {
    let urls = SessionUrls::new("https://shop.example.com/return").callback_url("https://shop.example.com/callbacks/dintero");
    let line = OrderLine::new().id("SKU-1").line_id("1").description("Wool sweater").quantity(1).amount(29_990).vat_amount(5_998).vat(25);
    let order = SessionOrder::new(29_990, "NOK", reference).vat_amount(5_998).items([line]);
    CreateSessionFromProfileRequest::new(urls, order, profile_id)
}

fn show<T: std::fmt::Display>(value: &Option<T>) -> String {
    value.as_ref().map_or_else(|| "-".to_owned(), ToString::to_string)
}

fn show_status(transaction: &dintero_checkout::models::Transaction) -> String {
    transaction.status().map_or_else(|| "unknown".to_owned(), |s| s.to_string())
}

/// An in-process stand-in for the Dintero API, answering the flow's requests.
mod mock {
    use serde_json::json;
    use wiremock::matchers::{header_exists, method, path, path_regex};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    pub const ACCOUNT_ID: &str = "T12345678";
    pub const TRANSACTION: &str = "T12345678.4Xd8c1tqFUHjpzUJ2X1pnW";
    pub const OTHER_TRANSACTION: &str = "T12345678.4Xd8c1tqFUHjpzUJ2X1pnX";

    fn transaction(id: &str, status: &str) -> serde_json::Value {
        json!({
            "id": id, "amount": 29990, "currency": "NOK", "status": status,
            "payment_product": "vipps", "payment_product_type": "vipps",
            "merchant_reference": "order-1002", "created_at": "2024-07-01T10:00:00Z",
        })
    }

    fn session(id: &str, extra: serde_json::Value) -> serde_json::Value {
        let mut session = json!({
            "id": id,
            "url": { "return_url": "https://shop.example.com/return" },
            "order": { "amount": 29990, "currency": "NOK", "merchant_reference": "order-1002" },
            "configuration": {},
        });
        if let (Some(s), Some(e)) = (session.as_object_mut(), extra.as_object()) {
            s.extend(e.clone());
        }
        session
    }

    pub async fn start() -> MockServer {
        let server = MockServer::start().await;
        let ok = |body: serde_json::Value| ResponseTemplate::new(200).set_body_json(body);
        Mock::given(method("POST"))
            .and(path(format!("/v1/accounts/{ACCOUNT_ID}/auth/token")))
            .and(header_exists("authorization"))
            .respond_with(ok(json!({ "access_token": "mock-access-token", "token_type": "Bearer", "expires_in": 14400 })))
            .mount(&server)
            .await;
        for (n, id) in ["T12345678.session-inline", "T12345678.session-profile"].iter().enumerate() {
            Mock::given(method("POST"))
                .and(path("/v1/sessions-profile"))
                .respond_with(ok(json!({ "id": id, "url": format!("https://checkout.dintero.com/v1/view/{id}") })))
                .up_to_n_times(1)
                .with_priority(u8::try_from(n + 1).unwrap_or(1))
                .mount(&server)
                .await;
        }
        Mock::given(method("POST"))
            .and(path_regex(r"^/v1/sessions/[^/]+/cancel$"))
            .respond_with(ok(session("T12345678.session-inline", json!({ "cancelled_at": "2024-07-01T10:05:00Z" }))))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/v1/sessions/T12345678.session-profile"))
            .respond_with(ok(session("T12345678.session-profile", json!({ "transaction_id": TRANSACTION }))))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(format!("/v1/transactions/{TRANSACTION}")))
            .respond_with(ok(transaction(TRANSACTION, "AUTHORIZED")))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path(format!("/v1/transactions/{TRANSACTION}/capture")))
            .respond_with(ok(transaction(TRANSACTION, "PARTIALLY_CAPTURED")))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path(format!("/v1/transactions/{TRANSACTION}/refund")))
            .respond_with(
                ResponseTemplate::new(202)
                    .insert_header("event-request-id", "evt-refund-1")
                    .set_body_json(transaction(TRANSACTION, "PARTIALLY_CAPTURED")),
            )
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path(format!("/v1/transactions/{OTHER_TRANSACTION}/void")))
            .respond_with(ok(transaction(OTHER_TRANSACTION, "AUTHORIZATION_VOIDED")))
            .mount(&server)
            .await;
        server
    }
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn the_flow_runs_against_the_mock_without_credentials() {
        if std::env::vars().any(|(k, _)| k.starts_with("DINTERO_")) {
            eprintln!("DINTERO_* is set: this test runs only in mock mode");
            return;
        }
        let mut log = String::new();
        super::run(&mut log).await.unwrap_or_else(|e| panic!("the flow failed: {e}\n{log}"));
        for step in ["1. got an access token", "2. created session", "3. created session", "4. cancelled session", "5. session", "6. transaction", "7. captured", "8. refund accepted", "9. voided", "done: 1 token request(s)"] {
            assert!(log.contains(step), "missing {step:?} in:\n{log}");
        }
    }
}
