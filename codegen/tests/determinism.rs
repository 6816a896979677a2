//! The same spec gives byte-identical files, and the order in which the spec
//! lists its component schemas and paths does not matter.

use codegen::OutputTree;

fn real_spec_text() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/checkout-api.yaml");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// The reviewed settings of the real spec.
fn real_settings() -> codegen::Settings {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/checkout-api.rust.toml");
    toml::from_str(&std::fs::read_to_string(path).expect("the settings file is readable")).expect("the settings parse")
}

fn generate(text: &str) -> codegen::Output {
    codegen::generate_from_text(text, "spec/checkout-api.yaml", &real_settings()).expect("generates")
}

/// The generated files without the spec's sha256 (which differs for a
/// reordered file).
fn bodies(trees: &[OutputTree]) -> Vec<(String, String)> {
    let without_hash = |text: &str| text.lines().filter(|l| !l.contains("SPEC_SHA256")).collect::<Vec<_>>().join("\n");
    trees.iter().flat_map(|t| t.files.iter().map(move |(path, text)| (format!("{}/{path}", t.dir), without_hash(text)))).collect()
}

fn reversed(mapping: &mut serde_yaml::Value) {
    if let serde_yaml::Value::Mapping(m) = mapping {
        let entries: Vec<_> = std::mem::take(m).into_iter().collect();
        m.extend(entries.into_iter().rev());
    }
}

#[test]
fn generating_twice_gives_identical_bytes() {
    let text = real_spec_text();
    let (first, second) = (generate(&text), generate(&text));
    assert_eq!(first.trees, second.trees);
}

#[test]
fn reordering_schemas_and_paths_changes_nothing() {
    let text = real_spec_text();
    let mut document: serde_yaml::Value = serde_yaml::from_str(&text).expect("YAML");
    reversed(&mut document["components"]["schemas"]);
    reversed(&mut document["paths"]);
    let shuffled = serde_yaml::to_string(&document).expect("serializes");
    assert_ne!(shuffled, text);
    let (original, reordered) = (generate(&text), generate(&shuffled));
    let (a, b) = (bodies(&original.trees), bodies(&reordered.trees));
    assert_eq!(a.len(), b.len());
    for ((path, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{path} changed when the spec was reordered");
    }
}

#[test]
fn models_formatted_in_pieces_equal_models_formatted_whole() {
    let spec = codegen::load::parse(real_spec_text().as_bytes(), "spec/checkout-api.yaml").expect("parses");
    let api = codegen::ir::resolve(&spec.document, &real_settings()).expect("resolves");
    let whole = codegen::format::file(codegen::emit::models::models_piece(&api, 0, 1), "// header\n").expect("formats");
    for pieces in [2, 3, 7] {
        let formatted: Vec<String> = (0..pieces)
            .map(|piece| codegen::format::unparse(codegen::emit::models::models_piece(&api, piece, pieces)).expect("formats"))
            .collect();
        assert!(formatted.iter().all(|p| !p.is_empty()), "every one of {pieces} pieces holds types");
        assert!(codegen::format::join("// header\n", &formatted) == whole, "models.rs in {pieces} pieces differs from models.rs whole");
    }
}
