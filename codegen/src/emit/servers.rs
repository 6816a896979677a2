//! The `Server` enum of the generated crate: one variant per server the
//! operations are sent to, with its default URL. The client keeps a URL
//! per server, which its builder can override.

use super::{docs, ident};
use crate::rust_api::RustApi;
use proc_macro2::TokenStream;
use quote::quote;

/// The `Server` enum and its `impl`.
pub fn servers(api: &RustApi) -> TokenStream {
    let variants = api.servers.iter().map(|server| {
        let variant = ident(server.variant.as_str());
        let methods: Vec<String> = server.methods.iter().map(|method| format!("`{method}`")).collect();
        let url = if server.url.is_empty() { "no URL in the spec (set one with the client builder)".to_owned() } else { format!("`{}`", server.url) };
        let text = match methods.as_slice() {
            [] => format!("{url}: the spec's server, which no operation uses."),
            [one] => format!("{url}: where {one} is sent."),
            [first, second, third, ..] if methods.len() > 3 => {
                format!("{url}: where {} operations are sent ({first}, {second}, {third}, ...).", methods.len())
            }
            all => format!("{url}: where {} are sent.", all.join(", ")),
        };
        let doc = docs::attrs(&text);
        quote! { #doc #variant, }
    });
    let all = api.servers.iter().map(|s| {
        let variant = ident(s.variant.as_str());
        quote! { Self::#variant }
    });
    let urls = api.servers.iter().map(|s| {
        let variant = ident(s.variant.as_str());
        let url = &s.url;
        quote! { Self::#variant => #url, }
    });
    let names = api.servers.iter().map(|s| {
        let variant = ident(s.variant.as_str());
        let name = s.name.as_str();
        quote! { Self::#variant => #name, }
    });
    quote! {
        /// A server of the API: every operation is sent to one of them. Each
        /// has the URL the spec gives it, which
        /// [`ClientBuilder::server_url`](crate::ClientBuilder::server_url)
        /// overrides (for a test server, a proxy or a fake of the API).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Server {
            #(#variants)*
        }

        impl Server {
            /// Every server, the spec's document-level one first.
            pub const ALL: &'static [Server] = &[#(#all),*];

            /// The URL the spec gives the server, without a trailing slash.
            pub const fn default_url(self) -> &'static str {
                match self {
                    #(#urls)*
                }
            }

            /// Its name (the first label of its host).
            pub const fn name(self) -> &'static str {
                match self {
                    #(#names)*
                }
            }

            /// Its position in [`Self::ALL`].
            pub(crate) const fn index(self) -> usize {
                self as usize
            }
        }
    }
}
