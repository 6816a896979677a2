//! The spec gives void no request body; its call has no body to set.
use dintero_checkout::models::CaptureTransactionRequest;
use dintero_checkout::Client;

async fn void(client: &Client) {
    let _ = client.void_transaction("T1").body(CaptureTransactionRequest::new(100)).await;
}

fn main() {
    let _ = void;
}
