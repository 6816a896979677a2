//! A mock Dintero server for the client-credentials flow: the token
//! endpoint (HTTP Basic with the client id and secret) and a client that
//! fetches its tokens there. Shared by the flow and tracing tests.

use crate::mock::RawHeader;
use dintero_checkout::{Client, ClientBuilder, Credentials};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The account of the test credentials.
pub use crate::calls::ACCOUNT;
/// The client id of the test credentials.
pub const CLIENT_ID: &str = "flow-client";
/// The client secret of the test credentials.
pub const SECRET: &str = "s3cr3t-client-secret";
/// `base64("flow-client:s3cr3t-client-secret")`, computed outside this code
/// base (`printf 'flow-client:s3cr3t-client-secret' | base64`).
pub const BASIC: &str = "Zmxvdy1jbGllbnQ6czNjcjN0LWNsaWVudC1zZWNyZXQ=";
const BASIC_HEADER: &str = "Basic Zmxvdy1jbGllbnQ6czNjcjN0LWNsaWVudC1zZWNyZXQ=";
/// The token endpoint of the account, as the server sees it.
pub const TOKEN_PATH: &str = "/v1/accounts/T12345678/auth/token";
/// A transaction id.
pub const TX: &str = "T12345678.tx1";

/// The test credentials.
pub fn credentials() -> Credentials {
    Credentials::new(ACCOUNT, CLIENT_ID, SECRET).expect("valid")
}

/// A client of `server` with the test credentials.
pub fn client(server: &MockServer) -> Client {
    client_with(server, |b| b)
}

/// A client of `server` with the test credentials and `adjust`'s settings.
pub fn client_with(server: &MockServer, adjust: impl FnOnce(ClientBuilder) -> ClientBuilder) -> Client {
    let builder = Client::builder().base_url(format!("{}/v1/", server.uri())).client_credentials(credentials());
    adjust(builder).build().expect("builds")
}

/// A `200 OK` answer with `body`.
pub fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// A token endpoint answer: `access_token`, valid for `expires_in` seconds.
pub fn token(access_token: &str, expires_in: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({ "access_token": access_token, "token_type": "Bearer", "expires_in": expires_in }))
}

/// The token endpoint, answering `access_token` and expecting `times` requests
/// with HTTP Basic and the account's audience.
pub async fn token_endpoint(server: &MockServer, access_token: &str, expires_in: u64, times: u64) {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(RawHeader("authorization", BASIC_HEADER))
        .and(body_json(json!({ "grant_type": "client_credentials", "audience": "https://api.dintero.com/v1/accounts/T12345678" })))
        .respond_with(token(access_token, expires_in))
        .expect(times)
        .mount(server)
        .await;
}

/// A transaction `TX` in `status`.
pub fn transaction(status: &str) -> Value {
    json!({ "id": TX, "amount": 29990, "currency": "NOK", "status": status, "payment_product": "vipps", "payment_product_type": "vipps" })
}
