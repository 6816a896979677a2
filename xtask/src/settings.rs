//! Finding and reading the reviewed settings of a spec
//! (`spec/checkout-api.rust.toml`): TOML into [`codegen::Settings`].

use std::path::{Path, PathBuf};

/// The settings file for `spec`: `<name>.rust.toml` beside it, else in the
/// workspace's `spec/` folder, where `<name>` is the spec's file name up to
/// its first dot (`checkout-api.yaml` and `checkout-api.swagger2.yaml` both
/// use `checkout-api.rust.toml`). `None` when there is none: names by rule.
pub fn beside(root: &Path, spec: &Path) -> Option<PathBuf> {
    let file_name = spec.file_name()?.to_str()?;
    let name = format!("{}.rust.toml", file_name.split('.').next()?);
    [spec.parent().map(|dir| dir.join(&name)), Some(root.join("spec").join(&name))].into_iter().flatten().find(|p| p.is_file())
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
    fn both_renderings_of_the_spec_find_the_same_file() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let yaml = beside(&root, &root.join("spec/checkout-api.yaml"));
        let swagger = beside(&root, &root.join("../shared/spec/checkout-api.swagger2.yaml"));
        assert_eq!(yaml, Some(root.join("spec/checkout-api.rust.toml")));
        assert_eq!(swagger, yaml);
        assert_eq!(beside(&root, &root.join("spec/fixtures/enums.yaml")), None);
    }
}
