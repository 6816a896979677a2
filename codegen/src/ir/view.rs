//! One uniform view of an `openapiv3` schema. The crate spreads the same
//! keywords over several shapes (`Type`, `AllOf`, `Any`, ...); resolution code
//! reads only [`Facts`], so it never has to know which shape was parsed.

use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaData, SchemaKind, Type, VariantOrUnknownOrEmpty,
};

/// A schema position: a `$ref` or an inline schema.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Member<'a> {
    /// `$ref: '#/components/schemas/Name'`; holds the whole reference string.
    Ref(&'a str),
    /// An inline schema.
    Inline(&'a Schema),
}

impl<'a> Member<'a> {
    pub(crate) fn of(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Member::Ref(reference),
            ReferenceOr::Item(schema) => Member::Inline(schema),
        }
    }

    pub(crate) fn of_boxed(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Member::Ref(reference),
            ReferenceOr::Item(schema) => Member::Inline(schema),
        }
    }
}

/// `additionalProperties`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Additional<'a> {
    /// `true` or `{}`: any value.
    Any,
    /// `false`: none.
    Forbidden,
    /// Values of one schema.
    Schema(Member<'a>),
}

/// Every keyword the resolver reads, whatever shape openapiv3 chose.
#[derive(Debug, Clone)]
pub(crate) struct Facts<'a> {
    pub data: &'a SchemaData,
    pub typ: Option<&'a str>,
    pub format: Option<String>,
    pub enumeration: Vec<serde_json::Value>,
    pub properties: Vec<(&'a str, Member<'a>)>,
    pub required: Vec<&'a str>,
    pub additional: Option<Additional<'a>>,
    pub items: Option<Member<'a>>,
    pub all_of: Vec<Member<'a>>,
    pub one_of: Vec<Member<'a>>,
    pub any_of: Vec<Member<'a>>,
}

fn format_of<T>(f: &'_ VariantOrUnknownOrEmpty<T>) -> Option<String>
where
    T: serde::Serialize,
{
    match f {
        VariantOrUnknownOrEmpty::Item(item) => serde_json::to_value(item).ok()?.as_str().map(str::to_owned),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn additional_of(a: &AdditionalProperties) -> Additional<'_> {
    match a {
        AdditionalProperties::Any(true) => Additional::Any,
        AdditionalProperties::Any(false) => Additional::Forbidden,
        AdditionalProperties::Schema(s) => match s.as_ref() {
            ReferenceOr::Item(schema) if is_empty_schema(schema) => Additional::Any,
            other => Additional::Schema(Member::of(other)),
        },
    }
}

fn is_empty_schema(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == openapiv3::AnySchema::default())
}

impl<'a> Facts<'a> {
    /// The view of `schema`.
    pub(crate) fn of(schema: &'a Schema) -> Self {
        let empty = Facts {
            data: &schema.schema_data,
            typ: None,
            format: None,
            enumeration: Vec::new(),
            properties: Vec::new(),
            required: Vec::new(),
            additional: None,
            items: None,
            all_of: Vec::new(),
            one_of: Vec::new(),
            any_of: Vec::new(),
        };
        let mut format = None;
        let facts = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                format = format_of(&s.format);
                Facts {
                    typ: Some("string"),
                    enumeration: s.enumeration.iter().map(|v| v.clone().map_or(serde_json::Value::Null, serde_json::Value::String)).collect(),
                    ..empty
                }
            }
            SchemaKind::Type(Type::Number(n)) => {
                format = format_of(&n.format);
                Facts {
                    typ: Some("number"),
                    enumeration: n.enumeration.iter().map(|v| serde_json::json!(v)).collect(),
                    ..empty
                }
            }
            SchemaKind::Type(Type::Integer(i)) => {
                format = format_of(&i.format);
                Facts {
                    typ: Some("integer"),
                    enumeration: i.enumeration.iter().map(|v| serde_json::json!(v)).collect(),
                    ..empty
                }
            }
            SchemaKind::Type(Type::Boolean(_)) => Facts { typ: Some("boolean"), ..empty },
            SchemaKind::Type(Type::Object(o)) => Facts {
                typ: Some("object"),
                properties: o.properties.iter().map(|(k, v)| (k.as_str(), Member::of_boxed(v))).collect(),
                required: o.required.iter().map(String::as_str).collect(),
                additional: o.additional_properties.as_ref().map(additional_of),
                ..empty
            },
            SchemaKind::Type(Type::Array(a)) => Facts {
                typ: Some("array"),
                items: a.items.as_ref().map(Member::of_boxed),
                ..empty
            },
            SchemaKind::AllOf { all_of } => Facts { all_of: all_of.iter().map(Member::of).collect(), ..empty },
            SchemaKind::OneOf { one_of } => Facts { one_of: one_of.iter().map(Member::of).collect(), ..empty },
            SchemaKind::AnyOf { any_of } => Facts { any_of: any_of.iter().map(Member::of).collect(), ..empty },
            // `not` constrains nothing a type can express: any value.
            SchemaKind::Not { .. } => empty,
            SchemaKind::Any(any) => {
                format = any.format.clone();
                Facts {
                    typ: any.typ.as_deref(),
                    enumeration: any.enumeration.clone(),
                    properties: any.properties.iter().map(|(k, v)| (k.as_str(), Member::of_boxed(v))).collect(),
                    required: any.required.iter().map(String::as_str).collect(),
                    additional: any.additional_properties.as_ref().map(additional_of),
                    items: any.items.as_ref().map(Member::of_boxed),
                    all_of: any.all_of.iter().map(Member::of).collect(),
                    one_of: any.one_of.iter().map(Member::of).collect(),
                    any_of: any.any_of.iter().map(Member::of).collect(),
                    ..empty
                }
            }
        };
        Facts { format, ..facts }
    }

    /// Whether this schema describes an object with structure (properties or `allOf`).
    pub(crate) fn is_structured_object(&self) -> bool {
        !self.properties.is_empty() || !self.all_of.is_empty()
    }

    /// `x-discriminator-value`, the Swagger 2 way of naming a subtype's tag.
    pub(crate) fn discriminator_value(&self) -> Option<&'a str> {
        self.data.extensions.get("x-discriminator-value").and_then(serde_json::Value::as_str)
    }
}

pub(crate) use crate::locate::escape;
