//! The transaction id of `get_transaction` is a required argument.
use dintero_checkout::Client;

async fn read(client: &Client) {
    let _ = client.get_transaction().await;
}

fn main() {
    let _ = read;
}
