//! A session cannot be created without its `order`: `new` takes every required field.
use dintero_checkout::models::{CreateSessionFromProfileRequest, SessionUrls};

fn main() {
    let urls = SessionUrls::new("https://shop.example/return");
    let _request = CreateSessionFromProfileRequest::new(urls, String::from("T12345678.profile"));
}
