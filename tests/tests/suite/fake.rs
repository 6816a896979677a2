//! The fake Dintero (`dintero_checkout::testing`, the `testing` feature),
//! driven through the crate's own client as a merchant's test would drive
//! it: tokens, sessions, payment, the money rules of transactions, faults
//! on demand and signed callbacks. Its answers are checked with the same
//! round trip as every schema of the spec.

use dintero_checkout::callback::CallbackVerifier;
use dintero_checkout::models::{
    AccessToken, CaptureTransactionRequest, CreateSessionFromProfileRequest, OrderLine, RefundTransactionRequest, SessionCreated,
    SessionDetails, SessionOptionsConfiguration, SessionOrder, SessionOrderUpdate, SessionUrls, Transaction, TransactionLine, UpdateSessionOptions,
};
use dintero_checkout::operations::{CaptureTransactionResponse, RefundTransactionResponse, VoidTransactionResponse};
use dintero_checkout::testing::{Endpoint, FakeDintero, Fault, PayError, PaymentFailure};
use dintero_checkout::testing::DEFAULT_ACCOUNT_ID as ACCOUNT;
use dintero_checkout::{Client, Credentials, Error, RetryPolicy, Server};
use dintero_checkout_tests::{json_diff, round_trip};
use futures_util::TryStreamExt as _;
use serde_json::{json, Value};
use std::time::Duration;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A session request for `amount` in two lines (`1` and `2`).
fn order(reference: &str, amount: i64, callback_url: Option<&str>) -> CreateSessionFromProfileRequest {
    let first = amount / 3;
    let lines = [
        OrderLine::new().id("SKU-1").line_id("1").description("Wool sweater").quantity(1).amount(first).vat(25),
        OrderLine::new().id("SKU-2").line_id("2").description("Scarf").quantity(1).amount(amount - first).vat(25),
    ];
    let mut urls = SessionUrls::new("https://shop.example.com/return");
    if let Some(url) = callback_url {
        urls = urls.callback_url(url);
    }
    CreateSessionFromProfileRequest::new(urls, SessionOrder::new(amount, "NOK", reference).items(lines), "T12345678.profile")
}

/// A session created through the API; its id.
async fn session(client: &Client, request: CreateSessionFromProfileRequest) -> String {
    client.create_session_from_profile(request).await.expect("session created").id.expect("an id")
}

/// A paid session's transaction id.
async fn paid(fake: &FakeDintero, client: &Client, reference: &str, amount: i64) -> String {
    let id = session(client, order(reference, amount, None)).await;
    fake.pay(&id, "vipps").await.expect("paid")
}

/// The status and error code of an API error.
fn refused(result: Result<impl std::fmt::Debug, Error>) -> (u16, String) {
    let error = result.expect_err("refused");
    let api = error.api_error().unwrap_or_else(|| panic!("an API error, not {error}"));
    (api.status, api.code().unwrap_or_default().to_owned())
}

fn status(fake: &FakeDintero, transaction_id: &str) -> String {
    let transaction = fake.transaction(transaction_id).expect("known");
    transaction.status().map(ToString::to_string).unwrap_or_default()
}

/// A body the fake sent decodes as `T` and encodes back to the same JSON.
fn assert_round_trips<T: serde::de::DeserializeOwned + serde::Serialize>(body: &Value) {
    let again = round_trip::<T>(body.clone()).unwrap_or_else(|e| panic!("{e}: {body}"));
    let diff = json_diff(body, &again);
    assert!(diff.is_empty(), "{} does not round-trip: {diff:?}", std::any::type_name::<T>());
}

// ---- tokens -------------------------------------------------------------

#[tokio::test]
async fn the_token_endpoint_checks_the_client_credentials() {
    let fake = FakeDintero::start().await;
    let wrong = Credentials::new("T12345678", "fake-client-id", "not-the-secret").expect("valid shape");
    let client = fake.client_builder().client_credentials(wrong).retry_policy(RetryPolicy::none()).build().expect("builds");
    let error = client.get_transaction("T12345678.none").await.expect_err("no token");
    assert!(chain(&error).contains("HTTP 401: unauthorized: wrong client id or secret"), "{}", chain(&error));

    let other_account = Credentials::new("T87654321", "fake-client-id", "fake-client-secret").expect("valid shape");
    let client = fake.client_builder().client_credentials(other_account).build().expect("builds");
    let error = client.get_transaction("T12345678.none").await.expect_err("no token");
    assert!(chain(&error).contains("HTTP 403"), "{}", chain(&error));
}

#[tokio::test]
async fn every_other_call_needs_a_live_token_and_an_expired_one_is_replaced() {
    let fake = FakeDintero::start().await;
    let raw = reqwest::Client::new();
    let unauthenticated = raw.get(format!("{}/transactions/T12345678.none", fake.base_url())).send().await.expect("answers");
    assert_eq!(unauthenticated.status().as_u16(), 401);
    let body = read_json(unauthenticated).await;
    assert_eq!(body["error"]["code"], "unauthorized");

    let client = fake.client();
    let transaction_id = paid(&fake, &client, "order-1", 1_000).await;
    assert_eq!(fake.calls(Endpoint::GetToken), 1);
    fake.expire_tokens();
    client.get_transaction(&transaction_id).await.expect("a fresh token, then the transaction");
    assert_eq!(fake.calls(Endpoint::GetToken), 2, "the 401 made the client fetch a new token");
    assert_eq!(fake.calls(Endpoint::GetTransaction), 1 + 2, "the one without a token, then the call and its retry");
}

#[tokio::test]
async fn tokens_expire_after_their_lifetime() {
    let fake = FakeDintero::builder().token_lifetime(Duration::from_secs(1)).start().await;
    let token = read_json(token_answer(&fake).await).await;
    assert_round_trips::<AccessToken>(&token);
    assert_eq!(token["expires_in"], 1);
    let bearer = format!("Bearer {}", token["access_token"].as_str().expect("a token"));
    let read = || reqwest::Client::new().get(format!("{}/transactions", fake.base_url())).header("authorization", &bearer).send();
    assert_eq!(read().await.expect("answers").status().as_u16(), 200);
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let expired = read().await.expect("answers");
    assert_eq!(expired.status().as_u16(), 401);
    assert!(expired.text().await.unwrap_or_default().contains("expired"));
}

// ---- the endpoints --------------------------------------------------------

#[test]
fn every_endpoint_is_the_operation_of_the_spec_it_names_on_its_server() {
    let surface: Value = serde_json::from_str(include_str!("../../../generated/api/surface.json")).expect("the API surface");
    let operations = surface["operations"].as_object().expect("operations");
    for &endpoint in Endpoint::ALL {
        let operation = operations
            .values()
            .find(|o| o["method"] == endpoint.method_name())
            .unwrap_or_else(|| panic!("no operation of the spec is `Client::{endpoint}`"));
        assert_eq!(operation["server"], format!("{:?}", endpoint.server()), "{endpoint}: the surface names the `Server` variant");
        let url = operation["url"].as_str().unwrap_or_default();
        let route = url.strip_prefix(endpoint.server().default_url()).unwrap_or(url);
        assert_eq!(endpoint.route(), (operation["http"].as_str().unwrap_or_default(), route), "{endpoint}");
    }
}

#[tokio::test]
async fn each_server_has_its_own_port_and_a_call_sent_to_the_wrong_one_is_not_found() {
    let fake = FakeDintero::start().await;
    let client = fake.client();
    // `list_settlements` goes to the api server, as to `https://api.dintero.com/v1/...`.
    let settlements = client.list_settlements(ACCOUNT).await.expect("served by the api server");
    assert_eq!(settlements.items, Some(Vec::new()));
    let received = fake.requests().into_iter().find(|r| r.endpoint == Some(Endpoint::ListSettlements)).expect("received");
    assert_eq!(received.path, format!("/v1/accounts/{ACCOUNT}/settlements"));
    assert_ne!(fake.address(Server::Api), fake.address(Server::Checkout));

    // Both servers at the checkout port: the api server's call is not found there.
    let checkout_host = format!("http://{}", fake.address(Server::Checkout));
    let misrouted = fake.client_builder().server_url(Server::Api, checkout_host).build().expect("builds");
    let error = misrouted.list_settlements(ACCOUNT).await.expect_err("the checkout server has no settlements");
    assert_eq!(error.status(), Some(404), "{error}");
    assert!(error.api_error().and_then(|e| e.message()).is_some_and(|m| m.contains("served by the `api` server")), "{error:?}");
}

// ---- sessions ---------------------------------------------------------------

#[tokio::test]
async fn sessions_get_ids_and_payment_urls_and_are_read_updated_and_cancelled() {
    let fake = FakeDintero::start().await;
    let client = fake.client();
    let created = client.create_session_from_profile(order("order-1", 30_000, None)).include_session(true).await.expect("created");
    let id = created.id.clone().expect("an id");
    assert!(id.starts_with("T12345678.") && id.len() > 20, "{id}");
    let url = created.url.clone().expect("a payment URL");
    assert_eq!(url, format!("{}/view/{id}", fake.base_url()));
    let page = reqwest::get(&url).await.expect("the payment page").text().await.unwrap_or_default();
    assert!(page.contains("30000 NOK") && page.contains("order-1"), "{page}");
    assert_eq!(created.session.as_ref().and_then(|s| s.id.as_deref()), Some(id.as_str()), "include_session");

    let read = client.get_session(&id).await.expect("read");
    assert_eq!(read.order.amount, 30_000);
    assert_eq!(read.order.items.as_ref().map(Vec::len), Some(2));

    let lines = [OrderLine::new().line_id("1").amount(20_000), OrderLine::new().line_id("2").amount(5_000)];
    let update = UpdateSessionOptions::new(SessionOrderUpdate::new().amount(25_000).items(lines));
    let updated = client.update_session(&id, update).await.expect("updated");
    assert_eq!((updated.order.amount, updated.order.merchant_reference.as_str()), (25_000, "order-1"), "changed fields replace, others stay");

    let cancelled = client.cancel_session(&id).await.expect("cancelled");
    assert!(cancelled.cancelled_at.is_some());
    assert_eq!(fake.pay(&id, "vipps").await, Err(PayError::Cancelled(id.clone())));
    let update = UpdateSessionOptions::new(SessionOrderUpdate::new().amount(1));
    assert_eq!(refused(client.update_session(&id, update).await), (400, "session_cancelled".to_owned()));
}

#[tokio::test]
async fn an_order_must_add_up_and_a_body_must_have_the_specs_shape() {
    let fake = FakeDintero::start().await;
    let client = fake.client();
    let mut request = order("order-1", 30_000, None);
    request.order.amount = 30_001;
    let error = client.create_session_from_profile(request).await.expect_err("refused");
    let api = error.api_error().expect("an API error");
    assert_eq!((api.status, api.code()), (400, Some("amount_mismatch")));
    assert!(error.to_string().contains("order.amount is 30001 but its items add up to 30000"), "{error}");

    let mut request = order("order-1", 30_000, None);
    request.order.currency = "nok".to_owned();
    assert_eq!(refused(client.create_session_from_profile(request).await), (400, "invalid_currency".to_owned()));

    let raw = reqwest::Client::new();
    let access = client_token(&fake).await;
    let answer = raw
        .post(format!("{}/sessions-profile", fake.base_url()))
        .bearer_auth(access)
        .header("content-type", "application/json")
        .body(json!({ "url": { "return_url": "https://shop.example.com" }, "order": { "amount": "many", "currency": "NOK", "merchant_reference": "x" }, "profile_id": "p" }).to_string())
        .send()
        .await
        .expect("answers");
    assert_eq!(answer.status().as_u16(), 400);
    let body = read_json(answer).await;
    assert!(body["error"]["message"].as_str().unwrap_or_default().contains("`order.amount`"), "names the place: {body}");
}

/// An error and its sources, one per line.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!("\n  caused by: {cause}"));
        source = cause.source();
    }
    text
}

/// A raw answer's JSON body.
async fn read_json(answer: reqwest::Response) -> Value {
    let bytes = answer.bytes().await.expect("a body");
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&bytes)))
}

/// The token endpoint's answer to the fake's own credentials, asked by hand.
async fn token_answer(fake: &FakeDintero) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{}/accounts/T12345678/auth/token", fake.base_url()))
        .basic_auth("fake-client-id", Some("fake-client-secret"))
        .header("content-type", "application/json")
        .body(json!({ "grant_type": "client_credentials", "audience": "https://api.dintero.com/v1/accounts/T12345678" }).to_string())
        .send()
        .await
        .expect("answers")
}

/// An access token of the fake, fetched by hand.
async fn client_token(fake: &FakeDintero) -> String {
    let token = read_json(token_answer(fake).await).await;
    token["access_token"].as_str().unwrap_or_default().to_owned()
}

// ---- paying ---------------------------------------------------------------

#[tokio::test]
async fn paying_a_session_authorizes_a_transaction_that_the_session_names() {
    let fake = FakeDintero::start().await;
    let client = fake.client();
    let id = session(&client, order("order-7", 29_990, None)).await;
    assert_eq!(client.get_session(&id).await.expect("read").transaction_id, None, "not paid yet");

    let transaction_id = fake.pay(&id, "klarna.klarna").await.expect("paid");
    let session = client.get_session(&id).await.expect("read");
    assert_eq!(session.transaction_id.as_deref(), Some(transaction_id.as_str()));
    let transaction = client.get_transaction(&transaction_id).await.expect("read");
    assert_eq!(transaction.status().map(ToString::to_string).as_deref(), Some("AUTHORIZED"));
    assert_eq!((transaction.amount, transaction.currency.as_str()), (29_990, "NOK"));
    assert_eq!((transaction.payment_product.to_string(), transaction.payment_product_type.to_string()), ("klarna".to_owned(), "klarna.klarna".to_owned()));
    assert_eq!(transaction.merchant_reference.as_deref(), Some("order-7"));
    assert_eq!(transaction.session_id.as_deref(), Some(id.as_str()));
    assert_eq!(transaction.items.as_ref().map(Vec::len), Some(2), "the order's lines");

    assert_eq!(fake.pay(&id, "vipps").await, Err(PayError::AlreadyPaid { session: id.clone(), transaction: transaction_id.clone() }));
    assert_eq!(fake.pay("T12345678.nope", "vipps").await, Err(PayError::UnknownSession("T12345678.nope".to_owned())));
    assert_eq!(refused(client.cancel_session(&id).await), (400, "session_paid".to_owned()));
}

#[tokio::test]
async fn a_failed_payment_leaves_the_session_open_and_is_reported_on_request() {
    let receiver = callback_receiver().await;
    let fake = FakeDintero::start().await;
    let client = fake.client();
    let callback_url = format!("{}/cb?report_error=true", receiver.uri());
    let id = session(&client, order("order-1", 1_000, Some(&callback_url))).await;
    fake.fail_payment(&id, PaymentFailure::Declined).await.expect("declined");

    let declined = client.get_session(&id).await.expect("read");
    assert_eq!(declined.transaction_id, None);
    let events: Vec<String> = declined.events.unwrap_or_default().iter().filter_map(|e| e.name.as_ref().map(ToString::to_string)).collect();
    assert_eq!(events, ["DECLINED"]);
    let received = receiver.received_requests().await.unwrap_or_default();
    let query: std::collections::HashMap<String, String> = received[0].url.query_pairs().into_owned().collect();
    assert_eq!((query.get("error").map(String::as_str), query.get("session_id")), (Some("authorization"), Some(&id)));
    assert!(!query.contains_key("transaction_id"), "{query:?}");

    fake.pay(&id, "vipps").await.expect("the customer tries again and pays");
    let events: Vec<String> = fake.session(&id).and_then(|s| s.events).unwrap_or_default().iter().filter_map(|e| e.name.as_ref().map(ToString::to_string)).collect();
    assert_eq!(events, ["DECLINED", "AUTHORIZED"]);
    let paid_already = fake.fail_payment(&id, PaymentFailure::Failed).await;
    assert!(matches!(paid_already, Err(PayError::AlreadyPaid { .. })), "{paid_already:?}");

    let quiet = session(&client, order("order-2", 1_000, Some(&format!("{}/cb", receiver.uri())))).await;
    fake.fail_payment(&quiet, PaymentFailure::Cancelled).await.expect("cancelled by the customer");
    assert_eq!(receiver.received_requests().await.unwrap_or_default().len(), 2, "the payment's callback, and no failure without report_error");
}

#[tokio::test]
async fn a_session_with_auto_capture_is_captured_when_paid() {
    let fake = FakeDintero::start().await;
    let client = fake.client();
    let request = order("order-1", 10_000, None).configuration(SessionOptionsConfiguration::new().auto_capture(true));
    let transaction_id = fake.pay(&session(&client, request).await, "vipps").await.expect("paid");
    assert_eq!(status(&fake, &transaction_id), "CAPTURED");
}

// ---- the money rules -------------------------------------------------------

#[tokio::test]
async fn captures_refunds_and_voids_follow_the_transaction_rules() {
    let fake = FakeDintero::start().await;
    let client = fake.client();
    let id = paid(&fake, &client, "order-1", 30_000).await;

    let too_much = CaptureTransactionRequest::new(30_001);
    assert_eq!(refused(client.capture_transaction(&id).body(too_much).await), (400, "capture_amount_exceeds_authorized".to_owned()));
    assert_eq!(refused(client.refund_transaction(&id, RefundTransactionRequest::new(1)).await), (400, "refund_amount_exceeds_captured".to_owned()));

    let first = CaptureTransactionRequest::new(10_000).capture_reference("cap-1").items([TransactionLine::new("1", 10_000)]);
    let CaptureTransactionResponse::Ok(captured) = client.capture_transaction(&id).body(first).await.expect("captured") else { panic!("200") };
    assert_eq!(captured.status().map(ToString::to_string).as_deref(), Some("PARTIALLY_CAPTURED"));
    assert_eq!(refused(client.void_transaction(&id).await), (400, "void_not_allowed".to_owned()), "void only before capture");
    let unknown_line = CaptureTransactionRequest::new(100).items([TransactionLine::new("9", 100)]);
    assert_eq!(refused(client.capture_transaction(&id).body(unknown_line).await), (400, "unknown_line_id".to_owned()));

    client.capture_transaction(&id).body(CaptureTransactionRequest::new(20_000)).await.expect("the rest");
    assert_eq!(status(&fake, &id), "CAPTURED");
    client.refund_transaction(&id, RefundTransactionRequest::new(5_000).reason("returned")).await.expect("refunded");
    assert_eq!(status(&fake, &id), "PARTIALLY_REFUNDED");
    assert_eq!(refused(client.refund_transaction(&id, RefundTransactionRequest::new(25_001)).await), (400, "refund_amount_exceeds_captured".to_owned()));
    client.refund_transaction(&id, RefundTransactionRequest::new(25_000)).await.expect("the rest");
    assert_eq!(status(&fake, &id), "REFUNDED");

    let events: Vec<String> = fake.transaction(&id).and_then(|t| t.events).unwrap_or_default().iter()
        .map(|e| format!("{} {} {}", e.event.as_ref().map(ToString::to_string).unwrap_or_default(), e.amount.unwrap_or_default(), e.transaction_status().map(ToString::to_string).unwrap_or_default()))
        .collect();
    assert_eq!(events, [
        "AUTHORIZE 30000 AUTHORIZED",
        "CAPTURE 10000 PARTIALLY_CAPTURED",
        "CAPTURE 20000 CAPTURED",
        "REFUND 5000 PARTIALLY_REFUNDED",
        "REFUND 25000 REFUNDED",
    ]);

    let other = paid(&fake, &client, "order-2", 1_000).await;
    let VoidTransactionResponse::Ok(voided) = client.void_transaction(&other).await.expect("voided") else { panic!("200") };
    assert_eq!(voided.status().map(ToString::to_string).as_deref(), Some("AUTHORIZATION_VOIDED"));
    assert_eq!(refused(client.capture_transaction(&other).body(CaptureTransactionRequest::new(1)).await).0, 400);
    assert_eq!(refused(client.get_transaction("T12345678.nope").await), (404, "not_found".to_owned()));
}

#[tokio::test]
async fn transactions_are_listed_newest_first_filtered_and_paged() {
    let fake = FakeDintero::start().await;
    let client = fake.client();
    let mut ids = Vec::new();
    for n in 0..5 {
        ids.push(paid(&fake, &client, &format!("order-{}", n % 2), 1_000 + n).await);
    }
    let listed = client.list_transactions().merchant_reference("order-0").await.expect("listed");
    let listed: Vec<String> = listed.into_iter().filter_map(|t| t.id).collect();
    assert_eq!(listed, [ids[4].clone(), ids[2].clone(), ids[0].clone()]);

    let all: Vec<Transaction> = client.list_transactions().limit(2).into_stream().try_collect().await.expect("walked");
    let all: Vec<String> = all.into_iter().filter_map(|t| t.id).collect();
    assert_eq!(all, ids.iter().rev().cloned().collect::<Vec<_>>(), "pages of 2, 2 and 1, then an empty one");
    assert_eq!(fake.calls(Endpoint::ListTransactions), 1 + 4);
}

// ---- faults ---------------------------------------------------------------

#[tokio::test]
async fn a_rate_limited_call_is_retried_after_the_wait_it_asks_for() {
    let fake = FakeDintero::start().await;
    let client = fake.client();
    let id = paid(&fake, &client, "order-1", 1_000).await;
    fake.inject(Endpoint::CaptureTransaction, Fault::TooManyRequests { retry_after: Duration::from_secs(1) }, 1);
    let started = std::time::Instant::now();
    client.capture_transaction(&id).body(CaptureTransactionRequest::new(1_000)).await.expect("captured on the second try");
    assert!(started.elapsed() >= Duration::from_secs(1), "Retry-After was honoured");
    assert_eq!(fake.calls(Endpoint::CaptureTransaction), 2);
    assert_eq!(status(&fake, &id), "CAPTURED");

    fake.inject(Endpoint::GetTransaction, Fault::TooManyRequests { retry_after: Duration::ZERO }, 5);
    let error = client.get_transaction(&id).await.expect_err("more 429s than retries");
    assert_eq!(error.status(), Some(429));
    assert_eq!(error.api_error().and_then(|e| e.retry_after()), Some(Duration::ZERO));
}

#[tokio::test]
async fn an_unavailable_capture_is_not_sent_again_but_a_read_is() {
    let fake = FakeDintero::start().await;
    let client = fake.client();
    let id = paid(&fake, &client, "order-1", 1_000).await;
    fake.inject(Endpoint::CaptureTransaction, Fault::Unavailable, 1);
    let error = client.capture_transaction(&id).body(CaptureTransactionRequest::new(1_000)).await.expect_err("503");
    assert_eq!(error.status(), Some(503));
    assert!(error.to_string().contains("not retried automatically"), "{error}");
    assert_eq!((fake.calls(Endpoint::CaptureTransaction), status(&fake, &id).as_str()), (1, "AUTHORIZED"));

    fake.inject(Endpoint::GetTransaction, Fault::Unavailable, 1);
    fake.inject(Endpoint::GetTransaction, Fault::InternalError, 1);
    client.get_transaction(&id).await.expect_err("a 500 after a retried 503");
    assert_eq!(fake.calls(Endpoint::GetTransaction), 2);
    client.get_transaction(&id).await.expect("the faults are used up");
}

#[tokio::test]
async fn a_capture_answered_after_the_timeout_went_through() {
    let fake = FakeDintero::start().await;
    let client = fake.client_builder().timeout(Duration::from_millis(300)).build().expect("builds");
    let id = paid(&fake, &client, "order-1", 1_000).await;
    fake.inject(Endpoint::CaptureTransaction, Fault::Delay(Duration::from_secs(2)), 1);
    let error = client.capture_transaction(&id).body(CaptureTransactionRequest::new(1_000)).await.expect_err("timed out");
    assert!(matches!(error, Error::Transport { .. }), "{error}");
    assert_eq!(fake.calls(Endpoint::CaptureTransaction), 1, "not sent again");
    assert_eq!(status(&fake, &id), "CAPTURED", "the fake captured before it answered");
}

#[tokio::test]
async fn an_accepted_capture_completes_later_and_reserves_its_amount() {
    let fake = FakeDintero::start().await;
    let client = fake.client();
    let id = paid(&fake, &client, "order-1", 1_000).await;
    fake.inject(Endpoint::CaptureTransaction, Fault::Accepted, 1);
    let answer = client.capture_transaction(&id).body(CaptureTransactionRequest::new(1_000)).await.expect("accepted");
    let CaptureTransactionResponse::Accepted { body, event_request_id } = answer else { panic!("202, not {answer:?}") };
    let event_request_id = event_request_id.expect("event-request-id");
    assert_eq!(body.status().map(ToString::to_string).as_deref(), Some("AUTHORIZED"), "not captured yet");
    let initiated = body.events.unwrap_or_default().into_iter().find(|e| e.request_id.as_deref() == Some(event_request_id.as_str()));
    assert_eq!(initiated.and_then(|e| e.event).map(|e| e.to_string()).as_deref(), Some("INITIATE_CAPTURE"));

    assert_eq!(refused(client.capture_transaction(&id).body(CaptureTransactionRequest::new(1_000)).await).1, "capture_amount_exceeds_authorized", "a second capture");
    assert_eq!(fake.complete_pending().await, 1);
    let transaction = client.get_transaction(&id).await.expect("read");
    assert_eq!(transaction.status().map(ToString::to_string).as_deref(), Some("CAPTURED"));
    let completion = transaction.events.unwrap_or_default().into_iter().find(|e| e.correlation_request_id.as_deref() == Some(event_request_id.as_str()));
    let completion = completion.expect("an event correlated with the accepted one, as the spec says");
    assert_eq!((completion.event.map(|e| e.to_string()).as_deref(), completion.amount), (Some("CAPTURE"), Some(1_000.0)));
    assert_ne!(completion.request_id.as_deref(), Some(event_request_id.as_str()), "an event of its own");

    fake.inject(Endpoint::RefundTransaction, Fault::Accepted, 1);
    let refund = client.refund_transaction(&id, RefundTransactionRequest::new(400)).await.expect("accepted");
    assert!(matches!(refund, RefundTransactionResponse::Accepted { .. }), "{refund:?}");
}

#[tokio::test]
async fn a_fault_waits_for_a_call_that_gets_past_authentication_and_the_rules() {
    let fake = FakeDintero::start().await;
    let client = fake.client();
    let id = paid(&fake, &client, "order-1", 1_000).await;
    fake.inject(Endpoint::CaptureTransaction, Fault::Accepted, 1);
    fake.expire_tokens();
    let over = client.capture_transaction(&id).body(CaptureTransactionRequest::new(1_001)).await;
    assert_eq!(refused(over), (400, "capture_amount_exceeds_authorized".to_owned()), "after a 401 and a fresh token: refused by the rules");
    let answer = client.capture_transaction(&id).body(CaptureTransactionRequest::new(1_000)).await.expect("accepted");
    assert!(matches!(answer, CaptureTransactionResponse::Accepted { .. }), "the fault was still queued: {answer:?}");
    assert_eq!(fake.calls(Endpoint::CaptureTransaction), 3, "the 401, the refused one, the accepted one");
}

#[tokio::test]
async fn requests_are_recorded_with_their_headers_and_no_credentials() {
    let fake = FakeDintero::start().await;
    let client = fake.client_builder().system_name("my-shop").build().expect("builds");
    paid(&fake, &client, "order-1", 1_000).await;
    let requests = fake.requests();
    let header = |index: usize, name: &str| requests[index].headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    assert_eq!(requests[0].endpoint, Some(Endpoint::GetToken));
    assert_eq!(header(0, "authorization").as_deref(), Some("Basic [redacted]"));
    assert_eq!(header(1, "authorization").as_deref(), Some("Bearer [redacted]"));
    assert_eq!(header(1, "dintero-system-name").as_deref(), Some("my-shop"));
    let body: Value = serde_json::from_slice(&requests[1].body).expect("JSON");
    assert_eq!(body["order"]["merchant_reference"], "order-1");
    let debug = format!("{fake:?}");
    assert!(!debug.contains("fake-client-secret") && !debug.contains("fake-token"), "{debug}");
}

#[tokio::test]
#[should_panic(expected = "Fault::Accepted is for capture, refund and void, not get_session")]
async fn only_money_moving_calls_can_be_accepted_for_later() {
    FakeDintero::start().await.inject(Endpoint::GetSession, Fault::Accepted, 1);
}

#[tokio::test]
async fn calls_the_fake_does_not_carry_out_say_so() {
    let fake = FakeDintero::start().await;
    let client = fake.client();
    let error = client.update_transaction("T12345678.tx").await.expect_err("not implemented");
    assert_eq!(error.status(), Some(501));
    assert!(error.to_string().contains("does not implement PUT /v1/transactions/T12345678.tx"), "{error}");
    let requests = fake.requests();
    assert_eq!(requests.last().map(|r| (r.method.as_str(), r.endpoint)), Some(("PUT", None)));
}

// ---- callbacks ------------------------------------------------------------

async fn callback_receiver() -> MockServer {
    let receiver = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200)).mount(&receiver).await;
    receiver
}

#[tokio::test]
async fn the_payment_callback_is_signed_as_the_verifier_expects() {
    let receiver = callback_receiver().await;
    let fake = FakeDintero::builder().callback_secret("whsec_test").start().await;
    let client = fake.client();
    let callback_url = format!("{}/callbacks/dintero?shop=1", receiver.uri());
    let id = session(&client, order("order-42", 1_000, Some(&callback_url))).await;
    let transaction_id = fake.pay(&id, "vipps").await.expect("paid");

    let received = receiver.received_requests().await.unwrap_or_default();
    assert_eq!(received.len(), 1, "delivered before pay returned");
    let callback = &received[0];
    assert_eq!(callback.method.as_str(), "GET");
    let query: std::collections::HashMap<String, String> = callback.url.query_pairs().into_owned().collect();
    assert_eq!(query.get("transaction_id"), Some(&transaction_id));
    assert_eq!(query.get("session_id"), Some(&id));
    assert_eq!(query.get("merchant_reference").map(String::as_str), Some("order-42"));
    assert_eq!(query.get("shop").map(String::as_str), Some("1"), "the URL's own query is kept");
    assert!(query.contains_key("time"));

    let signature = callback.headers.get("dintero-signature").and_then(|v| v.to_str().ok()).expect("signed");
    // The URL as the handler received it (wiremock's own `url` says `localhost`).
    let host = callback.headers.get("host").and_then(|v| v.to_str().ok()).expect("a Host header");
    let url = format!("http://{host}{}?{}", callback.url.path(), callback.url.query().unwrap_or_default());
    let verifier = CallbackVerifier::new("whsec_test", "T12345678");
    assert_eq!(verifier.verify(signature, "GET", &url), Ok(()));
    assert!(CallbackVerifier::new("other", "T12345678").verify(signature, "GET", &url).is_err());

    let delivered = fake.callbacks();
    assert_eq!((delivered.len(), delivered[0].succeeded()), (1, true));
    assert_eq!(delivered[0].query("transaction_id"), Some(transaction_id));
}

#[tokio::test]
async fn a_post_callback_carries_the_transaction_and_events_are_reported_on_request() {
    let receiver = callback_receiver().await;
    let fake = FakeDintero::start().await;
    let client = fake.client();
    let callback_url = format!("{}/cb?method=POST&report_event=CAPTURE&sid_parameter_name=sid", receiver.uri());
    let id = session(&client, order("order-1", 1_000, Some(&callback_url))).await;
    let transaction_id = fake.pay(&id, "vipps").await.expect("paid");
    client.capture_transaction(&transaction_id).body(CaptureTransactionRequest::new(1_000)).await.expect("captured");
    client.refund_transaction(&transaction_id, RefundTransactionRequest::new(100)).await.expect("refunded, not reported");
    fake.flush_callbacks().await;

    let received = receiver.received_requests().await.unwrap_or_default();
    assert_eq!(received.len(), 2, "the payment and the capture");
    assert!(received.iter().all(|r| r.method.as_str() == "POST"));
    let body: Value = serde_json::from_slice(&received[0].body).expect("JSON");
    assert_round_trips::<Transaction>(&body);
    assert_eq!(body["id"], transaction_id.as_str());
    let capture: std::collections::HashMap<String, String> = received[1].url.query_pairs().into_owned().collect();
    assert_eq!(capture.get("event").map(String::as_str), Some("CAPTURE"));
    assert_eq!(capture.get("sid"), Some(&id), "sid_parameter_name=sid");
    let events = fake.transaction(&transaction_id).and_then(|t| t.events).unwrap_or_default();
    let captured = events.iter().find(|e| e.event.as_ref().map(ToString::to_string).as_deref() == Some("CAPTURE")).expect("a CAPTURE event");
    assert_eq!(capture.get("event_id"), captured.id(), "event_id is the applied event's id");
    assert!(received[0].headers.get("dintero-signature").is_none(), "no secret, no signature");
}

#[tokio::test]
async fn event_callbacks_do_not_hold_up_the_answer_and_can_be_waited_for() {
    let receiver = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(500))).mount(&receiver).await;
    let fake = FakeDintero::start().await;
    let client = fake.client();
    let id = session(&client, order("order-1", 1_000, Some(&format!("{}/cb?report_event=CAPTURE", receiver.uri())))).await;
    let transaction_id = fake.pay(&id, "vipps").await.expect("paid");
    assert_eq!(fake.callbacks().len(), 1, "the payment's callback, delivered before pay returned");

    let started = std::time::Instant::now();
    client.capture_transaction(&transaction_id).body(CaptureTransactionRequest::new(1_000)).await.expect("captured");
    assert!(started.elapsed() < Duration::from_millis(400), "the answer did not wait for the slow handler: {:?}", started.elapsed());
    assert_eq!(fake.callbacks().len(), 1, "the capture's callback is still under way");
    fake.flush_callbacks().await;
    let callbacks = fake.callbacks();
    assert_eq!((callbacks.len(), callbacks[1].query("event").as_deref()), (2, Some("CAPTURE")));
}

#[tokio::test]
async fn a_callback_redirect_is_not_followed() {
    let receiver = MockServer::start().await;
    let elsewhere = format!("{}/elsewhere", receiver.uri());
    Mock::given(wiremock::matchers::path("/cb")).respond_with(ResponseTemplate::new(302).insert_header("location", elsewhere.as_str())).mount(&receiver).await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200)).mount(&receiver).await;
    let fake = FakeDintero::start().await;
    let client = fake.client();
    let id = session(&client, order("order-1", 1_000, Some(&format!("{}/cb", receiver.uri())))).await;
    fake.pay(&id, "vipps").await.expect("paid");
    let delivered = fake.callbacks();
    assert_eq!((delivered[0].status, delivered[0].succeeded()), (Some(302), false), "{:?}", delivered[0]);
    let paths: Vec<String> = receiver.received_requests().await.unwrap_or_default().iter().map(|r| r.url.path().to_owned()).collect();
    assert_eq!(paths, ["/cb"], "the redirect was not followed");
}

#[tokio::test]
async fn callbacks_never_leave_the_machine() {
    let fake = FakeDintero::start().await;
    let client = fake.client();
    let id = session(&client, order("order-1", 1_000, Some("https://shop.example.com/callback"))).await;
    fake.pay(&id, "vipps").await.expect("paid");
    let delivered = fake.callbacks();
    assert_eq!(delivered.len(), 1);
    assert!(!delivered[0].succeeded());
    assert!(delivered[0].error.as_deref().unwrap_or_default().contains("only to loopback hosts"), "{:?}", delivered[0]);
}

// ---- spec-true answers ----------------------------------------------------

#[tokio::test]
async fn every_answer_is_the_specs_shape() {
    let fake = FakeDintero::start().await;
    let client = fake.client();
    let transaction_id = paid(&fake, &client, "order-1", 3_000).await;
    client.capture_transaction(&transaction_id).body(CaptureTransactionRequest::new(1_000)).await.expect("captured");
    let session_id = fake.transaction(&transaction_id).and_then(|t| t.session_id).expect("a session");
    let token = client_token(&fake).await;
    let raw = reqwest::Client::new();
    let get = |path: String| raw.get(format!("{}{path}", fake.base_url())).bearer_auth(&token).send();
    let json = read_json;

    assert_round_trips::<Transaction>(&json(get(format!("/transactions/{transaction_id}")).await.expect("answers")).await);
    assert_round_trips::<SessionDetails>(&json(get(format!("/sessions/{session_id}")).await.expect("answers")).await);
    assert_round_trips::<Vec<Transaction>>(&json(get("/transactions".to_owned()).await.expect("answers")).await);
    let created = raw
        .post(format!("{}/sessions-profile?include_session=true", fake.base_url()))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(serde_json::to_vec(&order("order-2", 1_000, None)).expect("encodes"))
        .send()
        .await
        .expect("answers");
    assert_round_trips::<SessionCreated>(&json(created).await);
    let refused = get("/transactions/T12345678.none".to_owned()).await.expect("answers");
    assert_eq!(refused.status().as_u16(), 404);
    assert_round_trips::<dintero_checkout::models::Error>(&json(refused).await);
}

// ---- callbacks delivered as Dintero delivers them ----------------------------

/// A fake whose failed callbacks are retried 10 ms apart.
async fn quick_retries() -> FakeDintero {
    FakeDintero::builder().callback_retry_pace(Duration::from_millis(10)).start().await
}

#[tokio::test]
async fn a_callback_answered_5xx_is_delivered_again_until_it_succeeds() {
    let receiver = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(503)).up_to_n_times(2).with_priority(1).mount(&receiver).await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200)).with_priority(2).mount(&receiver).await;
    let fake = quick_retries().await;
    let id = session(&fake.client(), order("order-1", 1_000, Some(&format!("{}/cb", receiver.uri())))).await;
    fake.pay(&id, "vipps").await.expect("paid");
    let attempts: Vec<(u32, Option<u16>)> = fake.callbacks().iter().map(|c| (c.attempt, c.status)).collect();
    assert_eq!(attempts, [(1, Some(503)), (2, Some(503)), (3, Some(200))]);
}

#[tokio::test]
async fn a_4xx_answer_is_final_and_a_connection_error_is_retried_20_times() {
    let receiver = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(400)).mount(&receiver).await;
    let fake = quick_retries().await;
    let id = session(&fake.client(), order("order-1", 1_000, Some(&format!("{}/cb", receiver.uri())))).await;
    fake.pay(&id, "vipps").await.expect("paid");
    assert_eq!(fake.callbacks().iter().map(|c| (c.attempt, c.status)).collect::<Vec<_>>(), [(1, Some(400))], "a 4xx is final");
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("a port").local_addr().expect("an address");
    let fake = quick_retries().await;
    let id = session(&fake.client(), order("order-2", 1_000, Some(&format!("http://{closed}/cb")))).await;
    fake.pay(&id, "vipps").await.expect("paid");
    let delivered = fake.callbacks();
    assert_eq!((delivered.len(), delivered.last().map(|c| c.attempt)), (21, Some(21)), "one delivery and 20 retries");
    assert!(delivered.iter().all(|c| c.status.is_none() && c.error.is_some()));
}

#[tokio::test]
async fn delay_callback_postpones_the_delivery() {
    let receiver = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200)).mount(&receiver).await;
    let fake = FakeDintero::start().await;
    let id = session(&fake.client(), order("order-1", 1_000, Some(&format!("{}/cb?delay_callback=1", receiver.uri())))).await;
    let started = std::time::Instant::now();
    fake.pay(&id, "vipps").await.expect("paid");
    assert!(started.elapsed() >= Duration::from_secs(1), "delivered after {:?}", started.elapsed());
    assert!(fake.callbacks()[0].succeeded());
}

/// A merchant that handles a payment callback once, whatever Dintero
/// delivers twice: it keys what it did by merchant reference and transaction.
#[tokio::test]
async fn a_callback_delivered_twice_is_verified_both_times_and_handled_once() {
    use dintero_checkout::callback::CallbackReceiver;
    let receiver = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200)).mount(&receiver).await;
    let fake = FakeDintero::builder().callback_secret("whsec_test").start().await;
    let id = session(&fake.client(), order("order-1", 1_000, Some(&format!("{}/cb", receiver.uri())))).await;
    fake.pay(&id, "vipps").await.expect("paid");
    fake.redeliver(&fake.callbacks()[0]).await;
    let verifier = CallbackVerifier::new("whsec_test", fake.credentials().account_id().as_str());
    let merchant = CallbackReceiver::new(verifier);
    let mut handled = std::collections::BTreeSet::new();
    let requests = receiver.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 2, "delivered twice");
    for request in &requests {
        // As a server sees it: the path and query, the host in `Host`.
        let path = format!("{}?{}", request.url.path(), request.url.query().unwrap_or_default());
        let mut http_request = http::Request::builder().method(request.method.as_str()).uri(path);
        for (name, value) in &request.headers {
            http_request = http_request.header(name.as_str(), value.as_bytes());
        }
        let callback = merchant.session_callback(&http_request.body(request.body.clone()).expect("a request")).expect("verified");
        handled.insert((callback.merchant_reference, callback.transaction_id));
    }
    assert_eq!(handled.len(), 1, "one order, one transaction: handled once");
}
