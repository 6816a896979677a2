//! Resolution: the `openapiv3` document in, [`Api`] out.
//!
//! Two phases (as typify does): every component schema gets its Rust name
//! first, so forward and cyclic `$ref`s resolve; then each component is
//! converted, in sorted order, creating inline types as they are met. Inline
//! types are keyed by the JSON pointer of their schema, so the same schema
//! always yields the same type, whichever component reaches it first.

use super::inheritance::Inheritance;
use super::view::{escape, Additional, Facts, Member};
use super::{
    boxing, Api, EnumType, EnumVariant, Field, StructTag, StructType, TaggedUnion, TypeDef, TypeKind, TypeRef,
    UnionVariant, UntaggedUnion,
};
use crate::diagnostics::Diagnostic;
use crate::names::{FieldName, NameScope, TypeName, VariantName};
use crate::settings::{Applied, Settings};
use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr, Schema};
use super::naming::{self, Defining, Hint, Kind, Site};
use super::{identical, links};
use std::collections::{BTreeMap, HashMap, HashSet};

pub(super) const SCHEMAS: &str = "#/components/schemas/";

/// Resolves every component schema and operation of `doc` into the crate's
/// model, with the reviewed choices of `settings`.
pub fn resolve<'a>(doc: &'a OpenAPI, settings: &'a Settings) -> Result<Api, Vec<Diagnostic>> {
    let empty = IndexMap::new();
    let schemas = doc.components.as_ref().map_or(&empty, |c| &c.schemas);
    let (inheritance, mut errors) = Inheritance::find(schemas);
    let mut builder = Builder {
        spec: Spec { schemas, inheritance },
        settings: Applied::new(settings),
        api: Api::default(),
        naming: Naming::default(),
        defined: HashMap::new(),
        problems: Problems::default(),
    };
    let sorted: BTreeMap<&String, &ReferenceOr<Schema>> = schemas.iter().collect();
    for name in sorted.keys() {
        let wanted = TypeName::from_wire(name);
        let (type_name, renamed) = builder.naming.scope.claim(wanted, TypeName::with_suffix);
        if renamed {
            builder.note(format!("{SCHEMAS}{}", escape(name)), format!("schema name collides with another; emitted as `{type_name}`"));
        }
        builder.api.components.insert((*name).clone(), type_name);
    }
    // Bases before the schemas that extend them, so a type that several
    // schemas reach through `allOf` (a merged property) is built at its
    // most basic place, the one `naming` names it after: the merges nested
    // in it are then at places under that one.
    let extends = extended_counts(schemas);
    let mut in_order: Vec<(&&String, &&ReferenceOr<Schema>)> = sorted.iter().collect();
    in_order.sort_by_cached_key(|(name, _)| (extends.get(&escape(name)).copied().unwrap_or(0), name.as_str()));
    for (name, schema) in in_order {
        builder.component(name, schema);
    }
    builder.api.security_schemes = builder.security_schemes(doc);
    (builder.api.operations, builder.api.servers, builder.api.inbound) = builder.operations(doc);
    let rank = |pointer: &str| match pointer.strip_prefix(SCHEMAS) {
        Some(rest) => (0, extends.get(rest.split('/').next().unwrap_or_default()).copied().unwrap_or(0)),
        None => (1, 0),
    };
    let mut notes = Vec::new();
    naming::review(&mut builder.naming.defining, &mut builder.settings, &mut notes);
    identical::unite(&mut builder.api, &mut builder.naming.defining, rank);
    let decided = naming::decide(&builder.naming.defining, &mut builder.naming.scope, rank, &mut notes);
    naming::apply(&mut builder.api, &builder.naming.defining, &decided);
    builder.api.notes.extend(notes);
    naming::rename_notes(&mut builder.api.notes, &decided.names);
    links::resolve(&mut builder.api, builder.settings.reference());
    boxing::box_fields(&mut builder.api);
    errors.extend(builder.problems.errors);
    errors.extend(super::pagination::resolve(&mut builder.api, &mut builder.settings));
    builder.api.unused_settings = builder.settings.unused();
    if errors.is_empty() {
        Ok(builder.api)
    } else {
        Err(errors)
    }
}

/// The state of one resolution run.
pub(super) struct Builder<'a> {
    /// What the run reads.
    pub(super) spec: Spec<'a>,
    /// The settings, recording which entries the run applies.
    pub(super) settings: Applied<'a>,
    /// The model built so far.
    pub(super) api: Api,
    /// The names of components, and the types defined so far with their places.
    pub(super) naming: Naming,
    /// Every type defined so far, by what it is: reaching the same identity
    /// again is reaching the same type.
    pub(super) defined: HashMap<Identity, TypeName>,
    /// The errors found so far.
    pub(super) problems: Problems,
}

/// The parts of the document resolution reads throughout.
pub(super) struct Spec<'a> {
    /// The component schemas.
    pub(super) schemas: &'a IndexMap<String, ReferenceOr<Schema>>,
    /// The discriminated bases and their subtypes.
    pub(super) inheritance: Inheritance,
}

/// What a type defined by resolution is, for finding it again.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Identity {
    /// The inline schema at this JSON pointer.
    Place(String),
    /// An inline `allOf` of exactly these `$ref`s, wherever it is.
    Composition(Vec<String>),
    /// An inline string enum with exactly these values, wherever it is.
    Enum(Vec<String>),
    /// The merge of these declarations (see `merge`).
    Merge(Vec<String>),
}

/// The naming state of one run: the names of components, taken first,
/// and the types defined so far with every place they are reached from,
/// which [`naming::decide`] names when resolution is done.
#[derive(Default)]
pub(super) struct Naming {
    /// Every type name taken.
    pub(super) scope: NameScope,
    /// The types resolution defined, by provisional name.
    pub(super) defining: Defining,
}

/// The errors of one run.
#[derive(Default)]
pub(super) struct Problems {
    pub(super) errors: Vec<Diagnostic>,
    /// Cycles of `allOf` already reported (their members, sorted), to report each once.
    pub(super) reported_cycles: HashSet<Vec<String>>,
}

/// A type reached at a place: one defined before (for the same identity),
/// or a new one whose name was just claimed and whose definition the caller
/// builds.
pub(super) enum Reached {
    Found(TypeName),
    New(TypeName),
}

/// What a schema turns into, before names are given.
pub(super) enum Class {
    Struct,
    Enum,
    Union,
    Array,
    Map,
    Scalar(TypeRef),
}

/// One place that contributes properties to a struct: the schema, where it
/// is, and the name its own inline children are named after.
#[derive(Clone, Copy)]
pub(super) struct Source<'s, 'a> {
    pub member: Member<'a>,
    pub pointer: &'s str,
    pub owner: &'s Hint,
}

impl<'a> Builder<'a> {
    pub(super) fn note(&mut self, pointer: String, message: String) {
        self.api.notes.push(Diagnostic::new(pointer, message));
    }

    pub(super) fn error(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.problems.errors.push(Diagnostic::new(pointer, message));
    }

    /// The component a `$ref` names, following `$ref` chains between components.
    pub(super) fn lookup(&mut self, reference: &str, at: &str) -> Option<(&'a str, &'a Schema)> {
        let mut current = reference;
        for _ in 0..32 {
            let Some(name) = current.strip_prefix(SCHEMAS) else {
                self.error(at, format!("`$ref: {current}` does not point into #/components/schemas (only local schema references are supported)"));
                return None;
            };
            let Some((key, target)) = self.spec.schemas.get_key_value(name) else {
                self.error(at, format!("`$ref: {current}` points to nothing: there is no schema `{name}`"));
                return None;
            };
            match target {
                ReferenceOr::Item(schema) => return Some((key.as_str(), schema)),
                ReferenceOr::Reference { reference } => current = reference,
            }
        }
        self.error(at, format!("`$ref: {reference}` starts a cycle of references that never reaches a schema"));
        None
    }

    /// The type of a schema position; inline schemas that need a name get
    /// `hint` (made unique).
    pub(super) fn type_ref(&mut self, member: Member<'a>, pointer: &str, hint: &Hint) -> TypeRef {
        if self.settings.lenient(pointer).is_some() {
            return TypeRef::Json;
        }
        match member {
            Member::Ref(reference) => match self.lookup(reference, pointer) {
                Some((name, _)) => TypeRef::Named(self.api.components[name].clone()),
                None => TypeRef::Json,
            },
            Member::Inline(schema) => self.inline(schema, pointer, hint),
        }
    }

    fn inline(&mut self, schema: &'a Schema, pointer: &str, hint: &Hint) -> TypeRef {
        if let Some(name) = self.defined.get(&Identity::Place(pointer.to_owned())) {
            return TypeRef::Named(name.clone());
        }
        let facts = Facts::of(schema);
        // `allOf: [$ref: X]` alone, as responses often wrap a type, is just X.
        if let ([only @ Member::Ref(_)], true) = (facts.all_of.as_slice(), facts.properties.is_empty()) {
            return self.type_ref(*only, &format!("{pointer}/allOf/0"), hint);
        }
        let class = self.classify(&facts, pointer);
        // The same `allOf` of `$ref`s elsewhere is the same type, and so is
        // an inline enum with the same values.
        let composition = composition_key(&facts);
        let values = matches!(class, Class::Enum).then(|| enum_values(&facts));
        let identity = match (&composition, &values) {
            (Some(key), _) => Some(Identity::Composition(key.clone())),
            (_, Some(values)) => Some(Identity::Enum(values.clone())),
            _ => None,
        };
        let site = Site { hint: hint.clone(), docs: docs_of(&facts), deprecated: facts.data.deprecated, what: "inline type" };
        if let Some(name) = identity.as_ref().and_then(|identity| self.defined.get(identity)).cloned() {
            self.reached(&name, pointer, site);
            return TypeRef::Named(name);
        }
        let schemas = composition.as_ref().and_then(|key| key.iter().map(|r| r.strip_prefix(SCHEMAS)).collect::<Option<Vec<&str>>>());
        let reviewed = schemas.and_then(|names| self.settings.composite(&names)).map(TypeName::from_wire);
        // The items of an array the settings name are named after it.
        let container_hint = reviewed.as_ref().map_or_else(|| hint.clone(), Hint::of);
        if let Some(container) = self.container(&class, &facts, pointer, &container_hint) {
            return container;
        }
        let kind = match (&class, values) {
            (Class::Scalar(ty), _) => return ty.clone(),
            (_, Some(values)) => Kind::Enum { values },
            _ => Kind::Inline { composition },
        };
        let name = self.define(kind, identity, pointer, site);
        if let Some(reviewed) = reviewed {
            self.naming.defining.review(&name, reviewed);
        }
        let kind = self.named_kind(class, &facts, Member::Inline(schema), pointer, &name, None);
        self.insert(&name, pointer, &facts, kind);
        TypeRef::Named(name)
    }

    /// Converts one component schema into the type already named for it.
    fn component(&mut self, schema_name: &'a str, schema: &'a ReferenceOr<Schema>) {
        let name = self.api.components[schema_name].clone();
        let pointer = format!("{SCHEMAS}{}", escape(schema_name));
        let schema = match schema {
            ReferenceOr::Reference { reference } => {
                let target = self.type_ref(Member::Ref(reference), &pointer, &Hint::of(&name));
                self.api.types.insert(name.clone(), TypeDef {
                    name,
                    origin: pointer,
                    docs: None,
                    deprecated: false,
                    kind: TypeKind::Alias(target),
                });
                return;
            }
            ReferenceOr::Item(schema) => schema,
        };
        let facts = Facts::of(schema);
        if let Some(base) = self.spec.inheritance.bases.get(schema_name).cloned() {
            let union = self.tagged_union(&name, &base.property, &base.subtypes);
            self.insert(&name, &pointer, &facts, TypeKind::TaggedUnion(union));
            return;
        }
        let class = self.classify(&facts, &pointer);
        let kind = match self.container(&class, &facts, &pointer, &Hint::of(&name)) {
            // The alias gets the component's name; inline children are named after it.
            Some(container) => TypeKind::Alias(container),
            None => match class {
                Class::Scalar(ty) => TypeKind::Alias(ty),
                class => self.named_kind(class, &facts, Member::Inline(schema), &pointer, &name, Some(schema_name)),
            },
        };
        self.insert(&name, &pointer, &facts, kind);
    }

    /// The type of an array or map schema, which needs no name of its own;
    /// `None` for every other class.
    fn container(&mut self, class: &Class, facts: &Facts<'a>, pointer: &str, hint: &Hint) -> Option<TypeRef> {
        match class {
            Class::Array => {
                let items = match facts.items {
                    Some(items) => self.type_ref(items, &format!("{pointer}/items"), &hint.suffixed("Item")),
                    None => {
                        self.error(pointer, "an array schema without `items`: the type of its elements is unknown");
                        TypeRef::Json
                    }
                };
                Some(TypeRef::Array(Box::new(items)))
            }
            Class::Map => Some(TypeRef::Map(Box::new(self.map_values(facts, pointer, hint)))),
            _ => None,
        }
    }

    /// Records that the defined type `name` is reached at `pointer` (where
    /// the settings' `[types]` may name it).
    pub(super) fn reached(&mut self, name: &TypeName, pointer: &str, site: Site) {
        self.naming.defining.reached(name, pointer, site);
        if let Some(reviewed) = self.settings.type_name(pointer) {
            self.naming.defining.review(name, TypeName::from_wire(reviewed));
        }
    }

    /// A new type of `kind` defined at `pointer`, known from now on by its
    /// place and by `identity`: its provisional name.
    pub(super) fn define(&mut self, kind: Kind, identity: Option<Identity>, pointer: &str, site: Site) -> TypeName {
        let name = self.naming.defining.define(kind);
        self.defined.insert(Identity::Place(pointer.to_owned()), name.clone());
        if let Some(identity) = identity {
            self.defined.insert(identity, name.clone());
        }
        self.reached(&name, pointer, site);
        name
    }

    /// The type known by one of `identities` (or the one defined at `site`),
    /// now also reached at `site`; else a new one of `kind`, defined there.
    pub(super) fn reach(&mut self, identities: Vec<Identity>, kind: Kind, site: &str, place: Site) -> Reached {
        let known = std::iter::once(Identity::Place(site.to_owned())).chain(identities.iter().cloned());
        let found = known.filter_map(|identity| self.defined.get(&identity)).next().cloned();
        match found {
            Some(name) => {
                self.reached(&name, site, place);
                Reached::Found(name)
            }
            None => {
                let mut identities = identities.into_iter();
                let name = self.define(kind, identities.next(), site, place);
                for identity in identities {
                    self.defined.insert(identity, name.clone());
                }
                Reached::New(name)
            }
        }
    }

    fn map_values(&mut self, facts: &Facts<'a>, pointer: &str, hint: &Hint) -> TypeRef {
        match facts.additional {
            Some(Additional::Schema(values)) => {
                self.type_ref(values, &format!("{pointer}/additionalProperties"), &hint.suffixed("Value"))
            }
            _ => TypeRef::Json,
        }
    }

    fn insert(&mut self, name: &TypeName, pointer: &str, facts: &Facts<'a>, kind: TypeKind) {
        let docs = docs_of(facts);
        self.api.types.insert(name.clone(), TypeDef {
            name: name.clone(),
            origin: pointer.to_owned(),
            docs,
            deprecated: facts.data.deprecated,
            kind,
        });
    }

    /// What a schema becomes, ignoring its name.
    pub(super) fn classify(&mut self, facts: &Facts<'a>, pointer: &str) -> Class {
        if !facts.all_of.is_empty() {
            if !facts.one_of.is_empty() || !facts.any_of.is_empty() {
                self.error(pointer, "`allOf` combined with `oneOf`/`anyOf` in one schema is not supported");
            }
            return Class::Struct;
        }
        if !facts.one_of.is_empty() || !facts.any_of.is_empty() {
            return Class::Union;
        }
        let string_enum = !facts.enumeration.is_empty() && facts.enumeration.iter().all(|v| v.is_string() || v.is_null());
        match facts.typ {
            Some("object") | None if !facts.properties.is_empty() => Class::Struct,
            Some("object") => match facts.additional {
                Some(Additional::Schema(_)) => Class::Map,
                _ => Class::Scalar(TypeRef::JsonObject),
            },
            Some("string") if string_enum => Class::Enum,
            Some("string") => Class::Scalar(match facts.format.as_deref() {
                Some("date-time") => TypeRef::DateTime,
                Some("date") => TypeRef::Date,
                _ => TypeRef::String,
            }),
            // An `int32` the settings widen (an amount in minor units) is an `i64`;
            // the wire is a JSON number either way.
            Some("integer") if facts.format.as_deref() == Some("int32") && self.settings.wide_integer(pointer).is_none() => {
                Class::Scalar(TypeRef::I32)
            }
            Some("integer") => Class::Scalar(TypeRef::I64),
            Some("number") => Class::Scalar(TypeRef::F64),
            Some("boolean") => Class::Scalar(TypeRef::Bool),
            Some("array") => Class::Array,
            None if string_enum => Class::Enum,
            None => match facts.additional {
                Some(Additional::Schema(_)) => Class::Map,
                _ => Class::Scalar(TypeRef::Json),
            },
            Some(other) => {
                self.error(pointer, format!("unsupported schema type `{other}`"));
                Class::Scalar(TypeRef::Json)
            }
        }
    }

    fn named_kind(
        &mut self,
        class: Class,
        facts: &Facts<'a>,
        member: Member<'a>,
        pointer: &str,
        name: &TypeName,
        component: Option<&'a str>,
    ) -> TypeKind {
        match class {
            Class::Enum => TypeKind::Enum(self.string_enum(facts.enumeration.iter().filter_map(|v| v.as_str()), pointer)),
            Class::Union => TypeKind::UntaggedUnion(self.untagged_union(facts, pointer, name)),
            _ => {
                let owner = Hint::of(name);
                let source = Source { member, pointer, owner: &owner };
                TypeKind::Struct(self.build_struct(name, pointer, &[source], component))
            }
        }
    }

    /// A string enum of `values` (duplicates dropped), with its fallback variant.
    pub(super) fn string_enum<'v>(&mut self, values: impl Iterator<Item = &'v str>, pointer: &str) -> EnumType {
        let mut scope = NameScope::default();
        let mut variants: Vec<EnumVariant> = Vec::new();
        for wire in values {
            if variants.iter().any(|v| v.wire == wire) {
                continue;
            }
            let (name, renamed) = scope.claim(VariantName::from_wire(wire), VariantName::with_suffix);
            if renamed {
                self.note(pointer.to_owned(), format!("enum value `{wire}` collides with another after renaming; emitted as `{name}`"));
            }
            variants.push(EnumVariant { wire: wire.to_owned(), name });
        }
        EnumType { variants, fallback: fallback_name(&mut scope) }
    }

    fn untagged_union(&mut self, facts: &Facts<'a>, pointer: &str, name: &TypeName) -> UntaggedUnion {
        let (keyword, members) = if facts.one_of.is_empty() { ("anyOf", &facts.any_of) } else { ("oneOf", &facts.one_of) };
        let mut scope = NameScope::default();
        let mut variants = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let at = format!("{pointer}/{keyword}/{i}");
            let ty = self.type_ref(*member, &at, &Hint::of(name).suffixed(&format!("Variant{i}")));
            // Named after the variant's type once every type has its name (`naming::apply`).
            let (variant, _) = scope.claim(VariantName::fixed("Variant"), VariantName::with_suffix);
            variants.push((variant, ty));
        }
        UntaggedUnion { variants }
    }

    fn tagged_union(&mut self, name: &TypeName, property: &str, subtypes: &[(String, String)]) -> TaggedUnion {
        let mut scope = NameScope::default();
        let mut variants: Vec<UnionVariant> = subtypes
            .iter()
            .map(|(sub, value)| {
                let ty = self.api.components[sub.as_str()].clone();
                let short = shorten(ty.as_str(), name.as_str());
                let (variant, _) = scope.claim(VariantName::from_wire(&short), VariantName::with_suffix);
                UnionVariant { tag_value: value.clone(), name: variant, ty }
            })
            .collect();
        variants.sort_by(|a, b| a.name.cmp(&b.name));
        TaggedUnion { tag_property: property.to_owned(), variants, fallback: fallback_name(&mut scope) }
    }

    /// A struct from one or more sources (the schema itself, or the members
    /// of a merge); `component` is the schema name when it is a component,
    /// which decides whether it is a discriminated subtype.
    pub(super) fn build_struct(
        &mut self,
        name: &TypeName,
        pointer: &str,
        sources: &[Source<'_, 'a>],
        component: Option<&str>,
    ) -> StructType {
        let collected = self.collect(sources);
        let tag = component.and_then(|schema_name| self.struct_tag(schema_name, pointer));
        let mut scope = NameScope::default();
        // Every struct keeps the fields it does not know in this one.
        scope.reserve("unknown_fields");
        let mut fields = Vec::new();
        for (wire, decls) in &collected.properties {
            if tag.as_ref().is_some_and(|t| t.property == *wire) {
                continue;
            }
            let site = format!("{pointer}/properties/{}", escape(wire));
            let ty = if let [only] = decls.as_slice() {
                self.type_ref(only.member, &only.pointer, &only.owner.child(wire))
            } else {
                self.merge_declarations(decls, &site, &Hint::of(name).child(wire))
            };
            let mut flags = self.declaration_flags(decls);
            if let Some(why) = decls.iter().find_map(|d| self.settings.lenient(&format!("{}/additionalProperties", d.pointer))) {
                let note = format!("Values are kept as any JSON value: {why}.");
                flags.docs = Some(flags.docs.map_or_else(|| note.clone(), |d| format!("{d}\n\n{note}")));
            }
            let (rust_name, renamed) = scope.claim(FieldName::from_wire(wire), FieldName::with_suffix);
            if renamed {
                self.note(site.clone(), format!("field name for `{wire}` collides with another; emitted as `{rust_name}`"));
            }
            fields.push(Field {
                wire_name: (*wire).to_owned(),
                rust_name,
                ty,
                required: collected.required.contains(wire) && !flags.read_only,
                nullable: flags.nullable,
                read_only: flags.read_only,
                boxed: false,
                docs: flags.docs,
                deprecated: flags.deprecated,
                origin: decls[0].pointer.clone(),
            });
        }
        let additional_properties = match collected.additional.first() {
            Some((Additional::Schema(values), at, owner)) => {
                Some(self.type_ref(*values, &format!("{at}/additionalProperties"), &owner.suffixed("Value")))
            }
            Some((Additional::Any, ..)) => Some(TypeRef::Json),
            _ => None,
        };
        if additional_properties.is_some() && scope.is_taken("additional_properties") {
            self.error(pointer, "a property named `additional_properties` leaves no name for `additionalProperties`");
        }
        StructType { fields, tag, additional_properties }
    }

    /// The tag a subtype writes: the discriminator of every base it directly extends.
    fn struct_tag(&mut self, schema_name: &str, pointer: &str) -> Option<StructTag> {
        let mut tag: Option<StructTag> = None;
        let bases: Vec<(String, String)> = self
            .spec
            .inheritance
            .bases
            .values()
            .filter_map(|base| {
                let value = base.subtypes.iter().find(|(sub, _)| sub == schema_name)?.1.clone();
                Some((base.property.clone(), value))
            })
            .collect();
        for (property, value) in bases {
            match &tag {
                Some(existing) if existing.property != property || existing.value != value => {
                    self.error(pointer, format!(
                        "extends discriminated bases that disagree on the tag: `{}` = `{}` and `{property}` = `{value}`",
                        existing.property, existing.value
                    ));
                }
                Some(_) => {}
                None => tag = Some(StructTag { property, value }),
            }
        }
        tag
    }
}

/// For each component (by its escaped name, as in pointers): how many other
/// components it extends through `allOf`, directly or not.
fn extended_counts(schemas: &IndexMap<String, ReferenceOr<Schema>>) -> HashMap<String, usize> {
    fn refs<'s>(schema: &'s Schema, out: &mut Vec<&'s str>) {
        for member in Facts::of(schema).all_of {
            match member {
                Member::Ref(reference) => out.extend(reference.strip_prefix(SCHEMAS)),
                Member::Inline(inline) => refs(inline, out),
            }
        }
    }
    let direct: HashMap<&str, Vec<&str>> = schemas
        .iter()
        .map(|(name, schema)| {
            let mut out = Vec::new();
            if let ReferenceOr::Item(schema) = schema {
                refs(schema, &mut out);
            }
            (name.as_str(), out)
        })
        .collect();
    direct
        .keys()
        .map(|name| {
            let mut seen = HashSet::new();
            let mut stack: Vec<&str> = direct[name].clone();
            while let Some(next) = stack.pop() {
                if next != *name && seen.insert(next) {
                    stack.extend(direct.get(next).into_iter().flatten());
                }
            }
            (escape(name), seen.len())
        })
        .collect()
}

/// The key of an inline schema made only of an `allOf` of two or more `$ref`s.
fn composition_key(facts: &Facts<'_>) -> Option<Vec<String>> {
    if facts.all_of.len() < 2 || !facts.properties.is_empty() || facts.discriminator_value().is_some() {
        return None;
    }
    facts
        .all_of
        .iter()
        .map(|m| match m {
            Member::Ref(r) => Some((*r).to_owned()),
            Member::Inline(_) => None,
        })
        .collect()
}

/// Docs from `title` and `description`, trimmed; `None` when both are empty.
pub(super) fn docs_of(facts: &Facts<'_>) -> Option<String> {
    let parts: Vec<&str> = [facts.data.title.as_deref(), facts.data.description.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// The values of a string enum schema, without repeats, in order.
fn enum_values(facts: &Facts<'_>) -> Vec<String> {
    distinct_strings(std::iter::once(facts))
}

/// The string enum values of every schema of `facts`, without repeats, in order.
pub(super) fn distinct_strings<'f>(facts: impl Iterator<Item = &'f Facts<'f>>) -> Vec<String> {
    let mut values: Vec<String> = Vec::new();
    for value in facts.flat_map(|f| f.enumeration.iter().filter_map(|v| v.as_str())) {
        if !values.iter().any(|v| v == value) {
            values.push(value.to_owned());
        }
    }
    values
}

/// `Unknown`, or `Other`, or `Unknown2`... whichever the values left free.
fn fallback_name(scope: &mut NameScope) -> VariantName {
    for candidate in ["Unknown", "Other"] {
        if scope.reserve(candidate) {
            return VariantName::fixed(candidate);
        }
    }
    scope.claim(VariantName::fixed("Unknown"), VariantName::with_suffix).0
}

/// `SwishPayment` in `Payment` becomes `Swish`; `KlarnaPaymentOperation` in
/// `PaymentOperation` becomes `Klarna`; otherwise the type name stays.
fn shorten(variant: &str, base: &str) -> String {
    let short = variant.strip_suffix(base).or_else(|| variant.strip_prefix(base)).unwrap_or(variant);
    if short.is_empty() || short.starts_with(|c: char| c.is_ascii_digit()) {
        variant.to_owned()
    } else {
        short.to_owned()
    }
}
