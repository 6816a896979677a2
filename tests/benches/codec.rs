//! Decoding and encoding with the generated types, against `serde_json::Value`
//! on the same bytes as the baseline: a large transaction (hundreds of events
//! and items) and a session with many order lines.
//!
//! Run with `cargo bench -p dintero-checkout-tests --bench codec` (or as part
//! of `cargo xtask bench`, which puts the figures into BENCHMARKS.md).
//! The payloads have the shape Dintero's responses have: the fields a real
//! transaction or session carries, not every optional property of the spec.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use dintero_checkout::models::{SessionDetails, Transaction};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::{json, Value};
use std::hint::black_box;

/// Events and order lines of the large transaction; order lines of the session.
const TRANSACTION_EVENTS: usize = 400;
const TRANSACTION_ITEMS: usize = 300;
const SESSION_ITEMS: usize = 200;

fn address() -> Value {
    json!({
        "first_name": "Kari", "last_name": "Nordmann", "address_line": "Sommerkroveien 34",
        "postal_code": "0349", "postal_place": "Oslo", "country": "NO",
        "phone_number": "+4799999999", "email": "kari.nordmann@example.com"
    })
}

fn order_line(n: usize) -> Value {
    json!({
        "id": format!("SKU-{n:05}"), "line_id": n.to_string(), "description": format!("Item number {n}, size M"),
        "quantity": 1 + n % 3, "amount": 29_900 + 100 * n, "vat_amount": 5_980 + 20 * n, "vat": 25,
        "groups": [{ "id": "clothing", "name": "Clothing" }]
    })
}

fn event(n: usize) -> Value {
    const KINDS: [&str; 4] = ["AUTHORIZE", "CAPTURE", "REFUND", "UPDATE"];
    json!({
        "id": format!("8c2e4b1a-0000-4000-8000-{n:012}"), "event": KINDS[n % KINDS.len()], "success": true,
        "amount": 29_900 + 100 * n, "created_at": "2024-07-01T10:00:00.000Z", "created_by": "T11223344.client",
        "request_id": format!("a3b5c7d9-{n:04}"), "transaction_status": "PARTIALLY_CAPTURED",
        "items": [{ "id": format!("SKU-{n:05}"), "line_id": n.to_string(), "amount": 29_900 + 100 * n, "quantity": 1, "vat_amount": 5_980, "vat": 25 }]
    })
}

/// A card transaction with `TRANSACTION_EVENTS` events and `TRANSACTION_ITEMS` order lines.
fn large_transaction() -> Value {
    json!({
        "id": "T11223344.4yGVhZrJhyCBbmp5dbzCVX", "session_id": "T11223344.4yGVhZrJhyCBbmp5dbzCVX",
        "amount": 72_200, "currency": "NOK", "merchant_reference": "order-1234",
        "payment_product": "payex", "payment_product_type": "payex.creditcard", "status": "PARTIALLY_CAPTURED",
        "created_at": "2024-07-01T10:00:00.000Z", "updated_at": "2024-07-02T10:00:00.000Z",
        "customer": { "email": "kari.nordmann@example.com", "phone_number": "+4799999999" },
        "customer_ip": "127.0.0.1", "user_agent": "Mozilla/5.0 (X11; Linux x86_64)",
        "shipping_address": address(), "billing_address": address(),
        "card": { "brand": "VISA", "masked_pan": "492500******0004", "expiry_date": "12/29", "country": "NO" },
        "url": { "redirect_url": "https://shop.example.com/return", "callback_url": "https://shop.example.com/callback" },
        "items": (0..TRANSACTION_ITEMS).map(order_line).collect::<Vec<_>>(),
        "events": (0..TRANSACTION_EVENTS).map(event).collect::<Vec<_>>()
    })
}

/// The body of `GET /sessions/{session_id}` with `SESSION_ITEMS` order lines.
fn large_session() -> Value {
    json!({
        "id": "T11223344.4yGVhZrJhyCBbmp5dbzCVX", "created_at": "2024-07-01T10:00:00.000Z",
        "updated_at": "2024-07-01T10:05:00.000Z", "expires_at": "2024-07-02T10:00:00.000Z",
        "url": { "return_url": "https://shop.example.com/return", "callback_url": "https://shop.example.com/callback" },
        "customer": { "email": "kari.nordmann@example.com", "phone_number": "+4799999999" },
        "order": {
            "amount": 72_200, "currency": "NOK", "vat_amount": 14_440, "merchant_reference": "order-1234",
            "shipping_address": address(), "billing_address": address(),
            "items": (0..SESSION_ITEMS).map(order_line).collect::<Vec<_>>()
        },
        "configuration": { "payex": { "creditcard": { "enabled": true } }, "vipps": { "enabled": true } },
        "transaction_id": "T11223344.4yGVhZrJhyCBbmp5dbzCVX"
    })
}

/// The payload as bytes and decoded, after checking that the typed decode
/// keeps every value: a benchmark of a decoder that drops data would
/// measure nothing. (`number` fields come back as floats: `1` as `1.0`,
/// the same number.)
fn checked_payload<T: DeserializeOwned + Serialize>(name: &str, value: &Value) -> (Vec<u8>, T) {
    let bytes = serde_json::to_vec(value).expect("a JSON value encodes");
    let typed: T = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{name} does not decode: {e}"));
    let back = serde_json::to_value(&typed).expect("encodes");
    let differences = dintero_checkout_tests::json_diff(&numbers_as_floats(value), &numbers_as_floats(&back));
    assert!(differences.is_empty(), "{name} does not round-trip ({} differences): {:?}", differences.len(), &differences[..differences.len().min(5)]);
    (bytes, typed)
}

fn numbers_as_floats(value: &Value) -> Value {
    match value {
        Value::Number(n) => n.as_f64().map_or_else(|| value.clone(), |f| json!(f)),
        Value::Array(items) => Value::Array(items.iter().map(numbers_as_floats).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), numbers_as_floats(v))).collect()),
        other => other.clone(),
    }
}

fn codec<T: DeserializeOwned + Serialize>(c: &mut Criterion, name: &str, value: &Value) {
    let (bytes, typed) = checked_payload::<T>(name, value);
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function(BenchmarkId::new("decode", "typed"), |b| b.iter(|| serde_json::from_slice::<T>(black_box(&bytes)).expect("decodes")));
    group.bench_function(BenchmarkId::new("decode", "value"), |b| b.iter(|| serde_json::from_slice::<Value>(black_box(&bytes)).expect("decodes")));
    group.bench_function(BenchmarkId::new("encode", "typed"), |b| b.iter(|| serde_json::to_vec(black_box(&typed)).expect("encodes")));
    group.bench_function(BenchmarkId::new("encode", "value"), |b| b.iter(|| serde_json::to_vec(black_box(value)).expect("encodes")));
    group.finish();
}

fn benches(c: &mut Criterion) {
    codec::<Transaction>(c, "transaction", &large_transaction());
    codec::<SessionDetails>(c, "session", &large_session());
}

criterion_group!(codec_benches, benches);
criterion_main!(codec_benches);
