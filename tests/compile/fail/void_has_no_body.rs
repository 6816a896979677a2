//! The spec gives void no request body; the method takes none.
use dintero_checkout::models::CaptureTransactionRequest;
use dintero_checkout::operations::VoidTransactionParams;
use dintero_checkout::Client;

async fn void(client: &Client) {
    let body = CaptureTransactionRequest::new(100);
    let _ = client.void_transaction("T1", Some(&body), &VoidTransactionParams::default()).await;
}

fn main() {
    let _ = void;
}
