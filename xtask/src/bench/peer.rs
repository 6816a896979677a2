//! The peer: openapi-generator's `rust` generator, the most used generator
//! of Rust clients, installed from PyPI (the package bundles the jar; Java
//! runs it) into a virtualenv under the target directory.

use super::measure::Job;
use std::path::{Path, PathBuf};

/// The pinned peer.
pub const PACKAGE: &str = "openapi-generator-cli==7.26.0";
pub const NAME: &str = "openapi-generator 7.26.0 (`rust`)";

/// The peer's command, installed first if it is missing.
pub fn install(bench_dir: &Path) -> Result<PathBuf, String> {
    let venv = bench_dir.join("peer-venv");
    let cli = venv.join("bin/openapi-generator-cli");
    if cli.exists() {
        return Ok(cli);
    }
    Job::new("java", &["-version"], bench_dir).run().map_err(|e| format!("the peer needs Java (17 or newer) on PATH: {e}"))?;
    eprintln!("==> installing {PACKAGE} into {}", venv.display());
    let venv_arg = venv.to_string_lossy();
    Job::new("python3", &["-m", "venv", &venv_arg], bench_dir).run()?;
    Job::new(venv.join("bin/pip").to_string_lossy(), &["install", "--quiet", PACKAGE], bench_dir).run()?;
    if cli.exists() {
        Ok(cli)
    } else {
        Err(format!("{PACKAGE} installed, but {} is missing", cli.display()))
    }
}

/// The peer's generation of a Rust client from `spec` into `out`.
/// `--skip-validate-spec` is needed: without it the peer refuses this spec.
pub fn generate_job(cli: &Path, spec: &Path, out: &Path, dir: &Path) -> Job {
    let (spec, out) = (spec.to_string_lossy(), out.to_string_lossy());
    Job::new(cli.to_string_lossy(), &["generate", "-g", "rust", "-i", &spec, "-o", &out, "--skip-validate-spec"], dir)
}

/// What the peer says of the spec with its validation on (it refuses it):
/// its list of errors, or `None` if it accepts the spec.
pub fn validation_failure(cli: &Path, spec: &Path, scratch: &Path) -> Result<Option<String>, String> {
    let (spec, out) = (spec.to_string_lossy(), scratch.to_string_lossy());
    let output = std::process::Command::new(cli)
        .args(["generate", "-g", "rust", "-i", &spec, "-o", &out])
        .output()
        .map_err(|e| format!("cannot run {}: {e}", cli.display()))?;
    if output.status.success() {
        return Ok(None);
    }
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    Ok(Some(listed_errors(&text).unwrap_or_else(|| super::measure::tail(&text, 3))))
}

/// The entries of the `Errors:` list in the peer's validation report.
fn listed_errors(report: &str) -> Option<String> {
    let errors: Vec<&str> = report
        .lines()
        .skip_while(|l| l.trim() != "Errors:")
        .skip(1)
        .take_while(|l| l.trim_start().starts_with('-'))
        .map(|l| l.trim().trim_start_matches('-'))
        .collect();
    (!errors.is_empty()).then(|| errors.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_validation_errors_are_read_from_the_report() {
        let report = "Exception in thread \"main\" SpecValidationException\n | Error count: 1\nErrors: \n\t-attribute tags.x is repeated\nWarnings: \n\t-attribute tags.x is repeated\n";
        assert_eq!(listed_errors(report).as_deref(), Some("attribute tags.x is repeated"));
        assert_eq!(listed_errors("all fine"), None);
    }
}
