//! The `operations` module: one async method of `Client` per operation,
//! with a params struct for its optional parameters and, when it has more
//! than one success status or documented headers, a response enum. Each
//! method is a short sequence of calls into the hand-written runtime.

use super::models::{into_argument, qualified_type_tokens, Taking};
use super::{docs, ident};
use crate::ir::{Api, CursorFrom, Location, Operation, Param, Paging, ResponseBody, SchemeKind, Step, SuccessResponse, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The whole `operations.rs` file.
pub fn operations(api: &Api) -> TokenStream {
    let params = api.operations.iter().filter_map(params_struct);
    let responses = api.operations.iter().filter_map(response_enum);
    let calls = api.operations.iter().map(|op| call(api, op));
    let methods = api.operations.iter().map(method);
    quote! {
        //! The methods of [`Client`], one per operation of the spec, and what
        //! they return: a call to finish and `.await`, the struct of its
        //! optional parameters and the enum of its success responses.
        //!
        //! A method takes the required parameters, in the spec's order (path,
        //! then query and headers, then the body); the call it returns has a
        //! setter for each optional parameter (and for an optional body), and
        //! is sent when awaited:
        //!
        //! ```no_run
        //! # async fn example(client: &dintero_checkout::Client) -> Result<(), dintero_checkout::Error> {
        //! use dintero_checkout::models::GetTransactionIncludesItem;
        //! let transaction = client.get_transaction("T12345678.abc").await?;
        //! let with_session = client.get_transaction("T12345678.abc").includes([GetTransactionIncludesItem::Session]).await?;
        //! # Ok(()) }
        //! ```
        #![allow(clippy::too_many_arguments)]

        use super::{models, security, Server};
        use crate::runtime::{path_segment, CallFuture, Operation, Request};
        use crate::{CallOptions, Client, Error};

        #(#params)*
        #(#responses)*
        #(#calls)*

        impl Client {
            #(#methods)*
        }
    }
}

/// The `security.rs` file: one constant per security scheme.
pub fn security(api: &Api) -> TokenStream {
    let schemes = api.security_schemes.iter().map(|scheme| {
        let name = ident(&scheme_const(&scheme.name));
        let wire = &scheme.name;
        let kind = match &scheme.kind {
            SchemeKind::ApiKeyHeader(header) => quote! { SchemeKind::ApiKeyHeader(#header) },
            SchemeKind::HttpBasic => quote! { SchemeKind::HttpBasic },
            SchemeKind::HttpBearer => quote! { SchemeKind::HttpBearer },
        };
        let doc = docs::attrs(scheme.docs.as_deref().unwrap_or(&format!("The `{wire}` security scheme.")));
        quote! {
            #doc
            pub const #name: SecurityScheme = SecurityScheme { name: #wire, kind: #kind };
        }
    });
    quote! {
        //! The security schemes of the spec; operations name the ones they accept.

        use crate::auth::{SchemeKind, SecurityScheme};

        #(#schemes)*
    }
}

/// `SCREAMING_SNAKE_CASE` constant name of a scheme.
fn scheme_const(name: &str) -> String {
    crate::names::FieldName::from_wire(name).as_str().trim_end_matches('_').to_ascii_uppercase()
}

/// The parameters that go into the params struct.
pub(crate) fn optional_params(op: &Operation) -> Vec<&Param> {
    op.params().filter(|(p, _)| !p.required).map(|(p, _)| p).collect()
}

fn params_name(op: &Operation) -> proc_macro2::Ident {
    ident(op.type_prefix.suffixed("Params").as_str())
}

fn params_struct(op: &Operation) -> Option<TokenStream> {
    let optional = optional_params(op);
    if optional.is_empty() {
        return None;
    }
    let name = params_name(op);
    let method = &op.method_name;
    let doc = format!(" The optional parameters of [`Client::{method}`], all unset by `Default`; a call sets them one by one, or all at once with `params`.");
    let fields = optional.iter().map(|p| {
        let field = ident(p.rust_name.as_str());
        let ty = qualified_type_tokens(&p.ty);
        let location = if op.header_params.iter().any(|h| h.wire_name == p.wire_name) { "header" } else { "query" };
        let text = match &p.docs {
            Some(d) => format!("{d}\n\nThe `{}` {location} parameter.", p.wire_name),
            None => format!("The `{}` {location} parameter.", p.wire_name),
        };
        let doc = docs::attrs(&text);
        quote! {
            #doc
            pub #field: Option<#ty>,
        }
    });
    let setters = optional.iter().map(|p| {
        let field = ident(p.rust_name.as_str());
        let value = ident("value");
        let (argument, converted) = into_argument(&p.ty, &value, qualified_type_tokens, Taking::CopyAsIs);
        let doc = format!(" Sets [`{field}`](Self::{field}).");
        quote! {
            #[doc = #doc]
            #[must_use]
            pub fn #field(mut self, #value: #argument) -> Self {
                self.#field = Some(#converted);
                self
            }
        }
    });
    Some(quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #(#setters)*
        }
    })
}


/// Whether the method returns the single success body directly.
pub(crate) fn returns_body_directly(op: &Operation) -> bool {
    matches!(op.success.as_slice(), [only] if only.headers.is_empty())
}

fn body_type(body: &ResponseBody) -> TokenStream {
    match body {
        ResponseBody::Json(ty) => qualified_type_tokens(ty),
        ResponseBody::Bytes => quote! { bytes::Bytes },
        ResponseBody::Empty => quote! { () },
    }
}

fn response_name(op: &Operation) -> proc_macro2::Ident {
    ident(op.type_prefix.suffixed("Response").as_str())
}

fn response_enum(op: &Operation) -> Option<TokenStream> {
    if returns_body_directly(op) {
        return None;
    }
    let name = response_name(op);
    let method = &op.method_name;
    let doc = format!(" The successful responses of [`Client::{method}`], one variant per documented status.");
    let variants = op.success.iter().map(|s| {
        let variant = ident(s.variant.as_str());
        let text = match &s.docs {
            Some(d) => format!("`{}`: {d}", s.status),
            None => format!("`{}`.", s.status),
        };
        let doc = docs::attrs(&text);
        let body = body_type(&s.body);
        if s.headers.is_empty() {
            return quote! { #doc #variant(#body), };
        }
        let headers = s.headers.iter().map(|h| {
            let field = ident(h.rust_name.as_str());
            let ty = qualified_type_tokens(&h.ty);
            let text = match &h.docs {
                Some(d) => format!("The `{}` header: {d}", h.wire_name),
                None => format!("The `{}` header.", h.wire_name),
            };
            let doc = docs::attrs(&text);
            quote! { #doc #field: Option<#ty>, }
        });
        quote! {
            #doc
            #variant {
                /// The response body.
                body: #body,
                #(#headers)*
            },
        }
    });
    Some(quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
    })
}

/// Statements adding one parameter (`value` is an expression of its type,
/// or a reference to it) to the request.
fn add_param(p: &Param, value: TokenStream, header: bool) -> TokenStream {
    let wire = &p.wire_name;
    match (&p.ty, header, p.explode) {
        (TypeRef::Array(_), true, _) => quote! {
            request.header(#wire, #value.iter().map(ToString::to_string).collect::<Vec<_>>().join(","));
        },
        (TypeRef::Array(_), false, false) => quote! { request.query_joined(#wire, #value); },
        (TypeRef::Array(_), false, true) => quote! {
            for item in #value {
                request.query(#wire, item);
            }
        },
        (_, true, _) => quote! { request.header(#wire, #value); },
        (_, false, _) => quote! { request.query(#wire, #value); },
    }
}

fn method_docs(op: &Operation) -> TokenStream {
    let mut text = op.docs.clone().unwrap_or_else(|| format!("The `{}` operation.", op.id));
    text.push_str(&format!("\n\n`{} {}` (operation `{}`).", op.http_method, op.path, op.id));
    if op.security.is_empty() {
        text.push_str(" Sends no credentials.");
    } else {
        let accepted: Vec<String> = op
            .security
            .iter()
            .map(|r| r.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" and "))
            .collect();
        text.push_str(&format!(" Authenticates with {}.", accepted.join(" or ")));
    }
    if !op.error_statuses.is_empty() {
        let statuses: Vec<String> = op.error_statuses.iter().map(u16::to_string).collect();
        text.push_str(&format!("\n\nDocumented error statuses ([`Error::Api`]): {}.", statuses.join(", ")));
    }
    text.push_str(&format!("\n\nReturns a [`{}`] to set optional parameters on; `.await` it to send it.", op.type_prefix));
    docs::attrs(&text)
}

/// The name of the call type of an operation (`CaptureTransaction`).
fn call_name(op: &Operation) -> proc_macro2::Ident {
    ident(op.type_prefix.as_str())
}

/// The required parameters, in argument order: path (all of them), then
/// query and header.
pub(crate) fn required_params(op: &Operation) -> impl Iterator<Item = (&Param, Location)> {
    op.params().filter(|(p, _)| p.required)
}

/// What a successful call returns.
fn output_type(op: &Operation) -> TokenStream {
    if returns_body_directly(op) {
        body_type(&op.success[0].body)
    } else {
        let response = response_name(op);
        quote! { #response }
    }
}

/// The call type of an operation: what its `Client` method returns, with
/// setters for the optional parameters and body, sent when awaited.
fn call(api: &Api, op: &Operation) -> TokenStream {
    let name = call_name(op);
    let method = &op.method_name;
    let doc = format!(
        " A call of [`Client::{method}`]: set its optional parameters, then `.await` it (or [`send`](Self::send) it)."
    );
    let operation_name = op.method_name.as_str();
    let http_method = ident(&op.http_method);
    let route = op.route();
    let server = ident(api.servers[op.server.index].variant.as_str());
    let security = op.security.iter().map(|requirement| {
        let schemes = requirement.iter().map(|s| {
            let s = ident(&scheme_const(s));
            quote! { security::#s }
        });
        quote! { &[#(#schemes),*] }
    });
    let output = output_type(op);

    let mut fields = Vec::new();
    let mut setup = Vec::new();
    for (p, location) in required_params(op) {
        let field = ident(p.rust_name.as_str());
        let ty = qualified_type_tokens(&p.ty);
        fields.push(quote! { #field: #ty, });
        if location != Location::Path {
            setup.push(add_param(p, quote! { self.#field }, location == Location::Header));
        }
    }
    let path_format = op.path_params.iter().fold(op.route(), |path, p| path.replace(&format!("{{{}}}", p.wire_name), "{}"));
    let path_args = op.path_params.iter().map(|p| {
        let field = ident(p.rust_name.as_str());
        match p.ty {
            TypeRef::String => quote! { path_segment(self.#field.as_str()) },
            _ => quote! { path_segment(self.#field.to_string().as_str()) },
        }
    });
    let path_expr = if op.path_params.is_empty() {
        quote! { String::from(#path_format) }
    } else {
        quote! { format!(#path_format #(, #path_args)*) }
    };

    let mut setters = Vec::new();
    if let Some(body) = &op.body {
        let ty = qualified_type_tokens(&body.ty);
        if body.required {
            fields.push(quote! { body: #ty, });
            setup.push(quote! { request.json(&self.body)?; });
        } else {
            fields.push(quote! { body: Option<#ty>, });
            setup.push(quote! {
                if let Some(body) = &self.body {
                    request.json(body)?;
                }
            });
            setters.push(quote! {
                /// Sets the request body.
                pub fn body(mut self, body: #ty) -> Self {
                    self.body = Some(body);
                    self
                }
            });
        }
    }
    if !optional_params(op).is_empty() {
        let params = params_name(op);
        fields.push(quote! { params: #params, });
        for (p, location) in op.params().filter(|(p, _)| !p.required) {
            let field = ident(p.rust_name.as_str());
            let add = add_param(p, quote! { value }, location == Location::Header);
            setup.push(quote! {
                if let Some(value) = &self.params.#field {
                    #add
                }
            });
            let value = ident("value");
            let (argument, _) = into_argument(&p.ty, &value, qualified_type_tokens, Taking::CopyAsIs);
            let doc = format!(" Sets [`{params}::{field}`].");
            setters.push(quote! {
                #[doc = #doc]
                pub fn #field(mut self, #value: #argument) -> Self {
                    self.params = self.params.#field(#value);
                    self
                }
            });
        }
        setters.push(quote! {
            /// Sets every optional parameter at once, replacing what was set before.
            pub fn params(mut self, params: #params) -> Self {
                self.params = params;
                self
            }
        });
    }

    let arms: Vec<TokenStream> = if returns_body_directly(op) {
        let only = &op.success[0];
        let status = proc_macro2::Literal::u16_unsuffixed(only.status);
        let decode = decode_value(&only.body);
        vec![quote! { #status => #decode }]
    } else {
        let response = response_name(op);
        op.success.iter().map(|s| enum_arm(&response, s)).collect()
    };
    let documented = op.error_statuses.iter().map(|s| proc_macro2::Literal::u16_unsuffixed(*s));
    let has_default = op.has_default_response;
    let moves_money = op.moves_money;
    let mut_request = if setup.is_empty() { quote! { let request } } else { quote! { let mut request } };
    let (derives, stream) = match &op.pagination {
        Some(paging) => (quote! { #[derive(Clone, Debug)] }, into_stream(op, paging)),
        None => (quote! { #[derive(Debug)] }, TokenStream::new()),
    };
    quote! {
        #[doc = #doc]
        #derives
        #[must_use = "a call is sent only when it is awaited"]
        pub struct #name<'a> {
            client: &'a Client,
            #(#fields)*
            options: CallOptions,
        }

        impl<'a> #name<'a> {
            #(#setters)*

            /// Settings of this call alone (a timeout, headers, the retry
            /// policy), over the client's.
            pub fn options(mut self, options: CallOptions) -> Self {
                self.options = options;
                self
            }

            #stream

            /// Sends the call and reads the response; awaiting the call does the same.
            pub async fn send(self) -> Result<#output, Error> {
                self.send_with_response().await.map(http::Response::into_body)
            }

            /// Sends the call like [`send`](Self::send), and gives the decoded
            /// body with the response's status and headers.
            pub async fn send_with_response(self) -> Result<http::Response<#output>, Error> {
                const OPERATION: Operation = Operation {
                    name: #operation_name,
                    method: reqwest::Method::#http_method,
                    server: Server::#server,
                    route: #route,
                    security: &[#(#security),*],
                    moves_money: #moves_money,
                };
                #mut_request = Request::new(&OPERATION, #path_expr, self.options);
                #(#setup)*
                let response = self.client.send(request).await?;
                let value = match response.status() {
                    #(#arms,)*
                    _ => return Err(response.into_error(&[#(#documented),*], #has_default)),
                };
                Ok(response.into_http(value))
            }
        }

        impl<'a> std::future::IntoFuture for #name<'a> {
            type Output = Result<#output, Error>;
            type IntoFuture = CallFuture<'a, #output>;

            // Inline: the future is compiled where a call is awaited, not
            // for every operation in this crate (which tripled its build time).
            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }
    }
}

/// The `Client` method of an operation: takes the required parameters and
/// returns the call.
fn method(op: &Operation) -> TokenStream {
    let name = ident(op.method_name.as_str());
    let call = call_name(op);
    let docs = method_docs(op);
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for (p, _) in required_params(op) {
        let field = ident(p.rust_name.as_str());
        let (argument, converted) = into_argument(&p.ty, &field, qualified_type_tokens, Taking::CopyAsIs);
        args.push(quote! { #field: #argument });
        inits.push(quote! { #field: #converted, });
    }
    if let Some(body) = &op.body {
        if body.required {
            let ty = qualified_type_tokens(&body.ty);
            args.push(quote! { body: #ty });
            inits.push(quote! { body, });
        } else {
            inits.push(quote! { body: None, });
        }
    }
    if !optional_params(op).is_empty() {
        inits.push(quote! { params: Default::default(), });
    }
    inits.push(quote! { options: CallOptions::default(), });
    quote! {
        #docs
        #deprecated
        pub fn #name(&self, #(#args),*) -> #call<'_> {
            #call { client: self, #(#inits)* }
        }
    }
}

fn decode_value(body: &ResponseBody) -> TokenStream {
    match body {
        ResponseBody::Json(_) => quote! { response.json()? },
        ResponseBody::Bytes => quote! { response.bytes() },
        ResponseBody::Empty => quote! { () },
    }
}

fn enum_arm(response: &proc_macro2::Ident, s: &SuccessResponse) -> TokenStream {
    let status = proc_macro2::Literal::u16_unsuffixed(s.status);
    let variant = ident(s.variant.as_str());
    let body = decode_value(&s.body);
    if s.headers.is_empty() {
        return quote! { #status => #response::#variant(#body) };
    }
    let headers = s.headers.iter().map(|h| {
        let field = ident(h.rust_name.as_str());
        let wire = &h.wire_name;
        quote! { #field: response.header(#wire) }
    });
    quote! { #status => #response::#variant { body: #body, #(#headers),* } }
}

/// The `into_stream` method of a paginated list's call: every item of every
/// page, each page fetched with the cursor the previous one gave.
fn into_stream(op: &Operation, paging: &Paging) -> TokenStream {
    let item = qualified_type_tokens(&paging.item);
    let page = ident("page");
    let items = owned(quote! { #page }, &paging.items);
    let values = paging.cursor.iter().map(|c| match &c.from {
        CursorFrom::Page(steps) => borrowed(quote! { #page }, steps),
        CursorFrom::LastItem(steps) => {
            let chain = borrowed(quote! { item }, steps);
            quote! { items.last().and_then(|item| #chain) }
        }
    });
    let current = paging.cursor.iter().map(|c| {
        let field = ident(c.param.as_str());
        quote! { call.params.#field.clone() }
    });
    let cursor_names: Vec<proc_macro2::Ident> = paging.cursor.iter().map(|c| ident(c.param.as_str())).collect();
    let resume = cursor_names.iter().map(|field| quote! { call.params.#field = Some(#field); });
    let described: Vec<String> = paging
        .cursor
        .iter()
        .map(|c| {
            let (whose, steps) = match &c.from {
                CursorFrom::Page(steps) => ("the page's", steps),
                CursorFrom::LastItem(steps) => ("the last item's", steps),
            };
            let path: Vec<&str> = steps.iter().map(|s| s.field.as_str()).collect();
            format!("`{}` = {whose} `{}`", c.wire, path.join("."))
        })
        .collect();
    let text = format!(
        "Every item of every page, as a stream: the first page is this call, and each next one is fetched when the previous page is consumed, with {}. \
         The stream ends after an empty page, a page without a next cursor, or a cursor that repeats; \
         it stops at the first error.\n\n`{} {}`, paged as the settings describe it.",
        described.join(" and "),
        op.http_method,
        op.route()
    );
    let doc = docs::attrs(&text);
    let count = paging.cursor.len();
    // The cursor is read before the items are moved out of the page, or
    // from the items once they are.
    let from_items = paging.cursor.iter().all(|c| matches!(c.from, CursorFrom::LastItem(_)));
    let split = if from_items {
        quote! {
            let items = #items;
            let next: [Option<String>; #count] = [#(#values),*];
            (items, next)
        }
    } else {
        quote! {
            let next: [Option<String>; #count] = [#(#values),*];
            (#items, next)
        }
    };
    quote! {
        #doc
        pub fn into_stream(self) -> impl futures_util::Stream<Item = Result<#item, Error>> + 'a {
            crate::pagination::walk(
                self,
                |#page| {
                    #split
                },
                |call, [#(#cursor_names),*]| {
                    #(#resume)*
                },
                |call| [#(#current),*],
            )
        }
    }
}

/// `start` followed by owned field accesses, as the items `Vec`.
fn owned(start: TokenStream, steps: &[Step]) -> TokenStream {
    let mut expr = start;
    let mut optional = false;
    for step in steps {
        let field = ident(step.field.as_str());
        expr = match (optional, step.options) {
            (false, 0) => quote! { #expr.#field },
            (false, 1) => { optional = true; quote! { #expr.#field } }
            (false, _) => { optional = true; quote! { #expr.#field.flatten() } }
            (true, 0) => quote! { #expr.map(|v| v.#field) },
            (true, 1) => quote! { #expr.and_then(|v| v.#field) },
            (true, _) => quote! { #expr.and_then(|v| v.#field.flatten()) },
        };
        if step.boxed {
            expr = if optional { quote! { #expr.map(|v| *v) } } else { quote! { *#expr } };
        }
    }
    if optional { quote! { #expr.unwrap_or_default() } } else { expr }
}

/// `start` (an owned value or a reference) followed by borrowed field
/// accesses, as an `Option<String>` of the value at the end.
fn borrowed(start: TokenStream, steps: &[Step]) -> TokenStream {
    let mut expr: Option<TokenStream> = None;
    for step in steps {
        let field = ident(step.field.as_str());
        expr = Some(match (expr, step.options) {
            (None, 0) => quote! { Some(&#start.#field) },
            (None, 1) => quote! { #start.#field.as_ref() },
            (None, _) => quote! { #start.#field.as_ref().and_then(|v| v.as_ref()) },
            (Some(e), 0) => quote! { #e.map(|v| &v.#field) },
            (Some(e), 1) => quote! { #e.and_then(|v| v.#field.as_ref()) },
            (Some(e), _) => quote! { #e.and_then(|v| v.#field.as_ref()).and_then(|v| v.as_ref()) },
        });
    }
    let expr = expr.unwrap_or_else(|| quote! { Some(&#start) });
    quote! { #expr.map(ToString::to_string) }
}
