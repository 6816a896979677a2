//! The report of API changes that `generate` prints: the surface committed
//! beside the crate against the one just generated.

use std::path::Path;

/// The Markdown report of what `new` changes against the surface committed
/// in the workspace at `root` (also when the output goes elsewhere, with
/// `--out-dir`), naming the next version of the crate.
pub fn api_changes(root: &Path, new: &codegen::surface::Surface) -> String {
    let committed = root.join(codegen::SURFACE_DIR).join(codegen::SURFACE_FILE);
    let old = match std::fs::read_to_string(&committed) {
        Ok(text) => codegen::surface::Surface::from_json(&text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return format!("No committed API surface ({}): nothing to compare this run with; the next run will.\n", committed.display());
        }
        Err(e) => Err(e.to_string()),
    };
    match old {
        Ok(old) => codegen::changes::markdown(&codegen::changes::compare(&old, new), crate_version(root).as_deref()),
        Err(e) => format!("The committed API surface ({}) cannot be read, so no change report: {e}\n", committed.display()),
    }
}

/// The `version` of the generated crate's manifest.
fn crate_version(root: &Path) -> Option<String> {
    let manifest = std::fs::read_to_string(root.join("generated/Cargo.toml")).ok()?;
    manifest.parse::<toml::Table>().ok()?.get("package")?.get("version")?.as_str().map(str::to_owned)
}
