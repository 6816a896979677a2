//! The report of API changes that `generate` prints: the surface committed
//! beside the crate against the one just generated.

use std::path::Path;

/// What `new` changes against the surface committed in the workspace.
pub struct Report {
    /// The changes (none when there is no committed surface to compare with).
    pub changes: Vec<codegen::changes::Change>,
    /// The report as Markdown, naming the next version of the crate.
    pub markdown: String,
    /// That next version, when something changed.
    pub next_version: Option<String>,
}

impl Report {
    /// The safety losses no entry of `accepted` (`[accepted_safety_losses]`, by Rust item) accepts.
    pub fn unaccepted_safety_losses(&self, accepted: &std::collections::BTreeMap<String, String>) -> Vec<&codegen::changes::Change> {
        self.changes.iter().filter(|c| c.verdict == codegen::changes::Verdict::SafetyLoss && !accepted.contains_key(&c.item)).collect()
    }
}

/// The report of what `new` changes against the surface committed in the
/// workspace at `root` (also when the output goes elsewhere, with
/// `--out-dir`).
pub fn api_changes(root: &Path, new: &codegen::surface::Surface) -> Report {
    let committed = root.join(codegen::SURFACE_DIR).join(codegen::SURFACE_FILE);
    let old = match std::fs::read_to_string(&committed) {
        Ok(text) => codegen::surface::Surface::from_json(&text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let markdown = format!("No committed API surface ({}): nothing to compare this run with; the next run will.\n", committed.display());
            return Report { changes: Vec::new(), markdown, next_version: None };
        }
        Err(e) => Err(e.to_string()),
    };
    match old {
        Ok(old) => {
            let changes = codegen::changes::compare(&old, new);
            let version = crate_version(root);
            let bump = codegen::changes::bump(&changes);
            let next_version = version.as_deref().and_then(|v| codegen::changes::next_version(v, bump)).filter(|next| Some(next) != version.as_ref());
            let markdown = codegen::changes::markdown(&changes, version.as_deref());
            Report { changes, markdown, next_version }
        }
        Err(e) => {
            let markdown = format!("The committed API surface ({}) cannot be read, so no change report: {e}\n", committed.display());
            Report { changes: Vec::new(), markdown, next_version: None }
        }
    }
}

/// The `version` of the generated crate's manifest.
pub fn crate_version(root: &Path) -> Option<String> {
    let manifest = std::fs::read_to_string(root.join("generated/Cargo.toml")).ok()?;
    manifest.parse::<toml::Table>().ok()?.get("package")?.get("version")?.as_str().map(str::to_owned)
}
