//! A refund's body (its amount) is required: it is an argument of the
//! method, so a call cannot be sent without it.
use dintero_checkout::Client;

async fn refund(client: &Client) {
    let _ = client.refund_transaction("T1").await;
}

fn main() {
    let _ = refund;
}
