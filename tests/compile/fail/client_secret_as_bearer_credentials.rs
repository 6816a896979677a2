//! Client credentials are for the token endpoint; they are not an
//! authenticator for API calls (use `client_credentials`, which exchanges them
//! for a bearer token).
use dintero_checkout::{Client, Credentials};

fn main() {
    let credentials = Credentials::new("T12345678", "client-id", "client-secret").expect("valid");
    let _client = Client::builder().authenticator(credentials).build();
}
