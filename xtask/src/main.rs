//! Project tasks, run as `cargo xtask <task>`:
//!
//! - `generate [--spec PATH] [--check] [--report FILE]`: regenerate the
//!   committed code from the spec, or (`--check`) verify it is up to date and
//!   print a diff; either way, report what changes for users of the crate.
//! - `test`: everything CI checks besides freshness: clippy (the workspace,
//!   and the client alone without its optional features, with `testing`
//!   alone and with `axum` alone) and rustdoc with warnings denied, then every test of the workspace.
//! - `bench`: this project against openapi-generator on the real spec
//!   (generation, compile time, size, runtime), into BENCHMARKS.md.
//! - `semver`: the breaking verdicts of the change report against
//!   cargo-semver-checks on the fixture pairs, into SEMVER.md.
//! - `update [--from FILE_OR_URL]`: take a new spec (Dintero's upstream by
//!   default): regenerate, set the recommended version, write the changelog,
//!   store the spec; nothing changes unless it downloads and generates.

mod bench;
mod report;
mod semver;
mod settings;
mod update;
mod write;

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Tasks of the dintero-checkout workspace")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Generate the Rust code from the OpenAPI spec.
    Generate {
        /// The spec to read: YAML or JSON, OpenAPI 3.0 or Swagger 2.0 (converted
        /// to 3.0 in memory, as swagger2openapi does) [default:
        /// spec/checkout-api.yaml of the workspace].
        #[arg(long)]
        spec: Option<PathBuf>,
        /// Write nothing; fail with a diff if the committed code differs.
        #[arg(long)]
        check: bool,
        /// Write (or check) the generated folders under this directory
        /// instead of the workspace, to preview a spec or to benchmark.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
        /// The reviewed settings for the spec [default: `<name>.rust.toml`
        /// beside the spec, else the workspace's, spec/checkout-api.rust.toml,
        /// whatever the spec file is called].
        #[arg(long, value_name = "FILE", conflicts_with = "no_settings")]
        settings: Option<PathBuf>,
        /// Generate without reviewed settings: every name by rule, no money-
        /// moving operations, the spec's servers, paths and security as they are.
        #[arg(long)]
        no_settings: bool,
        /// Also write the report of API changes (against the committed
        /// surface) to this file, as Markdown.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
    },
    /// Take a new version of the spec: generate from it, set the version the
    /// change report recommends, put the report on top of the changelog, and
    /// store the spec where the project reads it. Nothing changes unless the
    /// spec downloads, reads and generates.
    Update {
        /// The new spec: a file or an `http(s)://` URL.
        #[arg(long, value_name = "FILE_OR_URL", default_value = update::UPSTREAM)]
        from: String,
        /// The workspace to update [default: this one].
        #[arg(long, value_name = "DIR")]
        workspace: Option<PathBuf>,
        /// The release date for the changelog [default: today, UTC].
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
    /// Run clippy and rustdoc (warnings denied) and every test.
    Test,
    /// Measure generation, compile time, size and runtime against the peer
    /// (openapi-generator's `rust` generator, installed on first use) and
    /// write the figures into BENCHMARKS.md.
    Bench {
        /// Timed generations of each generator.
        #[arg(long, default_value_t = 10)]
        generation_runs: usize,
        /// Timed builds (and checks) of each generated crate.
        #[arg(long, default_value_t = 5)]
        compile_runs: usize,
        /// Leave out the criterion benchmarks of decoding and encoding.
        #[arg(long)]
        skip_runtime: bool,
    },
    /// Check the change report's breaking verdicts against cargo-semver-checks
    /// (pinned, installed on first use) on the fixture pairs of
    /// spec/fixtures/changes, and write the table into SEMVER.md.
    Semver {
        /// Only this fixture pair (repeatable); prints the table without
        /// writing SEMVER.md.
        #[arg(long = "case", value_name = "NAME")]
        cases: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = workspace_root();
    let result = match cli.task {
        Task::Generate { spec, check, out_dir, settings, no_settings, report } => {
            let spec = spec.unwrap_or_else(|| root.join(DEFAULT_SPEC));
            let settings = if no_settings { SettingsChoice::None } else { settings.map_or(SettingsChoice::Found, SettingsChoice::File) };
            let options = Generate { check, out_dir: out_dir.as_deref(), settings, report: report.as_deref() };
            generate(&root, &spec, &options)
        }
        Task::Update { from, workspace, date } => {
            let date = date.unwrap_or_else(today);
            update::run(workspace.as_deref().unwrap_or(&root), &update::Options { from: &from, date: &date })
        }
        Task::Test => test(&root),
        Task::Bench { generation_runs, compile_runs, skip_runtime } => {
            bench::run(&root, &bench::Options { generation_runs, compile_runs, skip_runtime })
        }
        Task::Semver { cases } => semver::run(&root, &semver::Options { cases }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Today's date (UTC), `YYYY-MM-DD`.
fn today() -> String {
    let days = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() / 86_400) as i64;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The spec the committed code is generated from, relative to the workspace.
const DEFAULT_SPEC: &str = "spec/checkout-api.yaml";

/// A spec that is not Dintero's, generated with no settings beside the real
/// one, into the crate that compiles it with the hand-written runtime
/// (`tests/any-spec`): the evidence that the generator and the runtime
/// assume nothing about Dintero.
const ANY_SPEC: &str = "spec/fixtures/any_spec.yaml";

/// Where [`ANY_SPEC`]'s generated modules go.
const ANY_SPEC_CRATE_DIR: &str = "tests/any-spec/src/generated";

/// The generated modules of [`ANY_SPEC`], as the tree of its crate.
fn any_spec_tree(root: &Path) -> Result<codegen::OutputTree, String> {
    let output = codegen::generate(&root.join(ANY_SPEC), ANY_SPEC, &codegen::Settings::default()).map_err(|e| e.to_string())?;
    let files = output.trees.into_iter().find(|t| t.dir == codegen::CRATE_DIR).map(|t| t.files).unwrap_or_default();
    Ok(codegen::OutputTree { dir: ANY_SPEC_CRATE_DIR, files })
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Which reviewed settings a run applies.
enum SettingsChoice {
    /// The spec's own, else the workspace's ([`settings::for_spec`]).
    Found,
    /// This file.
    File(PathBuf),
    /// None (`--no-settings`).
    None,
}

/// How `generate` runs.
struct Generate<'a> {
    /// Compare with the files on disk instead of writing them.
    check: bool,
    /// Where the generated folders go, instead of the workspace.
    out_dir: Option<&'a Path>,
    /// Which settings apply.
    settings: SettingsChoice,
    /// Where to write the Markdown change report.
    report: Option<&'a Path>,
}

fn generate(root: &Path, spec: &Path, options: &Generate<'_>) -> Result<(), String> {
    let spec_path = if spec.is_absolute() { spec.to_path_buf() } else { std::env::current_dir().map_err(|e| e.to_string())?.join(spec) };
    let display = spec_path
        .strip_prefix(root)
        .map_or_else(|_| spec.display().to_string(), |p| p.display().to_string());
    let settings_file = match &options.settings {
        SettingsChoice::Found => Some(settings::for_spec(root, &spec_path)),
        SettingsChoice::File(file) => Some(file.clone()),
        SettingsChoice::None => None,
    };
    let settings = match &settings_file {
        Some(file) => {
            let settings = settings::read(file)?;
            eprintln!("settings: {}", file.strip_prefix(root).unwrap_or(file).display());
            settings
        }
        None => {
            eprintln!("settings: none (--no-settings)");
            codegen::Settings::default()
        }
    };
    let started = Instant::now();
    let workspace_settings_elsewhere = matches!(options.settings, SettingsChoice::Found) && spec_path != root.join(DEFAULT_SPEC);
    let output = codegen::generate(&spec_path, &display, &settings).map_err(|e| match (&e, &settings_file) {
        (codegen::diagnostics::Error::Settings { .. }, Some(file)) if workspace_settings_elsewhere => {
            format!("{}: {e}\n(these are the workspace's settings, applied to every spec; `--no-settings` generates without them)", file.display())
        }
        (codegen::diagnostics::Error::Settings { .. }, Some(file)) => format!("{}: {e}", file.display()),
        _ => e.to_string(),
    })?;
    let elapsed = started.elapsed();
    let phases: Vec<String> = output
        .timings
        .iter()
        .map(|(phase, time)| format!("{phase} {:.1} ms ({:.0}%)", time.as_secs_f64() * 1000.0, 100.0 * time.as_secs_f64() / elapsed.as_secs_f64()))
        .collect();
    for note in &output.notes {
        eprintln!("note: {note}");
    }
    let s = output.stats;
    eprintln!(
        "generated from {display} in {:.1} ms: {} component schemas; {} structs, {} enums, {} tagged unions ({} variants), {} untagged unions, {} aliases; {} inline types",
        elapsed.as_secs_f64() * 1000.0,
        s.components, s.structs, s.enums, s.tagged_unions, s.tagged_union_variants, s.untagged_unions, s.aliases, s.inline_types
    );
    eprintln!("phases: {}", phases.join(", "));
    let destination = options.out_dir.unwrap_or(root);
    let mut trees = output.trees.clone();
    if spec_path == root.join(DEFAULT_SPEC) {
        trees.push(any_spec_tree(root)?);
    }
    let report = report::api_changes(root, &output.surface);
    eprintln!("\n{}", report.markdown);
    if let Some(file) = options.report {
        std::fs::write(file, &report.markdown).map_err(|e| format!("cannot write the report to {}: {e}", file.display()))?;
    }
    // A safety loss stops a check and a write into the workspace (which
    // would make it the committed state) until a reviewer accepts it; a
    // preview elsewhere (`--out-dir`) only warns.
    let unaccepted = report.unaccepted_safety_losses(&settings.accepted_safety_losses);
    if !unaccepted.is_empty() {
        if options.check || options.out_dir.is_none() {
            return Err(format!("{}, so nothing was written", unaccepted_message(&unaccepted)));
        }
        eprintln!("warning: {}", unaccepted_message(&unaccepted));
    }
    if options.check {
        let stale = write::stale_files(destination, &trees).map_err(|e| e.to_string())?;
        if stale.is_empty() {
            eprintln!("generated code is up to date");
            return Ok(());
        }
        for diff in &stale {
            println!("{diff}");
        }
        return Err(format!(
            "{} generated file(s) differ from what the spec produces; run `cargo xtask generate`",
            stale.len()
        ));
    }
    write::replace_trees(destination, &trees).map_err(|e| format!("writing the generated code failed: {e}"))
}

/// What to do about safety losses no settings entry accepts.
pub(crate) fn unaccepted_message(losses: &[&codegen::changes::Change]) -> String {
    let items: Vec<String> = losses.iter().map(|c| format!("{:?} ({})", c.item, c.what)).collect();
    format!(
        "{} safety loss(es) not accepted: {}; accept each in the settings' [accepted_safety_losses] with why it is safe (\"Client::...\" = \"why\")",
        losses.len(),
        items.join("; ")
    )
}

/// One step of `cargo xtask test`: a cargo invocation and its environment.
struct Step {
    name: &'static str,
    args: &'static [&'static str],
    env: &'static [(&'static str, &'static str)],
}

const TEST_STEPS: &[Step] = &[
    // With the benchmarks' feature, so `--all-targets` lints them too.
    Step {
        name: "clippy",
        args: &["clippy", "--workspace", "--all-targets", "--features", "dintero-checkout-tests/bench", "--", "-D", "warnings"],
        env: &[],
    },
    // The workspace turns the client's `tracing` feature on (the tests crate
    // asks for it); users build without it by default: check that too.
    Step {
        name: "clippy (client without features)",
        args: &["clippy", "--package", "dintero-checkout", "--all-targets", "--", "-D", "warnings"],
        env: &[],
    },
    // And with `testing` alone, as a merchant's dev-dependency has it (the
    // example needs it, so `--all-targets` checks the example too).
    Step {
        name: "clippy (client with `testing` alone)",
        args: &["clippy", "--package", "dintero-checkout", "--features", "testing", "--all-targets", "--", "-D", "warnings"],
        env: &[],
    },
    // And with `axum` alone, as a merchant's service has it (the callback
    // extractors without the fake).
    Step {
        name: "clippy (client with `axum` alone)",
        args: &["clippy", "--package", "dintero-checkout", "--features", "axum", "--all-targets", "--", "-D", "warnings"],
        env: &[],
    },
    // With every feature, as docs.rs builds it: the `testing` and `tracing` docs too.
    Step {
        name: "rustdoc",
        args: &["doc", "--no-deps", "--package", "dintero-checkout", "--all-features"],
        env: &[("RUSTDOCFLAGS", "-D warnings")],
    },
    Step { name: "tests", args: &["test", "--workspace"], env: &[] },
];

fn test(root: &Path) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut totals = (0, 0);
    for step in TEST_STEPS {
        eprintln!("==> {}: cargo {}", step.name, step.args.join(" "));
        let mut command = Command::new(&cargo);
        without_crate_env(&mut command);
        let mut child = command
            .args(step.args)
            .envs(step.env.iter().copied())
            .current_dir(root)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        // Pass the output through, adding up the test harness's result lines.
        if let Some(stdout) = child.stdout.take() {
            for line in std::io::BufRead::lines(std::io::BufReader::new(stdout)).map_while(Result::ok) {
                println!("{line}");
                if let Some((passed, failed)) = result_counts(&line) {
                    totals.0 += passed;
                    totals.1 += failed;
                }
            }
        }
        let status = child.wait().map_err(|e| format!("cargo did not finish: {e}"))?;
        if !status.success() {
            return Err(format!("{} failed ({status})", step.name));
        }
    }
    println!("tests: {} passed, {} failed", totals.0, totals.1);
    Ok(())
}

/// Takes off `command` what cargo set for the crate it runs (this xtask):
/// `CARGO_PKG_NAME`, `CARGO_MANIFEST_DIR` and the like. Build scripts watch
/// some of them (ring's does), so a cargo run that inherits them reruns
/// those scripts, and everything above them is built again on the next run
/// from a shell.
pub(crate) fn without_crate_env(command: &mut Command) {
    for (name, _) in std::env::vars_os() {
        let Some(name) = name.to_str() else { continue };
        let set_for_a_crate = ["CARGO_PKG_", "CARGO_MANIFEST_", "CARGO_BIN_"].iter().any(|p| name.starts_with(p))
            || ["CARGO_CRATE_NAME", "CARGO_PRIMARY_PACKAGE", "CARGO_TARGET_TMPDIR", "CARGO_RUSTC_CURRENT_DIR", "OUT_DIR"].contains(&name);
        if set_for_a_crate {
            command.env_remove(name);
        }
    }
}

/// The counts of a libtest summary line (`test result: ok. 12 passed; 0 failed; ...`).
fn result_counts(line: &str) -> Option<(u64, u64)> {
    let rest = line.trim().strip_prefix("test result: ")?;
    let number_before = |word: &str| {
        rest.split(';').find_map(|part| part.trim().trim_start_matches("ok. ").trim_start_matches("FAILED. ").strip_suffix(word)?.trim().parse().ok())
    };
    Some((number_before("passed")?, number_before("failed")?))
}

#[cfg(test)]
mod tests {
    use super::result_counts;

    #[test]
    fn reads_libtest_summary_lines() {
        assert_eq!(result_counts("test result: ok. 33 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 1.7s"), Some((33, 0)));
        assert_eq!(result_counts("test result: FAILED. 12 passed; 2 failed; 0 ignored"), Some((12, 2)));
        assert_eq!(result_counts("running 3 tests"), None);
    }
}
