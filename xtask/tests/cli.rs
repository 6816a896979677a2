//! `cargo xtask generate` as a user runs it: on bad input a clear error that
//! names the place, exit code 1, no panic, and `generated/` untouched;
//! `--check` passes on the committed code and fails, with a diff, otherwise.
//! And `cargo xtask update` as the maintainer runs it, in a scratch copy of
//! the workspace, against a loopback server that serves a fixture spec.

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
    [codegen::CRATE_DIR, codegen::TESTS_DIR, codegen::SURFACE_DIR].into_iter().flat_map(|dir| files_under(&workspace().join(dir))).collect()
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
    let output = xtask(&["generate", "--check", "--no-settings", "--spec", "spec/fixtures/nullable.yaml"]);
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
    let output = xtask(&["generate", "--check", "--no-settings", "--spec", "spec/fixtures/nullable.yaml", "--report", file.to_str().expect("UTF-8 path")]);
    assert_eq!(output.status.code(), Some(1), "the committed code is not what this spec makes");
    let report = std::fs::read_to_string(&file).expect("the report is written, even when the check fails");
    let _ = std::fs::remove_file(&file);
    assert!(report.contains("Recommended release: **major**"), "{report}");
    assert!(report.contains("| **breaking** | `Client::get_transaction` | method removed (`GET /transactions/{id}`) | `#/paths/~1transactions~1{id}/get` | yes |"), "{report}");
}

/// Dintero's own name for its spec file, anywhere, finds the workspace's
/// settings: the real spec copied to `spec-payments.yaml` generates exactly
/// the committed code, reviewed names, money-moving marks and all.
#[test]
fn the_spec_under_dintero_s_file_name_keeps_every_reviewed_choice() {
    let dir = std::env::temp_dir().join(format!("dintero-upstream-name-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary dir");
    let spec = dir.join("spec-payments.yaml");
    std::fs::copy(workspace().join("spec/checkout-api.yaml"), &spec).expect("copies the spec");
    let output = xtask(&["generate", "--check", "--spec", spec.to_str().expect("UTF-8 path")]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let _ = std::fs::remove_dir_all(&dir);
    // The header names the spec file read, so only those two lines differ.
    assert!(stderr.contains("settings: spec/checkout-api.rust.toml"), "{stderr}");
    assert!(stderr.contains("No change to the public API or the wire"), "{stderr}");
}

/// A scratch workspace for `update`: the crate's manifest, the settings of
/// `case` (a fixture pair of spec/fixtures/changes) and its old spec.
fn scratch_workspace(name: &str, case: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dintero-update-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("spec")).expect("a scratch workspace");
    std::fs::create_dir_all(dir.join("generated")).expect("a scratch workspace");
    let pair = workspace().join("spec/fixtures/changes").join(case);
    std::fs::copy(workspace().join("generated/Cargo.toml"), dir.join("generated/Cargo.toml")).expect("copies the manifest");
    let settings = ["settings.rust.toml", "old.rust.toml"].into_iter().map(|f| pair.join(f)).find(|f| f.is_file()).expect("the pair has settings");
    std::fs::copy(settings, dir.join("spec/checkout-api.rust.toml")).expect("copies the settings");
    let first = xtask(&["update", "--workspace", dir.to_str().expect("UTF-8 path"), "--from", pair.join("old.yaml").to_str().expect("UTF-8 path")]);
    assert!(first.status.success(), "the first update: {}", String::from_utf8_lossy(&first.stderr));
    dir
}

/// Every file under `dir`, with its contents.
fn files_under(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(at) = pending.pop() {
        for entry in std::fs::read_dir(&at).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.insert(path.clone(), std::fs::read(&path).expect("readable"));
            }
        }
    }
    files
}

/// Serves `status` and `body` to every request on a loopback port; its URL.
fn serve(status: u16, body: String) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let url = format!("http://{}/specs/spec-payments.yaml", listener.local_addr().expect("its address"));
    std::thread::spawn(move || {
        for mut stream in listener.incoming().map_while(Result::ok) {
            let mut request = Vec::new();
            let mut buffer = [0; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buffer[..n]),
                }
            }
            let head = format!("HTTP/1.1 {status} X\r\nContent-Type: application/yaml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body.as_bytes()));
        }
    });
    url
}

#[test]
fn update_from_a_url_regenerates_sets_the_version_writes_the_changelog_and_stores_the_spec() {
    let case = "reviewed_enum_value_added";
    let dir = scratch_workspace("url", case);
    let new_spec = std::fs::read_to_string(workspace().join("spec/fixtures/changes").join(case).join("new.yaml")).expect("the new spec");
    let url = serve(200, new_spec.clone());
    let output = xtask(&["update", "--workspace", dir.to_str().expect("UTF-8 path"), "--from", &url, "--date", "2026-12-01"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let read = |file: &str| std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    assert_eq!(read("spec/checkout-api.yaml"), new_spec, "the spec is stored where the project reads it");
    assert!(read("generated/Cargo.toml").contains("\nversion = \"0.1.1\"\n"), "the recommended version is set");
    assert!(read("generated/src/generated/models.rs").contains("PartiallyCapturedRefunded"), "the code is regenerated");
    let changelog = read("generated/CHANGELOG.md");
    assert!(changelog.starts_with("# Changelog\n"), "{changelog}");
    assert!(changelog.contains(&format!("## 0.1.1 (2026-12-01)\n\nFrom the spec at {url}.")), "{changelog}");
    assert!(changelog.contains("| addition | `models::TransactionStatus::PartiallyCapturedRefunded` | value `PARTIALLY_CAPTURED_REFUNDED` added |"), "{changelog}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn update_leaves_everything_as_it_was_when_the_download_fails_or_is_no_spec() {
    let dir = scratch_workspace("broken", "reviewed_enum_value_added");
    let before = files_under(&dir);
    let unreachable = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        format!("http://{}/spec.yaml", listener.local_addr().expect("its address"))
    };
    let cases = [
        (unreachable, "cannot download"),
        (serve(404, "Not Found".to_owned()), "cannot download"),
        (serve(200, "<!doctype html><title>Dintero</title>".to_owned()), "is not a spec this generator reads, so nothing was changed"),
        (serve(200, "openapi: 3.0.0\ninfo: { title: t, version: '1' }\npaths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: d\n          content:\n            application/json:\n              schema: { $ref: '#/components/schemas/Gone' }\n".to_owned()), "does not generate"),
    ];
    for (url, message) in cases {
        let output = xtask(&["update", "--workspace", dir.to_str().expect("UTF-8 path"), "--from", &url]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{url}: {stderr}");
        assert!(stderr.contains(message) && stderr.contains(&url), "{url}: expected {message:?} in:\n{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(before == files_under(&dir), "{url}: files changed");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn update_from_dintero_s_swagger_2_keeps_it_as_received_beside_its_conversion() {
    let case = "upstream_file_name";
    let dir = scratch_workspace("swagger2", case);
    let upstream = std::fs::read_to_string(workspace().join("spec/fixtures/changes").join(case).join("spec-payments.yaml")).expect("the upstream spec");
    let output = xtask(&["update", "--workspace", dir.to_str().expect("UTF-8 path"), "--from", &serve(200, upstream.clone())]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let read = |file: &str| std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    assert_eq!(read("spec/checkout-api.swagger2.yaml"), upstream, "Dintero's file, as received");
    let converted = read("spec/checkout-api.yaml");
    assert!(converted.starts_with("# OpenAPI 3.0, converted by `cargo xtask update`") && converted.contains("openapi: 3.0"), "{converted}");
    // The same API: the reviewed names hold, nothing to release.
    assert!(stderr.contains("No change to the public API or the wire"), "{stderr}");
    assert!(read("generated/Cargo.toml").contains("\nversion = \"0.1.0\"\n"));
    assert!(!dir.join("generated/CHANGELOG.md").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn update_stops_at_a_safety_loss_until_the_settings_accept_it() {
    let case = "safety_loss";
    let dir = scratch_workspace("safety", case);
    let url = serve(200, std::fs::read_to_string(workspace().join("spec/fixtures/changes").join(case).join("new.yaml")).expect("the new spec"));
    let before = files_under(&dir);
    let output = xtask(&["update", "--workspace", dir.to_str().expect("UTF-8 path"), "--from", &url]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("## Safety: protection lost"), "the report leads with them:\n{stderr}");
    assert!(stderr.contains("2 safety loss(es) not accepted: \"Client::transactions_get\""), "{stderr}");
    assert!(stderr.contains("so nothing was changed"), "{stderr}");
    assert!(before == files_under(&dir), "nothing written");
    let settings = dir.join("spec/checkout-api.rust.toml");
    let mut text = std::fs::read_to_string(&settings).expect("the settings");
    text.push_str("\n[accepted_safety_losses]\n\"Client::transactions_get\" = \"public\"\n\"Client::transactions_id_update\" = \"idempotent\"\n");
    std::fs::write(&settings, text).expect("accepts both");
    let output = xtask(&["update", "--workspace", dir.to_str().expect("UTF-8 path"), "--from", &url]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The scenario: the real spec generated without its settings loses
/// the money-moving mark of pay, capture, refund and void. That is no longer
/// "compatible": the write into the workspace is refused, naming each one.
#[test]
fn generating_without_the_settings_is_refused_at_the_money_moving_marks_it_would_lose() {
    let before = generated_files();
    let output = xtask(&["generate", "--no-settings"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("## Safety: protection lost"), "{stderr}");
    for operation in ["checkout_session_pay_post", "transactions_id_capture_post", "transactions_id_refund_post", "transactions_id_void_post"] {
        assert!(stderr.contains(&format!("| **safety loss** | `Client::{operation}` | no longer moves money")), "{operation}:\n{stderr}");
    }
    assert!(stderr.contains("4 safety loss(es) not accepted") && stderr.contains("so nothing was written"), "{stderr}");
    assert!(before == generated_files(), "generated files changed");
}
