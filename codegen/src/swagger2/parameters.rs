//! Parameters: query, path and header parameters get a `schema` and a
//! `style`; body and form parameters become what the request body is made of.

use super::*;

/// What one 2.0 parameter becomes.
pub(super) enum Param {
    /// A 3.0 parameter, or a `$ref` to one.
    Kept(Mapping),
    /// The request body, with the name swagger2openapi would give it if shared.
    Body(Mapping, Option<String>, BodyOrigin),
    /// One field of a form body.
    Form(FormField),
    /// Nothing: a problem was reported.
    Dropped,
}

pub(super) struct FormField {
    pub(super) name: String,
    pub(super) property: Value,
    pub(super) required: bool,
    pub(super) source: String,
}

impl Converter {
    /// Converts one parameter; `operation` is absent for the parameters of
    /// `#/parameters` and of path items, whose bodies are kept for the
    /// operations that use them.
    pub(super) fn parameter(&mut self, parameter: &Mapping, at: &str, operation: Option<&OperationContext>) -> Param {
        if parameter.contains_key("$ref") {
            return Param::Kept(parameter.clone());
        }
        let mut p = parameter.clone();
        let Some((location, name, ty)) = self.parameter_basics(&mut p, at) else { return Param::Dropped };
        let collection_format = self.collection_style(&mut p, ty.as_deref(), &location, at);
        let is_plain = location != "body" && location != "formData";
        if let (true, Some(ty)) = (is_plain, &ty) {
            if !self.value_schema(&mut p, ty, collection_format.as_deref(), at) {
                return Param::Dropped;
            }
        }
        // A synthesised schema's keywords sit on the parameter in the source.
        let schema_at = if is_plain { at.to_owned() } else { child(at, "schema") };
        if let Some(schema) = p.get_mut("schema") {
            self.schema(schema, &schema_at);
        }
        match (location.as_str(), ty.as_deref()) {
            ("formData", _) => return self.form_field(&p, name.unwrap_or_default(), ty.as_deref(), at),
            ("body", _) => return self.body_parameter(&p, name, at, operation),
            // A file outside a form: the raw body.
            (_, Some("file")) => return file_body(&p, at),
            _ => {}
        }
        p.shift_remove("type");
        for keyword in VALUE_KEYWORDS {
            p.shift_remove(keyword);
        }
        if location == "path" && p.get("required") != Some(&Value::Bool(true)) {
            set(&mut p, "required", Value::Bool(true));
        }
        Param::Kept(p)
    }

    /// The parameter's location, name and type, checked (`None`: a problem
    /// was reported), with `x-deprecated` and `x-example` made 3.0 fields.
    fn parameter_basics(&mut self, p: &mut Mapping, at: &str) -> Option<(String, Option<String>, Option<String>)> {
        if let Some(Value::Bool(deprecated)) = p.get("x-deprecated").cloned() {
            p.shift_remove("x-deprecated");
            set(p, "deprecated", Value::Bool(deprecated));
        }
        if let Some(example) = p.shift_remove("x-example") {
            set(p, "example", example);
        }
        let location = match p.get("in").and_then(Value::as_str) {
            Some(location @ ("query" | "header" | "path" | "formData" | "body")) => location.to_owned(),
            Some(other) => {
                self.problem(child(at, "in"), format!("`in: {other}` is not a Swagger 2.0 parameter location (query, header, path, formData or body)"));
                return None;
            }
            None => {
                self.problem(at, "a parameter needs `in` (query, header, path, formData or body)");
                return None;
            }
        };
        let name = p.get("name").and_then(Value::as_str).map(str::to_owned);
        if name.is_none() && location != "body" {
            self.problem(at, "a parameter needs a `name`");
            return None;
        }
        let ty = p.get("type").and_then(Value::as_str).map(str::to_owned);
        if location != "body" && ty.is_none() {
            match p.get("type") {
                Some(_) => self.problem(child(at, "type"), "`type` must be one type name"),
                None => self.problem(at, format!("a `{location}` parameter needs a `type`")),
            }
            return None;
        }
        Some((location, name, ty))
    }

    /// `collectionFormat` (`csv` for an array without one) as `style` and
    /// `explode`; the format, for the items.
    fn collection_style(&mut self, p: &mut Mapping, ty: Option<&str>, location: &str, at: &str) -> Option<String> {
        let collection_format = p
            .get("collectionFormat")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| (ty == Some("array")).then(|| "csv".to_owned()));
        let format = collection_format.as_deref()?;
        // On a non-array the format means nothing; it is dropped, as
        // swagger2openapi's patch does.
        let format_at = child(at, "collectionFormat");
        match (format, location) {
            ("csv", "query") => {
                set(p, "style", key("form"));
                set(p, "explode", Value::Bool(false));
            }
            ("csv", "path" | "header") => set(p, "style", key("simple")),
            ("csv", _) => {}
            ("ssv", "query") => set(p, "style", key("spaceDelimited")),
            ("pipes", "query") => set(p, "style", key("pipeDelimited")),
            ("ssv" | "pipes", _) => {
                self.problem(format_at, format!("`collectionFormat: {format}` has no OpenAPI 3.0 form outside query parameters"));
            }
            ("multi", _) => set(p, "explode", Value::Bool(true)),
            ("tsv", _) => self.problem(format_at, "`collectionFormat: tsv` has no OpenAPI 3.0 form"),
            (other, _) => self.problem(format_at, format!("unknown `collectionFormat: {other}` (csv, ssv, tsv, pipes or multi)")),
        }
        p.shift_remove("collectionFormat");
        collection_format
    }

    /// The `schema` of a query, path or header parameter, made of its
    /// `type`, `items` and value keywords; false (a problem) when it has
    /// both `items` and a `schema`.
    fn value_schema(&mut self, p: &mut Mapping, ty: &str, collection_format: Option<&str>, at: &str) -> bool {
        if p.contains_key("items") && p.contains_key("schema") {
            self.problem(at, "a parameter has both `items` and `schema`");
            return false;
        }
        let mut schema = match p.get("schema") {
            Some(Value::Mapping(schema)) => schema.clone(),
            _ => Mapping::new(),
        };
        set(&mut schema, "type", key(ty));
        if let Some(mut items) = p.shift_remove("items") {
            self.strip_collection_formats(&mut items, collection_format, &child(at, "items"));
            set(&mut schema, "items", items);
        }
        for keyword in VALUE_KEYWORDS {
            if let Some(value) = p.shift_remove(keyword) {
                set(&mut schema, keyword, value);
            }
        }
        set(p, "schema", Value::Mapping(schema));
        true
    }

    /// An `in: body` parameter as a request body: its schema under each
    /// media type the operation consumes, with the name swagger2openapi
    /// gives it when operations share it.
    fn body_parameter(&mut self, p: &Mapping, name: Option<String>, at: &str, operation: Option<&OperationContext>) -> Param {
        let consumes = operation.map(|o| o.consumes.clone()).unwrap_or_else(|| self.defaults.consumes.clone());
        let media = if consumes.is_empty() { vec!["application/json".to_owned()] } else { consumes };
        let schema = p.get("schema").cloned().unwrap_or_else(|| Value::Mapping(Mapping::new()));
        let mut content = Mapping::new();
        let mut origin = BodyOrigin { source: at.to_owned(), parts: Vec::new() };
        for media_type in media {
            origin.parts.push((format!("/content/{}/schema", escape(&media_type)), child(at, "schema")));
            content.insert(Value::String(media_type), Value::Mapping(Mapping::from_iter([(key("schema"), schema.clone())])));
        }
        let mut body = Mapping::new();
        body.insert(key("content"), Value::Mapping(content));
        if let Some(description) = p.get("description").filter(|d| is_truthy(d)) {
            body.insert(key("description"), description.clone());
        }
        if let Some(required) = p.get("required").filter(|r| is_truthy(r)) {
            body.insert(key("required"), required.clone());
        }
        copy_extensions(p, &mut body);
        let mut hint = name.map(|name| {
            let operation_id = operation.and_then(|o| o.operation_id.as_deref()).map(sanitise_all).unwrap_or_default();
            format!("{operation_id}{}", camel_case(&format!("_{name}")))
        });
        let referenced = |schema: &Value| schema.get("$ref").and_then(Value::as_str).map(|r| percent_decode(r.strip_prefix("#/components/schemas/").unwrap_or(r)));
        if let Some(target) = referenced(&schema) {
            hint = Some(target);
        } else if schema.get("type").and_then(Value::as_str) == Some("array") {
            if let Some(target) = schema.get("items").and_then(referenced) {
                hint = Some(format!("{target}Array"));
            }
        }
        Param::Body(body, hint, origin)
    }

    /// A `formData` parameter as a property of the form body's schema.
    pub(super) fn form_field(&mut self, p: &Mapping, name: String, ty: Option<&str>, at: &str) -> Param {
        if p.contains_key("schema") {
            self.problem(child(at, "schema"), "a `formData` parameter is described by `type`, not `schema`");
            return Param::Dropped;
        }
        let mut property = Mapping::new();
        for field in ["description", "example"] {
            if let Some(value) = p.get(field).filter(|v| is_truthy(v)) {
                property.insert(key(field), value.clone());
            }
        }
        if let Some(ty) = ty {
            property.insert(key("type"), key(ty));
        }
        for keyword in VALUE_KEYWORDS.into_iter().chain(["allOf"]) {
            if let Some(value) = p.get(keyword) {
                property.insert(key(keyword), value.clone());
            }
        }
        if let (Some("array"), Some(Value::Mapping(items))) = (ty, p.get("items")) {
            let mut items = items.clone();
            items.shift_remove("collectionFormat");
            property.insert(key("items"), Value::Mapping(items));
        }
        if ty == Some("file") {
            set(&mut property, "type", key("string"));
            set(&mut property, "format", key("binary"));
        }
        copy_extensions(p, &mut property);
        let required = p.get("required") == Some(&Value::Bool(true));
        Param::Form(FormField { name, property: Value::Mapping(property), required, source: at.to_owned() })
    }

    /// Removes `collectionFormat` from a parameter's `items` (3.0 has one
    /// style per parameter); a nested format that differs is a problem.
    pub(super) fn strip_collection_formats(&mut self, value: &mut Value, outer: Option<&str>, at: &str) {
        match value {
            Value::Mapping(m) => {
                if let Some(Value::String(inner)) = m.get("collectionFormat").cloned() {
                    m.shift_remove("collectionFormat");
                    if outer.is_some_and(|outer| outer != inner) {
                        self.problem(child(at, "collectionFormat"), "nested `collectionFormat`s (an array of arrays in one parameter) have no OpenAPI 3.0 form");
                    }
                }
                for (k, v) in m.iter_mut() {
                    let here = child(at, k.as_str().unwrap_or("?"));
                    self.strip_collection_formats(v, outer, &here);
                }
            }
            Value::Sequence(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    self.strip_collection_formats(item, outer, &format!("{at}/{i}"));
                }
            }
            _ => {}
        }
    }
}

pub(super) fn is_body_like(parameter: &Mapping) -> bool {
    matches!(parameter.get("in").and_then(Value::as_str), Some("body" | "formData")) || parameter.get("type").and_then(Value::as_str) == Some("file")
}

/// A `type: file` parameter outside a form: a raw `application/octet-stream` body.
fn file_body(p: &Mapping, at: &str) -> Param {
    let mut body = Mapping::new();
    if let Some(required) = p.get("required").filter(|r| is_truthy(r)) {
        body.insert(key("required"), required.clone());
    }
    let schema = Mapping::from_iter([(key("type"), key("string")), (key("format"), key("binary"))]);
    let media = Mapping::from_iter([(key("schema"), Value::Mapping(schema))]);
    body.insert(key("content"), Value::Mapping(Mapping::from_iter([(key("application/octet-stream"), Value::Mapping(media))])));
    copy_extensions(p, &mut body);
    Param::Body(body, None, BodyOrigin { source: at.to_owned(), parts: Vec::new() })
}
