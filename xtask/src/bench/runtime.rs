//! The criterion benchmarks of `tests/benches/codec.rs` (decoding and
//! encoding with our types against `serde_json::Value`), run, and their
//! medians read back from criterion's JSON estimates.

use super::measure::Job;
use std::path::Path;
use std::time::Duration;

/// The payloads the bench measures (criterion group names).
pub const PAYLOADS: [&str; 2] = ["transaction", "session"];
/// What is done to each payload.
pub const OPERATIONS: [&str; 2] = ["decode", "encode"];

/// The median times of one payload and operation.
pub struct Comparison {
    pub payload: &'static str,
    pub operation: &'static str,
    pub bytes: u64,
    pub typed: Duration,
    pub value: Duration,
}

/// The bench command, as run and as reported.
pub fn job(root: &Path, cargo: &str) -> Job {
    Job::new(cargo, &["bench", "--package", "dintero-checkout-tests", "--features", "bench", "--bench", "codec"], root)
}

/// Runs the benchmarks (their output passes through) and reads the results.
pub fn run(root: &Path, cargo: &str, target_dir: &Path) -> Result<Vec<Comparison>, String> {
    job(root, cargo).run_visible()?;
    let mut comparisons = Vec::new();
    for payload in PAYLOADS {
        for operation in OPERATIONS {
            let dir = |kind: &str| target_dir.join("criterion").join(payload).join(operation).join(kind).join("new");
            comparisons.push(Comparison {
                payload,
                operation,
                bytes: throughput_bytes(&dir("typed"))?,
                typed: median(&dir("typed"))?,
                value: median(&dir("value"))?,
            });
        }
    }
    Ok(comparisons)
}

fn read_json(path: &Path) -> Result<serde_json::Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", path.display()))
}

/// Criterion's median estimate, in `estimates.json`.
fn median(dir: &Path) -> Result<Duration, String> {
    let path = dir.join("estimates.json");
    let nanos = read_json(&path)?["median"]["point_estimate"].as_f64().ok_or_else(|| format!("{} has no median", path.display()))?;
    Ok(Duration::from_secs_f64(nanos / 1e9))
}

/// The payload size the benchmark declared, in `benchmark.json`.
fn throughput_bytes(dir: &Path) -> Result<u64, String> {
    let path = dir.join("benchmark.json");
    read_json(&path)?["throughput"]["Bytes"].as_u64().ok_or_else(|| format!("{} declares no throughput in bytes", path.display()))
}
