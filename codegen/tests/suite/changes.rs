//! The change report, read as a specification: each directory of
//! `spec/fixtures/changes/` holds an old and a new spec, modelled on a change
//! Dintero made to its spec, and the report the generator must give
//! (`report.md`). After an intended change, refresh the reports with
//! `EXPECTORATE=overwrite cargo test -p dintero-codegen --test suite changes::` and
//! review them.


use codegen::changes::{compare, markdown};
use codegen::surface::Surface;
use crate::common::{real_settings, workspace};

fn surface_of(display: &str, settings: &codegen::Settings) -> Surface {
    codegen::generate(&workspace().join(display), display, settings).unwrap_or_else(|e| panic!("{display} should generate: {e}")).surface
}

/// The settings of one side of a pair: `old.rust.toml` or `new.rust.toml`,
/// else `settings.rust.toml` for both, else none.
fn settings_of(case: &str, side: &str) -> codegen::Settings {
    let dir = workspace().join(format!("spec/fixtures/changes/{case}"));
    let file = [format!("{side}.rust.toml"), "settings.rust.toml".to_owned()].into_iter().map(|f| dir.join(f)).find(|f| f.is_file());
    file.map(|f| toml::from_str(&std::fs::read_to_string(&f).expect("readable")).unwrap_or_else(|e| panic!("{}: {e}", f.display()))).unwrap_or_default()
}

/// The new side's spec: `new.yaml`, or the one other spec file of the pair
/// (`spec-payments.yaml`, under Dintero's own name).
fn new_spec(case: &str) -> String {
    let dir = workspace().join(format!("spec/fixtures/changes/{case}"));
    if dir.join("new.yaml").is_file() {
        return format!("spec/fixtures/changes/{case}/new.yaml");
    }
    let other = std::fs::read_dir(&dir).expect("the pair's directory").filter_map(|e| e.ok()?.file_name().into_string().ok()).find(|n| n.ends_with(".yaml") && n != "old.yaml");
    format!("spec/fixtures/changes/{case}/{}", other.expect("a new spec"))
}

/// The report for one fixture pair, as the xtask prints it for a crate at 0.1.0.
fn report(case: &str) -> String {
    let old = surface_of(&format!("spec/fixtures/changes/{case}/old.yaml"), &settings_of(case, "old"));
    let new = surface_of(&new_spec(case), &settings_of(case, "new"));
    markdown(&compare(&old, &new), Some("0.1.0"))
}

fn check(case: &str) {
    expectorate::assert_contents(workspace().join(format!("spec/fixtures/changes/{case}/report.md")), &report(case));
}

/// Every directory has a test below, so none is silently skipped.
#[test]
fn every_fixture_pair_is_checked() {
    let mut cases: Vec<String> = std::fs::read_dir(workspace().join("spec/fixtures/changes"))
        .expect("the fixture directory exists")
        .filter_map(|entry| entry.ok().filter(|e| e.path().is_dir()).map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    cases.sort();
    let source = include_str!("changes.rs");
    for case in cases {
        assert!(source.contains(&format!("check(\"{case}\")")), "spec/fixtures/changes/{case} has no test");
    }
}

#[test]
fn the_real_spec_against_itself_is_one_line() {
    let display = "spec/checkout-api.yaml";
    let surface = codegen::generate(&workspace().join(display), display, &real_settings()).expect("generates").surface;
    assert_eq!(markdown(&compare(&surface, &surface), Some("0.1.0")), "No change to the public API or the wire: no new version is needed.\n");
}

#[test]
fn a_surface_reads_back_as_written() {
    let surface = surface_of("spec/fixtures/changes/operation_added_two_success/new.yaml", &codegen::Settings::default());
    assert_eq!(Surface::from_json(&surface.to_json()), Ok(surface));
}

#[test]
fn no_change() {
    check("no_change");
}

#[test]
fn a_path_renamed_with_the_same_operation_id_changes_the_wire_only() {
    check("path_renamed");
}

#[test]
fn an_operation_with_two_success_statuses_is_an_addition() {
    check("operation_added_two_success");
}

#[test]
fn a_removed_operation_breaks() {
    check("operation_removed");
}

#[test]
fn parameters_added_and_removed() {
    check("parameters_changed");
}

#[test]
fn request_bodies_changed() {
    check("request_body_changed");
}

#[test]
fn success_and_error_responses_changed() {
    check("responses_changed");
}

#[test]
fn a_schema_renamed_with_a_suffix_is_one_rename() {
    check("schema_renamed_with_suffix");
}

#[test]
fn copies_that_became_identical_are_merged_each_into_its_own_original() {
    check("copies_become_one");
}

#[test]
fn a_schema_removed_and_an_unrelated_one_added() {
    check("schema_removed_and_added");
}

#[test]
fn fields_added_and_removed() {
    check("fields_added_removed");
}

#[test]
fn a_required_field_becoming_optional_breaks() {
    check("required_becomes_optional");
}

#[test]
fn a_string_becoming_an_array_or_a_one_of() {
    check("field_type_changed");
}

#[test]
fn changes_inside_nested_inline_objects_and_all_of_members() {
    check("nested_inline_object");
}

#[test]
fn enum_values_added_and_removed_in_requests_and_responses() {
    check("enum_values_request_response");
}

#[test]
fn a_new_discriminator_subtype_is_an_addition() {
    check("discriminator_subtype_added");
}

#[test]
fn a_removed_discriminator_subtype_breaks() {
    check("discriminator_subtype_removed");
}

#[test]
fn a_new_all_of_member_on_transaction() {
    check("all_of_member_added");
}

#[test]
fn union_variants_added_and_removed() {
    check("union_variant_changes");
}

#[test]
fn a_field_becoming_read_only() {
    check("read_only_changed");
}

#[test]
fn a_field_becoming_nullable() {
    check("nullable_changed");
}

#[test]
fn a_value_added_to_a_reviewed_enum_keeps_its_name() {
    check("reviewed_enum_value_added");
}

#[test]
fn a_value_removed_from_a_reviewed_enum_keeps_its_name() {
    check("reviewed_enum_value_removed");
}

#[test]
fn a_member_added_to_a_reviewed_composite_keeps_its_name() {
    check("reviewed_composite_member_added");
}

#[test]
fn the_upstream_file_under_its_own_name_changes_nothing() {
    check("upstream_file_name");
}

#[test]
fn safety_losses_lead_the_report() {
    check("safety_loss");
}

/// The generator says what changed in a reviewed list and keeps the name.
#[test]
fn a_reviewed_list_that_changed_is_a_note_naming_the_difference() {
    let case = "reviewed_enum_value_added";
    let display = format!("spec/fixtures/changes/{case}/new.yaml");
    let output = codegen::generate(&workspace().join(&display), &display, &settings_of(case, "new")).expect("generates");
    let notes: Vec<String> = output.notes.iter().map(ToString::to_string).collect();
    assert!(
        notes.iter().any(|n| n.contains("`TransactionStatus`") && n.contains("values added: \"PARTIALLY_CAPTURED_REFUNDED\"")),
        "{notes:#?}"
    );
    let display = "spec/fixtures/changes/reviewed_composite_member_added/new.yaml";
    let output = codegen::generate(&workspace().join(display), display, &settings_of("reviewed_composite_member_added", "new")).expect("generates");
    let notes: Vec<String> = output.notes.iter().map(ToString::to_string).collect();
    assert!(notes.iter().any(|n| n.contains("`SessionDetails`") && n.contains("members added: \"SessionCancelled\"")), "{notes:#?}");
}

/// An entry no list comes close to still fails, naming what it lists and what is closest now.
#[test]
fn a_reviewed_enum_that_is_gone_names_what_it_listed_and_the_closest_now() {
    let display = "spec/fixtures/changes/reviewed_enum_value_added/new.yaml";
    let settings: codegen::Settings = toml::from_str("[enums]\nTransactionStatus = [\"AUTHORIZED\", \"SETTLED\", \"PAID\", \"OPEN\", \"CLOSED\"]\n").expect("parses");
    let error = codegen::generate(&workspace().join(display), display, &settings).expect_err("matches nothing").to_string();
    assert!(error.contains("[enums] \"TransactionStatus\""), "{error}");
    assert!(error.contains("it lists [\"AUTHORIZED\", \"SETTLED\", \"PAID\", \"OPEN\", \"CLOSED\"]"), "{error}");
    assert!(error.contains("the closest inline enum now is [\"AUTHORIZED\", \"CAPTURED\", \"REFUNDED\", \"ON_HOLD\", \"PARTIALLY_CAPTURED_REFUNDED\"]"), "{error}");
    assert!(error.contains("#/components/schemas/Transaction/properties/status"), "{error}");
}
