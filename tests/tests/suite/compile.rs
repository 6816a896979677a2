//! The type system guards the flow: programs a user writes compile and run
//! (`compile/pass`, each a module of this binary, so they build with the
//! rest of the suite), and common mistakes do not (`compile/fail`, each with
//! the compiler's message in its `.stderr`, checked by `rustc` against the
//! libraries this binary links; see `dintero_checkout_tests::compile_fail`).
//! After an intended change to the API, re-bless the messages with
//! `TRYBUILD=overwrite cargo test -p dintero-checkout-tests --test suite compile::`.

use dintero_checkout_tests::compile_fail::Toolchain;
use std::path::Path;

/// Each program of `compile/pass/`: it compiles (or this binary would not),
/// and its `main` runs to the end.
macro_rules! programs {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            include!(concat!("../../compile/pass/", stringify!($name), ".rs"));

            #[test]
            fn compiles_and_runs() {
                main();
            }
        }
    )*};
}

programs!(calls, error_kinds, live_api, match_capture, pagination, request_bodies, whole_flow);

#[test]
fn every_program_of_compile_pass_runs_here() {
    let listed = ["calls", "error_kinds", "live_api", "match_capture", "pagination", "request_bodies", "whole_flow"];
    let mut found = cases("pass", "rs");
    found.sort();
    assert_eq!(found, listed, "add each program of compile/pass to `programs!`");
}

#[test]
fn each_mistake_of_compile_fail_is_rejected_with_its_message() {
    let toolchain = Toolchain::of_this_build().unwrap_or_else(|e| panic!("{e}"));
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("compile-fail");
    std::fs::create_dir_all(&scratch).expect("a scratch dir");
    let overwrite = std::env::var("TRYBUILD").is_ok_and(|v| v == "overwrite");
    let mut failures = Vec::new();
    let names = cases("fail", "rs");
    assert!(names.len() >= 12, "the compile-fail cases are found: {names:?}");
    for name in names {
        let case = Path::new("compile/fail").join(format!("{name}.rs"));
        let expected_file = Path::new(env!("CARGO_MANIFEST_DIR")).join("compile/fail").join(format!("{name}.stderr"));
        let messages = toolchain.messages(&case, &scratch).unwrap_or_else(|e| panic!("{e}"));
        if messages.is_empty() {
            failures.push(format!("{name}: compiles, but must not"));
        } else if overwrite {
            std::fs::write(&expected_file, &messages).expect("writes the messages");
        } else {
            let expected = std::fs::read_to_string(&expected_file).unwrap_or_default();
            if expected.trim_end() != messages.trim_end() {
                failures.push(format!("{name}: the messages differ\n--- expected ({})\n{expected}\n--- rustc\n{messages}", expected_file.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The stems of `compile/<kind>/*.<extension>`.
fn cases(kind: &str, extension: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("compile").join(kind);
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(str::to_owned))
        .collect();
    names.sort();
    names
}
