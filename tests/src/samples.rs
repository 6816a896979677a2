//! Sample JSON values built straight from the raw spec, independently of the
//! generator's IR, so that a misreading the generator makes cannot hide in
//! the tests too.
//!
//! A sample contains every property of its schema. Enum values and union
//! variants are chosen by a round number `k`, so samples `0..k_max` show
//! every value of every enum and every variant of every union the schema
//! itself holds. `allOf` members are merged key by key (objects recursively),
//! as a value valid against every member must be. A subtype
//! (`x-discriminator-value`) carries its tag value; a `$ref` to a base with
//! subtypes picks one subtype.

use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The component schemas of a spec and what sampling needs to know of them.
pub struct Samples {
    schemas: Map<String, Value>,
    /// Base name to (subtype name, tag value), in spec order.
    subtypes: BTreeMap<String, Vec<(String, String)>>,
    /// Every (schema pointer, enum value) and (base, subtype) a sample used.
    pub seen: BTreeSet<(String, String)>,
    /// The required properties of each object of the last sample, by its
    /// JSON pointer in the sample (`/events/0/error`): `required` of every
    /// schema that made the object (its `allOf` members too).
    pub required: BTreeMap<String, BTreeSet<String>>,
}

const MAX_DEPTH: usize = 24;

impl Samples {
    /// Reads the component schemas of `spec` (the whole document as JSON).
    pub fn new(spec: &Value) -> Self {
        let schemas = spec["components"]["schemas"].as_object().cloned().unwrap_or_default();
        let mut subtypes: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        for (name, schema) in &schemas {
            let Some(tag) = schema.get("x-discriminator-value").and_then(Value::as_str) else { continue };
            for member in schema["allOf"].as_array().into_iter().flatten() {
                if let Some(base) = ref_name(member) {
                    if schemas[base].get("discriminator").is_some() {
                        subtypes.entry(base.to_owned()).or_default().push((name.clone(), tag.to_owned()));
                    }
                }
            }
        }
        Self { schemas, subtypes, seen: BTreeSet::new(), required: BTreeMap::new() }
    }

    /// How many rounds show every enum value and union variant once at least.
    pub fn rounds(&self) -> usize {
        let mut most = self.subtypes.values().map(Vec::len).max().unwrap_or(1);
        visit(&Value::Object(self.schemas.clone()), &mut |v| {
            if let Some(values) = v.get("enum").and_then(Value::as_array) {
                most = most.max(values.len());
            }
        });
        most
    }

    /// Every enum value and union variant of the spec's component schemas.
    pub fn all_choices(&self) -> BTreeSet<(String, String)> {
        let mut all = BTreeSet::new();
        for (name, schema) in &self.schemas {
            collect_enums(schema, &format!("#/components/schemas/{name}"), &mut all);
        }
        for (base, subs) in &self.subtypes {
            for (sub, _) in subs {
                all.insert((format!("#/components/schemas/{base}"), sub.clone()));
            }
        }
        all
    }

    /// Sample `k` of component schema `name`.
    pub fn component(&mut self, name: &str, k: usize) -> Value {
        let schema = json!({ "$ref": format!("#/components/schemas/{name}") });
        self.required.clear();
        self.value(&schema, "#", "", k, 0)
    }

    /// Sample `k` of any schema of the spec (inline or `$ref`).
    pub fn sample(&mut self, schema: &Value, k: usize) -> Value {
        self.required.clear();
        self.value(schema, "#", "", k, 0)
    }

    fn value(&mut self, schema: &Value, pointer: &str, at: &str, k: usize, depth: usize) -> Value {
        if let Some(name) = ref_name(schema) {
            let name = name.to_owned();
            let target = self.schemas[&name].clone();
            let place = format!("#/components/schemas/{name}");
            if let Some(subs) = self.subtypes.get(&name).cloned() {
                let (sub, _) = &subs[k % subs.len()];
                self.seen.insert((place, sub.clone()));
                let sub_schema = json!({ "$ref": format!("#/components/schemas/{sub}") });
                return self.value(&sub_schema, pointer, at, k, depth + 1);
            }
            return self.value(&target, &place, at, k, depth + 1);
        }
        if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
            let mut merged = Value::Object(Map::new());
            self.note_required(schema, at);
            for (i, member) in members.iter().enumerate() {
                // A base inside allOf contributes its own properties, not a subtype.
                let part = match ref_name(member) {
                    Some(base) if self.subtypes.contains_key(base) => {
                        let base_schema = self.schemas[base].clone();
                        self.object(&base_schema, &format!("#/components/schemas/{base}"), at, k, depth + 1)
                    }
                    // A member that only constrains (`required`, `description`) adds no keys.
                    _ if !shapes_a_value(member) => {
                        self.note_required(member, at);
                        continue;
                    }
                    _ => self.value(member, &format!("{pointer}/allOf/{i}"), at, k, depth + 1),
                };
                merge(&mut merged, part);
            }
            if schema.get("properties").is_some() {
                let own = self.object(schema, pointer, at, k, depth);
                merge(&mut merged, own);
            }
            if let Some(tag) = schema.get("x-discriminator-value").and_then(Value::as_str) {
                for member in members {
                    if let Some(base) = ref_name(member) {
                        if let Some(property) = self.schemas[base]["discriminator"]["propertyName"].as_str() {
                            merged[property] = json!(tag);
                        }
                    }
                }
            }
            return merged;
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            let value = values[k % values.len()].clone();
            self.seen.insert((pointer.to_owned(), value.as_str().unwrap_or_default().to_owned()));
            return value;
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("object") | None if schema.get("properties").is_some() => self.object(schema, pointer, at, k, depth),
            Some("object") => match schema.get("additionalProperties") {
                Some(values) if values.is_object() => {
                    let value = self.value(values, &format!("{pointer}/additionalProperties"), &format!("{at}/first"), k, depth + 1);
                    json!({ "first": value.clone(), "second": value })
                }
                _ => json!({ "free": k, "form": ["object"] }),
            },
            Some("array") => match schema.get("items") {
                Some(items) => {
                    let first = self.value(items, &format!("{pointer}/items"), &format!("{at}/0"), k, depth + 1);
                    let second = self.value(items, &format!("{pointer}/items"), &format!("{at}/1"), k + 1, depth + 1);
                    json!([first, second])
                }
                None => json!([k, "any"]),
            },
            Some("string") => json!(format!("text {k}")),
            Some("integer") => json!(k as i64 + 1),
            Some("number") => json!(k as f64 + 0.25),
            Some("boolean") => json!(k % 2 == 0),
            _ => json!({ "any": [k] }),
        }
    }

    fn object(&mut self, schema: &Value, pointer: &str, at: &str, k: usize, depth: usize) -> Value {
        let mut object = Map::new();
        let required: BTreeSet<&str> = schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        self.note_required(schema, at);
        for (name, property) in schema["properties"].as_object().into_iter().flatten() {
            if depth > MAX_DEPTH && !required.contains(name.as_str()) {
                continue;
            }
            let place = format!("{pointer}/properties/{name}");
            let below = format!("{at}/{}", name.replace('~', "~0").replace('/', "~1"));
            let nullable = property.get("nullable").and_then(Value::as_bool).unwrap_or(false);
            let value = if nullable && k % 3 == 1 { Value::Null } else { self.value(property, &place, &below, k, depth + 1) };
            object.insert(name.clone(), value);
        }
        if let Some(values) = schema.get("additionalProperties").filter(|v| v.is_object()) {
            let value = self.value(values, &format!("{pointer}/additionalProperties"), &format!("{at}/an-extra-key"), k, depth + 1);
            object.insert("an-extra-key".to_owned(), value);
        }
        Value::Object(object)
    }
}

impl Samples {
    /// Records the `required` of `schema` for the object at `at`.
    fn note_required(&mut self, schema: &Value, at: &str) {
        let names = schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_owned);
        self.required.entry(at.to_owned()).or_default().extend(names);
    }
}

fn shapes_a_value(schema: &Value) -> bool {
    ["$ref", "type", "properties", "allOf", "enum", "items", "additionalProperties"].iter().any(|k| schema.get(k).is_some())
}

fn ref_name(schema: &Value) -> Option<&str> {
    schema.get("$ref")?.as_str()?.strip_prefix("#/components/schemas/")
}

/// Merges `part` into `into`: objects key by key (recursively), arrays item
/// by item; for scalars the first value stays.
fn merge(into: &mut Value, part: Value) {
    match (into, part) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in b {
                match a.get_mut(&key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        a.insert(key, value);
                    }
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for (x, y) in a.iter_mut().zip(b) {
                merge(x, y);
            }
        }
        _ => {}
    }
}

fn visit(value: &Value, f: &mut impl FnMut(&Value)) {
    f(value);
    match value {
        Value::Object(map) => map.iter().filter(|(k, _)| *k != "example").for_each(|(_, v)| visit(v, f)),
        Value::Array(items) => items.iter().for_each(|v| visit(v, f)),
        _ => {}
    }
}

fn collect_enums(schema: &Value, pointer: &str, all: &mut BTreeSet<(String, String)>) {
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        for v in values {
            all.insert((pointer.to_owned(), v.as_str().unwrap_or_default().to_owned()));
        }
    }
    for (key, child) in schema.as_object().into_iter().flatten() {
        match (key.as_str(), child) {
            ("properties", Value::Object(props)) => {
                for (name, p) in props {
                    collect_enums(p, &format!("{pointer}/properties/{name}"), all);
                }
            }
            ("items" | "additionalProperties", c) => collect_enums(c, &format!("{pointer}/{key}"), all),
            ("allOf", Value::Array(members)) => {
                for (i, m) in members.iter().enumerate() {
                    collect_enums(m, &format!("{pointer}/allOf/{i}"), all);
                }
            }
            _ => {}
        }
    }
}
