//! Params structs are `#[non_exhaustive]`, so a new query parameter in a
//! later spec breaks no one: they are built with `Default` and setters.
use dintero_checkout::operations::ListTransactionsParams;

fn main() {
    let _params = ListTransactionsParams { limit: Some(10), ..Default::default() };
}
