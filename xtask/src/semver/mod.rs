//! `cargo xtask semver`: the breaking verdicts of our change report checked
//! against cargo-semver-checks, on the fixture pairs of
//! `spec/fixtures/changes/`. For each pair, the crate is generated from the
//! old and the new spec and written as a standalone crate
//! (`target/semver/<case>/{old,new}`, see [`fixture`]); the pinned tool
//! compares the two as a minor release, so every lint that calls for a
//! major release fires; the table of both answers goes into SEMVER.md
//! (between markers) and to stdout.
//!
//! Not part of `cargo xtask test`: it installs the tool on first use (a
//! release build of minutes) and builds rustdoc JSON for 40 crates.

mod fixture;
mod notes;
mod table;
mod tool;

use crate::bench::report::{update, Markers};
use codegen::changes::{bump, compare, Verdict};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What to run.
pub struct Options {
    /// Only these fixture pairs (all when empty); SEMVER.md is then left alone.
    pub cases: Vec<String>,
}

const MARKERS: Markers = Markers { begin: "<!-- semver:begin (written by `cargo xtask semver`) -->", end: "<!-- semver:end -->" };

/// Where the fixture pairs are, relative to the workspace.
const FIXTURES: &str = "spec/fixtures/changes";

pub fn run(root: &Path, options: &Options) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let target_dir = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let work = target_dir.join("semver");
    // One target directory for all 40 crates: their dependencies are built once.
    let shared_target = work.join("target");
    let cases = cases(root, &options.cases)?;
    let binary = tool::install(&cargo, &target_dir.join("semver-tool"))?;
    let template = fixture::Template::read(root)?;
    let mut rows = Vec::new();
    for case in &cases {
        eprintln!("==> {case}");
        let [old, new] = ["old", "new"].map(|side| {
            let (display, settings) = fixture_side(root, case, side)?;
            codegen::generate(&root.join(&display), &display, &settings).map_err(|e| format!("{display}: {e}"))
        });
        let (old, new) = (old?, new?);
        let changes = compare(&old.surface, &new.surface);
        let breaking = changes.iter().filter(|c| c.verdict == Verdict::Breaking).map(|c| format!("`{}`: {}", c.item, c.what)).collect();
        let ours = table::Ours { bump: bump(&changes), breaking };
        let (old_dir, new_dir) = (work.join(case).join("old"), work.join(case).join("new"));
        template.write(&old_dir, &generated_files(&old))?;
        template.write(&new_dir, &generated_files(&new))?;
        let output = tool::check_job(&binary, &old_dir, &new_dir, &shared_target).output()?;
        let tool = tool::parse(&String::from_utf8_lossy(&output.stdout), &String::from_utf8_lossy(&output.stderr));
        if let Err(e) = &tool {
            eprintln!("{e}");
        }
        rows.push(table::Row { case: case.clone(), ours, tool });
    }
    let agreeing = rows.iter().filter(|r| r.agree() == Some(true)).count();
    let figures = format!(
        "{}\n{}\n{}",
        method(&cargo, agreeing, rows.len()),
        table::table(&rows).markdown(),
        table::details(&rows, &format!("{}/", work.display()))
    );
    println!("{figures}");
    if options.cases.is_empty() {
        let path = root.join("SEMVER.md");
        update(&path, MARKERS, "# Our breaking verdicts against cargo-semver-checks\n\nWritten by `cargo xtask semver`.\n", &figures)?;
        eprintln!("==> table written to {}", path.display());
    }
    let failed: Vec<&str> = rows.iter().filter(|r| r.tool.is_err()).map(|r| r.case.as_str()).collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("cargo-semver-checks gave no report for {}", failed.join(", ")))
    }
}

/// One side of a fixture pair: its spec (`old.yaml`; `new.yaml`, or the
/// pair's one other spec, such as Dintero's `spec-payments.yaml`) and its
/// settings (`<side>.rust.toml`, else `settings.rust.toml`, else none), as
/// the change-report tests read them.
fn fixture_side(root: &Path, case: &str, side: &str) -> Result<(String, codegen::Settings), String> {
    let dir = root.join(FIXTURES).join(case);
    let spec = if side == "old" || dir.join("new.yaml").is_file() {
        format!("{side}.yaml")
    } else {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        let other = entries.filter_map(|e| e.ok()?.file_name().into_string().ok()).find(|n| n.ends_with(".yaml") && n != "old.yaml");
        other.ok_or_else(|| format!("{}: no new spec", dir.display()))?
    };
    let settings_file = [format!("{side}.rust.toml"), "settings.rust.toml".to_owned()].into_iter().map(|f| dir.join(f)).find(|f| f.is_file());
    let settings = match settings_file {
        Some(file) => crate::settings::read(&file)?,
        None => codegen::Settings::default(),
    };
    Ok((format!("{FIXTURES}/{case}/{spec}"), settings))
}

/// The fixture pairs, sorted; `only` (when not empty) must name some of them.
fn cases(root: &Path, only: &[String]) -> Result<Vec<String>, String> {
    let dir = root.join(FIXTURES);
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut cases: Vec<String> = entries.filter_map(|e| e.ok().filter(|e| e.path().is_dir()).map(|e| e.file_name().to_string_lossy().into_owned())).collect();
    cases.sort();
    if let Some(unknown) = only.iter().find(|c| !cases.contains(c)) {
        return Err(format!("no fixture pair `{unknown}` in {FIXTURES}"));
    }
    cases.retain(|c| only.is_empty() || only.contains(c));
    Ok(cases)
}

/// The files of `src/generated/` (the user-facing crate's generated folder).
fn generated_files(output: &codegen::Output) -> BTreeMap<String, String> {
    output.trees.iter().filter(|t| t.dir == codegen::CRATE_DIR).flat_map(|t| t.files.clone()).collect()
}

/// How the table was made, as one paragraph.
fn method(cargo: &str, agreeing: usize, total: usize) -> String {
    format!(
        "Run {}; cargo-semver-checks {}. For each pair: `cargo-semver-checks semver-checks check-release --baseline-root target/semver/<case>/old --manifest-path target/semver/<case>/new/Cargo.toml --release-type minor --color never -v`. Both sides agree on {agreeing} of {total} pairs.\n",
        crate::bench::environment(cargo),
        tool::VERSION,
    )
}
