//! The snapshot of every fixture spec compiles (warnings denied by clippy in
//! CI) and behaves as its construct requires. Each module below is the exact
//! file `codegen/tests/snapshots/<fixture>.rs` that the codegen test compares.

#![allow(dead_code)]

use serde_json::{json, Value};

#[path = "../../../codegen/tests/snapshots/all_of_merge.rs"]
mod all_of_merge;
#[path = "../../../codegen/tests/snapshots/boxing.rs"]
mod boxing;
#[path = "../../../codegen/tests/snapshots/discriminator.rs"]
mod discriminator;
#[path = "../../../codegen/tests/snapshots/enums.rs"]
mod enums;
#[path = "../../../codegen/tests/snapshots/identical.rs"]
mod identical;
#[path = "../../../codegen/tests/snapshots/maps.rs"]
mod maps;
#[path = "../../../codegen/tests/snapshots/nullable.rs"]
mod nullable_fields;
#[path = "../../../codegen/tests/snapshots/one_of_any_of.rs"]
mod one_of_any_of;
#[path = "../../../codegen/tests/snapshots/read_only.rs"]
mod read_only;
#[path = "../../../codegen/tests/snapshots/recursion.rs"]
mod recursion;
#[path = "../../../codegen/tests/snapshots/reserved_words.rs"]
mod reserved_words;

fn decode<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("decodes")
}

fn encode<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("encodes")
}

/// Decodes as `T`, encodes again, and requires the same JSON.
fn assert_round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(value: Value) -> T {
    let typed: T = decode(value.clone());
    assert_eq!(encode(&typed), value);
    typed
}

#[test]
fn all_of_keeps_every_field_of_every_member_of_a_redeclared_property() {
    use all_of_merge::{Payment, PaymentCardBrand, PaymentStatus};
    let payment: Payment = assert_round_trip(json!({
        "id": "p1",
        "amount": 500,
        "status": "DECLINED",
        "card": { "brand": "amex", "acquirer": "nets" },
        "events": [{ "a_detail": "x", "b_detail": 3 }],
    }));
    let card = payment.card.as_ref().expect("card");
    assert_eq!(card.brand, Some(PaymentCardBrand::Amex), "enum values of both members are known");
    assert_eq!(card.acquirer.as_deref(), Some("nets"), "a field only the second member declares survives");
    assert_eq!(payment.status, PaymentStatus::Declined);
    // `required` is the union over members, including a member that only lists names.
    let built = Payment::new("p2", 100, PaymentStatus::Authorized);
    assert_eq!(encode(&built), json!({ "id": "p2", "amount": 100, "status": "AUTHORIZED" }));
}

#[test]
fn a_discriminated_base_decodes_into_the_variant_its_tag_names() {
    use discriminator::{Invoiced, Payment};
    let swish: Payment = assert_round_trip(json!({ "payment_product_type": "swish.swish", "phone_number": "+47", "amount": 5 }));
    assert!(matches!(&swish, Payment::Swish(s) if s.phone_number == "+47"));
    assert_eq!(swish.payment_product_type(), "swish.swish");
    // The tag comes from the mapping when there is no x-discriminator-value, else the schema name.
    assert!(matches!(decode::<Payment>(json!({ "payment_product_type": "mapped.card" })), Payment::Card(_)));
    assert!(matches!(decode::<Payment>(json!({ "payment_product_type": "OtherPayment" })), Payment::Other(_)));
    // A subtype of two bases is a variant of both unions.
    let invoice = json!({ "payment_product_type": "collector.invoice", "due_in_days": 14 });
    assert!(matches!(decode::<Payment>(invoice.clone()), Payment::Invoice(_)));
    assert!(matches!(decode::<Invoiced>(invoice), Invoiced::InvoicePayment(_)));
}

#[test]
fn a_subtype_writes_its_own_tag_so_a_user_cannot_get_it_wrong() {
    use discriminator::{Payment, SwishPayment};
    let payment = Payment::Swish(SwishPayment::new("+4799999999"));
    assert_eq!(encode(&payment), json!({ "payment_product_type": "swish.swish", "phone_number": "+4799999999" }));
}

#[test]
fn an_unknown_tag_is_kept_whole_and_a_missing_tag_is_an_error() {
    use discriminator::Payment;
    let new_product = json!({ "payment_product_type": "brand.new", "amount": 1, "extra": [1, 2] });
    let payment: Payment = assert_round_trip(new_product);
    assert!(matches!(&payment, Payment::Unknown(_)));
    assert_eq!(payment.payment_product_type(), "brand.new");
    let missing = serde_json::from_value::<Payment>(json!({ "amount": 1 })).expect_err("the tag is required");
    assert!(missing.to_string().contains("missing field `payment_product_type`"), "{missing}");
}

#[test]
fn untagged_unions_try_their_alternatives_in_order() {
    use one_of_any_of::{Pet, Reference};
    assert!(matches!(assert_round_trip::<Pet>(json!({ "barks": true })), Pet::Dog(_)));
    assert!(matches!(assert_round_trip::<Pet>(json!({ "meows": false })), Pet::Cat(_)));
    assert!(matches!(assert_round_trip::<Reference>(json!("id-1")), Reference::String(_)));
    assert!(matches!(assert_round_trip::<Reference>(json!(["a", "b"])), Reference::StringList(_)));
    assert!(matches!(assert_round_trip::<Reference>(json!(7)), Reference::Integer(7)));
}

#[test]
fn enums_keep_wire_values_exactly_and_unknown_values_survive() {
    use enums::{ContentType, Odd, PaymentProductType};
    assert_eq!(assert_round_trip::<PaymentProductType>(json!("payex.creditcard")), PaymentProductType::PayexCreditcard);
    assert_eq!(assert_round_trip::<ContentType>(json!("application/json")), ContentType::ApplicationJson);
    assert_eq!(ContentType::TextHtml.as_str(), "text/html");
    assert_eq!(ContentType::TextHtml.to_string(), "text/html");
    let unknown = assert_round_trip::<PaymentProductType>(json!("klarna.klarna"));
    assert_eq!(unknown, PaymentProductType::Unknown("klarna.klarna".into()));
    assert_eq!(unknown.as_str(), "klarna.klarna");
    // The spec uses `Unknown` as a value, so the fallback is called `Other`.
    assert_eq!(assert_round_trip::<Odd>(json!("Unknown")), Odd::Unknown);
    assert_eq!(assert_round_trip::<Odd>(json!("new")), Odd::Other("new".into()));
    assert_eq!(assert_round_trip::<Odd>(json!("3DS")), Odd::V3ds);
    assert_eq!(assert_round_trip::<Odd>(json!("")), Odd::Empty);
    assert_eq!(assert_round_trip::<Odd>(json!("a_b")), Odd::AB2);
}

#[test]
fn enums_decode_from_text_as_borrowed_or_escaped_strings_and_refuse_other_json() {
    use enums::PaymentProductType;
    let from_text = |text: &str| serde_json::from_str::<PaymentProductType>(text);
    // Borrowed straight from the input, and unescaped into a buffer first.
    assert_eq!(from_text(r#""payex.creditcard""#).expect("decodes"), PaymentProductType::PayexCreditcard);
    assert_eq!(from_text(r#""payex\u002ecreditcard""#).expect("decodes"), PaymentProductType::PayexCreditcard);
    assert_eq!(from_text(r#""brand.new""#).expect("decodes"), PaymentProductType::Unknown("brand.new".into()));
    let error = from_text("7").expect_err("a number is not an enum value").to_string();
    assert!(error.contains("expected a string"), "{error}");
    assert_eq!(PaymentProductType::from("payex.creditcard"), PaymentProductType::PayexCreditcard);
    assert_eq!(PaymentProductType::from("brand.new"), PaymentProductType::Unknown("brand.new".into()));
}

#[test]
fn enums_compare_hash_and_sort_by_wire_value_whatever_the_spec_order() {
    use enums::PaymentProductType;
    use std::collections::BTreeSet;
    // A value kept in the fallback equals the variant a later version adds for it.
    assert_eq!(PaymentProductType::Unknown("vipps".to_owned()), PaymentProductType::Vipps);
    let mut set = std::collections::HashSet::new();
    set.insert(PaymentProductType::Vipps);
    assert!(set.contains(&PaymentProductType::Unknown("vipps".to_owned())));
    // The order is that of the wire strings, not of the values in the spec.
    let values = [PaymentProductType::Vipps, PaymentProductType::PayexCreditcard, PaymentProductType::Unknown("afterpay".to_owned())];
    let sorted: Vec<String> = values.into_iter().collect::<BTreeSet<_>>().iter().map(ToString::to_string).collect();
    assert_eq!(sorted, ["afterpay", "payex.creditcard", "vipps"]);
}

#[test]
fn nullable_fields_keep_null_apart_from_absent() {
    use nullable_fields::TransferEntry;
    let absent = assert_round_trip::<TransferEntry>(json!({ "amount": 1, "transfer_id": null }));
    assert_eq!(absent.message, None);
    let null = assert_round_trip::<TransferEntry>(json!({ "amount": 1, "transfer_id": "t", "message": null }));
    assert_eq!(null.message, Some(None));
    assert_eq!(null.transfer_id.as_deref(), Some("t"));
    let set = assert_round_trip::<TransferEntry>(json!({ "amount": 1, "transfer_id": null, "message": "hi" }));
    assert_eq!(set.message, Some(Some("hi".into())));
    // A required nullable field is written even when it is null.
    assert_eq!(encode(&TransferEntry::new(2, None)), json!({ "amount": 2, "transfer_id": null }));
}

#[test]
fn boxed_values_read_and_write_as_the_values_they_hold() {
    use boxing::{Event, EventPrevious, Failure, Metadata};
    let event = assert_round_trip::<Event>(json!({
        "amount_details": { "value": 1 },
        "metadata": { "source": "payex" },
        "error": { "value": 2 },
        "previous": null,
        "settled": { "at": "2026-12-01T10:00:00Z" }
    }));
    assert_eq!(event.metadata.as_deref().and_then(|m| m.source.as_deref()), Some("payex"));
    assert!(matches!(event.error.as_deref(), Some(Failure::Amount(amount)) if amount.value == 2));
    assert_eq!(event.previous, Some(None));
    assert!(event.settled().and_then(|s| s.at.as_ref()).is_some(), "a read-only one is lent as its value");
    // Setters take the value itself.
    let built = Event::new(boxing::Amount::new(1)).metadata(Metadata::new().source("payex")).previous(EventPrevious::new().value(3));
    assert_eq!(encode(&built), json!({ "amount_details": { "value": 1 }, "metadata": { "source": "payex" }, "previous": { "value": 3 } }));
}

#[test]
fn read_only_fields_come_from_the_server_and_are_not_required_to_build_a_request() {
    use read_only::Session;
    let request = Session::new("order-1");
    assert_eq!(encode(&request), json!({ "order": "order-1" }));
    let response: Session = assert_round_trip(json!({
        "id": "s1", "created_at": "2024-07-01T10:00:00Z", "attempts": 2, "order": "order-1"
    }));
    assert_eq!(response.id(), Some(&"s1".to_owned()));
    assert_eq!(response.attempts(), Some(2));
}

#[test]
fn maps_and_free_form_objects_keep_every_key() {
    use maps::{Holder, Labels, Metadata};
    let labels: Labels = assert_round_trip(json!({ "a": "1", "b": "2" }));
    assert_eq!(labels.len(), 2);
    let metadata: Metadata = assert_round_trip(json!({ "source": "web", "campaign": "x" }));
    assert_eq!(metadata.additional_properties.get("campaign").map(String::as_str), Some("x"));
    let holder: Holder = assert_round_trip(json!({
        "labels": { "k": "v" },
        "counts": { "n": 3 },
        "free": { "anything": [1, { "goes": true }] },
        "any_value": 12.5,
        "open": { "known": true, "unknown": { "deep": null } },
    }));
    assert_eq!(holder.open.expect("open").additional_properties["unknown"], json!({ "deep": null }));
}

#[test]
fn odd_wire_names_map_to_snake_case_fields_and_back() {
    use reserved_words::{ClientCredentials, StringModel};
    let value = json!({
        "type": "t", "gateway:id": "g", "collector:Invoice.DueDate": "2024-01-01",
        "font-family": "serif", "font_family": "sans", "3ds": true,
    });
    let c: ClientCredentials = assert_round_trip(value);
    assert_eq!(c.type_.as_deref(), Some("t"));
    assert_eq!(c.gateway_id.as_deref(), Some("g"));
    assert_eq!(c.collector_invoice_due_date.as_deref(), Some("2024-01-01"));
    assert_eq!((c.font_family.as_deref(), c.font_family2.as_deref()), (Some("serif"), Some("sans")));
    assert_eq!(c.field_3ds, Some(true));
    let s: StringModel = assert_round_trip(json!({ "self": "me" }));
    assert_eq!(s.self_.as_deref(), Some("me"));
}

#[test]
fn recursive_types_nest() {
    use recursion::{Node, Ping};
    let node: Node = assert_round_trip(json!({
        "name": "leaf",
        "parent": { "name": "root", "children": [{ "name": "sibling" }] },
    }));
    assert_eq!(node.parent.expect("parent").name, "root");
    assert_round_trip::<Ping>(json!({ "pong": { "ping": { "pong": {} } } }));
}

#[test]
fn identical_schemas_are_one_type_so_a_value_moves_between_them_as_is() {
    let refund: identical::Refund = assert_round_trip(json!({
        "lines": [{ "id": "1", "total": { "amount": 100, "currency": "NOK" }, "window": { "starts_at": "2026-12-01T10:00:00Z" } }]
    }));
    // The lines refunded are the lines captured, and their total is `Money`.
    let lines: Vec<identical::CaptureLinesItem> = refund.lines.clone().expect("lines");
    let total: &identical::Money = lines[0].total.as_deref().expect("total");
    assert_eq!(total.amount, 100);
    let capture = identical::Capture::new().lines(lines);
    assert_eq!(encode(&capture), encode(&refund));
}
