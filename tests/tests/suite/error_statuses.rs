//! Every documented error status of every operation in the call table is an
//! [`Error::Api`] with the spec's typed error body; a status the operation
//! does not document is [`Error::UnexpectedStatus`]. The documented statuses
//! are read from the raw spec, not from the generator.

use dintero_checkout::auth::StaticCredentials;
use dintero_checkout::{Client, Error, RetryPolicy};
use dintero_checkout_tests::{calls, real_spec};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn documented_error_statuses_are_api_errors_and_others_are_unexpected() {
    let spec = real_spec();
    let server = MockServer::start().await;
    let client = Client::builder()
        .base_url(server.uri())
        .authenticator(StaticCredentials::new().with_api_key("key").with_bearer_token("token").with_basic("id", "secret"))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("builds");
    let operations: Vec<(&str, &str, &str)> = calls::all(&client).iter().map(|c| (c.name, c.path, c.method)).collect();
    let mut checked = 0;
    for (index, (name, path, method)) in operations.iter().enumerate() {
        let responses = spec["paths"][*path][*method]["responses"].as_object().unwrap_or_else(|| panic!("{name}: no responses in the spec"));
        let documented: Vec<u16> = responses.keys().filter_map(|k| k.parse().ok()).filter(|s| *s >= 400).collect();
        assert!(!documented.is_empty(), "{name}: the spec documents no error status");
        for status in documented.iter().copied().chain([418]) {
            server.reset().await;
            let body = json!({ "error": { "code": format!("E{status}"), "message": format!("status {status}") } });
            Mock::given(any()).respond_with(ResponseTemplate::new(status).set_body_json(&body)).mount(&server).await;
            let call = calls::all(&client).swap_remove(index);
            let error = call.call.await.expect_err("an error status");
            match (&error, documented.contains(&status)) {
                (Error::Api(api), true) => {
                    assert_eq!(api.status, status, "{name}");
                    assert_eq!(api.code(), Some(format!("E{status}").as_str()), "{name} {status}: the typed body");
                }
                (Error::UnexpectedStatus(response), false) => assert_eq!(response.status, status, "{name}"),
                (other, documented) => panic!("{name} {status} (documented: {documented}): {other:?}"),
            }
            checked += 1;
        }
    }
    eprintln!("{checked} error responses over {} operations", operations.len());
    assert!(checked > operations.len() * 3);
}
