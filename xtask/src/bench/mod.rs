//! `cargo xtask bench`: this project against the most used peer,
//! openapi-generator's `rust` generator, on the real spec, in one run on
//! this machine: generation time, compile time of each generated crate,
//! sizes and warnings, and runtime decoding and encoding with our types.
//! The figures go into BENCHMARKS.md (between markers) and to stdout.
//!
//! Not part of `cargo xtask test`: it installs the peer, takes minutes, and
//! its figures depend on the machine.

mod compile;
mod count;
pub(crate) mod measure;
mod peer;
pub(crate) mod report;
mod runtime;

use measure::{interleaved, remove_dir, Job, Timings};
use report::{duration, ratio, timed_row, Table};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How many times each thing is measured.
pub struct Options {
    pub generation_runs: usize,
    pub compile_runs: usize,
    /// Leave out the criterion benchmarks.
    pub skip_runtime: bool,
}

/// Where things are, for one run.
struct Places {
    root: PathBuf,
    cargo: String,
    target_dir: PathBuf,
    bench_dir: PathBuf,
    spec: PathBuf,
    /// Where each generator writes its crate.
    ours_out: PathBuf,
    peer_out: PathBuf,
}

pub fn run(root: &Path, options: &Options) -> Result<(), String> {
    let target_dir = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let bench_dir = target_dir.join("bench");
    let places = Places {
        root: root.to_path_buf(),
        cargo: std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()),
        ours_out: bench_dir.join("generation/ours"),
        peer_out: bench_dir.join("generation/peer"),
        bench_dir,
        target_dir,
        spec: root.join("spec/checkout-api.yaml"),
    };
    if !places.spec.exists() {
        return Err(format!("{} is missing (../shared must sit beside the checkout)", places.spec.display()));
    }
    std::fs::create_dir_all(&places.bench_dir).map_err(|e| format!("cannot create {}: {e}", places.bench_dir.display()))?;
    let machine = machine(&places);
    let peer_cli = peer::install(&places.bench_dir)?;

    eprintln!("==> the peer with its spec validation on");
    let refusal = peer::validation_failure(&peer_cli, &places.spec, &places.bench_dir.join("peer-validated"))?;
    let generation = generation(&places, &peer_cli, options.generation_runs)?;
    let sizes = sizes(&places)?;
    let compiled = compilation(&places, options.compile_runs)?;
    let runtime = if options.skip_runtime {
        None
    } else {
        eprintln!("==> criterion: {}", runtime::job(&places.root, &places.cargo).display());
        Some(runtime::run(&places.root, &places.cargo, &places.target_dir)?)
    };

    let mut sections = vec![machine, generation.table(refusal.as_deref())];
    sections.push(compiled.table());
    sections.push(compiled.feature_table());
    sections.push(sizes.table(&compiled));
    if let Some(runtime) = &runtime {
        sections.push(runtime_table(runtime).markdown());
    }
    let figures = report::join(&sections);
    println!("{figures}");
    let path = places.root.join("BENCHMARKS.md");
    report::update(&path, report::MARKERS, "# Benchmarks\n\nWritten by `cargo xtask bench`.\n", &figures)?;
    eprintln!("==> figures written to {}", path.display());
    Ok(())
}

/// The first line a program prints (stdout, then stderr), or that it is missing.
fn first_line(program: &str, args: &[&str]) -> String {
    std::process::Command::new(program)
        .args(args)
        .output()
        .ok()
        .map(|o| format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr)))
        .and_then(|text| text.lines().next().map(str::to_owned))
        .unwrap_or_else(|| format!("{program}: not found"))
}

/// The CPU model and the number of cores, as `Intel Xeon ..., 2 cores`.
fn cpu() -> String {
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| text.lines().find_map(|l| l.strip_prefix("model name").map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned())))
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZeroUsize::get);
    format!("{model}, {cores} cores")
}

/// When and where a measurement runs: `<date> on <cpu>, <system>; <rustc>; <cargo>`.
pub(crate) fn environment(cargo: &str) -> String {
    format!(
        "{} on {}, {}; {}; {}",
        first_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        cpu(),
        first_line("uname", &["-sr"]),
        first_line("rustc", &["-V"]),
        first_line(cargo, &["-V"]),
    )
}

/// The machine, the date and the tool versions, as one paragraph.
fn machine(places: &Places) -> String {
    format!(
        "Measured {}; the peer is {} on {}.\nSpec: `{}`.\n",
        environment(&places.cargo),
        peer::NAME,
        first_line("java", &["-version"]),
        places.spec.strip_prefix(&places.root).unwrap_or(&places.spec).display(),
    )
}

struct Generation {
    ours: Timings,
    ours_with_cargo: Timings,
    peer: Timings,
    jobs: [String; 3],
}

fn generation(places: &Places, peer_cli: &Path, runs: usize) -> Result<Generation, String> {
    let xtask = std::env::current_exe().map_err(|e| format!("cannot find the xtask binary: {e}"))?;
    let (spec, out) = (places.spec.to_string_lossy(), places.ours_out.to_string_lossy());
    let ours = Job::new(xtask.to_string_lossy(), &["generate", "--spec", &spec, "--out-dir", &out], &places.root);
    let ours_with_cargo = Job::new(&places.cargo, &["xtask", "generate", "--spec", &spec, "--out-dir", &out], &places.root);
    let peer = peer::generate_job(peer_cli, &places.spec, &places.peer_out, &places.bench_dir);
    let outputs = [&places.ours_out, &places.ours_out, &places.peer_out];
    eprintln!("==> generation: {runs} runs of each, alternating");
    let mut timings = interleaved(&[&ours, &ours_with_cargo, &peer], runs, |i| remove_dir(outputs[i]))?.into_iter();
    let mut next = || timings.next().unwrap_or_default();
    // Paths in the report are relative to the workspace, as a reader types them.
    let shown = |job: &Job| job.display().replace(&format!("{}/", places.root.display()), "");
    Ok(Generation { ours: next(), ours_with_cargo: next(), peer: next(), jobs: [shown(&ours), shown(&ours_with_cargo), shown(&peer)] })
}

impl Generation {
    fn table(&self, refusal: Option<&str>) -> String {
        let mut t = Table::new(
            format!("Generation from the spec (wall clock, median of {} runs, min–max)", self.ours.len()),
            &["ours / peer", "what", "ours", "peer"],
        );
        t.row(timed_row("generation (the xtask binary, already built)", &self.ours, &self.peer));
        t.row(timed_row("`cargo xtask generate`, with cargo's up-to-date check", &self.ours_with_cargo, &self.peer));
        let refusal = refusal.map_or_else(|| "The peer accepts the spec with validation on.".to_owned(), |r| format!("Without `--skip-validate-spec` the peer refuses the spec: {r}."));
        format!(
            "{}\nCommands: ours `{}` and `{}`; peer `{}`. Each run starts from an empty output folder. {refusal}\n",
            t.markdown(),
            self.jobs[0],
            self.jobs[1],
            self.jobs[2],
        )
    }
}

struct Sizes {
    ours_generated: count::SourceCounts,
    ours_crate: count::SourceCounts,
    peer: count::SourceCounts,
}

fn sizes(places: &Places) -> Result<Sizes, String> {
    Ok(Sizes {
        ours_generated: count::sources(&places.ours_out.join(codegen::CRATE_DIR))?,
        ours_crate: count::sources(&places.root.join("generated/src"))?,
        peer: count::sources(&places.peer_out.join("src"))?,
    })
}

impl Sizes {
    fn table(&self, compiled: &Compilation) -> String {
        let mut t = Table::new("Size and hygiene of each generated crate", &["ours / peer", "what", "ours", "peer"]);
        let (o, p) = (&self.ours_crate, &self.peer);
        let mut row = |what: &str, ours: usize, peer: usize| t.row(vec![ratio(ours as f64, peer as f64), what.to_owned(), ours.to_string(), peer.to_string()]);
        row("lines of Rust, whole crate", o.lines, p.lines);
        row("lines of code (no blank or comment lines), whole crate", o.code_lines, p.code_lines);
        row("public types", o.public_types, p.public_types);
        row("public async functions", o.public_async_fns, p.public_async_fns);
        row("files", o.files, p.files);
        let [ours, peer] = &compiled.crates;
        let total = |m: &BTreeMap<String, usize>| m.values().sum::<usize>();
        let lints = |m: &BTreeMap<String, usize>| {
            let mut top: Vec<(&String, &usize)> = m.iter().collect();
            top.sort_by(|a, b| b.1.cmp(a.1));
            top.iter().take(4).map(|(k, v)| format!("{v} {k}")).collect::<Vec<_>>().join(", ")
        };
        let warn_row = |what: &str, ours: &BTreeMap<String, usize>, peer: &BTreeMap<String, usize>| {
            let peer_total = if peer.is_empty() { "0".to_owned() } else { format!("{} ({})", total(peer), lints(peer)) };
            vec![String::new(), what.to_owned(), total(ours).to_string(), peer_total]
        };
        t.row(warn_row("rustc warnings (`cargo build`)", &ours.warnings, &peer.warnings));
        t.row(warn_row("clippy warnings (default lints)", &ours.clippy_warnings, &peer.clippy_warnings));
        t.row(vec![String::new(), "public items without docs (`-W missing_docs`)".to_owned(), ours.undocumented.to_string(), peer.undocumented.to_string()]);
        format!(
            "{}\nOurs counts the whole `dintero-checkout` crate; {} of its lines ({} of code) are generated, in `{}`, the rest is the hand-written layer (auth, token cache, retries, callbacks, pagination, and the fake Dintero of the `testing` feature, which the default build leaves out).\n",
            t.markdown(),
            self.ours_generated.lines,
            self.ours_generated.code_lines,
            codegen::CRATE_DIR,
        )
    }
}

struct Compilation {
    crates: [compile::Compiled; 2],
    /// Our crate again, with its `testing` feature.
    testing: compile::Compiled,
    patches: Vec<String>,
    runs: usize,
}

fn compilation(places: &Places, runs: usize) -> Result<Compilation, String> {
    eprintln!("==> packaging our crate as a user gets it");
    let compile_dir = places.bench_dir.join("compile");
    let ours = compile::package_ours(&places.root, &places.cargo, &places.target_dir, &compile_dir.join("ours"))?;
    let testing = ours.with_features("testing");
    let (peer, patches) = compile::copy_peer(&places.peer_out, &compile_dir.join("peer"))?;
    let [ours, peer, testing]: [compile::Compiled; 3] = compile::measure(&[ours, peer, testing], &places.cargo, runs)?
        .try_into()
        .map_err(|_| "expected figures for three builds".to_owned())?;
    Ok(Compilation { crates: [ours, peer], testing, patches, runs })
}

impl Compilation {
    fn table(&self) -> String {
        let mut t = Table::new(
            format!("Compiling each generated crate alone (dependencies already built, `CARGO_INCREMENTAL=0`, median of {} runs, min–max)", self.runs),
            &["ours / peer", "what", "ours", "peer"],
        );
        let [ours, peer] = &self.crates;
        t.row(timed_row("`cargo build --lib` (debug)", &ours.build, &peer.build));
        t.row(timed_row("`cargo check --lib`", &ours.check, &peer.check));
        format!(
            "{}\nOurs is built as `cargo package` ships it (with its lockfile); the peer's crate with `--no-default-features --features rustls` (rustls, like ours), after these patches to its `Cargo.toml`: {}.\n",
            t.markdown(),
            self.patches.join("; ")
        )
    }

    /// What the `testing` feature costs a build of our crate, in the same run.
    fn feature_table(&self) -> String {
        let mut t = Table::new(
            format!("The `testing` feature: our crate alone, with and without it (same run, median of {} runs, min–max)", self.runs),
            &["with / without", "what", "with `testing`", "default features"],
        );
        let [ours, _] = &self.crates;
        t.row(timed_row("`cargo build --lib` (debug)", &self.testing.build, &ours.build));
        t.row(timed_row("`cargo check --lib`", &self.testing.check, &ours.check));
        let warnings = |m: &BTreeMap<String, usize>| m.values().sum::<usize>().to_string();
        t.row(vec![String::new(), "rustc warnings (`cargo build`)".to_owned(), warnings(&self.testing.warnings), warnings(&ours.warnings)]);
        t.row(vec![String::new(), "clippy warnings (default lints)".to_owned(), warnings(&self.testing.clippy_warnings), warnings(&ours.clippy_warnings)]);
        format!(
            "{}\nThe default build compiles none of the fake (its module and dependencies are behind the feature); with it, hyper's server half, `http-body-util` and `httpdate` are added to what reqwest already builds.\n",
            t.markdown()
        )
    }
}

fn runtime_table(comparisons: &[runtime::Comparison]) -> Table {
    let mut t = Table::new(
        "Runtime: our types against `serde_json::Value` on the same bytes (criterion, median)",
        &["typed / Value", "what", "typed (ours)", "`serde_json::Value`"],
    );
    for c in comparisons {
        t.row(vec![
            ratio(c.typed.as_secs_f64(), c.value.as_secs_f64()),
            format!("{} {} ({:.0} KB)", c.operation, c.payload, c.bytes as f64 / 1000.0),
            duration(c.typed),
            duration(c.value),
        ]);
    }
    t
}
