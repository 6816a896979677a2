//! The bookshop client, generated with no settings, against a mock server:
//! its names (a field named `new` keeps a setter, `set_new`; a parameter
//! named `send` keeps one, `set_send`, beside the call's `send`), its
//! parameters, bodies and responses, and its error body (the spec's
//! `Problem`, not Dintero's `Error`).

use any_spec_client::auth::StaticCredentials;
use any_spec_client::models::{Book, Receipt};
use any_spec_client::operations::ListBooksResponse;
use any_spec_client::{Client, Error, ErrorBody, Server};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client(server: &MockServer) -> Client {
    Client::builder()
        .server_url(Server::Api, format!("{}/v2", server.uri()))
        .authenticator(StaticCredentials::new().with_bearer_token("token"))
        .build()
        .expect("a client")
}

#[test]
fn a_field_named_new_keeps_its_setter_and_a_read_only_one_its_getter() {
    let book = Book::new("Dune").set_new(true).send("post").tags(["sf"]);
    assert_eq!(serde_json::to_value(&book).expect("encodes"), json!({"title": "Dune", "new": true, "send": "post", "tags": ["sf"]}));
    let receipt: Receipt = serde_json::from_value(json!({"new": "paid", "total": 12})).expect("decodes");
    assert_eq!((receipt.get_new().map(String::as_str), receipt.total()), (Some("paid"), Some(12)));
}

#[tokio::test]
async fn a_parameter_named_send_is_set_with_set_send_and_the_call_still_sends() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/books/b1"))
        .and(query_param("send", "true"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"title": "Dune"})))
        .expect(1)
        .mount(&server)
        .await;
    let book = client(&server).await.get_book("b1").set_send(true).send().await.expect("the book");
    assert_eq!(book, Book::new("Dune"));
}

#[tokio::test]
async fn an_error_response_is_read_as_the_specs_own_error_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/books/nope"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"code": "not_found", "detail": "no book nope"})))
        .mount(&server)
        .await;
    let Err(Error::Api(error)) = client(&server).await.get_book("nope").await else { panic!("an API error") };
    let expected: ErrorBody = serde_json::from_value(json!({"code": "not_found", "detail": "no book nope"})).expect("a Problem");
    assert_eq!(error.error, Some(expected));
    assert_eq!((error.code(), error.message()), (Some("not_found"), Some("no book nope")));
    assert!(error.to_string().ends_with("HTTP 404: not_found: no book nope"), "{error}");
}

#[tokio::test]
async fn joined_query_values_header_parameters_response_headers_bodies_and_bytes() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/books"))
        .and(query_param("tags", "sf,classic"))
        .and(header("x-request-id", "r1"))
        .respond_with(ResponseTemplate::new(200).insert_header("x-total-count", "1").set_body_json(json!([{"title": "Dune"}])))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2/books"))
        .and(header("authorization", "Bearer token"))
        .and(body_json(json!({"title": "Dune", "new": false})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"new": "ordered"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/books/b1/cover"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"\x89PNG".to_vec()))
        .mount(&server)
        .await;
    let client = client(&server).await;
    let ListBooksResponse::Ok { body, x_total_count } = client.list_books().tags(["sf", "classic"]).x_request_id("r1").await.expect("books") else {
        panic!("200")
    };
    assert_eq!((body, x_total_count), (vec![Book::new("Dune")], Some(1)));
    let receipt = client.order_book(Book::new("Dune").set_new(false)).await.expect("a receipt");
    assert_eq!(receipt.get_new().map(String::as_str), Some("ordered"));
    assert_eq!(client.get_cover("b1").await.expect("the cover").as_ref(), b"\x89PNG");
}
