//! The client secret cannot be read back out of `Credentials`.
use dintero_checkout::Credentials;

fn main() {
    let credentials = Credentials::new("T12345678", "client-id", "client-secret").expect("valid");
    let _secret = credentials.client_secret();
}
