//! The merchant's flow of Dintero's Checkout API, end to end:
//! get a token, create a session with an inline configuration, create one
//! from a stored profile, cancel one, read a session, read its transaction,
//! capture part of it, refund part, and void another.
//!
//! ```text
//! cargo run -p dintero-checkout --features testing --example checkout_flow
//! ```
//!
//! With no `DINTERO_*` variables it starts the crate's fake Dintero
//! (`dintero_checkout::testing`, the `testing` feature) and runs against
//! it; the fake also stands in for the customer who pays. With
//! `DINTERO_ACCOUNT_ID`, `DINTERO_CLIENT_ID` and
//! `DINTERO_CLIENT_SECRET` (and optionally `DINTERO_BASE_URL`,
//! `DINTERO_PROFILE_ID`, `DINTERO_SESSION_ID`, `DINTERO_VOID_TRANSACTION_ID`)
//! it runs against that server, skipping the steps whose inputs it lacks.

use dintero_checkout::auth::StaticCredentials;
use dintero_checkout::models::{
    CaptureTransactionRequest, CreateSessionFromProfileRequest, OrderLine, RefundTransactionRequest, SessionOptionsConfiguration,
    SessionOrder, SessionUrls, TransactionLine,
};
use dintero_checkout::operations::{CaptureTransactionResponse, RefundTransactionResponse, VoidTransactionResponse};
use dintero_checkout::testing::{Endpoint, FakeDintero, Fault};
use dintero_checkout::{Client, Credentials, CredentialsError, Server, TokenProvider};
use std::error::Error;
use std::fmt::Write as _;
use std::process::ExitCode;
use std::sync::Arc;

/// Where the flow runs, and what it may use there.
pub struct Setup {
    /// The API's base URL.
    pub base_url: String,
    /// The API client's credentials.
    pub credentials: Credentials,
    /// The payment profile sessions are created from.
    pub profile_id: String,
    /// A paid session to read (a real account needs `DINTERO_SESSION_ID`;
    /// offline, the fake's customer pays the session the flow creates).
    pub session_id: Option<String>,
    /// An authorized transaction to void (offline, one is paid for it).
    pub void_transaction_id: Option<String>,
    /// Offline: the fake that stands in for Dintero and for the customer.
    pub fake: Option<FakeDintero>,
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

impl Setup {
    /// Offline: against `fake`, which also stands in for the customer who
    /// pays, and answers the refund `202 Accepted` (it completes later).
    pub fn offline(fake: FakeDintero) -> Self {
        fake.inject(Endpoint::RefundTransaction, Fault::Accepted, 1);
        Self {
            base_url: fake.base_url(),
            credentials: fake.credentials(),
            profile_id: "T12345678.demo-profile".to_owned(),
            session_id: None,
            void_transaction_id: None,
            fake: Some(fake),
        }
    }
}

/// The flow against the server the environment names, or offline against the fake.
pub async fn run(log: &mut String) -> Result<(), Box<dyn Error>> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let setup = match Credentials::from_env() {
        Ok(credentials) => {
            let base_url = var("DINTERO_BASE_URL").unwrap_or_else(|| dintero_checkout::Server::Checkout.default_url().to_owned());
            writeln!(log, "running against {base_url} as account {}", credentials.account_id())?;
            Setup {
                base_url,
                profile_id: var("DINTERO_PROFILE_ID").unwrap_or_else(|| "default".to_owned()),
                session_id: var("DINTERO_SESSION_ID"),
                void_transaction_id: var("DINTERO_VOID_TRANSACTION_ID"),
                credentials,
                fake: None,
            }
        }
        Err(CredentialsError::Missing { .. }) if std::env::vars().all(|(k, _)| !k.starts_with("DINTERO_")) => {
            let fake = FakeDintero::start().await;
            writeln!(log, "no DINTERO_* variables: running against the fake Dintero at {}", fake.base_url())?;
            Setup::offline(fake)
        }
        Err(e) => return Err(format!("{e} (set all of DINTERO_ACCOUNT_ID, DINTERO_CLIENT_ID, DINTERO_CLIENT_SECRET, or none)").into()),
    };
    flow(&setup, log).await
}

/// The flow, step by step, written to `log`.
pub async fn flow(setup: &Setup, log: &mut String) -> Result<(), Box<dyn Error>> {
    let account = setup.credentials.account_id().clone();

    // 1. Get a token (client credentials, HTTP Basic), then share it with the
    //    API client. (An application can let `ClientBuilder::client_credentials`
    //    do all of this; the example shows the pieces.)
    let token_client = Client::builder()
        .server_url(Server::Checkout, &setup.base_url)
        .authenticator(StaticCredentials::from(&setup.credentials))
        .build()?;
    let tokens = TokenProvider::new(token_client, setup.credentials.clone(), dintero_checkout::token::DEFAULT_REFRESH_MARGIN);
    tokens.token().await?;
    writeln!(log, "1. got an access token for {account}")?;
    let client = Client::builder()
        .server_url(Server::Checkout, &setup.base_url)
        .system_name("checkout-flow-example")
        .system_version(env!("CARGO_PKG_VERSION"))
        // Dintero checks that order amounts add up (the fake always does).
        .feature_toggle("strict-session-amounts")
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

    // 5. Read a session; once paid it names its transaction. (Offline, the
    //    fake's customer pays the session just created.)
    let Some(session_id) = setup.session_id.clone().or(from_profile.id) else {
        writeln!(log, "5. no session id to read; stopping")?;
        return Ok(());
    };
    if let Some(fake) = &setup.fake {
        fake.pay(&session_id, "vipps").await?;
        writeln!(log, "   (the fake's customer paid session {session_id} with Vipps)")?;
    }
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
    let capture = CaptureTransactionRequest::new(10_000).capture_reference("capture-1").items([TransactionLine::new("1", 10_000)]);
    match client.capture_transaction(&transaction_id).body(capture).await? {
        CaptureTransactionResponse::Ok(t) => writeln!(log, "7. captured 10000: transaction is now {}", show_status(&t))?,
        CaptureTransactionResponse::Accepted { event_request_id, .. } => {
            writeln!(log, "7. capture accepted, completes later (event {})", show(&event_request_id))?;
        }
        other => writeln!(log, "7. capture answered {other:?}")?,
    }

    // 8. Refund part of what was captured.
    let refund = RefundTransactionRequest::new(5_000).reason("one item returned").items([TransactionLine::new("1", 5_000)]);
    match client.refund_transaction(&transaction_id, refund).await? {
        RefundTransactionResponse::Ok(t) => writeln!(log, "8. refunded 5000: transaction is now {}", show_status(&t))?,
        RefundTransactionResponse::Accepted { event_request_id, .. } => {
            writeln!(log, "8. refund accepted, completes later (event {})", show(&event_request_id))?;
        }
        other => writeln!(log, "8. refund answered {other:?}")?,
    }

    // 9. Void another, still uncaptured, transaction.
    let other = match (&setup.void_transaction_id, &setup.fake) {
        (Some(other), _) => Some(other.clone()),
        (None, Some(fake)) => {
            let created = client.create_session_from_profile(session_request(&setup.profile_id, "order-1003")).await?;
            Some(fake.pay(created.id.as_deref().unwrap_or_default(), "vipps").await?)
        }
        (None, None) => None,
    };
    match &other {
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

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn the_flow_runs_against_the_fake_without_credentials() {
        if std::env::vars().any(|(k, _)| k.starts_with("DINTERO_")) {
            eprintln!("DINTERO_* is set: this test runs only offline");
            return;
        }
        let mut log = String::new();
        super::run(&mut log).await.unwrap_or_else(|e| panic!("the flow failed: {e}\n{log}"));
        for step in ["1. got an access token", "2. created session", "3. created session", "4. cancelled session", "5. session", "6. transaction", "7. captured", "(the fake's customer paid", "8. refund accepted", "9. voided", "done: 1 token request(s)"] {
            assert!(log.contains(step), "missing {step:?} in:\n{log}");
        }
    }
}
