//! Breaking cycles of by-value containment with `Box`: a struct field (or
//! union payload) whose type contains the struct again without a `Vec` or map
//! in between would make an infinitely sized type.

use super::{Api, TypeKind, TypeRef};
use crate::names::TypeName;
use std::collections::{BTreeMap, BTreeSet};

/// Named types held by value (not behind `Vec`/map) by each type.
fn by_value_edges(api: &Api) -> BTreeMap<TypeName, BTreeSet<TypeName>> {
    fn direct(ty: &TypeRef) -> Option<&TypeName> {
        match ty {
            TypeRef::Named(n) => Some(n),
            _ => None,
        }
    }
    api.types
        .iter()
        .map(|(name, def)| {
            let targets: BTreeSet<TypeName> = match &def.kind {
                TypeKind::Struct(s) => s.fields.iter().filter_map(|f| direct(&f.ty)).cloned().collect(),
                TypeKind::TaggedUnion(u) => u.variants.iter().map(|v| v.ty.clone()).collect(),
                TypeKind::UntaggedUnion(u) => u.variants.iter().filter_map(|(_, t)| direct(t)).cloned().collect(),
                TypeKind::Alias(t) => direct(t).into_iter().cloned().collect(),
                TypeKind::Enum(_) => BTreeSet::new(),
            };
            (name.clone(), targets)
        })
        .collect()
}

fn reaches(edges: &BTreeMap<TypeName, BTreeSet<TypeName>>, from: &TypeName, to: &TypeName) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(at) = stack.pop() {
        if at == to {
            return true;
        }
        if seen.insert(at) {
            stack.extend(edges.get(at).into_iter().flatten());
        }
    }
    false
}

/// Marks as boxed every struct field whose type leads back to its struct by value.
pub(super) fn box_cycles(api: &mut Api) {
    let edges = by_value_edges(api);
    for (name, def) in api.types.iter_mut() {
        if let TypeKind::Struct(s) = &mut def.kind {
            for field in &mut s.fields {
                if let TypeRef::Named(target) = &field.ty {
                    field.boxed = reaches(&edges, target, name);
                }
            }
        }
    }
}
