//! Receiving Dintero's callbacks with `CallbackReceiver`, as a merchant's
//! handler does: the signature is checked against the URL Dintero called
//! (behind a proxy too), a configured secret makes an unsigned callback a
//! rejection, the query becomes a typed `SessionCallback` (`sid` or
//! `session_id`, unknown `error` and `event` values kept), the POST body is
//! the transaction, and the express callbacks' bodies and answers follow the
//! spec's schemas.

use dintero_checkout::callback::{CallbackError, CallbackReceiver, CallbackVerifier, Rejection, SignatureError};
use dintero_checkout::models::{DiscountCodesCallbackAnswer, ExpressSession, ShippingAddressCallbackAnswer, Transaction, TransactionEventEvent};
use dintero_checkout_tests::{real_spec, samples::Samples};
use serde_json::Value;
use std::time::{Duration, SystemTime};

const URL: &str = "https://shop.example/dintero/callback?transaction_id=T1.tx&session_id=T1.s&merchant_reference=order-7&time=2026-12-02T10%3A00%3A00Z";

fn verifier() -> CallbackVerifier {
    CallbackVerifier::new("whsec_test", "T12345678")
}

/// A request as a server sees it: path and query only, the host in `Host`.
fn request(method: &str, url: &str, signature: Option<String>, body: Vec<u8>) -> http::Request<Vec<u8>> {
    let parsed = url::Url::parse(url).expect("a URL");
    let path = match parsed.query() {
        Some(query) => format!("{}?{query}", parsed.path()),
        None => parsed.path().to_owned(),
    };
    let mut builder = http::Request::builder().method(method).uri(path).header("host", parsed.host_str().expect("a host"));
    if let Some(signature) = signature {
        builder = builder.header("dintero-signature", signature);
    }
    builder.body(body).expect("a request")
}

fn signed(method: &str, url: &str, body: Vec<u8>) -> http::Request<Vec<u8>> {
    request(method, url, Some(verifier().sign(method, url, SystemTime::now()).expect("signs")), body)
}

#[test]
fn a_signed_payment_callback_is_typed() {
    let callback = CallbackReceiver::new(verifier()).session_callback(&signed("GET", URL, Vec::new())).expect("accepted");
    assert_eq!(callback.transaction_id.as_deref(), Some("T1.tx"));
    assert_eq!((callback.session_id.as_str(), callback.merchant_reference.as_str()), ("T1.s", "order-7"));
    assert_eq!(callback.time.as_str(), "2026-12-02T10:00:00Z");
    assert!(callback.time.parse().is_ok());
    assert_eq!((callback.error, callback.event, callback.transaction), (None, None, None));
}

#[test]
fn a_bad_a_stale_and_a_missing_signature_are_401() {
    let receiver = CallbackReceiver::new(verifier());
    let other = CallbackVerifier::new("another secret", "T12345678").sign("GET", URL, SystemTime::now()).expect("signs");
    let rejected = receiver.session_callback(&request("GET", URL, Some(other), Vec::new())).expect_err("another secret");
    assert_eq!((rejected.clone(), rejected.status()), (Rejection::Signature(SignatureError::Mismatch), http::StatusCode::UNAUTHORIZED));
    let an_hour_ago = verifier().sign("GET", URL, SystemTime::now() - Duration::from_secs(3600)).expect("signs");
    let stale = receiver.session_callback(&request("GET", URL, Some(an_hour_ago), Vec::new())).expect_err("stale");
    assert!(matches!(stale, Rejection::Signature(SignatureError::Stale { .. })), "{stale}");
    let unsigned = receiver.session_callback(&request("GET", URL, None, Vec::new())).expect_err("unsigned");
    assert_eq!((unsigned.clone(), unsigned.status()), (Rejection::Unsigned, http::StatusCode::UNAUTHORIZED));
    // The signature covers the method too.
    let as_post = request("POST", URL, Some(verifier().sign("GET", URL, SystemTime::now()).expect("signs")), Vec::new());
    assert_eq!(receiver.session_callback(&as_post), Err(Rejection::Signature(SignatureError::Mismatch)));
    // Without a secret, nothing is checked (Dintero signs only when one exists).
    assert!(CallbackReceiver::unsigned().session_callback(&request("GET", URL, None, Vec::new())).is_ok());
}

#[test]
fn behind_a_proxy_the_signature_is_checked_against_the_public_url() {
    // Dintero called https://shop.example/dintero/callback?...; the proxy
    // hands the app http://10.0.0.7:8080/callback?... (prefix stripped).
    let signature = verifier().sign("GET", URL, SystemTime::now()).expect("signs");
    let inside = request("GET", &URL.replace("https://shop.example/dintero/callback", "http://10.0.0.7:8080/callback"), Some(signature), Vec::new());
    assert_eq!(CallbackReceiver::new(verifier()).session_callback(&inside).map(|_| ()), Err(Rejection::Signature(SignatureError::Mismatch)));
    let public = CallbackReceiver::new(verifier()).public_url("https://shop.example/dintero").expect("a URL");
    assert!(public.session_callback(&inside).is_ok());
}

#[test]
fn sid_stands_for_session_id_and_unknown_error_and_event_values_are_kept() {
    let receiver = CallbackReceiver::unsigned();
    let url = "https://shop.example/cb?sid=T1.s&merchant_reference=m&time=2026-12-02T10%3A00%3A00Z&error=captured&event=SETTLE&event_id=e1";
    let callback = receiver.session_callback(&request("GET", url, None, Vec::new())).expect("accepted");
    assert_eq!(callback.session_id, "T1.s");
    assert_eq!(callback.transaction_id, None, "an error callback has no transaction");
    assert_eq!(callback.error, Some(CallbackError::Captured));
    assert_eq!(callback.event, Some(TransactionEventEvent::from("SETTLE")));
    assert_eq!(callback.event.as_ref().map(|e| e.as_str()), Some("SETTLE"), "kept as it came");
    let odd = receiver.session_callback(&request("GET", &url.replace("error=captured", "error=psp_timeout"), None, Vec::new())).expect("accepted");
    assert_eq!(odd.error.as_ref().map(CallbackError::as_str), Some("psp_timeout"));
    assert_eq!(odd.error, Some(CallbackError::Unknown("psp_timeout".to_owned())));
}

#[test]
fn a_malformed_query_or_body_is_400() {
    let receiver = CallbackReceiver::unsigned();
    let no_reference = receiver.session_callback(&request("GET", &URL.replace("&merchant_reference=order-7", ""), None, Vec::new())).expect_err("no reference");
    assert_eq!((no_reference.status(), no_reference.to_string().contains("merchant_reference")), (http::StatusCode::BAD_REQUEST, true));
    let bad_time = receiver.session_callback(&request("GET", &URL.replace("2026-12-02T10%3A00%3A00Z", "yesterday"), None, Vec::new())).expect_err("bad time");
    assert_eq!(bad_time.status(), http::StatusCode::BAD_REQUEST);
    let bad_body = receiver.session_callback(&request("POST", URL, None, b"{\"amount\": \"ten\"}".to_vec())).expect_err("bad body");
    assert!(matches!(bad_body, Rejection::Body(_)), "{bad_body}");
}

#[test]
fn the_post_callback_carries_the_transaction() {
    let mut samples = Samples::new(&real_spec());
    let transaction = samples.component("Transaction", 0);
    let body = serde_json::to_vec(&transaction).expect("encodes");
    let callback = CallbackReceiver::new(verifier()).session_callback(&signed("POST", &format!("{URL}&method=POST"), body)).expect("accepted");
    let expected: Transaction = serde_json::from_value(transaction).expect("a transaction");
    assert_eq!(callback.transaction.as_deref(), Some(&expected));
}

/// The receiver's `SessionCallback` is written by hand, because the spec's
/// parameters mis-describe the callback (`transaction_id` is "required" but
/// absent on an error callback; `session_id` or `sid`; `error` and `event`
/// are plain strings). So a parameter Dintero adds to the spec must not go
/// unread: each one the spec lists is set alone, with a value of its own,
/// and must come out in the typed callback.
#[test]
fn every_query_parameter_the_spec_lists_for_the_payment_callback_is_read() {
    // The callback URL's own settings: the merchant writes them into
    // `callback_url`, and they configure the delivery (the spec's
    // `CallbackUrl`), so they are no part of what the callback says.
    const SETTINGS: [&str; 6] = ["method", "report_error", "delay_callback", "report_event", "includes", "sid_parameter_name"];
    let spec = real_spec();
    let path = &spec["paths"]["/examples/session_url_callback"];
    let parameters = path["parameters"].as_array().into_iter().chain(["get", "post"].iter().filter_map(|m| path[m]["parameters"].as_array())).flatten();
    let query: Vec<&str> = parameters.filter(|p| p["in"] == "query").filter_map(|p| p["name"].as_str()).collect();
    assert!(query.len() >= 10, "the spec lists the callback's query: {query:?}");
    let base = [("transaction_id", "T1.tx"), ("session_id", "T1.s"), ("merchant_reference", "order-7"), ("time", "2026-12-02T10:00:00Z")];
    let receiver = CallbackReceiver::unsigned();
    for name in query.into_iter().filter(|name| !SETTINGS.contains(name)) {
        let value = if name == "time" { "2031-01-02T03:04:05Z".to_owned() } else { format!("value-of-{name}") };
        // `sid` stands in for `session_id`, so it comes without it.
        let pairs = base.iter().filter(|(key, _)| *key != name && !(name == "sid" && *key == "session_id"));
        let url = url::Url::parse_with_params("https://shop.example/callback", pairs.copied().chain([(name, value.as_str())])).expect("a URL");
        let callback = receiver.session_callback(&request("GET", url.as_str(), None, Vec::new())).unwrap_or_else(|e| panic!("`{name}`: {e}"));
        assert!(format!("{callback:?}").contains(&value), "the spec's query parameter `{name}` is not read into SessionCallback: {callback:?}");
    }
}

/// The schema at `pointer` of the spec, as JSON.
fn schema(spec: &Value, pointer: &str) -> Value {
    spec.pointer(pointer).unwrap_or_else(|| panic!("no schema at {pointer}")).clone()
}

#[test]
fn the_express_callbacks_bodies_and_answers_follow_the_specs_schemas() {
    let spec = real_spec();
    let mut samples = Samples::new(&spec);
    let session = samples.sample(&schema(&spec, "/components/requestBodies/example_discount_codes_callback_urlOptions/content/application~1json/schema"), 0);
    let body = serde_json::to_vec(&session).expect("encodes");
    let receiver = CallbackReceiver::new(verifier());
    let url = "https://shop.example/express/shipping";
    let received = receiver.shipping_address_callback(&signed("POST", url, body.clone())).expect("a session");
    assert_eq!(serde_json::to_value(&received).expect("encodes"), session, "the session round-trips");
    let received: ExpressSession = receiver.discount_codes_callback(&signed("POST", url, body)).expect("a session");
    assert_eq!(serde_json::to_value(&received).expect("encodes"), session);
    for (path, decode) in [
        ("/paths/~1examples~1shipping_address_callback_url/post/responses/200/content/application~1json/schema", "shipping"),
        ("/paths/~1examples~1discount_code_callback_url/post/responses/200/content/application~1json/schema", "discounts"),
    ] {
        for k in 0..3 {
            let answer = samples.sample(&schema(&spec, path), k);
            let back = match decode {
                "shipping" => serde_json::to_value(serde_json::from_value::<ShippingAddressCallbackAnswer>(answer.clone()).expect("an answer")),
                _ => serde_json::to_value(serde_json::from_value::<DiscountCodesCallbackAnswer>(answer.clone()).expect("an answer")),
            };
            assert_eq!(back.expect("encodes"), answer, "{decode} answer round {k}");
        }
    }
}

// ---- the axum feature --------------------------------------------------------

mod with_axum {
    use super::{verifier, URL};
    use axum::extract::{FromRef, State};
    use axum::routing::post;
    use axum::{Json, Router};
    use dintero_checkout::callback::axum::{payment_callback_route, Payment, ShippingAddress};
    use dintero_checkout::callback::CallbackReceiver;
    use dintero_checkout::models::ShippingAddressCallbackAnswer;
    use std::sync::{Arc, Mutex};
    use std::time::SystemTime;

    /// A shop's state: the receiver, and the orders its handler marked paid.
    #[derive(Clone)]
    struct Shop {
        receiver: CallbackReceiver,
        paid: Arc<Mutex<Vec<String>>>,
    }

    impl FromRef<Shop> for CallbackReceiver {
        fn from_ref(shop: &Shop) -> Self {
            shop.receiver.clone()
        }
    }

    async fn on_payment(State(shop): State<Shop>, Payment(callback): Payment) -> http::StatusCode {
        shop.paid.lock().expect("not poisoned").push(callback.merchant_reference);
        http::StatusCode::OK
    }

    async fn on_shipping_address(ShippingAddress(_session): ShippingAddress) -> Json<ShippingAddressCallbackAnswer> {
        Json(ShippingAddressCallbackAnswer::new(Vec::new()))
    }

    /// The shop served on a loopback port, reached as `shop.example` by the
    /// signature (the receiver's public URL), as behind a proxy.
    async fn serve() -> (String, Arc<Mutex<Vec<String>>>) {
        let paid = Arc::new(Mutex::new(Vec::new()));
        let receiver = CallbackReceiver::new(verifier()).public_url("https://shop.example/dintero").expect("a URL");
        let app = Router::new()
            .route("/callback", payment_callback_route(on_payment))
            .route("/shipping", post(on_shipping_address))
            .with_state(Shop { receiver, paid: paid.clone() });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let address = listener.local_addr().expect("an address");
        tokio::spawn(async move { axum::serve(listener, app).await.expect("serves") });
        (format!("http://{address}"), paid)
    }

    #[tokio::test]
    async fn the_extractors_verify_and_parse_before_the_handler_runs() {
        let (base, paid) = serve().await;
        let query = URL.split_once('?').map(|(_, q)| q).expect("a query");
        let signature = verifier().sign("GET", URL, SystemTime::now()).expect("signs");
        let http = reqwest::Client::new();
        let accepted = http.get(format!("{base}/callback?{query}")).header("dintero-signature", signature).send().await.expect("answers");
        assert_eq!(accepted.status().as_u16(), 200);
        let unsigned = http.get(format!("{base}/callback?{query}")).send().await.expect("answers");
        assert_eq!(unsigned.status().as_u16(), 401, "rejected before the handler");
        assert_eq!(*paid.lock().expect("not poisoned"), ["order-7"], "the handler ran once, for the signed callback");
        let spec = dintero_checkout_tests::real_spec();
        let pointer = "/components/requestBodies/example_discount_codes_callback_urlOptions/content/application~1json/schema";
        let body = dintero_checkout_tests::samples::Samples::new(&spec).sample(spec.pointer(pointer).expect("the schema"), 0);
        let shipping_url = "https://shop.example/dintero/shipping";
        let signature = verifier().sign("POST", shipping_url, SystemTime::now()).expect("signs");
        let answer = http.post(format!("{base}/shipping")).header("dintero-signature", signature).header("content-type", "application/json").body(serde_json::to_vec(&body).expect("encodes")).send().await.expect("answers");
        assert_eq!(answer.status().as_u16(), 200);
        assert_eq!(answer.text().await.unwrap_or_default(), r#"{"shipping_options":[]}"#);
    }
}

// ---- express callbacks, driven by the fake Dintero -----------------------------

mod express {
    use super::schema;
    use axum::extract::State;
    use axum::routing::post;
    use axum::{Json, Router};
    use dintero_checkout::callback::axum::{DiscountCodes, ShippingAddress};
    use dintero_checkout::callback::{CallbackReceiver, CallbackVerifier};
    use dintero_checkout::models::{
        CreateSessionFromProfileRequest, DiscountCodesCallbackAnswer, OrderAddress, SessionExpressExpress, SessionExpressExpressDiscountCodes, SessionOrder,
        SessionUrls, ShippingAddressCallbackAnswer,
    };
    use dintero_checkout::testing::FakeDintero;
    use dintero_checkout_tests::{real_spec, samples::Samples};
    use serde_json::Value;
    use std::sync::{Arc, Mutex};

    /// What the merchant answers, and what it was sent.
    #[derive(Clone)]
    struct Merchant {
        receiver: CallbackReceiver,
        shipping: ShippingAddressCallbackAnswer,
        discounts: DiscountCodesCallbackAnswer,
        seen: Arc<Mutex<Vec<Value>>>,
    }

    impl axum::extract::FromRef<Merchant> for CallbackReceiver {
        fn from_ref(merchant: &Merchant) -> Self {
            merchant.receiver.clone()
        }
    }

    async fn on_shipping(State(m): State<Merchant>, ShippingAddress(session): ShippingAddress) -> Json<ShippingAddressCallbackAnswer> {
        m.seen.lock().expect("not poisoned").push(serde_json::to_value(&session.order).expect("encodes"));
        Json(m.shipping.clone())
    }

    async fn on_discounts(State(m): State<Merchant>, DiscountCodes(session): DiscountCodes) -> Json<DiscountCodesCallbackAnswer> {
        m.seen.lock().expect("not poisoned").push(serde_json::to_value(&session.order).expect("encodes"));
        Json(m.discounts.clone())
    }

    #[tokio::test]
    async fn the_fake_calls_the_merchants_express_callbacks_and_applies_their_answers() {
        let fake = FakeDintero::builder().callback_secret("whsec_test").start().await;
        let verifier = CallbackVerifier::new("whsec_test", fake.credentials().account_id().as_str());
        let spec = real_spec();
        let mut samples = Samples::new(&spec);
        let answer = |samples: &mut Samples, path: &str| samples.sample(&schema(&spec, path), 1);
        let shipping: ShippingAddressCallbackAnswer =
            serde_json::from_value(answer(&mut samples, "/paths/~1examples~1shipping_address_callback_url/post/responses/200/content/application~1json/schema")).expect("an answer");
        let mut discounts: DiscountCodesCallbackAnswer =
            serde_json::from_value(answer(&mut samples, "/paths/~1examples~1discount_code_callback_url/post/responses/200/content/application~1json/schema")).expect("an answer");
        // The order after a 10% discount (the spec types its amount as a number).
        discounts.order = Some(serde_json::from_value(serde_json::json!({"amount": 900.0, "discount_codes": ["XMAS"]})).expect("an order update"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let merchant = Merchant { receiver: CallbackReceiver::new(verifier), shipping: shipping.clone(), discounts: discounts.clone(), seen: seen.clone() };
        let app = Router::new().route("/shipping", post(on_shipping)).route("/discounts", post(on_discounts)).with_state(merchant);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let base = format!("http://{}", listener.local_addr().expect("an address"));
        tokio::spawn(async move { axum::serve(listener, app).await.expect("serves") });

        let express = SessionExpressExpress::new(Vec::new())
            .shipping_address_callback_url(format!("{base}/shipping"))
            .discount_codes(SessionExpressExpressDiscountCodes::new().callback_url(format!("{base}/discounts")));
        let request = CreateSessionFromProfileRequest::new(SessionUrls::new("https://shop.example/return"), SessionOrder::new(1_000, "NOK", "order-1"), "T12345678.profile")
            .express(express);
        let client = fake.client();
        let id = client.create_session_from_profile(request).await.expect("a session").id.expect("an id");

        let answered = fake.set_shipping_address(&id, OrderAddress::new().postal_code("0150").country("NO")).await.expect("the merchant answered");
        assert_eq!(answered, shipping);
        let session = client.get_session(&id).await.expect("the session");
        let options = serde_json::to_value(&session.express.expect("express").shipping_options).expect("encodes");
        // The session keeps shipping options as the spec's `ShippingOption`
        // (an answer's splits are the merchant's, not the session's).
        let as_session: Vec<dintero_checkout::models::ShippingOption> =
            serde_json::from_value(serde_json::to_value(&shipping.shipping_options).expect("encodes")).expect("shipping options");
        assert_eq!(options, serde_json::to_value(&as_session).expect("encodes"), "the answer's options are the session's");

        fake.enter_discount_code(&id, "XMAS").await.expect("the merchant answered");
        let seen = seen.lock().expect("not poisoned").clone();
        assert_eq!(seen[0]["shipping_address"]["postal_code"], "0150", "the shipping callback carries the address");
        assert_eq!(seen[1]["discount_codes"], serde_json::json!(["XMAS"]), "the discount callback carries the code");
        let after = client.get_session(&id).await.expect("the session");
        assert_eq!(after.order.amount, 900, "the answer's order is the session's");
        assert_eq!(after.order.discount_codes, Some(vec!["XMAS".to_owned()]));
    }
}
