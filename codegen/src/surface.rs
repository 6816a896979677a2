//! The public API of the generated crate as plain data: every type with its
//! fields, values or variants, and every client method with its signature,
//! each with the JSON pointer of the spec place it came from.
//!
//! The generator writes it beside the crate (`generated/api/surface.json`)
//! on every run, so the next run can say what changed for users
//! ([`crate::changes`]) by comparing the committed surface with the new one,
//! without the old spec. It is a projection of the lowered
//! [`RustApi`](crate::rust_api::RustApi): every value here is copied from
//! it, nothing is decided again. Rust types are [`Ty`] values, written as
//! users see them (`Option<Vec<OrderItem>>`, the `models::` prefix left
//! out) and read back as values.

use crate::rust_api::{Arg, RustApi, Taking, Ty, TypeBody};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// Version of the file format; a surface of another version is not compared.
pub const FORMAT: u32 = 2;

/// The public API of one generated crate.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Surface {
    /// [`FORMAT`] of the writer.
    pub format: u32,
    /// Every type of `models`, by Rust name.
    pub types: BTreeMap<String, TypeItem>,
    /// Every client method, by the spec's `operationId`.
    pub operations: BTreeMap<String, OperationItem>,
    /// Every variant of `Server`, with its default URL.
    #[serde(default)]
    pub servers: BTreeMap<String, String>,
    /// Every callback users serve (no client method), by `operationId`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub inbound: BTreeMap<String, InboundSurface>,
}

/// A callback users serve and the API calls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboundSurface {
    /// Where the operation is in the spec.
    pub pointer: String,
    /// The callback's name.
    pub name: String,
    /// The HTTP method the API calls it with.
    pub http: String,
    /// The path template the spec documents.
    pub path: String,
    /// The body it receives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Ty>,
    /// The body users answer with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Ty>,
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
        additional_properties: Option<Ty>,
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
        target: Ty,
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
    pub ty: Ty,
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
    pub ty: Ty,
}

/// One variant of an untagged union.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UntaggedVariant {
    /// The Rust variant.
    pub variant: String,
    /// Its payload type.
    #[serde(rename = "type")]
    pub ty: Ty,
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
    /// The server it is sent to (a variant of [`Surface::servers`]).
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
    pub stream: Option<Ty>,
    /// The method's arguments, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub arguments: Vec<ArgumentItem>,
    /// The call type the method returns.
    pub call: String,
    /// What awaiting the call gives.
    pub returns: Ty,
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
    pub ty: Ty,
    /// An argument of the method (else a setter of the call and a field of the params struct).
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Where the parameter is declared.
    pub pointer: String,
}

/// One argument of a method.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArgumentItem {
    /// Its name.
    pub name: String,
    /// What it accepts (`impl Into<String>`).
    #[serde(rename = "type", serialize_with = "arg_text", deserialize_with = "arg_from_text")]
    pub arg: Arg,
}

/// A request body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BodyItem {
    /// Its type.
    #[serde(rename = "type")]
    pub ty: Ty,
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
    pub body: Ty,
    /// Documented headers (wire names).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<String>,
}

fn is_false(value: &bool) -> bool {
    !value
}

fn arg_text<S: Serializer>(arg: &Arg, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(arg)
}

fn arg_from_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Arg, D::Error> {
    let text = String::deserialize(deserializer)?;
    let (taking, ty) = if let Some(item) = text.strip_prefix("impl IntoIterator<Item = impl Into<").and_then(|t| t.strip_suffix(">>")) {
        (Taking::IntoIter, Ty::Vec(Box::new(Ty::parse(item).map_err(serde::de::Error::custom)?)))
    } else if let Some(ty) = text.strip_prefix("impl Into<").and_then(|t| t.strip_suffix('>')) {
        (Taking::Into, Ty::parse(ty).map_err(serde::de::Error::custom)?)
    } else {
        (Taking::AsIs, Ty::parse(&text).map_err(serde::de::Error::custom)?)
    };
    Ok(Arg { ty, taking })
}

impl OperationItem {
    /// The signature as users call it, and what awaiting the call gives.
    pub fn signature(&self) -> Signature<'_> {
        Signature { arguments: &self.arguments, call: &self.call, returns: &self.returns }
    }
}

/// A method's signature: `(id: impl Into<String>) -> CaptureTransaction,
/// awaited: CaptureTransactionResponse` when printed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Signature<'a> {
    /// The arguments.
    pub arguments: &'a [ArgumentItem],
    /// The call type.
    pub call: &'a str,
    /// What awaiting the call gives.
    pub returns: &'a Ty,
}

impl fmt::Display for Signature<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let arguments: Vec<String> = self.arguments.iter().map(|a| format!("{}: {}", a.name, a.arg)).collect();
        write!(f, "({}) -> {}, awaited: {}", arguments.join(", "), self.call, self.returns)
    }
}

impl Surface {
    /// The surface of the crate whose Rust API is `api`.
    pub fn of(api: &RustApi) -> Self {
        let types = api.types.iter().map(|def| {
            let shape = match &def.body {
                TypeBody::Struct(s) => Shape::Struct {
                    fields: s.fields.iter().map(field_item).collect(),
                    tag: s.tag.clone(),
                    additional_properties: s.additional_properties.clone(),
                },
                TypeBody::Enum(e) => Shape::Enum {
                    values: e.variants.iter().map(|(wire, variant)| EnumValue { wire: wire.clone(), variant: variant.to_string() }).collect(),
                },
                TypeBody::TaggedUnion(u) => Shape::TaggedUnion {
                    property: u.property.clone(),
                    variants: u
                        .variants
                        .iter()
                        .map(|v| TaggedVariant { tag: v.tag.clone(), variant: v.name.to_string(), ty: Ty::Named(v.ty.clone()) })
                        .collect(),
                },
                TypeBody::UntaggedUnion(variants) => Shape::UntaggedUnion {
                    variants: variants.iter().map(|(name, ty)| UntaggedVariant { variant: name.to_string(), ty: ty.clone() }).collect(),
                },
                TypeBody::Alias(target) => Shape::Alias { target: target.clone() },
            };
            (def.name.to_string(), TypeItem { pointer: def.origin.clone(), deprecated: def.deprecated, shape })
        });
        let operations = api.operations.iter().map(|op| (op.id.clone(), operation_item(op)));
        let servers = api.servers.iter().map(|s| (s.variant.to_string(), s.url.clone()));
        let inbound = api.inbound.iter().map(|i| {
            let item = InboundSurface {
                pointer: i.origin.clone(),
                name: i.name.to_string(),
                http: i.http_method.clone(),
                path: i.path.clone(),
                body: i.body.clone(),
                answer: i.answer.clone(),
            };
            (i.id.clone(), item)
        });
        Self { format: FORMAT, types: types.collect(), operations: operations.collect(), servers: servers.collect(), inbound: inbound.collect() }
    }

    /// The surface as the JSON text that is committed.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads a committed surface; `Err` names what is wrong with the text.
    pub fn from_json(text: &str) -> Result<Self, String> {
        #[derive(Deserialize)]
        struct Format {
            format: u32,
        }
        let format = serde_json::from_str::<Format>(text).map_err(|e| format!("not a surface file: {e}"))?.format;
        if format != FORMAT {
            return Err(format!("written in format {format}, this generator reads format {FORMAT}; the next run rewrites it"));
        }
        serde_json::from_str(text).map_err(|e| format!("not a surface file: {e}"))
    }
}

fn field_item(field: &crate::rust_api::FieldItem) -> FieldItem {
    FieldItem {
        wire: field.wire.clone(),
        rust: field.rust.to_string(),
        ty: field.ty.clone(),
        required: field.required,
        nullable: field.nullable,
        read_only: field.read_only,
        deprecated: field.deprecated,
        pointer: field.origin.clone(),
    }
}

fn operation_item(op: &crate::rust_api::OperationItem) -> OperationItem {
    let params: Vec<ParamItem> = op
        .params
        .iter()
        .map(|p| ParamItem {
            wire: p.wire.clone(),
            rust: p.rust.to_string(),
            location: p.location.as_str().to_owned(),
            ty: p.value.clone(),
            required: p.required,
            pointer: p.origin.clone(),
        })
        .collect();
    let responses: Vec<ResponseItem> = op
        .success
        .iter()
        .map(|s| ResponseItem {
            status: s.status,
            variant: s.variant.to_string(),
            body: s.body.ty(),
            headers: s.headers.iter().map(|h| h.wire.clone()).collect(),
        })
        .collect();
    let returns = match (&op.response_enum, op.direct_success()) {
        (Some(name), _) => Ty::Named(name.clone()),
        (None, Some(only)) => only.body.ty(),
        (None, None) => Ty::Unit,
    };
    OperationItem {
        pointer: op.origin.clone(),
        method: op.method.to_string(),
        http: op.http_method.clone(),
        path: op.path.clone(),
        server: op.server.to_string(),
        url: format!("{}{}", op.server_url, op.route),
        security: op.security.iter().map(|r| r.iter().map(|s| s.name.clone()).collect()).collect(),
        stream: op.pagination.as_ref().map(|p| p.item.clone()),
        arguments: op.arguments().map(|(name, arg)| ArgumentItem { name: name.to_string(), arg: arg.clone() }).collect(),
        call: op.call.to_string(),
        returns,
        params,
        params_struct: op.params_struct.as_ref().map(ToString::to_string),
        body: op.body.as_ref().map(|b| BodyItem { ty: b.ty.clone(), required: b.required }),
        response_enum: op.response_enum.as_ref().map(ToString::to_string),
        responses,
        errors: op.errors.iter().map(|e| e.status).collect(),
        deprecated: op.deprecated,
        moves_money: op.moves_money,
    }
}
