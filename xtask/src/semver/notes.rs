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

/// cargo-semver-checks compares no types of fields, parameters or return
/// values (its issue 149; parameters are only counted): where our verdict
/// rests on a type change, it sees nothing.
pub const NOTES: &[Note] = &[
    Note {
        case: "all_of_member_added",
        lints: &[],
        why: "`Transaction::status` changes type (`TransactionBaseStatus` → `KlarnaTransactionStatus`, the merged enum, now one type with `KlarnaTransaction`'s identical one): a field type change, which the tool does not compare. It sees only a new enum.",
    },
    Note { case: "discriminator_subtype_removed", lints: &["enum_missing", "enum_variant_missing", "struct_missing"], why: "Same three items." },
    Note {
        case: "enum_values_request_response",
        lints: &["enum_variant_missing"],
        why: "Same two removed variants. (String enums compare and sort by wire value, so added values no longer move variants in a derived order: the tool's `partial_ord_enum_variants_reordered` warning of the first run is gone.)",
    },
    Note {
        case: "field_type_changed",
        lints: &[],
        why: "All three are field type changes (`String` → `Vec<String>`, `String` → `SessionOrderStore`, `i32` → `i64`), which the tool does not compare.",
    },
    Note {
        case: "fields_added_removed",
        lints: &["inherent_method_missing", "method_parameter_count_changed", "struct_pub_field_missing"],
        why: "Same items: `vat` through `OrderItem::new`'s count; the removed `unit_volume` field and its setter.",
    },
    Note {
        case: "nested_inline_object",
        lints: &["inherent_method_missing", "struct_pub_field_missing"],
        why: "Both major; the tool names `SessionCustomer::phone_number` (field and setter). It does not see the type changes of `Session::expires_at` and `SessionCustomer::customer_id` (`DateTime`/`String` → `i64`).",
    },
    Note {
        case: "nullable_changed",
        lints: &[],
        why: "`transfer_id` `String` → `Option<String>` (also `new`'s parameter) and `transfer_reference` `Option<String>` → `Option<Option<String>>`: type changes only.",
    },
    Note {
        case: "operation_removed",
        lints: &["inherent_method_missing", "struct_missing"],
        why: "Same items (the method, its call type and its body type).",
    },
    Note {
        case: "parameters_changed",
        lints: &["inherent_method_missing", "method_parameter_count_changed", "struct_pub_field_missing"],
        why: "Same breaking items: the removed `merchant_reference_2` (field and setters) and the new required argument. The added optional `limit` is an addition to both: params structs are `#[non_exhaustive]` now, so the tool's `constructible_struct_adds_field` of the first run is gone.",
    },
    Note {
        case: "read_only_changed",
        lints: &["method_parameter_count_changed", "struct_pub_field_missing", "struct_pub_field_now_doc_hidden"],
        why: "Same items: `Session::new` loses `id`; `id` and `updated_at` become private (the tool reports each twice, missing and now hidden). The type change of `id` it does not see.",
    },
    Note {
        case: "request_body_changed",
        lints: &["inherent_method_missing", "method_parameter_count_changed"],
        why: "Both major. The tool sees the optional body turned required (the `body` setter missing, an argument more); it does not see capture's body type change (`CaptureRequest` → `CaptureRequestV2`).",
    },
    Note {
        case: "required_becomes_optional",
        lints: &["inherent_method_missing"],
        why: "Both major. The tool sees the setter of `expires_at` go (a required field has none); it does not see the type changes (`url` → `Option<SessionUrls>`, `expires_at` → `DateTime`) or `Session::new(id, url)` becoming `new(id, expires_at)`, same count.",
    },
    Note {
        case: "responses_changed",
        lints: &[],
        why: "`transactions_id_refund_post` awaits `TransactionsIdRefundPostResponse` (was `Transaction`): a return type change. The new enum is an addition to the tool.",
    },
    Note { case: "schema_removed_and_added", lints: &["struct_missing"], why: "Same item." },
    Note { case: "schema_renamed_with_suffix", lints: &["struct_missing"], why: "Same item: we pair the rename (`SessionOrder` → `SessionOrderV2`), the tool sees `SessionOrder` missing." },
    Note { case: "union_variant_changes", lints: &["enum_variant_added", "enum_variant_missing"], why: "Same two items (the untagged unions are exhaustive)." },
];

#[cfg(test)]
mod tests {
    use super::NOTES;

    #[test]
    fn notes_name_fixture_pairs_once_with_sorted_lints() {
        let cases = super::super::cases(&crate::workspace_root(), &[]).expect("readable");
        for (i, note) in NOTES.iter().enumerate() {
            assert!(cases.contains(&note.case.to_owned()), "no fixture pair `{}`", note.case);
            assert!(NOTES[..i].iter().all(|n| n.case != note.case), "two notes for `{}`", note.case);
            assert!(note.lints.windows(2).all(|w| w[0] < w[1]), "lints of `{}` not sorted", note.case);
        }
    }
}
