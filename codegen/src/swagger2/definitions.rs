//! Definitions: their names, every `$ref` pointed at the components they
//! become, and each schema's 2.0 keywords rewritten as 3.0 ones.

use super::*;

impl Report {
    /// Definition names and their schema names, in swagger2openapi's order: a
    /// name that needs sanitising moves to the end, numbered from 2 if taken.
    pub(super) fn schema_names(&mut self, definitions: &Mapping) -> Vec<(String, String)> {
        let mut order: Vec<(String, String)> = definitions.keys().filter_map(Value::as_str).map(|n| (n.to_owned(), n.to_owned())).collect();
        for old in order.clone().into_iter().map(|(old, _)| old) {
            let base = sanitise_all(&old);
            if base != old {
                let mut name = base.clone();
                let mut number = 1;
                while order.iter().any(|(_, taken)| *taken == name) {
                    number += 1;
                    name = format!("{base}{number}");
                }
                order.retain(|(o, _)| *o != old);
                order.push((old, name));
            }
        }
        order
    }

    /// Points every `$ref` at its new place and drops the keys beside it.
    pub(super) fn rewrite_refs(&mut self, names: &Names, value: &mut Value, at: &str) {
        match value {
            Value::Mapping(m) => {
                if let Some(Value::String(reference)) = m.get("$ref") {
                    let reference = reference.clone();
                    let converted = self.converted_ref(names, &reference, at);
                    *m = Mapping::new();
                    m.insert(key("$ref"), Value::String(converted));
                    return;
                }
                for (k, v) in m.iter_mut() {
                    let here = match k.as_str() {
                        Some(name) => child(at, name),
                        None => format!("{at}/?"),
                    };
                    self.rewrite_refs(names, v, &here);
                }
            }
            Value::Sequence(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    self.rewrite_refs(names, item, &format!("{at}/{i}"));
                }
            }
            Value::Tagged(tagged) => self.rewrite_refs(names, &mut tagged.value, at),
            _ => {}
        }
    }

    pub(super) fn converted_ref(&mut self, names: &Names, reference: &str, at: &str) -> String {
        let at = child(at, "$ref");
        if !reference.starts_with('#') || reference.starts_with("#/components/") {
            return reference.to_owned();
        }
        if let Some(rest) = reference.strip_prefix("#/definitions/") {
            let (first, tail) = rest.find('/').map_or((rest, ""), |slash| rest.split_at(slash));
            let name = percent_decode(&unescape(first));
            let converted = match names.schemas.get(&name) {
                Some(converted) => converted.clone(),
                None => {
                    self.problem(at, format!("`$ref: {reference}` names no definition"));
                    sanitise_all(&name)
                }
            };
            return format!("#/components/schemas/{converted}{tail}");
        }
        let shared = [
            ("#/parameters/", "#/components/parameters/", &names.parameters, "parameter"),
            ("#/responses/", "#/components/responses/", &names.responses, "response"),
        ]
        .into_iter()
        .find_map(|(section, target, taken, what)| {
            let name = sanitise(reference.strip_prefix(section)?);
            Some((format!("{target}{name}"), !taken.contains(&name), what))
        });
        if let Some((converted, missing, what)) = shared {
            if missing {
                self.problem(at, format!("`$ref: {reference}` names no {what}"));
            }
            return converted;
        }
        self.problem(at, format!("`$ref: {reference}`: only references into `#/definitions`, `#/parameters` and `#/responses` can be converted"));
        reference.to_owned()
    }
}

impl Converter {
    /// Fixes a schema and all schemas inside it. Returns the `name` of a
    /// schema that says `required: true` (a parameter's habit), which belongs
    /// in its parent's `required` list.
    pub(super) fn schema(&mut self, value: &mut Value, at: &str) -> Option<String> {
        let Value::Mapping(schema) = value else { return None };
        if schema.contains_key("$ref") {
            return None;
        }
        extension_keywords(schema);
        self.keyword_forms(schema, at);
        let mut own_name = None;
        if let Some(Value::Bool(required)) = schema.get("required").cloned() {
            schema.shift_remove("required");
            if required {
                own_name = schema.get("name").and_then(Value::as_str).map(str::to_owned);
            }
        }
        if let Some(Value::Mapping(xml)) = schema.get_mut("xml") {
            if xml.get("namespace").and_then(Value::as_str) == Some("") {
                xml.shift_remove("namespace");
            }
        }
        schema.shift_remove("allowEmptyValue");

        let required_here = self.inner_schemas(schema, at);
        if !required_here.is_empty() {
            let mut required = match schema.get("required") {
                Some(Value::Sequence(required)) => required.clone(),
                _ => Vec::new(),
            };
            required.extend(required_here.into_iter().map(Value::String));
            set(schema, "required", Value::Sequence(required));
        }
        own_name
    }

    /// The 2.0 forms of 3.0 keywords: a `discriminator` name, a list of
    /// `items`, a list of `type`s, `type: null` and `type: file`.
    fn keyword_forms(&mut self, schema: &mut Mapping, at: &str) {
        if let Some(Value::String(property)) = schema.get("discriminator").cloned() {
            let mut discriminator = Mapping::new();
            discriminator.insert(key("propertyName"), Value::String(property));
            set(schema, "discriminator", Value::Mapping(discriminator));
        }
        if let Some(Value::Sequence(items)) = schema.get("items").cloned() {
            let items = match items.len() {
                0 => Value::Mapping(Mapping::new()),
                1 => items.into_iter().next().unwrap_or_default(),
                _ => Value::Mapping(Mapping::from_iter([(key("anyOf"), Value::Sequence(items))])),
            };
            set(schema, "items", items);
        }
        if let Some(Value::Sequence(types)) = schema.get("type").cloned() {
            let named: Vec<&Value> = types.iter().filter(|t| t.as_str() != Some("null")).collect();
            match named.as_slice() {
                [] => {
                    schema.shift_remove("type");
                }
                [single] => set(schema, "type", (*single).clone()),
                _ => self.problem(format!("{at}/type"), "`type` lists several types; Swagger 2.0 allows one (use `x-anyOf` for alternatives)"),
            }
            if named.len() < types.len() {
                set(schema, "nullable", Value::Bool(true));
            }
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("null") => {
                schema.shift_remove("type");
                set(schema, "nullable", Value::Bool(true));
            }
            Some("array") if !schema.contains_key("items") => set(schema, "items", Value::Mapping(Mapping::new())),
            Some("file") => {
                set(schema, "type", key("string"));
                set(schema, "format", key("binary"));
            }
            _ => {}
        }
    }

    /// Converts the schemas inside `schema`; the names of the properties
    /// that said `required: true` themselves.
    fn inner_schemas(&mut self, schema: &mut Mapping, at: &str) -> Vec<String> {
        let mut required_here = Vec::new();
        for keyword in ["items", "additionalItems", "additionalProperties", "not"] {
            if let Some(inner) = schema.get_mut(keyword) {
                required_here.extend(self.schema(inner, &child(at, keyword)));
            }
        }
        for keyword in ["properties", "patternProperties"] {
            if let Some(Value::Mapping(members)) = schema.get_mut(keyword) {
                for (name, inner) in members.iter_mut() {
                    let here = child(&child(at, keyword), name.as_str().unwrap_or("?"));
                    required_here.extend(self.schema(inner, &here));
                }
            }
        }
        for keyword in ["allOf", "anyOf", "oneOf"] {
            if let Some(Value::Sequence(members)) = schema.get_mut(keyword) {
                for (i, inner) in members.iter_mut().enumerate() {
                    required_here.extend(self.schema(inner, &format!("{at}/{keyword}/{i}")));
                }
            }
        }
        required_here
    }
}

/// Extensions that stand for 3.0 keywords: `x-required`, `x-anyOf`,
/// `x-oneOf`, `x-not`, `x-nullable`, `x-discriminator`.
fn extension_keywords(schema: &mut Mapping) {
    if let Some(Value::Sequence(extra)) = schema.get("x-required").cloned() {
        let mut required = match schema.get("required") {
            Some(Value::Sequence(required)) => required.clone(),
            _ => Vec::new(),
        };
        required.extend(extra);
        set(schema, "required", Value::Sequence(required));
        schema.shift_remove("x-required");
    }
    for (extension, keyword) in [("x-anyOf", "anyOf"), ("x-oneOf", "oneOf"), ("x-not", "not")] {
        if let Some(moved) = schema.get(extension).filter(|v| !v.is_null()).cloned() {
            set(schema, keyword, moved);
            schema.shift_remove(extension);
        }
    }
    if let Some(Value::Bool(nullable)) = schema.get("x-nullable").cloned() {
        set(schema, "nullable", Value::Bool(nullable));
        schema.shift_remove("x-nullable");
    }
    if let Some(Value::Mapping(mut discriminator)) = schema.get("x-discriminator").cloned() {
        if discriminator.get("propertyName").is_some_and(Value::is_string) {
            if let Some(Value::Mapping(mapping)) = discriminator.get_mut("mapping") {
                for target in mapping.values_mut() {
                    if let Some(name) = target.as_str().and_then(|t| t.strip_prefix("#/definitions/")) {
                        *target = Value::String(format!("#/components/schemas/{name}"));
                    }
                }
            }
            set(schema, "discriminator", Value::Mapping(discriminator));
            schema.shift_remove("x-discriminator");
        }
    }
}

