//! Spec descriptions as rustdoc. Descriptions are Markdown written for a web
//! page; rustdoc reads them differently: an unlabelled or indented code
//! block becomes a doctest, `[x]` an intra-doc link, a bare URL or `<tag>` a
//! warning. This module rewrites just those constructs so that `cargo doc`
//! and `cargo test` stay quiet while the text reads the same.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes for `text`, one per line.
pub fn attrs(text: &str) -> TokenStream {
    let lines = sanitize(text);
    let lines = lines.iter().map(|line| {
        let line = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote! { #[doc = #line] }
    });
    quote! { #(#lines)* }
}

/// The rustdoc-safe lines of a description.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    for raw in text.trim().lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if let Some(marker) = &fence {
            if trimmed.starts_with(marker.as_str()) {
                out.push(marker.clone());
                fence = None;
            } else {
                out.push(line.to_owned());
            }
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("```").or_else(|| trimmed.strip_prefix("~~~")) {
            let marker = trimmed[..3].to_owned();
            let lang = rest.trim();
            let lang = if lang == "rust" || lang.starts_with("rust,") { "text" } else { lang };
            let lang = if lang.is_empty() { "text" } else { lang };
            out.push(format!("{marker}{lang}"));
            fence = Some(marker);
            continue;
        }
        // At most three spaces of indentation: four would start a code block (a doctest).
        let indent = (line.len() - trimmed.len()).min(3);
        out.push(format!("{}{}", " ".repeat(indent), escape_inline(trimmed)));
    }
    if let Some(marker) = fence {
        out.push(marker);
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// Escapes brackets and angle brackets and wraps bare URLs, outside of `code`.
fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    for (i, part) in line.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(part);
            continue;
        }
        out.push_str(&escape_text(part));
    }
    out
}

fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(url_len) = url_at(rest) {
            let (url, after) = rest.split_at(url_len);
            let already_linked = out.ends_with('<') || out.ends_with("](") || out.ends_with('(');
            if already_linked {
                out.push_str(url);
            } else {
                out.push('<');
                out.push_str(url);
                out.push('>');
            }
            rest = after;
            continue;
        }
        let c = rest.chars().next().unwrap_or_default();
        match c {
            '[' => {
                if !is_markdown_link(rest) {
                    out.push('\\');
                }
                out.push('[');
            }
            ']' => {
                if !rest[1..].starts_with('(') {
                    out.push('\\');
                }
                out.push(']');
            }
            '<' if !rest[1..].starts_with("http") => out.push_str("\\<"),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Length of a URL starting at the beginning of `text`.
fn url_at(text: &str) -> Option<usize> {
    if !(text.starts_with("http://") || text.starts_with("https://")) {
        return None;
    }
    let end = text
        .find(|c: char| c.is_whitespace() || matches!(c, '>' | '<' | ')' | '"' | '`'))
        .unwrap_or(text.len());
    let url = text[..end].trim_end_matches(['.', ',', ';', ':', ']']);
    Some(url.len())
}

/// Whether `text` (starting at `[`) is `[label](target)`.
fn is_markdown_link(text: &str) -> bool {
    text.find(']').is_some_and(|close| text[close + 1..].starts_with('('))
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn code_blocks_never_become_doctests() {
        let text = "Example:\n\n```\n{\"a\": 1}\n```\n\n    indented code\n";
        assert_eq!(sanitize(text), vec!["Example:", "", "```text", "{\"a\": 1}", "```", "", "   indented code"]);
    }

    #[test]
    fn brackets_urls_and_tags_are_escaped_outside_code() {
        assert_eq!(sanitize("see https://docs.dintero.com."), vec!["see <https://docs.dintero.com>."]);
        assert_eq!(sanitize("[link](https://x.io) and [note]"), vec!["[link](https://x.io) and \\[note\\]"]);
        assert_eq!(sanitize("use <token> or `[x] <y>`"), vec!["use \\<token> or `[x] <y>`"]);
    }
}
