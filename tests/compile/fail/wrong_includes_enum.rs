//! `includes` values are typed by what an endpoint accepts: the request
//! header includes of sessions, captures, refunds and voids (one type, as
//! their values are the same) cannot be sent to `get_transaction`.
use dintero_checkout::models::RequestHeaderInclude;
use dintero_checkout::operations::GetTransactionParams;

fn main() {
    let _params = GetTransactionParams { includes: Some(vec![RequestHeaderInclude::EventsRequestHeaders]) };
}
