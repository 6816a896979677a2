//! A merchant's server, with axum: it creates an express checkout session,
//! answers Dintero's shipping-address callback, receives the signed payment
//! callback, and captures the payment from it once, even when Dintero
//! delivers the callback twice.
//!
//! ```text
//! cargo run -p dintero-checkout --features testing,axum --example merchant
//! ```
//!
//! It runs offline against the crate's fake Dintero, which also stands in
//! for the customer: it sets an address (the fake calls the shipping
//! callback), pays (the fake sends the payment callback), and delivers that
//! callback a second time.

use axum::extract::{FromRef, State};
use axum::routing::post;
use axum::{Json, Router};
use dintero_checkout::callback::axum::{payment_callback_route, Payment, ShippingAddress};
use dintero_checkout::callback::{CallbackReceiver, CallbackVerifier};
use dintero_checkout::models::{
    CaptureTransactionRequest, CreateSessionFromProfileRequest, OrderAddress, OrderLine, SessionExpressExpress, SessionOrder,
    SessionUrls, ShippingAddressCallbackAnswer, SplitShippingOption, TransactionLine,
};
use dintero_checkout::testing::FakeDintero;
use dintero_checkout::Client;
use std::collections::BTreeSet;
use std::error::Error;
use std::sync::{Arc, Mutex};

/// The shop: its Dintero client, how it checks callbacks, and the
/// transactions it captured (its idempotency record).
#[derive(Clone)]
struct Shop {
    client: Client,
    callbacks: CallbackReceiver,
    captured: Arc<Mutex<BTreeSet<String>>>,
}

impl FromRef<Shop> for CallbackReceiver {
    fn from_ref(shop: &Shop) -> Self {
        shop.callbacks.clone()
    }
}

/// Shipping to the customer's address: one option, priced by the shop.
async fn shipping_options(ShippingAddress(session): ShippingAddress) -> Json<ShippingAddressCallbackAnswer> {
    let country = session.order.shipping_address.and_then(|a| a.country).unwrap_or_default();
    let price = if country == "NO" { 4_900 } else { 9_900 };
    Json(ShippingAddressCallbackAnswer::new(vec![SplitShippingOption::new("home", "shipping", price, "Home delivery", "Posten")]))
}

/// The payment callback: capture the transaction, once.
async fn payment(State(shop): State<Shop>, Payment(callback): Payment) -> http::StatusCode {
    let Some(transaction_id) = callback.transaction_id else { return http::StatusCode::OK };
    if !shop.captured.lock().unwrap_or_else(|e| e.into_inner()).insert(transaction_id.clone()) {
        return http::StatusCode::OK; // delivered again: already handled
    }
    let Ok(transaction) = shop.client.get_transaction(&transaction_id).await else {
        shop.captured.lock().unwrap_or_else(|e| e.into_inner()).remove(&transaction_id);
        return http::StatusCode::SERVICE_UNAVAILABLE; // Dintero tries again
    };
    let capture = CaptureTransactionRequest::new(transaction.amount).items([TransactionLine::new("1", transaction.amount)]);
    match shop.client.capture_transaction(&transaction_id).body(capture).await {
        Ok(_) => http::StatusCode::OK,
        Err(_) => {
            shop.captured.lock().unwrap_or_else(|e| e.into_inner()).remove(&transaction_id);
            http::StatusCode::SERVICE_UNAVAILABLE
        }
    }
}

/// Runs the shop against the fake; the transactions it captured.
async fn run() -> Result<Vec<String>, Box<dyn Error>> {
    let fake = FakeDintero::builder().callback_secret("whsec_demo").start().await;
    let verifier = CallbackVerifier::new("whsec_demo", fake.credentials().account_id().as_str());
    let shop = Shop { client: fake.client(), callbacks: CallbackReceiver::new(verifier), captured: Arc::default() };
    let app = Router::new()
        .route("/dintero/callback", payment_callback_route(payment))
        .route("/dintero/shipping", post(shipping_options))
        .with_state(shop.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await });

    let order = SessionOrder::new(29_900, "NOK", "order-1001").items([OrderLine::new().line_id("1").amount(29_900).vat(25).description("Wool sweater")]);
    let urls = SessionUrls::new("https://shop.example/thanks").callback_url(format!("{base}/dintero/callback"));
    let express = SessionExpressExpress::new(Vec::new()).shipping_address_callback_url(format!("{base}/dintero/shipping"));
    let request = CreateSessionFromProfileRequest::new(urls, order, "T12345678.profile").express(express);
    let session_id = shop.client.create_session_from_profile(request).await?.id.ok_or("the session has no id")?;
    println!("created express session {session_id}");

    let answer = fake.set_shipping_address(&session_id, OrderAddress::new().country("NO").postal_code("0150")).await?;
    println!("shipping options for the customer's address: {}", answer.shipping_options.len());
    let transaction_id = fake.pay(&session_id, "vipps").await?;
    println!("paid: transaction {transaction_id}; the payment callback arrived");
    fake.redeliver(&fake.callbacks()[0]).await;
    println!("the payment callback arrived a second time");
    let captured: Vec<String> = shop.captured.lock().unwrap_or_else(|e| e.into_inner()).iter().cloned().collect();
    println!("captured: {captured:?}");
    Ok(captured)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    run().await.map(|_| ())
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn the_merchant_captures_once_though_the_callback_arrives_twice() {
        let captured = super::run().await.unwrap_or_else(|e| panic!("the merchant failed: {e}"));
        assert_eq!(captured.len(), 1, "{captured:?}");
    }
}
