//! Reading a spec file: YAML or JSON text into `openapiv3::OpenAPI`, with
//! errors that carry the file and line.

use crate::diagnostics::{Diagnostic, Error};
use crate::locate::LineIndex;
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
    check_version(&raw).map_err(|message| fail("#", Some(1), message))?;
    // One parse on the happy path; only a document that does not fit the
    // OpenAPI model is parsed again from the text, for the error's line.
    let document: OpenAPI = serde_yaml::from_value(raw).or_else(|_| serde_yaml::from_str(text)).map_err(|e| {
        let line = e.location().map(|l| l.line());
        fail("#", line, format!("not a valid OpenAPI 3.0 document: {e}"))
    })?;
    Ok(LoadedSpec {
        document,
        display_path: display_path.to_owned(),
        sha256: hex(&Sha256::digest(bytes)),
        lines: LineIndex::new(text),
    })
}

/// Accepts OpenAPI 3.0.x; names what was found otherwise.
fn check_version(raw: &serde_yaml::Value) -> Result<(), String> {
    let field = |key: &str| raw.get(key).map(|v| match v {
        serde_yaml::Value::String(s) => s.clone(),
        other => format!("{other:?}"),
    });
    match (field("openapi"), field("swagger")) {
        (Some(v), _) if v.starts_with("3.0") => Ok(()),
        (Some(v), _) => Err(format!("OpenAPI version {v} is not supported; this generator reads OpenAPI 3.0.x")),
        (None, Some(v)) => Err(format!(
            "Swagger {v} is not supported yet; convert it to OpenAPI 3.0 (Dintero publishes both renderings)"
        )),
        (None, None) => Err("neither `openapi` nor `swagger` is set: this is not an OpenAPI document".to_owned()),
    }
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
    fn swagger_2_and_openapi_3_1_are_refused_by_name() {
        assert!(problem("swagger: '2.0'\n").message.contains("Swagger 2.0 is not supported"));
        assert!(problem("openapi: 3.1.0\n").message.contains("3.1.0 is not supported"));
        assert!(problem("title: x\n").message.contains("not an OpenAPI document"));
    }

    #[test]
    fn a_structurally_wrong_document_is_an_error_with_a_line() {
        let p = problem("openapi: 3.0.0\ninfo:\n  title: x\n  version: '1'\npaths:\n  /a: 5\n");
        assert!(p.message.contains("not a valid OpenAPI 3.0 document"), "{p}");
        assert!(p.line.is_some(), "{p}");
    }
}
