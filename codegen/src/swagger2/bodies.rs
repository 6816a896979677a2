//! Request bodies: a body parameter or the form fields of an operation as
//! its `requestBody`, and the bodies several operations share as
//! components.

use super::*;

/// A request body, the name swagger2openapi gives it if operations share
/// it, and where its parts came from.
pub(super) type Body = (Mapping, Option<String>, BodyOrigin);

/// Where a request body came from: its parameter, and the sources of the
/// schemas below it (pointer suffixes relative to the body).
#[derive(Clone)]
pub(super) struct BodyOrigin {
    pub(super) source: String,
    pub(super) parts: Vec<(String, String)>,
}

/// One operation's request body, for sharing identical ones.
pub(super) struct BodyUse {
    pub(super) path: String,
    pub(super) method: String,
    pub(super) name: String,
    pub(super) body: Value,
    pub(super) origin: BodyOrigin,
}

impl Converter {
    /// A parameter, or the body parameter of `#/parameters` it refers to.
    pub(super) fn resolve_shared_body(&self, shared: &SharedBodies, parameter: &Mapping, source: String) -> (Mapping, String) {
        let shared = parameter
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/parameters/"))
            .and_then(|name| shared.get(&percent_decode(name)));
        match shared {
            Some((body, body_source)) => (body.clone(), body_source.clone()),
            None => (parameter.clone(), source),
        }
    }

    /// Moves every request body used by more than one operation to
    /// `components/requestBodies`, as swagger2openapi does, and returns them.
    pub(super) fn share_request_bodies(&mut self, paths: &mut Mapping, uses: Vec<BodyUse>) -> Mapping {
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for (i, body) in uses.iter().enumerate() {
            match groups.iter_mut().find(|group| uses[group[0]].body == body.body) {
                Some(group) => group.push(i),
                None => groups.push(vec![i]),
            }
        }
        let mut shared = Mapping::new();
        for group in groups.iter().filter(|group| group.len() > 1) {
            let first = &uses[group[0]];
            let mut name = first.name.clone();
            let mut number = 1;
            while shared.contains_key(name.as_str()) {
                number += 1;
                name = format!("{}{number}", first.name);
            }
            record_body(&mut self.report.origins, &format!("#/components/requestBodies/{}", escape(&name)), &first.origin);
            shared.insert(key(&name), first.body.clone());
            let reference = Mapping::from_iter([(key("$ref"), Value::String(format!("#/components/requestBodies/{name}")))]);
            for &i in group {
                let operation = paths.get_mut(uses[i].path.as_str()).and_then(|item| item.get_mut(uses[i].method.as_str()));
                if let Some(Value::Mapping(operation)) = operation {
                    set(operation, "requestBody", Value::Mapping(reference.clone()));
                }
            }
        }
        shared
    }
}

/// The body made of an operation's form fields.
pub(super) fn form_body(fields: Vec<FormField>, consumes: &[String]) -> (Mapping, Option<String>, BodyOrigin) {
    let media_type = if consumes.iter().any(|c| c == "multipart/form-data") { "multipart/form-data" } else { "application/x-www-form-urlencoded" };
    let schema_at = format!("/content/{}/schema", escape(media_type));
    let first = fields.first().map(|f| f.source.clone()).unwrap_or_default();
    let mut origin = BodyOrigin { source: first.clone(), parts: vec![(schema_at.clone(), first)] };
    let (mut properties, mut required) = (Mapping::new(), Vec::new());
    for field in fields {
        origin.parts.push((format!("{schema_at}/properties/{}", escape(&field.name)), field.source));
        if field.required && !required.contains(&Value::String(field.name.clone())) {
            required.push(Value::String(field.name.clone()));
        }
        properties.insert(Value::String(field.name), field.property);
    }
    let mut schema = Mapping::from_iter([(key("type"), key("object")), (key("properties"), Value::Mapping(properties))]);
    let any_required = !required.is_empty();
    if any_required {
        schema.insert(key("required"), Value::Sequence(required));
    }
    let media = Mapping::from_iter([(key("schema"), Value::Mapping(schema))]);
    let mut body = Mapping::from_iter([(key("content"), Value::Mapping(Mapping::from_iter([(key(media_type), Value::Mapping(media))])))]);
    if any_required {
        body.insert(key("required"), Value::Bool(true));
    }
    (body, None, origin)
}

pub(super) fn record_body(origins: &mut Origins, target: &str, origin: &BodyOrigin) {
    origins.record(target.to_owned(), &origin.source);
    for (suffix, source) in &origin.parts {
        origins.record(format!("{target}{suffix}"), source);
    }
}
