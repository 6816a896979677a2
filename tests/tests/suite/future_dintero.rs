//! Answers a later Dintero could send, decoded with the types generated
//! today, as a deployed crate meets them: every component schema's sample,
//! changed the ways an API changes without breaking its own clients.
//!
//! - a new field in every object, at every depth: none may be lost when
//!   the value is encoded again, and no answer may be refused for it;
//! - an optional field whose value has another JSON kind (a string that
//!   became a list of strings, a number that became a string): the answer
//!   must still decode, the value must come out again as received, and
//!   the typed field reads as absent;
//! - a required field that is missing still refuses the answer, naming
//!   the field;
//! - an enum value and a union variant this version does not know are kept.
//!
//! Each test counts first and asserts after, so a failure shows how many
//! cases fail, not only the first.

use dintero_checkout::models::{Address, AuthToken, TransactionEvent};
use dintero_checkout_tests::generated::schemas::{round_trip, SCHEMA_NAMES};
use dintero_checkout_tests::{real_spec, samples::Samples};
use serde_json::{json, Value};

/// The name of the field a later Dintero adds.
const NEW: &str = "added_later";

/// Adds the field [`NEW`] to every object of `value`, at every depth;
/// returns how many it added. A map (`additionalProperties`; the samples
/// give it the keys `first` or `an-extra-key`) gets a new key of its
/// values' type, as a map's new key has; any other object a new object.
fn add_new_fields(value: &mut Value, depth: usize) -> usize {
    match value {
        Value::Object(object) => {
            let below: usize = object.values_mut().map(|v| add_new_fields(v, depth + 1)).sum();
            let map_value = object.get("first").or_else(|| object.get("an-extra-key")).cloned();
            object.insert(NEW.to_owned(), map_value.unwrap_or_else(|| json!({ "depth": depth, "tags": ["a", "b"] })));
            below + 1
        }
        Value::Array(items) => items.iter_mut().map(|v| add_new_fields(v, depth + 1)).sum(),
        _ => 0,
    }
}

/// How many objects of `value` carry the field [`NEW`].
fn count_new_fields(value: &Value) -> usize {
    match value {
        Value::Object(object) => usize::from(object.contains_key(NEW)) + object.values().map(count_new_fields).sum::<usize>(),
        Value::Array(items) => items.iter().map(count_new_fields).sum(),
        _ => 0,
    }
}

#[test]
fn a_new_field_at_every_depth_is_kept_and_encoded_again() {
    let mut samples = Samples::new(&real_spec());
    let (mut refused, mut lost, mut added) = (Vec::new(), 0, 0);
    for name in SCHEMA_NAMES {
        let mut value = samples.component(name, 0);
        let here = add_new_fields(&mut value, 0);
        added += here;
        match round_trip(name, value.clone()).expect("every schema has a type") {
            Err(e) => refused.push(format!("{name}: {}", e.chars().take(300).collect::<String>())),
            Ok(back) => {
                lost += here - count_new_fields(&back).min(here);
                assert!(back == value || count_new_fields(&back) < here, "{name}: all new fields back, but the value differs");
            }
        }
    }
    eprintln!("new fields: {added} added over {} schemas; answers refused: {}; fields lost on re-encode: {lost}", SCHEMA_NAMES.len(), refused.len());
    assert_eq!((refused.len(), lost), (0, 0), "refused: {refused:#?}");
}

/// A value of another JSON kind than `value`, as an API change makes it:
/// `None` for `null`, which has no other kind to become.
fn another_kind(value: &Value) -> Option<Value> {
    Some(match value {
        Value::String(s) => json!([s, s]),
        Value::Number(n) => json!(n.to_string()),
        Value::Bool(b) => json!(if *b { "yes" } else { "no" }),
        Value::Array(items) => json!({ "items": items }),
        Value::Object(_) => json!("now a string"),
        Value::Null => return None,
    })
}

/// The JSON pointer of every field of every object in `value` (in arrays,
/// the first item only: the others have the same fields).
fn field_pointers(value: &Value, at: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                let pointer = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                out.push(pointer.clone());
                field_pointers(child, &pointer, out);
            }
        }
        Value::Array(items) => {
            if let Some(first) = items.first() {
                field_pointers(first, &format!("{at}/0"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn an_optional_field_whose_type_changed_is_kept_as_received_and_the_answer_decodes() {
    let spec = real_spec();
    let mut samples = Samples::new(&spec);
    // A discriminator selects a union's variant: it is no optional field.
    let schemas = spec["components"]["schemas"].as_object().expect("schemas");
    let tags: Vec<&str> = schemas.values().filter_map(|s| s["discriminator"]["propertyName"].as_str()).collect();
    let (mut cases, mut refused, mut lost) = (0, Vec::new(), Vec::new());
    // One case per field of each kind of object (its keys), wherever it
    // sits: the same type reached from many schemas is tried once.
    let mut tried = std::collections::BTreeSet::new();
    for name in SCHEMA_NAMES {
        let value = samples.component(name, 0);
        let mut pointers = Vec::new();
        field_pointers(&value, "", &mut pointers);
        for pointer in pointers {
            let (parent, key) = pointer.rsplit_once('/').expect("a field pointer");
            let keys: Vec<&String> = value.pointer(parent).and_then(Value::as_object).map(|o| o.keys().collect()).unwrap_or_default();
            if tags.contains(&key) || !tried.insert(format!("{keys:?} {key}")) {
                continue;
            }
            // Optional: no schema that made its object requires it.
            if samples.required.get(parent).is_some_and(|required| required.contains(&key.replace("~1", "/").replace("~0", "~"))) {
                continue;
            }
            let Some(changed) = value.pointer(&pointer).and_then(another_kind) else { continue };
            let mut sent = value.clone();
            *sent.pointer_mut(&pointer).expect("the field") = changed.clone();
            cases += 1;
            match round_trip(name, sent.clone()).expect("every schema has a type") {
                Err(e) => refused.push(format!("{name} {pointer}: {e}")),
                Ok(back) if back.pointer(&pointer) != Some(&changed) => lost.push(format!("{name} {pointer}")),
                Ok(_) => {}
            }
        }
    }
    eprintln!("optional fields of another type: {cases} cases; answers refused: {}; values lost on re-encode: {}", refused.len(), lost.len());
    assert_eq!((refused.len(), lost.len()), (0, 0), "refused (first 5): {:#?}\nlost (first 5): {:#?}", &refused[..refused.len().min(5)], &lost[..lost.len().min(5)]);
}

/// The sample of `schema` with `change` applied.
fn changed(schema: &str, change: impl FnOnce(&mut Value)) -> Value {
    let mut value = Samples::new(&real_spec()).component(schema, 0);
    change(&mut value);
    value
}

#[test]
fn an_event_error_whose_type_became_a_list_leaves_the_transaction_readable() {
    let list = json!(["DO_NOT_RETRY", "MODIFICATIONS_REQUIRED"]);
    let sent = changed("TransactionEvent", |event| event["error"]["type"] = list.clone());
    let event: TransactionEvent = serde_json::from_value(sent.clone()).expect("the event decodes");
    let error = event.error.as_ref().expect("the error is there");
    assert_eq!(error.type_, None, "the typed field reads as absent");
    assert_eq!(error.unknown_fields().get("type"), Some(&list), "the value is kept as received");
    assert_eq!(serde_json::to_value(&event).expect("encodes"), sent, "and encoded again where it was");
}

#[test]
fn a_required_field_that_is_missing_still_refuses_the_answer_and_names_the_field() {
    let sent = changed("Address", |address| {
        address.as_object_mut().expect("an object").remove("address_line");
    });
    let refused = serde_json::from_value::<Address>(sent).expect_err("refused");
    assert!(refused.to_string().contains("missing field `address_line`"), "{refused}");
    // Inside an optional field it makes only that field unfit: kept as received.
    let sent = changed("TransactionEvent", |event| event["error"].as_object_mut().expect("an object").remove("message").map(drop).unwrap_or(()));
    let event: TransactionEvent = serde_json::from_value(sent.clone()).expect("the event decodes");
    assert!(event.error.is_none());
    assert_eq!(event.unknown_fields().get("error"), Some(&sent["error"]));
    assert_eq!(serde_json::to_value(&event).expect("encodes"), sent);
}

#[test]
fn a_required_field_that_is_mistyped_names_its_path() {
    // Through `Client` the error names the whole path (serde_path_to_error);
    // serde_json alone names the field and the position.
    let sent = changed("Address", |address| address["address_line"] = json!(34));
    let refused = serde_json::from_str::<Address>(&sent.to_string()).expect_err("refused");
    assert!(refused.to_string().contains("invalid type: integer `34`, expected a string"), "{refused}");
    let tracked = serde_path_to_error::deserialize::<_, Address>(&mut serde_json::Deserializer::from_str(&sent.to_string())).expect_err("refused");
    assert_eq!(tracked.path().to_string(), "address_line");
}

#[test]
fn an_enum_value_and_a_union_variant_this_version_does_not_know_are_kept() {
    let sent = changed("TransactionEvent", |event| event["transaction_status"] = json!("HELD_FOR_REVIEW"));
    let event: TransactionEvent = serde_json::from_value(sent.clone()).expect("decodes");
    assert_eq!(event.transaction_status.as_ref().map(|s| s.as_str()), Some("HELD_FOR_REVIEW"));
    assert_eq!(serde_json::to_value(&event).expect("encodes"), sent);
    let token = json!({ "grant_type": "urn:a-later-grant", "audience": "https://api.dintero.com" });
    let request: AuthToken = serde_json::from_value(token.clone()).expect("decodes");
    assert!(matches!(request, AuthToken::Unknown(_)), "{request:?}");
    assert_eq!(serde_json::to_value(&request).expect("encodes"), token);
}

/// A small, seeded generator (xorshift), so a failure can be replayed.
struct Random(u64);

impl Random {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }

    /// A JSON value of random shape, at most `depth` deep.
    fn json(&mut self, depth: u32) -> Value {
        match self.below(if depth == 0 { 4 } else { 6 }) {
            0 => json!(self.below(1_000_000)),
            1 => json!(format!("s{}", self.below(1000))),
            2 => json!(self.below(2) == 0),
            3 => Value::Null,
            4 => Value::Array((0..self.below(3)).map(|_| self.json(depth - 1)).collect()),
            _ => Value::Object((0..self.below(3)).map(|i| (format!("k{i}"), self.json(depth - 1))).collect()),
        }
    }

    /// Adds random new fields to random objects of `value` (a map gets
    /// keys of its values' type, as in [`add_new_fields`]).
    fn add_fields(&mut self, value: &mut Value) {
        match value {
            Value::Object(object) => {
                object.values_mut().for_each(|v| self.add_fields(v));
                for n in 0..self.below(3) {
                    let new = match object.get("first").or_else(|| object.get("an-extra-key")) {
                        Some(like) => like.clone(),
                        None => self.json(3),
                    };
                    object.insert(format!("later_{n}_{}", self.below(100)), new);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.add_fields(v)),
            _ => {}
        }
    }
}

#[test]
fn random_new_fields_at_random_depths_survive_decode_and_encode() {
    let mut samples = Samples::new(&real_spec());
    let rounds = samples.rounds() as u64;
    let mut random = Random(0x5eed_d1e7_e80f_2026);
    let mut failures = Vec::new();
    for case in 0..300 {
        let name = SCHEMA_NAMES[random.below(SCHEMA_NAMES.len() as u64) as usize];
        let mut value = samples.component(name, random.below(rounds) as usize);
        random.add_fields(&mut value);
        match round_trip(name, value.clone()).expect("every schema has a type") {
            Ok(back) if back == value => {}
            Ok(back) => failures.push(format!("case {case}, {name}: {:?}", dintero_checkout_tests::json_diff(&value, &back))),
            Err(e) => failures.push(format!("case {case}, {name}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{} of 300 cases failed, first ones: {:#?}", failures.len(), &failures[..failures.len().min(3)]);
}
