//! The round-trip table of the tests crate: every component schema's name
//! next to its Rust type, so a test can decode a value by schema name.

use super::ident;
use crate::rust_api::RustApi;
use proc_macro2::TokenStream;
use quote::quote;

/// The whole `schemas.rs` file of the tests crate.
pub fn schema_table(api: &RustApi) -> TokenStream {
    let names = api.components.iter().map(|(schema, _)| schema);
    let arms = api.components.iter().map(|(schema, ty)| {
        let ty = ident(ty.as_str());
        quote! { #schema => crate::round_trip::<models::#ty>(value), }
    });
    quote! {
        //! Every component schema of the spec and the Rust type it became.

        use crate::models;

        /// The names of all component schemas, sorted.
        pub const SCHEMA_NAMES: &[&str] = &[#(#names),*];

        /// Decodes `value` as the type of `schema` and encodes it again;
        /// `None` when no such schema exists.
        pub fn round_trip(schema: &str, value: serde_json::Value) -> Option<Result<serde_json::Value, String>> {
            Some(match schema {
                #(#arms)*
                _ => return None,
            })
        }
    }
}
