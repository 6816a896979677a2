//! Swagger-2-style inheritance: a base schema carries
//! `discriminator.propertyName`, and each subtype extends it with
//! `allOf: [{$ref: Base}, {...}]` and names its tag value in the vendor key
//! `x-discriminator-value` (else the discriminator `mapping`, else the schema
//! name). A subtype may extend several bases; it is then a variant of each.

use super::view::{Facts, Member};
use crate::diagnostics::Diagnostic;
use openapiv3::{ReferenceOr, Schema};
use indexmap::IndexMap;
use std::collections::BTreeMap;

/// A schema with a discriminator and the subtypes that extend it.
#[derive(Debug, Clone)]
pub(super) struct Base {
    /// The discriminator property.
    pub property: String,
    /// Subtype schema name and its wire tag, sorted by schema name.
    pub subtypes: Vec<(String, String)>,
}

/// Every base (by schema name) that has at least one subtype.
#[derive(Debug, Default)]
pub(super) struct Inheritance {
    pub bases: BTreeMap<String, Base>,
}

const PREFIX: &str = "#/components/schemas/";

impl Inheritance {
    /// Finds bases and subtypes among the component schemas.
    pub(super) fn find(schemas: &IndexMap<String, ReferenceOr<Schema>>) -> (Self, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let mut bases: BTreeMap<String, Base> = BTreeMap::new();
        let sorted: BTreeMap<&String, &Schema> = schemas
            .iter()
            .filter_map(|(name, s)| s.as_item().map(|s| (name, s)))
            .collect();
        for (name, schema) in &sorted {
            if let Some(d) = &schema.schema_data.discriminator {
                if !declares(&sorted, schema, &d.property_name, 0) {
                    problems.push(Diagnostic::new(
                        format!("{PREFIX}{name}/discriminator/propertyName"),
                        format!("the discriminator `{}` is not a property of `{name}`, so no value can name a subtype", d.property_name),
                    ));
                    continue;
                }
                bases.insert((*name).clone(), Base { property: d.property_name.clone(), subtypes: Vec::new() });
            }
        }
        for (name, schema) in &sorted {
            let facts = Facts::of(schema);
            for member in &facts.all_of {
                let Member::Ref(reference) = member else { continue };
                let Some(base_name) = reference.strip_prefix(PREFIX) else { continue };
                let Some(base_schema) = sorted.get(&base_name.to_owned()) else { continue };
                let Some(base) = bases.get_mut(base_name) else { continue };
                let value = facts
                    .discriminator_value()
                    .map(str::to_owned)
                    .or_else(|| mapped_value(base_schema, name))
                    .unwrap_or_else(|| (*name).clone());
                base.subtypes.push(((*name).clone(), value));
            }
        }
        for (base_name, base) in &bases {
            let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
            for (sub, value) in &base.subtypes {
                if let Some(first) = seen.insert(value, sub) {
                    problems.push(Diagnostic::new(
                        format!("{PREFIX}{sub}"),
                        format!(
                            "subtypes `{first}` and `{sub}` of `{base_name}` both use the discriminator value `{value}`"
                        ),
                    ));
                }
            }
        }
        bases.retain(|_, base| !base.subtypes.is_empty());
        (Self { bases }, problems)
    }
}

/// Whether `schema` declares `property`, itself or through its `allOf` members.
fn declares(schemas: &BTreeMap<&String, &Schema>, schema: &Schema, property: &str, depth: usize) -> bool {
    let facts = Facts::of(schema);
    if facts.properties.iter().any(|(name, _)| *name == property) {
        return true;
    }
    depth < 16
        && facts.all_of.iter().any(|member| match member {
            Member::Inline(inline) => declares(schemas, inline, property, depth + 1),
            Member::Ref(reference) => reference
                .strip_prefix(PREFIX)
                .and_then(|name| schemas.get(&name.to_owned()))
                .is_some_and(|target| declares(schemas, target, property, depth + 1)),
        })
}

/// The key of the base's discriminator mapping that points at `subtype`.
fn mapped_value(base: &Schema, subtype: &str) -> Option<String> {
    let mapping = &base.schema_data.discriminator.as_ref()?.mapping;
    mapping
        .iter()
        .find(|(_, target)| target.as_str() == subtype || target.strip_prefix(PREFIX) == Some(subtype))
        .map(|(key, _)| key.clone())
}
