//! The lowered Rust API to `TokenStream`s: pure functions, one module per
//! file they print. They decide nothing about the API (that is
//! [`crate::rust_api`]'s job); they only print it. No code is built by
//! string concatenation; identifiers come from [`crate::names`].
//!
//! The generated modules live in a crate whose root provides the runtime
//! they call: `DateTime`, `Date`, `Client`, `CallOptions`, `Error`, and the
//! modules `runtime`, `auth` and `pagination` (the hand-written layer of
//! `generated/`).

pub mod docs;
pub mod models;
pub mod operations;
pub mod schema_table;
pub mod servers;

use crate::rust_api::Ty;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// An identifier token for a name the `names` module produced.
pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The generated module a type is printed in, which decides how it names
/// the types of `models`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Module {
    /// `models` itself: `Session`.
    Models,
    /// A sibling of `models`: `models::Session`.
    Operations,
}

impl Module {
    /// The tokens of `ty` inside this module.
    pub(crate) fn ty(self, ty: &Ty) -> TokenStream {
        let inner = |inner: &Ty| self.ty(inner);
        match ty {
            Ty::String => quote! { String },
            Ty::DateTime => quote! { crate::DateTime },
            Ty::Date => quote! { crate::Date },
            Ty::I32 => quote! { i32 },
            Ty::I64 => quote! { i64 },
            Ty::F64 => quote! { f64 },
            Ty::Bool => quote! { bool },
            Ty::Json => quote! { serde_json::Value },
            Ty::JsonObject => quote! { serde_json::Map<String, serde_json::Value> },
            Ty::Bytes => quote! { bytes::Bytes },
            Ty::Unit => quote! { () },
            Ty::Named(name) => {
                let name = ident(name.as_str());
                match self {
                    Self::Models => quote! { #name },
                    Self::Operations => quote! { models::#name },
                }
            }
            Ty::Vec(item) => {
                let item = inner(item);
                quote! { Vec<#item> }
            }
            Ty::Map(values) => {
                let values = inner(values);
                quote! { std::collections::BTreeMap<String, #values> }
            }
            Ty::Option(value) => {
                let value = inner(value);
                quote! { Option<#value> }
            }
            Ty::Boxed(value) => {
                let value = inner(value);
                quote! { Box<#value> }
            }
        }
    }
}
