//! What a regeneration changes for users of the crate: the committed
//! [`Surface`] against the new one, item by item, each change with the Rust
//! item, the spec place and a verdict, and the version bump they call for.
//!
//! - [`diff`] pairs the two surfaces (renamed types and methods are paired
//!   by shape, not reported as a removal and an addition) and lists changes;
//! - [`render`] writes the report as Markdown, for the terminal, a pull
//!   request and the changelog.
//!
//! The verdicts follow what the emitters generate: structs, params structs,
//! string enums, tagged unions and response enums are `#[non_exhaustive]`,
//! so adding to them breaks no one; untagged unions are exhaustive. A method
//! takes the required parameters and body as arguments; optional ones are
//! setters of the call it returns.

mod diff;
mod render;

use crate::surface::Surface;

pub use render::markdown;

/// How a change affects users who upgrade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// No public item changes; behaviour on the wire may (a patch release).
    Compatible,
    /// Something new, nothing existing changes (a minor release).
    Addition,
    /// Code that compiled against the old crate may not compile against the
    /// new one (a major release).
    Breaking,
    /// A protection the old crate gave is gone: an operation is no longer
    /// money-moving, is retried where it was not, or no longer sends
    /// credentials. Never compatible, whatever it does to the code: a major
    /// release, and `update`, `generate` and `generate --check` stop until a
    /// reviewer accepts it in the settings' `[accepted_safety_losses]`.
    SafetyLoss,
}

/// One change of the public API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The Rust item: `models::Session::url`, `Client::capture_transaction`.
    pub item: String,
    /// What changed, in a phrase.
    pub what: String,
    /// The spec place (JSON pointer in the new spec, or the old one for a removal).
    pub pointer: String,
    /// How users are affected.
    pub verdict: Verdict,
    /// Whether the JSON sent or accepted changes.
    pub wire: bool,
}

/// The version bump a set of changes calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// Nothing changed.
    None,
    /// Fixes only.
    Patch,
    /// New API, nothing broken.
    Minor,
    /// Something broken.
    Major,
}

/// Every change between two surfaces, sorted by verdict (safety losses,
/// then breaking changes first), then item.
pub fn compare(old: &Surface, new: &Surface) -> Vec<Change> {
    let mut changes = diff::changes(old, new);
    changes.sort_by(|a, b| b.verdict.cmp(&a.verdict).then_with(|| a.item.cmp(&b.item)).then_with(|| a.what.cmp(&b.what)));
    changes.dedup();
    changes
}

/// The bump that `changes` call for.
pub fn bump(changes: &[Change]) -> Bump {
    changes
        .iter()
        .map(|c| match c.verdict {
            Verdict::Breaking | Verdict::SafetyLoss => Bump::Major,
            Verdict::Addition => Bump::Minor,
            Verdict::Compatible => Bump::Patch,
        })
        .max()
        .unwrap_or(Bump::None)
}

/// The version after `bump`, by Cargo's rules: before 1.0 the minor number
/// plays the part of the major one, and additions bump the patch number.
pub fn next_version(current: &str, bump: Bump) -> Option<String> {
    let mut parts = current.split('.').map(|p| p.parse::<u64>().ok());
    let (major, minor, patch) = (parts.next()??, parts.next()??, parts.next()??);
    Some(match (bump, major) {
        (Bump::None, _) => current.to_owned(),
        (Bump::Major, 0) => format!("0.{}.0", minor + 1),
        (Bump::Major, _) => format!("{}.0.0", major + 1),
        (Bump::Minor, 0) | (Bump::Patch, _) => format!("{major}.{minor}.{}", patch + 1),
        (Bump::Minor, _) => format!("{major}.{}.0", minor + 1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_follow_cargo_rules_before_and_after_one() {
        assert_eq!(next_version("0.1.0", Bump::Major).as_deref(), Some("0.2.0"));
        assert_eq!(next_version("0.1.3", Bump::Minor).as_deref(), Some("0.1.4"));
        assert_eq!(next_version("0.1.3", Bump::Patch).as_deref(), Some("0.1.4"));
        assert_eq!(next_version("1.4.2", Bump::Major).as_deref(), Some("2.0.0"));
        assert_eq!(next_version("1.4.2", Bump::Minor).as_deref(), Some("1.5.0"));
        assert_eq!(next_version("1.4.2", Bump::Patch).as_deref(), Some("1.4.3"));
        assert_eq!(next_version("1.4.2", Bump::None).as_deref(), Some("1.4.2"));
        assert_eq!(next_version("1.4", Bump::Patch), None);
    }
}
