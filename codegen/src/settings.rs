//! Settings: the choices about one vendor's spec that OpenAPI cannot
//! express (method names, parameter renames, values the spec mistypes,
//! which operations move money, names of inline types). They are data in a
//! reviewed file beside the spec (`spec/checkout-api.rust.toml`), read by
//! the xtask and handed to the generator; the generator itself knows
//! OpenAPI, not Dintero.
//!
//! [`Settings`] are plain values, read once. Every entry must match the
//! spec: one resolution run looks entries up through its own [`Applied`],
//! which records the entries it found, and [`Applied::unused`] names the
//! others, which the generator reports as errors (an entry that matches
//! nothing is an operation or a schema that was renamed or removed
//! upstream). The same `Settings` serve any number of runs.

use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

/// The reviewed choices for one spec. `Default` is no choices at all: every
/// name by rule.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// `operationId` to method name.
    #[serde(default)]
    pub methods: BTreeMap<String, String>,
    /// `operationId` of an operation the API's users serve and the API
    /// calls (a callback the spec documents as an operation) to the name of
    /// the callback: no client method, its types named after the callback.
    #[serde(default)]
    pub inbound: BTreeMap<String, String>,
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
    /// `operationId` to the URL of the server it is sent to, where the spec
    /// is wrong or silent (it replaces the `servers` the operation inherits).
    #[serde(default)]
    pub servers: BTreeMap<String, String>,
    /// `operationId` to the path the API serves it at, where the spec's is wrong.
    #[serde(default)]
    pub paths: BTreeMap<String, String>,
    /// `operationId` to the security requirements it accepts (alternatives,
    /// each a list of scheme names), replacing the spec's where it is wrong.
    #[serde(default)]
    pub security: BTreeMap<String, Vec<Vec<String>>>,
    /// JSON pointer of a `format: int32` schema to generate as `i64`, with
    /// the reason (amounts in minor units that the spec caps at 32 bits).
    #[serde(default)]
    pub wide_integers: BTreeMap<String, String>,
    /// `operationId` of a cursor-paginated list to how it pages.
    #[serde(default)]
    pub pagination: BTreeMap<String, Pagination>,
    /// Safety losses of the change report a reviewer accepted, by Rust item
    /// (`Client::capture_transaction`), with why they are safe. Read by
    /// `generate --check`, not by resolution: an entry outlives the release
    /// that made the change, as its record.
    #[serde(default)]
    pub accepted_safety_losses: BTreeMap<String, String>,
}

/// The settings as one resolution run applies them: each lookup that finds
/// an entry records it, so that [`Applied::unused`] can name the entries no
/// lookup found.
#[derive(Debug)]
pub struct Applied<'s> {
    settings: &'s Settings,
    /// The entries found so far, as `table/key`.
    used: BTreeSet<String>,
    /// Why an entry matches nothing, where resolution can say more than
    /// that (what is closest now), by `table/key`.
    unmatched_because: BTreeMap<String, String>,
}

/// `[docs]`: where the spec is published for people.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Docs {
    /// The published API reference: relative links of the spec's
    /// descriptions (`#operation/...`) point into it.
    pub reference: Option<String>,
    /// The doctest of the `operations` module's docs: Rust lines (inside a
    /// `no_run` block) that call the client, with the crate's name. None by
    /// default: the generator cannot know the crate's name or which call of
    /// a spec makes a good example.
    pub example: Option<String>,
}

/// `[pagination.<operationId>]`: how one list operation pages.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pagination {
    /// Where the page's items are in the response body, as a JSON pointer
    /// of fields (`/items`); empty when the body is the array itself.
    #[serde(default)]
    pub items: String,
    /// Each query parameter (wire name) that carries the cursor, with where
    /// its value for the next page comes from.
    pub cursor: BTreeMap<String, CursorSource>,
}

/// Where the next page's value of a cursor parameter comes from: exactly
/// one of the two.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CursorSource {
    /// A field of the response body, as a JSON pointer (`/paging_token`).
    pub page: Option<String>,
    /// A field of the page's last item, as a JSON pointer (`/id`).
    pub last_item: Option<String>,
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

impl<'s> Applied<'s> {
    /// A run over `settings` that has applied nothing yet.
    pub fn new(settings: &'s Settings) -> Self {
        Self { settings, used: BTreeSet::new(), unmatched_because: BTreeMap::new() }
    }

    /// The settings themselves.
    pub fn settings(&self) -> &'s Settings {
        self.settings
    }

    /// Records that the run used the entry `key` of `table`.
    pub(crate) fn mark(&mut self, table: &str, key: &str) {
        self.used.insert(format!("{table}/{key}"));
    }

    /// Whether the run used the entry `key` of `table` so far.
    pub(crate) fn is_used(&self, table: &str, key: &str) -> bool {
        self.used.contains(&format!("{table}/{key}"))
    }

    /// The entry `key` of the table `name` (`map`), recorded as used when there is one.
    fn used_entry<V>(&mut self, name: &str, map: &'s BTreeMap<String, V>, key: &str) -> Option<&'s V> {
        let value = map.get(key)?;
        self.mark(name, key);
        Some(value)
    }

    /// Records why the entry `key` of `table` matches nothing, for [`Applied::unused`].
    pub(crate) fn unmatched_because(&mut self, table: &str, key: &str, why: String) {
        self.unmatched_because.insert(format!("{table}/{key}"), why);
    }

    /// The reviewed method name for `operation_id`.
    pub fn method(&mut self, operation_id: &str) -> Option<&'s str> {
        self.used_entry("methods", &self.settings.methods, operation_id).map(String::as_str)
    }

    /// The callback name of `operation_id`, when users serve it rather than call it.
    pub fn inbound(&mut self, operation_id: &str) -> Option<&'s str> {
        self.used_entry("inbound", &self.settings.inbound, operation_id).map(String::as_str)
    }

    /// The reviewed Rust name for a parameter named `wire`.
    pub fn parameter(&mut self, wire: &str) -> Option<&'s str> {
        self.used_entry("parameters", &self.settings.parameters, wire).map(String::as_str)
    }

    /// Whether `operation_id` moves money.
    pub fn moves_money(&mut self, operation_id: &str) -> bool {
        let listed = self.settings.money_moving.operations.iter().any(|id| id == operation_id);
        if listed {
            self.mark("money_moving", operation_id);
        }
        listed
    }

    /// Whether the header `name` is client configuration.
    pub fn is_client_header(&mut self, name: &str) -> bool {
        let found = self.settings.client_headers.names.iter().find(|h| h.eq_ignore_ascii_case(name));
        if let Some(header) = found {
            self.mark("client_headers", header);
        }
        found.is_some()
    }

    /// Why the schema at `pointer` is decoded as any JSON value, if it is.
    pub fn lenient(&mut self, pointer: &str) -> Option<&'s str> {
        self.used_entry("lenient", &self.settings.lenient, pointer).map(String::as_str)
    }

    /// The name for an inline `allOf` of exactly these component schemas.
    pub fn composite(&mut self, schemas: &[&str]) -> Option<&'s str> {
        let (name, _) = self.settings.composites.iter().find(|(_, members)| members.iter().map(String::as_str).eq(schemas.iter().copied()))?;
        self.mark("composites", name);
        Some(name)
    }

    /// The published API reference relative links point into.
    pub fn reference(&self) -> Option<&'s str> {
        self.settings.docs.reference.as_deref()
    }

    /// The reviewed name for inline string enums with exactly these values.
    pub fn enum_name(&mut self, values: &[String]) -> Option<&'s str> {
        let (name, _) = self.settings.enums.iter().find(|(_, v)| v.as_slice() == values)?;
        self.mark("enums", name);
        Some(name)
    }

    /// The reviewed name of the inline type at `pointer`.
    pub fn type_name(&mut self, pointer: &str) -> Option<&'s str> {
        self.used_entry("types", &self.settings.types, pointer).map(String::as_str)
    }

    /// The server URL the settings assign to `operation_id`.
    pub fn server(&mut self, operation_id: &str) -> Option<&'s str> {
        self.used_entry("servers", &self.settings.servers, operation_id).map(String::as_str)
    }

    /// The path the settings correct `operation_id`'s to.
    pub fn path(&mut self, operation_id: &str) -> Option<&'s str> {
        self.used_entry("paths", &self.settings.paths, operation_id).map(String::as_str)
    }

    /// The security requirements the settings give `operation_id`.
    pub fn security(&mut self, operation_id: &str) -> Option<&'s [Vec<String>]> {
        self.used_entry("security", &self.settings.security, operation_id).map(Vec::as_slice)
    }

    /// Why the `int32` schema at `pointer` is generated as `i64`, if it is.
    pub fn wide_integer(&mut self, pointer: &str) -> Option<&'s str> {
        self.used_entry("wide_integers", &self.settings.wide_integers, pointer).map(String::as_str)
    }

    /// How the list `operation_id` pages, if the settings say.
    pub fn pagination(&mut self, operation_id: &str) -> Option<&'s Pagination> {
        self.used_entry("pagination", &self.settings.pagination, operation_id)
    }

    /// Every entry that nothing in the spec matched, as `[table] key` (and
    /// why, where resolution could say more), in file order of the tables.
    pub fn unused(&self) -> Vec<String> {
        let (used, because, settings) = (&self.used, &self.unmatched_because, self.settings);
        let unused = |table: &str, keys: Vec<&String>| -> Vec<String> {
            keys.into_iter()
                .filter(|k| !used.contains(&format!("{table}/{k}")))
                .map(|k| match because.get(&format!("{table}/{k}")) {
                    Some(why) => format!("[{table}] {k:?}: {why}"),
                    None => format!("[{table}] {k:?}"),
                })
                .collect()
        };
        let s = settings;
        [
            unused("methods", s.methods.keys().collect()),
            unused("inbound", s.inbound.keys().collect()),
            unused("parameters", s.parameters.keys().collect()),
            unused("money_moving", s.money_moving.operations.iter().collect()),
            unused("client_headers", s.client_headers.names.iter().collect()),
            unused("lenient", s.lenient.keys().collect()),
            unused("composites", s.composites.keys().collect()),
            unused("enums", s.enums.keys().collect()),
            unused("types", s.types.keys().collect()),
            unused("servers", s.servers.keys().collect()),
            unused("paths", s.paths.keys().collect()),
            unused("security", s.security.keys().collect()),
            unused("wide_integers", s.wide_integers.keys().collect()),
            unused("pagination", s.pagination.keys().collect()),
        ]
        .concat()
    }
}
