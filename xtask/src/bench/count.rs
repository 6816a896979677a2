//! Sizes of a crate's source: lines, and public types found by parsing it
//! with syn (not by grepping, so a `pub struct` in a doc comment or string
//! is not counted); and the warnings in cargo's JSON messages.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// What a folder of Rust sources holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceCounts {
    pub files: usize,
    /// Every line.
    pub lines: usize,
    /// Lines that are neither blank nor only a comment (doc comments included).
    pub code_lines: usize,
    /// `pub` structs, enums, type aliases, traits and unions, in any module.
    pub public_types: usize,
    /// `pub async fn`s, free or in an `impl`: the calls a client offers.
    pub public_async_fns: usize,
}

/// Counts every `.rs` file under `dir`.
pub fn sources(dir: &Path) -> Result<SourceCounts, String> {
    let mut counts = SourceCounts::default();
    for path in rust_files(dir)? {
        let text = fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let file = syn::parse_file(&text).map_err(|e| format!("{} does not parse: {e}", path.display()))?;
        counts.files += 1;
        counts.lines += text.lines().count();
        counts.code_lines += text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with("//")).count();
        counts.public_types += public_types(&file.items);
        counts.public_async_fns += public_async_fns(&file.items);
    }
    Ok(counts)
}

fn rust_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(at) = pending.pop() {
        for entry in fs::read_dir(&at).map_err(|e| format!("cannot list {}: {e}", at.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

fn public_types(items: &[syn::Item]) -> usize {
    let public = |vis: &syn::Visibility| matches!(vis, syn::Visibility::Public(_));
    items
        .iter()
        .map(|item| match item {
            syn::Item::Struct(s) => usize::from(public(&s.vis)),
            syn::Item::Enum(e) => usize::from(public(&e.vis)),
            syn::Item::Type(t) => usize::from(public(&t.vis)),
            syn::Item::Trait(t) => usize::from(public(&t.vis)),
            syn::Item::Union(u) => usize::from(public(&u.vis)),
            syn::Item::Mod(m) => m.content.as_ref().map_or(0, |(_, items)| public_types(items)),
            _ => 0,
        })
        .sum()
}

fn public_async_fns(items: &[syn::Item]) -> usize {
    let public_async = |vis: &syn::Visibility, sig: &syn::Signature| matches!(vis, syn::Visibility::Public(_)) && sig.asyncness.is_some();
    items
        .iter()
        .map(|item| match item {
            syn::Item::Fn(f) => usize::from(public_async(&f.vis, &f.sig)),
            syn::Item::Impl(i) => i.items.iter().filter(|m| matches!(m, syn::ImplItem::Fn(f) if public_async(&f.vis, &f.sig))).count(),
            syn::Item::Mod(m) => m.content.as_ref().map_or(0, |(_, items)| public_async_fns(items)),
            _ => 0,
        })
        .sum()
}

/// The warnings rustc (or clippy) reported for the library of package
/// `package` in cargo's `--message-format=json` output, counted by lint name
/// (`unused_imports`, `clippy::needless_return`, ...). The "N warnings
/// emitted" summary, which has no place in the code, is not one of them.
pub fn warnings(cargo_json: &str, package: &str) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    let messages = cargo_json
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-message" && m["target"]["name"] == package.replace('-', "_"))
        .filter(|m| m["message"]["level"] == "warning" && m["message"]["spans"].as_array().is_some_and(|s| !s.is_empty()));
    for message in messages {
        let lint = message["message"]["code"]["code"].as_str().unwrap_or("other").to_owned();
        *counts.entry(lint).or_insert(0) += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_types_are_counted_by_parsing_not_by_text() {
        let file = syn::parse_file(
            r#"
            /// A `pub struct Fake` in a doc comment is not a type.
            pub struct A;
            struct Private;
            pub(crate) enum Crate { X }
            pub enum B { X }
            pub type C = A;
            pub trait D {}
            pub mod inner { pub struct E; const S: &str = "pub struct F;"; }
            "#,
        )
        .expect("parses");
        assert_eq!(public_types(&file.items), 5);
    }

    #[test]
    fn public_async_functions_are_counted_free_and_in_impls() {
        let file = syn::parse_file(
            "pub async fn a() {} async fn private() {} pub fn sync() {} impl X { pub async fn b(&self) {} async fn c(&self) {} }",
        )
        .expect("parses");
        assert_eq!(public_async_fns(&file.items), 2);
    }

    #[test]
    fn warnings_are_those_of_the_package_with_a_place_by_lint() {
        let messages = [
            r#"{"reason":"compiler-message","target":{"name":"dintero_checkout"},"message":{"level":"warning","code":{"code":"missing_docs"},"spans":[{"line_start":1}]}}"#,
            r#"{"reason":"compiler-message","target":{"name":"dintero_checkout"},"message":{"level":"warning","code":{"code":"missing_docs"},"spans":[{"line_start":2}]}}"#,
            r#"{"reason":"compiler-message","target":{"name":"dintero_checkout"},"message":{"level":"warning","code":null,"spans":[]}}"#,
            r#"{"reason":"compiler-message","target":{"name":"url"},"message":{"level":"warning","code":{"code":"unused"},"spans":[{"line_start":1}]}}"#,
            r#"{"reason":"compiler-artifact","target":{"name":"dintero_checkout"}}"#,
            "not json",
        ]
        .join("\n");
        assert_eq!(warnings(&messages, "dintero-checkout"), BTreeMap::from([("missing_docs".to_owned(), 2)]));
    }
}
