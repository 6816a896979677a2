//! Running commands and timing them: wall-clock durations of whole
//! processes, repeated, summarised by their median.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A command to run: program, arguments, working directory and extra
/// environment. Kept as data so a report can print exactly what was timed.
#[derive(Clone, Debug)]
pub struct Job {
    pub program: String,
    pub args: Vec<String>,
    pub dir: std::path::PathBuf,
    pub env: Vec<(String, String)>,
}

impl Job {
    pub fn new(program: impl Into<String>, args: &[&str], dir: &Path) -> Self {
        Self { program: program.into(), args: args.iter().map(|a| (*a).to_owned()).collect(), dir: dir.to_path_buf(), env: Vec::new() }
    }

    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }

    /// The command line as a reader would type it (environment first).
    pub fn display(&self) -> String {
        let env: Vec<String> = self.env.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let program = Path::new(&self.program).file_name().map_or_else(|| self.program.clone(), |n| n.to_string_lossy().into_owned());
        [env, vec![program], self.args.clone()].concat().join(" ")
    }

    fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        command.args(&self.args).current_dir(&self.dir).envs(self.env.iter().map(|(k, v)| (k, v)));
        command
    }

    /// Runs to completion, capturing the output, whatever the exit status
    /// (for tools whose findings make them exit non-zero).
    pub fn output(&self) -> Result<Output, String> {
        self.command().stdin(Stdio::null()).output().map_err(|e| format!("cannot run `{}`: {e}", self.display()))
    }

    /// Runs to completion, capturing the output; a failure to start or a
    /// non-zero exit is an error that names the command and shows its stderr.
    pub fn run(&self) -> Result<Output, String> {
        let output = self.output()?;
        if output.status.success() {
            Ok(output)
        } else {
            Err(format!("`{}` failed ({}):\n{}", self.display(), output.status, tail(&String::from_utf8_lossy(&output.stderr), 20)))
        }
    }

    /// Runs to completion with its output passing through to ours (for
    /// long jobs whose progress a reader wants to see).
    pub fn run_visible(&self) -> Result<(), String> {
        let status = self.command().status().map_err(|e| format!("cannot run `{}`: {e}", self.display()))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("`{}` failed ({status})", self.display()))
        }
    }

    /// Runs to completion and returns how long it took and its output.
    pub fn time(&self) -> Result<(Duration, Output), String> {
        let started = Instant::now();
        let output = self.run()?;
        Ok((started.elapsed(), output))
    }
}

/// Removes the folder `dir` and all it holds, if it is there.
pub fn remove_dir(dir: &Path) -> Result<(), String> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(format!("cannot remove {}: {e}", dir.display())),
        _ => Ok(()),
    }
}

/// The last `lines` lines of `text`.
pub fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Repeated measurements of one thing.
#[derive(Clone, Debug, Default)]
pub struct Timings(Vec<Duration>);

impl Timings {
    pub fn push(&mut self, d: Duration) {
        self.0.push(d);
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    fn sorted(&self) -> Vec<Duration> {
        let mut sorted = self.0.clone();
        sorted.sort();
        sorted
    }

    /// The median (the mean of the middle two for an even count).
    pub fn median(&self) -> Duration {
        let sorted = self.sorted();
        match sorted.len() {
            0 => Duration::ZERO,
            n if n % 2 == 1 => sorted[n / 2],
            n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
        }
    }

    pub fn min(&self) -> Duration {
        self.sorted().first().copied().unwrap_or_default()
    }

    pub fn max(&self) -> Duration {
        self.sorted().last().copied().unwrap_or_default()
    }
}

/// Runs each job `runs` times, alternating between them (a, b, a, b, ...)
/// so that a slow spell of the machine hits all alike. `before(i)` runs
/// before every timed run of job `i`, untimed (to clear its output, say).
pub fn interleaved(jobs: &[&Job], runs: usize, before: impl Fn(usize) -> Result<(), String>) -> Result<Vec<Timings>, String> {
    let mut timings = vec![Timings::default(); jobs.len()];
    for _ in 0..runs {
        for (i, (job, timing)) in jobs.iter().zip(&mut timings).enumerate() {
            before(i)?;
            timing.push(job.time()?.0);
        }
    }
    Ok(timings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timings(ms: &[u64]) -> Timings {
        let mut t = Timings::default();
        for m in ms {
            t.push(Duration::from_millis(*m));
        }
        t
    }

    #[test]
    fn the_median_is_the_middle_value_or_the_mean_of_the_middle_two() {
        assert_eq!(timings(&[30, 10, 20]).median(), Duration::from_millis(20));
        assert_eq!(timings(&[40, 10, 20, 30]).median(), Duration::from_millis(25));
        assert_eq!(timings(&[]).median(), Duration::ZERO);
        assert_eq!((timings(&[3, 1, 2]).min(), timings(&[3, 1, 2]).max()), (Duration::from_millis(1), Duration::from_millis(3)));
    }

    #[test]
    fn a_failing_command_is_an_error_naming_it_and_showing_its_stderr() {
        let job = Job::new("sh", &["-c", "echo broken >&2; exit 3"], Path::new("."));
        let error = job.run().expect_err("exit 3 is a failure");
        assert!(error.contains("sh -c") && error.contains("broken"), "{error}");
    }

    #[test]
    fn jobs_alternate_and_run_their_preparation_before_every_run() {
        let dir = std::env::temp_dir().join(format!("xtask-measure-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let log = dir.join("log");
        let _ = std::fs::remove_file(&log);
        let a = Job::new("sh", &["-c", "echo a >> log"], &dir);
        let b = Job::new("sh", &["-c", "echo b >> log"], &dir);
        let prepare = |i: usize| {
            let mark = format!("before {i}\n");
            std::fs::OpenOptions::new().create(true).append(true).open(&log).and_then(|mut f| std::io::Write::write_all(&mut f, mark.as_bytes())).map_err(|e| e.to_string())
        };
        let timings = interleaved(&[&a, &b], 2, prepare).expect("runs");
        assert_eq!(timings.iter().map(Timings::len).collect::<Vec<_>>(), [2, 2]);
        assert_eq!(std::fs::read_to_string(&log).expect("log"), "before 0\na\nbefore 1\nb\nbefore 0\na\nbefore 1\nb\n");
    }
}
