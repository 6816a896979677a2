//! Finding and reading the reviewed settings of a spec
//! (`spec/checkout-api.rust.toml`): TOML into [`codegen::Settings`].

use std::path::{Path, PathBuf};

/// The workspace's reviewed settings: the project's choices for Dintero's
/// spec, whatever the file of a new version is called.
pub const WORKSPACE_SETTINGS: &str = "spec/checkout-api.rust.toml";

/// The settings file for `spec`: `<name>.rust.toml` beside it, where
/// `<name>` is the spec's file name up to its first dot (so a fixture can
/// bring its own), else the workspace's ([`WORKSPACE_SETTINGS`]), whatever
/// the spec is called (`checkout-api.swagger2.yaml`, Dintero's
/// `spec-payments.yaml`). Generating without settings takes `--no-settings`.
pub fn for_spec(root: &Path, spec: &Path) -> PathBuf {
    let beside = spec
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.split('.').next())
        .and_then(|stem| Some(spec.parent()?.join(format!("{stem}.rust.toml"))))
        .filter(|p| p.is_file());
    beside.unwrap_or_else(|| root.join(WORKSPACE_SETTINGS))
}

/// Reads a settings file; the error names the file and, for bad TOML or an
/// unknown key, the line.
pub fn read(file: &Path) -> Result<codegen::Settings, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    parse(&text).map_err(|e| format!("{}: {e}", file.display()))
}

fn parse(text: &str) -> Result<codegen::Settings, String> {
    toml::from_str(text).map_err(|e: toml::de::Error| {
        let line = e.span().map(|span| text[..span.start].lines().count().max(1));
        match line {
            Some(line) => format!("line {line}: {}", e.message()),
            None => e.message().to_owned(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workspace_settings_parse_and_name_their_tables() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let settings = read(&root.join("spec/checkout-api.rust.toml")).expect("the committed settings parse");
        assert_eq!(settings.methods.get("transactions_id_capture_post").map(String::as_str), Some("capture_transaction"));
        assert!(settings.money_moving.operations.iter().any(|id| id == "transactions_id_refund_post"));
    }

    #[test]
    fn an_unknown_table_is_an_error_with_its_line() {
        let error = parse("[methods]\na = \"b\"\n\n[method_names]\nc = \"d\"\n").expect_err("unknown table");
        assert!(error.starts_with("line 4: unknown field `method_names`"), "{error}");
    }

    #[test]
    fn every_spec_file_finds_the_workspace_settings_unless_it_brings_its_own() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let workspace = root.join(WORKSPACE_SETTINGS);
        assert_eq!(for_spec(&root, &root.join("spec/checkout-api.yaml")), workspace);
        assert_eq!(for_spec(&root, &root.join("../shared/spec/checkout-api.swagger2.yaml")), workspace);
        // Dintero's own name for the file, anywhere.
        assert_eq!(for_spec(&root, Path::new("/home/maintainer/Downloads/spec-payments.yaml")), workspace);
        // A spec that brings its own settings beside it.
        let dir = std::env::temp_dir().join(format!("dintero-settings-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary dir");
        std::fs::write(dir.join("preview.rust.toml"), "").expect("writes");
        assert_eq!(for_spec(&root, &dir.join("preview.swagger2.yaml")), dir.join("preview.rust.toml"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
