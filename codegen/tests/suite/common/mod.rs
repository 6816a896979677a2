//! What the codegen tests share: the workspace and its files, the real
//! spec's reviewed settings, and generated files compared without the lines
//! that name the spec read.

use codegen::OutputTree;
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A file of the workspace, by its path relative to the root.
pub fn read(relative: &str) -> String {
    let path = workspace().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The reviewed settings of the real spec (`spec/checkout-api.rust.toml`).
pub fn real_settings() -> codegen::Settings {
    toml::from_str(&read("spec/checkout-api.rust.toml")).expect("the settings parse")
}

/// Every generated file (`dir/path`) without the two lines of `mod.rs`
/// that name the spec file read and its sha256 (`SPEC_FILE`,
/// `SPEC_SHA256`): they differ only with which file was read.
pub fn without_spec_names(trees: &[OutputTree]) -> Vec<(String, String)> {
    trees
        .iter()
        .flat_map(|tree| {
            tree.files.iter().map(move |(path, text)| {
                let kept: Vec<&str> = text
                    .lines()
                    .filter(|line| !line.starts_with("pub const SPEC_FILE") && !line.starts_with("pub const SPEC_SHA256"))
                    .collect();
                (format!("{}/{path}", tree.dir), kept.join("\n"))
            })
        })
        .collect()
}
