//! Programs that must not compile, checked against the workspace's own build.
//!
//! Each case of `compile/fail/` is compiled by `rustc` (type-checked only)
//! against the very libraries this test binary links: the client and its
//! dependencies as `cargo test --workspace` just built them. Cargo names
//! them: `cargo test --workspace --no-run --message-format=json`, which
//! builds nothing after `cargo test --workspace` (the README's test command
//! runs it), lists every artifact. So nothing is built a second time in a
//! target dir of its own, as trybuild does (it builds every dependency of
//! this crate again, in build mode). A narrower `cargo test -p ...` has
//! other features unified, so the first such run builds the workspace's
//! tests once.
//!
//! The messages are normalised as trybuild normalises them, so the `.stderr`
//! files read the same: paths outside the case start with `$WORKSPACE`,
//! `$CARGO` or `$RUST` and lose their line numbers (which move whenever the
//! generated code changes), and the gutter is as wide as the case's own line
//! numbers need. `TRYBUILD=overwrite` writes the messages instead of
//! comparing them, as it did with trybuild.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The tests crate's folder in the workspace.
const CRATE_DIR: &str = "tests";

/// The crates a case may name (`use dintero_checkout::...`); what they
/// depend on is found beside them.
const EXTERNS: &[&str] = &["dintero_checkout"];

/// How to compile a case: the libraries it may name, and where theirs are.
#[derive(Debug)]
pub struct Toolchain {
    rustc: PathBuf,
    externs: BTreeMap<String, PathBuf>,
    search_paths: Vec<PathBuf>,
}

#[derive(Deserialize)]
struct Message {
    reason: String,
    #[serde(default)]
    target: Option<Target>,
    #[serde(default)]
    filenames: Vec<PathBuf>,
}

#[derive(Deserialize)]
struct Target {
    name: String,
}

#[derive(Deserialize)]
struct Diagnostic {
    level: String,
    message: String,
    rendered: Option<String>,
}

/// The root of the workspace.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the tests crate sits in the workspace").to_path_buf()
}

impl Toolchain {
    /// The libraries of the workspace's test build, as cargo reports them.
    pub fn of_this_build() -> Result<Self, String> {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut command = Command::new(&cargo);
        // Without what cargo set for this test binary (`CARGO_PKG_NAME`, ...;
        // the same list as the xtask's `without_crate_env`): build scripts
        // watch some of them (ring's does), and would run again, and
        // everything above them would be built again.
        for (name, _) in std::env::vars_os() {
            let name = name.to_string_lossy();
            let set_for_a_crate = ["CARGO_PKG_", "CARGO_MANIFEST_", "CARGO_BIN_"].iter().any(|p| name.starts_with(p))
                || ["CARGO_CRATE_NAME", "CARGO_PRIMARY_PACKAGE", "CARGO_TARGET_TMPDIR", "CARGO_RUSTC_CURRENT_DIR", "OUT_DIR"].contains(&&*name);
            if set_for_a_crate {
                command.env_remove(&*name);
            }
        }
        let output = command
            .args(["test", "--workspace", "--no-run", "--message-format=json", "--quiet"])
            .current_dir(workspace())
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !output.status.success() {
            return Err(format!("cargo could not build the workspace's tests:\n{}", String::from_utf8_lossy(&output.stderr)));
        }
        let mut externs = BTreeMap::new();
        let mut search_paths = Vec::new();
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            let Ok(message) = serde_json::from_str::<Message>(line) else { continue };
            let (Some(target), "compiler-artifact") = (message.target, message.reason.as_str()) else { continue };
            for file in message.filenames {
                if let Some(dir) = file.parent().filter(|d| !search_paths.iter().any(|p| p == d)) {
                    search_paths.push(dir.to_path_buf());
                }
                let is_library = file.extension().is_some_and(|e| e == "rlib");
                if is_library && EXTERNS.contains(&target.name.as_str()) {
                    if let Some(other) = externs.insert(target.name.clone(), file.clone()) {
                        return Err(format!("cargo built `{}` twice ({} and {}): which one a case means is unclear", target.name, other.display(), file.display()));
                    }
                }
            }
        }
        if let Some(missing) = EXTERNS.iter().find(|name| !externs.contains_key(**name)) {
            return Err(format!("cargo reported no library for `{missing}`"));
        }
        let rustc = std::env::var_os("RUSTC").map_or_else(|| PathBuf::from("rustc"), PathBuf::from);
        Ok(Self { rustc, externs, search_paths })
    }

    /// The messages `rustc` gives for `case` (a path relative to the tests
    /// crate, `compile/fail/x.rs`), normalised; empty when it compiles, even
    /// with warnings.
    pub fn messages(&self, case: &Path, scratch: &Path) -> Result<String, String> {
        let name = case.file_stem().and_then(|s| s.to_str()).ok_or_else(|| format!("{}: not a file name", case.display()))?;
        let mut command = Command::new(&self.rustc);
        command
            // From the workspace, where the paths of its members' files in
            // the libraries (`generated/src/...`) lead, so the messages show
            // their lines.
            .current_dir(workspace())
            .args(["--edition", "2021", "--crate-type", "bin", "--emit=metadata", "--error-format=json", "--crate-name", name])
            .arg("--out-dir")
            .arg(scratch)
            .arg(Path::new(CRATE_DIR).join(case));
        for dir in &self.search_paths {
            command.arg("-L").arg(format!("dependency={}", dir.display()));
        }
        for (crate_name, file) in &self.externs {
            command.arg("--extern").arg(format!("{crate_name}={}", file.display()));
        }
        let output = command.output().map_err(|e| format!("cannot run {}: {e}", self.rustc.display()))?;
        if output.status.success() {
            // Compiled (warnings or not): no error messages to compare.
            return Ok(String::new());
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        let mut rendered = Vec::new();
        for line in stderr.lines() {
            let diagnostic: Diagnostic = serde_json::from_str(line).map_err(|e| format!("rustc printed what is not a diagnostic ({e}): {line}"))?;
            let summary = diagnostic.message.starts_with("aborting due to") || diagnostic.message.ends_with("emitted");
            if matches!(diagnostic.level.as_str(), "error" | "warning") && !summary {
                rendered.push(normalise(diagnostic.rendered.as_deref().unwrap_or(&diagnostic.message)));
            }
        }
        Ok(rendered.concat())
    }
}

/// One diagnostic as the `.stderr` files hold it.
pub fn normalise(rendered: &str) -> String {
    let workspace = workspace().display().to_string();
    let roots = [(workspace.as_str(), "$WORKSPACE"), (&*cargo_registry().display().to_string(), "$CARGO")].map(|(r, n)| (r.to_owned(), n));
    let lines: Vec<&str> = rendered.lines().collect();
    // rustc's gutter is as wide as the diagnostic's widest line number; its
    // ` --> ` starts right after it.
    let width = lines.iter().find_map(|l| l.find("--> ").filter(|at| l[..*at].trim().is_empty())).unwrap_or(1);
    let mut out: Vec<Line> = Vec::new();
    let mut foreign = false;
    for line in lines {
        let (gutter, rest) = if line.is_char_boundary(width) && line.len() > width { line.split_at(width) } else { ("", line) };
        let in_gutter = gutter.chars().all(|c| c.is_ascii_digit() || c == ' ') && !gutter.is_empty();
        if let Some(location) = rest.strip_prefix("--> ").or_else(|| rest.strip_prefix("::: ")).filter(|_| in_gutter && gutter.trim().is_empty()) {
            let case = location.strip_prefix(CRATE_DIR).and_then(|l| l.strip_prefix('/')).filter(|l| l.starts_with("compile/"));
            foreign = case.is_none();
            let shown = if let Some(case) = case {
                case.to_owned()
            } else if let Some(library) = standard_library(location) {
                format!("$RUST/{}", without_position(library))
            } else if let Some((root, name)) = roots.iter().find(|(root, _)| location.starts_with(root.as_str())) {
                format!("{name}{}", without_position(&location[root.len()..]))
            } else if Path::new(location).is_relative() {
                // A workspace member's file, as cargo passed it to rustc.
                format!("$WORKSPACE/{}", without_position(location))
            } else {
                without_position(location).to_owned()
            };
            out.push(Line::Location(format!("{}{shown}", &rest[..4])));
        } else if in_gutter && [" |", " =", " ~", " +", " -"].iter().any(|mark| rest.starts_with(mark)) {
            let number = gutter.trim();
            out.push(Line::Snippet((!number.is_empty() && !foreign).then(|| number.to_owned()), rest.to_owned()));
        } else if in_gutter && gutter.trim().is_empty() && matches!(out.last(), Some(Line::Snippet(None, last)) if last.starts_with(" =") || last.starts_with("  ")) {
            // The continuation of a `= help:` or `= note:`, indented past the gutter.
            out.push(Line::Snippet(None, rest.to_owned()));
        } else if line.starts_with("...") {
            // Lines left out of a long span: the snippet goes on.
            out.push(Line::Text(line.to_owned()));
        } else {
            // A new part (`help: ...`): its snippet is of the case unless it names another file.
            foreign = false;
            out.push(Line::Text(line.to_owned()));
        }
    }
    let width = out.iter().filter_map(|l| if let Line::Snippet(Some(n), _) = l { Some(n.len()) } else { None }).max().unwrap_or(1);
    let mut text = String::new();
    for line in out {
        match line {
            Line::Location(rest) => text.push_str(&format!("{:width$}{rest}\n", "")),
            // rustc aligns line numbers left in the gutter (`9  |`, `10 |`).
            Line::Snippet(number, rest) => text.push_str(&format!("{:<width$}{rest}\n", number.unwrap_or_default())),
            Line::Text(rest) => text.push_str(&format!("{rest}\n")),
        }
    }
    text
}

/// A line of a rendered diagnostic.
enum Line {
    /// ` --> file` or ` ::: file`, without the gutter.
    Location(String),
    /// A line in the gutter: its line number if shown, and what follows it.
    Snippet(Option<String>, String),
    /// Anything else (`error[E0277]: ...`, `note: ...`).
    Text(String),
}

/// `path:12:5` without `:12:5`.
fn without_position(location: &str) -> &str {
    let mut path = location;
    for _ in 0..2 {
        if let Some((head, tail)) = path.rsplit_once(':') {
            if tail.chars().all(|c| c.is_ascii_digit()) && !tail.is_empty() {
                path = head;
            }
        }
    }
    path
}

/// The part of a standard library path after `library/`, as rustc prints
/// it without the sources (`/rustc/<commit>/library/core/...`) or with them
/// (`<sysroot>/lib/rustlib/src/rust/library/core/...`), so a toolchain
/// update does not change the messages.
fn standard_library(location: &str) -> Option<&str> {
    let (_, rest) = location.split_once("/library/")?;
    (location.starts_with("/rustc/") || location.contains("/lib/rustlib/src/rust/")).then_some(rest)
}

/// Where cargo unpacks crates.io sources (`~/.cargo/registry/src/<index>`).
fn cargo_registry() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME").map(PathBuf::from).or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")));
    let src = home.unwrap_or_default().join("registry").join("src");
    std::fs::read_dir(&src).ok().and_then(|mut dirs| dirs.find_map(|d| d.ok().map(|d| d.path()))).unwrap_or(src)
}
