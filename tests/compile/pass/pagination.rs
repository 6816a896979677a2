// Walking every page of a list as one stream.
use dintero_checkout::{Client, Error};
use futures_util::TryStreamExt;

async fn captured_amount(client: &Client) -> Result<i64, Error> {
    client.list_transactions().limit(100).into_stream().try_fold(0, |sum, transaction| async move { Ok(sum + transaction.amount) }).await
}

fn main() {
    let client = Client::builder().build().expect("builds");
    let _sum = captured_amount(&client);
}
