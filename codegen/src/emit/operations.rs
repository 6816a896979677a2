//! The `operations` module: one async method of `Client` per operation,
//! with a params struct for its optional parameters and, when it has more
//! than one success status or documented headers, a response enum. Each
//! method is a short sequence of calls into the hand-written runtime.

use super::models::argument;
use super::{docs, ident, Module};
use crate::ir::{CursorFrom, Location, SchemeKind, Step};
use crate::rust_api::{BodyKind, OperationItem, Paging, ParamItem, RustApi, SuccessItem, Ty};
use proc_macro2::TokenStream;
use quote::quote;

/// The whole `operations.rs` file.
pub fn operations(api: &RustApi) -> TokenStream {
    let params = api.operations.iter().filter_map(params_struct);
    let responses = api.operations.iter().filter_map(response_enum);
    let calls = api.operations.iter().map(call);
    let methods = api.operations.iter().map(method);
    let mut text = [
        "The methods of [`Client`], one per operation of the spec, and what",
        "they return: a call to finish and `.await`, the struct of its",
        "optional parameters and the enum of its success responses.",
        "",
        "A method takes the required parameters, in the spec's order (path,",
        "then query and headers, then the body); the call it returns has a",
        "setter for each optional parameter (and for an optional body), and",
        "is sent when awaited",
    ]
    .join("\n");
    match &api.example {
        Some(example) => text.push_str(&format!(":\n\n```no_run\n{}\n```", example.trim_end())),
        None => text.push('.'),
    }
    let module_docs = text.lines().map(|line| {
        let line = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote! { #![doc = #line] }
    });
    quote! {
        #(#module_docs)*
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
pub fn security(api: &RustApi) -> TokenStream {
    let schemes = api.schemes.iter().map(|scheme| {
        let name = ident(&scheme.constant);
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

fn params_struct(op: &OperationItem) -> Option<TokenStream> {
    let name = ident(op.params_struct.as_ref()?.as_str());
    let optional: Vec<&ParamItem> = op.optional_params().collect();
    let method = &op.method;
    let doc = format!(" The optional parameters of [`Client::{method}`], all unset by `Default`; a call sets them one by one, or all at once with `params`.");
    let fields = optional.iter().map(|p| {
        let field = ident(p.rust.as_str());
        let ty = Module::Operations.ty(&p.value);
        let location = p.location.as_str();
        let text = match &p.docs {
            Some(d) => format!("{d}\n\nThe `{}` {location} parameter.", p.wire),
            None => format!("The `{}` {location} parameter.", p.wire),
        };
        let doc = docs::attrs(&text);
        quote! {
            #doc
            pub #field: Option<#ty>,
        }
    });
    let setters = optional.iter().map(|p| {
        let field = ident(p.rust.as_str());
        let value = ident("value");
        let (argument, converted) = argument(&p.arg, &value, Module::Operations);
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


fn body_type(body: &BodyKind) -> TokenStream {
    Module::Operations.ty(&body.ty())
}

fn response_enum(op: &OperationItem) -> Option<TokenStream> {
    let name = ident(op.response_enum.as_ref()?.as_str());
    let method = &op.method;
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
            let field = ident(h.rust.as_str());
            let ty = Module::Operations.ty(&h.ty);
            let text = match &h.docs {
                Some(d) => format!("The `{}` header: {d}", h.wire),
                None => format!("The `{}` header.", h.wire),
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
fn add_param(p: &ParamItem, value: TokenStream) -> TokenStream {
    let wire = &p.wire;
    let header = p.location == Location::Header;
    match (&p.value, header, p.explode) {
        (Ty::Vec(_), true, _) => quote! {
            request.header(#wire, #value.iter().map(ToString::to_string).collect::<Vec<_>>().join(","));
        },
        (Ty::Vec(_), false, false) => quote! { request.query_joined(#wire, #value); },
        (Ty::Vec(_), false, true) => quote! {
            for item in #value {
                request.query(#wire, item);
            }
        },
        (_, true, _) => quote! { request.header(#wire, #value); },
        (_, false, _) => quote! { request.query(#wire, #value); },
    }
}

fn method_docs(op: &OperationItem) -> TokenStream {
    let mut text = op.docs.clone().unwrap_or_else(|| format!("The `{}` operation.", op.id));
    text.push_str(&format!("\n\n`{} {}` (operation `{}`).", op.http_method, op.path, op.id));
    if op.security.is_empty() {
        text.push_str(" Sends no credentials.");
    } else {
        let accepted: Vec<String> = op
            .security
            .iter()
            .map(|r| r.iter().map(|s| format!("`{}`", s.name)).collect::<Vec<_>>().join(" and "))
            .collect();
        text.push_str(&format!(" Authenticates with {}.", accepted.join(" or ")));
    }
    if !op.errors.is_empty() {
        let statuses: Vec<String> = op.errors.iter().map(|e| e.status.to_string()).collect();
        text.push_str(&format!("\n\nDocumented error statuses ([`Error::Api`]): {}.", statuses.join(", ")));
    }
    text.push_str(&format!("\n\nReturns a [`{}`] to set optional parameters on; `.await` it to send it.", op.call));
    docs::attrs(&text)
}

/// What a successful call returns.
fn output_type(op: &OperationItem) -> TokenStream {
    match (&op.response_enum, op.direct_success()) {
        (Some(name), _) => {
            let response = ident(name.as_str());
            quote! { #response }
        }
        (None, Some(only)) => body_type(&only.body),
        (None, None) => quote! { () },
    }
}

/// The fields of a call struct beyond the client and the options, the
/// statements that add them to the request, and the call's setters.
#[derive(Default)]
struct CallParts {
    fields: Vec<TokenStream>,
    setup: Vec<TokenStream>,
    setters: Vec<TokenStream>,
}

/// The parts of `op`'s call: the required parameters (fields set by the
/// method), the body, and the params struct with one setter per field.
fn call_parts(op: &OperationItem) -> CallParts {
    let mut parts = CallParts::default();
    for p in op.params.iter().filter(|p| p.required) {
        let field = ident(p.rust.as_str());
        let ty = Module::Operations.ty(&p.value);
        parts.fields.push(quote! { #field: #ty, });
        if p.location != Location::Path {
            parts.setup.push(add_param(p, quote! { self.#field }));
        }
    }
    if let Some(body) = &op.body {
        body_parts(body, &mut parts);
    }
    if let Some(params) = &op.params_struct {
        params_parts(op, params, &mut parts);
    }
    parts
}

/// A required body is a field; an optional one is a field with a setter.
fn body_parts(body: &crate::rust_api::BodyItem, parts: &mut CallParts) {
    let ty = Module::Operations.ty(&body.ty);
    if body.required {
        parts.fields.push(quote! { body: #ty, });
        parts.setup.push(quote! { request.json(&self.body)?; });
        return;
    }
    parts.fields.push(quote! { body: Option<#ty>, });
    parts.setup.push(quote! {
        if let Some(body) = &self.body {
            request.json(body)?;
        }
    });
    parts.setters.push(quote! {
        /// Sets the request body.
        pub fn body(mut self, body: #ty) -> Self {
            self.body = Some(body);
            self
        }
    });
}

/// The params struct as a field, a setter per optional parameter, and
/// `params` to set them all.
fn params_parts(op: &OperationItem, params: &crate::names::TypeName, parts: &mut CallParts) {
    let params = ident(params.as_str());
    parts.fields.push(quote! { params: #params, });
    for p in op.optional_params() {
        let field = ident(p.rust.as_str());
        let setter = ident(p.setter.as_ref().unwrap_or(&p.rust).as_str());
        let add = add_param(p, quote! { value });
        parts.setup.push(quote! {
            if let Some(value) = &self.params.#field {
                #add
            }
        });
        let value = ident("value");
        let (argument, _) = argument(&p.arg, &value, Module::Operations);
        let doc = format!(" Sets [`{params}::{field}`].");
        parts.setters.push(quote! {
            #[doc = #doc]
            pub fn #setter(mut self, #value: #argument) -> Self {
                self.params = self.params.#field(#value);
                self
            }
        });
    }
    parts.setters.push(quote! {
        /// Sets every optional parameter at once, replacing what was set before.
        pub fn params(mut self, params: #params) -> Self {
            self.params = params;
            self
        }
    });
}

/// The expression of the request's path: the route with each path
/// parameter filled in, percent-encoded.
fn path_expression(op: &OperationItem) -> TokenStream {
    let path_params: Vec<&ParamItem> = op.params.iter().filter(|p| p.location == Location::Path).collect();
    let path_format = path_params.iter().fold(op.route.clone(), |path, p| path.replace(&format!("{{{}}}", p.wire), "{}"));
    let path_args = path_params.iter().map(|p| {
        let field = ident(p.rust.as_str());
        match p.value {
            Ty::String => quote! { path_segment(self.#field.as_str()) },
            _ => quote! { path_segment(self.#field.to_string().as_str()) },
        }
    });
    if path_params.is_empty() {
        quote! { String::from(#path_format) }
    } else {
        quote! { format!(#path_format #(, #path_args)*) }
    }
}

/// The `match` arms of the documented success statuses.
fn response_arms(op: &OperationItem) -> Vec<TokenStream> {
    match (&op.response_enum, op.direct_success()) {
        (Some(response), _) => {
            let response = ident(response.as_str());
            op.success.iter().map(|s| enum_arm(&response, s)).collect()
        }
        (None, Some(only)) => {
            let status = proc_macro2::Literal::u16_unsuffixed(only.status);
            let decode = decode_value(&only.body);
            vec![quote! { #status => #decode }]
        }
        (None, None) => Vec::new(),
    }
}

/// The call type of an operation: what its `Client` method returns, with
/// setters for the optional parameters and body, sent when awaited.
fn call(op: &OperationItem) -> TokenStream {
    let name = ident(op.call.as_str());
    let method = &op.method;
    let doc = format!(
        " A call of [`Client::{method}`]: set its optional parameters, then `.await` it (or [`send`](Self::send) it)."
    );
    let operation_name = op.method.as_str();
    let http_method = ident(&op.http_method);
    let route = &op.route;
    let server = ident(op.server.as_str());
    let security = op.security.iter().map(|requirement| {
        let schemes = requirement.iter().map(|s| {
            let s = ident(&s.constant);
            quote! { security::#s }
        });
        quote! { &[#(#schemes),*] }
    });
    let output = output_type(op);
    let CallParts { fields, setup, setters } = call_parts(op);
    let path_expr = path_expression(op);
    let arms = response_arms(op);
    let documented = op.errors.iter().map(|e| proc_macro2::Literal::u16_unsuffixed(e.status));
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
fn method(op: &OperationItem) -> TokenStream {
    let name = ident(op.method.as_str());
    let call = ident(op.call.as_str());
    let docs = method_docs(op);
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for p in op.params.iter().filter(|p| p.required) {
        let field = ident(p.rust.as_str());
        let (argument, converted) = argument(&p.arg, &field, Module::Operations);
        args.push(quote! { #field: #argument });
        inits.push(quote! { #field: #converted, });
    }
    if let Some(body) = &op.body {
        match &body.argument {
            Some((name, arg)) => {
                let name = ident(name.as_str());
                let (ty, _) = argument(arg, &name, Module::Operations);
                args.push(quote! { #name: #ty });
                inits.push(quote! { #name, });
            }
            None => inits.push(quote! { body: None, }),
        }
    }
    if op.params_struct.is_some() {
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

fn decode_value(body: &BodyKind) -> TokenStream {
    match body {
        BodyKind::Json(_) => quote! { response.json()? },
        BodyKind::Bytes => quote! { response.bytes() },
        BodyKind::Empty => quote! { () },
    }
}

fn enum_arm(response: &proc_macro2::Ident, s: &SuccessItem) -> TokenStream {
    let status = proc_macro2::Literal::u16_unsuffixed(s.status);
    let variant = ident(s.variant.as_str());
    let body = decode_value(&s.body);
    if s.headers.is_empty() {
        return quote! { #status => #response::#variant(#body) };
    }
    let headers = s.headers.iter().map(|h| {
        let field = ident(h.rust.as_str());
        let wire = &h.wire;
        quote! { #field: response.header(#wire) }
    });
    quote! { #status => #response::#variant { body: #body, #(#headers),* } }
}

/// The `into_stream` method of a paginated list's call: every item of every
/// page, each page fetched with the cursor the previous one gave.
fn into_stream(op: &OperationItem, paging: &Paging) -> TokenStream {
    let item = Module::Operations.ty(&paging.item);
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
        op.route
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
