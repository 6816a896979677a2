//! Responses and their headers: `schema` under `content` once per produced
//! media type, headers with a `schema`, status codes in swagger2openapi's order.

use super::*;

impl Converter {
    /// Converts a response in place; `source` and `target` are its pointers
    /// in the 2.0 and 3.0 documents.
    pub(super) fn response(&mut self, response: &mut Mapping, source: &str, target: &str, produces: &[String]) {
        if let Some(reference) = response.get("$ref").and_then(Value::as_str) {
            if reference.starts_with("#/components/schemas/") {
                self.problem(child(source, "$ref"), "a response `$ref` must point into `#/responses`, not at a definition");
            }
            return;
        }
        match response.get("description") {
            Some(Value::String(_)) => {}
            Some(_) => self.problem(child(source, "description"), "a response's `description` must be text"),
            None => self.problem(source, "a response needs a `description`"),
        }
        let mut examples = match response.get("examples") {
            Some(Value::Mapping(examples)) => examples.clone(),
            _ => Mapping::new(),
        };
        if let Some(mut schema) = response.shift_remove("schema") {
            self.schema(&mut schema, &child(source, "schema"));
            let media = if produces.is_empty() { vec!["*/*".to_owned()] } else { produces.to_vec() };
            let mut content = Mapping::new();
            for media_type in media {
                self.report.origins.record(format!("{target}/content/{}/schema", escape(&media_type)), &child(source, "schema"));
                let mut entry = Mapping::from_iter([(key("schema"), schema.clone())]);
                if let Some(example) = examples.shift_remove(media_type.as_str()) {
                    entry.insert(key("examples"), example_named_response(example));
                }
                content.insert(Value::String(media_type), Value::Mapping(entry));
            }
            response.insert(key("content"), Value::Mapping(content));
        }
        // Examples of media types the operation does not produce.
        for (media_type, example) in examples {
            let content = response.entry(key("content")).or_insert_with(|| Value::Mapping(Mapping::new()));
            if let Value::Mapping(content) = content {
                let entry = content.entry(media_type).or_insert_with(|| Value::Mapping(Mapping::new()));
                if let Value::Mapping(entry) = entry {
                    set(entry, "examples", example_named_response(example));
                }
            }
        }
        response.shift_remove("examples");
        match response.get_mut("headers") {
            None => {}
            Some(Value::Mapping(headers)) => {
                headers.retain(|name, _| !name.as_str().is_some_and(|n| n.eq_ignore_ascii_case("status code")));
                let mut moved = Vec::new();
                for (name, header) in headers.iter_mut() {
                    let name = name.as_str().unwrap_or("?");
                    let (header_source, header_target) = (child(&child(source, "headers"), name), child(&child(target, "headers"), name));
                    match header {
                        Value::Mapping(header) => {
                            self.header(header, &header_source);
                            moved.push((format!("{header_target}/schema"), header_source));
                        }
                        _ => self.problem(header_source, "a header must be a mapping"),
                    }
                }
                for (converted, source) in moved {
                    self.report.origins.record(converted, &source);
                }
            }
            Some(_) => self.problem(child(source, "headers"), "`headers` must be a mapping of names to headers"),
        }
    }

    /// A response header: `type` and its keywords move into `schema`,
    /// `collectionFormat` becomes `style`/`explode`.
    pub(super) fn header(&mut self, header: &mut Mapping, at: &str) {
        if header.contains_key("$ref") {
            return;
        }
        let ty = header.get("type").and_then(Value::as_str).map(str::to_owned);
        if ty.is_none() && !header.contains_key("schema") {
            self.problem(at, "a header needs a `type`");
            return;
        }
        let format = header.get("collectionFormat").and_then(Value::as_str).map(str::to_owned);
        if let Some(Value::Mapping(items)) = header.get_mut("items") {
            if items.get("type").and_then(Value::as_str) != Some("array") {
                if let Some(inner) = items.shift_remove("collectionFormat") {
                    if inner.as_str() != Some(format.as_deref().unwrap_or("csv")) {
                        self.problem(child(&child(at, "items"), "collectionFormat"), "nested `collectionFormat`s have no OpenAPI 3.0 form");
                    }
                }
            }
        }
        let format_at = child(at, "collectionFormat");
        if ty.as_deref() == Some("array") {
            match format.as_deref().unwrap_or("csv") {
                "csv" => set(header, "style", key("simple")),
                "multi" => set(header, "explode", Value::Bool(true)),
                other @ ("ssv" | "pipes" | "tsv") => self.problem(format_at, format!("`collectionFormat: {other}` has no OpenAPI 3.0 form for headers")),
                other => self.problem(format_at, format!("unknown `collectionFormat: {other}` (csv, ssv, tsv, pipes or multi)")),
            }
        }
        header.shift_remove("collectionFormat");
        let mut schema = match header.get("schema") {
            Some(Value::Mapping(schema)) => schema.clone(),
            _ => Mapping::new(),
        };
        if let Some(ty) = ty {
            set(&mut schema, "type", key(&ty));
        }
        header.shift_remove("type");
        for keyword in VALUE_KEYWORDS.into_iter().chain(ARRAY_KEYWORDS) {
            if let Some(value) = header.shift_remove(keyword) {
                set(&mut schema, keyword, value);
            }
        }
        set(header, "schema", Value::Mapping(schema));
    }

    pub(super) fn responses(&mut self, responses: &Value, produces: &[String], at: &str) -> Value {
        let at = child(at, "responses");
        let Value::Mapping(responses) = responses else {
            self.problem(at, "`responses` must be a mapping of status codes to responses");
            return responses.clone();
        };
        let mut out = Mapping::new();
        for (code, response) in js_key_order(responses) {
            let name = code.as_str().unwrap_or("?");
            let source = child(&at, name);
            match response {
                Value::Mapping(response) => {
                    let mut response = response.clone();
                    self.response(&mut response, &source, &source, produces);
                    out.insert(code.clone(), Value::Mapping(response));
                }
                _ if name.starts_with("x-") => {
                    out.insert(code.clone(), response.clone());
                }
                _ => self.problem(source, "a response must be a mapping"),
            }
        }
        Value::Mapping(out)
    }
}

/// `{response: {value: example}}`: how a 2.0 response example is named in 3.0.
pub(super) fn example_named_response(example: Value) -> Value {
    let value = Mapping::from_iter([(key("value"), example)]);
    Value::Mapping(Mapping::from_iter([(key("response"), Value::Mapping(value))]))
}
