//! The same spec gives byte-identical files, and the order in which the spec
//! lists its component schemas and paths does not matter.


use crate::common::{read, real_settings, without_spec_names};
use std::sync::OnceLock;

fn real_spec_text() -> String {
    read("spec/checkout-api.yaml")
}

/// The real spec generated once, for the tests that compare with it.
fn baseline() -> &'static codegen::Output {
    static BASELINE: OnceLock<codegen::Output> = OnceLock::new();
    BASELINE.get_or_init(|| generate(&real_spec_text()))
}

fn generate(text: &str) -> codegen::Output {
    let mut settings = real_settings();
    // The operation one of the single changes below removes.
    if !text.contains("transaction_tid_extend_authorization_post") {
        settings.methods.remove("transaction_tid_extend_authorization_post");
    }
    codegen::generate_from_text(text, "spec/checkout-api.yaml", &settings).expect("generates")
}

fn reversed(mapping: &mut serde_yaml::Value) {
    if let serde_yaml::Value::Mapping(m) = mapping {
        let entries: Vec<_> = std::mem::take(m).into_iter().collect();
        m.extend(entries.into_iter().rev());
    }
}

#[test]
fn generating_twice_gives_identical_bytes() {
    let second = generate(&real_spec_text());
    assert_eq!(baseline().trees, second.trees);
}

#[test]
fn reordering_schemas_and_paths_changes_nothing() {
    let text = real_spec_text();
    let mut document: serde_yaml::Value = serde_yaml::from_str(&text).expect("YAML");
    reversed(&mut document["components"]["schemas"]);
    reversed(&mut document["paths"]);
    let shuffled = serde_yaml::to_string(&document).expect("serializes");
    assert_ne!(shuffled, text);
    let reordered = generate(&shuffled);
    // Without the spec's sha256, which differs for a reordered file.
    let (a, b) = (without_spec_names(&baseline().trees), without_spec_names(&reordered.trees));
    assert_eq!(a.len(), b.len());
    for ((path, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{path} changed when the spec was reordered");
    }
}

#[test]
fn models_formatted_in_pieces_equal_models_formatted_whole() {
    let spec = codegen::load::parse(real_spec_text().as_bytes(), "spec/checkout-api.yaml").expect("parses");
    let api = codegen::rust_api::lower(&codegen::ir::resolve(&spec.document, &real_settings()).expect("resolves"), None);
    let whole = codegen::format::file(codegen::emit::models::models_piece(&api, 0, 1), "// header\n").expect("formats");
    for pieces in [2, 3, 7] {
        let formatted: Vec<String> = (0..pieces)
            .map(|piece| codegen::format::unparse(codegen::emit::models::models_piece(&api, piece, pieces)).expect("formats"))
            .collect();
        assert!(formatted.iter().all(|p| !p.is_empty()), "every one of {pieces} pieces holds types");
        assert!(codegen::format::join("// header\n", &formatted) == whole, "models.rs in {pieces} pieces differs from models.rs whole");
    }
}

/// The surface generated from the real spec (`document`) after `edit`.
fn surface_after(document: &serde_yaml::Value, edit: impl FnOnce(&mut serde_yaml::Value)) -> codegen::surface::Surface {
    let mut document = document.clone();
    edit(&mut document);
    generate(&serde_yaml::to_string(&document).expect("serializes")).surface
}

fn yaml(text: &str) -> serde_yaml::Value {
    serde_yaml::from_str(text).expect("a YAML snippet")
}

/// The types a change renamed or merged: their old names.
fn renamed_types(before: &codegen::surface::Surface, after: &codegen::surface::Surface) -> Vec<String> {
    codegen::changes::compare(before, after)
        .into_iter()
        .filter(|c| c.what.starts_with("renamed to") || c.what.starts_with("merged into"))
        .map(|c| c.item)
        .collect()
}

/// Names are a function of a type's own place: each of these single changes
/// leaves the name of every type it does not touch as it was.
#[test]
fn a_change_in_one_place_renames_no_type_elsewhere() {
    let text = real_spec_text();
    let document = yaml(&text);
    let before = &baseline().surface;
    let add_schema = |name: &str, schema: &str| {
        let (name, schema) = (name.to_owned(), yaml(schema));
        move |d: &mut serde_yaml::Value| {
            d["components"]["schemas"].as_mapping_mut().expect("schemas").insert(name.as_str().into(), schema.clone());
        }
    };
    type Edit = Box<dyn Fn(&mut serde_yaml::Value)>;
    let cases: Vec<(&str, Edit)> = vec![
        ("an inline object property added to SessionOrderUpdate", Box::new(|d| {
            d["components"]["schemas"]["SessionOrderUpdate"]["properties"]["gift_wrap"] = yaml("{type: object, properties: {note: {type: string}}}");
        })),
        ("a new schema extending Transaction, sorting before it", Box::new(add_schema(
            "AaaTransaction",
            "allOf: [{$ref: '#/components/schemas/Transaction'}, {type: object, properties: {extra: {type: string}}}]",
        ))),
        ("a new allOf of OrderItem and OrderDiscountItem, sorting first", Box::new(add_schema(
            "AaaOrder",
            "{type: object, properties: {lines: {type: array, items: {allOf: [{$ref: '#/components/schemas/OrderItem'}, {$ref: '#/components/schemas/OrderDiscountItem'}]}}}}",
        ))),
        ("the extend-authorization operation removed", Box::new(|d| {
            d["paths"]["/transactions/{id}/authorization"].as_mapping_mut().expect("path").remove("post");
        })),
        ("a value added to one of six identical enums", Box::new(|d| {
            let values = &mut d["components"]["schemas"]["EmdAirReservationDetailsItinerary"]["properties"]["ticket_delivery_method"]["enum"];
            values.as_sequence_mut().expect("enum").push("drone".into());
        })),
        ("a new inline enum identical to a named group", Box::new(|d| {
            d["components"]["schemas"]["SessionOrderUpdate"]["properties"]["customer_kind"] = yaml("{type: string, enum: [b2c, b2b]}");
        })),
        ("a new operation with inline types", Box::new(|d| {
            d["paths"]["/aaa/{id}"] = yaml(
                "{get: {operationId: aaa_get, parameters: [{name: id, in: path, required: true, schema: {type: string}}], \
                 responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {status: {type: string, enum: [a, b]}}}}}}}}}",
            );
        })),
    ];
    for (change, edit) in cases {
        let after = surface_after(&document, edit);
        assert!(&after != before, "{change}: the edit changes the API");
        assert_eq!(renamed_types(before, &after), Vec::<String>::new(), "{change} renamed types");
    }

    // A renamed schema renames itself and the inline types named after it, nothing else.
    let renamed = text.replace("schemas/OrderAddress\"", "schemas/OrderAddressV2\"").replace("\n    OrderAddress:\n", "\n    OrderAddressV2:\n");
    let after = generate(&renamed).surface;
    let renamed = renamed_types(before, &after);
    assert!(!renamed.is_empty() && renamed.iter().all(|name| name.starts_with("models::OrderAddress")), "{renamed:?}");
}
