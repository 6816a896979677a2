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

mod bodies;
mod definitions;
mod document;
mod parameters;
mod paths;
mod responses;
mod values;
#[cfg(test)]
mod tests;

use bodies::{form_body, record_body, Body, BodyOrigin, BodyUse};
use document::servers;
use parameters::{is_body_like, FormField, Param};
use paths::OperationContext;
use values::*;

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
    let (document, report) = document(&mut root);
    let mut seen = HashSet::new();
    let problems: Vec<Diagnostic> =
        report.problems.into_iter().filter(|p| seen.insert((p.pointer.clone(), p.message.clone()))).collect();
    if problems.is_empty() {
        Ok(Converted { document: Value::Mapping(document), origins: report.origins })
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

/// What every step writes to: the problems found, and where the places
/// that moved came from.
#[derive(Default)]
struct Report {
    problems: Vec<Diagnostic>,
    origins: Origins,
}

impl Report {
    fn problem(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Diagnostic::new(pointer, message));
    }
}

/// The component names, read before anything is converted: every `$ref`
/// is rewritten to them.
struct Names {
    /// Definition name to component schema name.
    schemas: HashMap<String, String>,
    /// Component names of `#/parameters`.
    parameters: HashSet<String>,
    /// Component names of `#/responses`.
    responses: HashSet<String>,
}

/// What the document says for every operation that does not say otherwise.
struct Defaults {
    consumes: Vec<String>,
    produces: Vec<String>,
    schemes: Vec<String>,
    /// The document's servers, for operations with schemes of their own.
    servers: Vec<Value>,
}

/// Body and form parameters of `#/parameters` (by component name) with
/// their pointers: they become part of the operations that refer to them.
type SharedBodies = HashMap<String, (Mapping, String)>;

/// The conversion of sections, parameters, bodies, responses and paths,
/// once every `$ref` points at its component and the defaults they read
/// are known.
struct Converter {
    report: Report,
    defaults: Defaults,
}

impl Converter {
    fn problem(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.report.problem(pointer, message);
    }
}

/// The 3.0 document of `root` (whose `$ref`s are rewritten in place), and
/// what the conversion reported. The steps run in order, each handing the
/// next what it needs whole: the names, then the defaults, then the
/// components (and the bodies `#/parameters` share), then the paths (and
/// their request bodies), then the shared request bodies.
fn document(root: &mut Mapping) -> (Mapping, Report) {
    let mut report = Report::default();
    report.check_info(root);
    if !root.contains_key("paths") {
        report.problem("#", "a Swagger 2.0 document needs `paths`");
    }
    // Names first: references anywhere are rewritten to them.
    let orders = Orders::read(&mut report, root);
    let names = orders.names();
    for (k, v) in root.iter_mut() {
        let here = child("#", k.as_str().unwrap_or("?"));
        report.rewrite_refs(&names, v, &here);
    }
    let defaults = Defaults {
        consumes: report.media_types(root.get("consumes"), "#/consumes").unwrap_or_default(),
        produces: report.media_types(root.get("produces"), "#/produces").unwrap_or_default(),
        schemes: strings(root.get("schemes")),
        servers: servers(root),
    };
    let mut converter = Converter { report, defaults };
    let components = converter.components(root, &orders);
    let (mut paths, bodies) = converter.paths(root.get("paths"), &components.shared_bodies);
    let request_bodies = converter.share_request_bodies(&mut paths, bodies);
    let document = assemble(root, paths, components, request_bodies, &converter.defaults.servers);
    (document, converter.report)
}

/// Each section's names in the order swagger2openapi writes them: the 2.0
/// name with its 3.0 component name.
struct Orders {
    schemas: Vec<(String, String)>,
    parameters: Vec<(String, String)>,
    responses: Vec<(String, String)>,
    schemes: Vec<(String, String)>,
}

impl Orders {
    fn read(report: &mut Report, root: &Mapping) -> Self {
        let definitions = report.section(root, "definitions");
        let parameters = report.section(root, "parameters");
        let responses = report.section(root, "responses");
        let security_definitions = report.section(root, "securityDefinitions");
        Self {
            schemas: report.schema_names(&definitions),
            parameters: report.sanitised_names(&parameters, "#/parameters", "parameters"),
            responses: report.sanitised_names(&responses, "#/responses", "responses"),
            schemes: report.sanitised_names(&security_definitions, "#/securityDefinitions", "security schemes"),
        }
    }

    fn names(&self) -> Names {
        Names {
            schemas: self.schemas.iter().cloned().collect(),
            parameters: self.parameters.iter().map(|(_, new)| new.clone()).collect(),
            responses: self.responses.iter().map(|(_, new)| new.clone()).collect(),
        }
    }
}

/// The converted sections of `#/components`, and the body parameters of
/// `#/parameters`, which become part of the operations that use them.
struct Components {
    security_schemes: Mapping,
    schemas: Mapping,
    parameters: Mapping,
    responses: Mapping,
    shared_bodies: SharedBodies,
}

impl Converter {
    /// The sections of `root` (their `$ref`s rewritten) as components.
    fn components(&mut self, root: &Mapping, orders: &Orders) -> Components {
        let section = |name: &str| root.get(name).and_then(Value::as_mapping).cloned().unwrap_or_default();
        // In this order, which is the order of the problems they report.
        let security_schemes = self.security_schemes(&orders.schemes, &section("securityDefinitions"));
        let schemas = self.schemas(&orders.schemas, &section("definitions"));
        let (parameters, shared_bodies) = self.component_parameters(&orders.parameters, &section("parameters"));
        let responses = self.component_responses(&orders.responses, &section("responses"));
        Components { security_schemes, schemas, parameters, responses, shared_bodies }
    }

    fn security_schemes(&mut self, order: &[(String, String)], definitions: &Mapping) -> Mapping {
        let mut schemes = Mapping::new();
        for (old, new) in order {
            let source = child("#/securityDefinitions", old);
            self.report.origins.record(child("#/components/securitySchemes", new), &source);
            let mut scheme = definitions.get(old.as_str()).cloned().unwrap_or_default();
            match &mut scheme {
                Value::Mapping(scheme) => self.security_scheme(scheme, &source),
                _ => self.problem(source, "a security definition must be a mapping"),
            }
            schemes.insert(key(new), scheme);
        }
        schemes
    }

    fn schemas(&mut self, order: &[(String, String)], definitions: &Mapping) -> Mapping {
        let mut schemas = Mapping::new();
        for (old, new) in order {
            let source = child("#/definitions", old);
            self.report.origins.record(child("#/components/schemas", new), &source);
            let mut schema = definitions.get(old.as_str()).cloned().unwrap_or_default();
            self.schema(&mut schema, &source);
            schemas.insert(key(new), schema);
        }
        schemas
    }

    /// The parameters that stay parameters, and the body and form ones.
    fn component_parameters(&mut self, order: &[(String, String)], parameters: &Mapping) -> (Mapping, SharedBodies) {
        let mut kept_parameters = Mapping::new();
        let mut shared_bodies = SharedBodies::new();
        for (old, new) in order {
            let (source, target) = (child("#/parameters", old), child("#/components/parameters", new));
            let Some(Value::Mapping(parameter)) = parameters.get(old.as_str()) else {
                self.problem(source, "a parameter must be a mapping");
                continue;
            };
            match self.parameter(parameter, &source, None) {
                Param::Kept(kept) => {
                    self.report.origins.record(target.clone(), &source);
                    self.report.origins.record(format!("{target}/schema"), &source);
                    kept_parameters.insert(key(new), Value::Mapping(kept));
                }
                Param::Body(..) | Param::Form(_) => {
                    shared_bodies.insert(new.clone(), (parameter.clone(), source));
                }
                Param::Dropped => {}
            }
        }
        (kept_parameters, shared_bodies)
    }

    fn component_responses(&mut self, order: &[(String, String)], responses: &Mapping) -> Mapping {
        let mut converted = Mapping::new();
        for (old, new) in order {
            let (source, target) = (child("#/responses", old), child("#/components/responses", new));
            self.report.origins.record(target.clone(), &source);
            match responses.get(old.as_str()) {
                Some(Value::Mapping(response)) => {
                    let mut response = response.clone();
                    let produces = self.defaults.produces.clone();
                    self.response(&mut response, &source, &target, &produces);
                    converted.insert(key(new), Value::Mapping(response));
                }
                _ => self.problem(source, "a response must be a mapping"),
            }
        }
        converted
    }
}

/// The 3.0 document: `openapi`, the keys of `root` the conversion does not
/// consume, `servers`, and the non-empty sections of `components`.
fn assemble(root: &Mapping, mut paths: Mapping, components: Components, request_bodies: Mapping, servers: &[Value]) -> Mapping {
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
    if !servers.is_empty() {
        out.insert(key("servers"), Value::Sequence(servers.to_vec()));
    }
    let mut sections = Mapping::new();
    for (name, value) in [
        ("callbacks", root.get("x-callbacks").cloned().unwrap_or_default()),
        ("links", root.get("x-links").cloned().unwrap_or_default()),
        ("parameters", Value::Mapping(components.parameters)),
        ("responses", Value::Mapping(components.responses)),
        ("requestBodies", Value::Mapping(request_bodies)),
        ("securitySchemes", Value::Mapping(components.security_schemes)),
        ("schemas", Value::Mapping(components.schemas)),
    ] {
        let empty = match &value {
            Value::Mapping(m) => m.is_empty(),
            other => other.is_null(),
        };
        if !empty {
            sections.insert(key(name), value);
        }
    }
    if !sections.is_empty() {
        out.insert(key("components"), Value::Mapping(sections));
    }
    out
}
