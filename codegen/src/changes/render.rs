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
    let mut out = String::new();
    let losses: Vec<&Change> = changes.iter().filter(|c| c.verdict == Verdict::SafetyLoss).collect();
    if !losses.is_empty() {
        out.push_str("## Safety: protection lost\n\n");
        out.push_str(
            "These changes take away a protection the last release gave. `cargo xtask update`, `generate` and `generate --check` \
             stop until a reviewer accepts each one in the settings' `[accepted_safety_losses]` table (the item = why it is safe).\n\n",
        );
        out.push_str("| Rust item | change | spec |\n|---|---|---|\n");
        for change in &losses {
            out.push_str(&format!("| `{}` | {} | `{}` |\n", change.item, cell(&change.what), change.pointer));
        }
        out.push('\n');
    }
    out.push_str("## API changes\n\n");
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let safety = match count(Verdict::SafetyLoss) {
        0 => String::new(),
        n => plural(n, "safety loss, ", "safety losses, "),
    };
    out.push_str(&format!(
        "{safety}{} breaking, {}, {} compatible; {} the wire.\n\n",
        count(Verdict::Breaking),
        plural(count(Verdict::Addition), "addition", "additions"),
        count(Verdict::Compatible),
        plural(wire, "of these changes", "of these change"),
    ));
    let (level, why) = match bump {
        Bump::Major if count(Verdict::Breaking) == 0 => ("major", "a protection of the last release is gone"),
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
            Verdict::SafetyLoss => "**safety loss**",
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
