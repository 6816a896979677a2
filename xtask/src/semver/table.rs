//! The comparison as Markdown: one row per fixture pair (our verdict,
//! cargo-semver-checks' lints, whether they agree, and the reviewed reason
//! when they do not), then what each side named, pair by pair.

use super::notes::{Note, NOTES};
use super::tool::{Finding, Level, Report};
use crate::bench::report::Table;
use codegen::changes::Bump;

/// What both sides said of one fixture pair.
#[derive(Clone, Debug)]
pub struct Row {
    pub case: String,
    pub ours: Ours,
    /// The tool's report, or why there is none.
    pub tool: Result<Report, String>,
}

/// Our change report, reduced to what the table shows.
#[derive(Clone, Debug)]
pub struct Ours {
    pub bump: Bump,
    /// The items of our breaking changes, with what changed.
    pub breaking: Vec<String>,
}

impl Row {
    /// `Some(true)` when both call for a major release or neither does;
    /// `None` when the tool gave no report.
    pub fn agree(&self) -> Option<bool> {
        let tool = self.tool.as_ref().ok()?;
        Some((self.ours.bump == Bump::Major) == tool.major())
    }

    /// The major lints that fired, sorted, without repeats.
    fn major_lints(&self) -> Vec<&str> {
        let mut lints: Vec<&str> = self.tool.as_ref().map(|r| r.major_findings().map(|f| f.lint.as_str()).collect()).unwrap_or_default();
        lints.sort_unstable();
        lints.dedup();
        lints
    }
}

/// The table, with the reviewed notes of [`NOTES`].
pub fn table(rows: &[Row]) -> Table {
    table_with(rows, NOTES)
}

fn table_with(rows: &[Row], notes: &[Note]) -> Table {
    let mut t = Table::new(
        "Breaking or not: our change report against cargo-semver-checks",
        &["case", "our verdict (bump, breaking changes)", "cargo-semver-checks (major?, lints fired)", "agree?", "why they differ"],
    );
    for row in rows {
        let agree = match row.agree() {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "?",
        };
        t.row(vec![format!("`{}`", row.case), ours_cell(&row.ours), tool_cell(&row.tool), agree.to_owned(), why_cell(row, notes)]);
    }
    t
}

fn ours_cell(ours: &Ours) -> String {
    let bump = match ours.bump {
        Bump::Major => "**major**",
        Bump::Minor => "minor",
        Bump::Patch => "patch",
        Bump::None => "none",
    };
    format!("{bump}, {} breaking", ours.breaking.len())
}

fn tool_cell(tool: &Result<Report, String>) -> String {
    let report = match tool {
        Ok(report) => report,
        Err(e) => return format!("no report: {}", cell(e.lines().next().unwrap_or(""))),
    };
    let lint = |f: &Finding| {
        let times = if f.places.len() > 1 { format!(" ×{}", f.places.len()) } else { String::new() };
        let warn = if f.denied { "" } else { " (warn)" };
        format!("`{}`{times}{warn}", f.lint)
    };
    let major: Vec<String> = report.major_findings().map(lint).collect();
    let minor: Vec<String> = report.findings.iter().filter(|f| f.level != Level::Major).map(lint).collect();
    let mut text = if major.is_empty() { "not major".to_owned() } else { format!("**major**: {}", major.join(", ")) };
    if !minor.is_empty() {
        text.push_str(&format!("; minor: {}", minor.join(", ")));
    }
    text
}

/// The reviewed reason for the row, marked when it was written for other lints.
fn why_cell(row: &Row, notes: &[Note]) -> String {
    let lints = row.major_lints();
    match (notes.iter().find(|n| n.case == row.case), row.agree()) {
        (Some(note), _) if note.lints != lints.as_slice() => {
            format!("{} (**re-check**: written when the tool fired {})", note.why, listed(note.lints))
        }
        (Some(note), _) => note.why.to_owned(),
        (None, Some(false)) => "**not analysed yet**".to_owned(),
        (None, _) => String::new(),
    }
}

fn listed(lints: &[&str]) -> String {
    if lints.is_empty() {
        "no major lint".to_owned()
    } else {
        lints.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", ")
    }
}

/// Pair by pair: our breaking changes and the places each major lint fired,
/// with `prefix` (the scratch directory) left out of the paths.
pub fn details(rows: &[Row], prefix: &str) -> String {
    let mut out = String::from("<details><summary>What each side named, pair by pair</summary>\n\n");
    for row in rows {
        let findings: Vec<&Finding> = row.tool.as_ref().map(|r| r.major_findings().collect()).unwrap_or_default();
        if row.ours.breaking.is_empty() && findings.is_empty() {
            continue;
        }
        out.push_str(&format!("#### `{}`\n\n", row.case));
        for item in &row.ours.breaking {
            out.push_str(&format!("- ours: {}\n", cell(item)));
        }
        for f in findings {
            for place in &f.places {
                out.push_str(&format!("- `{}`: {}\n", f.lint, cell(&place.replace(prefix, ""))));
            }
        }
        out.push('\n');
    }
    out.push_str("</details>\n");
    out
}

/// Text safe inside a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::super::tool::Level;
    use super::*;

    fn finding(lint: &str, level: Level, places: &[&str]) -> Finding {
        Finding { lint: lint.to_owned(), level, denied: true, places: places.iter().map(|p| (*p).to_owned()).collect() }
    }

    fn row(case: &str, bump: Bump, breaking: &[&str], findings: Vec<Finding>) -> Row {
        Row { case: case.to_owned(), ours: Ours { bump, breaking: breaking.iter().map(|b| (*b).to_owned()).collect() }, tool: Ok(Report { findings }) }
    }

    const NOTES: &[Note] = &[
        Note { case: "field_type_changed", lints: &[], why: "the tool does not compare field types" },
        Note { case: "stale", lints: &["enum_missing"], why: "an old reason" },
    ];

    #[test]
    fn rows_compare_the_release_each_side_calls_for() {
        let rows = [
            row("no_change", Bump::None, &[], vec![]),
            row("removed", Bump::Major, &["`models::A`: struct removed"], vec![finding("struct_missing", Level::Major, &["struct A, previously in file /s/old/src/generated/models.rs:3"])]),
            row("field_type_changed", Bump::Major, &["x", "y"], vec![]),
            row("missed", Bump::Minor, &[], vec![finding("enum_variant_added", Level::Major, &["a", "b"])]),
            row("stale", Bump::Major, &["z"], vec![finding("struct_missing", Level::Major, &["c"])]),
            Row { case: "broken".to_owned(), ours: Ours { bump: Bump::Patch, breaking: vec![] }, tool: Err("checked nothing\nmore".to_owned()) },
        ];
        let t = table_with(&rows, NOTES);
        let cells: Vec<Vec<&str>> = t.rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
        assert_eq!(cells[0], ["`no_change`", "none, 0 breaking", "not major", "yes", ""]);
        assert_eq!(cells[1], ["`removed`", "**major**, 1 breaking", "**major**: `struct_missing`", "yes", ""]);
        assert_eq!(cells[2], ["`field_type_changed`", "**major**, 2 breaking", "not major", "**no**", "the tool does not compare field types"]);
        assert_eq!(cells[3], ["`missed`", "minor, 0 breaking", "**major**: `enum_variant_added` ×2", "**no**", "**not analysed yet**"]);
        assert_eq!(cells[4][4], "an old reason (**re-check**: written when the tool fired `enum_missing`)");
        assert_eq!(cells[5], ["`broken`", "patch, 0 breaking", "no report: checked nothing", "?", ""]);
    }

    #[test]
    fn minor_lints_and_warnings_are_shown_apart() {
        let mut warned = finding("function_must_use_added", Level::Major, &["f"]);
        warned.denied = false;
        let r = row("x", Bump::Major, &[], vec![finding("struct_missing", Level::Major, &["a"]), warned, finding("type_marked_deprecated", Level::Minor, &["b"])]);
        assert_eq!(tool_cell(&r.tool), "**major**: `struct_missing`, `function_must_use_added` (warn); minor: `type_marked_deprecated`");
    }

    #[test]
    fn details_list_both_sides_without_the_scratch_path() {
        let rows = [
            row("no_change", Bump::None, &[], vec![]),
            row("removed", Bump::Major, &["`models::A`: struct removed"], vec![finding("struct_missing", Level::Major, &["struct A, previously in file /s/removed/old/src/generated/models.rs:3"])]),
        ];
        assert_eq!(
            details(&rows, "/s/"),
            "<details><summary>What each side named, pair by pair</summary>\n\n#### `removed`\n\n- ours: `models::A`: struct removed\n- `struct_missing`: struct A, previously in file removed/old/src/generated/models.rs:3\n\n</details>\n"
        );
    }
}
