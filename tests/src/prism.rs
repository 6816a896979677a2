//! Prism (`@stoplight/prism-cli`, pinned), an independent server that reads
//! the same spec, validates every request against it and answers with the
//! spec's examples (static mode) or data generated from the schemas
//! (dynamic mode). Installed with npm into `target/prism/<version>` when
//! missing; started on a free loopback port; stopped when dropped, also
//! when a test panics. `DINTERO_SKIP_PRISM=1` skips the contract tests and
//! says so; without npm they fail with a clear message.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The pinned version.
pub const VERSION: &str = "5.16.0";

/// How Prism answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// With the spec's examples.
    Static,
    /// With data generated from the schemas (`-d`).
    Dynamic,
}

/// A running Prism; killed on drop.
pub struct Prism {
    child: Child,
    /// Its base URL (`http://127.0.0.1:<port>`).
    pub base_url: String,
    log: Arc<Mutex<Vec<String>>>,
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Installs Prism once per process; later calls reuse the result.
fn installed() -> Result<PathBuf, String> {
    static INSTALL: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    INSTALL
        .get_or_init(|| {
            let dir = workspace().join("target").join("prism").join(VERSION);
            let bin = dir.join("node_modules").join(".bin").join("prism");
            if bin.exists() {
                return Ok(bin);
            }
            std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            let output = Command::new("npm")
                .args(["install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix"])
                .arg(&dir)
                .arg(format!("@stoplight/prism-cli@{VERSION}"))
                .output()
                .map_err(|e| format!("the contract tests need npm to install Prism ({e}); install Node.js and npm, or set DINTERO_SKIP_PRISM=1 to skip them"))?;
            if !output.status.success() || !bin.exists() {
                return Err(format!("npm could not install @stoplight/prism-cli@{VERSION}:\n{}", String::from_utf8_lossy(&output.stderr)));
            }
            Ok(bin)
        })
        .clone()
}

impl Prism {
    /// Starts Prism on the real spec, or `None` (after saying so) when
    /// `DINTERO_SKIP_PRISM` is set.
    pub fn start(mode: Mode) -> Option<Self> {
        Self::spawn("mock", if mode == Mode::Dynamic { &["--dynamic"] } else { &[] })
    }

    /// Starts Prism as a validating proxy in front of `upstream` (a base
    /// URL): it checks every request against the spec, forwards it, and
    /// checks every response of `upstream` against the spec too. `None`
    /// (after saying so) when `DINTERO_SKIP_PRISM` is set.
    pub fn proxy(upstream: &str) -> Option<Self> {
        Self::spawn("proxy", &[upstream])
    }

    /// Runs `prism <command> <the real spec> <extra...>` on a free loopback port.
    fn spawn(command: &str, extra: &[&str]) -> Option<Self> {
        if std::env::var_os("DINTERO_SKIP_PRISM").is_some() {
            eprintln!("DINTERO_SKIP_PRISM is set: skipping the Prism contract test");
            return None;
        }
        let bin = installed().unwrap_or_else(|e| panic!("{e}"));
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let spec = workspace().join("spec").join("checkout-api.yaml");
        let mut child = Command::new(&bin)
            .arg(command)
            .arg(&spec)
            .args(extra)
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("Prism starts");
        let log = Arc::new(Mutex::new(Vec::new()));
        for stream in [child.stdout.take().map(|s| Box::new(s) as Box<dyn std::io::Read + Send>), child.stderr.take().map(|s| Box::new(s) as Box<dyn std::io::Read + Send>)].into_iter().flatten() {
            let log = Arc::clone(&log);
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    log.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(line);
                }
            });
        }
        let mut prism = Self { child, base_url: format!("http://127.0.0.1:{port}"), log };
        let started = Instant::now();
        while !prism.log_lines().iter().any(|l| l.contains("Prism is listening")) {
            if let Ok(Some(status)) = prism.child.try_wait() {
                panic!("Prism exited ({status}) before listening:\n{}", prism.log_lines().join("\n"));
            }
            assert!(started.elapsed() < Duration::from_secs(120), "Prism did not start within 120 s:\n{}", prism.log_lines().join("\n"));
            std::thread::sleep(Duration::from_millis(100));
        }
        Some(prism)
    }

    /// Whether the Prism process is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Everything Prism printed so far.
    pub fn log_lines(&self) -> Vec<String> {
        self.log.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// Waits until Prism's log has been quiet for a moment (at most five
    /// seconds), so that what it logs after an answer (the violations of
    /// the last response) has been read.
    pub fn settle(&self) {
        let started = Instant::now();
        let mut seen = self.log_lines().len();
        loop {
            std::thread::sleep(Duration::from_millis(300));
            let now = self.log_lines().len();
            if now == seen || started.elapsed() > Duration::from_secs(5) {
                return;
            }
            seen = now;
        }
    }

    /// The request violations Prism reported (a request that does not
    /// match the spec, or lacks the credentials it asks for).
    pub fn request_violations(&self) -> Vec<String> {
        self.log_lines().into_iter().filter(|l| l.contains("Violation: request") || l.contains("Request terminated with error")).collect()
    }

    /// The response violations Prism reported as a proxy (a response of
    /// the upstream server that does not match the spec).
    pub fn response_violations(&self) -> Vec<String> {
        self.log_lines().into_iter().filter(|l| l.contains("Violation: response")).collect()
    }

    /// How many requests Prism received.
    pub fn requests_received(&self) -> usize {
        self.log_lines().iter().filter(|l| l.contains("Request received")).count()
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The places (`a.b[0].c` as segments) where Prism says a response breaks the spec.
pub fn response_violations(headers: &reqwest::header::HeaderMap) -> Vec<Vec<String>> {
    let Some(header) = headers.get("sl-violations").and_then(|v| v.to_str().ok()) else { return Vec::new() };
    let Ok(violations) = serde_json::from_str::<Vec<serde_json::Value>>(header) else { return Vec::new() };
    violations
        .iter()
        .filter_map(|v| v["location"].as_array())
        .filter(|location| location.first().and_then(|s| s.as_str()) == Some("response"))
        .map(|location| location.iter().skip(2).map(|s| s.as_str().map_or_else(|| s.to_string(), str::to_owned)).collect())
        .collect()
}

/// `events[0].metadata.x` as segments.
pub fn path_segments(path: &str) -> Vec<String> {
    path.replace('[', ".").replace(']', "").split('.').filter(|s| !s.is_empty()).map(str::to_owned).collect()
}
