//! `includes` values are typed by what an endpoint accepts: the request
//! header includes of sessions, captures, refunds and voids (one type, as
//! their values are the same) cannot be sent to `get_transaction`.
use dintero_checkout::models::RequestHeaderInclude;
use dintero_checkout::Client;

async fn read(client: &Client) {
    let _ = client.get_transaction("T1").includes([RequestHeaderInclude::EventsRequestHeaders]).await;
}

fn main() {
    let _ = read;
}
