//! Test support shared by the cross-crate tests: the generated schema table
//! and a round-trip helper.

pub mod calls;
#[cfg(feature = "tracing")]
pub mod capture;
pub mod compile_fail;
pub mod generated;

// The generated schema table names the models through this crate's root.
use dintero_checkout::models;

/// Decodes `value` as `T` and encodes it again.
pub fn round_trip<T>(value: serde_json::Value) -> Result<serde_json::Value, String>
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let typed: T = serde_json::from_value(value).map_err(|e| format!("decode: {e}"))?;
    serde_json::to_value(&typed).map_err(|e| format!("encode: {e}"))
}

pub mod forward;
pub mod mock;
pub mod oauth;
pub mod prism;
#[cfg(doctest)]
pub mod readme;
pub mod samples;

/// The real spec, as JSON, read from `spec/checkout-api.yaml` (once per
/// test binary: many tests read it).
pub fn real_spec() -> serde_json::Value {
    static SPEC: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    SPEC.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/checkout-api.yaml");
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{path} is not YAML: {e}"))
    })
    .clone()
}

/// The JSON paths at which `a` and `b` differ (`/card/brand: "x" != missing`).
pub fn json_diff(a: &serde_json::Value, b: &serde_json::Value) -> Vec<String> {
    use serde_json::Value;
    fn walk(a: Option<&Value>, b: Option<&Value>, path: String, out: &mut Vec<String>) {
        match (a, b) {
            (Some(Value::Object(x)), Some(Value::Object(y))) => {
                let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
                for key in keys {
                    walk(x.get(key), y.get(key), format!("{path}/{key}"), out);
                }
            }
            (Some(Value::Array(x)), Some(Value::Array(y))) if x.len() == y.len() => {
                for (i, (p, q)) in x.iter().zip(y).enumerate() {
                    walk(Some(p), Some(q), format!("{path}/{i}"), out);
                }
            }
            (x, y) if x != y => {
                let show = |v: Option<&Value>| v.map_or("missing".to_owned(), |v| v.to_string().chars().take(80).collect());
                out.push(format!("{path}: {} != {}", show(x), show(y)));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(Some(a), Some(b), String::new(), &mut out);
    out
}
