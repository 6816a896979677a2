//! Reviewed names that follow their type when the spec changes it.
//!
//! The settings name an inline enum by its values (`[enums]`) and an inline
//! `allOf` by its members (`[composites]`), because inline types have no
//! name of their own in the spec. The spec changes those lists more often
//! than anything else (a value added to a status, a subtype added to an
//! `allOf`), and the type is still the same type. So an entry that matches no
//! list exactly takes the closest list that no other entry has: the one
//! sharing the most items, and at least half of both lists together. The
//! difference is a note for the reviewer; the name stays.
//!
//! An entry that no list comes close to matches nothing (the type is gone),
//! and the settings' error names what it lists and the closest list now.

use std::collections::BTreeSet;

/// How a reviewed list compares with the spec's list it was matched to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Drift {
    /// In the spec's list, not in the reviewed one.
    pub added: Vec<String>,
    /// In the reviewed list, not in the spec's.
    pub removed: Vec<String>,
}

impl Drift {
    /// `values added: "X"; values removed: "Y"` (empty parts left out;
    /// `the same values in another order` when both are).
    pub(crate) fn describe(&self, what: &str) -> String {
        let quoted = |items: &[String]| items.iter().map(|i| format!("{i:?}")).collect::<Vec<_>>().join(", ");
        let mut parts = Vec::new();
        if !self.added.is_empty() {
            parts.push(format!("{what} added: {}", quoted(&self.added)));
        }
        if !self.removed.is_empty() {
            parts.push(format!("{what} removed: {}", quoted(&self.removed)));
        }
        if parts.is_empty() {
            parts.push(format!("the same {what} in another order"));
        }
        parts.join("; ")
    }
}

/// Items both lists have, over items either has (1 for equal sets).
pub(crate) fn similarity(a: &[String], b: &[String]) -> f64 {
    let (a, b): (BTreeSet<&String>, BTreeSet<&String>) = (a.iter().collect(), b.iter().collect());
    let union = a.union(&b).count();
    if union == 0 {
        return 1.0;
    }
    a.intersection(&b).count() as f64 / union as f64
}

/// What `reviewed` lacks and has too many, against `now`.
pub(crate) fn drift(reviewed: &[String], now: &[String]) -> Drift {
    Drift {
        added: now.iter().filter(|i| !reviewed.contains(i)).cloned().collect(),
        removed: reviewed.iter().filter(|i| !now.contains(i)).cloned().collect(),
    }
}

/// The least similarity at which a reviewed list still names a changed one.
const CLOSE_ENOUGH: f64 = 0.5;

/// Pairs reviewed entries (name, list) with candidate lists of the spec, each
/// used once: best pairs first, none below [`CLOSE_ENOUGH`]. Returns
/// (entry index, candidate index) pairs.
pub(crate) fn pair(entries: &[(&str, &[String])], candidates: &[&[String]]) -> Vec<(usize, usize)> {
    let mut scored: Vec<(f64, usize, usize)> = Vec::new();
    for (e, (_, listed)) in entries.iter().enumerate() {
        for (c, candidate) in candidates.iter().enumerate() {
            let score = similarity(listed, candidate);
            if score >= CLOSE_ENOUGH {
                scored.push((score, e, c));
            }
        }
    }
    // Best first; ties by the entry's and the candidate's order, so the
    // result never depends on anything but the lists.
    scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let (mut taken_entries, mut taken_candidates) = (BTreeSet::new(), BTreeSet::new());
    let mut pairs = Vec::new();
    for (_, e, c) in scored {
        if !taken_entries.contains(&e) && !taken_candidates.contains(&c) {
            taken_entries.insert(e);
            taken_candidates.insert(c);
            pairs.push((e, c));
        }
    }
    pairs.sort_unstable();
    pairs
}

/// The candidate most like `listed` (any similarity above none), for the
/// error of an entry that matches nothing.
pub(crate) fn closest<'c>(listed: &[String], candidates: &[&'c [String]]) -> Option<&'c [String]> {
    candidates
        .iter()
        .map(|c| (similarity(listed, c), *c))
        .filter(|(score, _)| *score > 0.0)
        .max_by(|x, y| x.0.total_cmp(&y.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_value_added_or_removed_keeps_the_pair_and_says_which() {
        let status = list(&["INITIATED", "AUTHORIZED", "CAPTURED", "ON_HOLD"]);
        let grown = list(&["INITIATED", "AUTHORIZED", "CAPTURED", "ON_HOLD", "PARTIALLY_CAPTURED_REFUNDED"]);
        let tokens = list(&["payment_token", "recurrence_token"]);
        let fewer = list(&["payment_token"]);
        let entries = [("TransactionStatus", status.as_slice()), ("PaymentTokenType", tokens.as_slice())];
        assert_eq!(pair(&entries, &[fewer.as_slice(), grown.as_slice()]), [(0, 1), (1, 0)]);
        assert_eq!(drift(&status, &grown).describe("values"), "values added: \"PARTIALLY_CAPTURED_REFUNDED\"");
        assert_eq!(drift(&tokens, &fewer).describe("values"), "values removed: \"recurrence_token\"");
        let reordered = list(&["recurrence_token", "payment_token"]);
        assert_eq!(drift(&tokens, &reordered).describe("values"), "the same values in another order");
    }

    #[test]
    fn each_list_is_taken_once_by_its_closest_entry() {
        let (a, b) = (list(&["a", "b", "c"]), list(&["a", "b", "c", "d"]));
        let spec = list(&["a", "b", "c", "d"]);
        // `b` is equal, so it wins the one list; `a` is left without one.
        assert_eq!(pair(&[("A", a.as_slice()), ("B", b.as_slice())], &[spec.as_slice()]), [(1, 0)]);
    }

    #[test]
    fn a_list_sharing_less_than_half_is_no_match_but_is_the_closest() {
        let reviewed = list(&["b2c", "b2b", "b2g"]);
        let other = list(&["b2c", "private", "company", "public"]);
        assert!(pair(&[("CustomerType", reviewed.as_slice())], &[other.as_slice()]).is_empty());
        assert_eq!(closest(&reviewed, &[other.as_slice()]), Some(other.as_slice()));
        assert_eq!(closest(&reviewed, &[list(&["x"]).as_slice()]), None);
    }
}
