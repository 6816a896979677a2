//! Pairing two surfaces and listing what differs, with a verdict for each
//! difference.
//!
//! Types are paired by name; a type that disappeared is paired with a new
//! one at the same spec place, or else with the one new type of the same
//! shape (once the renames found so far are applied to the names it
//! mentions; of several, the one at the same place under its parent), so a
//! renamed schema is one rename, not a removal and an addition, and the
//! fields that refer to it do not change. Methods are
//! paired by `operationId`, then by HTTP method and path.

use super::{Change, Verdict};
use crate::rust_api::Ty;
use crate::surface::{FieldItem, OperationItem, Shape, Surface, TypeItem};
use std::collections::{BTreeMap, BTreeSet};

/// Old type name to new type name, for the types that changed name.
type Renames = BTreeMap<String, String>;

pub(super) fn changes(old: &Surface, new: &Surface) -> Vec<Change> {
    let renames = pair_types(old, new);
    let mut out = Changes(Vec::new());
    let mut merged_into: BTreeMap<&String, Vec<&String>> = BTreeMap::new();
    for (from, to) in &renames {
        merged_into.entry(to).or_default().push(from);
    }
    for (name, item) in &old.types {
        if let Some(to) = renames.get(name) {
            let others = merged_into[to].len() - 1 + usize::from(old.types.contains_key(to));
            let what = match others {
                0 => format!("renamed to `{to}`"),
                1 => format!("merged into `{to}` with one other identical type"),
                n => format!("merged into `{to}` with {n} other identical types"),
            };
            out.push(model(name), what, &new.types[to].pointer, Verdict::Breaking, false);
            compare_types(to, item, &new.types[to], &renames, &mut out);
        } else if let Some(new_item) = new.types.get(name) {
            compare_types(name, item, new_item, &renames, &mut out);
        } else {
            out.push(model(name), format!("{} removed", shape_word(&item.shape)), &item.pointer, Verdict::Breaking, false);
        }
    }
    let renamed_to: BTreeSet<&String> = renames.values().collect();
    for (name, item) in &new.types {
        if !old.types.contains_key(name) && !renamed_to.contains(name) {
            out.push(model(name), format!("{} added", shape_word(&item.shape)), &item.pointer, Verdict::Addition, false);
        }
    }
    compare_servers(old, new, &mut out);
    compare_inbound(old, new, &renames, &mut out);
    compare_operations(old, new, &renames, &mut out);
    out.0
}

/// The variants of `Server` and their default URLs.
fn compare_servers(old: &Surface, new: &Surface, out: &mut Changes) {
    let variant = |name: &str| format!("Server::{name}");
    for (name, url) in &old.servers {
        match new.servers.get(name) {
            None => out.push(variant(name), format!("server removed (`{url}`)"), "#/servers", Verdict::Breaking, true),
            Some(now) if now != url => out.push(variant(name), format!("default URL `{now}` (was `{url}`)"), "#/servers", Verdict::Compatible, true),
            Some(_) => {}
        }
    }
    for (name, url) in new.servers.iter().filter(|(name, _)| !old.servers.contains_key(*name)) {
        out.push(variant(name), format!("server added (`{url}`)"), "#/servers", Verdict::Addition, true);
    }
}

/// The callbacks users serve: added, removed, or receiving or answering
/// another type.
fn compare_inbound(old: &Surface, new: &Surface, renames: &Renames, out: &mut Changes) {
    let item = |callback: &crate::surface::InboundSurface| format!("callback {}", callback.name);
    for (id, before) in &old.inbound {
        let Some(after) = new.inbound.get(id) else {
            out.push(item(before), format!("callback removed (`{} {}`)", before.http, before.path), &before.pointer, Verdict::Breaking, true);
            continue;
        };
        let show = |ty: &Option<Ty>| ty.as_ref().map_or_else(|| "nothing".to_owned(), |t| format!("`{t}`"));
        let old_body = before.body.as_ref().map(|t| t.renamed(renames));
        if old_body != after.body {
            let what = format!("receives {} (was {})", show(&after.body), show(&old_body));
            out.push(item(after), what, &after.pointer, Verdict::Breaking, true);
        }
        let old_answer = before.answer.as_ref().map(|t| t.renamed(renames));
        if old_answer != after.answer {
            let what = format!("answered with {} (was {})", show(&after.answer), show(&old_answer));
            out.push(item(after), what, &after.pointer, Verdict::Breaking, true);
        }
    }
    for after in new.inbound.iter().filter(|(id, _)| !old.inbound.contains_key(*id)).map(|(_, after)| after) {
        let what = format!("callback added (`{} {}`, served by users; receives {}, answered with {})", after.http, after.path,
            after.body.as_ref().map_or_else(|| "no body".to_owned(), |t| format!("`{t}`")),
            after.answer.as_ref().map_or_else(|| "no body".to_owned(), |t| format!("`{t}`")));
        out.push(item(after), what, &after.pointer, Verdict::Addition, false);
    }
}

/// The changes found so far.
struct Changes(Vec<Change>);

impl Changes {
    fn push(&mut self, item: String, what: String, pointer: &str, verdict: Verdict, wire: bool) {
        self.0.push(Change { item, what, pointer: pointer.to_owned(), verdict, wire });
    }
}

fn model(name: &str) -> String {
    format!("models::{name}")
}

fn shape_word(shape: &Shape) -> &'static str {
    match shape {
        Shape::Struct { .. } => "struct",
        Shape::Enum { .. } => "enum",
        Shape::TaggedUnion { .. } => "tagged union",
        Shape::UntaggedUnion { .. } => "union",
        Shape::Alias { .. } => "type alias",
    }
}

/// Pairs the types that disappeared with the new types they became.
fn pair_types<'a>(old: &Surface, new: &'a Surface) -> Renames {
    let removed: Vec<&String> = old.types.keys().filter(|k| !new.types.contains_key(*k)).collect();
    let added: Vec<&String> = new.types.keys().filter(|k| !old.types.contains_key(*k)).collect();
    let mut renames = Renames::new();
    // The same spec place under another name: a naming rule or a parent's name changed.
    for r in &removed {
        let before = &old.types[*r];
        let mut at_same_place = added.iter().filter(|a| {
            let after = &new.types[**a];
            after.pointer == before.pointer && shape_word(&after.shape) == shape_word(&before.shape)
        });
        if let (Some(a), None) = (at_same_place.next(), at_same_place.next()) {
            renames.insert((*r).clone(), (*a).clone());
        }
    }
    // The same shape: a schema renamed (or two identical ones made one).
    // Pairing a type can make its parent's shape equal, so repeat until stable.
    let new_shapes: BTreeMap<&String, Shape> = new.types.iter().map(|(name, t)| (name, normalized(&t.shape, &Renames::new()))).collect();
    let kept: Vec<&String> = new.types.keys().filter(|name| old.types.contains_key(*name)).collect();
    loop {
        let mut found = false;
        for r in &removed {
            if renames.contains_key(*r) {
                continue;
            }
            let shape = normalized(&old.types[*r].shape, &renames);
            let same_shape = |name: &&String| new_shapes[*name] == shape;
            // Of several, the one at the same place under its parent
            // (`…/tokens/properties/bambora.creditcard`), if one is nearest.
            let pointer = &old.types[*r].pointer;
            let pick = |candidates: Vec<&'a String>| -> Option<&'a String> {
                let nearest = candidates.iter().map(|name| common_tail(pointer, &new.types[*name].pointer)).max()?;
                only(candidates.into_iter().filter(|name| common_tail(pointer, &new.types[*name].pointer) == nearest))
            };
            // A new type of the same shape; else an existing one (two identical types made one).
            let target = pick(added.iter().copied().filter(same_shape).collect()).or_else(|| pick(kept.iter().copied().filter(same_shape).collect()));
            if let Some(a) = target {
                renames.insert((*r).clone(), a.clone());
                found = true;
            }
        }
        if !found {
            return renames;
        }
    }
}

/// The one item of `items`, if there is exactly one.
fn only<T>(mut items: impl Iterator<Item = T>) -> Option<T> {
    match (items.next(), items.next()) {
        (Some(item), None) => Some(item),
        _ => None,
    }
}

/// How many trailing segments two JSON pointers share.
fn common_tail(a: &str, b: &str) -> usize {
    a.rsplit('/').zip(b.rsplit('/')).take_while(|(x, y)| x == y).count()
}

/// A shape with the renames applied to the types it names and the spec
/// places left out, for comparing shapes across a rename.
fn normalized(shape: &Shape, renames: &Renames) -> Shape {
    let mut shape = shape.clone();
    match &mut shape {
        Shape::Struct { fields, additional_properties, .. } => {
            for f in fields {
                f.ty = f.ty.renamed(renames);
                f.pointer.clear();
            }
            if let Some(values) = additional_properties {
                *values = values.renamed(renames);
            }
        }
        Shape::Enum { .. } => {}
        Shape::TaggedUnion { variants, .. } => variants.iter_mut().for_each(|v| v.ty = v.ty.renamed(renames)),
        Shape::UntaggedUnion { variants } => variants.iter_mut().for_each(|v| v.ty = v.ty.renamed(renames)),
        Shape::Alias { target } => *target = target.renamed(renames),
    }
    shape
}

fn compare_types(name: &str, old: &TypeItem, new: &TypeItem, renames: &Renames, out: &mut Changes) {
    let item = model(name);
    if old.deprecated != new.deprecated {
        let what = if new.deprecated { "now deprecated" } else { "no longer deprecated" };
        out.push(item.clone(), what.to_owned(), &new.pointer, Verdict::Compatible, false);
    }
    match (&old.shape, &new.shape) {
        (
            Shape::Struct { fields: old_fields, tag: old_tag, additional_properties: old_more },
            Shape::Struct { fields: new_fields, tag: new_tag, additional_properties: new_more },
        ) => {
            compare_fields(name, old_fields, new_fields, renames, out);
            if old_tag != new_tag {
                let tag = |t: &Option<(String, String)>| t.as_ref().map_or_else(|| "no tag".to_owned(), |(p, v)| format!("`{p}` = `{v}`"));
                out.push(item.clone(), format!("writes {} (was {})", tag(new_tag), tag(old_tag)), &new.pointer, Verdict::Compatible, true);
            }
            let old_more = old_more.as_ref().map(|t| t.renamed(renames));
            if old_more.as_ref() != new_more.as_ref() {
                let text = |t: Option<&Ty>| t.map_or_else(|| "none".to_owned(), |t| format!("`{t}`"));
                let what = format!("additional properties: {} (was {})", text(new_more.as_ref()), text(old_more.as_ref()));
                out.push(item, what, &new.pointer, Verdict::Breaking, true);
            }
        }
        (Shape::Enum { values: old_values }, Shape::Enum { values: new_values }) => {
            let enum_at = format!("{}/enum", new.pointer);
            for v in old_values {
                match new_values.iter().find(|n| n.wire == v.wire) {
                    None => out.push(
                        format!("{item}::{}", v.variant),
                        format!("value `{}` removed", v.wire),
                        &enum_at,
                        Verdict::Breaking,
                        true,
                    ),
                    Some(n) if n.variant != v.variant => out.push(
                        format!("{item}::{}", v.variant),
                        format!("variant for `{}` renamed to `{}`", v.wire, n.variant),
                        &enum_at,
                        Verdict::Breaking,
                        false,
                    ),
                    Some(_) => {}
                }
            }
            for v in new_values.iter().filter(|n| !old_values.iter().any(|o| o.wire == n.wire)) {
                out.push(format!("{item}::{}", v.variant), format!("value `{}` added", v.wire), &enum_at, Verdict::Addition, true);
            }
        }
        (
            Shape::TaggedUnion { property: old_property, variants: old_variants },
            Shape::TaggedUnion { property: new_property, variants: new_variants },
        ) => {
            if old_property != new_property {
                let what = format!("chosen by `{new_property}` (was `{old_property}`)");
                out.push(item.clone(), what, &new.pointer, Verdict::Breaking, true);
            }
            for v in old_variants {
                let variant = format!("{item}::{}", v.variant);
                match new_variants.iter().find(|n| n.tag == v.tag) {
                    None => out.push(variant, format!("variant for `{}` removed", v.tag), &new.pointer, Verdict::Breaking, true),
                    Some(n) if n.variant != v.variant => {
                        out.push(variant, format!("variant for `{}` renamed to `{}`", v.tag, n.variant), &new.pointer, Verdict::Breaking, false);
                    }
                    Some(n) if v.ty.renamed(renames) != n.ty => {
                        out.push(variant, format!("holds `{}` (was `{}`)", n.ty, v.ty), &new.pointer, Verdict::Breaking, true);
                    }
                    Some(_) => {}
                }
            }
            for v in new_variants.iter().filter(|n| !old_variants.iter().any(|o| o.tag == n.tag)) {
                let what = format!("variant for `{}` = `{}` added (`{}`)", new_property, v.tag, v.ty);
                out.push(format!("{item}::{}", v.variant), what, &new.pointer, Verdict::Addition, true);
            }
        }
        (Shape::UntaggedUnion { variants: old_variants }, Shape::UntaggedUnion { variants: new_variants }) => {
            let old_types: Vec<(Ty, &str)> = old_variants.iter().map(|v| (v.ty.renamed(renames), v.variant.as_str())).collect();
            for (ty, variant) in &old_types {
                if !new_variants.iter().any(|n| n.ty == *ty) {
                    out.push(format!("{item}::{variant}"), format!("variant `{variant}({ty})` removed"), &new.pointer, Verdict::Breaking, true);
                }
            }
            for v in new_variants.iter().filter(|n| !old_types.iter().any(|(ty, _)| *ty == n.ty)) {
                let what = format!("variant `{}({})` added; the enum is exhaustive, so a `match` on it must handle it", v.variant, v.ty);
                out.push(format!("{item}::{}", v.variant), what, &new.pointer, Verdict::Breaking, true);
            }
            for v in new_variants {
                if let Some((_, old_variant)) = old_types.iter().find(|(ty, name)| *ty == v.ty && *name != v.variant) {
                    let what = format!("variant `{old_variant}` renamed to `{}`", v.variant);
                    out.push(format!("{item}::{old_variant}"), what, &new.pointer, Verdict::Breaking, false);
                }
            }
        }
        (Shape::Alias { target: old_target }, Shape::Alias { target: new_target }) => {
            if old_target.renamed(renames) != *new_target {
                out.push(item, format!("now `{new_target}` (was `{old_target}`)"), &new.pointer, Verdict::Breaking, true);
            }
        }
        (old_shape, new_shape) => {
            let what = format!("now a {} (was a {})", shape_word(new_shape), shape_word(old_shape));
            out.push(item, what, &new.pointer, Verdict::Breaking, true);
        }
    }
}

fn compare_fields(name: &str, old: &[FieldItem], new: &[FieldItem], renames: &Renames, out: &mut Changes) {
    let item = |f: &FieldItem| format!("models::{name}::{}", f.rust);
    for before in old {
        let Some(after) = new.iter().find(|n| n.wire == before.wire) else {
            out.push(item(before), format!("field `{}` removed", before.wire), &before.pointer, Verdict::Breaking, true);
            continue;
        };
        let at = &after.pointer;
        if before.rust != after.rust {
            out.push(item(before), format!("renamed to `{}`", after.rust), at, Verdict::Breaking, false);
        }
        match (before.required, after.required) {
            (true, false) => out.push(item(after), "now optional; `new` no longer takes it".to_owned(), at, Verdict::Breaking, true),
            (false, true) if !after.read_only => out.push(item(after), "now required; `new` takes it".to_owned(), at, Verdict::Breaking, true),
            _ => {}
        }
        if before.read_only != after.read_only {
            let what = if after.read_only {
                "now read-only: set by the server, private with a getter"
            } else {
                "no longer read-only: a public field that requests can set"
            };
            out.push(item(after), what.to_owned(), at, Verdict::Breaking, true);
        }
        if before.nullable != after.nullable {
            let what = if after.nullable { "now nullable: `null` is a value" } else { "no longer nullable" };
            out.push(item(after), what.to_owned(), at, Verdict::Breaking, true);
        }
        let (old_inner, new_inner) = (value_type(before).renamed(renames), value_type(after));
        if old_inner != *new_inner {
            let what = format!("type `{new_inner}` (was `{old_inner}`)");
            out.push(item(after), what, at, Verdict::Breaking, old_inner.wire_form() != new_inner.wire_form());
        }
        if before.deprecated != after.deprecated {
            let what = if after.deprecated { "now deprecated" } else { "no longer deprecated" };
            out.push(item(after), what.to_owned(), at, Verdict::Compatible, false);
        }
    }
    for added in new.iter().filter(|n| !old.iter().any(|o| o.wire == n.wire)) {
        let (what, verdict) = if added.required {
            (format!("required field `{}` added (`{}`); `new` takes it", added.wire, added.ty), Verdict::Breaking)
        } else if added.read_only {
            (format!("read-only field `{}` added (`{}`)", added.wire, added.ty), Verdict::Addition)
        } else {
            (format!("optional field `{}` added (`{}`)", added.wire, added.ty), Verdict::Addition)
        };
        out.push(item(added), what, &added.pointer, verdict, true);
    }
}

/// The field's value type, without the `Option`s that `required` and
/// `nullable` add (those changes are reported on their own).
fn value_type(field: &FieldItem) -> &Ty {
    field.ty.without_options(crate::ir::option_layers(field.required, field.nullable))
}

fn compare_operations(old: &Surface, new: &Surface, renames: &Renames, out: &mut Changes) {
    let removed: Vec<&String> = old.operations.keys().filter(|k| !new.operations.contains_key(*k)).collect();
    let added: Vec<&String> = new.operations.keys().filter(|k| !old.operations.contains_key(*k)).collect();
    // An operationId that changed while the method and path stayed is the same operation.
    let mut paired: BTreeMap<&String, &String> = BTreeMap::new();
    for r in &removed {
        let before = &old.operations[*r];
        let mut same_route = added.iter().filter(|a| {
            let after = &new.operations[**a];
            after.http == before.http && after.path == before.path
        });
        if let (Some(a), None) = (same_route.next(), same_route.next()) {
            paired.insert(*r, *a);
        }
    }
    for (id, before) in &old.operations {
        let after_id = new.operations.get_key_value(id).map(|(k, _)| k).or_else(|| paired.get(id).copied());
        match after_id {
            Some(after_id) => compare_operation(before, &new.operations[after_id], renames, out),
            None => {
                let what = format!("method removed (`{} {}`)", before.http, before.path);
                out.push(format!("Client::{}", before.method), what, &before.pointer, Verdict::Breaking, true);
            }
        }
    }
    let paired_to: BTreeSet<&&String> = paired.values().collect();
    for (id, after) in &new.operations {
        if !old.operations.contains_key(id) && !paired_to.contains(&id) {
            let statuses: Vec<String> = after.responses.iter().map(|r| r.status.to_string()).collect();
            let what = format!("method added (`{} {}`, success {})", after.http, after.path, statuses.join(" or "));
            out.push(format!("Client::{}", after.method), what, &after.pointer, Verdict::Addition, true);
        }
    }
}

fn compare_operation(old: &OperationItem, new: &OperationItem, renames: &Renames, out: &mut Changes) {
    let item = format!("Client::{}", new.method);
    let at = &new.pointer;
    let first_change = out.0.len();
    compare_route(old, new, &item, out);
    compare_server_and_security(old, new, &item, out);
    compare_stream(old, new, renames, &item, out);
    compare_params(old, new, renames, &item, out);
    compare_body(old, new, renames, &item, out);
    compare_responses(old, new, renames, &item, out);
    compare_statuses_and_flags(old, new, &item, out);
    let old_arguments: Vec<crate::surface::ArgumentItem> = old
        .arguments
        .iter()
        .map(|a| crate::surface::ArgumentItem { name: a.name.clone(), arg: crate::rust_api::Arg { ty: a.arg.ty.renamed(renames), taking: a.arg.taking } })
        .collect();
    let old_returns = old.returns.renamed(renames);
    let old_signature = crate::surface::Signature { arguments: &old_arguments, call: &old.call, returns: &old_returns };
    let broken_already = out.0[first_change..].iter().any(|c| c.verdict == Verdict::Breaking);
    if old_signature != new.signature() && !broken_already {
        let what = format!("signature `{}` (was `{old_signature}`)", new.signature());
        out.push(item, what, at, Verdict::Breaking, false);
    }
}

/// The method name, the route, and whether a method that was never retried after an ambiguous failure now is.
fn compare_route(old: &OperationItem, new: &OperationItem, item: &str, out: &mut Changes) {
    let at = &new.pointer;
    if old.method != new.method {
        out.push(format!("Client::{}", old.method), format!("renamed to `{}`", new.method), at, Verdict::Breaking, false);
    }
    if (&old.http, &old.path) != (&new.http, &new.path) {
        let what = format!("now `{} {}` (was `{} {}`)", new.http, new.path, old.http, old.path);
        out.push(item.to_owned(), what, at, Verdict::Compatible, true);
    }
    // The client retries an idempotent method (GET, PUT, DELETE, HEAD) after
    // timeouts and dropped connections too; any other (POST, PATCH) only when
    // it certainly did nothing.
    let retried_when_ambiguous = |method: &str| matches!(method, "GET" | "PUT" | "DELETE" | "HEAD");
    if !retried_when_ambiguous(&old.http) && retried_when_ambiguous(&new.http) && !new.moves_money {
        let what = format!(
            "retried after timeouts and dropped connections too, as a `{}` (was `{}`: retried only when it certainly did nothing)",
            new.http, old.http
        );
        out.push(item.to_owned(), what, at, Verdict::SafetyLoss, false);
    }
}

/// Where the call is sent and with which credentials.
fn compare_server_and_security(old: &OperationItem, new: &OperationItem, item: &str, out: &mut Changes) {
    let at = &new.pointer;
    // Surfaces written before servers were recorded have no URL to compare;
    // a changed path is reported above, so only the part before it counts.
    let base = |op: &OperationItem| op.url.strip_suffix(op.path.as_str()).unwrap_or(&op.url).to_owned();
    if !old.url.is_empty() && (old.server != new.server || base(old) != base(new)) {
        let what = if old.server == new.server {
            format!("now sent to `{}` (was `{}`)", new.url, old.url)
        } else {
            format!(
                "now sent to server `{}`, `{}` (was `{}`, `{}`): a client that overrides a server's URL sends it elsewhere",
                new.server, new.url, old.server, old.url
            )
        };
        let verdict = if old.server == new.server { Verdict::Compatible } else { Verdict::Breaking };
        out.push(item.to_owned(), what, at, verdict, true);
    }
    if !old.url.is_empty() && old.security != new.security {
        let show = |security: &[Vec<String>]| match security {
            [] => "no credentials".to_owned(),
            alternatives => alternatives.iter().map(|r| r.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" and ")).collect::<Vec<_>>().join(" or "),
        };
        let anonymous = |security: &[Vec<String>]| security.is_empty() || security.iter().any(Vec::is_empty);
        let what = format!("authenticates with {} (was {})", show(&new.security), show(&old.security));
        let verdict = if anonymous(&new.security) && !anonymous(&old.security) { Verdict::SafetyLoss } else { Verdict::Compatible };
        out.push(item.to_owned(), what, at, verdict, true);
    }
}

/// The `into_stream` of a paginated list.
fn compare_stream(old: &OperationItem, new: &OperationItem, renames: &Renames, item: &str, out: &mut Changes) {
    let at = &new.pointer;
    match (&old.stream, &new.stream) {
        (None, Some(item_type)) => out.push(item.to_owned(), format!("the call pages: `into_stream()` of `{item_type}` added"), at, Verdict::Addition, false),
        (Some(item_type), None) => out.push(item.to_owned(), format!("the call's `into_stream()` of `{item_type}` removed"), at, Verdict::Breaking, false),
        (Some(before), Some(after)) if before.renamed(renames) != *after => {
            out.push(item.to_owned(), format!("`into_stream()` yields `{after}` (was `{before}`)"), at, Verdict::Breaking, false);
        }
        _ => {}
    }
}

/// Path, query and header parameters, paired by place and wire name.
fn compare_params(old: &OperationItem, new: &OperationItem, renames: &Renames, item: &str, out: &mut Changes) {
    for before in &old.params {
        let same = |p: &&crate::surface::ParamItem| p.location == before.location && p.wire == before.wire;
        let Some(after) = new.params.iter().find(same) else {
            let what = format!("{} parameter `{}` removed", before.location, before.wire);
            out.push(item.to_owned(), what, &before.pointer, Verdict::Breaking, true);
            continue;
        };
        let old_ty = before.ty.renamed(renames);
        if old_ty != after.ty {
            let what = format!("{} parameter `{}`: type `{}` (was `{old_ty}`)", after.location, after.wire, after.ty);
            out.push(item.to_owned(), what, &after.pointer, Verdict::Breaking, old_ty.wire_form() != after.ty.wire_form());
        }
        if before.required != after.required {
            let what = if after.required {
                format!("{} parameter `{}` now required: an argument, no longer a setter", after.location, after.wire)
            } else {
                format!("{} parameter `{}` now optional: a setter, no longer an argument", after.location, after.wire)
            };
            out.push(item.to_owned(), what, &after.pointer, Verdict::Breaking, true);
        } else if before.rust != after.rust {
            let what = format!("{} parameter `{}` renamed to `{}` in Rust", after.location, after.wire, after.rust);
            out.push(item.to_owned(), what, &after.pointer, Verdict::Breaking, false);
        }
    }
    for added in new.params.iter().filter(|n| !old.params.iter().any(|o| o.location == n.location && o.wire == n.wire)) {
        if added.required {
            let what = format!("required {} parameter `{}` added: a new argument", added.location, added.wire);
            out.push(item.to_owned(), what, &added.pointer, Verdict::Breaking, true);
        } else {
            // The params struct is `#[non_exhaustive]`: a new field breaks no one.
            let what = format!("optional {} parameter `{}` added: a new setter (`{}`)", added.location, added.wire, added.rust);
            out.push(item.to_owned(), what, &added.pointer, Verdict::Addition, true);
        }
    }
}

/// The request body.
fn compare_body(old: &OperationItem, new: &OperationItem, renames: &Renames, item: &str, out: &mut Changes) {
    let at = &new.pointer;
    match (&old.body, &new.body) {
        (None, Some(body)) if body.required => {
            out.push(item.to_owned(), format!("required request body `{}` added: a new argument", body.ty), at, Verdict::Breaking, true);
        }
        (None, Some(body)) => out.push(item.to_owned(), format!("optional request body `{}` added: a new setter (`body`)", body.ty), at, Verdict::Addition, true),
        (Some(body), None) => out.push(item.to_owned(), format!("request body `{}` removed", body.ty), at, Verdict::Breaking, true),
        (Some(before), Some(after)) => {
            let old_ty = before.ty.renamed(renames);
            if old_ty != after.ty {
                out.push(item.to_owned(), format!("request body `{}` (was `{old_ty}`)", after.ty), at, Verdict::Breaking, true);
            }
            if before.required != after.required {
                let what = if after.required { "request body now required: an argument, no longer a setter" } else { "request body now optional: a setter, no longer an argument" };
                out.push(item.to_owned(), what.to_owned(), at, Verdict::Breaking, true);
            }
        }
        (None, None) => {}
    }
}

/// Documented error statuses, deprecation and money-moving.
fn compare_statuses_and_flags(old: &OperationItem, new: &OperationItem, item: &str, out: &mut Changes) {
    let at = &new.pointer;
    for status in old.errors.iter().filter(|s| !new.errors.contains(s)) {
        out.push(item.to_owned(), format!("error status {status} no longer documented"), at, Verdict::Compatible, true);
    }
    for status in new.errors.iter().filter(|s| !old.errors.contains(s)) {
        out.push(item.to_owned(), format!("error status {status} documented: its body is decoded into `Error::Api`"), at, Verdict::Compatible, true);
    }
    if old.deprecated != new.deprecated {
        let what = if new.deprecated { "now deprecated" } else { "no longer deprecated" };
        out.push(item.to_owned(), what.to_owned(), at, Verdict::Compatible, false);
    }
    if old.moves_money != new.moves_money {
        let what = if new.moves_money {
            "now moves money: never retried after an ambiguous failure"
        } else {
            "no longer moves money: retried after transient failures"
        };
        let verdict = if new.moves_money { Verdict::Compatible } else { Verdict::SafetyLoss };
        out.push(item.to_owned(), what.to_owned(), at, verdict, false);
    }
}


fn compare_responses(old: &OperationItem, new: &OperationItem, renames: &Renames, item: &str, out: &mut Changes) {
    let at = &new.pointer;
    let status_list = |o: &OperationItem| o.responses.iter().map(|r| r.status.to_string()).collect::<Vec<_>>().join(", ");
    match (&old.response_enum, &new.response_enum) {
        (None, Some(name)) => {
            let what = format!("returns `{name}` (success {}) instead of the body alone (success {})", status_list(new), status_list(old));
            out.push(item.to_owned(), what, at, Verdict::Breaking, true);
        }
        (Some(name), None) => {
            let body = new.responses.first().map_or(Ty::Unit, |r| r.body.clone());
            let what = format!("returns `{body}` (success {}) instead of `{name}` (success {})", status_list(new), status_list(old));
            out.push(item.to_owned(), what, at, Verdict::Breaking, true);
        }
        _ => {}
    }
    let in_enum = new.response_enum.is_some() && old.response_enum.is_some();
    if old.response_enum.is_none() && new.response_enum.is_none() && status_list(old) != status_list(new) {
        let what = format!("success status {} (was {})", status_list(new), status_list(old));
        out.push(item.to_owned(), what, at, Verdict::Compatible, true);
    }
    for before in &old.responses {
        let Some(after) = new.responses.iter().find(|r| r.status == before.status) else {
            if in_enum {
                let what = format!("success status {} removed (variant `{}`)", before.status, before.variant);
                out.push(item.to_owned(), what, at, Verdict::Breaking, true);
            }
            continue;
        };
        let old_body = before.body.renamed(renames);
        if old_body != after.body {
            let what = format!("success {} returns `{}` (was `{old_body}`)", after.status, after.body);
            out.push(item.to_owned(), what, at, Verdict::Breaking, true);
        }
        if before.headers != after.headers && in_enum {
            let what = format!("success {} headers: {:?} (was {:?})", after.status, after.headers, before.headers);
            out.push(item.to_owned(), what, at, Verdict::Breaking, true);
        }
    }
    if in_enum {
        for added in new.responses.iter().filter(|n| !old.responses.iter().any(|o| o.status == n.status)) {
            let what = format!("success status {} added (variant `{}`)", added.status, added.variant);
            out.push(item.to_owned(), what, at, Verdict::Addition, true);
        }
    }
}
