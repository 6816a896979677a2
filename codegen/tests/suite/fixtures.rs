//! Fixture specs in, expected Rust out. Each `spec/fixtures/*.yaml` holds one
//! construct; its generated `models.rs` must equal
//! `codegen/tests/snapshots/<name>.rs` (which the tests crate also compiles
//! and exercises). After an intended change, refresh the snapshots with
//! `EXPECTORATE=overwrite cargo test -p dintero-codegen --test suite fixtures::`.


use codegen::diagnostics::Error;
use crate::common::workspace;

fn models_of(fixture: &str) -> String {
    let display = format!("spec/fixtures/{fixture}.yaml");
    let output = codegen::generate(&workspace().join(&display), &display, &codegen::Settings::default())
        .unwrap_or_else(|e| panic!("{display} should generate: {e}"));
    output
        .trees
        .iter()
        .find(|t| t.dir == codegen::CRATE_DIR)
        .and_then(|t| t.files.get("models.rs"))
        .cloned()
        .expect("models.rs is generated")
}

fn check_snapshot(fixture: &str) {
    let snapshot = workspace().join(format!("codegen/tests/snapshots/{fixture}.rs"));
    expectorate::assert_contents(snapshot, &models_of(fixture));
}

#[test]
fn all_of_members_merge_into_one_struct() {
    check_snapshot("all_of_merge");
}

#[test]
fn discriminated_bases_become_tagged_unions_of_their_subtypes() {
    check_snapshot("discriminator");
}

#[test]
fn one_of_and_any_of_become_untagged_unions() {
    check_snapshot("one_of_any_of");
}

#[test]
fn enum_values_keep_their_wire_names_and_a_fallback() {
    check_snapshot("enums");
}

#[test]
fn identical_schemas_become_one_type() {
    check_snapshot("identical");
    let models = models_of("identical");
    let structs: Vec<&str> = models.lines().filter_map(|line| line.strip_prefix("pub struct ")).map(|rest| rest.trim_end_matches(" {")).collect();
    // `Capture`'s and `Refund`'s lines are one type, with one `window`; their
    // `total` is `Money`; `Price` and `Cost` stay two types, and `Void`'s
    // line stays a type of its own, its `id` having other docs.
    assert_eq!(structs, ["Capture", "CaptureLinesItem", "CaptureLinesItemWindow", "Cost", "Money", "Price", "Refund", "Void", "VoidLine"]);
    assert!(models.contains("pub total: Option<Box<Money>>,"), "{models}");
    assert_eq!(models.matches("Option<Vec<CaptureLinesItem>>").count(), 2, "{models}");
}

#[test]
fn nullable_fields_tell_null_from_absent() {
    check_snapshot("nullable");
}

#[test]
fn read_only_fields_are_never_required_or_settable() {
    check_snapshot("read_only");
}

#[test]
fn additional_properties_become_maps() {
    check_snapshot("maps");
}

#[test]
fn wire_names_become_idiomatic_identifiers() {
    check_snapshot("reserved_words");
}

#[test]
fn recursive_types_are_boxed_where_needed() {
    check_snapshot("recursion");
}

#[test]
fn collisions_are_resolved_deterministically_and_reported() {
    let display = "spec/fixtures/reserved_words.yaml";
    let output = codegen::generate(&workspace().join(display), display, &codegen::Settings::default()).expect("generates");
    let notes: Vec<String> = output.notes.iter().map(ToString::to_string).collect();
    assert_eq!(
        notes,
        vec!["#/components/schemas/client_credentials/properties/font_family (line 19): field name for `font_family` collides with another; emitted as `font_family2`"]
    );
}

/// The single problem reported for an invalid fixture.
fn problem(fixture: &str) -> codegen::diagnostics::Diagnostic {
    let display = format!("spec/fixtures/invalid/{fixture}.yaml");
    match codegen::generate(&workspace().join(&display), &display, &codegen::Settings::default()) {
        Err(Error::Spec { problems, file }) => {
            assert_eq!(file, display);
            assert_eq!(problems.len(), 1, "{problems:?}");
            problems.into_iter().next().expect("one problem")
        }
        Err(other) => panic!("{fixture}: expected a spec problem, got {other}"),
        Ok(_) => panic!("{fixture}: expected an error"),
    }
}

#[test]
fn malformed_yaml_is_reported_with_its_line() {
    let p = problem("malformed");
    assert_eq!((p.pointer.as_str(), p.line), ("#", Some(9)), "{p}");
    assert!(p.message.starts_with("not valid YAML or JSON"), "{p}");
}

#[test]
fn a_ref_to_nothing_names_the_ref_and_its_line() {
    let p = problem("dangling_ref");
    assert_eq!(p.pointer, "#/components/schemas/Order/properties/items/items");
    assert_eq!(p.line, Some(11));
    assert!(p.message.contains("there is no schema `OrderItem`"), "{p}");
}

#[test]
fn a_cyclic_all_of_names_the_cycle() {
    let p = problem("cyclic_all_of");
    assert_eq!(p.pointer, "#/components/schemas/B/allOf/0");
    assert_eq!(p.line, Some(11));
    assert!(
        p.message.contains("cyclic `allOf`: #/components/schemas/A -> #/components/schemas/B -> #/components/schemas/A"),
        "{p}"
    );
}

#[test]
fn conflicting_all_of_declarations_name_both_places() {
    let p = problem("conflicting_all_of");
    assert_eq!(p.pointer, "#/components/schemas/Money/allOf/1/properties/value");
    assert_eq!(p.line, Some(15));
    assert!(
        p.message.contains("a string at #/components/schemas/Amount/properties/value but an object here"),
        "{p}"
    );
}

#[test]
fn an_unsupported_construct_is_an_error_not_a_panic() {
    let p = problem("unsupported");
    assert_eq!(p.pointer, "#/components/schemas/Upload/properties/attachment");
    assert_eq!(p.line, Some(9));
    assert!(p.message.contains("unsupported schema type `file`"), "{p}");
}

#[test]
fn a_duplicate_operation_id_names_both_operations() {
    let p = problem("duplicate_operation_id");
    assert_eq!(p.pointer, "#/paths/~1v2~1transactions~1{id}/get");
    assert_eq!(p.line, Some(13));
    assert!(p.message.contains("`operationId: transactions_id_get` is also used by #/paths/~1transactions~1{id}/get"), "{p}");
}

#[test]
fn a_discriminator_that_is_not_a_property_of_its_base_is_refused() {
    let p = problem("discriminator_not_a_property");
    assert_eq!(p.pointer, "#/components/schemas/Payment/discriminator/propertyName");
    assert_eq!(p.line, Some(10));
    assert!(p.message.contains("`payment_product_type` is not a property of `Payment`"), "{p}");
}

#[test]
fn an_array_without_items_is_refused() {
    let p = problem("array_without_items");
    assert_eq!(p.pointer, "#/components/schemas/Order/properties/items");
    assert_eq!(p.line, Some(10));
    assert!(p.message.contains("without `items`"), "{p}");
}

#[test]
fn an_operation_without_an_id_is_named_after_its_route_with_a_note() {
    let display = "spec/fixtures/no_operation_id.yaml";
    let output = codegen::generate(&workspace().join(display), display, &codegen::Settings::default()).expect("generates");
    let notes: Vec<String> = output.notes.iter().map(ToString::to_string).collect();
    assert_eq!(notes, vec!["#/paths/~1transactions~1{id}~1capture/post (line 6): no `operationId`; named `post_transactions_id_capture` after its method and path"]);
    assert_eq!(output.surface.operations["post_transactions_id_capture"].method, "post_transactions_id_capture");
}

/// With no settings, nothing in the generated code is a doctest: the only
/// one the generator writes is the settings' `[docs] example`, because
/// only the settings know the crate's name and a call worth showing. (Code
/// blocks of descriptions become `text` blocks.) So the crate of any spec
/// passes its doctests; `tests/any-spec` builds one.
#[test]
fn no_fixture_has_doctests_without_settings() {
    let mut fixtures: Vec<String> = std::fs::read_dir(workspace().join("spec/fixtures"))
        .expect("the fixtures")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 10, "{fixtures:?}");
    for fixture in fixtures {
        let display = format!("spec/fixtures/{fixture}");
        let output = codegen::generate(&workspace().join(&display), &display, &codegen::Settings::default())
            .unwrap_or_else(|e| panic!("{display} should generate: {e}"));
        for tree in &output.trees {
            for (file, text) in &tree.files {
                let fences: Vec<&str> = text.lines().map(str::trim_start).filter(|l| l.starts_with("//! ```") || l.starts_with("/// ```")).collect();
                let doctests: Vec<&&str> = fences.iter().filter(|l| !matches!(l.trim_start_matches('/').trim_start_matches('!').trim(), "```" | "```text")).collect();
                assert!(doctests.is_empty(), "{display}: {}/{file} has doctests: {doctests:?}", tree.dir);
            }
        }
    }
}

/// Names the runtime owns stay the runtime's: an operation named like a
/// method of `Client` (`send`) gets a suffix, a schema named like a type of
/// the runtime (`Date`) gets one too, both noted; and an error response the
/// client cannot read as documented (a `$ref` to no response, a body that is
/// not JSON) is still only an error status, never a failure to generate.
#[test]
fn names_of_the_runtime_stay_its_own_and_odd_error_responses_generate() {
    let spec = r##"
openapi: 3.0.0
info: {title: Odd, version: "1"}
servers: [{url: "https://odd.example"}]
components:
  schemas:
    Date: {type: object, properties: {day: {type: string}}}
paths:
  /send:
    post:
      operationId: send
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Date"}}}}
        "404": {$ref: "#/components/responses/Missing"}
        "500": {description: oops, content: {text/plain: {schema: {type: string}}}}
"##;
    let output = codegen::generate_from_text(spec, "odd.yaml", &codegen::Settings::default()).expect("generates");
    assert_eq!(output.surface.operations["send"].method, "send2");
    assert!(output.surface.types.contains_key("DateModel"), "{:?}", output.surface.types.keys().collect::<Vec<_>>());
    assert_eq!(output.surface.operations["send"].errors, [404, 500]);
    let notes: Vec<String> = output.notes.iter().map(ToString::to_string).collect();
    assert!(notes.iter().any(|n| n.contains("emitted as `send2`")), "{notes:?}");
}

#[test]
fn optional_values_with_fields_of_their_own_are_boxed() {
    check_snapshot("boxing");
    let models = models_of("boxing");
    let field = |name: &str| {
        let line = models.lines().find(|line| line.trim_start().starts_with(&format!("pub {name}: ")) || line.trim_start().starts_with(&format!("pub(crate) {name}: ")));
        line.unwrap_or_else(|| panic!("no field `{name}` in {models}")).trim().trim_end_matches(',').to_owned()
    };
    // Boxed: optional structs and unions, nullable or read-only too.
    assert_eq!(field("metadata"), "pub metadata: Option<Box<Metadata>>");
    assert_eq!(field("error"), "pub error: Option<Box<Failure>>");
    // (A component that only refers to another is that other.)
    assert_eq!(field("correction"), "pub correction: Option<Box<Metadata>>");
    assert_eq!(field("previous"), "pub previous: Option<Option<Box<EventPrevious>>>");
    assert_eq!(field("settled"), "pub(crate) settled: Option<Box<EventSettled>>");
    // A read-only one is lent as the value, not as its box.
    assert!(models.contains("pub fn settled(&self) -> Option<&EventSettled> {\n        self.settled.as_deref()"), "{models}");
    // Inline: a required value, lists and maps (already on the heap), enums and scalars.
    assert_eq!(field("amount_details"), "pub amount_details: Amount");
    assert_eq!(field("lines"), "pub lines: Option<Vec<Amount>>");
    assert_eq!(field("by_region"), "pub by_region: Option<std::collections::BTreeMap<String, Amount>>");
    assert_eq!(field("status"), "pub status: Option<Status>");
    assert_eq!(field("note"), "pub note: Option<String>");
    // Setters take the value and box it.
    assert!(models.contains("self.metadata = Some(Box::new(value.into()));"), "{models}");
}
