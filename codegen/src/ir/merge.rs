//! `allOf`: every member's properties in one struct.
//!
//! Members may be `$ref`s or inline, and nest. `required` is the union. When
//! several members declare the same property, a valid value satisfies every
//! declaration at once, so its type is the merge of all of them: objects
//! merge their properties (recursively), arrays merge their items, string
//! enums take the union of their values (a client must decode every value
//! the server sends), integers widen to numbers. Only declarations of
//! incompatible kinds (a string here, an object there) are an error, naming
//! both places.

use super::build::{Builder, Class, Identity, Reached, Source};
use super::naming::{self, Hint, Site};
use super::view::{escape, Additional, Facts, Member};
use super::TypeRef;
use indexmap::IndexMap;
use std::collections::BTreeSet;

/// One declaration of a property, with the name its inline type would get.
#[derive(Clone)]
pub(super) struct Decl<'a> {
    pub member: Member<'a>,
    pub pointer: String,
    pub owner: Hint,
}

/// Everything the sources of a struct declare.
pub(super) struct Collected<'a> {
    pub properties: IndexMap<&'a str, Vec<Decl<'a>>>,
    pub required: BTreeSet<&'a str>,
    pub additional: Vec<(Additional<'a>, String, Hint)>,
}

/// Flags of a property that come from its declarations.
pub(super) struct DeclFlags {
    pub read_only: bool,
    pub nullable: bool,
    pub deprecated: bool,
    pub docs: Option<String>,
}

/// The broad kind of a declaration, for deciding how declarations merge.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,
    Unconstrained,
}

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::Object => "an object",
            Kind::Array => "an array",
            Kind::String => "a string",
            Kind::Integer => "an integer",
            Kind::Number => "a number",
            Kind::Boolean => "a boolean",
            Kind::Unconstrained => "any value",
        }
    }
}

impl<'a> Builder<'a> {
    /// Gathers properties, `required` and `additionalProperties` from every
    /// source and, recursively, from their `allOf` members.
    pub(super) fn collect(&mut self, sources: &[Source<'_, 'a>]) -> Collected<'a> {
        let mut collected = Collected { properties: IndexMap::new(), required: BTreeSet::new(), additional: Vec::new() };
        let mut stack = Vec::new();
        for source in sources {
            self.collect_member(source.member, source.pointer, source.owner, &mut collected, &mut stack);
        }
        collected
    }

    fn collect_member(
        &mut self,
        member: Member<'a>,
        pointer: &str,
        owner: &Hint,
        collected: &mut Collected<'a>,
        stack: &mut Vec<String>,
    ) {
        let (schema, pointer, owner) = match member {
            Member::Inline(schema) => (schema, pointer.to_owned(), owner.clone()),
            Member::Ref(reference) => {
                let Some((name, schema)) = self.lookup(reference, pointer) else { return };
                let target = format!("{}{}", super::build::SCHEMAS, escape(name));
                if let Some(start) = stack.iter().position(|p| *p == target) {
                    let mut members: Vec<String> = stack[start..].to_vec();
                    members.sort();
                    if self.problems.reported_cycles.insert(members) {
                        let chain = stack[start..].iter().chain([&target]).cloned().collect::<Vec<_>>().join(" -> ");
                        self.error(pointer, format!("cyclic `allOf`: {chain}"));
                    }
                    return;
                }
                (schema, target, Hint::of(&self.api.components[name]))
            }
        };
        stack.push(pointer.clone());
        let facts = Facts::of(schema);
        if !facts.one_of.is_empty() || !facts.any_of.is_empty() {
            self.error(pointer.as_str(), "a `oneOf`/`anyOf` schema used as an `allOf` member is not supported");
        }
        for (wire, property) in &facts.properties {
            collected.properties.entry(*wire).or_default().push(Decl {
                member: *property,
                pointer: format!("{pointer}/properties/{}", escape(wire)),
                owner: owner.clone(),
            });
        }
        collected.required.extend(facts.required.iter().copied());
        if let Some(additional) = facts.additional {
            collected.additional.push((additional, pointer.clone(), owner.clone()));
        }
        for (i, inner) in facts.all_of.iter().enumerate() {
            self.collect_member(*inner, &format!("{pointer}/allOf/{i}"), &owner, collected, stack);
        }
        stack.pop();
    }

    /// Flags of a property from all its declarations: read-only if any says
    /// so, nullable only if all do, docs from the first that has some.
    pub(super) fn declaration_flags(&mut self, decls: &[Decl<'a>]) -> DeclFlags {
        let mut flags = DeclFlags { read_only: false, nullable: true, deprecated: false, docs: None };
        for decl in decls {
            let Some((facts, inline)) = self.facts_of(decl.member, &decl.pointer) else { continue };
            flags.read_only |= facts.data.read_only;
            flags.nullable &= facts.data.nullable;
            flags.deprecated |= facts.data.deprecated;
            if inline && flags.docs.is_none() {
                flags.docs = super::build::docs_of(&facts);
            }
        }
        flags
    }

    /// The facts of a declaration (following a `$ref`), and whether it was inline.
    fn facts_of(&mut self, member: Member<'a>, pointer: &str) -> Option<(Facts<'a>, bool)> {
        match member {
            Member::Inline(schema) => Some((Facts::of(schema), true)),
            Member::Ref(reference) => self.lookup(reference, pointer).map(|(_, schema)| (Facts::of(schema), false)),
        }
    }

    fn kind_of(&mut self, facts: &Facts<'a>, pointer: &str) -> Kind {
        match self.classify(facts, pointer) {
            Class::Struct | Class::Map => Kind::Object,
            Class::Enum => Kind::String,
            Class::Union => Kind::Unconstrained,
            Class::Array => Kind::Array,
            Class::Scalar(TypeRef::String | TypeRef::DateTime | TypeRef::Date) => Kind::String,
            Class::Scalar(TypeRef::I32 | TypeRef::I64) => Kind::Integer,
            Class::Scalar(TypeRef::F64) => Kind::Number,
            Class::Scalar(TypeRef::Bool) => Kind::Boolean,
            Class::Scalar(TypeRef::JsonObject) => Kind::Object,
            Class::Scalar(_) => Kind::Unconstrained,
        }
    }

    /// The type of a property declared more than once; `site` is the merged
    /// property's own pointer and `hint` the name a merged type gets.
    pub(super) fn merge_declarations(&mut self, decls: &[Decl<'a>], site: &str, hint: &Hint) -> TypeRef {
        if let Member::Ref(first) = decls[0].member {
            if decls.iter().all(|d| matches!(d.member, Member::Ref(r) if r == first)) {
                return self.type_ref(decls[0].member, &decls[0].pointer, hint);
            }
        }
        let mut resolved: Vec<(Facts<'a>, &Decl<'a>, Kind)> = Vec::new();
        for decl in decls {
            let Some((facts, _)) = self.facts_of(decl.member, &decl.pointer) else { return TypeRef::Json };
            let kind = self.kind_of(&facts, &decl.pointer);
            if kind != Kind::Unconstrained {
                resolved.push((facts, decl, kind));
            }
        }
        let Some((_, first_decl, first_kind)) = resolved.first() else { return TypeRef::Json };
        let (first_decl, first_kind) = (*first_decl, *first_kind);
        let numeric = |k: Kind| matches!(k, Kind::Integer | Kind::Number);
        if let Some((_, other, kind)) = resolved
            .iter()
            .find(|(_, _, k)| *k != first_kind && !(numeric(*k) && numeric(first_kind)))
        {
            self.error(other.pointer.clone(), format!(
                "conflicting declarations in `allOf`: {} at {} but {} here",
                first_kind.describe(), first_decl.pointer, kind.describe()
            ));
            return TypeRef::Json;
        }
        let chosen: Vec<&Decl<'a>> = resolved.iter().map(|(_, d, _)| *d).collect();
        if let [only] = chosen.as_slice() {
            return self.type_ref(only.member, &only.pointer, &decl_hint(only));
        }
        match first_kind {
            Kind::Object => self.merge_objects(&resolved, site, hint),
            Kind::Array => {
                let items: Vec<Decl<'a>> = resolved
                    .iter()
                    .filter_map(|(facts, decl, _)| {
                        facts.items.map(|member| Decl {
                            member,
                            pointer: format!("{}/items", decl_pointer(decl)),
                            owner: decl_hint(decl).suffixed("Item"),
                        })
                    })
                    .collect();
                let item = match items.as_slice() {
                    [] => TypeRef::Json,
                    [only] => self.type_ref(only.member, &only.pointer, &only.owner),
                    many => self.merge_declarations(many, &format!("{site}/items"), &hint.suffixed("Item")),
                };
                TypeRef::Array(Box::new(item))
            }
            Kind::String => self.merge_strings(&resolved, site, hint),
            Kind::Integer | Kind::Number => {
                let types: Vec<TypeRef> = chosen.iter().map(|d| self.type_ref(d.member, &d.pointer, hint)).collect();
                if types.contains(&TypeRef::F64) {
                    TypeRef::F64
                } else if types.contains(&TypeRef::I64) {
                    TypeRef::I64
                } else {
                    TypeRef::I32
                }
            }
            Kind::Boolean | Kind::Unconstrained => TypeRef::Bool,
        }
    }

    fn merge_objects(&mut self, resolved: &[(Facts<'a>, &Decl<'a>, Kind)], site: &str, hint: &Hint) -> TypeRef {
        let structured: Vec<&Decl<'a>> = resolved
            .iter()
            .filter(|(facts, _, _)| facts.is_structured_object())
            .map(|(_, d, _)| *d)
            .collect();
        // A free-form declaration (`type: object` alone, or a map) lets any
        // key through, so the merged struct must keep unknown keys too.
        let free_form: Vec<&Decl<'a>> = resolved
            .iter()
            .filter(|(facts, _, _)| !facts.is_structured_object())
            .map(|(_, d, _)| *d)
            .collect();
        match (structured.as_slice(), free_form.as_slice()) {
            ([], [first, ..]) => return self.type_ref(first.member, &first.pointer, &decl_hint(first)),
            ([only], []) => return self.type_ref(only.member, &only.pointer, &decl_hint(only)),
            _ => {}
        }
        let all: Vec<&Decl<'a>> = resolved.iter().map(|(_, d, _)| *d).collect();
        let docs = resolved.iter().find_map(|(facts, _, _)| super::build::docs_of(facts));
        let place = Site { hint: hint.clone(), docs: docs.clone(), deprecated: false, what: "merged type" };
        let name = match self.reach(vec![Identity::Merge(merge_key("object", &all))], naming::Kind::Merged, site, place) {
            Reached::Found(name) => return TypeRef::Named(name),
            Reached::New(name) => name,
        };
        let pointers: Vec<String> = structured.iter().map(|d| decl_pointer(d)).collect();
        let owners: Vec<Hint> = structured.iter().map(|d| decl_hint(d)).collect();
        let sources: Vec<Source<'_, 'a>> = structured
            .iter()
            .zip(pointers.iter().zip(&owners))
            .map(|(d, (pointer, owner))| Source { member: d.member, pointer, owner })
            .collect();
        let mut shape = self.build_struct(&name, site, &sources, None);
        if shape.additional_properties.is_none() {
            if let Some(first) = free_form.first() {
                let values = match self.type_ref(first.member, &first.pointer, &decl_hint(first)) {
                    TypeRef::Map(values) => *values,
                    _ => TypeRef::Json,
                };
                shape.additional_properties = Some(values);
            }
        }
        self.api.types.insert(name.clone(), super::TypeDef {
            name: name.clone(),
            origin: site.to_owned(),
            docs,
            deprecated: false,
            kind: super::TypeKind::Struct(shape),
        });
        TypeRef::Named(name)
    }

    fn merge_strings(&mut self, resolved: &[(Facts<'a>, &Decl<'a>, Kind)], site: &str, hint: &Hint) -> TypeRef {
        let with_values: Vec<&(Facts<'a>, &Decl<'a>, Kind)> =
            resolved.iter().filter(|(facts, _, _)| !facts.enumeration.is_empty()).collect();
        match with_values.as_slice() {
            // A value that satisfies every declaration satisfies the most
            // specific one: a date-time (or date) if any declaration says so.
            [] => {
                let formats: Vec<Option<&str>> = resolved.iter().map(|(facts, _, _)| facts.format.as_deref()).collect();
                return if formats.contains(&Some("date-time")) {
                    TypeRef::DateTime
                } else if formats.contains(&Some("date")) {
                    TypeRef::Date
                } else {
                    TypeRef::String
                };
            }
            [(_, only, _)] => return self.type_ref(only.member, &only.pointer, &decl_hint(only)),
            [(_, first, _), rest @ ..] => {
                if let Member::Ref(r) = first.member {
                    if rest.iter().all(|(_, d, _)| matches!(d.member, Member::Ref(x) if x == r)) {
                        return self.type_ref(first.member, &first.pointer, hint);
                    }
                }
            }
        }
        let all: Vec<&Decl<'a>> = with_values.iter().map(|(_, d, _)| *d).collect();
        let values = super::build::distinct_strings(with_values.iter().map(|(facts, _, _)| facts));
        let docs = with_values.iter().find_map(|(facts, _, _)| super::build::docs_of(facts));
        // Merged or not, every inline enum with these values is one type.
        let identities = vec![Identity::Merge(merge_key("enum", &all)), Identity::Enum(values.clone())];
        let place = Site { hint: hint.clone(), docs: docs.clone(), deprecated: false, what: "merged enum" };
        let name = match self.reach(identities, naming::Kind::Enum { values: values.clone() }, site, place) {
            Reached::Found(name) => return TypeRef::Named(name),
            Reached::New(name) => name,
        };
        let shape = self.string_enum(values.iter().map(String::as_str), site);
        self.api.types.insert(name.clone(), super::TypeDef {
            name: name.clone(),
            origin: site.to_owned(),
            docs,
            deprecated: false,
            kind: super::TypeKind::Enum(shape),
        });
        TypeRef::Named(name)
    }
}

/// What a merge is of: the sorted places of its declarations. The same
/// declarations merged anywhere (a schema and another `allOf` that includes
/// it) give the same type.
fn merge_key(kind: &str, decls: &[&Decl<'_>]) -> Vec<String> {
    let mut key: Vec<String> = decls.iter().map(|d| decl_pointer(d)).collect();
    key.sort();
    key.insert(0, kind.to_owned());
    key
}

/// The pointer of the schema a declaration stands for (a `$ref` resolves to
/// its component, so nested names follow the component).
fn decl_pointer(decl: &Decl<'_>) -> String {
    match decl.member {
        Member::Ref(reference) => reference.to_owned(),
        Member::Inline(_) => decl.pointer.clone(),
    }
}

/// The name a declaration's own inline type gets: its owner plus the
/// property name (the last segment of its pointer).
fn decl_hint(decl: &Decl<'_>) -> Hint {
    let wire = crate::locate::unescape(decl.pointer.rsplit('/').next().unwrap_or_default());
    if decl.pointer.ends_with("/items") {
        decl.owner.clone()
    } else {
        decl.owner.child(&wire)
    }
}
