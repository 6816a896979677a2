// What the live API asks for: a URL per server, a capture of a
// transaction's own (`i64`) amount, one call's own options, and the
// response's status and headers beside the typed body.
use dintero_checkout::models::{CaptureTransactionRequest, Transaction};
use dintero_checkout::{CallOptions, Client, Error, Server};
use std::time::Duration;

async fn capture_in_full(client: &Client, transaction: &Transaction) -> Result<u16, Error> {
    let id = transaction.id.clone().unwrap_or_default();
    let request = CaptureTransactionRequest::new(transaction.amount);
    let options = CallOptions::new().timeout(Duration::from_secs(60)).header("x-shop-order", "order-1");
    let response = client.capture_transaction(id).body(request).options(options).send_with_response().await?;
    Ok(response.status().as_u16())
}

fn main() {
    let client = Client::builder().server_url(Server::Api, "http://127.0.0.1:8080").build().expect("builds");
    assert_eq!(client.server_url(Server::Checkout), Server::Checkout.default_url());
    let transaction: Transaction = serde_json::from_str(r#"{"id":"T1","amount":1,"currency":"NOK","payment_product":"vipps","payment_product_type":"vipps","status":"AUTHORIZED"}"#).expect("decodes");
    let _status = capture_in_full(&client, &transaction);
}
