//! The public API of the generated crate as plain data: every type with its
//! fields, values or variants, and every client method with its signature,
//! each with the JSON pointer of the spec place it came from.
//!
//! The generator writes it beside the crate (`generated/api/surface.json`)
//! on every run, so the next run can say what changed for users
//! ([`crate::changes`]) by comparing the committed surface with the new one,
//! without the old spec. Rust types are written as users see them
//! (`Option<Vec<OrderItem>>`), with the `models::` prefix left out.

use crate::emit::operations::{optional_params, required_params, returns_body_directly};
use crate::ir::{Api, Field, Operation, ResponseBody, TypeKind, TypeRef};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Version of the file format; a surface of another version is not compared.
pub const FORMAT: u32 = 1;

/// The public API of one generated crate.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Surface {
    /// [`FORMAT`] of the writer.
    pub format: u32,
    /// Every type of `models`, by Rust name.
    pub types: BTreeMap<String, TypeItem>,
    /// Every client method, by the spec's `operationId`.
    pub operations: BTreeMap<String, OperationItem>,
    /// Every variant of `Server`, by its name, with its default URL.
    #[serde(default)]
    pub servers: BTreeMap<String, String>,
}

/// One public type of `models`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeItem {
    /// Where the schema is in the spec.
    pub pointer: String,
    /// Marked `#[deprecated]`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// What kind of type it is, with its contents.
    pub shape: Shape,
}

/// The kinds of types, with what users can name in each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Shape {
    /// A `#[non_exhaustive]` struct built with `new(required...)`.
    Struct {
        /// Fields in declaration order.
        fields: Vec<FieldItem>,
        /// For a subtype of a discriminated base: the tag property and value it writes.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tag: Option<(String, String)>,
        /// The value type of `additional_properties`, when the object allows them.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        additional_properties: Option<String>,
    },
    /// A `#[non_exhaustive]` string enum with a fallback variant.
    Enum {
        /// Known values in order.
        values: Vec<EnumValue>,
    },
    /// A `#[non_exhaustive]` enum chosen by a tag property.
    TaggedUnion {
        /// The tag property.
        property: String,
        /// Variants by tag value.
        variants: Vec<TaggedVariant>,
    },
    /// An (exhaustive) enum of alternatives tried in order.
    UntaggedUnion {
        /// Variants in order.
        variants: Vec<UntaggedVariant>,
    },
    /// `pub type Name = Target;`.
    Alias {
        /// The aliased type.
        target: String,
    },
}

/// One field of a struct.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldItem {
    /// The property name on the wire.
    pub wire: String,
    /// The Rust field name.
    pub rust: String,
    /// The declared Rust type (`Option<String>` for an optional string).
    #[serde(rename = "type")]
    pub ty: String,
    /// Taken by `new`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// `null` is a value (`Option<Option<T>>` when optional).
    #[serde(default, skip_serializing_if = "is_false")]
    pub nullable: bool,
    /// Private with a getter: set by the server only.
    #[serde(default, skip_serializing_if = "is_false")]
    pub read_only: bool,
    /// Marked `#[deprecated]`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// Where the property is declared.
    pub pointer: String,
}

/// One known value of a string enum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnumValue {
    /// The value on the wire.
    pub wire: String,
    /// The Rust variant.
    pub variant: String,
}

/// One variant of a tagged union.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaggedVariant {
    /// The tag value on the wire.
    pub tag: String,
    /// The Rust variant.
    pub variant: String,
    /// Its payload type.
    #[serde(rename = "type")]
    pub ty: String,
}

/// One variant of an untagged union.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UntaggedVariant {
    /// The Rust variant.
    pub variant: String,
    /// Its payload type.
    #[serde(rename = "type")]
    pub ty: String,
}

/// One client method.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OperationItem {
    /// Where the operation is in the spec.
    pub pointer: String,
    /// The method of `Client`.
    pub method: String,
    /// The HTTP method, upper case.
    pub http: String,
    /// The path template.
    pub path: String,
    /// The server it is sent to (a name of [`Surface::servers`]).
    #[serde(default)]
    pub server: String,
    /// The full URL template the client calls by default
    /// (`https://api.dintero.com/v1/accounts/{aid}/settlements`).
    #[serde(default)]
    pub url: String,
    /// The security requirements it accepts (alternatives of scheme names).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security: Vec<Vec<String>>,
    /// For a paginated list: the item type of the call's `into_stream`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<String>,
    /// The signature as users call it, and what awaiting the call gives:
    /// `(id: impl Into<String>) -> CaptureTransaction, awaited: CaptureTransactionResponse`.
    pub signature: String,
    /// Path, query and header parameters.
    pub params: Vec<ParamItem>,
    /// The name of the struct of optional parameters, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params_struct: Option<String>,
    /// The JSON request body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<BodyItem>,
    /// The name of the enum of success responses, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_enum: Option<String>,
    /// The documented success responses.
    pub responses: Vec<ResponseItem>,
    /// The documented error statuses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<u16>,
    /// Marked `#[deprecated]`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// Never retried after an ambiguous failure.
    #[serde(default, skip_serializing_if = "is_false")]
    pub moves_money: bool,
}

/// One parameter of a method.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParamItem {
    /// The name on the wire.
    pub wire: String,
    /// The Rust argument or field name.
    pub rust: String,
    /// `path`, `query` or `header`.
    #[serde(rename = "in")]
    pub location: String,
    /// The value type.
    #[serde(rename = "type")]
    pub ty: String,
    /// An argument of the method (else a setter of the call and a field of the params struct).
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Where the parameter is declared.
    pub pointer: String,
}

/// A request body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BodyItem {
    /// Its type.
    #[serde(rename = "type")]
    pub ty: String,
    /// Must be sent: an argument of the method (else a setter of the call).
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
}

/// One success response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponseItem {
    /// The HTTP status.
    pub status: u16,
    /// The variant of the response enum.
    pub variant: String,
    /// The body type (`()` for none, `Bytes` for raw bytes).
    pub body: String,
    /// Documented headers (wire names).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<String>,
}

fn is_false(value: &bool) -> bool {
    !value
}

impl Surface {
    /// The surface of the crate generated from `api`.
    pub fn of(api: &Api) -> Self {
        let types = api.types.values().map(|def| {
            let shape = match &def.kind {
                TypeKind::Struct(s) => Shape::Struct {
                    fields: s.fields.iter().map(field_item).collect(),
                    tag: s.tag.as_ref().map(|t| (t.property.clone(), t.value.clone())),
                    additional_properties: s.additional_properties.as_ref().map(rust_type),
                },
                TypeKind::Enum(e) => Shape::Enum {
                    values: e.variants.iter().map(|v| EnumValue { wire: v.wire.clone(), variant: v.name.to_string() }).collect(),
                },
                TypeKind::TaggedUnion(u) => Shape::TaggedUnion {
                    property: u.tag_property.clone(),
                    variants: u
                        .variants
                        .iter()
                        .map(|v| TaggedVariant { tag: v.tag_value.clone(), variant: v.name.to_string(), ty: v.ty.to_string() })
                        .collect(),
                },
                TypeKind::UntaggedUnion(u) => Shape::UntaggedUnion {
                    variants: u.variants.iter().map(|(name, ty)| UntaggedVariant { variant: name.to_string(), ty: rust_type(ty) }).collect(),
                },
                TypeKind::Alias(target) => Shape::Alias { target: rust_type(target) },
            };
            (def.name.to_string(), TypeItem { pointer: def.origin.clone(), deprecated: def.deprecated, shape })
        });
        let operations = api.operations.iter().map(|op| (op.id.clone(), operation_item(api, op)));
        let servers = api.servers.iter().map(|s| (s.name.to_string(), s.url.clone()));
        Self { format: FORMAT, types: types.collect(), operations: operations.collect(), servers: servers.collect() }
    }

    /// The surface as the JSON text that is committed.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads a committed surface; `Err` names what is wrong with the text.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let surface: Self = serde_json::from_str(text).map_err(|e| format!("not a surface file: {e}"))?;
        if surface.format != FORMAT {
            return Err(format!("written in format {}, this generator reads format {FORMAT}", surface.format));
        }
        Ok(surface)
    }
}

fn field_item(field: &Field) -> FieldItem {
    let inner = rust_type(&field.ty);
    let inner = if field.boxed { format!("Box<{inner}>") } else { inner };
    let ty = (0..crate::ir::option_layers(field.required, field.nullable)).fold(inner, |ty, _| format!("Option<{ty}>"));
    FieldItem {
        wire: field.wire_name.clone(),
        rust: field.rust_name.to_string(),
        ty,
        required: field.required,
        nullable: field.nullable,
        read_only: field.read_only,
        deprecated: field.deprecated,
        pointer: field.origin.clone(),
    }
}

fn operation_item(api: &Api, op: &Operation) -> OperationItem {
    let server = &api.servers[op.server.index];
    let params: Vec<ParamItem> = op
        .params()
        .map(|(p, location)| ParamItem {
            wire: p.wire_name.clone(),
            rust: p.rust_name.to_string(),
            location: location.as_str().to_owned(),
            ty: rust_type(&p.ty),
            required: p.required,
            pointer: p.origin.clone(),
        })
        .collect();
    let params_struct = (!optional_params(op).is_empty()).then(|| op.type_prefix.suffixed("Params").to_string());
    let response_enum = (!returns_body_directly(op)).then(|| op.type_prefix.suffixed("Response").to_string());
    let responses: Vec<ResponseItem> = op
        .success
        .iter()
        .map(|s| ResponseItem {
            status: s.status,
            variant: s.variant.to_string(),
            body: body_type(&s.body),
            headers: s.headers.iter().map(|h| h.wire_name.clone()).collect(),
        })
        .collect();
    // The arguments in the order the method takes them.
    let mut args: Vec<String> = required_params(op).map(|(p, _)| format!("{}: {}", p.rust_name, argument_type(&p.ty))).collect();
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        args.push(format!("body: {}", rust_type(&body.ty)));
    }
    let returns = match (&response_enum, responses.first()) {
        (Some(name), _) => name.clone(),
        (None, Some(only)) => only.body.clone(),
        (None, None) => "()".to_owned(),
    };
    let call = op.type_prefix.to_string();
    OperationItem {
        pointer: op.origin.clone(),
        method: op.method_name.to_string(),
        http: op.http_method.clone(),
        path: op.path.clone(),
        server: server.name.to_string(),
        url: format!("{}{}", server.url, op.route()),
        security: op.security.clone(),
        stream: op.pagination.as_ref().map(|p| rust_type(&p.item)),
        signature: format!("({}) -> {call}, awaited: {returns}", args.join(", ")),
        params,
        params_struct,
        body: op.body.as_ref().map(|b| BodyItem { ty: rust_type(&b.ty), required: b.required }),
        response_enum,
        responses,
        errors: op.error_statuses.clone(),
        deprecated: op.deprecated,
        moves_money: op.moves_money,
    }
}

/// The Rust text of a type expression, with names unqualified.
fn rust_type(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::DateTime => "DateTime".to_owned(),
        TypeRef::Date => "Date".to_owned(),
        TypeRef::I32 => "i32".to_owned(),
        TypeRef::I64 => "i64".to_owned(),
        TypeRef::F64 => "f64".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::Json => "serde_json::Value".to_owned(),
        TypeRef::JsonObject => "serde_json::Map<String, serde_json::Value>".to_owned(),
        TypeRef::Named(name) => name.to_string(),
        TypeRef::Array(inner) => format!("Vec<{}>", rust_type(inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", rust_type(inner)),
    }
}

/// The argument type of a required parameter, as `emit::operations` declares it.
fn argument_type(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Array(inner) => format!("impl IntoIterator<Item = impl Into<{}>>", rust_type(inner)),
        t if t.is_copy() => rust_type(t),
        t => format!("impl Into<{}>", rust_type(t)),
    }
}

fn body_type(body: &ResponseBody) -> String {
    match body {
        ResponseBody::Json(ty) => rust_type(ty),
        ResponseBody::Bytes => "Bytes".to_owned(),
        ResponseBody::Empty => "()".to_owned(),
    }
}
