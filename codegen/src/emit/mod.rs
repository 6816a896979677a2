//! IR to `TokenStream`s: pure functions, one module per concern. No code is
//! built by string concatenation; identifiers come from [`crate::names`].

pub mod docs;
pub mod models;
pub mod operations;
pub mod schema_table;
pub mod servers;

use proc_macro2::{Ident, Span};

/// An identifier token for a name the `names` module produced.
pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}
