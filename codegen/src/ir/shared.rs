//! Names of types that several places of the spec share, chosen from the
//! whole set of places rather than from the first one the resolver reached,
//! so a type's name does not depend on resolution order:
//!
//! - a type reached from several places (the same `allOf` of `$ref`s, the
//!   same merged declarations) is named after its most basic place (the one
//!   whose schema extends the fewest others, then the smallest JSON
//!   pointer), unless the settings name it;
//! - inline string enums with the same values are one type, named by the
//!   settings (`[enums]`) or after the member with the smallest pointer.
//!
//! Both run after resolution, as renames over the finished model.

use super::visit::{self, VisitMut};
use super::{drift, Api, TypeKind};
use crate::diagnostics::Diagnostic;
use crate::names::{NameScope, TypeName};
use crate::settings::Applied;
use std::collections::{BTreeMap, BTreeSet};

/// The places that reached one shared type: its JSON pointer and the name
/// it would have had there.
pub(super) type Sites = BTreeMap<String, TypeName>;

/// Renames each shared type (not named by the settings) after its most
/// basic site: the one whose schema builds on the fewest others (`rank`),
/// then the smallest pointer. A schema that extends another (`allOf`) and so
/// reaches the same merged property names nothing: the base does.
pub(super) fn name_after_first_site<R: Ord>(
    api: &mut Api,
    shared: &BTreeMap<TypeName, Sites>,
    reviewed: &BTreeSet<TypeName>,
    scope: &mut NameScope,
    rank: impl Fn(&str) -> R,
) {
    let mut renames = BTreeMap::new();
    for (current, sites) in shared {
        if reviewed.contains(current) {
            continue;
        }
        let Some((_, wanted)) = sites.iter().min_by_key(|(pointer, _)| (rank(pointer), pointer.as_str())) else { continue };
        if wanted != current && scope.reserve(wanted.as_str()) {
            renames.insert(current.clone(), wanted.clone());
        }
    }
    rename(api, &renames);
}

/// Makes inline string enums with identical values one type.
pub(super) fn merge_identical_enums(api: &mut Api, settings: &mut Applied<'_>, scope: &mut NameScope) {
    let components: BTreeSet<&TypeName> = api.components.values().collect();
    let mut groups: BTreeMap<Vec<String>, Vec<(String, TypeName)>> = BTreeMap::new();
    for def in api.types.values() {
        if let (TypeKind::Enum(e), false) = (&def.kind, components.contains(&def.name)) {
            let values = e.variants.iter().map(|v| v.wire.clone()).collect();
            groups.entry(values).or_default().push((def.origin.clone(), def.name.clone()));
        }
    }
    let mut notes = Vec::new();
    let reviewed_names = reviewed_enum_names(&groups, settings, &mut notes);
    let mut renames = BTreeMap::new();
    for (values, mut members) in groups {
        let reviewed = reviewed_names.get(&values).cloned();
        if members.len() < 2 && reviewed.is_none() {
            continue;
        }
        members.sort();
        let (first_origin, first_name) = members[0].clone();
        let target = match reviewed {
            Some(name) if members.iter().any(|(_, n)| *n == name) || scope.reserve(name.as_str()) => name,
            Some(name) => {
                notes.push(Diagnostic::new(first_origin.clone(), format!("the reviewed enum name `{name}` is taken; emitted as `{first_name}`")));
                first_name
            }
            None => {
                let list: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
                notes.push(Diagnostic::new(first_origin.clone(), format!(
                    "{} inline enums have the values [{}] and are one type, `{first_name}`; name it in the settings' [enums] table",
                    members.len(),
                    list.join(", ")
                )));
                first_name
            }
        };
        for (_, name) in members {
            if name != target {
                renames.insert(name, target.clone());
            }
        }
    }
    // The surviving definition takes the origin of the first member.
    rename(api, &renames);
    api.notes.extend(notes);
}

/// The reviewed name of each group of identical enums (by its values): the
/// `[enums]` entry with exactly its values, else the closest entry left
/// (values added or removed since the entry was written, noted).
fn reviewed_enum_names(groups: &BTreeMap<Vec<String>, Vec<(String, TypeName)>>, settings: &mut Applied<'_>, notes: &mut Vec<Diagnostic>) -> BTreeMap<Vec<String>, TypeName> {
    let mut named: BTreeMap<Vec<String>, TypeName> = BTreeMap::new();
    for values in groups.keys() {
        if let Some(name) = settings.enum_name(values) {
            named.insert(values.clone(), TypeName::from_wire(name));
        }
    }
    let all = settings.settings();
    let left: Vec<(&str, &[String])> = all.enums.iter().filter(|(name, _)| !settings.is_used("enums", name)).map(|(n, v)| (n.as_str(), v.as_slice())).collect();
    let free: Vec<&[String]> = groups.keys().filter(|values| !named.contains_key(*values)).map(Vec::as_slice).collect();
    let first_place = |values: &[String]| groups.get(values).and_then(|members| members.iter().map(|(origin, _)| origin.clone()).min()).unwrap_or_default();
    let paired = drift::pair(&left, &free);
    for &(entry, candidate) in &paired {
        let (name, listed) = left[entry];
        settings.mark("enums", name);
        named.insert(free[candidate].to_vec(), TypeName::from_wire(name));
        notes.push(Diagnostic::new(first_place(free[candidate]), format!(
            "the enum named `{name}` by the settings' [enums] has changed ({}); it keeps the name: update the entry's values",
            drift::drift(listed, free[candidate]).describe("values")
        )));
    }
    for (entry, (name, listed)) in left.iter().enumerate() {
        if paired.iter().any(|(e, _)| *e == entry) {
            continue;
        }
        let why = match drift::closest(listed, &free) {
            Some(closest) => format!("it lists [{}]; the closest inline enum now is [{}] at {}", quoted(listed), quoted(closest), first_place(closest)),
            None => format!("it lists [{}]; no inline enum of the spec has any of these values", quoted(listed)),
        };
        settings.unmatched_because("enums", name, why);
    }
    named
}

/// `"a", "b"`.
pub(super) fn quoted(items: &[String]) -> String {
    items.iter().map(|i| format!("{i:?}")).collect::<Vec<_>>().join(", ")
}

/// Renames types everywhere in the model; a type renamed to a name another
/// type already has is dropped (the two are the same type).
pub(super) fn rename(api: &mut Api, renames: &BTreeMap<TypeName, TypeName>) {
    if renames.is_empty() {
        return;
    }
    visit::walk(api, &mut Renamer(renames));
    let types = std::mem::take(&mut api.types);
    let mut kept: BTreeMap<TypeName, super::TypeDef> = BTreeMap::new();
    for (name, mut def) in types {
        let name = renames.get(&name).cloned().unwrap_or(name);
        def.name = name.clone();
        match kept.get_mut(&name) {
            // Of identical types, the one from the smallest pointer stays.
            Some(existing) if def.origin < existing.origin => *existing = def,
            Some(_) => {}
            None => {
                kept.insert(name, def);
            }
        }
    }
    api.types = kept;
}

/// Replaces every reference to a renamed type.
struct Renamer<'r>(&'r BTreeMap<TypeName, TypeName>);

impl VisitMut for Renamer<'_> {
    fn type_name(&mut self, name: &mut TypeName) {
        if let Some(new) = self.0.get(name) {
            *name = new.clone();
        }
    }
}
