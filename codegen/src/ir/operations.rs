//! Operations: every path and method of the spec as a plain description of
//! one client method (name, parameters, body, responses, security).

use super::build::Builder;
use super::servers::{self, Declared, ServerRef};
use super::naming::Hint;
use super::view::{escape, Facts, Member};
use super::TypeRef;
use crate::names::{FieldName, NameScope, TypeName, VariantName};
use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody, Response, SecurityScheme, StatusCode,
};
use std::collections::{BTreeMap, BTreeSet};

/// One operation of the API: one async method of the client.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId`.
    pub id: String,
    /// Rust method name.
    pub method_name: FieldName,
    /// UpperCamelCase of the method name, prefix of its params/response types.
    pub type_prefix: TypeName,
    /// HTTP method, upper case.
    pub http_method: String,
    /// Path template (`/sessions/{session_id}`), relative to the server URL
    /// the spec gives the operation (the settings may correct it).
    pub path: String,
    /// The server it is sent to, and the prefix its path gets there.
    pub server: ServerRef,
    /// `summary` and `description`.
    pub docs: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Path parameters, in template order.
    pub path_params: Vec<Param>,
    /// Query parameters, in spec order.
    pub query_params: Vec<Param>,
    /// Header parameters other than the client-level ones.
    pub header_params: Vec<Param>,
    /// The JSON request body.
    pub body: Option<RequestBodyDef>,
    /// Documented 2xx responses, by status.
    pub success: Vec<SuccessResponse>,
    /// Documented error responses (4xx/5xx), by status.
    pub errors: Vec<ErrorResponse>,
    /// Whether a `default` response is documented.
    pub has_default_response: bool,
    /// Security alternatives: the request must satisfy one inner list whole.
    /// Empty: no authentication.
    pub security: Vec<Vec<String>>,
    /// Moves money (capture, refund, void, pay): never retried after an ambiguous failure.
    pub moves_money: bool,
    /// How the list pages, when the settings describe it.
    pub pagination: Option<super::pagination::Paging>,
    /// Served by users, not called (the settings' `[inbound]`): then
    /// `type_prefix` is the callback's name and there is no client method.
    pub inbound: bool,
    /// JSON pointer of the operation.
    pub origin: String,
}

impl Operation {
    /// The path relative to its server's URL: the prefix, then the path
    /// template (`/v1/accounts/{aid}/settlements`).
    pub fn route(&self) -> String {
        format!("{}{}", self.server.prefix, self.path)
    }

    /// Every parameter with where it goes, in argument order: path
    /// (template order), then query, then header.
    pub fn params(&self) -> impl Iterator<Item = (&Param, Location)> {
        let path = self.path_params.iter().map(|p| (p, Location::Path));
        let query = self.query_params.iter().map(|p| (p, Location::Query));
        let header = self.header_params.iter().map(|p| (p, Location::Header));
        path.chain(query).chain(header)
    }

    /// Every parameter, to rewrite in place.
    pub fn params_mut(&mut self) -> impl Iterator<Item = &mut Param> {
        self.path_params.iter_mut().chain(&mut self.query_params).chain(&mut self.header_params)
    }
}

/// Where a parameter goes in a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    /// A segment of the path.
    Path,
    /// The query string.
    Query,
    /// A header.
    Header,
}

impl Location {
    /// `path`, `query` or `header`, as the spec says `in`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Path => "path",
            Self::Query => "query",
            Self::Header => "header",
        }
    }
}

/// A path, query or header parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Name on the wire.
    pub wire_name: String,
    /// Rust name.
    pub rust_name: FieldName,
    /// Value type.
    pub ty: TypeRef,
    /// Required (path parameters always are).
    pub required: bool,
    /// For arrays: one `name=value` pair per item (`explode: true`) or one
    /// comma-separated value.
    pub explode: bool,
    /// Documentation.
    pub docs: Option<String>,
    /// JSON pointer of the declaration.
    pub origin: String,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBodyDef {
    /// Its type.
    pub ty: TypeRef,
    /// Whether the body must be sent.
    pub required: bool,
}

/// One documented success status.
#[derive(Debug, Clone, PartialEq)]
pub struct SuccessResponse {
    /// HTTP status.
    pub status: u16,
    /// Variant name in the operation's response enum (`Ok`, `Accepted`).
    pub variant: VariantName,
    /// What the body is.
    pub body: ResponseBody,
    /// Documented response headers.
    pub headers: Vec<ResponseHeader>,
    /// The response's description.
    pub docs: Option<String>,
}

/// One documented error status.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorResponse {
    /// HTTP status.
    pub status: u16,
    /// The type its JSON body is read as: the component schema it is, or
    /// the first one it extends (`allOf`); any JSON value for another
    /// schema. `None` without a body. Error bodies create no types of
    /// their own.
    pub body: Option<TypeRef>,
}

/// The body of a response.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    /// JSON of this type.
    Json(TypeRef),
    /// Raw bytes (a binary download, or content the spec does not describe).
    Bytes,
    /// No body (`204`).
    Empty,
}

/// A documented response header.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// Header name.
    pub wire_name: String,
    /// Rust field name.
    pub rust_name: FieldName,
    /// Value type (`String` or a number).
    pub ty: TypeRef,
    /// Documentation.
    pub docs: Option<String>,
}

/// A security scheme of the spec.
#[derive(Debug, Clone, PartialEq)]
pub struct SecuritySchemeDef {
    /// Name in `components.securitySchemes`.
    pub name: String,
    /// How credentials are attached.
    pub kind: SchemeKind,
    /// Documentation.
    pub docs: Option<String>,
}

/// How a scheme's credential travels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// An API key in a header of this name.
    ApiKeyHeader(String),
    /// HTTP Basic.
    HttpBasic,
    /// HTTP Bearer.
    HttpBearer,
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// One operation where the spec declares it.
struct Site<'a> {
    /// The path template as the spec writes it.
    path: &'a str,
    /// The method, lower case.
    method: &'a str,
    item: &'a PathItem,
    op: &'a openapiv3::Operation,
    /// The operation's JSON pointer.
    at: String,
}

impl Site<'_> {
    /// The JSON pointer of the path item.
    fn item_pointer(&self) -> &str {
        self.at.rsplit_once('/').map_or(self.at.as_str(), |(item, _)| item)
    }
}

/// The methods the runtime's `Client` has itself (`generated/src/client.rs`,
/// `runtime.rs`): no operation's method may take their names.
const CLIENT_METHODS: &[&str] = &["authenticator", "builder", "default_headers", "http", "new", "retry_policy", "send", "server_url", "with_authenticator"];

/// What names the operations share: their ids and their method names.
struct Taken {
    methods: NameScope,
    /// `operationId` to the pointer of the operation that has it.
    ids: BTreeMap<String, String>,
}

impl Default for Taken {
    fn default() -> Self {
        let mut methods = NameScope::default();
        for name in CLIENT_METHODS {
            methods.reserve(name);
        }
        Self { methods, ids: BTreeMap::new() }
    }
}

/// An operation's parameters, by where they go.
#[derive(Default)]
struct Params {
    path: Vec<Param>,
    query: Vec<Param>,
    header: Vec<Param>,
}

impl<'a> Builder<'a> {
    /// Resolves every operation, sorted by path then method.
    pub(super) fn operations(&mut self, doc: &'a OpenAPI) -> (Vec<Operation>, Vec<servers::Server>, Vec<Operation>) {
        let mut operations = Vec::new();
        let mut inbound = Vec::new();
        let mut declared = Vec::new();
        let document = servers::of_document(&doc.servers);
        let mut taken = Taken::default();
        let paths: BTreeMap<&String, &ReferenceOr<PathItem>> = doc.paths.paths.iter().collect();
        for (path, item) in paths {
            let pointer = format!("#/paths/{}", escape(path));
            let Some(item) = item.as_item() else {
                self.error(pointer, "a `$ref` path item is not supported");
                continue;
            };
            for (method, op) in item.iter().filter(|(method, _)| METHODS.contains(method)) {
                let site = Site { path, method, item, op, at: format!("{pointer}/{method}") };
                match self.operation(doc, &site, &mut taken) {
                    Some(operation) if operation.inbound => inbound.push(operation),
                    Some(operation) => {
                        declared.push(self.declared_server(&operation.id, &site, &document));
                        operations.push(operation);
                    }
                    None => {}
                }
            }
        }
        let (servers, refs) = servers::group(&document, &declared);
        for (operation, server) in operations.iter_mut().zip(refs) {
            operation.server = server;
        }
        (operations, servers, inbound)
    }

    /// The server URL of one operation: the settings', else the nearest
    /// `servers` (operation, path item, document).
    fn declared_server(&mut self, id: &str, site: &Site<'a>, document: &Declared) -> Declared {
        if let Some(url) = self.settings.server(id) {
            if !url.contains("://") {
                self.error(site.at.as_str(), format!("the settings' server for `{id}` (`{url}`) is not an absolute URL"));
            }
            return Declared { url: url.trim_end_matches('/').to_owned(), pointer: format!("[servers] {id:?}") };
        }
        servers::first(&site.op.servers, &site.at)
            .or_else(|| servers::first(&site.item.servers, site.item_pointer()))
            .unwrap_or_else(|| document.clone())
    }

    fn operation(&mut self, doc: &'a OpenAPI, site: &Site<'a>, taken: &mut Taken) -> Option<Operation> {
        let id = self.operation_id(site, taken)?;
        let inbound = self.settings.inbound(&id).map(TypeName::from_wire);
        let (method_name, type_prefix) = match &inbound {
            // A callback has no method; its types are named after it.
            Some(name) => (FieldName::from_wire(name.as_str()), name.clone()),
            None => {
                let wanted = FieldName::from_wire(self.settings.method(&id).unwrap_or(&id));
                let (method_name, renamed) = taken.methods.claim(wanted, FieldName::with_suffix);
                if renamed {
                    self.note(site.at.clone(), format!("method name collides with another; emitted as `{method_name}`"));
                }
                let type_prefix = TypeName::from_wire(method_name.as_str());
                (method_name, type_prefix)
            }
        };
        let path = self.corrected_path(&id, site);
        let params = self.parameters(doc, site, path, &type_prefix);
        let body = site.op.request_body.as_ref().and_then(|b| self.request_body(doc, b, &format!("{}/requestBody", site.at), &type_prefix));
        let (success, errors) = self.responses(doc, site, &type_prefix, inbound.is_some());
        let security = self.security(doc, &id, site);
        let docs = [site.op.summary.as_deref(), site.op.description.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>();
        Some(Operation {
            moves_money: self.settings.moves_money(&id),
            id,
            method_name,
            type_prefix,
            http_method: site.method.to_ascii_uppercase(),
            path: path.to_owned(),
            server: ServerRef::default(),
            docs: (!docs.is_empty()).then(|| docs.join("\n\n")),
            deprecated: site.op.deprecated,
            path_params: params.path,
            query_params: params.query,
            header_params: params.header,
            body,
            success,
            errors,
            has_default_response: site.op.responses.default.is_some(),
            security,
            pagination: None,
            inbound: inbound.is_some(),
            origin: site.at.clone(),
        })
    }

    /// The `operationId`, or one made of the method and path (noted);
    /// `None` (an error) when another operation has it.
    fn operation_id(&mut self, site: &Site<'a>, taken: &mut Taken) -> Option<String> {
        let id = match &site.op.operation_id {
            Some(id) => id.clone(),
            None => {
                let derived = derived_operation_id(site.method, site.path);
                self.note(site.at.clone(), format!("no `operationId`; named `{derived}` after its method and path"));
                derived
            }
        };
        if let Some(first) = taken.ids.insert(id.clone(), site.at.clone()) {
            self.error(site.at.as_str(), format!("`operationId: {id}` is also used by {first}; operation ids must be unique"));
            return None;
        }
        Some(id)
    }

    /// The path the API serves the operation at: the settings correct a
    /// path the spec has wrong, and its parameters must stay the same.
    fn corrected_path(&mut self, id: &str, site: &Site<'a>) -> &'a str {
        match self.settings.path(id) {
            Some(corrected) if template_names(corrected) == template_names(site.path) => corrected,
            Some(corrected) => {
                self.error(site.at.as_str(), format!("the settings' path for `{id}` (`{corrected}`) names other parameters than `{}`", site.path));
                site.path
            }
            None => site.path,
        }
    }

    /// The parameters of the operation and of its path item (the
    /// operation's override the path item's of the same name and place),
    /// without the client's own headers; path parameters in the order
    /// `path` names them, each of them declared.
    fn parameters(&mut self, doc: &'a OpenAPI, site: &Site<'a>, path: &str, type_prefix: &TypeName) -> Params {
        let declared = site.op.parameters.iter().enumerate().map(|(i, p)| (p, format!("{}/parameters/{i}", site.at)));
        let inherited = site.item.parameters.iter().enumerate().map(|(i, p)| (p, format!("{}/parameters/{i}", site.item_pointer())));
        let mut seen = BTreeSet::new();
        let mut scope = NameScope::default();
        // The call's own fields (its methods are the setters' business: see `rust_api`).
        for reserved in ["body", "params", "client", "options"] {
            scope.reserve(reserved);
        }
        let mut params = Params::default();
        let components = |n: &str| doc.components.as_ref()?.parameters.get(n);
        for (reference, pointer) in declared.chain(inherited).collect::<Vec<_>>() {
            let Some((parameter, pointer)) = self.follow_ref(reference, &pointer, "parameters", components, "parameter") else { continue };
            let (data, location, explode_default) = match parameter {
                Parameter::Path { parameter_data, .. } => (parameter_data, Some(Location::Path), false),
                Parameter::Query { parameter_data, .. } => (parameter_data, Some(Location::Query), true),
                Parameter::Header { parameter_data, .. } => (parameter_data, Some(Location::Header), false),
                Parameter::Cookie { parameter_data, .. } => (parameter_data, None, false),
            };
            if !seen.insert((location.map(Location::as_str), data.name.to_ascii_lowercase())) {
                continue;
            }
            let Some(location) = location else {
                self.error(pointer, "cookie parameters are not supported");
                continue;
            };
            if location == Location::Header && self.settings.is_client_header(&data.name) {
                continue;
            }
            let ParameterSchemaOrContent::Schema(schema) = &data.format else {
                self.error(pointer.as_str(), "parameters with `content` are not supported");
                continue;
            };
            let ty = self.type_ref(Member::of(schema), &format!("{pointer}/schema"), &Hint::of(type_prefix).child(&data.name));
            let wanted = self.settings.parameter(&data.name).unwrap_or(&data.name);
            let (rust_name, _) = scope.claim(FieldName::from_wire(wanted), FieldName::with_suffix);
            let param = Param {
                wire_name: data.name.clone(),
                rust_name,
                ty,
                required: data.required || location == Location::Path,
                explode: data.explode.unwrap_or(explode_default),
                docs: data.description.as_deref().map(str::trim).filter(|d| !d.is_empty()).map(str::to_owned),
                origin: pointer,
            };
            match location {
                Location::Path => params.path.push(param),
                Location::Query => params.query.push(param),
                Location::Header => params.header.push(param),
            }
        }
        let mut ordered = Vec::new();
        for name in template_names(path) {
            match params.path.iter().position(|p: &Param| p.wire_name == name) {
                Some(i) => ordered.push(params.path.remove(i)),
                None => self.error(site.at.as_str(), format!("path parameter `{name}` of `{path}` is not declared")),
            }
        }
        for extra in &params.path {
            self.error(site.at.as_str(), format!("path parameter `{}` does not appear in `{path}`", extra.wire_name));
        }
        params.path = ordered;
        params
    }

    /// The documented success responses and error responses; a 2xx must be
    /// documented. A callback's success body is what users answer with
    /// (`...Answer`).
    fn responses(&mut self, doc: &'a OpenAPI, site: &Site<'a>, type_prefix: &TypeName, inbound: bool) -> (Vec<SuccessResponse>, Vec<ErrorResponse>) {
        let responses = &site.op.responses.responses;
        let success_count = responses.keys().filter(|s| is_success(s)).count();
        let mut success = Vec::new();
        let mut errors = Vec::new();
        for (status, response) in responses {
            let pointer = format!("{}/responses/{status}", site.at);
            match status {
                StatusCode::Code(code) if (200..300).contains(code) => {
                    let word = if inbound { "Answer" } else { "Response" };
                    let hint = if success_count == 1 { type_prefix.suffixed(word) } else { type_prefix.suffixed(&format!("{word}{code}")) };
                    success.extend(self.success(doc, *code, response, &pointer, &hint));
                }
                StatusCode::Code(code) => errors.push(ErrorResponse { status: *code, body: self.error_body(doc, response) }),
                StatusCode::Range(_) => self.error(pointer, "status code ranges (`2XX`) are not supported"),
            }
        }
        if success.is_empty() {
            self.error(format!("{}/responses", site.at), "no 2xx response is documented, so there is nothing to return");
        }
        (success, errors)
    }

    /// The security alternatives the operation accepts: the settings', else
    /// the operation's, else the document's; every scheme must be declared.
    fn security(&mut self, doc: &'a OpenAPI, id: &str, site: &Site<'a>) -> Vec<Vec<String>> {
        let security = match self.settings.security(id) {
            Some(reviewed) => reviewed.to_vec(),
            None => site.op.security.as_ref().or(doc.security.as_ref()).map_or_else(Vec::new, |alternatives| {
                alternatives.iter().map(|requirement| requirement.keys().cloned().collect()).collect()
            }),
        };
        let schemes = doc.components.as_ref().map(|c| &c.security_schemes);
        for name in security.iter().flatten() {
            if !schemes.is_some_and(|s| s.contains_key(name)) {
                self.error(format!("{}/security", site.at), format!("security scheme `{name}` is not declared"));
            }
        }
        security
    }

    /// The item `value` is, following a `$ref` into `#/components/<section>`
    /// (`found` looks a name up there), with the pointer of where it is
    /// declared; `None` (an error) for a `$ref` to nothing.
    fn follow_ref<T>(
        &mut self,
        value: &'a ReferenceOr<T>,
        pointer: &str,
        section: &str,
        found: impl Fn(&str) -> Option<&'a ReferenceOr<T>>,
        what: &str,
    ) -> Option<(&'a T, String)> {
        let reference = match value {
            ReferenceOr::Item(item) => return Some((item, pointer.to_owned())),
            ReferenceOr::Reference { reference } => reference,
        };
        let prefix = format!("#/components/{section}/");
        let target = reference.strip_prefix(prefix.as_str()).and_then(|name| Some((name, found(name)?.as_item()?)));
        match target {
            Some((name, item)) => Some((item, format!("{prefix}{}", escape(name)))),
            None => {
                self.error(pointer, format!("`$ref: {reference}` points to no {what}"));
                None
            }
        }
    }

    fn request_body(&mut self, doc: &'a OpenAPI, body: &'a ReferenceOr<RequestBody>, pointer: &str, prefix: &TypeName) -> Option<RequestBodyDef> {
        let components = |n: &str| doc.components.as_ref()?.request_bodies.get(n);
        let (body, pointer) = self.follow_ref(body, pointer, "requestBodies", components, "request body")?;
        let Some(media) = body.content.get("application/json") else {
            let types: Vec<&String> = body.content.keys().collect();
            self.error(format!("{pointer}/content"), format!("only `application/json` request bodies are supported, found {types:?}"));
            return None;
        };
        let at = format!("{pointer}/content/application~1json/schema");
        // A shared body (`components/requestBodies/X`) names its type `X`.
        let hint = match pointer.strip_prefix("#/components/requestBodies/") {
            Some(name) => Hint::of(&TypeName::from_wire(name)),
            None => Hint::of(prefix).suffixed("Request"),
        };
        let ty = match &media.schema {
            Some(schema) => self.type_ref(Member::of(schema), &at, &hint),
            None => TypeRef::Json,
        };
        Some(RequestBodyDef { ty, required: body.required })
    }

    fn success(&mut self, doc: &'a OpenAPI, status: u16, response: &'a ReferenceOr<Response>, pointer: &str, hint: &TypeName) -> Option<SuccessResponse> {
        // A shared response (`components/responses/X`) names its body `X`,
        // or `XResponse` beside a component schema `X`.
        let hint = match response {
            ReferenceOr::Reference { reference } => match reference.rsplit('/').next().map(TypeName::from_wire) {
                Some(name) if self.api.components.values().any(|component| *component == name) => Hint::of(&name.suffixed("Response")),
                Some(name) => Hint::of(&name),
                None => Hint::of(hint),
            },
            ReferenceOr::Item(_) => Hint::of(hint),
        };
        let hint = &hint;
        let (response, pointer) = self.response(doc, response, pointer)?;
        let body = match response.content.iter().next() {
            None if status == 204 => ResponseBody::Empty,
            None => ResponseBody::Bytes,
            Some((media_type, media)) => {
                let at = format!("{pointer}/content/{}/schema", escape(media_type));
                match &media.schema {
                    Some(ReferenceOr::Item(schema)) if is_binary(schema) => ResponseBody::Bytes,
                    Some(schema) if media_type.contains("json") => ResponseBody::Json(self.type_ref(Member::of(schema), &at, hint)),
                    _ => ResponseBody::Bytes,
                }
            }
        };
        let mut headers = Vec::new();
        let mut scope = NameScope::default();
        scope.reserve("body");
        for (name, header) in &response.headers {
            let Some(header) = header.as_item() else {
                self.error(format!("{pointer}/headers/{}", escape(name)), "`$ref` headers are not supported");
                continue;
            };
            let ty = match &header.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    match self.type_ref(Member::of(schema), &format!("{pointer}/headers/{}/schema", escape(name)), &hint.child(name)) {
                        t @ (TypeRef::I32 | TypeRef::I64 | TypeRef::F64 | TypeRef::Bool) => t,
                        _ => TypeRef::String,
                    }
                }
                ParameterSchemaOrContent::Content(_) => TypeRef::String,
            };
            let (rust_name, _) = scope.claim(FieldName::from_wire(name), FieldName::with_suffix);
            headers.push(ResponseHeader {
                wire_name: name.clone(),
                rust_name,
                ty,
                docs: header.description.as_deref().map(str::trim).map(str::to_owned),
            });
        }
        Some(SuccessResponse {
            status,
            variant: status_variant(status),
            body,
            headers,
            docs: Some(response.description.trim().to_owned()).filter(|d| !d.is_empty()),
        })
    }

    /// The type of an error response's JSON body (its first JSON media
    /// type), without creating types or reporting anything: a response the
    /// client cannot read as documented is still an error, and its body
    /// stays readable as bytes. `None` without a JSON body.
    fn error_body(&self, doc: &'a OpenAPI, response: &'a ReferenceOr<Response>) -> Option<TypeRef> {
        let response = match response {
            ReferenceOr::Item(response) => response,
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/responses/")?;
                doc.components.as_ref()?.responses.get(name)?.as_item()?
            }
        };
        let (_, media) = response.content.iter().find(|(media_type, _)| media_type.contains("json"))?;
        let reference = match media.schema.as_ref()? {
            ReferenceOr::Reference { reference } => reference.as_str(),
            ReferenceOr::Item(schema) => match Facts::of(schema).all_of.first() {
                Some(Member::Ref(reference)) => reference,
                _ => return Some(TypeRef::Json),
            },
        };
        let name = reference.strip_prefix(super::build::SCHEMAS)?;
        Some(self.api.components.get(crate::locate::unescape(name).as_str()).map_or(TypeRef::Json, |ty| TypeRef::Named(ty.clone())))
    }

    fn response(&mut self, doc: &'a OpenAPI, r: &'a ReferenceOr<Response>, pointer: &str) -> Option<(&'a Response, String)> {
        self.follow_ref(r, pointer, "responses", |n| doc.components.as_ref()?.responses.get(n), "response")
    }

    /// The security schemes, sorted by name.
    pub(super) fn security_schemes(&mut self, doc: &'a OpenAPI) -> Vec<SecuritySchemeDef> {
        let Some(components) = doc.components.as_ref() else { return Vec::new() };
        let sorted: BTreeMap<&String, &ReferenceOr<SecurityScheme>> = components.security_schemes.iter().collect();
        let mut schemes = Vec::new();
        for (name, scheme) in sorted {
            let pointer = format!("#/components/securitySchemes/{}", escape(name));
            let Some(scheme) = scheme.as_item() else {
                self.error(pointer, "`$ref` security schemes are not supported");
                continue;
            };
            let (kind, docs) = match scheme {
                SecurityScheme::APIKey { location: openapiv3::APIKeyLocation::Header, name: header, description, .. } => {
                    (SchemeKind::ApiKeyHeader(header.clone()), description.clone())
                }
                SecurityScheme::HTTP { scheme: s, description, .. } if s.eq_ignore_ascii_case("basic") => (SchemeKind::HttpBasic, description.clone()),
                SecurityScheme::HTTP { scheme: s, description, .. } if s.eq_ignore_ascii_case("bearer") => (SchemeKind::HttpBearer, description.clone()),
                _ => {
                    self.error(pointer, "only header API keys and HTTP basic/bearer security schemes are supported");
                    continue;
                }
            };
            schemes.push(SecuritySchemeDef { name: name.clone(), kind, docs: docs.map(|d| d.trim().to_owned()) });
        }
        schemes
    }
}

fn is_success(status: &StatusCode) -> bool {
    matches!(status, StatusCode::Code(code) if (200..300).contains(code))
}

fn is_binary(schema: &openapiv3::Schema) -> bool {
    let facts = Facts::of(schema);
    facts.typ == Some("string") && matches!(facts.format.as_deref(), Some("binary"))
}

/// `Ok` for 200, `Created`, `Accepted`, `NoContent`, else `Status2xx`.
fn status_variant(status: u16) -> VariantName {
    VariantName::fixed(match status {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritative",
        204 => "NoContent",
        206 => "PartialContent",
        other => return VariantName::from_wire(&format!("status {other}")),
    })
}

/// The id of an operation the spec gives none: its method and path in
/// snake_case (`post_transactions_id_capture` for `POST /transactions/{id}/capture`).
fn derived_operation_id(method: &str, path: &str) -> String {
    FieldName::from_wire(&format!("{method} {path}")).to_string()
}

/// The `{name}`s of a path template, in order.
fn template_names(path: &str) -> Vec<&str> {
    path.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(name, _)| name)).collect()
}

