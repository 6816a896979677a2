//! The generator behind `cargo xtask generate`: Dintero's OpenAPI spec in,
//! the Rust source of the `dintero-checkout` crate out.
//!
//! The pipeline runs one way: [`load`] (text to `openapiv3::OpenAPI`,
//! converting Swagger 2.0 with [`swagger2`] on the way),
//! [`ir::resolve`] (to our model of the API), [`rust_api::lower`] (to the
//! Rust API, every name and signature decided once), [`emit`] (to token
//! streams) and [`surface`] (to the committed surface file), [`format`] (to
//! text with a header). Nothing here writes files; the xtask does, all at
//! once, after everything succeeded. `ARCHITECTURE.md` at the root of the
//! repository says where each decision is made.

pub mod diagnostics;
pub mod emit;
pub mod format;
pub mod ir;
pub mod load;
pub mod locate;
pub mod names;
pub mod rust_api;
pub mod settings;
pub mod surface;
pub mod changes;
pub mod swagger2;

use diagnostics::{Diagnostic, Error};
pub use settings::Settings;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

/// A directory the generator owns entirely, and the files it must contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputTree {
    /// Directory relative to the workspace root.
    pub dir: &'static str,
    /// File path (relative to `dir`) to contents.
    pub files: BTreeMap<String, String>,
}

/// Everything one run produces.
#[derive(Debug)]
pub struct Output {
    /// The generated directories.
    pub trees: Vec<OutputTree>,
    /// Notes for the reviewer (resolved name collisions, ...), with their places.
    pub notes: Vec<Diagnostic>,
    /// Counts of what was generated.
    pub stats: ir::Stats,
    /// How long each phase took, in pipeline order.
    pub timings: Vec<(&'static str, std::time::Duration)>,
    /// The public API of the generated crate (also written as JSON into [`SURFACE_DIR`]).
    pub surface: surface::Surface,
}

/// Directory of the generated modules inside the user-facing crate.
pub const CRATE_DIR: &str = "generated/src/generated";
/// Directory of the generated test support inside the tests crate.
pub const TESTS_DIR: &str = "tests/src/generated";
/// Directory of the committed API surface, which the next run compares against.
pub const SURFACE_DIR: &str = "generated/api";
/// The surface file inside [`SURFACE_DIR`].
pub const SURFACE_FILE: &str = "surface.json";

/// Generates from the spec file at `path` with the reviewed choices of
/// `settings`; `display_path` is how headers and messages name it (the path
/// relative to the workspace, usually).
pub fn generate(path: &Path, display_path: &str, settings: &Settings) -> Result<Output, Error> {
    let started = Instant::now();
    let spec = load::load(path, display_path)?;
    generate_loaded(&spec, settings, started.elapsed())
}

/// Generates from spec text already in memory.
pub fn generate_from_text(text: &str, display_path: &str, settings: &Settings) -> Result<Output, Error> {
    let started = Instant::now();
    let spec = load::parse(text.as_bytes(), display_path)?;
    generate_loaded(&spec, settings, started.elapsed())
}

fn generate_loaded(spec: &load::LoadedSpec, settings: &Settings, load_time: std::time::Duration) -> Result<Output, Error> {
    let resolve_started = Instant::now();
    let with_lines = |mut problems: Vec<Diagnostic>| {
        for p in &mut problems {
            p.line = p.line.or_else(|| spec.line_of(&p.pointer));
        }
        problems
    };
    let api = ir::resolve(&spec.document, settings)
        .map_err(|problems| Error::Spec { file: spec.display_path.clone(), problems: with_lines(problems) })?;
    if !api.unused_settings.is_empty() {
        return Err(Error::Settings { entries: api.unused_settings });
    }
    let rust = rust_api::lower(&api, settings.docs.example.as_deref());
    let resolve_time = resolve_started.elapsed();
    let emit_started = Instant::now();
    let header = format::header();
    let (spec_file, sha256) = (&spec.display_path, &spec.sha256);
    let spec_error = |message| Error::Spec { file: spec.display_path.clone(), problems: vec![Diagnostic::new("#", message)] };
    let render = |tokens| format::file(tokens, &header).map_err(spec_error);
    let servers = emit::servers::servers(&rust);
    let error_body = emit::Module::Operations.ty(&rust.error_body);
    let mod_rs = render(quote::quote! {
        //! Code generated from the spec [`SPEC_FILE`] by `cargo xtask
        //! generate`. Every file in this folder is rewritten by the generator;
        //! hand-written code lives outside it.

        pub mod models;
        pub mod operations;
        pub mod security;

        #servers

        /// What the body of an error response is decoded as
        /// ([`ApiError::error`](crate::ApiError::error)): the schema every
        /// error response of the spec documents.
        pub type ErrorBody = #error_body;

        /// The spec file this code was generated from, as `cargo xtask generate` was given it.
        pub const SPEC_FILE: &str = #spec_file;

        /// The sha256 of [`SPEC_FILE`]'s bytes.
        pub const SPEC_SHA256: &str = #sha256;
    })?;
    let crate_tree = OutputTree {
        dir: CRATE_DIR,
        files: BTreeMap::from([
            ("mod.rs".to_owned(), mod_rs),
            ("models.rs".to_owned(), render_models(&rust, &header).map_err(spec_error)?),
            ("operations.rs".to_owned(), render(emit::operations::operations(&rust))?),
            ("security.rs".to_owned(), render(emit::operations::security(&rust))?),
        ]),
    };
    let tests_tree = OutputTree {
        dir: TESTS_DIR,
        files: BTreeMap::from([
            ("mod.rs".to_owned(), render(quote::quote! {
                //! Test support generated from the spec by `cargo xtask generate`.

                pub mod schemas;
            })?),
            ("schemas.rs".to_owned(), render(emit::schema_table::schema_table(&rust))?),
        ]),
    };
    let surface = surface::Surface::of(&rust);
    let surface_tree = OutputTree { dir: SURFACE_DIR, files: BTreeMap::from([(SURFACE_FILE.to_owned(), surface.to_json())]) };
    let stats = api.stats();
    let timings = vec![("load", load_time), ("resolve", resolve_time), ("emit+format", emit_started.elapsed())];
    let notes = with_lines(api.notes.into_iter().chain(rust.notes).collect());
    Ok(Output { trees: vec![crate_tree, tests_tree, surface_tree], notes, stats, timings, surface })
}

/// `models.rs`, nine tenths of the output, emitted and formatted in two
/// halves on two threads.
fn render_models(api: &rust_api::RustApi, header: &str) -> Result<String, String> {
    std::thread::scope(|scope| {
        let second = scope.spawn(|| format::unparse(emit::models::models_piece(api, 1, 2)));
        let first = format::unparse(emit::models::models_piece(api, 0, 2));
        let second = second.join().unwrap_or_else(|_| Err("formatting the second half of models.rs failed (a generator bug)".to_owned()));
        Ok(format::join(header, &[first?, second?]))
    })
}
