//! Names of the types resolution defines, decided in one pass over all of
//! them, after resolution has found every type and every place it is
//! reached from:
//!
//! - while resolving, a new type gets a provisional name (which no Rust
//!   code ever sees), and each place that reaches it is recorded with the
//!   name it wants there, as a [`Hint`]: a base (a component, an
//!   operation, or the type the place is inside) and the steps from it
//!   (`Session` + `order` + `Item`);
//! - [`decide`] then names every type from its places: the settings' name
//!   if they give one (`[types]`, `[composites]`, `[enums]`, or the closest
//!   entry of those two when a spec change moved its members or values);
//!   else the name wanted at its most basic place (the place under the
//!   component that extends the fewest others, then the smallest JSON
//!   pointer; for inline enums with the same values, which are one type,
//!   the smallest pointer). A type is named after the type its place is
//!   inside is, so a child follows its parent's final name. Names are
//!   claimed in that order, reviewed names first; a taken name gets the
//!   first free numeric suffix, with a note;
//! - [`apply`] replaces every provisional name by its final one, and gives
//!   each type the origin and docs of the place it is named after.
//!
//! Nothing claims a name before every place is known, and no pass corrects
//! an earlier one: which place resolution reached first changes no name.
//! One thing still follows resolution order: a merged type is built at the
//! first place that reaches it, so the places of the merges nested in it
//! are under that place; resolution reaches bases before the schemas that
//! extend them, which makes it the most basic place.

use super::visit::{self, VisitMut};
use super::{drift, Api, TypeKind, TypeRef};
use crate::diagnostics::Diagnostic;
use crate::names::{NameScope, TypeName, VariantName};
use crate::settings::Applied;
use std::collections::{BTreeMap, BTreeSet};

/// The wanted name of a type at one place, as a function of the place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Hint {
    base: TypeName,
    steps: Vec<Step>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    Child(String),
    Suffix(String),
}

impl Hint {
    /// Exactly `name` (a component's, an operation's, or a type's own).
    pub(super) fn of(name: &TypeName) -> Self {
        Self { base: name.clone(), steps: Vec::new() }
    }

    /// The name of an inline type found under this one at `wire` ([`TypeName::child`]).
    pub(super) fn child(&self, wire: &str) -> Self {
        self.then(Step::Child(wire.to_owned()))
    }

    /// This name followed by a fixed word ([`TypeName::suffixed`]).
    pub(super) fn suffixed(&self, word: &str) -> Self {
        self.then(Step::Suffix(word.to_owned()))
    }

    fn then(&self, step: Step) -> Self {
        let mut next = self.clone();
        next.steps.push(step);
        next
    }

    /// The name, with `base` the final name of the hint's base.
    fn resolve(&self, base: &TypeName) -> TypeName {
        self.steps.iter().fold(base.clone(), |name, step| match step {
            Step::Child(wire) => name.child(wire),
            Step::Suffix(word) => name.suffixed(word),
        })
    }
}

/// What kind of type a defined type is, for the naming rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// An inline schema (or an inline `allOf` of other schemas only:
    /// `composition` holds their `$ref`s).
    Inline { composition: Option<Vec<String>> },
    /// The merge of several declarations of a property.
    Merged,
    /// An inline string enum (merged or not): every one with these values is this type.
    Enum { values: Vec<String> },
}

/// One place that reaches a defined type.
#[derive(Clone, Debug)]
pub(super) struct Site {
    /// The name the type would have here.
    pub(super) hint: Hint,
    /// The docs of the schema here.
    pub(super) docs: Option<String>,
    /// `deprecated: true` here.
    pub(super) deprecated: bool,
    /// What the type is here, for notes (`inline type`, `merged enum`).
    pub(super) what: &'static str,
}

/// A type resolution defined, with every place that reaches it.
#[derive(Debug)]
pub(super) struct Defined {
    /// Its provisional name.
    pub(super) provisional: TypeName,
    pub(super) kind: Kind,
    /// Every place that reaches it, by JSON pointer.
    pub(super) sites: BTreeMap<String, Site>,
    /// The name the settings give it (`[types]`, `[composites]`), if they do.
    pub(super) reviewed: Option<TypeName>,
    /// Set when it turned out identical to another defined type
    /// ([`Defining::unite`]), which it now is: it has no places left.
    pub(super) same_as: Option<TypeName>,
}

/// The types defined so far, in the order resolution defined them (which
/// decides nothing: [`decide`] orders them itself).
#[derive(Debug, Default)]
pub(super) struct Defining {
    pub(super) types: Vec<Defined>,
    by_provisional: BTreeMap<TypeName, usize>,
}

/// Provisional names start and end with characters no Rust name has
/// (`\u{1}12\u{2}`), so one never contains another.
const PROVISIONAL: char = '\u{1}';
const PROVISIONAL_END: char = '\u{2}';

impl Defining {
    /// A new type of `kind`, first reached at `pointer`: its provisional name.
    pub(super) fn define(&mut self, kind: Kind) -> TypeName {
        let provisional = TypeName::from_rust(&format!("{PROVISIONAL}{}{PROVISIONAL_END}", self.types.len()));
        self.by_provisional.insert(provisional.clone(), self.types.len());
        self.types.push(Defined { provisional: provisional.clone(), kind, sites: BTreeMap::new(), reviewed: None, same_as: None });
        provisional
    }

    /// Records that the defined type `name` is reached at `pointer`; a
    /// name that is not provisional (a component's) has nothing to record.
    pub(super) fn reached(&mut self, name: &TypeName, pointer: &str, site: Site) {
        if let Some(&index) = self.by_provisional.get(name) {
            self.types[index].sites.entry(pointer.to_owned()).or_insert(site);
        }
    }

    /// The defined type with provisional name `name`.
    pub(super) fn get(&self, name: &TypeName) -> Option<&Defined> {
        self.by_provisional.get(name).map(|&index| &self.types[index])
    }

    /// Makes each key of `same` (a provisional name) the type its value
    /// names (another defined type, or a component): its places become
    /// that type's, and every hint based on it is based on that type instead.
    pub(super) fn unite(&mut self, same: &BTreeMap<TypeName, TypeName>) {
        for (duplicate, kept) in same {
            let Some(&from) = self.by_provisional.get(duplicate) else { continue };
            let sites = std::mem::take(&mut self.types[from].sites);
            self.types[from].same_as = Some(kept.clone());
            // A component keeps its own name and place.
            if let Some(&to) = self.by_provisional.get(kept) {
                for (pointer, site) in sites {
                    self.types[to].sites.entry(pointer).or_insert(site);
                }
            }
        }
        for defined in &mut self.types {
            for base in defined.sites.values_mut().map(|site| &mut site.hint.base).chain(defined.same_as.as_mut()) {
                if let Some(kept) = same.get(base) {
                    *base = kept.clone();
                }
            }
        }
    }

    /// Sets the reviewed name of the defined type `name` (the first one set stays).
    pub(super) fn review(&mut self, name: &TypeName, reviewed: TypeName) {
        if let Some(&index) = self.by_provisional.get(name) {
            self.types[index].reviewed.get_or_insert(reviewed);
        }
    }
}

/// The names [`decide`] gave, and the place each defined type is named after.
pub(super) struct Decided {
    /// Provisional name to final name.
    pub(super) names: BTreeMap<TypeName, TypeName>,
    /// By index of [`Defining::types`]: the JSON pointer of its naming place.
    places: Vec<Option<String>>,
}

/// Gives the defined types the names the settings review that
/// resolution could not match as it went: `[enums]` entries, and entries
/// of `[enums]` and `[composites]` whose types drifted since.
pub(super) fn review(defining: &mut Defining, settings: &mut Applied<'_>, notes: &mut Vec<Diagnostic>) {
    review_drifted_composites(defining, settings, notes);
    review_enums(defining, settings, notes);
}

/// Decides the final name of every defined type, and the place it is
/// named after (a type united with another takes that one's name).
pub(super) fn decide(
    defining: &Defining,
    scope: &mut NameScope,
    rank: impl Fn(&str) -> (usize, usize),
    notes: &mut Vec<Diagnostic>,
) -> Decided {
    let naming_site = |d: &Defined| -> Option<String> {
        let key = |pointer: &&String| match d.kind {
            Kind::Enum { .. } => (0, 0, (*pointer).clone()),
            _ => {
                let (group, extends) = rank(pointer);
                (group, extends, (*pointer).clone())
            }
        };
        d.sites.keys().min_by_key(key).cloned()
    };
    let places: Vec<Option<String>> = defining.types.iter().map(naming_site).collect();
    let mut order: Vec<usize> = (0..defining.types.len()).filter(|&i| defining.types[i].same_as.is_none()).collect();
    order.sort_by_key(|&i| {
        let pointer = places[i].clone().unwrap_or_default();
        (defining.types[i].reviewed.is_none(), rank(&pointer), pointer)
    });
    let mut namer = Namer { defining, places: &places, scope, names: BTreeMap::new(), visiting: BTreeSet::new(), notes };
    for i in order {
        namer.name(i);
    }
    let mut names = namer.names;
    for defined in &defining.types {
        if let Some(kept) = &defined.same_as {
            // A provisional name's final one, or a component's own.
            let name = names.get(kept).unwrap_or(kept).clone();
            names.insert(defined.provisional.clone(), name);
        }
    }
    Decided { names, places }
}

struct Namer<'n> {
    defining: &'n Defining,
    places: &'n [Option<String>],
    scope: &'n mut NameScope,
    names: BTreeMap<TypeName, TypeName>,
    visiting: BTreeSet<usize>,
    notes: &'n mut Vec<Diagnostic>,
}

impl Namer<'_> {
    /// The final name of defined type `i`, deciding it (and its base's) if not yet done.
    fn name(&mut self, i: usize) -> TypeName {
        let defined = &self.defining.types[i];
        if let Some(name) = self.names.get(&defined.provisional) {
            return name.clone();
        }
        let place = self.places[i].clone().unwrap_or_default();
        let site = defined.sites.get(&place);
        let positional = site.map(|site| site.hint.clone());
        let what = site.map_or("inline type", |site| site.what);
        self.visiting.insert(i);
        let wanted = match (&defined.reviewed, positional) {
            (Some(reviewed), _) => reviewed.clone(),
            (None, Some(hint)) => {
                let base = match self.defining.by_provisional.get(&hint.base) {
                    Some(&parent) if !self.visiting.contains(&parent) => self.name(parent),
                    // A base that is itself being named (shared types that
                    // reach each other) is taken as it would be named, unclaimed.
                    Some(&parent) => self.unclaimed(parent, &mut BTreeSet::from([i])),
                    None => hint.base.clone(),
                };
                hint.resolve(&base)
            }
            (None, None) => TypeName::from_wire("type"),
        };
        self.visiting.remove(&i);
        let defined = &self.defining.types[i];
        let (name, renamed) = self.scope.claim(wanted.clone(), TypeName::with_suffix);
        if renamed {
            let message = match (&defined.kind, &defined.reviewed) {
                (Kind::Inline { composition: Some(_) }, Some(_)) => format!("the reviewed composite name `{wanted}` is taken; emitted as `{name}`"),
                (Kind::Enum { .. }, Some(_)) => format!("the reviewed enum name `{wanted}` is taken; emitted as `{name}`"),
                _ => format!("{what} name `{wanted}` is taken; emitted as `{name}`"),
            };
            self.notes.push(Diagnostic::new(place, message));
        }
        self.names.insert(defined.provisional.clone(), name.clone());
        name
    }

    /// The name defined type `i` has or wants, without claiming anything:
    /// its final name, its reviewed one, or its place's hint on the same
    /// terms (`seen` ends a cycle of bases, at a plain `Type`).
    fn unclaimed(&self, i: usize, seen: &mut BTreeSet<usize>) -> TypeName {
        let defined = &self.defining.types[i];
        if let Some(name) = self.names.get(&defined.provisional).or(defined.reviewed.as_ref()) {
            return name.clone();
        }
        let Some(hint) = self.places[i].as_ref().and_then(|place| defined.sites.get(place)).map(|site| &site.hint) else {
            return TypeName::from_wire("type");
        };
        let base = match self.defining.by_provisional.get(&hint.base) {
            Some(&parent) if seen.insert(parent) => self.unclaimed(parent, seen),
            Some(_) => TypeName::from_wire("type"),
            None => hint.base.clone(),
        };
        hint.resolve(&base)
    }
}

/// Gives each `[composites]` entry that matched no `allOf` exactly the
/// closest composition left (members added or removed since the entry was
/// written; see [`drift`]), with a note; an entry nothing comes close to is
/// told what is closest, for its error.
fn review_drifted_composites(defining: &mut Defining, settings: &mut Applied<'_>, notes: &mut Vec<Diagnostic>) {
    let all = settings.settings();
    let left: Vec<(&str, &[String])> = all.composites.iter().filter(|(n, _)| !settings.is_used("composites", n)).map(|(n, m)| (n.as_str(), m.as_slice())).collect();
    if left.is_empty() {
        return;
    }
    // Unnamed compositions of components, as the settings list them (schema names), sorted.
    let mut free: Vec<(Vec<String>, usize)> = defining
        .types
        .iter()
        .enumerate()
        .filter(|(_, d)| d.reviewed.is_none())
        .filter_map(|(i, d)| match &d.kind {
            Kind::Inline { composition: Some(refs) } => {
                Some((refs.iter().map(|r| r.strip_prefix(super::build::SCHEMAS).map(str::to_owned)).collect::<Option<Vec<_>>>()?, i))
            }
            _ => None,
        })
        .collect();
    free.sort();
    let lists: Vec<&[String]> = free.iter().map(|(members, _)| members.as_slice()).collect();
    let paired = drift::pair(&left, &lists);
    for &(entry, candidate) in &paired {
        let (name, listed) = left[entry];
        let (members, index) = &free[candidate];
        settings.mark("composites", name);
        let defined = &mut defining.types[*index];
        let place = defined.sites.keys().next().cloned().unwrap_or_default();
        notes.push(Diagnostic::new(place, format!(
            "the `allOf` named `{name}` by the settings' [composites] has changed ({}); it keeps the name: update the entry's members",
            drift::drift(listed, members).describe("members")
        )));
        defined.reviewed = Some(TypeName::from_wire(name));
    }
    for (entry, (name, listed)) in left.iter().enumerate() {
        if paired.iter().any(|(e, _)| *e == entry) {
            continue;
        }
        let why = match drift::closest(listed, &lists) {
            Some(closest) => format!("it lists [{}]; the closest inline `allOf` of components now is [{}]", quoted(listed), quoted(closest)),
            None => format!("it lists [{}]; no inline `allOf` of the spec has any of these components", quoted(listed)),
        };
        settings.unmatched_because("composites", name, why);
    }
}

/// The reviewed name of each inline enum (every inline enum with the same
/// values is one): the `[enums]` entry with exactly its values, else the
/// closest entry left (values added or removed since it was written,
/// noted); enums of several places without a reviewed name are noted.
fn review_enums(defining: &mut Defining, settings: &mut Applied<'_>, notes: &mut Vec<Diagnostic>) {
    let first_place = |d: &Defined| d.sites.keys().next().cloned().unwrap_or_default();
    // The enums no entry names exactly, with their values, sorted by values.
    let mut unnamed: Vec<(Vec<String>, usize)> = Vec::new();
    for (i, defined) in defining.types.iter_mut().enumerate() {
        let Kind::Enum { values } = &defined.kind else { continue };
        match settings.enum_name(values) {
            Some(name) => defined.reviewed = Some(TypeName::from_wire(name)),
            None => unnamed.push((values.clone(), i)),
        }
    }
    unnamed.sort();
    let all = settings.settings();
    let left: Vec<(&str, &[String])> = all.enums.iter().filter(|(name, _)| !settings.is_used("enums", name)).map(|(n, v)| (n.as_str(), v.as_slice())).collect();
    let free: Vec<&[String]> = unnamed.iter().map(|(values, _)| values.as_slice()).collect();
    let paired = drift::pair(&left, &free);
    for &(entry, candidate) in &paired {
        let (name, listed) = left[entry];
        settings.mark("enums", name);
        let index = unnamed[candidate].1;
        notes.push(Diagnostic::new(first_place(&defining.types[index]), format!(
            "the enum named `{name}` by the settings' [enums] has changed ({}); it keeps the name: update the entry's values",
            drift::drift(listed, free[candidate]).describe("values")
        )));
        defining.types[index].reviewed = Some(TypeName::from_wire(name));
    }
    for (entry, (name, listed)) in left.iter().enumerate() {
        if paired.iter().any(|(e, _)| *e == entry) {
            continue;
        }
        let why = match drift::closest(listed, &free) {
            Some(closest) => {
                let at = unnamed.iter().find(|(values, _)| values.as_slice() == closest).map(|&(_, i)| first_place(&defining.types[i])).unwrap_or_default();
                format!("it lists [{}]; the closest inline enum now is [{}] at {at}", quoted(listed), quoted(closest))
            }
            None => format!("it lists [{}]; no inline enum of the spec has any of these values", quoted(listed)),
        };
        settings.unmatched_because("enums", name, why);
    }
    for (values, i) in &unnamed {
        let defined = &defining.types[*i];
        if defined.sites.len() < 2 || defined.reviewed.is_some() {
            continue;
        }
        let list: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
        // The provisional name becomes the one `decide` gives (`rename_notes`).
        notes.push(Diagnostic::new(first_place(defined), format!(
            "{} inline enums have the values [{}] and are one type, `{}`; name it in the settings' [enums] table",
            defined.sites.len(),
            list.join(", "),
            defined.provisional
        )));
    }
}

/// `"a", "b"`.
pub(super) fn quoted(items: &[String]) -> String {
    items.iter().map(|i| format!("{i:?}")).collect::<Vec<_>>().join(", ")
}

/// Replaces every provisional name in `api` (and in `notes`) by its final
/// one, gives each defined type the origin, docs and deprecation of the
/// place it is named after, and names the variants of untagged unions
/// after the final names of their types.
pub(super) fn apply(api: &mut Api, defining: &Defining, decided: &Decided) {
    let names = &decided.names;
    visit::walk(api, &mut Renamer(names));
    let types = std::mem::take(&mut api.types);
    api.types = types
        .into_values()
        .map(|mut def| {
            if let Some(name) = names.get(&def.name) {
                def.name = name.clone();
            }
            (def.name.clone(), def)
        })
        .collect();
    for (defined, place) in defining.types.iter().zip(&decided.places).filter(|(defined, _)| defined.same_as.is_none()) {
        let Some(def) = names.get(&defined.provisional).and_then(|name| api.types.get_mut(name)) else { continue };
        if let Some((pointer, site)) = place.as_ref().and_then(|place| defined.sites.get_key_value(place)) {
            def.origin = pointer.clone();
            if !matches!(defined.kind, Kind::Merged) {
                def.docs = site.docs.clone();
                def.deprecated = site.deprecated;
            }
        }
    }
    for def in api.types.values_mut() {
        if let TypeKind::UntaggedUnion(u) = &mut def.kind {
            let mut scope = NameScope::default();
            for (variant, ty) in &mut u.variants {
                *variant = scope.claim(VariantName::from_wire(&variant_word(ty)), VariantName::with_suffix).0;
            }
        }
    }
}

/// The notes' provisional names, replaced by final ones.
pub(super) fn rename_notes(notes: &mut [Diagnostic], names: &BTreeMap<TypeName, TypeName>) {
    for note in notes {
        if !note.message.contains(PROVISIONAL) {
            continue;
        }
        for (provisional, name) in names {
            note.message = note.message.replace(provisional.as_str(), name.as_str());
        }
    }
}

/// A variant name for an untagged union member of type `ty`.
fn variant_word(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.as_str().to_owned(),
        TypeRef::String | TypeRef::DateTime | TypeRef::Date => "String".to_owned(),
        TypeRef::I32 | TypeRef::I64 => "Integer".to_owned(),
        TypeRef::F64 => "Number".to_owned(),
        TypeRef::Bool => "Boolean".to_owned(),
        TypeRef::Json | TypeRef::JsonObject => "Json".to_owned(),
        TypeRef::Array(inner) => format!("{}List", variant_word(inner)),
        TypeRef::Map(inner) => format!("{}Map", variant_word(inner)),
    }
}

/// Replaces every name that is a key of the map by its value.
pub(super) struct Renamer<'r>(pub(super) &'r BTreeMap<TypeName, TypeName>);

impl VisitMut for Renamer<'_> {
    fn type_name(&mut self, name: &mut TypeName) {
        if let Some(new) = self.0.get(name) {
            *name = new.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provisional_names_never_contain_one_another() {
        let mut defining = Defining::default();
        let provisional: Vec<TypeName> = (0..12).map(|_| defining.define(Kind::Merged)).collect();
        let names: BTreeMap<TypeName, TypeName> =
            provisional.iter().enumerate().map(|(i, p)| (p.clone(), TypeName::from_wire(&format!("t{}", 100 + i)))).collect();
        let mut notes = vec![Diagnostic::new("#", format!("`{}` and `{}`", provisional[1], provisional[10]))];
        rename_notes(&mut notes, &names);
        assert_eq!(notes[0].message, "`T101` and `T110`");
    }

    #[test]
    fn a_hint_follows_its_bases_final_name() {
        let base = TypeName::from_wire("Session");
        let hint = Hint::of(&base).child("order").suffixed("Item");
        assert_eq!(hint.resolve(&TypeName::from_wire("Session2")).as_str(), "Session2OrderItem");
    }
}
