//! Each operation's `includes` values are their own type: a session's
//! includes cannot be sent to a transaction endpoint.
use dintero_checkout::models::GetSessionIncludesItem;
use dintero_checkout::operations::GetTransactionParams;

fn main() {
    let _params = GetTransactionParams { includes: Some(vec![GetSessionIncludesItem::EventsRequestHeaders]) };
}
