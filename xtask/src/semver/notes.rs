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
        why: "`Transaction::status` changes type (`TransactionBaseStatus` → `TransactionStatus`): a field type change, which the tool does not compare. It sees only a new enum.",
    },
    Note { case: "discriminator_subtype_removed", lints: &["enum_missing", "enum_variant_missing", "struct_missing"], why: "Same three items." },
    Note {
        case: "enum_values_request_response",
        lints: &["enum_variant_missing", "partial_ord_enum_variants_reordered"],
        why: "Same two removed variants. The tool also warns (major, warn level) that variants of `TransactionStatus`, `TransactionPaymentProductType` and `PaymentProduct` changed position: string enums derive `PartialOrd`/`Ord`, and any added value moves `Unknown` at least. The order among the old variants is the same, nothing stops compiling, so not breaking by our rule.",
    },
    Note {
        case: "field_type_changed",
        lints: &[],
        why: "All three are field type changes (`String` → `Vec<String>`, `String` → `SessionOrderStore`, `i32` → `i64`), which the tool does not compare.",
    },
    Note { case: "fields_added_removed", lints: &["method_parameter_count_changed", "struct_pub_field_missing"], why: "Same items (`vat` through `OrderItem::new`'s count)." },
    Note {
        case: "nested_inline_object",
        lints: &["struct_pub_field_missing"],
        why: "Both major; the tool names only `SessionCustomer::phone_number`. It does not see the type changes of `Session::expires_at` and `SessionCustomer::customer_id` (`String` → `i64`).",
    },
    Note {
        case: "nullable_changed",
        lints: &[],
        why: "`transfer_id` `String` → `Option<String>` (also `new`'s parameter) and `transfer_reference` `Option<String>` → `Option<Option<String>>`: type changes only.",
    },
    Note { case: "operation_removed", lints: &["inherent_method_missing", "struct_missing"], why: "Same items." },
    Note { case: "parameters_changed", lints: &["constructible_struct_adds_field", "method_parameter_count_changed", "struct_pub_field_missing"], why: "Same three items." },
    Note {
        case: "read_only_changed",
        lints: &["method_parameter_count_changed", "struct_pub_field_missing", "struct_pub_field_now_doc_hidden"],
        why: "Same items: `Session::new` loses `id`; `id` and `updated_at` become private (the tool reports each twice, missing and now hidden). The type change of `id` it does not see.",
    },
    Note {
        case: "request_body_changed",
        lints: &[],
        why: "Parameter types change, their count does not: `transactions_id_capture_post` takes `&CaptureRequestV2` (was `&CaptureRequest`), `transactions_id_put` `&T` (was `Option<&T>`).",
    },
    Note {
        case: "required_becomes_optional",
        lints: &[],
        why: "`url` `SessionUrls` → `Option<SessionUrls>`, `expires_at` `Option<String>` → `String`, and `Session::new(id, url)` becomes `new(id, expires_at)`: same count, another parameter. Types only.",
    },
    Note {
        case: "responses_changed",
        lints: &[],
        why: "`transactions_id_refund_post` returns `TransactionsIdRefundPostResponse` (was `Transaction`): a return type change. The new enum is an addition to the tool.",
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
        let cases = std::fs::read_dir(crate::workspace_root().join("spec/fixtures/changes")).expect("readable");
        let cases: Vec<String> = cases.filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned())).collect();
        for (i, note) in NOTES.iter().enumerate() {
            assert!(cases.contains(&note.case.to_owned()), "no fixture pair `{}`", note.case);
            assert!(NOTES[..i].iter().all(|n| n.case != note.case), "two notes for `{}`", note.case);
            assert!(note.lints.windows(2).all(|w| w[0] < w[1]), "lints of `{}` not sorted", note.case);
        }
    }
}
