//! Small rewrites of YAML values the steps share: normalised keys, key
//! order, names made safe, pointers.

use super::*;


/// Keys to text and nulls dropped, as swagger2openapi sees a document after
/// reading it: null values go, except those of extensions, of `default` and
/// inside examples.
pub(super) fn normalise(value: &mut Value, at: &str) {
    match value {
        Value::Mapping(m) => normalise_entries(m, at),
        Value::Sequence(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                normalise(item, &format!("{at}/{i}"));
            }
        }
        Value::Tagged(tagged) => normalise(&mut tagged.value, at),
        _ => {}
    }
}

pub(super) fn normalise_entries(m: &mut Mapping, at: &str) {
    for (k, mut v) in std::mem::take(m) {
        let name = match &k {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => {
                m.insert(k, v);
                continue;
            }
        };
        let here = child(at, &name);
        if v.is_null() && !name.starts_with("x-") && name != "default" && !here.contains("/example") {
            continue;
        }
        normalise(&mut v, &here);
        m.insert(Value::String(name), v);
    }
}

/// Status codes first, ascending, then the other keys in order: how a
/// JavaScript object orders its keys, so how swagger2openapi writes responses.
pub(super) fn js_key_order(m: &Mapping) -> Vec<(&Value, &Value)> {
    let index = |k: &Value| k.as_str().and_then(|s| s.parse::<u32>().ok().filter(|n| *n < u32::MAX && n.to_string() == s));
    let mut numbered: Vec<(u32, &Value, &Value)> = m.iter().filter_map(|(k, v)| index(k).map(|n| (n, k, v))).collect();
    numbered.sort_by_key(|(n, _, _)| *n);
    numbered.into_iter().map(|(_, k, v)| (k, v)).chain(m.iter().filter(|(k, _)| index(k).is_none())).collect()
}

/// Security requirement names made safe, as the schemes' names are.
pub(super) fn sanitise_requirements(security: &mut Value) {
    let Value::Sequence(requirements) = security else { return };
    for requirement in requirements {
        if let Value::Mapping(requirement) = requirement {
            let renamed: Vec<(Value, String)> = requirement
                .keys()
                .filter_map(|k| k.as_str().map(|name| (k.clone(), sanitise(name))).filter(|(k, new)| k.as_str() != Some(new)))
                .collect();
            for (old, new) in renamed {
                if let Some(scopes) = requirement.shift_remove(&old) {
                    requirement.insert(Value::String(new), scopes);
                }
            }
        }
    }
}

/// Copies the extensions of `from` (not swagger2openapi's own `x-s2o-*`).
pub(super) fn copy_extensions(from: &Mapping, to: &mut Mapping) {
    for (k, v) in from {
        if k.as_str().is_some_and(|k| k.starts_with("x-") && !k.starts_with("x-s2o")) {
            to.insert(k.clone(), v.clone());
        }
    }
}

/// JavaScript's truthiness, which swagger2openapi tests optional fields by.
pub(super) fn is_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|n| n != 0.0 && !n.is_nan()),
        Value::String(s) => !s.is_empty(),
        _ => true,
    }
}

/// Sets `name`, keeping its place when it is already there (as assigning
/// a JavaScript property does).
pub(super) fn set(m: &mut Mapping, name: &str, value: Value) {
    m.insert(key(name), value);
}

pub(super) fn key(text: &str) -> Value {
    Value::String(text.to_owned())
}

pub(super) fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Sequence(items)) => items.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        _ => Vec::new(),
    }
}

/// `at` extended by one JSON pointer segment.
pub(super) fn child(at: &str, segment: &str) -> String {
    format!("{at}/{}", escape(segment))
}

/// `%XX` sequences decoded (as JavaScript's `decodeURIComponent`, without
/// its failure on malformed input).
pub(super) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// swagger2openapi's `sanitise`: the first `[]` becomes `Array`, and before
/// the first `/`, each run of characters other than ASCII letters, digits,
/// `_`, `-` and `.` becomes one `_`.
pub(super) fn sanitise(name: &str) -> String {
    let name = name.replacen("[]", "Array", 1);
    let (head, tail) = name.find('/').map_or((name.as_str(), ""), |slash| name.split_at(slash));
    let mut out = String::with_capacity(name.len());
    let mut in_run = false;
    for c in head.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
            out.push(c);
            in_run = false;
        } else if !in_run {
            out.push('_');
            in_run = true;
        }
    }
    out + tail
}

/// [`sanitise`] after every `/` became `_` (names of schemas).
pub(super) fn sanitise_all(name: &str) -> String {
    sanitise(&name.replace('/', "_"))
}

/// swagger2openapi's `toCamelCase`: lower case, and a character after `-`,
/// `_`, space, `/` or `.` upper case in place of both.
pub(super) fn camel_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.to_lowercase().chars().collect::<Vec<_>>().into_iter();
    while let Some(c) = chars.next() {
        if matches!(c, '-' | '_' | ' ' | '/' | '.') {
            if let Some(next) = chars.next() {
                out.extend(next.to_uppercase());
                continue;
            }
        }
        out.push(c);
    }
    out
}
