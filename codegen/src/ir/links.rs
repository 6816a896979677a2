//! Links in spec descriptions that are relative to the page the spec is
//! published on (`[capture](#operation/transactions_id_capture_post)`,
//! `(/#operation/...)`) go nowhere in rustdoc: they are made absolute
//! against the published API reference the settings name, or become plain
//! text when there is none.

use super::visit::{self, VisitMut};
use super::Api;

/// Rewrites the relative links of every description in `api`.
pub(super) fn resolve(api: &mut Api, reference: Option<&str>) {
    visit::walk(api, &mut Links { reference });
}

/// Makes each description's relative links absolute against `reference`.
struct Links<'r> {
    reference: Option<&'r str>,
}

impl VisitMut for Links<'_> {
    fn docs(&mut self, docs: &mut Option<String>) {
        if let Some(text) = docs {
            *text = rewrite(text, self.reference);
        }
    }
}

/// `text` with each Markdown link whose target starts with `#` or `/#`
/// pointed at `reference` (`[x](#a)` becomes `[x](<reference>#a)`), or
/// replaced by its label when there is no reference.
fn rewrite(text: &str, reference: Option<&str>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("](") {
        let target_start = start + 2;
        let target = &rest[target_start..];
        let relative = target.strip_prefix("/#").or_else(|| target.strip_prefix('#'));
        let (Some(anchor), Some(end)) = (relative, target.find(')')) else {
            out.push_str(&rest[..target_start]);
            rest = &rest[target_start..];
            continue;
        };
        let anchor = &anchor[..anchor.find(')').unwrap_or(anchor.len())];
        match reference {
            Some(base) => {
                out.push_str(&rest[..target_start]);
                out.push_str(base.trim_end_matches('/'));
                out.push('#');
                out.push_str(anchor);
                out.push(')');
            }
            None => {
                // Drop the `[` of the label and the `](target)`.
                let before = &rest[..start];
                match before.rfind('[') {
                    Some(open) => {
                        out.push_str(&before[..open]);
                        out.push_str(&before[open + 1..]);
                    }
                    None => out.push_str(before),
                }
            }
        }
        rest = &target[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::rewrite;

    #[test]
    fn relative_links_point_at_the_reference_or_become_text() {
        let text = "See [capture](#operation/capture) and [update](/#operation/update_put), not [this](https://x.y/#a).";
        assert_eq!(
            rewrite(text, Some("https://docs.example.com/api/")),
            "See [capture](https://docs.example.com/api#operation/capture) and [update](https://docs.example.com/api#operation/update_put), not [this](https://x.y/#a)."
        );
        assert_eq!(rewrite(text, None), "See capture and update, not [this](https://x.y/#a).");
        assert_eq!(rewrite("no links](here", None), "no links](here");
    }
}
