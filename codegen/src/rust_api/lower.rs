//! Lowering: the resolved [`Api`] in, the [`RustApi`] out. Every decision
//! about the Rust surface that the resolved model leaves open is made here,
//! once: the declared type of each field, how each argument is taken, the
//! names of setters and getters and of the types of the `operations` module
//! (each claimed in the scope it lives in, every wanted name before any
//! fallback, so no name depends on which place was lowered first), and
//! which response shape each call has.

use super::{
    Access, Arg, BodyItem, BodyKind, EnumItem, ErrorItem, FieldItem, Getter, HeaderItem, InboundItem, OperationItem, ParamItem, Paging,
    RustApi, SchemeItem, SchemeRef, ServerItem, StructItem, SuccessItem, TaggedUnionItem, TaggedVariant, Taking, Ty, TypeBody,
    TypeItem,
};
use crate::diagnostics::Diagnostic;
use crate::ir::{self, Api, Operation, ResponseBody, TypeKind, TypeRef};
use crate::names::{FieldName, NameScope, TypeName};

/// Names the `operations` module imports, which its own types must not take.
const OPERATIONS_IMPORTS: &[&str] = &["CallFuture", "CallOptions", "Client", "Error", "Operation", "Request", "Server"];

/// The Rust API of `api`; `example` is the doctest of the `operations`
/// module's docs (the settings' `[docs] example`).
pub fn lower(api: &Api, example: Option<&str>) -> RustApi {
    let mut notes = Vec::new();
    let types = api.types.values().map(|def| type_item(def, &mut notes)).collect();
    let operations = operations(api, &mut notes);
    let servers = api
        .servers
        .iter()
        .enumerate()
        .map(|(index, server)| ServerItem {
            variant: server.variant.clone(),
            name: server.name.to_string(),
            url: server.url.clone(),
            methods: api.operations.iter().filter(|op| op.server.index == index).map(|op| op.method_name.clone()).collect(),
        })
        .collect();
    let schemes = api
        .security_schemes
        .iter()
        .map(|s| SchemeItem { name: s.name.clone(), constant: scheme_constant(&s.name), kind: s.kind.clone(), docs: s.docs.clone() })
        .collect();
    let inbound = api.inbound.iter().map(inbound_item).collect();
    RustApi {
        inbound,
        types,
        components: api.components.iter().map(|(schema, ty)| (schema.clone(), ty.clone())).collect(),
        operations,
        servers,
        schemes,
        error_body: error_body(api),
        example: example.map(str::to_owned),
        notes,
    }
}

/// The Rust type of a resolved type expression.
pub(super) fn ty(of: &TypeRef) -> Ty {
    match of {
        TypeRef::String => Ty::String,
        TypeRef::DateTime => Ty::DateTime,
        TypeRef::Date => Ty::Date,
        TypeRef::I32 => Ty::I32,
        TypeRef::I64 => Ty::I64,
        TypeRef::F64 => Ty::F64,
        TypeRef::Bool => Ty::Bool,
        TypeRef::Json => Ty::Json,
        TypeRef::JsonObject => Ty::JsonObject,
        TypeRef::Named(name) => Ty::Named(name.clone()),
        TypeRef::Array(inner) => Ty::Vec(Box::new(ty(inner))),
        TypeRef::Map(inner) => Ty::Map(Box::new(ty(inner))),
    }
}

fn type_item(def: &ir::TypeDef, notes: &mut Vec<Diagnostic>) -> TypeItem {
    let body = match &def.kind {
        TypeKind::Struct(s) => TypeBody::Struct(struct_item(s, notes)),
        TypeKind::Enum(e) => TypeBody::Enum(EnumItem {
            variants: e.variants.iter().map(|v| (v.wire.clone(), v.name.clone())).collect(),
            fallback: e.fallback.clone(),
        }),
        TypeKind::TaggedUnion(u) => TypeBody::TaggedUnion(TaggedUnionItem {
            property: u.tag_property.clone(),
            tag_method: FieldName::from_wire(&u.tag_property),
            variants: u.variants.iter().map(|v| TaggedVariant { tag: v.tag_value.clone(), name: v.name.clone(), ty: v.ty.clone() }).collect(),
            fallback: u.fallback.clone(),
        }),
        TypeKind::UntaggedUnion(u) => TypeBody::UntaggedUnion(u.variants.iter().map(|(name, t)| (name.clone(), ty(t))).collect()),
        TypeKind::Alias(target) => TypeBody::Alias(ty(target)),
    };
    TypeItem { name: def.name.clone(), origin: def.origin.clone(), docs: def.docs.clone(), deprecated: def.deprecated, body }
}

/// How a setter of a model takes a value: lists by any iterator of
/// convertible items, every other value by `impl Into` (so `.quantity(1)`
/// fills an `f64`).
fn setter_arg(value: &Ty) -> Arg {
    let taking = if matches!(value, Ty::Vec(_)) { Taking::IntoIter } else { Taking::Into };
    Arg { ty: value.clone(), taking }
}

/// How a method argument or a parameter setter takes a value: lists by any
/// iterator, numbers and booleans as they are, the rest by `impl Into`.
fn param_arg(value: &Ty) -> Arg {
    let taking = match value {
        Ty::Vec(_) => Taking::IntoIter,
        t if t.is_copy() => Taking::AsIs,
        _ => Taking::Into,
    };
    Arg { ty: value.clone(), taking }
}

fn struct_item(s: &ir::StructType, notes: &mut Vec<Diagnostic>) -> StructItem {
    // The impl's methods: `new`, then one setter or getter per field that
    // has one, named after its field unless that name is `new` or another
    // field's method (then `set_`/`get_` and the field).
    let mut scope = NameScope::default();
    for reserved in ["new", "unknown_fields", "unknown_fields_mut"] {
        scope.reserve(reserved);
    }
    let has_method = |f: &ir::Field| f.read_only || !f.required;
    let free: Vec<bool> = s.fields.iter().map(|f| has_method(f) && scope.reserve(f.rust_name.as_str())).collect();
    let fields = s
        .fields
        .iter()
        .zip(free)
        .map(|(f, free)| {
            let value = ty(&f.ty);
            let boxed = if f.boxed { Ty::Boxed(Box::new(value.clone())) } else { value.clone() };
            let declared = (0..ir::option_layers(f.required, f.nullable)).fold(boxed, |t, _| t.optional());
            let mut method_name = |prefix: &str, notes: &mut Vec<Diagnostic>| {
                if free {
                    return f.rust_name.clone();
                }
                let (name, _) = scope.claim(FieldName::from_wire(&format!("{prefix}_{}", f.rust_name)), FieldName::with_suffix);
                notes.push(Diagnostic::new(f.origin.clone(), format!("the field `{}` cannot have a method of its name; its {} is `{name}`", f.rust_name, if prefix == "set" { "setter" } else { "getter" })));
                name
            };
            let access = if f.read_only {
                let getter = match () {
                    () if f.nullable => Getter::Nullable,
                    () if value.is_copy() && !f.boxed => Getter::Copied,
                    () => Getter::Borrowed,
                };
                Access::Getter(method_name("get", notes), getter)
            } else if f.required {
                // Strings by `impl Into<String>`; other values as they are,
                // so that a number literal or a struct keeps its one obvious type.
                let plain_string = value == Ty::String && !f.nullable && !f.boxed;
                Access::Constructor(if plain_string { Arg { ty: Ty::String, taking: Taking::Into } } else { Arg { ty: declared.clone(), taking: Taking::AsIs } })
            } else {
                Access::Setter(method_name("set", notes), setter_arg(&value))
            };
            FieldItem {
                wire: f.wire_name.clone(),
                rust: f.rust_name.clone(),
                value,
                ty: declared,
                required: f.required,
                nullable: f.nullable,
                read_only: f.read_only,
                boxed: f.boxed,
                docs: f.docs.clone(),
                deprecated: f.deprecated,
                origin: f.origin.clone(),
                access,
            }
        })
        .collect();
    StructItem {
        fields,
        tag: s.tag.as_ref().map(|t| (t.property.clone(), t.value.clone())),
        additional_properties: s.additional_properties.as_ref().map(ty),
        derives_default: !s.fields.iter().any(|f| f.required),
    }
}

/// The operations, with the names of their call types, params structs and
/// response enums claimed in the `operations` module's one scope: every
/// call first, then params structs, then response enums, each in
/// operation order.
fn operations(api: &Api, notes: &mut Vec<Diagnostic>) -> Vec<OperationItem> {
    let mut scope = NameScope::default();
    OPERATIONS_IMPORTS.iter().for_each(|name| {
        scope.reserve(name);
    });
    let mut claim = |wanted: TypeName, op: &Operation, what: &str, notes: &mut Vec<Diagnostic>| {
        let (name, renamed) = scope.claim(wanted.clone(), TypeName::with_suffix);
        if renamed {
            notes.push(Diagnostic::new(op.origin.clone(), format!("the {what} name `{wanted}` is taken in `operations`; emitted as `{name}`")));
        }
        name
    };
    let calls: Vec<TypeName> = api.operations.iter().map(|op| claim(op.type_prefix.clone(), op, "call type", notes)).collect();
    let params_structs: Vec<Option<TypeName>> = api
        .operations
        .iter()
        .map(|op| op.params().any(|(p, _)| !p.required).then(|| claim(op.type_prefix.suffixed("Params"), op, "params struct", notes)))
        .collect();
    let response_enums: Vec<Option<TypeName>> = api
        .operations
        .iter()
        .map(|op| {
            let direct = matches!(op.success.as_slice(), [only] if only.headers.is_empty());
            (!direct).then(|| claim(op.type_prefix.suffixed("Response"), op, "response enum", notes))
        })
        .collect();
    api.operations
        .iter()
        .zip(calls)
        .zip(params_structs.into_iter().zip(response_enums))
        .map(|((op, call), (params_struct, response_enum))| operation(api, op, call, params_struct, response_enum, notes))
        .collect()
}

fn operation(
    api: &Api,
    op: &Operation,
    call: TypeName,
    params_struct: Option<TypeName>,
    response_enum: Option<TypeName>,
    notes: &mut Vec<Diagnostic>,
) -> OperationItem {
    // The call's own methods; an optional parameter's setter is named after
    // it unless it is one of them (then `set_` and its name).
    let mut methods = NameScope::default();
    for (own, present) in [
        ("options", true),
        ("send", true),
        ("send_with_response", true),
        ("into_stream", op.pagination.is_some()),
        ("params", params_struct.is_some()),
        ("body", op.body.as_ref().is_some_and(|b| !b.required)),
    ] {
        if present {
            methods.reserve(own);
        }
    }
    let free: Vec<bool> = op.params().map(|(p, _)| !p.required && methods.reserve(p.rust_name.as_str())).collect();
    let params = op
        .params()
        .zip(free)
        .map(|((p, location), free)| {
            let value = ty(&p.ty);
            let setter = (!p.required).then(|| {
                if free {
                    return p.rust_name.clone();
                }
                let (name, _) = methods.claim(FieldName::from_wire(&format!("set_{}", p.rust_name)), FieldName::with_suffix);
                notes.push(Diagnostic::new(p.origin.clone(), format!("the call has a method `{}`; the parameter's setter is `{name}`", p.rust_name)));
                name
            });
            ParamItem {
                wire: p.wire_name.clone(),
                rust: p.rust_name.clone(),
                location,
                arg: param_arg(&value),
                value,
                required: p.required,
                explode: p.explode,
                setter,
                docs: p.docs.clone(),
                origin: p.origin.clone(),
            }
        })
        .collect();
    let body = op.body.as_ref().map(|b| {
        let body_ty = ty(&b.ty);
        let argument = b.required.then(|| (FieldName::from_wire("body"), Arg { ty: body_ty.clone(), taking: Taking::AsIs }));
        BodyItem { ty: body_ty, required: b.required, argument }
    });
    let success = op
        .success
        .iter()
        .map(|s| SuccessItem {
            status: s.status,
            variant: s.variant.clone(),
            body: match &s.body {
                ResponseBody::Json(t) => BodyKind::Json(ty(t)),
                ResponseBody::Bytes => BodyKind::Bytes,
                ResponseBody::Empty => BodyKind::Empty,
            },
            headers: s.headers.iter().map(|h| HeaderItem { wire: h.wire_name.clone(), rust: h.rust_name.clone(), ty: ty(&h.ty), docs: h.docs.clone() }).collect(),
            docs: s.docs.clone(),
        })
        .collect();
    let server = &api.servers[op.server.index];
    OperationItem {
        id: op.id.clone(),
        origin: op.origin.clone(),
        docs: op.docs.clone(),
        deprecated: op.deprecated,
        http_method: op.http_method.clone(),
        path: op.path.clone(),
        route: op.route(),
        server: server.variant.clone(),
        server_url: server.url.clone(),
        method: op.method_name.clone(),
        call,
        params,
        params_struct,
        body,
        success,
        response_enum,
        errors: op.errors.iter().map(|e| ErrorItem { status: e.status, body: e.body.as_ref().map(ty) }).collect(),
        has_default_response: op.has_default_response,
        security: op
            .security
            .iter()
            .map(|requirement| requirement.iter().map(|name| SchemeRef { name: name.clone(), constant: scheme_constant(name) }).collect())
            .collect(),
        moves_money: op.moves_money,
        pagination: op.pagination.as_ref().map(|p| Paging { items: p.items.clone(), item: ty(&p.item), cursor: p.cursor.clone() }),
    }
}

/// A callback, with the types of what it receives and answers.
fn inbound_item(op: &Operation) -> InboundItem {
    InboundItem {
        id: op.id.clone(),
        name: op.type_prefix.clone(),
        origin: op.origin.clone(),
        http_method: op.http_method.clone(),
        path: op.path.clone(),
        query: op.query_params.iter().map(|p| (p.wire_name.clone(), ty(&p.ty), p.required)).collect(),
        body: op.body.as_ref().map(|b| ty(&b.ty)),
        answer: op.success.iter().find_map(|s| match &s.body {
            ResponseBody::Json(t) => Some(ty(t)),
            _ => None,
        }),
    }
}

/// The `SCREAMING_SNAKE_CASE` constant of a security scheme.
fn scheme_constant(name: &str) -> String {
    FieldName::from_wire(name).as_str().trim_end_matches('_').to_ascii_uppercase()
}

/// The one type every documented error body is read as; any JSON value
/// when they differ or there are none.
fn error_body(api: &Api) -> Ty {
    let mut bodies = api.operations.iter().flat_map(|op| &op.errors).filter_map(|e| e.body.as_ref());
    match bodies.next() {
        Some(first) if bodies.all(|b| b == first) => ty(first),
        _ => Ty::Json,
    }
}
