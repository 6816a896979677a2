//! Settings: the choices about one vendor's spec that OpenAPI cannot
//! express (method names, parameter renames, values the spec mistypes,
//! which operations move money, names of inline types). They are data in a
//! reviewed file beside the spec (`spec/checkout-api.rust.toml`), read by
//! the xtask and handed to the generator; the generator itself knows
//! OpenAPI, not Dintero.
//!
//! Every entry must match the spec: resolution records which entries it
//! used, and [`Settings::unused`] names the others, which the generator
//! reports as errors (an entry that matches nothing is an operation or a
//! schema that was renamed or removed upstream).

use serde::Deserialize;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

/// The reviewed choices for one spec. `Default` is no choices at all: every
/// name by rule.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// `operationId` to method name.
    #[serde(default)]
    pub methods: BTreeMap<String, String>,
    /// Parameter wire name to Rust argument name.
    #[serde(default)]
    pub parameters: BTreeMap<String, String>,
    /// Operations never retried after an ambiguous failure.
    #[serde(default)]
    pub money_moving: OperationList,
    /// Headers that are client configuration, never method parameters.
    #[serde(default)]
    pub client_headers: HeaderList,
    /// JSON pointer of a schema to decode as any JSON value, with the reason.
    #[serde(default)]
    pub lenient: BTreeMap<String, String>,
    /// Type name for an inline `allOf` of exactly these component schemas.
    #[serde(default)]
    pub composites: BTreeMap<String, Vec<String>>,
    /// Type name for inline string enums with exactly these values (in order).
    #[serde(default)]
    pub enums: BTreeMap<String, Vec<String>>,
    /// Type name for the inline schema at a JSON pointer.
    #[serde(default)]
    pub types: BTreeMap<String, String>,
    /// Where the spec is published for people.
    #[serde(default)]
    pub docs: Docs,
    /// The entries resolution used, as `table/key`.
    #[serde(skip)]
    used: RefCell<BTreeSet<String>>,
}

/// `[docs]`: where the spec is published for people.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Docs {
    /// The published API reference: relative links of the spec's
    /// descriptions (`#operation/...`) point into it.
    pub reference: Option<String>,
}

/// `[money_moving]`: a list of `operationId`s.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationList {
    /// The `operationId`s.
    pub operations: Vec<String>,
}

/// `[client_headers]`: a list of header names.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderList {
    /// The header names (compared case-insensitively).
    pub names: Vec<String>,
}

impl Settings {
    fn mark(&self, table: &str, key: &str) {
        self.used.borrow_mut().insert(format!("{table}/{key}"));
    }

    /// The reviewed method name for `operation_id`.
    pub fn method(&self, operation_id: &str) -> Option<&str> {
        let name = self.methods.get(operation_id)?;
        self.mark("methods", operation_id);
        Some(name)
    }

    /// The reviewed Rust name for a parameter named `wire`.
    pub fn parameter(&self, wire: &str) -> Option<&str> {
        let name = self.parameters.get(wire)?;
        self.mark("parameters", wire);
        Some(name)
    }

    /// Whether `operation_id` moves money.
    pub fn moves_money(&self, operation_id: &str) -> bool {
        let listed = self.money_moving.operations.iter().any(|id| id == operation_id);
        if listed {
            self.mark("money_moving", operation_id);
        }
        listed
    }

    /// Whether the header `name` is client configuration.
    pub fn is_client_header(&self, name: &str) -> bool {
        let found = self.client_headers.names.iter().find(|h| h.eq_ignore_ascii_case(name));
        if let Some(header) = found {
            self.mark("client_headers", header);
        }
        found.is_some()
    }

    /// Why the schema at `pointer` is decoded as any JSON value, if it is.
    pub fn lenient(&self, pointer: &str) -> Option<&str> {
        let why = self.lenient.get(pointer)?;
        self.mark("lenient", pointer);
        Some(why)
    }

    /// The name for an inline `allOf` of exactly these component schemas.
    pub fn composite(&self, schemas: &[&str]) -> Option<&str> {
        let (name, _) = self.composites.iter().find(|(_, members)| members.iter().map(String::as_str).eq(schemas.iter().copied()))?;
        self.mark("composites", name);
        Some(name)
    }

    /// The published API reference relative links point into.
    pub fn reference(&self) -> Option<&str> {
        self.docs.reference.as_deref()
    }

    /// The reviewed name for inline string enums with exactly these values.
    pub fn enum_name(&self, values: &[String]) -> Option<&str> {
        let (name, _) = self.enums.iter().find(|(_, v)| v.as_slice() == values)?;
        self.mark("enums", name);
        Some(name)
    }

    /// The reviewed name of the inline type at `pointer`.
    pub fn type_name(&self, pointer: &str) -> Option<&str> {
        let name = self.types.get(pointer)?;
        self.mark("types", pointer);
        Some(name)
    }

    /// Every entry that nothing in the spec matched, as `[table] key`, in
    /// file order of the tables.
    pub fn unused(&self) -> Vec<String> {
        let used = self.used.borrow();
        let unused = |table: &str, keys: Vec<&String>| -> Vec<String> {
            keys.into_iter().filter(|k| !used.contains(&format!("{table}/{k}"))).map(|k| format!("[{table}] {k:?}")).collect()
        };
        [
            unused("methods", self.methods.keys().collect()),
            unused("parameters", self.parameters.keys().collect()),
            unused("money_moving", self.money_moving.operations.iter().collect()),
            unused("client_headers", self.client_headers.names.iter().collect()),
            unused("lenient", self.lenient.keys().collect()),
            unused("composites", self.composites.keys().collect()),
            unused("enums", self.enums.keys().collect()),
            unused("types", self.types.keys().collect()),
        ]
        .concat()
    }
}
