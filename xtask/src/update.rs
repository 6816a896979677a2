//! `cargo xtask update`: the maintainer's job when Dintero publishes a new
//! spec, in one command.
//!
//! 1. Read the new spec from a file or a URL (Dintero publishes it as
//!    Swagger 2.0 at [`UPSTREAM`]).
//! 2. Generate from it in memory, with the workspace's reviewed settings,
//!    and compare it with the committed surface: the change report.
//! 3. Only then write: the generated folders, the version the report
//!    recommends in `generated/Cargo.toml`, the report at the top of
//!    `generated/CHANGELOG.md` (which the crate ships), and last the spec
//!    itself, where the project reads it (`spec/checkout-api.yaml`; here a
//!    symlink into `../shared`, so the file it points at).
//!
//! A download that fails, a file that is not a spec, or a spec that does not
//! generate stops at step 1 or 2, and nothing is written.

use crate::{report, settings, write, DEFAULT_SPEC};
use std::path::{Path, PathBuf};

/// Where Dintero publishes the spec (Swagger 2.0).
pub const UPSTREAM: &str = "https://docs.dintero.com/specs/spec-payments.yaml";

/// The changelog the crate ships, relative to the workspace.
const CHANGELOG: &str = "generated/CHANGELOG.md";
/// The crate's manifest, relative to the workspace.
const MANIFEST: &str = "generated/Cargo.toml";

/// How `update` runs.
pub struct Options<'a> {
    /// A file or an `http(s)://` URL.
    pub from: &'a str,
    /// The date of the release, for the changelog (`YYYY-MM-DD`).
    pub date: &'a str,
}

/// Runs the update in the workspace at `root`.
pub fn run(root: &Path, options: &Options<'_>) -> Result<(), String> {
    let text = fetch(options.from)?;
    let spec_file = root.join(DEFAULT_SPEC);
    let display = DEFAULT_SPEC;
    let settings_file = settings::for_spec(root, &spec_file);
    let settings = settings::read(&settings_file)?;
    eprintln!("settings: {}", settings_file.strip_prefix(root).unwrap_or(&settings_file).display());
    // Problems of the text are named by where it came from...
    codegen::load::parse(text.as_bytes(), options.from).map_err(|e| format!("{} is not a spec this generator reads, so nothing was changed:\n{e}", options.from))?;
    // ...and the code names the file it is stored in, as `generate` does.
    let output = codegen::generate_from_text(&text, display, &settings)
        .map_err(|e| format!("{} does not generate, so nothing was changed:\n{e}", options.from))?;
    for note in &output.notes {
        eprintln!("note: {note}");
    }
    let report = report::api_changes(root, &output.surface);
    eprintln!("\n{}", report.markdown);
    for loss in report.unaccepted_safety_losses(&settings.accepted_safety_losses) {
        eprintln!("warning: safety loss, to review and accept in the settings' [accepted_safety_losses]: `{}`: {}", loss.item, loss.what);
    }

    write::replace_trees(root, &output.trees).map_err(|e| format!("writing the generated code failed: {e}"))?;
    let version = match &report.next_version {
        Some(next) => {
            set_version(&root.join(MANIFEST), next)?;
            eprintln!("{MANIFEST}: version {next}");
            next.clone()
        }
        None => report::crate_version(root).unwrap_or_default(),
    };
    if !report.changes.is_empty() {
        prepend_changelog(&root.join(CHANGELOG), &version, options, &report.markdown)?;
        eprintln!("{CHANGELOG}: the report of {version}");
    }
    store_spec(&spec_file, &text)?;
    eprintln!("{DEFAULT_SPEC}: the spec from {}", options.from);
    Ok(())
}

/// The spec's text, from a file or a URL.
fn fetch(from: &str) -> Result<String, String> {
    if from.starts_with("http://") || from.starts_with("https://") {
        let mut response = ureq::get(from).call().map_err(|e| format!("cannot download {from}, so nothing was changed: {e}"))?;
        return response.body_mut().read_to_string().map_err(|e| format!("cannot read what {from} sent, so nothing was changed: {e}"));
    }
    std::fs::read_to_string(from).map_err(|e| format!("cannot read {from}, so nothing was changed: {e}"))
}

/// Writes `text` where the project reads the spec: through a symlink, into
/// the file it points at.
fn store_spec(spec_file: &Path, text: &str) -> Result<(), String> {
    let target: PathBuf = std::fs::canonicalize(spec_file).unwrap_or_else(|_| spec_file.to_path_buf());
    let staging = target.with_extension("yaml.new");
    std::fs::write(&staging, text).map_err(|e| format!("cannot write {}: {e}", staging.display()))?;
    std::fs::rename(&staging, &target).map_err(|e| format!("cannot replace {}: {e}", target.display()))
}

/// Sets the `version` of the `[package]` table of `manifest`, keeping the
/// rest of the file as it is.
fn set_version(manifest: &Path, version: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(manifest).map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    let mut in_package = false;
    let mut done = false;
    let mut lines = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            in_package = trimmed.starts_with("[package]");
        }
        if in_package && !done && trimmed.starts_with("version") && trimmed.contains('=') {
            lines.push(format!("version = \"{version}\""));
            done = true;
        } else {
            lines.push(line.to_owned());
        }
    }
    if !done {
        return Err(format!("{} has no `version` in `[package]`", manifest.display()));
    }
    std::fs::write(manifest, lines.join("\n") + "\n").map_err(|e| format!("cannot write {}: {e}", manifest.display()))
}

/// Puts `report` at the top of the changelog, under a heading of `version`.
fn prepend_changelog(changelog: &Path, version: &str, options: &Options<'_>, report: &str) -> Result<(), String> {
    const TITLE: &str = "# Changelog\n\nEach release of `dintero-checkout`, newest first: the change report of the spec update it was generated from.\n";
    let existing = std::fs::read_to_string(changelog).unwrap_or_default();
    let rest = existing.strip_prefix(TITLE).unwrap_or(&existing).trim_start_matches('\n');
    // The report's own headings move one level down, under the release's.
    let body = report.lines().map(|l| if l.starts_with("## ") { format!("#{l}") } else { l.to_owned() }).collect::<Vec<_>>().join("\n");
    let entry = format!("## {version} ({})\n\nFrom the spec at {}.\n\n{body}\n", options.date, options.from);
    let text = if rest.is_empty() { format!("{TITLE}\n{entry}") } else { format!("{TITLE}\n{entry}\n{rest}") };
    std::fs::write(changelog, text).map_err(|e| format!("cannot write {}: {e}", changelog.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_of_the_package_table_changes_and_nothing_else() {
        let dir = std::env::temp_dir().join(format!("dintero-update-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary dir");
        let manifest = dir.join("Cargo.toml");
        std::fs::write(&manifest, "[package]\nname = \"x\"\nversion = \"0.1.0\" # the crate\n\n[dependencies]\nversion_check = { version = \"1\" }\n").expect("writes");
        set_version(&manifest, "0.2.0").expect("sets");
        let text = std::fs::read_to_string(&manifest).expect("reads");
        assert_eq!(text, "[package]\nname = \"x\"\nversion = \"0.2.0\"\n\n[dependencies]\nversion_check = { version = \"1\" }\n");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_release_goes_on_top_of_the_changelog_with_its_headings_one_level_down() {
        let dir = std::env::temp_dir().join(format!("dintero-changelog-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary dir");
        let changelog = dir.join("CHANGELOG.md");
        let first = Options { from: "a.yaml", date: "2026-12-01" };
        prepend_changelog(&changelog, "0.2.0", &first, "## API changes\n\nsome").expect("writes");
        let second = Options { from: "b.yaml", date: "2026-12-02" };
        prepend_changelog(&changelog, "0.3.0", &second, "## API changes\n\nmore").expect("writes");
        let text = std::fs::read_to_string(&changelog).expect("reads");
        let newest = text.find("## 0.3.0 (2026-12-02)").expect("the newest release");
        let older = text.find("## 0.2.0 (2026-12-01)").expect("the older release");
        assert!(newest < older, "{text}");
        assert!(text.starts_with("# Changelog\n") && text.matches("# Changelog").count() == 1, "{text}");
        assert!(text.contains("### API changes\n\nmore"), "{text}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
