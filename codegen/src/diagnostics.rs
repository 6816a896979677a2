//! Problems found in a spec, as values: each names the place (JSON pointer,
//! and the line when it is known) so a user can find it.

use std::fmt;

/// One problem in the spec, at one place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// JSON pointer into the spec (`#/components/schemas/Session/properties/order`).
    pub pointer: String,
    /// 1-based line in the spec file, when known.
    pub line: Option<usize>,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl Diagnostic {
    /// A problem at `pointer`.
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self { pointer: pointer.into(), line: None, message: message.into() }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{} (line {}): {}", self.pointer, line, self.message),
            None => write!(f, "{}: {}", self.pointer, self.message),
        }
    }
}

/// Why generation failed: the spec could not be read, or it has problems.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec file could not be read from disk.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file that was being read.
        path: String,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// The spec has one or more problems; every one found is listed.
    #[error("{file}: {} problem(s) in the spec:\n{}", .problems.len(), render(.problems))]
    Spec {
        /// The spec file as given.
        file: String,
        /// Every problem found, in spec order.
        problems: Vec<Diagnostic>,
    },
    /// Entries of the settings that match nothing in the spec.
    #[error("{} setting(s) match nothing in the spec (renamed or removed upstream? update or delete them):\n{}", .entries.len(), .entries.iter().map(|e| format!("  error: {e}")).collect::<Vec<_>>().join("\n"))]
    Settings {
        /// The entries, as `[table] key`.
        entries: Vec<String>,
    },
}

fn render(problems: &[Diagnostic]) -> String {
    problems.iter().map(|p| format!("  error: {p}")).collect::<Vec<_>>().join("\n")
}
