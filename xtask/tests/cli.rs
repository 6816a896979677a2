//! `cargo xtask generate` as a user runs it: on bad input a clear error that
//! names the place, exit code 1, no panic, and `generated/` untouched;
//! `--check` passes on the committed code and fails, with a diff, otherwise.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).current_dir(workspace()).output().expect("xtask runs")
}

/// Every file under the generated directories, with its contents.
fn generated_files() -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for dir in [codegen::CRATE_DIR, codegen::TESTS_DIR, codegen::SURFACE_DIR] {
        let mut pending = vec![workspace().join(dir)];
        while let Some(at) = pending.pop() {
            for entry in std::fs::read_dir(&at).expect("readable") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    pending.push(path);
                } else {
                    let bytes = std::fs::read(&path).expect("readable");
                    files.insert(path, bytes);
                }
            }
        }
    }
    files
}

fn assert_rejected(fixture: &str, expected: &[&str]) {
    let before = generated_files();
    let spec = format!("spec/fixtures/invalid/{fixture}.yaml");
    let output = xtask(&["generate", "--spec", &spec]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{fixture}: exit code; stderr:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{fixture}: panicked:\n{stderr}");
    assert!(stderr.contains(&spec), "{fixture}: the file is named:\n{stderr}");
    for part in expected {
        assert!(stderr.contains(part), "{fixture}: expected {part:?} in:\n{stderr}");
    }
    assert!(before == generated_files(), "{fixture}: generated files changed");
}

#[test]
fn malformed_yaml_is_rejected_with_its_line() {
    assert_rejected("malformed", &["(line 9)", "not valid YAML"]);
}

#[test]
fn a_dangling_ref_is_rejected_with_its_pointer() {
    assert_rejected("dangling_ref", &["#/components/schemas/Order/properties/items/items (line 11)", "no schema `OrderItem`"]);
}

#[test]
fn a_cyclic_all_of_is_rejected() {
    assert_rejected("cyclic_all_of", &["cyclic `allOf`"]);
}

#[test]
fn conflicting_all_of_members_are_rejected_naming_both() {
    assert_rejected("conflicting_all_of", &[
        "#/components/schemas/Money/allOf/1/properties/value (line 15)",
        "#/components/schemas/Amount/properties/value",
    ]);
}

#[test]
fn an_unsupported_construct_is_rejected() {
    assert_rejected("unsupported", &["unsupported schema type `file`"]);
}

#[test]
fn a_missing_spec_file_is_rejected() {
    assert_rejected("does_not_exist", &["cannot read"]);
}

#[test]
fn check_passes_on_the_committed_code() {
    let output = xtask(&["generate", "--check"]);
    assert!(output.status.success(), "stale generated code:\n{}", String::from_utf8_lossy(&output.stdout));
}

#[test]
fn check_fails_with_a_diff_when_the_code_differs_and_writes_nothing() {
    let before = generated_files();
    let output = xtask(&["generate", "--check", "--spec", "spec/fixtures/nullable.yaml"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stdout.contains("--- a/generated/src/generated/models.rs"), "{stdout}");
    assert!(stdout.contains("+pub struct TransferEntry {"), "a unified diff of the change");
    assert!(stderr.contains("run `cargo xtask generate`"), "{stderr}");
    assert!(before == generated_files());
}

#[test]
fn a_setting_that_matches_nothing_is_rejected_naming_the_entry() {
    let before = generated_files();
    let output = xtask(&["generate", "--settings", "spec/fixtures/stale.rust.toml"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("spec/fixtures/stale.rust.toml"), "the file is named:\n{stderr}");
    assert!(stderr.contains("[methods] \"transactions_id_frobnicate_post\""), "the entry is named:\n{stderr}");
    assert!(!stderr.contains("transactions_id_capture_post"), "entries that match are not named:\n{stderr}");
    assert!(before == generated_files());
}

#[test]
fn the_report_says_in_one_line_when_nothing_changed() {
    let file = std::env::temp_dir().join(format!("dintero-report-{}.md", std::process::id()));
    let output = xtask(&["generate", "--check", "--report", file.to_str().expect("UTF-8 path")]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report = std::fs::read_to_string(&file).expect("the report is written");
    let _ = std::fs::remove_file(&file);
    assert_eq!(report, "No change to the public API or the wire: no new version is needed.\n");
}

#[test]
fn the_report_of_another_spec_recommends_a_major_release() {
    let file = std::env::temp_dir().join(format!("dintero-report-major-{}.md", std::process::id()));
    let output = xtask(&["generate", "--check", "--spec", "spec/fixtures/nullable.yaml", "--report", file.to_str().expect("UTF-8 path")]);
    assert_eq!(output.status.code(), Some(1), "the committed code is not what this spec makes");
    let report = std::fs::read_to_string(&file).expect("the report is written, even when the check fails");
    let _ = std::fs::remove_file(&file);
    assert!(report.contains("Recommended release: **major**"), "{report}");
    assert!(report.contains("| **breaking** | `Client::get_transaction` | method removed (`GET /transactions/{id}`) | `#/paths/~1transactions~1{id}/get` | yes |"), "{report}");
}
