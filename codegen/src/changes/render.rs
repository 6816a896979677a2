//! The change report as Markdown: one table row per change (verdict, Rust
//! item, what changed, spec place, wire), breaking changes first, and the
//! version it calls for. It reads the same in a terminal.

use super::{bump, next_version, Bump, Change, Verdict};

/// The report of `changes`; `version` is the crate's current version, to
/// name the next one.
pub fn markdown(changes: &[Change], version: Option<&str>) -> String {
    let bump = bump(changes);
    if bump == Bump::None {
        return "No change to the public API or the wire: no new version is needed.\n".to_owned();
    }
    let count = |verdict: Verdict| changes.iter().filter(|c| c.verdict == verdict).count();
    let wire = changes.iter().filter(|c| c.wire).count();
    let mut out = String::from("## API changes\n\n");
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    out.push_str(&format!(
        "{} breaking, {}, {} compatible; {} the wire.\n\n",
        count(Verdict::Breaking),
        plural(count(Verdict::Addition), "addition", "additions"),
        count(Verdict::Compatible),
        plural(wire, "of these changes", "of these change"),
    ));
    let (level, why) = match bump {
        Bump::Major => ("major", "code that compiled against the last release may not compile"),
        Bump::Minor => ("minor", "new API, nothing existing changes"),
        _ => ("patch", "no public item changes; what goes over the wire does"),
    };
    let next = version.and_then(|v| next_version(v, bump).map(|n| (v, n)));
    match next {
        Some((current, next)) if current.starts_with("0.") && bump == Bump::Major => out.push_str(&format!(
            "Recommended release: **{level}** ({why}): {current} → **{next}** (before 1.0, Cargo reads the minor number as the major one).\n\n"
        )),
        Some((current, next)) => out.push_str(&format!("Recommended release: **{level}** ({why}): {current} → **{next}**.\n\n")),
        None => out.push_str(&format!("Recommended release: **{level}** ({why}).\n\n")),
    }
    out.push_str("| verdict | Rust item | change | spec | wire |\n|---|---|---|---|---|\n");
    for change in changes {
        let verdict = match change.verdict {
            Verdict::Breaking => "**breaking**",
            Verdict::Addition => "addition",
            Verdict::Compatible => "compatible",
        };
        out.push_str(&format!(
            "| {verdict} | `{}` | {} | `{}` | {} |\n",
            change.item,
            cell(&change.what),
            change.pointer,
            if change.wire { "yes" } else { "no" }
        ));
    }
    out
}

/// Text safe inside a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
