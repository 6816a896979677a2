//! The figures as Markdown tables, ratios in the first column, and their
//! place in BENCHMARKS.md: between two marker comments, so the prose around
//! them is the maintainer's and a new run replaces only the figures.
//! (`cargo xtask semver` writes SEMVER.md the same way, with its own markers.)

use super::measure::Timings;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

/// The markers around the figures in BENCHMARKS.md.
pub const MARKERS: Markers = Markers { begin: "<!-- bench:begin (written by `cargo xtask bench`) -->", end: "<!-- bench:end -->" };

/// The two comments between which a task writes into a Markdown file.
#[derive(Clone, Copy, Debug)]
pub struct Markers {
    pub begin: &'static str,
    pub end: &'static str,
}

/// A table: a header row and rows of cells.
pub struct Table {
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(title: impl Into<String>, header: &[&str]) -> Self {
        Self { title: title.into(), header: header.iter().map(|h| (*h).to_owned()).collect(), rows: Vec::new() }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn markdown(&self) -> String {
        let mut out = format!("### {}\n\n", self.title);
        let line = |cells: &[String]| format!("| {} |\n", cells.join(" | "));
        out.push_str(&line(&self.header));
        out.push_str(&line(&vec!["---".to_owned(); self.header.len()]));
        for row in &self.rows {
            out.push_str(&line(row));
        }
        out
    }
}

/// `ours / theirs` to two significant places, with how many times faster
/// or smaller that is when it is far from 1.
pub fn ratio(ours: f64, theirs: f64) -> String {
    if theirs == 0.0 {
        return "n/a".to_owned();
    }
    let r = ours / theirs;
    let shown = if r >= 10.0 { format!("{r:.0}") } else if r >= 1.0 { format!("{r:.2}") } else { format!("{r:.3}") };
    if r > 0.0 && r < 0.5 {
        format!("{shown} (1/{:.0})", 1.0 / r)
    } else {
        shown
    }
}

/// A row comparing two timed things: the ratio of their medians, what was
/// timed, then each median with its range (`110 ms (107 ms–136 ms)`).
pub fn timed_row(what: &str, ours: &Timings, peer: &Timings) -> Vec<String> {
    let spread = |t: &Timings| format!("{} ({}–{})", duration(t.median()), duration(t.min()), duration(t.max()));
    vec![ratio(ours.median().as_secs_f64(), peer.median().as_secs_f64()), what.to_owned(), spread(ours), spread(peer)]
}

/// A duration in a unit that suits it, to three significant figures.
pub fn duration(d: Duration) -> String {
    let s = d.as_secs_f64();
    let (value, unit) = if s >= 1.0 {
        (s, "s")
    } else if s >= 1e-3 {
        (s * 1e3, "ms")
    } else {
        (s * 1e6, "µs")
    };
    let decimals = if value >= 100.0 { 0 } else if value >= 10.0 { 1 } else { 2 };
    format!("{value:.decimals$} {unit}")
}

/// Replaces the figures between `markers` in the file at `path` (creating
/// it with `intro` if it does not exist or has no markers yet).
pub fn update(path: &Path, markers: Markers, intro: &str, figures: &str) -> Result<(), String> {
    let Markers { begin: first, end: last } = markers;
    let current = std::fs::read_to_string(path).unwrap_or_default();
    let section = format!("{first}\n{figures}{last}");
    let updated = match (current.find(first), current.find(last)) {
        (Some(begin), Some(end)) if begin < end => format!("{}{section}{}", &current[..begin], &current[end + last.len()..]),
        _ => format!("{}\n\n{section}\n", intro.trim_end()),
    };
    let staging = path.with_extension("md.new");
    std::fs::write(&staging, updated).and_then(|()| std::fs::rename(&staging, path)).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Sections joined with a blank line between them.
pub fn join(sections: &[String]) -> String {
    let mut out = String::new();
    for s in sections {
        let _ = writeln!(out, "{s}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_read_as_ours_over_theirs() {
        assert_eq!(ratio(0.1, 3.5), "0.029 (1/35)");
        assert_eq!(ratio(11.4, 14.8), "0.770");
        assert_eq!(ratio(3.0, 2.0), "1.50");
        assert_eq!(ratio(1.0, 0.0), "n/a");
    }

    #[test]
    fn durations_show_three_significant_figures() {
        assert_eq!(duration(Duration::from_micros(1_160)), "1.16 ms");
        assert_eq!(duration(Duration::from_micros(883_400)), "883 ms");
        assert_eq!(duration(Duration::from_nanos(58_130)), "58.1 µs");
        assert_eq!(duration(Duration::from_millis(14_780)), "14.8 s");
    }

    #[test]
    fn a_timed_row_compares_medians_and_shows_each_range() {
        let timings = |ms: &[u64]| {
            let mut t = Timings::default();
            ms.iter().for_each(|m| t.push(Duration::from_millis(*m)));
            t
        };
        assert_eq!(
            timed_row("build", &timings(&[10_900, 11_000, 11_100]), &timings(&[15_200, 15_000, 15_400])),
            ["0.724", "build", "11.0 s (10.9 s–11.1 s)", "15.2 s (15.0 s–15.4 s)"]
        );
    }

    #[test]
    fn a_table_is_markdown_with_a_title() {
        let mut t = Table::new("Generation", &["ours / peer", "what"]);
        t.row(vec!["0.03".to_owned(), "time".to_owned()]);
        assert_eq!(t.markdown(), "### Generation\n\n| ours / peer | what |\n| --- | --- |\n| 0.03 | time |\n");
    }

    #[test]
    fn only_the_figures_between_the_markers_are_replaced() {
        let path = std::env::temp_dir().join(format!("xtask-report-{}.md", std::process::id()));
        let Markers { begin, end } = MARKERS;
        std::fs::write(&path, format!("# Title\n\nprose\n\n{begin}\nold\n{end}\n\nmore prose\n")).expect("write");
        update(&path, MARKERS, "unused intro", "new\n").expect("updates");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), format!("# Title\n\nprose\n\n{begin}\nnew\n{end}\n\nmore prose\n"));
        std::fs::remove_file(&path).expect("remove");
        update(&path, MARKERS, "# Fresh", "figures\n").expect("creates");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), format!("# Fresh\n\n{begin}\nfigures\n{end}\n"));
        std::fs::remove_file(&path).expect("remove");
    }
}
