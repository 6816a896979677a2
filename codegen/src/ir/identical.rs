//! Identical types become one. The spec often copies a schema inline
//! instead of referring to it (`Session`'s `configuration` and the express
//! session's are the same 40 properties), and each copy would be a type of
//! its own, with a name a reader must learn and a conversion a merchant
//! must write between two things that are the same.
//!
//! A type resolution defined (an inline schema, a merge) and another one,
//! or a component, are identical when
//! their definitions are equal but for where they came from: the same
//! fields with the same wire names, types, docs and requiredness, the
//! same variants. The types they refer to must be the same ones, so copies
//! are found from the leaves up, one level per round, until a round finds
//! none. The one kept is the component, if one is a copy (the express
//! session's order is a `SessionOrder`); else the copy at the most basic
//! place (the way [`naming`](super::naming) ranks places), and the places
//! of all copies become its places: naming then names it after the most
//! basic of them. Components stay apart from each other, and so do copies
//! the settings give different names: the spec or the reviewer said they
//! differ.

use super::naming::{Defining, Renamer};
use super::visit;
use super::{Api, TypeDef, TypeKind};
use crate::names::TypeName;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Unites the identical defined types of `api`: each copy is removed, and
/// every reference to it names the one kept (as do notes, once named:
/// [`naming::decide`](super::naming::decide) gives a copy the name of the
/// one kept).
pub(super) fn unite(api: &mut Api, defining: &mut Defining, rank: impl Fn(&str) -> (usize, usize)) {
    loop {
        let same = one_round(api, defining, &rank);
        if same.is_empty() {
            return;
        }
        for copy in same.keys() {
            api.types.remove(copy);
        }
        visit::walk(api, &mut Renamer(&same));
        defining.unite(&same);
    }
}

/// The copies found with the types as they are now: copy to the one kept.
fn one_round(api: &Api, defining: &Defining, rank: &impl Fn(&str) -> (usize, usize)) -> BTreeMap<TypeName, TypeName> {
    let components: BTreeSet<&TypeName> = api.components.values().collect();
    let mut by_shape: HashMap<String, Vec<&TypeName>> = HashMap::new();
    for (name, def) in &api.types {
        if components.contains(name) || defining.get(name).is_some_and(|d| d.same_as.is_none()) {
            by_shape.entry(shape(def)).or_default().push(name);
        }
    }
    let mut same = BTreeMap::new();
    for copies in by_shape.into_values().filter(|copies| copies.len() > 1) {
        for group in by_review(copies, defining, &components) {
            // A component first, then a type the settings name, then the most basic place.
            let order = |name: &TypeName| match defining.get(name) {
                None => (0, None),
                Some(defined) => (1 + usize::from(defined.reviewed.is_none()), defined.sites.keys().map(|pointer| (rank(pointer), pointer.clone())).min()),
            };
            let Some(kept) = group.iter().copied().min_by_key(|name| (order(name), (*name).clone())) else { continue };
            for copy in group.iter().filter(|name| **name != kept && defining.get(name).is_some()) {
                same.insert((*copy).clone(), kept.clone());
            }
        }
    }
    same
}

/// The copies that may become one: all of them when at most one has a
/// name of its own (a component's, or one the settings give), else each
/// one so named apart, and those without one together.
fn by_review<'n>(copies: Vec<&'n TypeName>, defining: &Defining, components: &BTreeSet<&TypeName>) -> Vec<Vec<&'n TypeName>> {
    let mut by_name: BTreeMap<Option<TypeName>, Vec<&TypeName>> = BTreeMap::new();
    for copy in copies {
        let own = match components.contains(copy) {
            true => Some(copy.clone()),
            false => defining.get(copy).and_then(|d| d.reviewed.clone()),
        };
        by_name.entry(own).or_default().push(copy);
    }
    match by_name.keys().filter(|name| name.is_some()).count() {
        0 | 1 => vec![by_name.into_values().flatten().collect()],
        _ => by_name.into_values().collect(),
    }
}

/// What a definition is, but for where it came from and the docs and
/// deprecation of the type itself (which naming takes from the place it
/// is named after).
fn shape(def: &TypeDef) -> String {
    let mut kind = def.kind.clone();
    if let TypeKind::Struct(s) = &mut kind {
        s.fields.iter_mut().for_each(|field| field.origin.clear());
    }
    format!("{kind:?}")
}
