//! The peer tool: cargo-semver-checks, pinned, installed with `cargo
//! install` into the target directory on first use, run on one pair of
//! crates, and its report read back into the lints that fired.

use crate::bench::measure::Job;
use std::path::{Path, PathBuf};

/// The pinned version: the newest release (2026-11) whose rustdoc JSON
/// formats (v57, v60, v61) include the one of the toolchain here (Rust 1.95
/// writes v57). cargo-semver-checks builds that JSON itself, with
/// `RUSTC_BOOTSTRAP=1` on a stable toolchain.
pub const VERSION: &str = "0.51.0";

/// The installed binary, installed first if it is missing or another version.
pub fn install(cargo: &str, root_dir: &Path) -> Result<PathBuf, String> {
    let binary = root_dir.join("bin/cargo-semver-checks");
    if binary.exists() && installed_version(&binary).as_deref() == Some(VERSION) {
        return Ok(binary);
    }
    std::fs::create_dir_all(root_dir).map_err(|e| format!("cannot create {}: {e}", root_dir.display()))?;
    let root = root_dir.to_string_lossy();
    eprintln!("==> installing cargo-semver-checks {VERSION} into {root} (a release build: minutes)");
    // Its own build directory (removed afterwards), so the install never
    // touches a workspace build.
    let build = root_dir.join("build");
    Job::new(cargo, &["install", "cargo-semver-checks", "--version", VERSION, "--locked", "--root", &root], root_dir)
        .env("CARGO_TARGET_DIR", &build.to_string_lossy())
        .run_visible()?;
    crate::bench::measure::remove_dir(&build)?;
    match installed_version(&binary) {
        Some(v) if v == VERSION => Ok(binary),
        other => Err(format!("installed cargo-semver-checks, but {} reports version {other:?}", binary.display())),
    }
}

/// `cargo-semver-checks 0.51.0` -> `0.51.0`.
fn installed_version(binary: &Path) -> Option<String> {
    let output = std::process::Command::new(binary).args(["semver-checks", "--version"]).output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    text.split_whitespace().nth(1).map(str::to_owned)
}

/// The check of `new` against `old` as a minor release: every lint that
/// requires a major release fails it, and all of them are reported (the
/// tool does not stop at the first). `-v` lists every lint with its level.
pub fn check_job(binary: &Path, old: &Path, new: &Path, target_dir: &Path) -> Job {
    let manifest = new.join("Cargo.toml");
    let args = [
        "semver-checks",
        "check-release",
        "--baseline-root",
        &old.to_string_lossy(),
        "--manifest-path",
        &manifest.to_string_lossy(),
        "--release-type",
        "minor",
        "--color",
        "never",
        "-v",
    ]
    .map(str::to_owned);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let dir = new.parent().unwrap_or(new);
    Job::new(binary.to_string_lossy(), &args, dir).env("CARGO_TARGET_DIR", &target_dir.to_string_lossy())
}

/// What the tool reported for one pair.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// The lints that fired, in the order the tool printed them.
    pub findings: Vec<Finding>,
}

/// One lint that fired.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The lint's id (`enum_variant_missing`).
    pub lint: String,
    /// The release it calls for.
    pub level: Level,
    /// A failure (`deny`) or only a warning (`warn`).
    pub denied: bool,
    /// One line per place it fired (`variant PaymentProduct::Collector, previously in file ...`).
    pub places: Vec<String>,
}

/// The release a lint calls for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Minor,
    Major,
}

impl Report {
    /// Whether any lint that calls for a major release fired.
    pub fn major(&self) -> bool {
        self.findings.iter().any(|f| f.level == Level::Major)
    }

    /// The lints that call for a major release.
    pub fn major_findings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.level == Level::Major)
    }
}

/// Reads the tool's output: `stderr` has one line per lint with its level
/// (`FAIL [ 0.002s] major enum_variant_missing`, from `-v`) and the
/// `Checked` summary; `stdout` has a section per lint that fired
/// (`--- failure enum_variant_missing: ... ---`) ending in `Failed in:`
/// and one indented line per place. A run that checked nothing (the crate
/// did not build, say) is an error with the end of stderr.
pub fn parse(stdout: &str, stderr: &str) -> Result<Report, String> {
    if !stderr.lines().any(|l| l.trim_start().starts_with("Checked [")) {
        return Err(format!("cargo-semver-checks checked nothing:\n{}", crate::bench::measure::tail(stderr, 15)));
    }
    let level_of = |lint: &str| {
        stderr.lines().find_map(|line| {
            let mut words = line.split_whitespace();
            let status = words.next()?;
            if !matches!(status, "FAIL" | "WARN") {
                return None;
            }
            let rest: Vec<&str> = words.skip_while(|w| !matches!(*w, "major" | "minor")).collect();
            match rest.as_slice() {
                ["major", id] if *id == lint => Some(Level::Major),
                ["minor", id] if *id == lint => Some(Level::Minor),
                _ => None,
            }
        })
    };
    let mut findings: Vec<Finding> = Vec::new();
    let mut in_places = false;
    for line in stdout.lines() {
        if let Some(header) = line.strip_prefix("--- ").and_then(|l| l.strip_suffix(" ---")) {
            let (kind, rest) = header.split_once(' ').unwrap_or((header, ""));
            let lint = rest.split(':').next().unwrap_or(rest).trim().to_owned();
            let denied = match kind {
                "failure" => true,
                "warning" => false,
                _ => continue,
            };
            let level = level_of(&lint).ok_or_else(|| format!("cargo-semver-checks reported `{lint}` without its level (is `-v` passed?)"))?;
            findings.push(Finding { lint, level, denied, places: Vec::new() });
            in_places = false;
        } else if line.trim() == "Failed in:" {
            in_places = true;
        } else if in_places {
            match (line.strip_prefix("  "), findings.last_mut()) {
                (Some(place), Some(finding)) if !place.trim().is_empty() => finding.places.push(place.trim().to_owned()),
                _ => in_places = false,
            }
        }
    }
    Ok(Report { findings })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Output of 0.51.0 (`--color never -v`), cut down.
    const STDERR: &str = "     Parsing dintero-checkout v0.1.0 (current)
      Parsed [   0.512s] (current)
    Checking dintero-checkout v0.1.0 -> v0.1.0 (minor change)
        PASS [   0.001s]       major        auto_trait_impl_removed
        FAIL [   0.002s]       major        enum_variant_missing
        WARN [   0.003s]       major        function_must_use_added
        FAIL [   0.004s]       major        struct_pub_field_missing
     Checked [   0.101s] 120 checks: 117 pass, 2 fail, 1 warn, 30 skip

     Summary semver requires new major version: 2 major and 0 minor checks failed
";

    const STDOUT: &str = "
--- failure enum_variant_missing: pub enum variant removed or renamed ---

Description:
A publicly-visible enum has at least one variant that is no longer available under its prior name.
        ref: https://doc.rust-lang.org/cargo/reference/semver.html#item-remove
       impl: https://github.com/obi1kenobi/cargo-semver-checks/tree/v0.51.0/src/lints/enum_variant_missing.ron

Failed in:
  variant PaymentProduct::Collector, previously in file /tmp/old/src/generated/models.rs:40
  variant TransactionStatus::OnHold, previously in file /tmp/old/src/generated/models.rs:90

--- failure struct_pub_field_missing: pub struct's pub field removed or renamed ---

Description:
A publicly-visible struct has at least one public field that is no longer available under its prior name.
       impl: https://github.com/obi1kenobi/cargo-semver-checks/tree/v0.51.0/src/lints/struct_pub_field_missing.ron

Failed in:
  field unit_volume of struct OrderItem, previously in file /tmp/old/src/generated/models.rs:12

--- warning function_must_use_added: function #[must_use] added ---

Description:
A function is now #[must_use].
       impl: https://github.com/obi1kenobi/cargo-semver-checks/tree/v0.51.0/src/lints/function_must_use_added.ron

Failed in:
  function dintero_checkout::f in /tmp/new/src/lib.rs:3
";

    #[test]
    fn every_lint_that_fired_is_read_with_its_level_and_places() {
        let report = parse(STDOUT, STDERR).expect("parses");
        let lints: Vec<(&str, Level, bool, usize)> = report.findings.iter().map(|f| (f.lint.as_str(), f.level, f.denied, f.places.len())).collect();
        assert_eq!(
            lints,
            [("enum_variant_missing", Level::Major, true, 2), ("struct_pub_field_missing", Level::Major, true, 1), ("function_must_use_added", Level::Major, false, 1)]
        );
        assert_eq!(report.findings[1].places, ["field unit_volume of struct OrderItem, previously in file /tmp/old/src/generated/models.rs:12"]);
        assert!(report.major());
    }

    #[test]
    fn a_clean_run_has_no_findings() {
        let stderr = "    Checking dintero-checkout v0.1.0 -> v0.1.0 (minor change)\n     Checked [   0.080s] 120 checks: 120 pass, 30 skip\n     Summary no semver update required\n";
        let report = parse("", stderr).expect("parses");
        assert_eq!(report, Report::default());
        assert!(!report.major());
    }

    #[test]
    fn a_run_that_checked_nothing_is_an_error_with_the_end_of_stderr() {
        let error = parse("", "error: could not compile `dintero-checkout`\nerror: aborting").expect_err("nothing checked");
        assert!(error.contains("could not compile"), "{error}");
    }

    #[test]
    fn a_lint_without_its_level_line_is_an_error() {
        let stderr = "     Checked [   0.101s] 120 checks: 119 pass, 1 fail, 0 warn, 30 skip\n";
        let error = parse("--- failure enum_missing: pub enum removed or renamed ---\n", stderr).expect_err("no -v line");
        assert!(error.contains("enum_missing"), "{error}");
    }
}
