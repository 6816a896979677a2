//! Swagger 2.0 input: Dintero's 2.0 spec, converted in memory, is the 3.0
//! spec Dintero rendered from it with swagger2openapi, so both give the same
//! crate; and problems in a 2.0 spec point at lines of the 2.0 file.


use codegen::diagnostics::Error;
use crate::common::{read, real_settings, without_spec_names};

const OPENAPI3: &str = "spec/checkout-api.yaml";
const SWAGGER2: &str = "spec/checkout-api.swagger2.yaml";


/// The first line where two texts differ, for a readable failure.
fn first_difference(a: &str, b: &str) -> String {
    let (mut a_lines, mut b_lines) = (a.lines(), b.lines());
    for number in 1.. {
        match (a_lines.next(), b_lines.next()) {
            (None, None) => break,
            (x, y) if x == y => {}
            (x, y) => return format!("line {number}:\n  from 3.0: {x:?}\n  from 2.0: {y:?}"),
        }
    }
    "no difference".to_owned()
}

/// No file may differ but for the lines naming the spec file (see
/// `without_spec_names`): the conversion reproduces the 3.0 rendering
/// exactly (see the next test), so any other difference is a bug in the
/// converter or the generator.
#[test]
fn both_renderings_of_the_spec_generate_identical_code() {
    let from_3 = codegen::generate_from_text(&read(OPENAPI3), OPENAPI3, &real_settings()).expect("the 3.0 spec generates");
    let from_2 = codegen::generate_from_text(&read(SWAGGER2), SWAGGER2, &real_settings()).expect("the 2.0 spec generates");
    let (files_3, files_2) = (without_spec_names(&from_3.trees), without_spec_names(&from_2.trees));
    let names = |files: &[(String, String)]| files.iter().map(|(name, _)| name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&files_3), names(&files_2));
    for ((name, text_3), (_, text_2)) in files_3.iter().zip(&files_2) {
        assert!(text_3 == text_2, "{name} differs: {}", first_difference(text_3, text_2));
    }
    assert_eq!(from_3.stats, from_2.stats);
    assert_eq!(from_3.surface, from_2.surface, "the API surfaces are equal, so the change report between them is empty");
    let notes = |output: &codegen::Output| output.notes.iter().map(|n| (n.pointer.clone(), n.message.clone())).collect::<Vec<_>>();
    assert_eq!(notes(&from_3), notes(&from_2));
}

/// Stronger than the generated code: the converted document is the 3.0 file,
/// value for value and key for key (compared as re-serialised YAML, which keeps
/// the order of keys).
#[test]
fn the_converted_document_is_dinteros_3_0_rendering() {
    let swagger: serde_yaml::Value = serde_yaml::from_str(&read(SWAGGER2)).expect("YAML");
    let converted = codegen::swagger2::convert(&swagger).unwrap_or_else(|problems| panic!("{problems:?}"));
    let openapi: serde_yaml::Value = serde_yaml::from_str(&read(OPENAPI3)).expect("YAML");
    let (ours, theirs) = (serde_yaml::to_string(&converted.document).expect("YAML"), serde_yaml::to_string(&openapi).expect("YAML"));
    assert!(ours == theirs, "the conversion differs from {OPENAPI3} at {}", first_difference(&theirs, &ours));
}

/// A problem the resolver finds is named by its 3.0 pointer, and its line is
/// where that part is in the 2.0 file.
#[test]
fn problems_found_after_conversion_have_lines_in_the_2_0_file() {
    let spec = "\
swagger: '2.0'
info: {title: t, version: '1'}
paths:
  /upload:
    post:
      operationId: upload
      consumes: [multipart/form-data]
      parameters:
        - name: file
          in: formData
          type: file
      responses:
        '204': {description: done}
definitions:
  Amount:
    type: object
    properties:
      value: {type: string}
  Money:
    allOf:
      - $ref: '#/definitions/Amount'
      - type: object
        properties:
          value:
            type: object
";
    let Err(Error::Spec { problems, .. }) = codegen::generate_from_text(spec, "spec.yaml", &codegen::Settings::default()) else {
        panic!("expected spec problems");
    };
    let found: Vec<(&str, Option<usize>)> = problems.iter().map(|p| (p.pointer.as_str(), p.line)).collect();
    assert!(found.contains(&("#/components/schemas/Money/allOf/1/properties/value", Some(24))), "{problems:?}");
    assert!(found.contains(&("#/paths/~1upload/post/requestBody/content", Some(9))), "{problems:?}");
}
