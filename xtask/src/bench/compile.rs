//! Compiling a generated crate on its own, as a user's build does: each
//! crate is a standalone package with its own target directory, its
//! dependencies built once beforehand, and then only the crate itself is
//! rebuilt and timed (`CARGO_INCREMENTAL=0`, as for any dependency).
//!
//! Ours is taken as `cargo package` makes it (the manifest a user's build
//! sees, with the lockfile), so the workspace's own profile settings do not
//! flatter it.

use super::count;
use super::measure::{interleaved, remove_dir, Job, Timings};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// A crate to compile, and how.
pub struct Subject {
    /// Package name (its library target is the same with `_`).
    pub package: String,
    pub dir: PathBuf,
    /// Its own target directory, kept apart from the sources (which each
    /// bench run replaces) so that its dependencies are built only once.
    pub target_dir: PathBuf,
    /// Extra arguments of every cargo command (features).
    pub args: Vec<String>,
}

impl Subject {
    /// A cargo command in the crate's folder; the crate's own arguments go
    /// before any `--` (after it, arguments are rustc's).
    fn cargo(&self, cargo: &str, args: &[&str]) -> Job {
        let split = args.iter().position(|a| *a == "--").unwrap_or(args.len());
        let mut all: Vec<&str> = args[..split].to_vec();
        all.extend(self.args.iter().map(String::as_str));
        all.extend(&args[split..]);
        Job::new(cargo, &all, &self.dir).env("CARGO_INCREMENTAL", "0").env("CARGO_TARGET_DIR", &self.target_dir.to_string_lossy())
    }

    /// The same crate built with `features` on, in a target directory of its own.
    pub fn with_features(&self, features: &str) -> Self {
        let target_dir = self.target_dir.with_file_name(format!(
            "{}-{features}.target",
            self.target_dir.file_stem().map_or_else(|| "crate".into(), |s| s.to_string_lossy())
        ));
        let mut args = self.args.clone();
        args.extend(["--features".to_owned(), features.to_owned()]);
        Self { package: self.package.clone(), dir: self.dir.clone(), target_dir, args }
    }

    /// Makes cargo rebuild the crate, and only it, next time.
    fn touch(&self) -> Result<(), String> {
        let lib = self.dir.join("src/lib.rs");
        fs::File::options()
            .append(true)
            .open(&lib)
            .and_then(|f| f.set_modified(SystemTime::now()))
            .map_err(|e| format!("cannot touch {}: {e}", lib.display()))
    }
}

/// What compiling one crate measured.
pub struct Compiled {
    pub build: Timings,
    pub check: Timings,
    /// rustc's warnings with the crate's own lint settings, by lint name.
    pub warnings: BTreeMap<String, usize>,
    /// clippy's warnings with default lints, by lint name (rustc's included).
    pub clippy_warnings: BTreeMap<String, usize>,
    /// Public items without documentation (rustc's `missing_docs`).
    pub undocumented: usize,
}

/// Our crate as `cargo package` makes it, unpacked to `dest`.
pub fn package_ours(root: &Path, cargo: &str, target_dir: &Path, dest: &Path) -> Result<Subject, String> {
    Job::new(cargo, &["package", "--package", "dintero-checkout", "--no-verify", "--allow-dirty", "--quiet"], root).run()?;
    let packages = target_dir.join("package");
    let archive = fs::read_dir(&packages)
        .map_err(|e| format!("cannot list {}: {e}", packages.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("dintero-checkout-")) && p.extension().is_some_and(|e| e == "crate"))
        .max_by_key(|p| fs::metadata(p).and_then(|m| m.modified()).ok())
        .ok_or_else(|| format!("`cargo package` left no dintero-checkout-*.crate in {}", packages.display()))?;
    let unpack_dir = dest.with_extension("unpack");
    remove_dir(&unpack_dir)?;
    remove_dir(dest)?;
    fs::create_dir_all(&unpack_dir).map_err(|e| e.to_string())?;
    Job::new("tar", &["-xzf", &archive.to_string_lossy(), "-C", &unpack_dir.to_string_lossy()], root).run()?;
    let unpacked = fs::read_dir(&unpack_dir)
        .map_err(|e| e.to_string())?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.is_dir())
        .ok_or_else(|| format!("{} unpacked to nothing", archive.display()))?;
    fs::rename(&unpacked, dest).map_err(|e| format!("cannot move {} to {}: {e}", unpacked.display(), dest.display()))?;
    remove_dir(&unpack_dir)?;
    standalone(dest)?;
    Ok(Subject { package: "dintero-checkout".to_owned(), dir: dest.to_path_buf(), target_dir: dest.with_extension("target"), args: Vec::new() })
}

/// A copy of the peer's generated crate at `dest`, patched to build, with
/// the patches made. Its TLS backend is rustls, like ours.
pub fn copy_peer(generated: &Path, dest: &Path) -> Result<(Subject, Vec<String>), String> {
    remove_dir(dest)?;
    copy_dir(generated, dest)?;
    let patches = standalone(dest)?;
    let package = package_name(dest)?;
    let args = ["--no-default-features", "--features", "rustls"].map(str::to_owned).to_vec();
    Ok((Subject { package, dir: dest.to_path_buf(), target_dir: dest.with_extension("target"), args }, patches))
}

/// Compiles each subject `runs` times in debug (`cargo build`) and as
/// `cargo check`, alternating between subjects, and collects its warnings.
pub fn measure(subjects: &[Subject], cargo: &str, runs: usize) -> Result<Vec<Compiled>, String> {
    for subject in subjects {
        eprintln!("==> building the dependencies of {} (untimed)", subject.package);
        subject.cargo(cargo, &["build", "--lib", "--quiet"]).run()?;
        subject.cargo(cargo, &["check", "--lib", "--quiet"]).run()?;
    }
    let timed = |command: &str| -> Result<Vec<Timings>, String> {
        eprintln!("==> cargo {command}: {runs} runs of each crate, alternating");
        let jobs: Vec<Job> = subjects.iter().map(|s| s.cargo(cargo, &[command, "--lib", "--quiet"])).collect();
        interleaved(&jobs.iter().collect::<Vec<_>>(), runs, |i| subjects[i].touch())
    };
    let builds = timed("build")?;
    let checks = timed("check")?;
    let mut results = Vec::new();
    for ((subject, build), check) in subjects.iter().zip(builds).zip(checks) {
        let lint_run = |args: &[&str]| -> Result<BTreeMap<String, usize>, String> {
            subject.touch()?;
            let output = subject.cargo(cargo, args).run()?;
            Ok(count::warnings(&String::from_utf8_lossy(&output.stdout), &subject.package))
        };
        let warnings = lint_run(&["build", "--lib", "--message-format=json"])?;
        let clippy_warnings = lint_run(&["clippy", "--lib", "--message-format=json"])?;
        let undocumented = lint_run(&["rustc", "--lib", "--profile", "check", "--message-format=json", "--", "-W", "missing_docs"])?
            .get("missing_docs")
            .copied()
            .unwrap_or(0);
        results.push(Compiled { build, check, warnings, clippy_warnings, undocumented });
    }
    Ok(results)
}

/// Makes the crate at `dir` build on its own: see [`patched_manifest`].
fn standalone(dir: &Path) -> Result<Vec<String>, String> {
    let path = dir.join("Cargo.toml");
    let text = fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let (patched, patches) = patched_manifest(&text);
    fs::write(&path, patched).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(patches)
}

/// The manifest with a `version` that is not semver (the peer writes the
/// spec's `info.version`, here `LATEST`, as `LATEST.0.0`, which cargo
/// refuses) set to `0.0.0`, and an empty `[workspace]` added so the crate
/// builds on its own below our workspace; with what was changed.
fn patched_manifest(text: &str) -> (String, Vec<String>) {
    let mut patches = Vec::new();
    let mut in_package = false;
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with('[') {
            in_package = line.trim() == "[package]";
        }
        let version = line.strip_prefix("version = \"").and_then(|rest| rest.strip_suffix('"'));
        match version {
            Some(v) if in_package && !is_semver(v) => {
                patches.push(format!("`version = \"{v}\"` is not semver: set to `0.0.0`"));
                lines.push("version = \"0.0.0\"".to_owned());
            }
            _ => lines.push(line.to_owned()),
        }
    }
    if !text.lines().any(|l| l.trim() == "[workspace]") {
        lines.push(String::new());
        lines.push("[workspace]".to_owned());
        patches.push("an empty `[workspace]` added, to build it on its own".to_owned());
    }
    (lines.join("\n") + "\n", patches)
}

/// `MAJOR.MINOR.PATCH` of numbers, optionally with a `-pre` or `+build` suffix.
fn is_semver(version: &str) -> bool {
    let core = version.split(['-', '+']).next().unwrap_or_default();
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

fn package_name(dir: &Path) -> Result<String, String> {
    let text = fs::read_to_string(dir.join("Cargo.toml")).map_err(|e| e.to_string())?;
    text.lines()
        .find_map(|l| l.strip_prefix("name = \"").and_then(|rest| rest.strip_suffix('"')))
        .map(str::to_owned)
        .ok_or_else(|| format!("{} names no package", dir.join("Cargo.toml").display()))
}

/// Copies the folder `from` to `to`, leaving out `target` folders.
pub fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    for entry in fs::read_dir(from).map_err(|e| format!("cannot list {}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let (source, dest) = (entry.path(), to.join(entry.file_name()));
        if source.is_dir() {
            if entry.file_name() != "target" {
                copy_dir(&source, &dest)?;
            }
        } else {
            fs::copy(&source, &dest).map_err(|e| format!("cannot copy {}: {e}", source.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_that_is_not_semver_is_replaced_and_the_crate_stands_alone() {
        let manifest = "[package]\nname = \"openapi\"\nversion = \"LATEST.0.0\"\n\n[dependencies]\nserde = { version = \"^1.0\" }\n";
        let (patched, patches) = patched_manifest(manifest);
        assert_eq!(patched, "[package]\nname = \"openapi\"\nversion = \"0.0.0\"\n\n[dependencies]\nserde = { version = \"^1.0\" }\n\n[workspace]\n");
        assert_eq!(patches.len(), 2);
    }

    #[test]
    fn the_crate_arguments_go_to_cargo_not_to_rustc() {
        let subject = Subject { package: "p".to_owned(), dir: PathBuf::from("."), target_dir: PathBuf::from("t"), args: vec!["--features".to_owned(), "rustls".to_owned()] };
        assert_eq!(subject.cargo("cargo", &["rustc", "--lib", "--", "-W", "missing_docs"]).args, ["rustc", "--lib", "--features", "rustls", "--", "-W", "missing_docs"]);
        assert_eq!(subject.cargo("cargo", &["build"]).args, ["build", "--features", "rustls"]);
    }

    #[test]
    fn a_semver_version_is_left_alone() {
        let (patched, patches) = patched_manifest("[package]\nversion = \"1.2.3-beta.1\"\n[workspace]\n");
        assert_eq!(patched, "[package]\nversion = \"1.2.3-beta.1\"\n[workspace]\n");
        assert!(patches.is_empty());
        assert!(!is_semver("LATEST.0.0") && !is_semver("1.2") && is_semver("0.0.0"));
    }
}
