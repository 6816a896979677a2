//! Every component schema of the real spec decodes a value that holds every
//! one of its properties, and encodes it back to the same JSON. Across the
//! rounds, every enum value and every union variant appears.

use dintero_checkout_tests::generated::schemas::{round_trip, SCHEMA_NAMES};
use dintero_checkout_tests::{json_diff, real_spec, samples::Samples};

#[test]
fn every_component_schema_round_trips_with_every_property_value_and_variant() {
    let spec = real_spec();
    let mut samples = Samples::new(&spec);
    let rounds = samples.rounds();
    let mut failures = Vec::new();
    let mut checked = 0;
    for name in SCHEMA_NAMES {
        for k in 0..rounds {
            let value = samples.component(name, k);
            match round_trip(name, value.clone()) {
                None => failures.push(format!("{name}: no type in the schema table")),
                Some(Err(e)) => failures.push(format!("{name} round {k}: {e}\n  value: {value}")),
                Some(Ok(back)) if back != value => {
                    failures.push(format!("{name} round {k}: sent != back at {:?}", json_diff(&value, &back)))
                }
                Some(Ok(_)) => checked += 1,
            }
        }
    }
    assert!(failures.is_empty(), "{} failure(s), first ones:\n{}", failures.len(), failures.iter().take(3).map(|f| f.chars().take(1500).collect::<String>()).collect::<Vec<_>>().join("\n"));
    assert_eq!(SCHEMA_NAMES.len(), 164, "the spec has 164 component schemas");
    let missing: Vec<_> = samples.all_choices().difference(&samples.seen).cloned().collect();
    assert!(missing.is_empty(), "enum values / union variants never sampled: {missing:?}");
    eprintln!(
        "{checked} round trips over {} schemas x {rounds} rounds; {} enum values and union variants covered",
        SCHEMA_NAMES.len(),
        samples.seen.len()
    );
}

/// What a long answer holds by the hundred (a transaction's events and
/// lines, a session's order lines) is moved into its list one by one: an
/// optional nested object is boxed, so an absent one is a word, not its
/// whole size (an event was over 2 KB before, and decoding a list of them
/// spent its time moving bytes; `tests/benches/codec.rs` measures it).
#[test]
fn the_items_of_long_lists_stay_small_to_move() {
    use dintero_checkout::models::{OrderLine, TransactionEventItemsItem, TransactionEventsItem};
    let sizes = [
        ("TransactionEventsItem", std::mem::size_of::<TransactionEventsItem>()),
        ("TransactionEventItemsItem", std::mem::size_of::<TransactionEventItemsItem>()),
        ("OrderLine", std::mem::size_of::<OrderLine>()),
    ];
    for (name, size) in sizes {
        assert!(size <= 512, "{name} is {size} bytes: {sizes:?}");
    }
}
