//! `cargo xtask update`: the maintainer's job when Dintero publishes a new
//! spec, in one command.
//!
//! 1. Read the new spec from a file or a URL (Dintero publishes it as
//!    Swagger 2.0 at [`UPSTREAM`]).
//! 2. Generate from it in memory, with the workspace's reviewed settings,
//!    and compare it with the committed surface: the change report.
//! 3. Stop if the report has a safety loss the settings do not accept.
//! 4. Stage the spec beside the file the project reads
//!    (`spec/checkout-api.yaml`; here a symlink into `../shared`, so beside
//!    the file it points at). A Swagger 2.0 spec is also staged as received
//!    in `spec/checkout-api.swagger2.yaml`, and the project's file is its
//!    conversion to 3.0.
//! 5. Only then write: the generated folders, the version the report
//!    recommends in `generated/Cargo.toml`, the report at the top of
//!    `generated/CHANGELOG.md` (which the crate ships), and last the staged
//!    specs, renamed into place.
//!
//! A download that fails, a file that is not a spec, a spec that does not
//! generate, an unaccepted safety loss or a spec folder that cannot be
//! written stops before step 5, and nothing is changed.

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
    let received = fetch(options.from)?;
    // Problems of the text are named by where it came from.
    codegen::load::parse(received.as_bytes(), options.from)
        .map_err(|e| format!("{} is not a spec this generator reads, so nothing was changed:\n{e}", options.from))?;
    // What the project reads is OpenAPI 3.0 (`spec/checkout-api.yaml`); a
    // Swagger 2.0 spec, as Dintero publishes it, is also kept as received
    // beside it (`spec/checkout-api.swagger2.yaml`), and the project's file
    // is its conversion.
    let (openapi, swagger2) = match swagger2_source(&received) {
        Some(source) => {
            // The conversion `load` just made without problems, as YAML: the
            // same document, key for key, as Dintero's own 3.0 rendering
            // (`swagger2::the_converted_document_is_dinteros_3_0_rendering`).
            let converted = codegen::swagger2::convert(&source).map_err(|problems| format!("{} cannot be converted: {problems:?}", options.from))?;
            let text = serde_yaml::to_string(&converted.document).map_err(|e| format!("cannot write the converted spec: {e}"))?;
            (format!("{CONVERTED_HEADER}{text}"), Some(received))
        }
        None => (received, None),
    };
    let spec_file = root.join(DEFAULT_SPEC);
    let settings_file = settings::for_spec(root, &spec_file);
    let settings = settings::read(&settings_file)?;
    eprintln!("settings: {}", settings_file.strip_prefix(root).unwrap_or(&settings_file).display());
    // The code names the file the spec is stored in, as `generate` does.
    let output = codegen::generate_from_text(&openapi, DEFAULT_SPEC, &settings)
        .map_err(|e| format!("{} does not generate, so nothing was changed:\n{e}", options.from))?;
    for note in &output.notes {
        eprintln!("note: {note}");
    }
    let report = report::api_changes(root, &output.surface);
    eprintln!("\n{}", report.markdown);
    let unaccepted = report.unaccepted_safety_losses(&settings.accepted_safety_losses);
    if !unaccepted.is_empty() {
        return Err(format!("{}, so nothing was changed", crate::unaccepted_message(&unaccepted)));
    }

    // Everything that can fail before a file changes fails here: the specs
    // are staged beside their targets (a read-only `../shared` says so now).
    let mut staged = vec![Staged::new(&spec_file, &openapi)?];
    if let Some(text) = &swagger2 {
        staged.push(Staged::new(&root.join(SWAGGER2_SPEC), text)?);
    }
    let manifest = root.join(MANIFEST);
    let manifest_text = match &report.next_version {
        Some(next) => Some(with_version(&manifest, next)?),
        None => None,
    };

    write::replace_trees(root, &output.trees).map_err(|e| format!("writing the generated code failed: {e}"))?;
    let version = match (&report.next_version, manifest_text) {
        (Some(next), Some(text)) => {
            std::fs::write(&manifest, text).map_err(|e| format!("cannot write {}: {e}", manifest.display()))?;
            eprintln!("{MANIFEST}: version {next}");
            next.clone()
        }
        _ => report::crate_version(root).unwrap_or_default(),
    };
    if !report.changes.is_empty() {
        prepend_changelog(&root.join(CHANGELOG), &version, options, &report.markdown)?;
        eprintln!("{CHANGELOG}: the report of {version}");
    }
    for spec in staged {
        let target = spec.commit()?;
        eprintln!("{}: the spec from {}", target.display(), options.from);
    }
    if swagger2.is_none() {
        eprintln!("note: {SWAGGER2_SPEC} still holds the last version's Swagger 2.0 rendering: put Dintero's rendering of this version there (`swagger2::both_renderings_of_the_spec_generate_identical_code` compares the two)");
    }
    Ok(())
}

/// The first lines of a spec converted from Swagger 2.0.
const CONVERTED_HEADER: &str = "# OpenAPI 3.0, converted by `cargo xtask update` from Dintero's Swagger 2.0\n# spec (spec/checkout-api.swagger2.yaml beside this file), as swagger2openapi\n# converts it.\n";

/// The Swagger 2.0 rendering of the spec, relative to the workspace.
const SWAGGER2_SPEC: &str = "spec/checkout-api.swagger2.yaml";

/// `text` as YAML, when it is a Swagger 2.0 document (a top-level `swagger` key).
fn swagger2_source(text: &str) -> Option<serde_yaml::Value> {
    serde_yaml::from_str::<serde_yaml::Value>(text).ok().filter(|v| v.get("swagger").is_some())
}

/// A spec written beside the file it replaces, renamed over it last.
struct Staged {
    staging: PathBuf,
    target: PathBuf,
}

impl Staged {
    /// Writes `text` beside `file` (through a symlink: beside the file it
    /// points at).
    fn new(file: &Path, text: &str) -> Result<Self, String> {
        let target = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
        let staging = target.with_extension("yaml.new");
        std::fs::write(&staging, text).map_err(|e| format!("cannot write {}, so nothing was changed: {e}", staging.display()))?;
        Ok(Self { staging, target })
    }

    /// Puts the staged text in place; the file it replaced.
    fn commit(self) -> Result<PathBuf, String> {
        std::fs::rename(&self.staging, &self.target).map_err(|e| format!("cannot replace {}: {e}", self.target.display()))?;
        Ok(self.target)
    }
}

/// The spec's text, from a file or a URL.
fn fetch(from: &str) -> Result<String, String> {
    if from.starts_with("http://") || from.starts_with("https://") {
        let mut response = ureq::get(from).call().map_err(|e| format!("cannot download {from}, so nothing was changed: {e}"))?;
        return response.body_mut().read_to_string().map_err(|e| format!("cannot read what {from} sent, so nothing was changed: {e}"));
    }
    std::fs::read_to_string(from).map_err(|e| format!("cannot read {from}, so nothing was changed: {e}"))
}

/// `manifest`'s text with the `version` of its `[package]` table set,
/// the rest of the file as it is.
fn with_version(manifest: &Path, version: &str) -> Result<String, String> {
    let text = std::fs::read_to_string(manifest).map_err(|e| format!("cannot read {}, so nothing was changed: {e}", manifest.display()))?;
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
        return Err(format!("{} has no `version` in `[package]`, so nothing was changed", manifest.display()));
    }
    Ok(lines.join("\n") + "\n")
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
        let text = with_version(&manifest, "0.2.0").expect("sets");
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
