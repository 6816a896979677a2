//! Swagger 2.0 in, OpenAPI 3.0 out, in memory: [`convert`] rewrites the
//! parsed YAML of a Swagger 2.0 document into the OpenAPI 3.0 document that
//! swagger2openapi (7.0, default options) makes of it, and
//! [`load`](crate::load) then reads the result like any 3.0 file. Dintero's
//! 3.0 spec is that tool's output, so either rendering of the spec gives the
//! same generated code.
//!
//! The rules, in swagger2openapi's words where it has them:
//!
//! - **Document**: `swagger: "2.0"` becomes `openapi: 3.0.0`. Keys whose
//!   value is null are dropped (not extensions, `default`, or anything inside
//!   an example); keys are text (`200:` is `"200"`).
//! - **Servers**: `host` + `basePath` (one trailing `/` dropped), one server
//!   per entry of `schemes`; `basePath` alone is a relative server; the
//!   extension `x-servers` replaces both. `{name}` in a URL becomes a server
//!   variable. An operation whose `schemes` add a scheme gets servers of its own.
//! - **Components**: `definitions` become `components/schemas`,
//!   `parameters` and `responses` become `components/parameters` and
//!   `components/responses`, `securityDefinitions` become
//!   `components/securitySchemes`. Names are made safe as swagger2openapi
//!   does (characters other than letters, digits, `_`, `-`, `.` become `_`;
//!   schemas get a number when that collides).
//! - **References**: every `$ref` to `#/definitions/X`, `#/parameters/X` or
//!   `#/responses/X`, anywhere in the document, points to its component; a
//!   `$ref` loses the keys beside it (`description`, `example`), which 3.0
//!   ignores.
//! - **Schemas** (everywhere a schema sits, recursively): `x-nullable` becomes
//!   `nullable`; `discriminator: name` becomes `discriminator: {propertyName:
//!   name}`; `type: file` becomes `string`/`binary`; `type: "null"` (or
//!   `[T, "null"]`) becomes `nullable`; an array without `items` gets
//!   `items: {}`; a list of `items` becomes one schema (`anyOf` for several);
//!   `x-anyOf`, `x-oneOf`, `x-not`, `x-required`, `x-discriminator` become
//!   the 3.0 keywords. Other extensions (`x-discriminator-value`, ...) stay.
//! - **Parameters** (query, path, header): `type`, `format`, `items`, `enum`,
//!   `default` and the other value keywords move into `schema`;
//!   `collectionFormat` becomes `style`/`explode` (`csv` is `form` without
//!   explode in a query and `simple` in a path or header, `ssv` and `pipes`
//!   are `spaceDelimited` and `pipeDelimited` in a query, `multi` is
//!   `explode: true`); `x-example` and `x-deprecated` become `example` and
//!   `deprecated`.
//! - **Request bodies**: an `in: body` parameter becomes `requestBody`
//!   (placed where `parameters` is) with its `schema` under each media type
//!   of the operation's `consumes` (else the document's, else
//!   `application/json`), its `description`, `required` and extensions.
//!   `in: formData` parameters become the properties of one
//!   `application/x-www-form-urlencoded` body (`multipart/form-data` when the
//!   operation consumes that). Bodies used by more than one operation move to
//!   `components/requestBodies`, named after the schema they refer to, else
//!   the operation id and the parameter's name.
//! - **Responses**: `schema` goes under `content`, once per media type of
//!   `produces` (default `*/*`), with `examples` of that type; headers get a
//!   `schema` from their `type`, `format`, `items`...; status codes are sorted
//!   (swagger2openapi writes a JavaScript object). An operation without
//!   responses gets a `default` one.
//! - **Security**: `basic` becomes `http`/`basic`, OAuth2 `flow` +
//!   `authorizationUrl`/`tokenUrl`/`scopes` become `flows` (`application` is
//!   `clientCredentials`, `accessCode` is `authorizationCode`); `apiKey` stays.
//! - **Path items**: `x-summary`, `x-description`, `x-servers`, `x-trace`
//!   become `summary`, `description`, `servers`, `trace`.
//!
//! Where swagger2openapi refuses input unless run with `--patch` and the fix
//! loses nothing, the fix is made here (`collectionFormat` on a non-array,
//! a path parameter without `required: true`, a `Status Code` response
//! header, `consumes` given as one string). What would lose meaning (a
//! `collectionFormat` with no 3.0 form, two bodies, a parameter without a
//! `type`, a `$ref` to nothing) is a [`Diagnostic`] with the pointer into the
//! 2.0 document; every problem found is reported at once.
//!
//! Deliberate differences from swagger2openapi: body and form parameters of
//! a path item apply to all its operations (it skips operations that declare
//! no parameters of their own), and an operation's body parameter replaces
//! the path's whatever its name (it reports two bodies); a form body is required when any of its
//! fields is (it looks at the first); request bodies whose shared names
//! collide are numbered in path order (it uses hash order); `$ref`s into other
//! places than the three sections above are refused (it moves their targets
//! into components); the Azure and AWS extensions (`x-ms-*`,
//! `x-amazon-apigateway-any-method`) are left as they are.

use crate::locate::{escape, unescape};
use crate::diagnostics::Diagnostic;
use serde_yaml::{Mapping, Value};
use std::collections::{HashMap, HashSet};

/// A Swagger 2.0 document converted to OpenAPI 3.0.
#[derive(Debug, Clone)]
pub struct Converted {
    /// The OpenAPI 3.0 document.
    pub document: Value,
    /// Where the parts that moved were in the 2.0 document.
    pub origins: Origins,
}

/// Where the parts of a converted document that moved came from in the
/// Swagger 2.0 source (`#/components/schemas/X` from `#/definitions/X`, a
/// request body from its `in: body` parameter, ...), so that a problem found
/// later in the 3.0 model, and named by a 3.0 pointer, still gets the line of
/// the file the user has. Empty for a 3.0 source.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    /// Converted pointer to source pointer, for every place that moved.
    moved: HashMap<String, String>,
}

impl Origins {
    /// The pointer into the source document for `pointer` into the converted
    /// one: the source of its deepest recorded ancestor followed by the rest
    /// of the pointer. Pointers into parts that did not move come back as they are.
    pub fn source_of(&self, pointer: &str) -> String {
        let mut prefix = pointer;
        loop {
            if let Some(source) = self.moved.get(prefix) {
                return format!("{source}{}", &pointer[prefix.len()..]);
            }
            match prefix.rfind('/') {
                Some(slash) => prefix = &prefix[..slash],
                None => return pointer.to_owned(),
            }
        }
    }

    fn record(&mut self, converted: String, source: &str) {
        self.moved.insert(converted, source.to_owned());
    }
}

/// Converts a Swagger 2.0 document (the caller has checked `swagger: "2.0"`)
/// to OpenAPI 3.0, or lists every problem that stops it, each with its
/// pointer into the 2.0 document.
pub fn convert(source: &Value) -> Result<Converted, Vec<Diagnostic>> {
    let Value::Mapping(root) = source else {
        return Err(vec![Diagnostic::new("#", "a Swagger 2.0 document is a mapping of keys to values")]);
    };
    let mut root = root.clone();
    normalise_entries(&mut root, "#");
    let mut converter = Converter::default();
    let document = converter.document(&mut root);
    let mut seen = HashSet::new();
    let problems: Vec<Diagnostic> =
        converter.problems.into_iter().filter(|p| seen.insert((p.pointer.clone(), p.message.clone()))).collect();
    if problems.is_empty() {
        Ok(Converted { document: Value::Mapping(document), origins: converter.origins })
    } else {
        Err(problems)
    }
}

/// The keywords of a non-body parameter (and of a header) that move into its
/// `schema`, in swagger2openapi's order.
const VALUE_KEYWORDS: [&str; 17] = [
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "additionalProperties",
    "pattern",
    "enum",
    "default",
];

/// The array keywords of a header, which move into its `schema` after the others.
const ARRAY_KEYWORDS: [&str; 4] = ["items", "minItems", "maxItems", "uniqueItems"];

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Top-level keys that the conversion consumes (their content moves elsewhere).
const CONSUMED: [&str; 12] = [
    "swagger",
    "host",
    "basePath",
    "schemes",
    "consumes",
    "produces",
    "definitions",
    "parameters",
    "responses",
    "securityDefinitions",
    "x-callbacks",
    "x-links",
];

/// What one 2.0 parameter becomes.
enum Param {
    /// A 3.0 parameter, or a `$ref` to one.
    Kept(Mapping),
    /// The request body, with the name swagger2openapi would give it if shared.
    Body(Mapping, Option<String>, BodyOrigin),
    /// One field of a form body.
    Form(FormField),
    /// Nothing: a problem was reported.
    Dropped,
}

struct FormField {
    name: String,
    property: Value,
    required: bool,
    source: String,
}

/// Where a request body came from: its parameter, and the sources of the
/// schemas below it (pointer suffixes relative to the body).
#[derive(Clone)]
struct BodyOrigin {
    source: String,
    parts: Vec<(String, String)>,
}

/// One operation's request body, for sharing identical ones.
struct BodyUse {
    path: String,
    method: String,
    name: String,
    body: Value,
    origin: BodyOrigin,
}

/// What parameters need to know of their operation.
struct OperationContext {
    operation_id: Option<String>,
    consumes: Vec<String>,
}

#[derive(Default)]
struct Converter {
    problems: Vec<Diagnostic>,
    origins: Origins,
    /// The document's `consumes`, `produces` and `schemes`.
    consumes: Vec<String>,
    produces: Vec<String>,
    schemes: Vec<String>,
    /// The document's servers, for operations with schemes of their own.
    servers: Vec<Value>,
    /// Definition name to component schema name.
    schema_names: HashMap<String, String>,
    /// Component names of `#/parameters` and `#/responses`.
    parameter_names: HashSet<String>,
    response_names: HashSet<String>,
    /// Body and form parameters of `#/parameters` (by component name) with
    /// their pointers: they become part of the operations that refer to them.
    shared_bodies: HashMap<String, (Mapping, String)>,
    /// Every operation's request body, in path order.
    bodies: Vec<BodyUse>,
}

impl Converter {
    fn problem(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Diagnostic::new(pointer, message));
    }

    fn document(&mut self, root: &mut Mapping) -> Mapping {
        self.check_info(root);
        if !root.contains_key("paths") {
            self.problem("#", "a Swagger 2.0 document needs `paths`");
        }
        let definitions = self.section(root, "definitions");
        let parameters = self.section(root, "parameters");
        let responses = self.section(root, "responses");
        let security_definitions = self.section(root, "securityDefinitions");

        // Names first: references anywhere are rewritten to them.
        let schema_order = self.schema_names(&definitions);
        let parameter_order = self.sanitised_names(&parameters, "#/parameters", "parameters");
        let response_order = self.sanitised_names(&responses, "#/responses", "responses");
        let scheme_order = self.sanitised_names(&security_definitions, "#/securityDefinitions", "security schemes");
        self.parameter_names = parameter_order.iter().map(|(_, new)| new.clone()).collect();
        self.response_names = response_order.iter().map(|(_, new)| new.clone()).collect();
        for (k, v) in root.iter_mut() {
            let here = child("#", k.as_str().unwrap_or("?"));
            self.rewrite_refs(v, &here);
        }
        let rewritten = |name: &str| root.get(name).and_then(Value::as_mapping).cloned().unwrap_or_default();
        let (definitions, parameters, responses, security_definitions) =
            (rewritten("definitions"), rewritten("parameters"), rewritten("responses"), rewritten("securityDefinitions"));

        self.consumes = self.media_types(root.get("consumes"), "#/consumes").unwrap_or_default();
        self.produces = self.media_types(root.get("produces"), "#/produces").unwrap_or_default();
        self.schemes = strings(root.get("schemes"));
        self.servers = servers(root);

        let mut security_schemes = Mapping::new();
        for (old, new) in &scheme_order {
            let source = child("#/securityDefinitions", old);
            self.origins.record(child("#/components/securitySchemes", new), &source);
            let mut scheme = security_definitions.get(old.as_str()).cloned().unwrap_or_default();
            match &mut scheme {
                Value::Mapping(scheme) => self.security_scheme(scheme, &source),
                _ => self.problem(source, "a security definition must be a mapping"),
            }
            security_schemes.insert(key(new), scheme);
        }

        let mut schemas = Mapping::new();
        for (old, new) in &schema_order {
            let source = child("#/definitions", old);
            self.origins.record(child("#/components/schemas", new), &source);
            let mut schema = definitions.get(old.as_str()).cloned().unwrap_or_default();
            self.schema(&mut schema, &source);
            schemas.insert(key(new), schema);
        }

        let mut component_parameters = Mapping::new();
        for (old, new) in &parameter_order {
            let (source, target) = (child("#/parameters", old), child("#/components/parameters", new));
            let Some(Value::Mapping(parameter)) = parameters.get(old.as_str()) else {
                self.problem(source, "a parameter must be a mapping");
                continue;
            };
            match self.parameter(parameter, &source, None) {
                Param::Kept(kept) => {
                    self.origins.record(target.clone(), &source);
                    self.origins.record(format!("{target}/schema"), &source);
                    component_parameters.insert(key(new), Value::Mapping(kept));
                }
                Param::Body(..) | Param::Form(_) => {
                    self.shared_bodies.insert(new.clone(), (parameter.clone(), source));
                }
                Param::Dropped => {}
            }
        }

        let mut component_responses = Mapping::new();
        for (old, new) in &response_order {
            let (source, target) = (child("#/responses", old), child("#/components/responses", new));
            self.origins.record(target.clone(), &source);
            match responses.get(old.as_str()) {
                Some(Value::Mapping(response)) => {
                    let mut response = response.clone();
                    let produces = self.produces.clone();
                    self.response(&mut response, &source, &target, &produces);
                    component_responses.insert(key(new), Value::Mapping(response));
                }
                _ => self.problem(source, "a response must be a mapping"),
            }
        }

        let mut paths = self.paths(root.get("paths"));
        let request_bodies = self.share_request_bodies(&mut paths);

        let mut out = Mapping::new();
        out.insert(key("openapi"), key("3.0.0"));
        let servers_override = matches!(root.get("x-servers"), Some(Value::Sequence(_)));
        for (k, v) in root.iter() {
            match k.as_str() {
                Some(name) if CONSUMED.contains(&name) => {}
                Some("x-servers") if servers_override => {}
                Some("paths") => {
                    out.insert(k.clone(), Value::Mapping(std::mem::take(&mut paths)));
                }
                Some("security") => {
                    let mut security = v.clone();
                    sanitise_requirements(&mut security);
                    out.insert(k.clone(), security);
                }
                _ => {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
        if !self.servers.is_empty() {
            out.insert(key("servers"), Value::Sequence(self.servers.clone()));
        }
        let mut components = Mapping::new();
        for (name, value) in [
            ("callbacks", root.get("x-callbacks").cloned().unwrap_or_default()),
            ("links", root.get("x-links").cloned().unwrap_or_default()),
            ("parameters", Value::Mapping(component_parameters)),
            ("responses", Value::Mapping(component_responses)),
            ("requestBodies", Value::Mapping(request_bodies)),
            ("securitySchemes", Value::Mapping(security_schemes)),
            ("schemas", Value::Mapping(schemas)),
        ] {
            let empty = match &value {
                Value::Mapping(m) => m.is_empty(),
                other => other.is_null(),
            };
            if !empty {
                components.insert(key(name), value);
            }
        }
        if !components.is_empty() {
            out.insert(key("components"), Value::Mapping(components));
        }
        out
    }

    /// `info` with a `title` and a `version`, both text (an unquoted
    /// `version: 1.0` is a number, which OpenAPI does not accept).
    fn check_info(&mut self, root: &Mapping) {
        match root.get("info") {
            None => self.problem("#", "a Swagger 2.0 document needs `info` (with `title` and `version`)"),
            Some(Value::Mapping(info)) => {
                for field in ["title", "version"] {
                    match info.get(field) {
                        None => self.problem("#/info", format!("`info` needs a `{field}`")),
                        Some(Value::String(_)) => {}
                        Some(_) => self.problem(
                            format!("#/info/{field}"),
                            format!("`info.{field}` must be text; quote it (`{field}: '1.0'`)"),
                        ),
                    }
                }
            }
            Some(_) => self.problem("#/info", "`info` must be a mapping"),
        }
    }

    /// A top-level section that maps names to objects (`definitions`, ...).
    fn section(&mut self, root: &Mapping, name: &str) -> Mapping {
        match root.get(name) {
            None => Mapping::new(),
            Some(Value::Mapping(m)) => m.clone(),
            Some(_) => {
                self.problem(format!("#/{name}"), format!("`{name}` must be a mapping of names to definitions"));
                Mapping::new()
            }
        }
    }

    /// Definition names and their schema names, in swagger2openapi's order: a
    /// name that needs sanitising moves to the end, numbered from 2 if taken.
    fn schema_names(&mut self, definitions: &Mapping) -> Vec<(String, String)> {
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
        self.schema_names = order.iter().cloned().collect();
        order
    }

    /// Names and their sanitised component names, a renamed one moved to
    /// the end; two names that sanitise to one are a problem.
    fn sanitised_names(&mut self, section: &Mapping, at: &str, what: &str) -> Vec<(String, String)> {
        let mut order: Vec<(String, String)> = section.keys().filter_map(Value::as_str).map(|n| (n.to_owned(), n.to_owned())).collect();
        for old in order.clone().into_iter().map(|(old, _)| old) {
            let name = sanitise(&old);
            if name != old {
                if order.iter().any(|(_, taken)| *taken == name) {
                    self.problem(child(at, &old), format!("two {what} are named `{name}` once made safe for OpenAPI 3.0"));
                    continue;
                }
                order.retain(|(o, _)| *o != old);
                order.push((old, name));
            }
        }
        order
    }

    /// Points every `$ref` at its new place and drops the keys beside it.
    fn rewrite_refs(&mut self, value: &mut Value, at: &str) {
        match value {
            Value::Mapping(m) => {
                if let Some(Value::String(reference)) = m.get("$ref") {
                    let reference = reference.clone();
                    let converted = self.converted_ref(&reference, at);
                    *m = Mapping::new();
                    m.insert(key("$ref"), Value::String(converted));
                    return;
                }
                for (k, v) in m.iter_mut() {
                    let here = match k.as_str() {
                        Some(name) => child(at, name),
                        None => format!("{at}/?"),
                    };
                    self.rewrite_refs(v, &here);
                }
            }
            Value::Sequence(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    self.rewrite_refs(item, &format!("{at}/{i}"));
                }
            }
            Value::Tagged(tagged) => self.rewrite_refs(&mut tagged.value, at),
            _ => {}
        }
    }

    fn converted_ref(&mut self, reference: &str, at: &str) -> String {
        let at = child(at, "$ref");
        if !reference.starts_with('#') || reference.starts_with("#/components/") {
            return reference.to_owned();
        }
        if let Some(rest) = reference.strip_prefix("#/definitions/") {
            let (first, tail) = rest.find('/').map_or((rest, ""), |slash| rest.split_at(slash));
            let name = percent_decode(&unescape(first));
            let converted = match self.schema_names.get(&name) {
                Some(converted) => converted.clone(),
                None => {
                    self.problem(at, format!("`$ref: {reference}` names no definition"));
                    sanitise_all(&name)
                }
            };
            return format!("#/components/schemas/{converted}{tail}");
        }
        let shared = [
            ("#/parameters/", "#/components/parameters/", &self.parameter_names, "parameter"),
            ("#/responses/", "#/components/responses/", &self.response_names, "response"),
        ]
        .into_iter()
        .find_map(|(section, target, names, what)| {
            let name = sanitise(reference.strip_prefix(section)?);
            Some((format!("{target}{name}"), !names.contains(&name), what))
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

    /// `consumes`/`produces`: a list of media types (one string is taken as
    /// a list of one), without repeats; `None` when absent or malformed.
    fn media_types(&mut self, value: Option<&Value>, at: &str) -> Option<Vec<String>> {
        match value? {
            Value::String(single) => Some(vec![single.clone()]),
            Value::Sequence(items) => {
                let mut out: Vec<String> = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    match item.as_str() {
                        Some(media) if !out.iter().any(|m| m == media) => out.push(media.to_owned()),
                        Some(_) => {}
                        None => self.problem(format!("{at}/{i}"), "a media type must be text"),
                    }
                }
                Some(out)
            }
            _ => {
                self.problem(at, "must be a list of media types");
                None
            }
        }
    }

    fn security_scheme(&mut self, scheme: &mut Mapping, at: &str) {
        match scheme.get("type").and_then(Value::as_str) {
            Some("basic") => {
                set(scheme, "type", key("http"));
                set(scheme, "scheme", key("basic"));
            }
            Some("oauth2") => {
                let flow = match scheme.get("flow").and_then(Value::as_str) {
                    Some("application") => "clientCredentials".to_owned(),
                    Some("accessCode") => "authorizationCode".to_owned(),
                    Some(flow @ ("implicit" | "password")) => flow.to_owned(),
                    Some(other) => {
                        self.problem(format!("{at}/flow"), format!("unknown OAuth2 `flow: {other}` (implicit, password, application or accessCode)"));
                        return;
                    }
                    None => {
                        self.problem(at, "an OAuth2 security definition needs a `flow`");
                        return;
                    }
                };
                let mut details = Mapping::new();
                for field in ["authorizationUrl", "tokenUrl"] {
                    if let Some(Value::String(url)) = scheme.get(field) {
                        let url = url.split('?').next().unwrap_or_default().trim();
                        details.insert(key(field), key(if url.is_empty() { "/" } else { url }));
                    }
                }
                details.insert(key("scopes"), scheme.get("scopes").cloned().unwrap_or_else(|| Value::Mapping(Mapping::new())));
                for field in ["flow", "authorizationUrl", "tokenUrl", "scopes", "name"] {
                    scheme.shift_remove(field);
                }
                let mut flows = Mapping::new();
                flows.insert(key(&flow), Value::Mapping(details));
                set(scheme, "flows", Value::Mapping(flows));
            }
            _ => {}
        }
    }

    /// Fixes a schema and all schemas inside it. Returns the `name` of a
    /// schema that says `required: true` (a parameter's habit), which belongs
    /// in its parent's `required` list.
    fn schema(&mut self, value: &mut Value, at: &str) -> Option<String> {
        let Value::Mapping(schema) = value else { return None };
        if schema.contains_key("$ref") {
            return None;
        }
        // Extensions that stand for 3.0 keywords.
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

        // 2.0 forms of 3.0 keywords.
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

        // The schemas inside.
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

    /// Converts one parameter; `operation` is absent for the parameters of
    /// `#/parameters` and of path items, whose bodies are kept for the
    /// operations that use them.
    fn parameter(&mut self, parameter: &Mapping, at: &str, operation: Option<&OperationContext>) -> Param {
        if parameter.contains_key("$ref") {
            return Param::Kept(parameter.clone());
        }
        let mut p = parameter.clone();
        if let Some(Value::Bool(deprecated)) = p.get("x-deprecated").cloned() {
            p.shift_remove("x-deprecated");
            set(&mut p, "deprecated", Value::Bool(deprecated));
        }
        if let Some(example) = p.shift_remove("x-example") {
            set(&mut p, "example", example);
        }
        let location = match p.get("in").and_then(Value::as_str) {
            Some(location @ ("query" | "header" | "path" | "formData" | "body")) => location.to_owned(),
            Some(other) => {
                self.problem(child(at, "in"), format!("`in: {other}` is not a Swagger 2.0 parameter location (query, header, path, formData or body)"));
                return Param::Dropped;
            }
            None => {
                self.problem(at, "a parameter needs `in` (query, header, path, formData or body)");
                return Param::Dropped;
            }
        };
        let name = p.get("name").and_then(Value::as_str).map(str::to_owned);
        if name.is_none() && location != "body" {
            self.problem(at, "a parameter needs a `name`");
            return Param::Dropped;
        }
        let ty = p.get("type").and_then(Value::as_str).map(str::to_owned);
        if location != "body" && ty.is_none() {
            match p.get("type") {
                Some(_) => self.problem(child(at, "type"), "`type` must be one type name"),
                None => self.problem(at, format!("a `{location}` parameter needs a `type`")),
            }
            return Param::Dropped;
        }

        let collection_format = p
            .get("collectionFormat")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| (ty.as_deref() == Some("array")).then(|| "csv".to_owned()));
        if let Some(format) = &collection_format {
            // On a non-array the format means nothing; it is dropped, as
            // swagger2openapi's patch does.
            let format_at = child(at, "collectionFormat");
            match (format.as_str(), location.as_str()) {
                ("csv", "query") => {
                    set(&mut p, "style", key("form"));
                    set(&mut p, "explode", Value::Bool(false));
                }
                ("csv", "path" | "header") => set(&mut p, "style", key("simple")),
                ("csv", _) => {}
                ("ssv", "query") => set(&mut p, "style", key("spaceDelimited")),
                ("pipes", "query") => set(&mut p, "style", key("pipeDelimited")),
                ("ssv" | "pipes", _) => {
                    self.problem(format_at, format!("`collectionFormat: {format}` has no OpenAPI 3.0 form outside query parameters"));
                }
                ("multi", _) => set(&mut p, "explode", Value::Bool(true)),
                ("tsv", _) => self.problem(format_at, "`collectionFormat: tsv` has no OpenAPI 3.0 form"),
                (other, _) => self.problem(format_at, format!("unknown `collectionFormat: {other}` (csv, ssv, tsv, pipes or multi)")),
            }
            p.shift_remove("collectionFormat");
        }

        let is_plain = location != "body" && location != "formData";
        if let (true, Some(ty)) = (is_plain, &ty) {
            if p.contains_key("items") && p.contains_key("schema") {
                self.problem(at, "a parameter has both `items` and `schema`");
                return Param::Dropped;
            }
            let mut schema = match p.get("schema") {
                Some(Value::Mapping(schema)) => schema.clone(),
                _ => Mapping::new(),
            };
            set(&mut schema, "type", key(ty));
            if let Some(mut items) = p.shift_remove("items") {
                self.strip_collection_formats(&mut items, collection_format.as_deref(), &child(at, "items"));
                set(&mut schema, "items", items);
            }
            for keyword in VALUE_KEYWORDS {
                if let Some(value) = p.shift_remove(keyword) {
                    set(&mut schema, keyword, value);
                }
            }
            set(&mut p, "schema", Value::Mapping(schema));
        }
        // A synthesised schema's keywords sit on the parameter in the source.
        let schema_at = if is_plain { at.to_owned() } else { child(at, "schema") };
        if let Some(schema) = p.get_mut("schema") {
            self.schema(schema, &schema_at);
        }

        if location == "formData" {
            return self.form_field(&p, name.unwrap_or_default(), ty.as_deref(), at);
        }
        if location == "body" {
            let consumes = operation.map(|o| o.consumes.clone()).unwrap_or_else(|| self.consumes.clone());
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
            copy_extensions(&p, &mut body);
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
            return Param::Body(body, hint, origin);
        }
        if ty.as_deref() == Some("file") {
            // A file outside a form: the raw body.
            let mut body = Mapping::new();
            if let Some(required) = p.get("required").filter(|r| is_truthy(r)) {
                body.insert(key("required"), required.clone());
            }
            let schema = Mapping::from_iter([(key("type"), key("string")), (key("format"), key("binary"))]);
            let media = Mapping::from_iter([(key("schema"), Value::Mapping(schema))]);
            body.insert(key("content"), Value::Mapping(Mapping::from_iter([(key("application/octet-stream"), Value::Mapping(media))])));
            copy_extensions(&p, &mut body);
            return Param::Body(body, None, BodyOrigin { source: at.to_owned(), parts: Vec::new() });
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

    /// A `formData` parameter as a property of the form body's schema.
    fn form_field(&mut self, p: &Mapping, name: String, ty: Option<&str>, at: &str) -> Param {
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
    fn strip_collection_formats(&mut self, value: &mut Value, outer: Option<&str>, at: &str) {
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

    /// Converts a response in place; `source` and `target` are its pointers
    /// in the 2.0 and 3.0 documents.
    fn response(&mut self, response: &mut Mapping, source: &str, target: &str, produces: &[String]) {
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
                self.origins.record(format!("{target}/content/{}/schema", escape(&media_type)), &child(source, "schema"));
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
                    self.origins.record(converted, &source);
                }
            }
            Some(_) => self.problem(child(source, "headers"), "`headers` must be a mapping of names to headers"),
        }
    }

    /// A response header: `type` and its keywords move into `schema`,
    /// `collectionFormat` becomes `style`/`explode`.
    fn header(&mut self, header: &mut Mapping, at: &str) {
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

    fn paths(&mut self, paths: Option<&Value>) -> Mapping {
        let paths = match paths {
            None => return Mapping::new(),
            Some(Value::Mapping(paths)) => paths,
            Some(_) => {
                self.problem("#/paths", "`paths` must be a mapping of paths to path items");
                return Mapping::new();
            }
        };
        let mut out = Mapping::new();
        for (k, v) in paths {
            match (k.as_str(), v) {
                (Some(path), Value::Mapping(item)) if !path.starts_with("x-") => {
                    let at = child("#/paths", path);
                    out.insert(k.clone(), Value::Mapping(self.path_item(item, path, &at)));
                }
                (Some(path), _) if !path.starts_with("x-") => {
                    self.problem(child("#/paths", path), "a path item must be a mapping");
                }
                _ => {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
        out
    }

    fn path_item(&mut self, item: &Mapping, path: &str, at: &str) -> Mapping {
        let mut item = item.clone();
        for (extension, field, fits) in [
            ("x-trace", "trace", Value::is_mapping as fn(&Value) -> bool),
            ("x-summary", "summary", Value::is_string),
            ("x-description", "description", Value::is_string),
            ("x-servers", "servers", Value::is_sequence),
        ] {
            if let Some(moved) = item.get(extension).filter(|v| fits(v)).cloned() {
                item.shift_remove(extension);
                set(&mut item, field, moved);
                self.origins.record(child(at, field), &child(at, extension));
            }
        }
        // The path's own parameters, with references to shared bodies resolved.
        let mut shared = Vec::new();
        match item.get("parameters") {
            None => {}
            Some(Value::Sequence(parameters)) => {
                for (i, parameter) in parameters.iter().enumerate() {
                    let source = format!("{at}/parameters/{i}");
                    match parameter {
                        Value::Mapping(parameter) => shared.push(self.resolve_shared_body(parameter, source)),
                        _ => self.problem(source, "a parameter must be a mapping"),
                    }
                }
            }
            Some(_) => self.problem(child(at, "parameters"), "`parameters` must be a list"),
        }
        let mut out = Mapping::new();
        for (k, v) in &item {
            match (k.as_str(), v) {
                (Some(method), Value::Mapping(operation)) if METHODS.contains(&method) => {
                    let converted = self.operation(operation, &shared, path, method, &child(at, method));
                    out.insert(k.clone(), Value::Mapping(converted));
                }
                (Some(method), _) if METHODS.contains(&method) => self.problem(child(at, method), "an operation must be a mapping"),
                (Some("parameters"), _) => {
                    let mut kept = Vec::new();
                    for (parameter, source) in &shared {
                        if let Param::Kept(parameter) = self.parameter(parameter, source, None) {
                            let target = format!("{at}/parameters/{}", kept.len());
                            if !parameter.contains_key("$ref") {
                                self.origins.record(format!("{target}/schema"), source);
                            }
                            self.origins.record(target, source);
                            kept.push(Value::Mapping(parameter));
                        }
                    }
                    out.insert(k.clone(), Value::Sequence(kept));
                }
                _ => {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
        out
    }

    /// A parameter, or the body parameter of `#/parameters` it refers to.
    fn resolve_shared_body(&self, parameter: &Mapping, source: String) -> (Mapping, String) {
        let shared = parameter
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/parameters/"))
            .and_then(|name| self.shared_bodies.get(&percent_decode(name)));
        match shared {
            Some((body, body_source)) => (body.clone(), body_source.clone()),
            None => (parameter.clone(), source),
        }
    }

    fn operation(&mut self, op: &Mapping, path_parameters: &[(Mapping, String)], path: &str, method: &str, at: &str) -> Mapping {
        let consumes = self.media_types(op.get("consumes"), &child(at, "consumes")).unwrap_or_else(|| self.consumes.clone());
        let produces = self.media_types(op.get("produces"), &child(at, "produces")).unwrap_or_else(|| self.produces.clone());
        let context = OperationContext { operation_id: op.get("operationId").and_then(Value::as_str).map(str::to_owned), consumes };
        let own: Vec<(Mapping, String)> = match op.get("parameters") {
            None => Vec::new(),
            Some(Value::Sequence(parameters)) => parameters
                .iter()
                .enumerate()
                .filter_map(|(i, p)| {
                    let source = format!("{at}/parameters/{i}");
                    match p {
                        Value::Mapping(p) => Some((p.clone(), source)),
                        _ => {
                            self.problem(source, "a parameter must be a mapping");
                            None
                        }
                    }
                })
                .collect(),
            Some(_) => {
                self.problem(child(at, "parameters"), "`parameters` must be a list");
                Vec::new()
            }
        };
        let own: Vec<(Mapping, String)> = own.into_iter().map(|(p, source)| self.resolve_shared_body(&p, source)).collect();
        // An operation's parameter overrides the path's of the same name and
        // place; its body replaces the path's body.
        let is_body = |p: &Mapping| p.get("in").and_then(Value::as_str) == Some("body");
        let overridden = |p: &Mapping| {
            (is_body(p) && own.iter().any(|(o, _)| is_body(o)))
                || (p.get("name").is_some() && own.iter().any(|(o, _)| o.get("name") == p.get("name") && o.get("in") == p.get("in")))
        };
        // Body and form parameters of the path first, then the operation's own.
        let mut candidates: Vec<(Mapping, String, bool)> = path_parameters
            .iter()
            .filter(|(p, _)| is_body_like(p) && !overridden(p))
            .map(|(p, source)| (p.clone(), source.clone(), false))
            .collect();
        candidates.extend(own.iter().map(|(p, source)| (p.clone(), source.clone(), true)));
        let (mut kept, mut bodies, mut fields) = (Vec::new(), Vec::new(), Vec::new());
        for (p, source, is_own) in candidates {
            match self.parameter(&p, &source, Some(&context)) {
                Param::Kept(parameter) if is_own => {
                    let target = format!("{at}/parameters/{}", kept.len());
                    if !parameter.contains_key("$ref") {
                        self.origins.record(format!("{target}/schema"), &source);
                    }
                    self.origins.record(target, &source);
                    kept.push(Value::Mapping(parameter));
                }
                Param::Body(body, hint, origin) => bodies.push((body, hint, origin)),
                Param::Form(field) => fields.push(field),
                Param::Kept(_) | Param::Dropped => {}
            }
        }
        let body = match (bodies.len(), fields.is_empty()) {
            (0, true) => None,
            (1, true) => bodies.pop(),
            (0, false) => Some(form_body(fields, &context.consumes)),
            (1, false) => {
                self.problem(at, "an operation has both `in: body` and `in: formData` parameters; a request has one body");
                None
            }
            _ => {
                self.problem(at, "an operation has more than one body parameter (`in: body`, or a `type: file` outside a form)");
                None
            }
        };
        let mut body = body.map(|(body, hint, origin)| {
            let target = format!("{at}/requestBody");
            record_body(&mut self.origins, &target, &origin);
            let fallback = match &context.operation_id {
                Some(id) => sanitise_all(id),
                None => camel_case(&sanitise_all(&format!("{method}{path}"))),
            };
            let name = sanitise(&hint.filter(|h| !h.is_empty()).unwrap_or(fallback));
            self.bodies.push(BodyUse { path: path.to_owned(), method: method.to_owned(), name, body: Value::Mapping(body.clone()), origin });
            body
        });

        let mut out = Mapping::new();
        for (k, v) in op {
            match k.as_str() {
                Some("parameters") => {
                    if !kept.is_empty() {
                        out.insert(k.clone(), Value::Sequence(std::mem::take(&mut kept)));
                    }
                    if let Some(body) = body.take() {
                        out.insert(key("requestBody"), Value::Mapping(body));
                    }
                }
                Some("consumes" | "produces" | "schemes" | "x-servers") => {}
                Some("security") => {
                    let mut security = v.clone();
                    sanitise_requirements(&mut security);
                    out.insert(k.clone(), security);
                }
                Some("responses") => {
                    out.insert(k.clone(), self.responses(v, &produces, at));
                }
                _ => {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
        if let Some(body) = body {
            out.insert(key("requestBody"), Value::Mapping(body));
        }
        if !op.contains_key("responses") {
            let default = Mapping::from_iter([(key("description"), key("Default response"))]);
            out.insert(key("responses"), Value::Mapping(Mapping::from_iter([(key("default"), Value::Mapping(default))])));
        }
        if let Some(servers) = self.operation_servers(op) {
            out.insert(key("servers"), Value::Sequence(servers));
        }
        out
    }

    /// `x-servers`, or the document's servers again for each scheme the
    /// operation adds to the document's `schemes`.
    fn operation_servers(&self, op: &Mapping) -> Option<Vec<Value>> {
        if let Some(Value::Sequence(servers)) = op.get("x-servers") {
            return Some(servers.clone());
        }
        let added: Vec<String> = strings(op.get("schemes")).into_iter().filter(|s| !self.schemes.contains(s)).collect();
        if added.is_empty() {
            return None;
        }
        let mut servers = Vec::new();
        for scheme in &added {
            for server in &self.servers {
                let mut server = server.clone();
                if let Some(Value::String(url)) = server.get_mut("url") {
                    let rest = url.find("://").map_or_else(|| url.strip_prefix("//").map(|r| format!("//{r}")), |i| Some(url[i + 1..].to_owned()));
                    if let Some(rest) = rest {
                        *url = format!("{scheme}:{rest}");
                    }
                }
                servers.push(server);
            }
        }
        Some(servers)
    }

    fn responses(&mut self, responses: &Value, produces: &[String], at: &str) -> Value {
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

    /// Moves every request body used by more than one operation to
    /// `components/requestBodies`, as swagger2openapi does, and returns them.
    fn share_request_bodies(&mut self, paths: &mut Mapping) -> Mapping {
        let uses = std::mem::take(&mut self.bodies);
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
            record_body(&mut self.origins, &format!("#/components/requestBodies/{}", escape(&name)), &first.origin);
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
fn form_body(fields: Vec<FormField>, consumes: &[String]) -> (Mapping, Option<String>, BodyOrigin) {
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

fn record_body(origins: &mut Origins, target: &str, origin: &BodyOrigin) {
    origins.record(target.to_owned(), &origin.source);
    for (suffix, source) in &origin.parts {
        origins.record(format!("{target}{suffix}"), source);
    }
}

/// The document's servers: `x-servers`, else one per scheme from `host` and
/// `basePath`, else `basePath` alone.
fn servers(root: &Mapping) -> Vec<Value> {
    if let Some(Value::Sequence(servers)) = root.get("x-servers") {
        return servers.clone();
    }
    let base_path = root.get("basePath").and_then(Value::as_str);
    let urls: Vec<String> = match root.get("host").and_then(Value::as_str) {
        Some(host) => {
            let base = base_path.map(|b| b.strip_suffix('/').unwrap_or(b)).unwrap_or_default();
            let mut schemes = strings(root.get("schemes"));
            if schemes.is_empty() {
                schemes.push(String::new());
            }
            schemes
                .iter()
                .map(|scheme| format!("{}//{host}{base}", if scheme.is_empty() { String::new() } else { format!("{scheme}:") }))
                .collect()
        }
        None => base_path.map(str::to_owned).into_iter().collect(),
    };
    urls.into_iter()
        .map(|url| {
            let url = url.replace("{{", "{").replace("}}", "}");
            let mut server = Mapping::from_iter([(key("url"), key(&url))]);
            let mut variables = Mapping::new();
            for name in url.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(name, _)| name)) {
                variables.insert(key(name), Value::Mapping(Mapping::from_iter([(key("default"), key("unknown"))])));
            }
            if !variables.is_empty() {
                server.insert(key("variables"), Value::Mapping(variables));
            }
            Value::Mapping(server)
        })
        .collect()
}

/// Keys to text and nulls dropped, as swagger2openapi sees a document after
/// reading it: null values go, except those of extensions, of `default` and
/// inside examples.
fn normalise(value: &mut Value, at: &str) {
    match value {
        Value::Mapping(m) => normalise_entries(m, at),
        Value::Sequence(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                normalise(item, &format!("{at}/{i}"));
            }
        }
        Value::Tagged(tagged) => normalise(&mut tagged.value, at),
        _ => {}
    }
}

fn normalise_entries(m: &mut Mapping, at: &str) {
    for (k, mut v) in std::mem::take(m) {
        let name = match &k {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => {
                m.insert(k, v);
                continue;
            }
        };
        let here = child(at, &name);
        if v.is_null() && !name.starts_with("x-") && name != "default" && !here.contains("/example") {
            continue;
        }
        normalise(&mut v, &here);
        m.insert(Value::String(name), v);
    }
}

/// Status codes first, ascending, then the other keys in order: how a
/// JavaScript object orders its keys, so how swagger2openapi writes responses.
fn js_key_order(m: &Mapping) -> Vec<(&Value, &Value)> {
    let index = |k: &Value| k.as_str().and_then(|s| s.parse::<u32>().ok().filter(|n| *n < u32::MAX && n.to_string() == s));
    let mut numbered: Vec<(u32, &Value, &Value)> = m.iter().filter_map(|(k, v)| index(k).map(|n| (n, k, v))).collect();
    numbered.sort_by_key(|(n, _, _)| *n);
    numbered.into_iter().map(|(_, k, v)| (k, v)).chain(m.iter().filter(|(k, _)| index(k).is_none())).collect()
}

/// Security requirement names made safe, as the schemes' names are.
fn sanitise_requirements(security: &mut Value) {
    let Value::Sequence(requirements) = security else { return };
    for requirement in requirements {
        if let Value::Mapping(requirement) = requirement {
            let renamed: Vec<(Value, String)> = requirement
                .keys()
                .filter_map(|k| k.as_str().map(|name| (k.clone(), sanitise(name))).filter(|(k, new)| k.as_str() != Some(new)))
                .collect();
            for (old, new) in renamed {
                if let Some(scopes) = requirement.shift_remove(&old) {
                    requirement.insert(Value::String(new), scopes);
                }
            }
        }
    }
}

fn is_body_like(parameter: &Mapping) -> bool {
    matches!(parameter.get("in").and_then(Value::as_str), Some("body" | "formData")) || parameter.get("type").and_then(Value::as_str) == Some("file")
}

/// `{response: {value: example}}`: how a 2.0 response example is named in 3.0.
fn example_named_response(example: Value) -> Value {
    let value = Mapping::from_iter([(key("value"), example)]);
    Value::Mapping(Mapping::from_iter([(key("response"), Value::Mapping(value))]))
}

/// Copies the extensions of `from` (not swagger2openapi's own `x-s2o-*`).
fn copy_extensions(from: &Mapping, to: &mut Mapping) {
    for (k, v) in from {
        if k.as_str().is_some_and(|k| k.starts_with("x-") && !k.starts_with("x-s2o")) {
            to.insert(k.clone(), v.clone());
        }
    }
}

/// JavaScript's truthiness, which swagger2openapi tests optional fields by.
fn is_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|n| n != 0.0 && !n.is_nan()),
        Value::String(s) => !s.is_empty(),
        _ => true,
    }
}

/// Sets `name`, keeping its place when it is already there (as assigning
/// a JavaScript property does).
fn set(m: &mut Mapping, name: &str, value: Value) {
    m.insert(key(name), value);
}

fn key(text: &str) -> Value {
    Value::String(text.to_owned())
}

fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Sequence(items)) => items.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        _ => Vec::new(),
    }
}

/// `at` extended by one JSON pointer segment.
fn child(at: &str, segment: &str) -> String {
    format!("{at}/{}", escape(segment))
}


/// `%XX` sequences decoded (as JavaScript's `decodeURIComponent`, without
/// its failure on malformed input).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// swagger2openapi's `sanitise`: the first `[]` becomes `Array`, and before
/// the first `/`, each run of characters other than ASCII letters, digits,
/// `_`, `-` and `.` becomes one `_`.
fn sanitise(name: &str) -> String {
    let name = name.replacen("[]", "Array", 1);
    let (head, tail) = name.find('/').map_or((name.as_str(), ""), |slash| name.split_at(slash));
    let mut out = String::with_capacity(name.len());
    let mut in_run = false;
    for c in head.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
            out.push(c);
            in_run = false;
        } else if !in_run {
            out.push('_');
            in_run = true;
        }
    }
    out + tail
}

/// [`sanitise`] after every `/` became `_` (names of schemas).
fn sanitise_all(name: &str) -> String {
    sanitise(&name.replace('/', "_"))
}

/// swagger2openapi's `toCamelCase`: lower case, and a character after `-`,
/// `_`, space, `/` or `.` upper case in place of both.
fn camel_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.to_lowercase().chars().collect::<Vec<_>>().into_iter();
    while let Some(c) = chars.next() {
        if matches!(c, '-' | '_' | ' ' | '/' | '.') {
            if let Some(next) = chars.next() {
                out.extend(next.to_uppercase());
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal 2.0 document with `rest` (top-level YAML) added.
    fn doc(rest: &str) -> Value {
        serde_yaml::from_str(&format!("swagger: '2.0'\ninfo: {{title: t, version: '1'}}\n{rest}")).expect("test YAML")
    }

    fn converted(rest: &str) -> Value {
        match convert(&doc(rest)) {
            Ok(c) => c.document,
            Err(problems) => panic!("conversion failed: {problems:?}"),
        }
    }

    fn problems(rest: &str) -> Vec<Diagnostic> {
        convert(&doc(rest)).expect_err("the conversion should fail")
    }

    /// Asserts that `value` is the YAML `expected`, keys in the same order.
    fn assert_yaml(value: &Value, expected: &str) {
        let expected: Value = serde_yaml::from_str(expected).expect("expected YAML");
        assert_eq!(serde_yaml::to_string(value).unwrap(), serde_yaml::to_string(&expected).unwrap());
    }

    fn at<'v>(value: &'v Value, pointer: &str) -> &'v Value {
        pointer.split('/').skip(1).fold(value, |v, segment| &v[unescape(segment).as_str()])
    }

    #[test]
    fn the_document_is_3_0_with_components_last() {
        let out = converted("tags: [{name: a}]\npaths: {}\ndefinitions: {A: {type: string}}\nx-logo: l\n");
        assert_yaml(
            &out,
            "openapi: 3.0.0\ninfo: {title: t, version: '1'}\ntags: [{name: a}]\npaths: {}\nx-logo: l\ncomponents: {schemas: {A: {type: string}}}\n",
        );
    }

    #[test]
    fn nulls_go_except_in_extensions_defaults_and_examples() {
        let out = converted("paths: {}\ndefinitions:\n  A: {type: string, description: null, default: null, example: null, x-a: null}\n");
        assert_yaml(at(&out, "#/components/schemas/A"), "{type: string, default: null, example: null, x-a: null}");
    }

    #[test]
    fn host_base_path_and_schemes_become_servers() {
        let out = converted("host: api.example.com\nbasePath: /v1/\nschemes: [https, http]\npaths: {}\n");
        assert_yaml(&out["servers"], "[{url: 'https://api.example.com/v1'}, {url: 'http://api.example.com/v1'}]");
        let out = converted("host: '{region}.example.com'\npaths: {}\n");
        assert_yaml(&out["servers"], "[{url: '//{region}.example.com', variables: {region: {default: unknown}}}]");
        let out = converted("basePath: /v1\npaths: {}\n");
        assert_yaml(&out["servers"], "[{url: /v1}]");
        let out = converted("host: a.example.com\nx-servers: [{url: 'https://b.example.com/'}]\npaths: {}\n");
        assert_yaml(&out["servers"], "[{url: 'https://b.example.com/'}]");
        assert!(out.get("x-servers").is_none());
    }

    #[test]
    fn definitions_become_schemas_and_every_ref_follows() {
        let out = converted(
            "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          schema: {$ref: '#/definitions/A'}\n\
             definitions:\n  A: {type: object, properties: {b: {$ref: '#/definitions/B/properties/c'}}}\n  B: {properties: {c: {type: string}}}\n\
             x-extra: {$ref: '#/definitions/B'}\n",
        );
        assert_eq!(at(&out, "#/paths/~1a/get/responses/200/content/application~1json/schema/$ref").as_str(), None, "no produces means */*");
        assert_eq!(at(&out, "#/paths/~1a/get/responses/200/content/*~1*/schema/$ref").as_str(), Some("#/components/schemas/A"));
        assert_eq!(at(&out, "#/components/schemas/A/properties/b/$ref").as_str(), Some("#/components/schemas/B/properties/c"));
        assert_eq!(at(&out, "#/x-extra/$ref").as_str(), Some("#/components/schemas/B"));
    }

    #[test]
    fn unsafe_names_are_sanitised_and_numbered() {
        let out = converted(
            "paths: {}\ndefinitions:\n  'Foo Bar': {type: string}\n  Foo_Bar: {type: integer}\n  'a/b': {type: object, properties: {x: {$ref: '#/definitions/Foo%20Bar'}}}\n",
        );
        let names: Vec<&str> = out["components"]["schemas"].as_mapping().unwrap().keys().filter_map(Value::as_str).collect();
        assert_eq!(names, ["Foo_Bar", "Foo_Bar2", "a_b"]);
        assert_eq!(at(&out, "#/components/schemas/a_b/properties/x/$ref").as_str(), Some("#/components/schemas/Foo_Bar2"));
    }

    #[test]
    fn a_ref_loses_its_siblings() {
        let out = converted("paths: {}\ndefinitions:\n  A: {properties: {b: {$ref: '#/definitions/A', description: d, example: e}}}\n");
        assert_yaml(at(&out, "#/components/schemas/A/properties/b"), "{$ref: '#/components/schemas/A'}");
    }

    #[test]
    fn x_nullable_becomes_nullable() {
        let out = converted("paths: {}\ndefinitions:\n  A: {type: object, properties: {b: {type: string, x-nullable: true}}}\n");
        assert_yaml(at(&out, "#/components/schemas/A/properties/b"), "{type: string, nullable: true}");
    }

    #[test]
    fn a_discriminator_name_becomes_a_property_name_and_vendor_keys_stay() {
        let out = converted(
            "paths: {}\ndefinitions:\n  Pet: {type: object, discriminator: kind, properties: {kind: {type: string}}}\n  \
             Cat: {allOf: [{$ref: '#/definitions/Pet'}], x-discriminator-value: cat}\n",
        );
        assert_yaml(at(&out, "#/components/schemas/Pet/discriminator"), "{propertyName: kind}");
        assert_yaml(at(&out, "#/components/schemas/Cat"), "{allOf: [{$ref: '#/components/schemas/Pet'}], x-discriminator-value: cat}");
    }

    #[test]
    fn schema_keywords_of_2_0_and_its_extensions_become_3_0_keywords() {
        let out = converted(
            "paths: {}\ndefinitions:\n  A:\n    type: object\n    properties:\n      f: {type: file}\n      n: {type: 'null'}\n      \
             t: {type: [string, 'null']}\n      l: {type: array}\n      i: {type: array, items: [{type: string}, {type: integer}]}\n      \
             o: {x-oneOf: [{type: string}], x-not: {type: integer}}\n    x-required: [f]\n",
        );
        assert_yaml(
            &out["components"]["schemas"]["A"],
            "type: object\nproperties:\n  f: {type: string, format: binary}\n  n: {nullable: true}\n  t: {type: string, nullable: true}\n  \
             l: {type: array, items: {}}\n  i: {type: array, items: {anyOf: [{type: string}, {type: integer}]}}\n  \
             o: {oneOf: [{type: string}], not: {type: integer}}\nrequired: [f]\n",
        );
    }

    #[test]
    fn query_path_and_header_parameters_get_a_schema_and_a_style() {
        let out = converted(
            "paths:\n  /a/{id}:\n    get:\n      parameters:\n        \
             - {name: id, in: path, required: true, type: string, format: uuid}\n        \
             - {name: tags, in: query, type: array, items: {type: string, enum: [a, b]}, collectionFormat: multi}\n        \
             - {name: ids, in: query, type: array, items: {type: integer}}\n        \
             - {name: X-Ids, in: header, type: array, items: {type: string}, collectionFormat: csv}\n        \
             - {name: p, in: query, type: string, collectionFormat: pipes}\n        \
             - {name: limit, in: query, type: integer, minimum: 1, default: 10, x-example: 5, x-deprecated: true}\n      \
             responses: {'200': {description: ok}}\n",
        );
        assert_yaml(
            at(&out, "#/paths/~1a~1{id}/get/parameters"),
            "- {name: id, in: path, required: true, schema: {type: string, format: uuid}}\n\
             - {name: tags, in: query, explode: true, schema: {type: array, items: {type: string, enum: [a, b]}}}\n\
             - {name: ids, in: query, style: form, explode: false, schema: {type: array, items: {type: integer}}}\n\
             - {name: X-Ids, in: header, style: simple, schema: {type: array, items: {type: string}}}\n\
             - {name: p, in: query, style: pipeDelimited, schema: {type: string}}\n\
             - {name: limit, in: query, deprecated: true, example: 5, schema: {type: integer, minimum: 1, default: 10}}\n",
        );
    }

    #[test]
    fn a_path_parameter_is_always_required() {
        let out = converted("paths:\n  /a/{id}:\n    parameters: [{name: id, in: path, type: string}]\n");
        assert_yaml(at(&out, "#/paths/~1a~1{id}/parameters"), "[{name: id, in: path, schema: {type: string}, required: true}]");
    }

    #[test]
    fn a_body_parameter_becomes_the_request_body_where_parameters_were() {
        let out = converted(
            "consumes: [application/json, text/json]\npaths:\n  /a:\n    post:\n      operationId: make\n      parameters:\n        \
             - {name: q, in: query, type: string}\n        \
             - {name: thing, in: body, required: true, description: The thing, x-visible: true, schema: {$ref: '#/definitions/A'}}\n      \
             tags: [t]\n      responses: {'204': {description: done}}\ndefinitions: {A: {type: object}}\n",
        );
        assert_yaml(
            at(&out, "#/paths/~1a/post"),
            "operationId: make\nparameters: [{name: q, in: query, schema: {type: string}}]\n\
             requestBody:\n  content:\n    application/json: {schema: {$ref: '#/components/schemas/A'}}\n    \
             text/json: {schema: {$ref: '#/components/schemas/A'}}\n  description: The thing\n  required: true\n  x-visible: true\n\
             tags: [t]\nresponses: {'204': {description: done}}\n",
        );
    }

    #[test]
    fn an_operation_consumes_overrides_the_document_and_json_is_the_default() {
        let out = converted(
            "consumes: [text/plain]\npaths:\n  /a:\n    post:\n      consumes: []\n      parameters: [{name: b, in: body, schema: {type: string}}]\n      \
             responses: {'204': {description: done}}\n",
        );
        assert_yaml(at(&out, "#/paths/~1a/post/requestBody"), "content: {application/json: {schema: {type: string}}}");
    }

    #[test]
    fn form_data_parameters_become_one_form_body() {
        let out = converted(
            "paths:\n  /a:\n    post:\n      consumes: [multipart/form-data]\n      parameters:\n        \
             - {name: file, in: formData, type: file, description: The file}\n        \
             - {name: tags, in: formData, type: array, items: {type: string}, collectionFormat: multi, required: true}\n      \
             responses: {'204': {description: done}}\n  /b:\n    post:\n      parameters: [{name: n, in: formData, type: integer, maximum: 3}]\n      \
             responses: {'204': {description: done}}\n",
        );
        assert_yaml(
            at(&out, "#/paths/~1a/post/requestBody"),
            "content:\n  multipart/form-data:\n    schema:\n      type: object\n      properties:\n        \
             file: {description: The file, type: string, format: binary}\n        tags: {type: array, items: {type: string}}\n      \
             required: [tags]\nrequired: true\n",
        );
        assert_yaml(
            at(&out, "#/paths/~1b/post/requestBody"),
            "content: {application/x-www-form-urlencoded: {schema: {type: object, properties: {n: {type: integer, maximum: 3}}}}}",
        );
    }

    #[test]
    fn body_parameters_of_the_path_and_of_components_are_used_by_operations() {
        let out = converted(
            "paths:\n  /a:\n    parameters: [{name: b, in: body, schema: {type: string}}, {name: q, in: query, type: string}]\n    \
             put: {operationId: put_a, responses: {'204': {description: done}}}\n    \
             post: {parameters: [{$ref: '#/parameters/Shared'}], responses: {'204': {description: done}}}\n\
             parameters:\n  Shared: {name: s, in: body, schema: {type: integer}}\n  Limit: {name: limit, in: query, type: integer}\n",
        );
        assert_yaml(at(&out, "#/paths/~1a/parameters"), "[{name: q, in: query, schema: {type: string}}]");
        assert_yaml(at(&out, "#/paths/~1a/put/requestBody"), "content: {application/json: {schema: {type: string}}}");
        assert_yaml(at(&out, "#/paths/~1a/post/requestBody"), "content: {application/json: {schema: {type: integer}}}");
        assert!(at(&out, "#/paths/~1a/post").get("parameters").is_none(), "an emptied parameter list goes");
        assert_yaml(at(&out, "#/components/parameters"), "Limit: {name: limit, in: query, schema: {type: integer}}");
    }

    #[test]
    fn identical_bodies_are_shared_under_the_first_operations_name() {
        let body = "parameters: [{name: options, in: body, required: true, schema: {allOf: [{$ref: '#/definitions/A'}]}}]";
        let out = converted(&format!(
            "paths:\n  /a:\n    post: {{operationId: make_a, {body}, responses: {{'204': {{description: done}}}}}}\n  \
             /b:\n    post: {{operationId: make_b, {body}, responses: {{'204': {{description: done}}}}}}\n  \
             /c:\n    post: {{operationId: make_c, parameters: [{{name: x, in: body, schema: {{$ref: '#/definitions/A'}}}}], responses: {{'204': {{description: done}}}}}}\n\
             definitions: {{A: {{type: object}}}}\n"
        ));
        assert_yaml(at(&out, "#/paths/~1a/post/requestBody"), "{$ref: '#/components/requestBodies/make_aOptions'}");
        assert_yaml(at(&out, "#/paths/~1b/post/requestBody"), "{$ref: '#/components/requestBodies/make_aOptions'}");
        assert_yaml(
            at(&out, "#/components/requestBodies"),
            "make_aOptions: {content: {application/json: {schema: {allOf: [{$ref: '#/components/schemas/A'}]}}}, required: true}",
        );
        assert_yaml(at(&out, "#/paths/~1c/post/requestBody"), "content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}");
    }

    #[test]
    fn a_response_schema_goes_under_each_produced_media_type_with_its_examples() {
        let out = converted(
            "produces: [application/json]\npaths:\n  /a:\n    get:\n      produces: [application/json, text/csv]\n      responses:\n        \
             '404': {description: missing}\n        default: {description: error}\n        \
             '200':\n          description: ok\n          schema: {type: string}\n          examples: {text/csv: 'a,b', text/plain: ab}\n          \
             headers:\n            Retry-After: {type: integer, format: int32, description: seconds}\n            \
             X-Tags: {type: array, items: {type: string}}\n            Status Code: {type: integer}\n",
        );
        assert_yaml(
            at(&out, "#/paths/~1a/get/responses"),
            "'200':\n  description: ok\n  headers:\n    Retry-After: {description: seconds, schema: {type: integer, format: int32}}\n    \
             X-Tags: {style: simple, schema: {type: array, items: {type: string}}}\n  content:\n    \
             application/json: {schema: {type: string}}\n    text/csv: {schema: {type: string}, examples: {response: {value: 'a,b'}}}\n    \
             text/plain: {examples: {response: {value: ab}}}\n'404': {description: missing}\ndefault: {description: error}\n",
        );
    }

    #[test]
    fn shared_responses_and_parameters_become_components() {
        let out = converted(
            "paths:\n  /a:\n    get:\n      parameters: [{$ref: '#/parameters/Limit'}]\n      responses: {'400': {$ref: '#/responses/Bad'}}\n\
             parameters: {Limit: {name: limit, in: query, type: integer}}\nresponses: {Bad: {description: bad, schema: {type: string}}}\n",
        );
        assert_yaml(at(&out, "#/paths/~1a/get"), "parameters: [{$ref: '#/components/parameters/Limit'}]\nresponses: {'400': {$ref: '#/components/responses/Bad'}}");
        assert_yaml(at(&out, "#/components/responses/Bad"), "{description: bad, content: {'*/*': {schema: {type: string}}}}");
    }

    #[test]
    fn an_operation_without_responses_gets_a_default_one() {
        let out = converted("paths:\n  /a:\n    get: {operationId: a}\n");
        assert_yaml(at(&out, "#/paths/~1a/get"), "{operationId: a, responses: {default: {description: Default response}}}");
    }

    #[test]
    fn security_definitions_become_security_schemes() {
        let out = converted(
            "paths: {}\nsecurity: [{'api key': []}]\nsecurityDefinitions:\n  basicAuth: {type: basic, description: d}\n  \
             'api key': {type: apiKey, in: header, name: x-api-key, x-example: k}\n  \
             oauth: {type: oauth2, flow: application, tokenUrl: 'https://a.example.com/token?x=1', scopes: {read: Read}}\n  \
             code: {type: oauth2, flow: accessCode, authorizationUrl: 'https://a.example.com/auth', tokenUrl: 'https://a.example.com/token'}\n",
        );
        assert_yaml(
            at(&out, "#/components/securitySchemes"),
            "basicAuth: {type: http, description: d, scheme: basic}\n\
             oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://a.example.com/token', scopes: {read: Read}}}}\n\
             code: {type: oauth2, flows: {authorizationCode: {authorizationUrl: 'https://a.example.com/auth', tokenUrl: 'https://a.example.com/token', scopes: {}}}}\n\
             api_key: {type: apiKey, in: header, name: x-api-key, x-example: k}\n",
        );
        assert_yaml(&out["security"], "[{api_key: []}]");
    }

    #[test]
    fn path_item_and_operation_extensions_become_3_0_fields() {
        let out = converted(
            "schemes: [https]\nhost: a.example.com\npaths:\n  /a:\n    x-summary: s\n    \
             get: {x-servers: [{url: 'https://b.example.com'}], responses: {'204': {description: done}}}\n    \
             put: {schemes: [http], responses: {'204': {description: done}}}\n",
        );
        assert_eq!(at(&out, "#/paths/~1a/summary").as_str(), Some("s"));
        assert_yaml(at(&out, "#/paths/~1a/get/servers"), "[{url: 'https://b.example.com'}]");
        assert_yaml(at(&out, "#/paths/~1a/put/servers"), "[{url: 'http://a.example.com'}]");
    }

    #[test]
    fn status_codes_are_sorted_as_swagger2openapi_writes_them() {
        let out = converted("paths:\n  /a:\n    get:\n      responses: {default: {description: d}, '404': {description: n}, '200': {description: o}}\n");
        let codes: Vec<&str> = at(&out, "#/paths/~1a/get/responses").as_mapping().unwrap().keys().filter_map(Value::as_str).collect();
        assert_eq!(codes, ["200", "404", "default"]);
    }

    #[test]
    fn malformed_input_is_reported_at_its_2_0_pointer() {
        let found = problems(
            "paths:\n  /a:\n    get:\n      parameters:\n        - {name: q, in: query}\n        - {name: h, in: header, type: array, collectionFormat: tsv}\n        \
             - {name: c, in: cookie, type: string}\n        - {name: b1, in: body, schema: {}}\n        - {name: b2, in: body, schema: {}}\n      \
             responses: {'200': {schema: {$ref: '#/definitions/Missing'}}}\n",
        );
        let listed: Vec<(&str, &str)> = found.iter().map(|p| (p.pointer.as_str(), p.message.as_str())).collect();
        assert_eq!(
            listed,
            [
                ("#/paths/~1a/get/responses/200/schema/$ref", "`$ref: #/definitions/Missing` names no definition"),
                ("#/paths/~1a/get/parameters/0", "a `query` parameter needs a `type`"),
                ("#/paths/~1a/get/parameters/1/collectionFormat", "`collectionFormat: tsv` has no OpenAPI 3.0 form"),
                ("#/paths/~1a/get/parameters/2/in", "`in: cookie` is not a Swagger 2.0 parameter location (query, header, path, formData or body)"),
                ("#/paths/~1a/get", "an operation has more than one body parameter (`in: body`, or a `type: file` outside a form)"),
                ("#/paths/~1a/get/responses/200", "a response needs a `description`"),
            ]
        );
    }

    #[test]
    fn a_malformed_document_is_refused_without_panicking() {
        assert_eq!(convert(&Value::Sequence(vec![])).expect_err("refused")[0].pointer, "#");
        let malformed = serde_yaml::from_str("swagger: '2.0'\ninfo: 5\npaths: [1]\ndefinitions: []\n").expect("test YAML");
        let found = convert(&malformed).expect_err("refused");
        let pointers: Vec<&str> = found.iter().map(|p| p.pointer.as_str()).collect();
        assert_eq!(pointers, ["#/info", "#/definitions", "#/paths"]);
    }

    #[test]
    fn origins_map_converted_pointers_back_to_the_source() {
        let converted = convert(&doc(
            "paths:\n  /a:\n    post:\n      parameters:\n        - {name: b, in: body, schema: {type: object}}\n        \
             - {name: q, in: query, type: array, items: {type: string}}\n      \
             responses: {'200': {description: ok, schema: {type: string}, headers: {X-A: {type: string}}}}\n\
             definitions: {'A B': {type: object}}\n",
        ))
        .expect("converts");
        let origins = converted.origins;
        for (pointer, source) in [
            ("#/components/schemas/A_B/properties/x", "#/definitions/A B/properties/x"),
            ("#/paths/~1a/post/requestBody/content/application~1json/schema/properties", "#/paths/~1a/post/parameters/0/schema/properties"),
            ("#/paths/~1a/post/parameters/0/schema/items", "#/paths/~1a/post/parameters/1/items"),
            ("#/paths/~1a/post/responses/200/content/*~1*/schema", "#/paths/~1a/post/responses/200/schema"),
            ("#/paths/~1a/post/responses/200/headers/X-A/schema", "#/paths/~1a/post/responses/200/headers/X-A"),
            ("#/info/title", "#/info/title"),
        ] {
            assert_eq!(origins.source_of(pointer), source, "{pointer}");
        }
    }

    #[test]
    fn names_are_made_safe_and_camel_cased_as_swagger2openapi_does() {
        assert_eq!(sanitise("a b//c d"), "a_b//c d");
        assert_eq!(sanitise("List[]"), "ListArray");
        assert_eq!(sanitise_all("a/b c"), "a_b_c");
        assert_eq!(camel_case("_options"), "Options");
        assert_eq!(camel_case("_My-body.part"), "MyBodyPart");
        assert_eq!(percent_decode("Foo%20Bar%zz"), "Foo Bar%zz");
    }
}
