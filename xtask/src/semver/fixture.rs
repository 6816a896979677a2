//! The crates that cargo-semver-checks compares: the code generated from
//! one fixture spec, plus the hand-written modules of `generated/src/` that
//! it needs, as a standalone crate (a `[workspace]` of its own) with the
//! name, version and dependencies of `dintero-checkout`.
//!
//! The two crates of a pair are written from one [`Template`], so they
//! differ in `src/generated/` only.

use std::collections::BTreeMap;
use std::path::Path;

/// Hand-written modules copied verbatim: the runtime the generated code
/// calls (`runtime`, `error`, `auth`, `client`, `lenient`), what they call in turn,
/// and the token cache. None of them names a generated type.
pub const COPIED: &[&str] = &["auth", "client", "credentials", "datetime", "error", "lenient", "options", "pagination", "retry", "runtime", "token", "trace"];

/// Hand-written modules left out, and why. One has a stand-in (below).
pub const LEFT_OUT: &[(&str, &str)] = &[
    ("callback", "not used by the generated code (callback signatures stand alone)"),
    (
        "dintero",
        "Dintero's glue: the client-credentials grant (the real spec's `get_token` and `models::AuthToken`) and where the real spec's `Error` keeps its code and message; a stand-in tells the runtime that a fixture's error body has neither",
    ),
];

/// Stand-ins for left-out modules that copied ones use: module, source.
const STAND_INS: &[(&str, &str)] = &[("dintero", DINTERO_STAND_IN)];

const DINTERO_STAND_IN: &str = r#"//! Stand-in for the hand-written `dintero` module (Dintero's glue): a
//! fixture spec's error body is described by its status and text alone.

impl crate::error::ErrorDetails for crate::ErrorBody {
    fn code(&self) -> Option<&str> {
        None
    }

    fn message(&self) -> Option<&str> {
        None
    }
}
"#;

/// The real crate re-exports the generated modules in one `use`.
const MODELS_REEXPORT: &str = "pub use generated::{models, ";

const HEADER: &str = "//! `dintero-checkout` cut down for `cargo xtask semver`: the code generated
//! from one fixture spec and the hand-written modules it needs.
";

/// Everything of a fixture crate except its generated files.
#[derive(Clone, Debug)]
pub struct Template {
    manifest: String,
    lockfile: String,
    lib_rs: String,
    /// The crate's README, which `lib.rs` includes as its front page.
    readme: String,
    /// File name (`runtime.rs`) to contents.
    modules: BTreeMap<String, String>,
}

impl Template {
    /// The template for the `dintero-checkout` crate of the workspace at `root`.
    pub fn read(root: &Path) -> Result<Self, String> {
        let read = |path: &str| std::fs::read_to_string(root.join(path)).map_err(|e| format!("cannot read {path}: {e}"));
        let mut modules = BTreeMap::new();
        for module in COPIED {
            modules.insert(format!("{module}.rs"), read(&format!("generated/src/{module}.rs"))?);
        }
        for (module, source) in STAND_INS {
            modules.insert(format!("{module}.rs"), (*source).to_owned());
        }
        let lib_rs = lib_rs(&read("generated/src/lib.rs")?)?;
        Ok(Self {
            manifest: manifest(&read("generated/Cargo.toml")?, &read("Cargo.toml")?)?,
            lockfile: read("Cargo.lock")?,
            lib_rs,
            readme: read("generated/README.md")?,
            modules,
        })
    }

    /// Writes the crate into `dir` (emptied first) with the generated
    /// files `generated` (name to contents, as in `src/generated/`).
    pub fn write(&self, dir: &Path, generated: &BTreeMap<String, String>) -> Result<(), String> {
        crate::bench::measure::remove_dir(dir)?;
        let lib_rs = &self.lib_rs;
        let mut files: Vec<(String, &str)> = vec![
            ("Cargo.toml".to_owned(), &self.manifest),
            // The workspace's lockfile, for building the crate by hand with the
            // real crate's dependency versions (cargo-semver-checks resolves its own).
            ("Cargo.lock".to_owned(), &self.lockfile),
            ("src/lib.rs".to_owned(), lib_rs),
            ("README.md".to_owned(), &self.readme),
        ];
        files.extend(self.modules.iter().map(|(name, text)| (format!("src/{name}"), text.as_str())));
        files.extend(generated.iter().map(|(name, text)| (format!("src/generated/{name}"), text.as_str())));
        for (name, text) in files {
            let path = dir.join(name);
            let written = path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| std::fs::write(&path, text));
            written.map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        Ok(())
    }
}

/// The module a line declares (`mod client;`, `pub mod auth;`), if it declares one.
fn declared_module(line: &str) -> Option<&str> {
    let line = line.trim();
    let rest = line.strip_prefix("pub ").unwrap_or(line).strip_prefix("mod ")?;
    rest.strip_suffix(';')
}

/// The real `lib.rs` with our crate docs, without the modules that are left
/// out and have no stand-in (nor their re-exports).
fn lib_rs(real: &str) -> Result<String, String> {
    let dropped: Vec<&str> = LEFT_OUT.iter().map(|(m, _)| *m).filter(|m| !STAND_INS.iter().any(|(s, _)| s == m)).collect();
    let uses_dropped = |line: &str| {
        let used = line.trim().trim_start_matches("pub ").strip_prefix("use ").unwrap_or("");
        dropped.iter().any(|m| used.starts_with(&format!("{m}::")))
    };
    let kept: Vec<&str> = real
        .lines()
        .filter(|l| !l.starts_with("//!"))
        .filter(|l| declared_module(l).is_none_or(|m| !dropped.contains(&m)) && !uses_dropped(l))
        .collect();
    let text = format!("{HEADER}\n{}\n", kept.join("\n").trim());
    if !text.contains(MODELS_REEXPORT) {
        return Err(format!("generated/src/lib.rs no longer has `{MODELS_REEXPORT}...`; update xtask/src/semver/fixture.rs"));
    }
    Ok(text)
}

/// The fixture crate's manifest: `generated/Cargo.toml`'s name, version
/// and dependencies, with what it inherits from the workspace filled in,
/// and a `[workspace]` table of its own.
pub fn manifest(crate_manifest: &str, workspace_manifest: &str) -> Result<String, String> {
    let parse = |text: &str, name: &str| text.parse::<toml::Table>().map_err(|e| format!("{name} does not parse: {e}"));
    let member = parse(crate_manifest, "generated/Cargo.toml")?;
    let workspace = parse(workspace_manifest, "Cargo.toml")?;
    let table = |t: &toml::Table, key: &str| t.get(key).and_then(toml::Value::as_table).cloned().unwrap_or_default();
    let package = table(&member, "package");
    let inherited_package = table(&table(&workspace, "workspace"), "package");
    let inherited_deps = table(&table(&workspace, "workspace"), "dependencies");
    let field = |key: &str| -> Result<String, String> {
        let value = match package.get(key) {
            Some(toml::Value::Table(t)) if t.get("workspace").and_then(toml::Value::as_bool) == Some(true) => inherited_package.get(key),
            other => other,
        };
        value.and_then(toml::Value::as_str).map(str::to_owned).ok_or_else(|| format!("generated/Cargo.toml has no package.{key}"))
    };
    let mut out = format!(
        "[package]\nname = {}\nversion = {}\nedition = {}\npublish = false\n\n# Not a member of the dintero-checkout workspace.\n[workspace]\n\n[dependencies]\n",
        inline(&toml::Value::String(field("name")?)),
        inline(&toml::Value::String(field("version")?)),
        inline(&toml::Value::String(field("edition")?)),
    );
    let mut dependencies: Vec<(String, toml::Value)> = table(&member, "dependencies").into_iter().collect();
    dependencies.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, spec) in dependencies {
        let spec = match spec {
            toml::Value::Table(own) if own.get("workspace").and_then(toml::Value::as_bool) == Some(true) => {
                let base = inherited_deps.get(&name).ok_or_else(|| format!("dependency `{name}` is inherited, but the workspace has none"))?;
                inherit(base, &own)
            }
            other => other,
        };
        out.push_str(&format!("{name} = {}\n", inline(&spec)));
    }
    Ok(out)
}

/// A workspace dependency with a member's additions (`features` are added
/// to the workspace's, other keys such as `optional` are the member's).
fn inherit(base: &toml::Value, own: &toml::Table) -> toml::Value {
    let mut merged = match base {
        toml::Value::Table(t) => t.clone(),
        version => toml::Table::from_iter([("version".to_owned(), version.clone())]),
    };
    for (key, value) in own.iter().filter(|(k, _)| k.as_str() != "workspace") {
        match (merged.get_mut(key), value) {
            (Some(toml::Value::Array(features)), toml::Value::Array(more)) if key == "features" => features.extend(more.iter().cloned()),
            _ => {
                merged.insert(key.clone(), value.clone());
            }
        }
    }
    toml::Value::Table(merged)
}

/// A TOML value on one line (tables inline, keys sorted).
fn inline(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")),
        toml::Value::Array(items) => format!("[{}]", items.iter().map(inline).collect::<Vec<_>>().join(", ")),
        toml::Value::Table(t) => {
            let mut pairs: Vec<String> = t.iter().map(|(k, v)| format!("{k} = {}", inline(v))).collect();
            pairs.sort();
            format!("{{ {} }}", pairs.join(", "))
        }
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => f.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        toml::Value::Datetime(d) => d.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn workspace() -> PathBuf {
        crate::workspace_root()
    }

    #[test]
    fn the_manifest_fills_in_what_the_crate_inherits_and_is_its_own_workspace() {
        let member = r#"
[package]
name = "dintero-checkout"
version = "0.1.0"
edition.workspace = true

[dependencies]
bytes = "1"
reqwest = { version = "0.12", default-features = false, features = ["rustls-tls"] }
serde.workspace = true
thiserror = { workspace = true, features = ["std"] }

[dev-dependencies]
wiremock = "0.6"
"#;
        let workspace = r#"
[workspace.package]
edition = "2021"

[workspace.dependencies]
serde = { version = "1", features = ["derive"] }
thiserror = "2"
"#;
        assert_eq!(
            manifest(member, workspace).expect("builds"),
            r#"[package]
name = "dintero-checkout"
version = "0.1.0"
edition = "2021"
publish = false

# Not a member of the dintero-checkout workspace.
[workspace]

[dependencies]
bytes = "1"
reqwest = { default-features = false, features = ["rustls-tls"], version = "0.12" }
serde = { features = ["derive"], version = "1" }
thiserror = { features = ["std"], version = "2" }
"#
        );
        assert!(manifest("[package]\nname = \"x\"\n", workspace).expect_err("no version").contains("package.version"));
        let missing = manifest("[package]\nname = \"x\"\nversion = \"1.0.0\"\nedition = \"2021\"\n[dependencies]\nhex.workspace = true\n", workspace);
        assert!(missing.expect_err("not in the workspace").contains("`hex`"));
    }

    #[test]
    fn the_real_manifest_builds_with_every_dependency() {
        let read = |p: &str| std::fs::read_to_string(workspace().join(p)).expect("readable");
        let text = manifest(&read("generated/Cargo.toml"), &read("Cargo.toml")).expect("builds");
        let parsed: toml::Table = text.parse().expect("our manifest parses");
        let real: toml::Table = read("generated/Cargo.toml").parse().expect("parses");
        let names = |t: &toml::Table| t["dependencies"].as_table().map(|d| d.keys().cloned().collect::<Vec<_>>()).unwrap_or_default();
        assert_eq!(names(&parsed), names(&real));
        assert!(parsed.contains_key("workspace"), "{text}");
    }

    #[test]
    fn lib_rs_drops_the_left_out_modules_and_keeps_the_stand_ins() {
        let real = "//! Docs.\n\npub mod auth;\npub mod callback;\nmod client;\nmod dintero;\npub mod token;\n\npub use client::Client;\npub use callback::Verifier;\npub use token::TokenProvider;\npub use generated::{models, operations, security, Server};\n";
        let text = lib_rs(real).expect("derives");
        assert_eq!(
            text,
            format!("{HEADER}\npub mod auth;\nmod client;\nmod dintero;\npub mod token;\n\npub use client::Client;\npub use token::TokenProvider;\npub use generated::{{models, operations, security, Server}};\n")
        );
        assert!(lib_rs("pub use generated::models;\n").is_err(), "a changed re-export is reported");
    }

    #[test]
    fn every_hand_written_module_is_copied_or_left_out() {
        // Modules are files and folders with a `mod.rs`; `generated` is the
        // generated code and `testing` is behind a feature fixture crates lack.
        let root = workspace().join("generated/src");
        let mut modules: Vec<String> = std::fs::read_dir(&root)
            .expect("readable")
            .filter_map(|e| {
                let name = e.ok()?.file_name().into_string().ok()?;
                match name.strip_suffix(".rs") {
                    Some(module) => Some(module.to_owned()),
                    None => root.join(&name).join("mod.rs").is_file().then_some(name),
                }
            })
            .filter(|m| !["lib", "generated", "testing"].contains(&m.as_str()))
            .collect();
        modules.sort();
        let mut listed: Vec<String> = COPIED.iter().chain(LEFT_OUT.iter().map(|(m, _)| m)).map(|m| (*m).to_owned()).collect();
        listed.sort();
        assert_eq!(modules, listed, "decide for each new module of generated/src whether fixture crates need it");
    }

    #[test]
    fn the_two_crates_of_a_pair_differ_in_their_generated_files_only() {
        let template = Template::read(&workspace()).expect("reads the real crate");
        let dir = std::env::temp_dir().join(format!("xtask-semver-fixture-{}", std::process::id()));
        let generated = |text: &str| BTreeMap::from([("mod.rs".to_owned(), "pub mod models;\n".to_owned()), ("models.rs".to_owned(), text.to_owned())]);
        template.write(&dir.join("old"), &generated("pub struct A;\n")).expect("writes");
        template.write(&dir.join("new"), &generated("pub struct B;\n")).expect("writes");
        let files = |root: &Path| crate::write::read_tree(root).expect("readable");
        let (old, new) = (files(&dir.join("old")), files(&dir.join("new")));
        assert_eq!(old.keys().collect::<Vec<_>>(), new.keys().collect::<Vec<_>>());
        let differing: Vec<&String> = old.keys().filter(|k| old[*k] != new[*k]).collect();
        assert_eq!(differing, ["src/generated/models.rs"]);
        assert!(old.contains_key("src/runtime.rs") && old.contains_key("src/token.rs") && old.contains_key("src/dintero.rs") && !old.contains_key("src/callback.rs"));
        std::fs::remove_dir_all(&dir).expect("cleans up");
    }
}
