//! Pagination: which list operations page, and how, from the reviewed
//! settings (the spec describes cursors only in prose). Each description is
//! checked against the resolved types: the items must be an array reached
//! through struct fields of the success body, every cursor parameter an
//! optional string query parameter of the operation, and every cursor
//! source a field that exists. A description that names anything else is
//! an error that names the settings entry.

use super::{option_layers, Api, Operation, ResponseBody, TypeDef, TypeKind, TypeRef};
use crate::diagnostics::Diagnostic;
use crate::locate::unescape;
use crate::names::FieldName;
use crate::settings::{Applied, CursorSource};
use std::collections::BTreeMap;

/// How one list operation pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// The fields from the success body to the array of items; none when
    /// the body is the array.
    pub items: Vec<Step>,
    /// The type of one item.
    pub item: TypeRef,
    /// The query parameters the next page's cursor is sent in, in the order
    /// the settings list them.
    pub cursor: Vec<Cursor>,
}

/// One field on the way to a value.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The Rust field.
    pub field: FieldName,
    /// How many `Option`s wrap it (0, 1 or 2).
    pub options: usize,
    /// Whether it is boxed.
    pub boxed: bool,
}

/// One cursor parameter and where its next value is read.
#[derive(Debug, Clone, PartialEq)]
pub struct Cursor {
    /// The query parameter's wire name.
    pub wire: String,
    /// Its field in the params struct.
    pub param: FieldName,
    /// Where the next value comes from.
    pub from: CursorFrom,
}

/// Where a cursor's next value is read.
#[derive(Debug, Clone, PartialEq)]
pub enum CursorFrom {
    /// Fields of the response body.
    Page(Vec<Step>),
    /// Fields of the page's last item.
    LastItem(Vec<Step>),
}

/// Resolves every `[pagination]` entry of `settings` against `api`.
pub(super) fn resolve(api: &mut Api, settings: &mut Applied<'_>) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let types = &api.types;
    let mut found = BTreeMap::new();
    for (index, op) in api.operations.iter().enumerate() {
        let Some(description) = settings.pagination(&op.id) else { continue };
        let entry = format!("[pagination.{}]", op.id);
        match paging(op, description, types) {
            Ok(paging) => {
                found.insert(index, paging);
            }
            Err(message) => errors.push(Diagnostic::new(op.origin.clone(), format!("{entry}: {message}"))),
        }
    }
    for (index, paging) in found {
        api.operations[index].pagination = Some(paging);
    }
    errors
}

fn paging(op: &Operation, description: &crate::settings::Pagination, types: &BTreeMap<crate::names::TypeName, TypeDef>) -> Result<Paging, String> {
    let body = op
        .success
        .iter()
        .find_map(|s| match &s.body {
            ResponseBody::Json(ty) if s.status == 200 => Some(ty),
            _ => None,
        })
        .ok_or("the operation has no JSON `200` body to page through")?;
    let (items, array) = walk(body, &description.items, types).map_err(|e| format!("`items = {:?}`: {e}", description.items))?;
    let TypeRef::Array(item) = array else {
        return Err(format!("`items = {:?}` is not an array", description.items));
    };
    if description.cursor.is_empty() {
        return Err("no `cursor` parameter is named".to_owned());
    }
    let mut cursor = Vec::new();
    for (wire, source) in &description.cursor {
        let param = op
            .query_params
            .iter()
            .find(|p| &p.wire_name == wire)
            .ok_or_else(|| format!("`cursor.{wire}`: the operation has no query parameter `{wire}`"))?;
        if param.required || param.ty != TypeRef::String {
            return Err(format!("`cursor.{wire}`: the parameter must be an optional string"));
        }
        let (from, start, pointer) = match source {
            CursorSource { page: Some(pointer), last_item: None } => (true, body, pointer),
            CursorSource { page: None, last_item: Some(pointer) } => (false, item.as_ref(), pointer),
            _ => return Err(format!("`cursor.{wire}` must name exactly one of `page` and `last_item`")),
        };
        let (steps, ty) = walk(start, pointer, types).map_err(|e| format!("`cursor.{wire}` (`{pointer}`): {e}"))?;
        if !matches!(ty, TypeRef::String | TypeRef::I32 | TypeRef::I64 | TypeRef::DateTime | TypeRef::Date) {
            return Err(format!("`cursor.{wire}` (`{pointer}`) is not a string or a number"));
        }
        if steps.is_empty() {
            return Err(format!("`cursor.{wire}` (`{pointer}`) names no field"));
        }
        cursor.push(Cursor { wire: wire.clone(), param: param.rust_name.clone(), from: if from { CursorFrom::Page(steps) } else { CursorFrom::LastItem(steps) } });
    }
    let from_items = cursor.iter().filter(|c| matches!(c.from, CursorFrom::LastItem(_))).count();
    if from_items != 0 && from_items != cursor.len() {
        return Err("every cursor parameter reads the page, or every one reads the last item".to_owned());
    }
    Ok(Paging { items, item: (**item).clone(), cursor })
}

/// The fields a JSON pointer of property names crosses from `start`, and the
/// type it ends at.
fn walk<'t>(start: &'t TypeRef, pointer: &str, types: &'t BTreeMap<crate::names::TypeName, TypeDef>) -> Result<(Vec<Step>, &'t TypeRef), String> {
    // A named alias (`pub type StartingAfter = String`) is what it names.
    let unaliased = |mut ty: &'t TypeRef| {
        while let TypeRef::Named(name) = ty {
            match types.get(name) {
                Some(TypeDef { kind: TypeKind::Alias(target), .. }) => ty = target,
                _ => break,
            }
        }
        ty
    };
    let mut steps = Vec::new();
    let mut current = unaliased(start);
    if pointer.is_empty() {
        return Ok((steps, current));
    }
    let Some(rest) = pointer.strip_prefix('/') else { return Err("a JSON pointer starts with `/`".to_owned()) };
    for segment in rest.split('/') {
        let wire = unescape(segment);
        let TypeRef::Named(name) = current else { return Err(format!("`{wire}` is not a field: the value there is not an object")) };
        let Some(TypeDef { kind: TypeKind::Struct(s), .. }) = types.get(name) else {
            return Err(format!("`{wire}` is not a field: `{name}` is not a struct"));
        };
        let field = s.fields.iter().find(|f| f.wire_name == wire).ok_or_else(|| format!("`{name}` has no field `{wire}`"))?;
        steps.push(Step { field: field.rust_name.clone(), options: option_layers(field.required, field.nullable), boxed: field.boxed });
        current = unaliased(&field.ty);
    }
    Ok((steps, current))
}
