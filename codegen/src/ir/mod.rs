//! Our own model of the API: the only thing emitters see. Built from the
//! `openapiv3` document by [`resolve`]; plain data, sorted, with the JSON
//! pointer of every node's origin kept for diagnostics.

mod boxing;
mod build;
mod drift;
mod identical;
mod inheritance;
mod links;
mod merge;
mod naming;
mod operations;
mod pagination;
mod servers;
mod view;
mod visit;

use crate::diagnostics::Diagnostic;
use crate::names::{FieldName, TypeName, VariantName};
use std::collections::BTreeMap;

pub use build::resolve;
pub use pagination::{Cursor, CursorFrom, Paging, Step};
pub use servers::{Server, ServerRef};
pub use operations::{
    ErrorResponse, Location, Operation, Param, RequestBodyDef, ResponseBody, ResponseHeader, SchemeKind, SecuritySchemeDef, SuccessResponse,
};

/// The resolved API: every named type of the crate.
#[derive(Debug, Default)]
pub struct Api {
    /// Every type, keyed (and so sorted) by its Rust name.
    pub types: BTreeMap<TypeName, TypeDef>,
    /// The component schema each component type came from (schema name to type name).
    pub components: BTreeMap<String, TypeName>,
    /// Every operation, sorted by path then method.
    pub operations: Vec<Operation>,
    /// The operations users serve and the API calls (the settings'
    /// `[inbound]`): callbacks, not methods of the client. Sorted as
    /// `operations`, their names in `type_prefix`.
    pub inbound: Vec<Operation>,
    /// The security schemes operations refer to, sorted by name.
    pub security_schemes: Vec<SecuritySchemeDef>,
    /// The servers operations are sent to, the document's first.
    pub servers: Vec<Server>,
    /// Things worth a reviewer's attention that are not errors (name collisions resolved, ...).
    pub notes: Vec<Diagnostic>,
    /// The entries of the settings this run found nothing for, as
    /// `[table] key` (errors the caller reports: an entry must match).
    pub unused_settings: Vec<String>,
}

/// One named type of the generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust name.
    pub name: TypeName,
    /// JSON pointer of the schema it came from (for merged types: the merge site).
    pub origin: String,
    /// Documentation from `title`/`description`.
    pub docs: Option<String>,
    /// `deprecated: true` in the spec.
    pub deprecated: bool,
    /// What kind of type it is.
    pub kind: TypeKind,
}

/// The shapes a named type can take.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(StructType),
    /// A string with a closed list of values (plus a fallback for new ones).
    Enum(EnumType),
    /// A union chosen by the value of one property (`discriminator`).
    TaggedUnion(TaggedUnion),
    /// A union tried variant by variant (`oneOf`/`anyOf` without discriminator).
    UntaggedUnion(UntaggedUnion),
    /// Another name for a type expression (`pub type X = Vec<Y>;`).
    Alias(TypeRef),
}

/// An object schema.
#[derive(Debug, Clone, PartialEq)]
pub struct StructType {
    /// Fields in spec order (first declaration wins the position).
    pub fields: Vec<Field>,
    /// Set when the struct is a subtype of a discriminated base: the tag
    /// property and this subtype's wire value. The tag is written by serde
    /// and is not a field.
    pub tag: Option<StructTag>,
    /// Type of `additionalProperties` values, when the object allows them.
    pub additional_properties: Option<TypeRef>,
}

/// The discriminator property of a subtype and its fixed wire value.
#[derive(Debug, Clone, PartialEq)]
pub struct StructTag {
    /// The property name (`payment_product_type`).
    pub property: String,
    /// This subtype's value (`swish.swish`).
    pub value: String,
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Name on the wire.
    pub wire_name: String,
    /// Rust field name.
    pub rust_name: FieldName,
    /// Value type (without the `Option` that `required`/`nullable` add).
    pub ty: TypeRef,
    /// Listed in `required` (and not read-only).
    pub required: bool,
    /// `nullable: true`: `null` is a value distinct from absence.
    pub nullable: bool,
    /// `readOnly: true`: set by the server, never by a request.
    pub read_only: bool,
    /// Held in a `Box`: to break a cycle of by-value containment, or, for
    /// an optional value with fields of its own, so that an absent one is small
    /// (see `boxing`).
    pub boxed: bool,
    /// Documentation.
    pub docs: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// JSON pointer of the (first) declaration.
    pub origin: String,
}

/// A string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumType {
    /// Known values, in spec order.
    pub variants: Vec<EnumVariant>,
    /// Name of the variant that keeps unknown values (`Unknown` unless taken).
    pub fallback: VariantName,
}

/// One known value of a string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// The value on the wire, exactly.
    pub wire: String,
    /// Rust variant name.
    pub name: VariantName,
}

/// A discriminated union.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedUnion {
    /// The property whose value selects the variant.
    pub tag_property: String,
    /// Variants, sorted by name.
    pub variants: Vec<UnionVariant>,
    /// Name of the variant that keeps objects with an unknown tag.
    pub fallback: VariantName,
}

/// One variant of a discriminated union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// Tag value on the wire.
    pub tag_value: String,
    /// Rust variant name.
    pub name: VariantName,
    /// The payload type (a struct that writes the tag itself).
    pub ty: TypeName,
}

/// A union without discriminator.
#[derive(Debug, Clone, PartialEq)]
pub struct UntaggedUnion {
    /// Variants in spec order (serde tries them in this order).
    pub variants: Vec<(VariantName, TypeRef)>,
}

/// A type expression.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// `String` (also URIs and the spec's custom string formats).
    String,
    /// A `date-time` string, kept exactly, parsed on demand (`DateTime`).
    DateTime,
    /// A `date` string, kept exactly, parsed on demand (`Date`).
    Date,
    /// `i32` for `format: int32`.
    I32,
    /// `i64` for other integers.
    I64,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
    /// Any JSON value (a schema with no constraints).
    Json,
    /// Any JSON object (`type: object` with no properties).
    JsonObject,
    /// A named type of the crate.
    Named(TypeName),
    /// `Vec<T>`.
    Array(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
}

/// How many `Option`s wrap a field's value type: none when required, one
/// when optional or when `null` is allowed, two for an optional nullable
/// field (`Some(None)` is an explicit `null`).
pub fn option_layers(required: bool, nullable: bool) -> usize {
    match (required, nullable) {
        (true, false) => 0,
        (true, true) | (false, false) => 1,
        (false, true) => 2,
    }
}

impl Api {
    /// Counts for reports: structs, enums, tagged unions, their variants, untagged unions, aliases.
    pub fn stats(&self) -> Stats {
        let mut stats = Stats { components: self.components.len(), ..Stats::default() };
        let component_types: std::collections::BTreeSet<&TypeName> = self.components.values().collect();
        for def in self.types.values() {
            if !component_types.contains(&def.name) {
                stats.inline_types += 1;
            }
            match &def.kind {
                TypeKind::Struct(_) => stats.structs += 1,
                TypeKind::Enum(_) => stats.enums += 1,
                TypeKind::TaggedUnion(u) => {
                    stats.tagged_unions += 1;
                    stats.tagged_union_variants += u.variants.len();
                }
                TypeKind::UntaggedUnion(_) => stats.untagged_unions += 1,
                TypeKind::Alias(_) => stats.aliases += 1,
            }
        }
        stats
    }
}

/// Counts of what was generated, for the xtask's report.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    /// Component schemas turned into types.
    pub components: usize,
    /// Types named after their position (not component schemas).
    pub inline_types: usize,
    /// Structs.
    pub structs: usize,
    /// String enums.
    pub enums: usize,
    /// Discriminated unions.
    pub tagged_unions: usize,
    /// Variants of all discriminated unions.
    pub tagged_union_variants: usize,
    /// `oneOf`/`anyOf` unions.
    pub untagged_unions: usize,
    /// Type aliases.
    pub aliases: usize,
}
