//! Test support shared by the cross-crate tests: the generated schema table
//! and a round-trip helper.

pub mod generated;

/// Decodes `value` as `T` and encodes it again.
pub fn round_trip<T>(value: serde_json::Value) -> Result<serde_json::Value, String>
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let typed: T = serde_json::from_value(value).map_err(|e| format!("decode: {e}"))?;
    serde_json::to_value(&typed).map_err(|e| format!("encode: {e}"))
}
