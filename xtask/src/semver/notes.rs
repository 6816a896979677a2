//! Why the two sides differ, pair by pair: written by hand after reading
//! both reports (SEMVER.md's last column). Each note records the major lints
//! the tool fired when it was written; the table marks a note for
//! re-checking when the tool's answer changes.

/// The reviewed reason for one pair.
#[derive(Clone, Copy, Debug)]
pub struct Note {
    /// The fixture pair (`spec/fixtures/changes/<case>`).
    pub case: &'static str,
    /// The major lints the tool fired when the note was written, sorted.
    pub lints: &'static [&'static str],
    /// The reason, one or two sentences.
    pub why: &'static str,
}

pub const NOTES: &[Note] = &[];

#[cfg(test)]
mod tests {
    use super::NOTES;

    #[test]
    fn notes_name_fixture_pairs_once_with_sorted_lints() {
        let cases = std::fs::read_dir(crate::workspace_root().join("spec/fixtures/changes")).expect("readable");
        let cases: Vec<String> = cases.filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned())).collect();
        for (i, note) in NOTES.iter().enumerate() {
            assert!(cases.contains(&note.case.to_owned()), "no fixture pair `{}`", note.case);
            assert!(NOTES[..i].iter().all(|n| n.case != note.case), "two notes for `{}`", note.case);
            assert!(note.lints.windows(2).all(|w| w[0] < w[1]), "lints of `{}` not sorted", note.case);
        }
    }
}
