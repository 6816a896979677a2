//! Reading a spec file: YAML or JSON text into `openapiv3::OpenAPI`, with
//! errors that carry the file and line. OpenAPI 3.0.x is read as it is;
//! Swagger 2.0 is converted to 3.0 in memory first ([`crate::swagger2`]).

use crate::diagnostics::{Diagnostic, Error};
use crate::locate::LineIndex;
use crate::swagger2::{self, Origins};
use openapiv3::OpenAPI;
use sha2::{Digest, Sha256};
use std::path::Path;

/// A parsed spec together with what diagnostics and headers need to know of
/// its source.
#[derive(Debug)]
pub struct LoadedSpec {
    /// The document.
    pub document: OpenAPI,
    /// The spec path as the user gave it, for messages and headers.
    pub display_path: String,
    /// Hex sha256 of the file's bytes.
    pub sha256: String,
    /// Finds the line of a JSON pointer in the source text.
    pub lines: LineIndex,
    /// For a Swagger 2.0 source, where the parts of `document` that moved
    /// were in it; empty for a 3.0 source.
    pub origins: Origins,
}

impl LoadedSpec {
    /// The line in the source file of `pointer` (into `document`), or of its
    /// deepest ancestor found. A pointer into a converted Swagger 2.0
    /// document is looked up where that part came from
    /// (`#/components/schemas/X` at `#/definitions/X`, ...).
    pub fn line_of(&self, pointer: &str) -> Option<usize> {
        self.lines.line_of(&self.origins.source_of(pointer))
    }
}

/// Reads and parses the spec at `path`; `display_path` is how messages name it.
pub fn load(path: &Path, display_path: &str) -> Result<LoadedSpec, Error> {
    let bytes = std::fs::read(path)
        .map_err(|source| Error::Io { path: display_path.to_owned(), source })?;
    parse(&bytes, display_path)
}

/// Parses spec text (YAML or JSON, which is YAML too).
pub fn parse(bytes: &[u8], display_path: &str) -> Result<LoadedSpec, Error> {
    let fail = |pointer: &str, line: Option<usize>, message: String| Error::Spec {
        file: display_path.to_owned(),
        problems: vec![Diagnostic { pointer: pointer.to_owned(), line, message }],
    };
    let text = std::str::from_utf8(bytes)
        .map_err(|e| fail("#", None, format!("the file is not UTF-8 text: {e}")))?;
    let raw: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let line = e.location().map(|l| l.line());
        fail("#", line, format!("not valid YAML or JSON: {e}"))
    })?;
    let lines = LineIndex::new(text);
    let (document, origins) = match check_version(&raw).map_err(|message| fail("#", Some(1), message))? {
        Version::OpenApi30 => {
            // One parse on the happy path; only a document that does not fit the
            // OpenAPI model is parsed again from the text, for the error's line.
            let document: OpenAPI = serde_yaml::from_value(raw).or_else(|_| serde_yaml::from_str(text)).map_err(|e| {
                let line = e.location().map(|l| l.line());
                fail("#", line, format!("not a valid OpenAPI 3.0 document: {e}"))
            })?;
            (document, Origins::default())
        }
        Version::Swagger2 => {
            let converted = swagger2::convert(&raw).map_err(|mut problems| {
                for p in &mut problems {
                    p.line = lines.line_of(&p.pointer);
                }
                Error::Spec { file: display_path.to_owned(), problems }
            })?;
            // What the conversion leaves malformed is named by its 3.0 pointer
            // (serde_path_to_error) and found in the 2.0 text through the origins.
            let document = serde_path_to_error::deserialize(converted.document).map_err(|e| {
                let pointer = json_pointer(e.path());
                let line = lines.line_of(&converted.origins.source_of(&pointer));
                fail(&pointer, line, format!("not a valid Swagger 2.0 document (once converted to OpenAPI 3.0): {}", e.inner()))
            })?;
            (document, converted.origins)
        }
    };
    Ok(LoadedSpec { document, display_path: display_path.to_owned(), sha256: hex(&Sha256::digest(bytes)), lines, origins })
}

/// The formats this module reads.
enum Version {
    OpenApi30,
    Swagger2,
}

/// Accepts OpenAPI 3.0.x and Swagger 2.0 (also written unquoted, `swagger:
/// 2.0`, which YAML reads as a number); names what was found otherwise.
fn check_version(raw: &serde_yaml::Value) -> Result<Version, String> {
    let field = |key: &str| raw.get(key).map(|v| match v {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Number(n) if n.as_f64() == Some(2.0) => "2.0".to_owned(),
        other => format!("{other:?}"),
    });
    match (field("openapi"), field("swagger")) {
        (Some(v), _) if v.starts_with("3.0") => Ok(Version::OpenApi30),
        (Some(v), _) => Err(format!("OpenAPI version {v} is not supported; this generator reads OpenAPI 3.0.x and Swagger 2.0")),
        (None, Some(v)) if v == "2.0" => Ok(Version::Swagger2),
        (None, Some(v)) => Err(format!("Swagger {v} is not supported; this generator reads Swagger 2.0 and OpenAPI 3.0.x")),
        (None, None) => Err("neither `openapi` nor `swagger` is set: this is not an OpenAPI document".to_owned()),
    }
}

/// A `serde_path_to_error` path as a JSON pointer (as far as it is known).
fn json_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = "#".to_owned();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } => pointer.push_str(&format!("/{}", crate::locate::escape(key))),
            Segment::Enum { .. } => {}
            Segment::Unknown => break,
        }
    }
    pointer
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> Diagnostic {
        match parse(text.as_bytes(), "spec.yaml") {
            Err(Error::Spec { mut problems, .. }) => problems.remove(0),
            other => panic!("expected a spec error, got {other:?}"),
        }
    }

    #[test]
    fn malformed_yaml_names_the_line() {
        let p = problem("openapi: 3.0.0\ninfo:\n  title: x\n   version: [\n");
        assert_eq!(p.line, Some(4), "{p}");
        assert!(p.message.contains("not valid YAML"), "{p}");
    }

    #[test]
    fn other_versions_are_refused_by_name() {
        assert!(problem("swagger: '1.2'\n").message.contains("Swagger 1.2 is not supported"));
        assert!(problem("openapi: 3.1.0\n").message.contains("3.1.0 is not supported"));
        assert!(problem("title: x\n").message.contains("not an OpenAPI document"));
    }

    const SWAGGER: &str = "swagger: '2.0'\ninfo:\n  title: x\n  version: '1'\n";

    #[test]
    fn swagger_2_is_converted_to_openapi_3() {
        for version in ["'2.0'", "2.0"] {
            let text = SWAGGER.replace("'2.0'", version) + "paths: {}\ndefinitions:\n  A:\n    type: string\n";
            let spec = parse(text.as_bytes(), "spec.yaml").unwrap_or_else(|e| panic!("{e}"));
            assert!(spec.document.components.is_some_and(|c| c.schemas.contains_key("A")));
        }
    }

    #[test]
    fn swagger_2_problems_name_their_pointer_and_line() {
        let text = format!("{SWAGGER}paths:\n  /a:\n    get:\n      parameters:\n        - name: q\n          in: query\n      responses: {{}}\n");
        let p = problem(&text);
        assert_eq!((p.pointer.as_str(), p.line), ("#/paths/~1a/get/parameters/0", Some(9)), "{p}");
        assert!(p.message.contains("needs a `type`"), "{p}");
    }

    #[test]
    fn a_converted_document_that_does_not_fit_openapi_names_its_place() {
        let text = format!("{SWAGGER}paths: {{}}\ndefinitions:\n  A:\n    type: object\n    properties:\n      b:\n        minLength: many\n");
        let p = problem(&text);
        assert!(p.message.contains("once converted to OpenAPI 3.0"), "{p}");
        assert!(p.pointer.starts_with("#/components/schemas/A"), "{p}");
        assert!(p.line.is_some_and(|l| l >= 7), "{p}");
    }

    #[test]
    fn a_structurally_wrong_document_is_an_error_with_a_line() {
        let p = problem("openapi: 3.0.0\ninfo:\n  title: x\n  version: '1'\npaths:\n  /a: 5\n");
        assert!(p.message.contains("not a valid OpenAPI 3.0 document"), "{p}");
        assert!(p.line.is_some(), "{p}");
    }
}
