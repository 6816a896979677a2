//! Decoding that survives Dintero changing its answers before this crate is
//! regenerated. Two things change in a deployed API long before a
//! merchant's build does:
//!
//! - **new fields**: every struct keeps the fields this version does not
//!   know in its [`UnknownFields`], and encodes them again unchanged;
//! - **an optional field whose type changed** (a string that became a list
//!   of strings): the value is kept as received in the struct's
//!   [`UnknownFields`] (and encoded again where it was), the typed field
//!   reads as absent, and, with the `tracing` feature, a `WARN` event names
//!   the field (`models::TransactionEventError.type`) and where inside its
//!   value the difference is, never the value itself.
//!
//! A required field that is missing or mistyped still fails, with its
//! path: the value cannot be built without it. Inside an optional field,
//! though, it only makes that optional field not fit, which is kept as
//! above.
//!
//! How, without buffering every value (`#[serde(flatten)]` and untagged
//! attempts do, and cost twice the decoding): a value is read once, by a
//! visitor that knows the JSON kinds its type accepts. A value of another
//! kind (or a struct missing a required field) is turned into a
//! `serde_json::Value` right there, from the same input, so nothing is read
//! twice and data that fits costs what plain serde costs.

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// The fields of a JSON object this version of the crate does not know (a
/// field Dintero added since), and the values of known optional fields
/// that did not fit their type, kept in the order received, to be encoded
/// again unchanged.
///
/// ```
/// use dintero_checkout::models::Address;
/// let json = r#"{"address_line":"Sommerkroveien 34","postal_place":"Oslo","country":"NO","floor":3}"#;
/// let address: Address = serde_json::from_str(json)?;
/// assert_eq!(address.unknown_fields().get("floor"), Some(&serde_json::json!(3)));
/// assert_eq!(serde_json::to_string(&address)?, json);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq)]
pub struct UnknownFields {
    entries: Vec<(String, Value)>,
}

impl UnknownFields {
    /// The value kept for `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.entries.iter().find(|(key, _)| key == name).map(|(_, value)| value)
    }

    /// Every field kept, in the order received.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.entries.iter().map(|(key, value)| (key.as_str(), value))
    }

    /// How many fields are kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Keeps `value` for `name` (in place of the one kept before, which is returned).
    pub fn insert(&mut self, name: impl Into<String>, value: Value) -> Option<Value> {
        let name = name.into();
        match self.entries.iter_mut().find(|(key, _)| *key == name) {
            Some((_, kept)) => Some(std::mem::replace(kept, value)),
            None => {
                self.entries.push((name, value));
                None
            }
        }
    }

    /// Stops keeping `name`: it is not encoded any more.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        let at = self.entries.iter().position(|(key, _)| key == name)?;
        Some(self.entries.remove(at).1)
    }
}

impl fmt::Debug for UnknownFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.entries.iter().map(|(k, v)| (k, v))).finish()
    }
}

/// JSON that does not fit a type: the value as received, and the problem,
/// with the path inside the value where it is (`[3].error.type: ...`).
pub(crate) struct Unfit {
    value: Value,
    problem: String,
}

impl Unfit {
    fn new(value: Value, expected: &str) -> Self {
        let found = match &value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        };
        Self { value, problem: format!(": expected {expected}, found {found}") }
    }

    /// The problem, one step further out (`.field` or `[3]`).
    fn under(mut self, step: impl fmt::Display) -> Self {
        self.problem = format!("{step}{}", self.problem);
        self
    }
}

/// What decoding a value leniently gives besides the value itself, which
/// goes straight into the slot it is for (no copy of a large struct
/// through every layer): `None` when it fits (or is an absent optional
/// value), else the JSON that does not fit.
pub(crate) type Outcome<E> = Result<Option<Unfit>, E>;

/// A type that decodes leniently, into `out`: strictly (a value that does
/// not fit is an error, as serde's), or not (it is an [`Unfit`], read to
/// its end, and `out` stays empty).
pub(crate) trait Lenient: Sized {
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D, strict: bool, out: &mut Option<Self>) -> Outcome<D::Error>;
}

/// The seed that decodes a `T` leniently into a slot.
struct Seed<'s, T> {
    strict: bool,
    out: &'s mut Option<T>,
}

impl<'de, T: Lenient> DeserializeSeed<'de> for Seed<'_, T> {
    type Value = Option<Unfit>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Outcome<D::Error> {
        T::lenient(deserializer, self.strict, self.out)
    }
}

/// The seed of an optional field: `null` leaves the slot empty, as absence does.
struct OptionalSeed<'s, T>(&'s mut Option<T>);

impl<'de, T: Lenient> DeserializeSeed<'de> for OptionalSeed<'_, T> {
    type Value = Option<Unfit>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Outcome<D::Error> {
        deserializer.deserialize_option(OptionVisitor { strict: false, out: self.0 })
    }
}

/// `T::deserialize`, for a type whose optional fields are lenient.
pub(crate) fn strict<'de, T: Lenient, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    let mut out = None;
    if let Some(unfit) = T::lenient(deserializer, true, &mut out)? {
        return Err(D::Error::custom(format_args!("the value does not fit{}", unfit.problem)));
    }
    out.ok_or_else(|| D::Error::custom("no value"))
}

/// What a visitor met that its type does not accept: an error when
/// strict, else the value (read to its end) as an [`Unfit`].
struct Mismatch<'e> {
    strict: bool,
    expected: &'e str,
}

impl Mismatch<'_> {
    fn scalar<E: de::Error>(&self, value: Value, unexpected: de::Unexpected<'_>) -> Outcome<E> {
        match self.strict {
            true => Err(E::invalid_type(unexpected, &self.expected)),
            false => Ok(Some(Unfit::new(value, self.expected))),
        }
    }

    fn seq<'de, A: SeqAccess<'de>>(&self, seq: A) -> Outcome<A::Error> {
        if self.strict {
            return Err(A::Error::invalid_type(de::Unexpected::Seq, &self.expected));
        }
        Ok(Some(Unfit::new(Value::deserialize(SeqAccessDeserializer::new(seq))?, self.expected)))
    }

    fn map<'de, A: MapAccess<'de>>(&self, map: A) -> Outcome<A::Error> {
        if self.strict {
            return Err(A::Error::invalid_type(de::Unexpected::Map, &self.expected));
        }
        Ok(Some(Unfit::new(Value::deserialize(MapAccessDeserializer::new(map))?, self.expected)))
    }
}

/// The visits of the JSON kinds a visitor does not take, each a
/// [`Mismatch`]; `scalars`: every scalar kind (for arrays and objects).
macro_rules! mismatched {
    (scalars) => {
        mismatched! {
            visit_bool(v: bool) => Value::Bool(v), de::Unexpected::Bool(v);
            visit_i64(v: i64) => Value::from(v), de::Unexpected::Signed(v);
            visit_u64(v: u64) => Value::from(v), de::Unexpected::Unsigned(v);
            visit_f64(v: f64) => Value::from(v), de::Unexpected::Float(v);
            visit_str(v: &str) => Value::from(v), de::Unexpected::Str(v);
            visit_unit() => Value::Null, de::Unexpected::Unit;
            visit_none() => Value::Null, de::Unexpected::Option;
        }
    };
    ($($visit:ident($($arg:ident: $ty:ty)?) => $value:expr, $unexpected:expr;)*) => {$(
        fn $visit<E: de::Error>(self, $($arg: $ty)?) -> Outcome<E> {
            self.mismatch().scalar($value, $unexpected)
        }
    )*};
}

/// A type read from one JSON scalar kind (or several): the accepted kinds
/// give a value, the others none.
trait Scalar: Sized {
    const EXPECTED: &'static str;
    /// Every string gives a value (and `from_string` keeps it).
    const STRING: bool = false;
    fn from_str(_: &str) -> Option<Self> {
        None
    }
    fn from_string(value: String) -> Option<Self> {
        Self::from_str(&value)
    }
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
    fn from_i64(_: i64) -> Option<Self> {
        None
    }
    fn from_u64(_: u64) -> Option<Self> {
        None
    }
    fn from_f64(_: f64) -> Option<Self> {
        None
    }
}

struct ScalarVisitor<'o, T> {
    strict: bool,
    out: &'o mut Option<T>,
}

impl<T: Scalar> ScalarVisitor<'_, T> {
    fn mismatch(&self) -> Mismatch<'static> {
        Mismatch { strict: self.strict, expected: T::EXPECTED }
    }

    /// `value` into the slot, else the JSON it came from as a mismatch.
    fn fit<E: de::Error>(self, value: Option<T>, json: impl FnOnce() -> Value, unexpected: de::Unexpected<'_>) -> Outcome<E> {
        match value {
            Some(value) => {
                *self.out = Some(value);
                Ok(None)
            }
            None => self.mismatch().scalar(json(), unexpected),
        }
    }
}

impl<'de, T: Scalar> Visitor<'de> for ScalarVisitor<'_, T> {
    type Value = Option<Unfit>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTED)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Outcome<E> {
        self.fit(T::from_bool(v), || Value::Bool(v), de::Unexpected::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Outcome<E> {
        self.fit(T::from_i64(v), || Value::from(v), de::Unexpected::Signed(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Outcome<E> {
        self.fit(T::from_u64(v), || Value::from(v), de::Unexpected::Unsigned(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Outcome<E> {
        self.fit(T::from_f64(v), || Value::from(v), de::Unexpected::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Outcome<E> {
        self.fit(T::from_str(v), || Value::from(v), de::Unexpected::Str(v))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Outcome<E> {
        if !T::STRING {
            return self.visit_str(&v);
        }
        // A type that takes every string takes it without a copy.
        self.fit(T::from_string(v), || Value::Null, de::Unexpected::Other("a string"))
    }

    mismatched! {
        visit_unit() => Value::Null, de::Unexpected::Unit;
        visit_none() => Value::Null, de::Unexpected::Option;
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Outcome<A::Error> {
        self.mismatch().seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Outcome<A::Error> {
        self.mismatch().map(map)
    }
}

macro_rules! lenient_scalars {
    ($($ty:ty),*) => {$(
        impl Lenient for $ty {
            fn lenient<'de, D: Deserializer<'de>>(deserializer: D, strict: bool, out: &mut Option<Self>) -> Outcome<D::Error> {
                deserializer.deserialize_any(ScalarVisitor { strict, out })
            }
        }
    )*};
}

lenient_scalars!(String, bool, i32, i64, f64, crate::DateTime, crate::Date);

impl Scalar for String {
    const EXPECTED: &'static str = "a string";
    const STRING: bool = true;
    fn from_str(value: &str) -> Option<Self> {
        Some(value.to_owned())
    }
    fn from_string(value: String) -> Option<Self> {
        Some(value)
    }
}

impl Scalar for crate::DateTime {
    const EXPECTED: &'static str = "a string";
    const STRING: bool = true;
    fn from_str(value: &str) -> Option<Self> {
        Some(Self::from(value))
    }
    fn from_string(value: String) -> Option<Self> {
        Some(Self::from(value))
    }
}

impl Scalar for crate::Date {
    const EXPECTED: &'static str = "a string";
    const STRING: bool = true;
    fn from_str(value: &str) -> Option<Self> {
        Some(Self::from(value))
    }
    fn from_string(value: String) -> Option<Self> {
        Some(Self::from(value))
    }
}

impl Scalar for bool {
    const EXPECTED: &'static str = "a boolean";
    fn from_bool(value: bool) -> Option<Self> {
        Some(value)
    }
}

impl Scalar for i64 {
    const EXPECTED: &'static str = "an integer";
    fn from_i64(value: i64) -> Option<Self> {
        Some(value)
    }
    fn from_u64(value: u64) -> Option<Self> {
        i64::try_from(value).ok()
    }
}

impl Scalar for i32 {
    const EXPECTED: &'static str = "a 32-bit integer";
    fn from_i64(value: i64) -> Option<Self> {
        i32::try_from(value).ok()
    }
    fn from_u64(value: u64) -> Option<Self> {
        i32::try_from(value).ok()
    }
}

impl Scalar for f64 {
    const EXPECTED: &'static str = "a number";
    #[allow(clippy::cast_precision_loss)]
    fn from_i64(value: i64) -> Option<Self> {
        Some(value as f64)
    }
    #[allow(clippy::cast_precision_loss)]
    fn from_u64(value: u64) -> Option<Self> {
        Some(value as f64)
    }
    fn from_f64(value: f64) -> Option<Self> {
        Some(value)
    }
}

/// A string enum: every string fits (a value this version does not know
/// is kept in its fallback variant).
struct StringEnum<T>(T);

impl<T: for<'a> From<&'a str>> Scalar for StringEnum<T> {
    const EXPECTED: &'static str = "a string";
    fn from_str(value: &str) -> Option<Self> {
        Some(Self(T::from(value)))
    }
}

/// [`Lenient::lenient`] of a string enum.
pub(crate) fn string_enum<'de, T: for<'a> From<&'a str>, D: Deserializer<'de>>(deserializer: D, strict: bool, out: &mut Option<T>) -> Outcome<D::Error> {
    let mut value = None;
    let outcome = deserializer.deserialize_any(ScalarVisitor::<StringEnum<T>> { strict, out: &mut value })?;
    *out = value.map(|StringEnum(value)| value);
    Ok(outcome)
}

/// [`Lenient::lenient`] of a union: strictly as serde decodes it, else
/// through a `Value`, kept when it does not decode (unions are tried, so
/// they buffer anyway).
pub(crate) fn buffered<'de, T: de::DeserializeOwned, D: Deserializer<'de>>(deserializer: D, strict: bool, out: &mut Option<T>) -> Outcome<D::Error> {
    if strict {
        *out = Some(T::deserialize(deserializer)?);
        return Ok(None);
    }
    let value = Value::deserialize(deserializer)?;
    match T::deserialize(&value) {
        Ok(decoded) => {
            *out = Some(decoded);
            Ok(None)
        }
        Err(e) => Ok(Some(Unfit { value, problem: format!(": {e}") })),
    }
}

/// A slot's value as JSON, for a struct rebuilt as received.
pub(crate) fn json<T: Serialize>(slot: &Option<T>) -> Option<Value> {
    slot.as_ref().map(to_value)
}

/// A map's entries as JSON, for a struct rebuilt as received (one with
/// required fields and `additionalProperties`; Dintero's spec has none).
#[allow(dead_code)]
pub(crate) fn json_map<T: Serialize>(map: &BTreeMap<String, T>) -> Map<String, Value> {
    map.iter().map(|(key, value)| (key.clone(), to_value(value))).collect()
}

/// Any JSON value fits.
impl Lenient for Value {
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D, _strict: bool, out: &mut Option<Self>) -> Outcome<D::Error> {
        *out = Some(Value::deserialize(deserializer)?);
        Ok(None)
    }
}

/// Any JSON object fits.
impl Lenient for Map<String, Value> {
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D, strict: bool, out: &mut Option<Self>) -> Outcome<D::Error> {
        match Value::deserialize(deserializer)? {
            Value::Object(object) => {
                *out = Some(object);
                Ok(None)
            }
            other if strict => Err(D::Error::custom(format_args!("expected an object, found {other}"))),
            other => Ok(Some(Unfit::new(other, "an object"))),
        }
    }
}

impl<T: Lenient> Lenient for Box<T> {
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D, strict: bool, out: &mut Option<Self>) -> Outcome<D::Error> {
        let mut value = None;
        let outcome = T::lenient(deserializer, strict, &mut value)?;
        *out = value.map(Box::new);
        Ok(outcome)
    }
}

/// `null`, or a `T`.
impl<T: Lenient> Lenient for Option<T> {
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D, strict: bool, out: &mut Option<Self>) -> Outcome<D::Error> {
        let slot = out.insert(None);
        let outcome = deserializer.deserialize_option(OptionVisitor { strict, out: slot })?;
        if outcome.is_some() {
            *out = None;
        }
        Ok(outcome)
    }
}

/// `null` leaves `out` empty; any other value is decoded into it.
struct OptionVisitor<'o, T> {
    strict: bool,
    out: &'o mut Option<T>,
}

impl<'de, T: Lenient> Visitor<'de> for OptionVisitor<'_, T> {
    type Value = Option<Unfit>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }

    fn visit_none<E: de::Error>(self) -> Outcome<E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Outcome<E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Outcome<D::Error> {
        T::lenient(deserializer, self.strict, self.out)
    }
}

impl<T: Lenient + Serialize> Lenient for Vec<T> {
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D, strict: bool, out: &mut Option<Self>) -> Outcome<D::Error> {
        deserializer.deserialize_any(VecVisitor { strict, out })
    }
}

struct VecVisitor<'o, T> {
    strict: bool,
    out: &'o mut Option<Vec<T>>,
}

impl<T> VecVisitor<'_, T> {
    fn mismatch(&self) -> Mismatch<'static> {
        Mismatch { strict: self.strict, expected: "an array" }
    }
}

impl<'de, T: Lenient + Serialize> Visitor<'de> for VecVisitor<'_, T> {
    type Value = Option<Unfit>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Outcome<A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        let mut item = None;
        while let Some(outcome) = seq.next_element_seed(Seed { strict: self.strict, out: &mut item })? {
            if let Some(unfit) = outcome {
                // The items so far, this one as received, and the rest as they come.
                let at = items.len();
                let mut values: Vec<Value> = items.iter().map(to_value).collect();
                values.push(unfit.value);
                while let Some(rest) = seq.next_element::<Value>()? {
                    values.push(rest);
                }
                return Ok(Some(Unfit { value: Value::Array(values), problem: unfit.problem }.under(format_args!("[{at}]"))));
            }
            if let Some(item) = item.take() {
                items.push(item);
            }
        }
        *self.out = Some(items);
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Outcome<A::Error> {
        self.mismatch().map(map)
    }

    mismatched!(scalars);
}

impl<T: Lenient + Serialize> Lenient for BTreeMap<String, T> {
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D, strict: bool, out: &mut Option<Self>) -> Outcome<D::Error> {
        object(deserializer, strict, out)
    }
}

impl<T: Lenient + Serialize> Object for BTreeMap<String, T> {
    const EXPECTED: &'static str = "an object";
    const NAME: &'static str = "map";

    fn decode<'de, A: MapAccess<'de>>(mut map: Entries<'de, A>, out: &mut Option<Self>) -> Outcome<A::Error> {
        let mut entries: BTreeMap<String, T> = BTreeMap::new();
        let mut entry: Option<T> = None;
        while let Some(key) = map.key()? {
            if let Some(unfit) = map.value(true, &mut entry)? {
                let mut object: Map<String, Value> = entries.iter().map(|(k, v)| (k.clone(), to_value(v))).collect();
                let step = format!(".{key}");
                object.insert(key.into_owned(), unfit.value);
                while let Some(key) = map.key()? {
                    object.insert(key.into_owned(), map.any()?);
                }
                return Ok(Some(Unfit { value: Value::Object(object), problem: unfit.problem }.under(step)));
            }
            if let Some(value) = entry.take() {
                entries.insert(key.into_owned(), value);
            }
        }
        *out = Some(entries);
        Ok(None)
    }
}

/// A JSON value of any kind, for the parts of an unfit value re-encoded.
fn to_value<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// A key of an object: borrowed from the input where it can be.
pub(crate) struct Key<'de>(Cow<'de, str>);

impl<'de> Key<'de> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    fn into_owned(self) -> String {
        self.0.into_owned()
    }
}

impl fmt::Display for Key<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// A type read from one JSON object: a struct of the models, or a map.
pub(crate) trait Object: Sized {
    /// What it is, for messages (`an object (`Address`)`).
    const EXPECTED: &'static str;
    /// Its name, for reports (`Address`).
    const NAME: &'static str;

    /// Reads its fields from `entries`, into `out`.
    fn decode<'de, A: MapAccess<'de>>(entries: Entries<'de, A>, out: &mut Option<Self>) -> Outcome<A::Error>;
}

/// [`Lenient::lenient`] of an [`Object`]: read from a JSON object; any
/// other kind does not fit.
pub(crate) fn object<'de, T: Object, D: Deserializer<'de>>(deserializer: D, strict: bool, out: &mut Option<T>) -> Outcome<D::Error> {
    deserializer.deserialize_any(ObjectVisitor { strict, out })
}

struct ObjectVisitor<'o, T> {
    strict: bool,
    out: &'o mut Option<T>,
}

impl<T: Object> ObjectVisitor<'_, T> {
    fn mismatch(&self) -> Mismatch<'static> {
        Mismatch { strict: self.strict, expected: T::EXPECTED }
    }
}

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<'_, T> {
    type Value = Option<Unfit>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTED)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Outcome<A::Error> {
        let entries = Entries { map, strict: self.strict, owner: T::NAME, unknown: UnknownFields::default(), unfit: Vec::new(), _marker: PhantomData };
        T::decode(entries, self.out)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Outcome<A::Error> {
        self.mismatch().seq(seq)
    }

    mismatched!(scalars);
}

/// The entries of one JSON object being decoded into a struct or a map,
/// and what it keeps of them: the fields this version does not know (and
/// optional ones that do not fit), and the required ones that do not fit.
pub(crate) struct Entries<'de, A: MapAccess<'de>> {
    map: A,
    strict: bool,
    /// The struct's name, for reports.
    owner: &'static str,
    unknown: UnknownFields,
    unfit: Vec<(String, Unfit)>,
    _marker: PhantomData<&'de ()>,
}

impl<'de, A: MapAccess<'de>> Entries<'de, A> {
    /// The next key.
    pub(crate) fn key(&mut self) -> Result<Option<Key<'de>>, A::Error> {
        self.map.next_key()
    }

    /// The value of the key just read, into `out`; strict as the whole
    /// object is when `required`, never strict otherwise.
    fn value<T: Lenient>(&mut self, required: bool, out: &mut Option<T>) -> Outcome<A::Error> {
        self.map.next_value_seed(Seed { strict: required && self.strict, out })
    }

    /// The value of the key just read, as any JSON.
    fn any(&mut self) -> Result<Value, A::Error> {
        self.map.next_value()
    }

    /// The value of the key just read, skipped (a subtype's tag, which its union reads).
    pub(crate) fn skip(&mut self) -> Result<(), A::Error> {
        self.map.next_value::<de::IgnoredAny>().map(|_| ())
    }

    /// A required field's value, into `slot`; one that does not fit (only
    /// when not strict: strict, it is an error) is kept for [`Self::incomplete`].
    pub(crate) fn required<T: Lenient>(&mut self, key: &Key<'de>, slot: &mut Option<T>) -> Result<(), A::Error> {
        if let Some(unfit) = self.value(true, slot)? {
            self.unfit.push((key.as_str().to_owned(), unfit));
        }
        Ok(())
    }

    /// An optional field's value, into `slot` (`null` leaves it empty, as
    /// absence does); one that does not fit is kept as received (and
    /// reported), and `slot` stays empty.
    pub(crate) fn optional<T: Lenient>(&mut self, key: &Key<'de>, slot: &mut Option<T>) -> Result<(), A::Error> {
        if let Some(unfit) = self.map.next_value_seed(OptionalSeed(slot))? {
            self.keep(key, unfit);
        }
        Ok(())
    }

    /// An optional nullable field's value, into `slot`: `Some(None)` for `null`.
    pub(crate) fn nullable<T: Lenient>(&mut self, key: &Key<'de>, slot: &mut Option<Option<T>>) -> Result<(), A::Error> {
        if let Some(unfit) = self.value(false, slot)? {
            self.keep(key, unfit);
        }
        Ok(())
    }

    /// An optional field's value that does not fit: kept as received, and reported.
    fn keep(&mut self, key: &Key<'de>, unfit: Unfit) {
        report(self.owner, key.as_str(), &unfit.problem);
        self.unknown.insert(key.as_str(), unfit.value);
    }

    /// A field this version does not know, kept.
    pub(crate) fn unknown(&mut self, key: Key<'de>) -> Result<(), A::Error> {
        let value = self.any()?;
        self.unknown.entries.push((key.into_owned(), value));
        Ok(())
    }

    /// A field beyond the declared ones of a struct with
    /// `additionalProperties`: into `more` when it fits their type, else kept.
    pub(crate) fn additional<T: Lenient>(&mut self, key: Key<'de>, more: &mut BTreeMap<String, T>) -> Result<(), A::Error> {
        let mut value = None;
        match self.value(false, &mut value)? {
            Some(unfit) => self.unknown.entries.push((key.into_owned(), unfit.value)),
            None => {
                if let Some(value) = value {
                    more.insert(key.into_owned(), value);
                }
            }
        }
        Ok(())
    }

    /// Whether every required field read fits (always, when strict).
    pub(crate) fn fits(&self) -> bool {
        self.unfit.is_empty()
    }

    /// The fields kept, for the struct built.
    pub(crate) fn into_unknown(self) -> UnknownFields {
        self.unknown
    }

    /// The end of an object that lacks a required field (`present` says
    /// which are there) or has one that does not fit: strict, the error
    /// that names the first missing one; else the object as received,
    /// rebuilt from the fields read (`values`, `more`) and those kept.
    pub(crate) fn incomplete(
        self,
        present: &[(&'static str, bool)],
        values: impl IntoIterator<Item = (&'static str, Option<Value>)>,
        more: Map<String, Value>,
    ) -> Outcome<A::Error> {
        let missing = present.iter().find(|(_, present)| !present).map(|(name, _)| *name);
        if let (true, Some(name)) = (self.strict, missing) {
            return Err(A::Error::missing_field(name));
        }
        let mut problem = missing.map(|name| format!(".{name}: missing"));
        let mut object: Map<String, Value> = values.into_iter().filter_map(|(name, value)| Some((name.to_owned(), value?))).collect();
        for (name, unfit) in self.unfit {
            problem.get_or_insert_with(|| format!(".{name}{}", unfit.problem));
            object.insert(name, unfit.value);
        }
        object.extend(more);
        object.extend(self.unknown.entries);
        Ok(Some(Unfit { value: Value::Object(object), problem: problem.unwrap_or_default() }))
    }
}

/// Reports an optional field kept as received: which one, and where in its
/// value the difference is; never the value.
#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
fn report(owner: &str, wire: &str, problem: &str) {
    #[cfg(feature = "tracing")]
    tracing::warn!(target: "dintero_checkout", field = %format_args!("models::{owner}.{wire}"), problem = %format_args!("{wire}{problem}"), "a field does not fit its type; kept as received");
}

/// Writes a struct as a JSON object: its fields, then what it keeps.
pub(crate) struct Fields<'u, M> {
    map: M,
    /// What the struct keeps, when it keeps anything (most keep nothing,
    /// and then an absent field costs one branch).
    kept: Option<&'u UnknownFields>,
}

impl<'u, M: SerializeMap> Fields<'u, M> {
    #[inline(always)]
    pub(crate) fn new<S: serde::Serializer<SerializeMap = M>>(serializer: S, unknown: &'u UnknownFields) -> Result<Self, S::Error> {
        let kept = (!unknown.is_empty()).then_some(unknown);
        Ok(Self { map: serializer.serialize_map(None)?, kept })
    }

    /// A field that is always written.
    #[inline(always)]
    pub(crate) fn entry<V: Serialize + ?Sized>(&mut self, wire: &'static str, value: &V) -> Result<(), M::Error> {
        self.map.serialize_entry(wire, value)
    }

    /// An optional field: its value, else the value kept for it, else nothing.
    #[inline(always)]
    pub(crate) fn optional<V: Serialize>(&mut self, wire: &'static str, value: &Option<V>) -> Result<(), M::Error> {
        match (value, self.kept) {
            (Some(value), _) => self.map.serialize_entry(wire, value),
            (None, None) => Ok(()),
            (None, Some(kept)) => kept.get(wire).map_or(Ok(()), |kept| self.map.serialize_entry(wire, kept)),
        }
    }

    /// The entries of `additionalProperties`.
    pub(crate) fn more<V: Serialize>(&mut self, entries: &BTreeMap<String, V>) -> Result<(), M::Error> {
        entries.iter().try_for_each(|(key, value)| self.map.serialize_entry(key, value))
    }

    /// The fields kept that are not among `known` (written above), and the end.
    #[inline(always)]
    pub(crate) fn end(mut self, known: &[&str]) -> Result<M::Ok, M::Error> {
        if let Some(kept) = self.kept {
            for (key, value) in &kept.entries {
                if !known.contains(&key.as_str()) {
                    self.map.serialize_entry(key, value)?;
                }
            }
        }
        self.map.end()
    }
}
