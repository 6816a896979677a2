// The flow of shared/flow.md as a merchant writes it.
use dintero_checkout::models::{CreateSessionFromProfileRequest, SessionOrder, SessionUrls};
use dintero_checkout::{Client, Credentials, Error};

async fn flow(client: &Client) -> Result<(), Error> {
    let urls = SessionUrls::new("https://shop.example/return").callback_url("https://shop.example/callback");
    let order = SessionOrder::new(29990, "NOK", "order-1");
    let created = client.create_session_from_profile(CreateSessionFromProfileRequest::new(urls, order, "T12345678.profile")).await?;
    let session_id = created.id.unwrap_or_default();
    let session = client.get_session(&session_id).await?;
    if let Some(transaction_id) = session.transaction_id {
        let transaction = client.get_transaction(transaction_id).await?;
        let _status = transaction.status();
    }
    client.cancel_session(&session_id).await?;
    Ok(())
}

fn main() {
    let credentials = Credentials::new("T12345678", "client-id", "client-secret").expect("valid");
    let client = Client::builder().client_credentials(credentials).system_name("shop").build().expect("builds");
    let _flow = flow(&client);
}
