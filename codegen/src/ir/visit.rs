//! One walk over the resolved model that rewrites it in place: every type
//! expression and every description, wherever it sits. Passes that change
//! something everywhere (renaming types, resolving links in docs) say what
//! they do to one node and leave the walking here, so a new place in the
//! model is walked by all of them at once.

use super::{Api, ResponseBody, TypeKind, TypeRef};
use crate::names::TypeName;

/// What a pass does to each kind of node; the defaults leave it alone.
pub(super) trait VisitMut {
    /// A named type, wherever it is referred to (fields, aliases, union
    /// variants, parameters, bodies, pagination, component names).
    fn type_name(&mut self, _name: &mut TypeName) {}

    /// A description.
    fn docs(&mut self, _docs: &mut Option<String>) {}
}

/// Walks all of `api` with `pass`.
pub(super) fn walk(api: &mut Api, pass: &mut impl VisitMut) {
    for def in api.types.values_mut() {
        pass.docs(&mut def.docs);
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    type_ref(&mut field.ty, pass);
                    pass.docs(&mut field.docs);
                }
                if let Some(values) = &mut s.additional_properties {
                    type_ref(values, pass);
                }
            }
            TypeKind::Enum(_) => {}
            TypeKind::TaggedUnion(u) => u.variants.iter_mut().for_each(|v| pass.type_name(&mut v.ty)),
            TypeKind::UntaggedUnion(u) => u.variants.iter_mut().for_each(|(_, ty)| type_ref(ty, pass)),
            TypeKind::Alias(ty) => type_ref(ty, pass),
        }
    }
    api.components.values_mut().for_each(|name| pass.type_name(name));
    for op in api.operations.iter_mut().chain(&mut api.inbound) {
        pass.docs(&mut op.docs);
        for p in op.params_mut() {
            type_ref(&mut p.ty, pass);
            pass.docs(&mut p.docs);
        }
        if let Some(body) = &mut op.body {
            type_ref(&mut body.ty, pass);
        }
        for s in &mut op.success {
            if let ResponseBody::Json(ty) = &mut s.body {
                type_ref(ty, pass);
            }
            pass.docs(&mut s.docs);
            s.headers.iter_mut().for_each(|h| pass.docs(&mut h.docs));
        }
        op.errors.iter_mut().filter_map(|e| e.body.as_mut()).for_each(|ty| type_ref(ty, pass));
        if let Some(paging) = &mut op.pagination {
            type_ref(&mut paging.item, pass);
        }
    }
    api.security_schemes.iter_mut().for_each(|s| pass.docs(&mut s.docs));
}

fn type_ref(ty: &mut TypeRef, pass: &mut impl VisitMut) {
    match ty {
        TypeRef::Named(name) => pass.type_name(name),
        TypeRef::Array(inner) | TypeRef::Map(inner) => type_ref(inner, pass),
        _ => {}
    }
}
