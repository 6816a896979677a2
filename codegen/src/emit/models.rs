//! The `models` module: one Rust type per type of the lowered API.

use super::{docs, ident, Module};
use crate::names::VariantName;
use crate::rust_api::{Access, Arg, EnumItem, FieldItem, Getter, RustApi, StructItem, TaggedUnionItem, Taking, Ty, TypeBody, TypeItem};
use proc_macro2::TokenStream;
use quote::quote;

/// Piece `piece` of `pieces` of the `models.rs` file (`0` of `1` is the whole file): consecutive types, in order,
/// split so the pieces are about the same size. The first piece opens the
/// file, the last one closes it with the serde helpers; the formatted
/// pieces, concatenated, are the formatted whole file. (Token streams cannot
/// cross threads, so each thread emits its own piece.)
pub fn models_piece(api: &RustApi, piece: usize, pieces: usize) -> TokenStream {
    let range = piece_range(api, piece, pieces);
    let items = api.types.iter().skip(range.start).take(range.len()).map(type_def);
    let head = (piece == 0).then(|| quote! {
        //! The data types of the API, one per schema of the spec, plus the
        //! types of inline schemas, named after where they sit.
        //!
        //! Structs are `#[non_exhaustive]`: build them with `new` (which takes
        //! the required fields) and set optional fields afterwards. Enums keep
        //! values this version does not know in their `Unknown` variant, and
        //! compare, hash and sort by their wire value.
        //!
        //! An optional field whose value has fields of its own (an object or
        //! a union) holds it in a `Box`, so a struct stays small to move and
        //! to keep by the hundred in a list: read it with `as_deref()`; its
        //! setter takes the value itself.
        //!
        //! Every struct keeps the fields this version does not know, and an
        //! optional field whose value does not fit its type, as received
        //! ([`unknown_fields`](crate::UnknownFields)), and encodes them again
        //! unchanged: an answer from a later Dintero decodes, and nothing in
        //! it is lost.
        //!
        //! Fields the spec does not describe carry no docs (or only their
        //! wire name, where it differs from the Rust name) rather than a
        //! sentence that repeats their name: `missing_docs` is allowed here.
        #![allow(clippy::enum_variant_names, clippy::large_enum_variant, clippy::too_many_arguments, missing_docs)]

        use serde::{Deserialize, Serialize};
    });
    let tail = (piece + 1 == pieces).then(|| {
        let needs_tagged = api.types.iter().any(|def| matches!(def.body, TypeBody::TaggedUnion(_)));
        let needs_string_enum = api.types.iter().any(|def| matches!(def.body, TypeBody::Enum(_)));
        let string_enum = needs_string_enum.then(string_enum_support);
        let tagged = needs_tagged.then(tagged_support);
        quote! {
            #string_enum
            #tagged
        }
    });
    quote! {
        #head
        #(#items)*
        #tail
    }
}

/// The indexes of the types in piece `piece` of `pieces`, balanced by a
/// rough measure of how much code each type becomes.
fn piece_range(api: &RustApi, piece: usize, pieces: usize) -> std::ops::Range<usize> {
    let weight = |def: &TypeItem| match &def.body {
        TypeBody::Struct(s) => 4 + s.fields.len(),
        TypeBody::Enum(e) => 4 + e.variants.len(),
        TypeBody::TaggedUnion(u) => 4 + u.variants.len(),
        TypeBody::UntaggedUnion(variants) => 4 + variants.len(),
        TypeBody::Alias(_) => 1,
    };
    let weights: Vec<usize> = api.types.iter().map(weight).collect();
    let total: usize = weights.iter().sum();
    // The first type whose running total passes k/pieces of the whole
    // (every weight is at least 1, so piece 0 starts at type 0).
    let boundary = |k: usize| {
        if k >= pieces {
            return weights.len();
        }
        let wanted = total * k / pieces;
        let mut sum = 0;
        weights.iter().position(|w| {
            sum += w;
            sum > wanted
        }).unwrap_or(weights.len())
    };
    boundary(piece)..boundary(piece + 1)
}

fn type_doc(def: &TypeItem) -> TokenStream {
    let text = match &def.docs {
        Some(d) => format!("{d}\n\nSchema: `{}`", def.origin),
        None => format!("Schema: `{}`", def.origin),
    };
    docs::attrs(&text)
}

fn deprecated(flag: bool) -> TokenStream {
    if flag {
        quote! { #[deprecated] }
    } else {
        TokenStream::new()
    }
}

fn type_def(def: &TypeItem) -> TokenStream {
    let doc = type_doc(def);
    let deprecated = deprecated(def.deprecated);
    let name = ident(def.name.as_str());
    let body = match &def.body {
        TypeBody::Struct(s) => struct_type(&name, s),
        TypeBody::Enum(e) => enum_type(&name, e),
        TypeBody::TaggedUnion(u) => tagged_union(&name, u),
        TypeBody::UntaggedUnion(variants) => untagged_union(&name, variants),
        TypeBody::Alias(ty) => {
            let ty = Module::Models.ty(ty);
            quote! { pub type #name = #ty; }
        }
    };
    quote! {
        #doc
        #deprecated
        #body
    }
}

/// The field's description; without one, only its wire name where that
/// differs from the Rust name (no filler that repeats the name: the models
/// module allows `missing_docs` for the fields the spec leaves undescribed).
fn field_doc(field: &FieldItem) -> TokenStream {
    let mut text = match &field.docs {
        Some(docs) => docs.clone(),
        None if field.rust.matches_wire(&field.wire) => String::new(),
        None => format!("`{}` on the wire.", field.wire),
    };
    let mut note = |line: &str| {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(line);
    };
    if field.read_only {
        note("Read-only: set by the server, never sent in a request.");
    }
    if field.nullable && !field.required {
        note("Nullable: `Some(None)` is an explicit `null`, `None` leaves the field out.");
    }
    if text.is_empty() {
        return TokenStream::new();
    }
    docs::attrs(&text)
}

fn struct_type(name: &proc_macro2::Ident, s: &StructItem) -> TokenStream {
    let default = if s.derives_default { quote! { Default, } } else { quote! {} };
    let fields = s.fields.iter().map(|field| {
        let doc = field_doc(field);
        let rust = ident(field.rust.as_str());
        let ty = Module::Models.ty(&field.ty);
        let deprecated = deprecated(field.deprecated);
        // A read-only field is the server's to set: users read it through its
        // getter, and the crate's own fake server (`testing`) sets it.
        let vis = if field.read_only { quote! { pub(crate) } } else { quote! { pub } };
        quote! {
            #doc
            #deprecated
            #vis #rust: #ty,
        }
    });
    let additional = s.additional_properties.as_ref().map(|values| {
        let values = Module::Models.ty(values);
        quote! {
            /// Properties beyond the declared ones (`additionalProperties`).
            pub additional_properties: std::collections::BTreeMap<String, #values>,
        }
    });
    let constructor = constructor(s);
    let setters = s.fields.iter().filter_map(|f| match &f.access {
        Access::Setter(method, arg) => Some(setter(f, method, arg)),
        _ => None,
    });
    let getters = s.fields.iter().filter_map(|f| match &f.access {
        Access::Getter(method, kind) => Some(getter(f, method, *kind)),
        _ => None,
    });
    // The impls that name every field name the deprecated ones too.
    let allow = s.fields.iter().any(|f| f.deprecated).then(|| quote! { #[allow(deprecated)] });
    let serialize = struct_serialize(name, s);
    let deserialize = struct_deserialize(name, s, allow.as_ref());
    quote! {
        #[derive(Clone, Debug, PartialEq, #default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #additional
            /// Fields this version does not know, and optional fields whose
            /// value did not fit its type, kept as received.
            pub(crate) unknown_fields: crate::UnknownFields,
        }

        impl #name {
            #constructor
            #(#setters)*
            #(#getters)*

            /// The fields Dintero sent that this version of the crate does
            /// not know (and optional fields whose value did not fit their
            /// type), kept as received and encoded again unchanged.
            pub fn unknown_fields(&self) -> &crate::UnknownFields {
                &self.unknown_fields
            }

            /// The same, to change what is encoded again.
            pub fn unknown_fields_mut(&mut self) -> &mut crate::UnknownFields {
                &mut self.unknown_fields
            }
        }

        #allow
        #serialize

        #deserialize
    }
}

/// Writes the fields in spec order (a subtype's tag first), then the
/// declared maps' entries, then the fields this version does not know; an
/// optional field that is absent writes the value kept for it, if any.
fn struct_serialize(name: &proc_macro2::Ident, s: &StructItem) -> TokenStream {
    let tag = s.tag.as_ref().map(|(property, value)| quote! { fields.entry(#property, #value)?; });
    let entries = s.fields.iter().map(|field| {
        let rust = ident(field.rust.as_str());
        let wire = &field.wire;
        match field.required {
            true => quote! { fields.entry(#wire, &self.#rust)?; },
            false => quote! { fields.optional(#wire, &self.#rust)?; },
        }
    });
    let more = s.additional_properties.as_ref().map(|_| quote! { fields.more(&self.additional_properties)?; });
    let known = s.tag.iter().map(|(property, _)| property).chain(s.fields.iter().map(|f| &f.wire));
    quote! {
        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut fields = crate::lenient::Fields::new(serializer, &self.unknown_fields)?;
                #tag
                #(#entries)*
                #more
                fields.end(&[#(#known),*])
            }
        }
    }
}

/// Reads the object once: each known field into its slot (an optional
/// one that does not fit is kept as received), every other one kept; see
/// `crate::lenient`.
fn struct_deserialize(name: &proc_macro2::Ident, s: &StructItem, allow: Option<&TokenStream>) -> TokenStream {
    let slot = |field: &FieldItem| ident(&format!("field_{}", field.rust.as_str()));
    let owner = name.to_string();
    let expected = format!("an object (`{owner}`)");
    let slots = s.fields.iter().map(|field| {
        let slot = slot(field);
        quote! { let mut #slot = None; }
    });
    let arms = s.fields.iter().map(|field| {
        let slot = slot(field);
        let wire = &field.wire;
        match (field.required, field.nullable) {
            (true, _) => quote! { #wire => entries.required(&key, &mut #slot)?, },
            (false, false) => quote! { #wire => entries.optional(&key, &mut #slot)?, },
            (false, true) => quote! { #wire => entries.nullable(&key, &mut #slot)?, },
        }
    });
    let tag_arm = s.tag.as_ref().map(|(property, _)| quote! { #property => entries.skip()?, });
    let (more_slot, other_arm) = match &s.additional_properties {
        Some(_) => (
            Some(quote! { let mut additional_properties = std::collections::BTreeMap::new(); }),
            quote! { _ => entries.additional(key, &mut additional_properties)?, },
        ),
        None => (None, quote! { _ => entries.unknown(key)?, }),
    };
    // Without fields of its own (or a tag), every key is the same case.
    let read = match (s.fields.is_empty() && s.tag.is_none(), &s.additional_properties) {
        (true, Some(_)) => quote! { while let Some(key) = entries.key()? { entries.additional(key, &mut additional_properties)?; } },
        (true, None) => quote! { while let Some(key) = entries.key()? { entries.unknown(key)?; } },
        (false, _) => quote! {
            while let Some(key) = entries.key()? {
                match key.as_str() {
                    #(#arms)*
                    #tag_arm
                    #other_arm
                }
            }
        },
    };
    let required: Vec<&FieldItem> = s.fields.iter().filter(|f| f.required).collect();
    let inits = s.fields.iter().map(|field| {
        let rust = ident(field.rust.as_str());
        let slot = slot(field);
        quote! { #rust: #slot, }
    });
    let more_init = s.additional_properties.as_ref().map(|_| quote! { additional_properties, });
    let build = quote! {{
        *out = Some(Self {
            #(#inits)*
            #more_init
            unknown_fields: entries.into_unknown(),
        });
        Ok(None)
    }};
    let finish = if required.is_empty() {
        build
    } else {
        let slots: Vec<proc_macro2::Ident> = required.iter().map(|f| slot(f)).collect();
        let present = required.iter().map(|f| {
            let slot = slot(f);
            let wire = &f.wire;
            quote! { (#wire, #slot.is_some()) }
        });
        let tag_value = s.tag.as_ref().map(|(property, value)| quote! { (#property, Some(serde_json::Value::from(#value))), });
        let values = s.fields.iter().map(|field| {
            let slot = slot(field);
            let wire = &field.wire;
            quote! { (#wire, crate::lenient::json(&#slot)), }
        });
        let more = match &s.additional_properties {
            Some(_) => quote! { crate::lenient::json_map(&additional_properties) },
            None => quote! { serde_json::Map::new() },
        };
        quote! {
            match (#(#slots,)*) {
                (#(Some(#slots),)*) if entries.fits() => #build,
                (#(#slots,)*) => entries.incomplete(&[#(#present),*], [#tag_value #(#values)*], #more),
            }
        }
    };
    quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::lenient::strict(deserializer)
            }
        }

        impl crate::lenient::Lenient for #name {
            fn lenient<'de, D: serde::Deserializer<'de>>(deserializer: D, strict: bool, out: &mut Option<Self>) -> crate::lenient::Outcome<D::Error> {
                crate::lenient::object(deserializer, strict, out)
            }
        }

        #allow
        impl crate::lenient::Object for #name {
            const EXPECTED: &'static str = #expected;
            const NAME: &'static str = #owner;

            fn decode<'de, A: serde::de::MapAccess<'de>>(mut entries: crate::lenient::Entries<'de, A>, out: &mut Option<Self>) -> crate::lenient::Outcome<A::Error> {
                #(#slots)*
                #more_slot
                #read
                #finish
            }
        }
    }
}

/// The parameter type of a method that takes `arg`, written for `module`,
/// and the expression that converts the parameter `value` into the type.
pub(crate) fn argument(arg: &Arg, value: &proc_macro2::Ident, module: Module) -> (TokenStream, TokenStream) {
    match (arg.taking, &arg.ty) {
        (Taking::IntoIter, Ty::Vec(item)) => {
            let item = module.ty(item);
            (quote! { impl IntoIterator<Item = impl Into<#item>> }, quote! { #value.into_iter().map(Into::into).collect() })
        }
        (Taking::AsIs, ty) => (module.ty(ty), quote! { #value }),
        (_, ty) => {
            let ty = module.ty(ty);
            (quote! { impl Into<#ty> }, quote! { #value.into() })
        }
    }
}

/// `method(value)`: sets an optional field, for chained construction.
fn setter(field: &FieldItem, method: &crate::names::FieldName, arg: &Arg) -> TokenStream {
    let rust = ident(field.rust.as_str());
    let method = ident(method.as_str());
    let value = ident("value");
    let (argument, converted) = argument(arg, &value, Module::Models);
    let converted = if field.boxed { quote! { Box::new(#converted) } } else { converted };
    let set = if field.nullable { quote! { Some(Some(#converted)) } } else { quote! { Some(#converted) } };
    let doc = format!(" Sets [`{rust}`](Self::{rust}).");
    let allow = field.deprecated.then(|| quote! { #[allow(deprecated)] });
    let deprecated = deprecated(field.deprecated);
    quote! {
        #[doc = #doc]
        #deprecated
        #allow
        #[must_use]
        pub fn #method(mut self, #value: #argument) -> Self {
            self.#rust = #set;
            self
        }
    }
}

fn constructor(s: &StructItem) -> TokenStream {
    let mut params = Vec::new();
    let mut inits = Vec::new();
    for field in &s.fields {
        let rust = ident(field.rust.as_str());
        match &field.access {
            Access::Constructor(arg) => {
                let (ty, converted) = argument(arg, &rust, Module::Models);
                params.push(quote! { #rust: #ty });
                inits.push(if matches!(arg.taking, Taking::AsIs) { quote! { #rust } } else { quote! { #rust: #converted } });
            }
            _ => inits.push(quote! { #rust: None }),
        }
    }
    let additional = s.additional_properties.as_ref().map(|_| quote! { additional_properties: Default::default(), });
    let additional = quote! { #additional unknown_fields: Default::default(), };
    let doc = if params.is_empty() {
        " A value with every field unset."
    } else {
        " A value with the required fields set and every optional field unset."
    };
    let allow = s.fields.iter().any(|f| f.deprecated).then(|| quote! { #[allow(deprecated)] });
    quote! {
        #[doc = #doc]
        #allow
        pub fn new(#(#params),*) -> Self {
            Self {
                #(#inits,)*
                #additional
            }
        }
    }
}

fn getter(field: &FieldItem, method: &crate::names::FieldName, kind: Getter) -> TokenStream {
    let rust = ident(field.rust.as_str());
    let method = ident(method.as_str());
    let doc = format!(" The read-only `{}` property, as the server sent it.", field.wire);
    // A boxed value is lent as the value itself.
    let inner = Module::Models.ty(&field.value);
    let (borrow, borrow_nullable) = match field.boxed {
        true => (quote! { as_deref() }, quote! { map(Option::as_deref) }),
        false => (quote! { as_ref() }, quote! { map(Option::as_ref) }),
    };
    let allow = field.deprecated.then(|| quote! { #[allow(deprecated)] });
    match kind {
        Getter::Nullable => quote! {
            #[doc = #doc]
            #[doc = ""]
            #[doc = " `Some(None)` is an explicit `null`."]
            #allow
            pub fn #method(&self) -> Option<Option<&#inner>> {
                self.#rust.as_ref().#borrow_nullable
            }
        },
        Getter::Copied => quote! {
            #[doc = #doc]
            #allow
            pub fn #method(&self) -> Option<#inner> {
                self.#rust
            }
        },
        Getter::Borrowed => quote! {
            #[doc = #doc]
            #allow
            pub fn #method(&self) -> Option<&#inner> {
                self.#rust.#borrow
            }
        },
    }
}

fn enum_type(name: &proc_macro2::Ident, e: &EnumItem) -> TokenStream {
    let fallback = ident(e.fallback.as_str());
    let variants = e.variants.iter().map(|(wire, variant)| {
        let variant = ident(variant.as_str());
        let doc = format!(" `{wire}`");
        quote! {
            #[doc = #doc]
            #variant,
        }
    });
    let to_wire = e.variants.iter().map(|(wire, variant)| {
        let variant = ident(variant.as_str());
        quote! { Self::#variant => #wire, }
    });
    let from_wire = e.variants.iter().map(|(wire, variant)| {
        let variant = ident(variant.as_str());
        quote! { #wire => Self::#variant, }
    });
    // Serde's derive would buffer every value to try the fallback: these
    // impls read the string once, and borrow it when they can.
    quote! {
        #[derive(Clone, Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know, kept exactly as received.
            #fallback(String),
        }

        // Equality, hashing and order by wire value: `Unknown("x")` equals the
        // variant for `x` that a later version adds, and the order (that of
        // the strings) does not change when the spec adds or reorders values.
        impl PartialEq for #name {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl Eq for #name {}

        impl std::hash::Hash for #name {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state);
            }
        }

        impl PartialOrd for #name {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for #name {
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                self.as_str().cmp(other.as_str())
            }
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    Self::#fallback(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            /// The variant for a wire value; a value this version does not know is kept in the fallback variant.
            fn from(value: &str) -> Self {
                match value {
                    #(#from_wire)*
                    other => Self::#fallback(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                string_enum::deserialize(deserializer)
            }
        }

        impl crate::lenient::Lenient for #name {
            fn lenient<'de, D: serde::Deserializer<'de>>(deserializer: D, strict: bool, out: &mut Option<Self>) -> crate::lenient::Outcome<D::Error> {
                crate::lenient::string_enum(deserializer, strict, out)
            }
        }
    }
}

fn tagged_union(name: &proc_macro2::Ident, u: &TaggedUnionItem) -> TokenStream {
    let tag = &u.property;
    let fallback = ident(u.fallback.as_str());
    let variants = u.variants.iter().map(|v| {
        let variant = ident(v.name.as_str());
        let ty = ident(v.ty.as_str());
        let doc = format!(" `{tag}` is `{}`.", v.tag);
        quote! {
            #[doc = #doc]
            #variant(#ty),
        }
    });
    let fallback_doc = format!(" An object whose `{tag}` this version of the crate does not know, kept as received.");
    let tag_arms = u.variants.iter().map(|v| {
        let variant = ident(v.name.as_str());
        let value = &v.tag;
        quote! { Self::#variant(_) => #value, }
    });
    let ser_arms = u.variants.iter().map(|v| {
        let variant = ident(v.name.as_str());
        quote! { Self::#variant(value) => value.serialize(serializer), }
    });
    let de_arms = u.variants.iter().map(|v| {
        let variant = ident(v.name.as_str());
        let value = &v.tag;
        quote! { #value => tagged::variant(object).map(Self::#variant), }
    });
    let tag_fn = ident(u.tag_method.as_str());
    let tag_fn_doc = format!(" The value of `{tag}`, which selects the variant.");
    quote! {
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #[doc = #fallback_doc]
            #fallback(serde_json::Map<String, serde_json::Value>),
        }

        impl #name {
            #[doc = #tag_fn_doc]
            pub fn #tag_fn(&self) -> &str {
                match self {
                    #(#tag_arms)*
                    Self::#fallback(object) => object.get(#tag).and_then(serde_json::Value::as_str).unwrap_or_default(),
                }
            }
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#ser_arms)*
                    Self::#fallback(object) => object.serialize(serializer),
                }
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let (tag, object) = tagged::split(deserializer, #tag)?;
                match tag.as_str() {
                    #(#de_arms)*
                    _ => Ok(Self::#fallback(object)),
                }
            }
        }

        impl crate::lenient::Lenient for #name {
            fn lenient<'de, D: serde::Deserializer<'de>>(deserializer: D, strict: bool, out: &mut Option<Self>) -> crate::lenient::Outcome<D::Error> {
                crate::lenient::buffered(deserializer, strict, out)
            }
        }
    }
}

fn untagged_union(name: &proc_macro2::Ident, variants: &[(VariantName, Ty)]) -> TokenStream {
    let variants = variants.iter().map(|(variant, ty)| {
        let variant_ident = ident(variant.as_str());
        let ty = Module::Models.ty(ty);
        let doc = format!(" The `{variant}` alternative.");
        quote! {
            #[doc = #doc]
            #variant_ident(#ty),
        }
    });
    quote! {
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }

        impl crate::lenient::Lenient for #name {
            fn lenient<'de, D: serde::Deserializer<'de>>(deserializer: D, strict: bool, out: &mut Option<Self>) -> crate::lenient::Outcome<D::Error> {
                crate::lenient::buffered(deserializer, strict, out)
            }
        }
    }
}

fn string_enum_support() -> TokenStream {
    quote! {
        /// Decoding of string enums: one visit of the string, borrowed when the
        /// input allows, mapped by the enum's `From<&str>`.
        mod string_enum {
            use serde::de::{Deserializer, Error, Visitor};
            use std::marker::PhantomData;

            pub(super) fn deserialize<'de, D: Deserializer<'de>, T: for<'a> From<&'a str>>(deserializer: D) -> Result<T, D::Error> {
                deserializer.deserialize_str(StringVisitor(PhantomData))
            }

            struct StringVisitor<T>(PhantomData<T>);

            impl<T: for<'a> From<&'a str>> Visitor<'_> for StringVisitor<T> {
                type Value = T;

                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("a string")
                }

                fn visit_str<E: Error>(self, value: &str) -> Result<T, E> {
                    Ok(T::from(value))
                }
            }
        }
    }
}

fn tagged_support() -> TokenStream {
    quote! {
        /// Decoding of discriminated unions: read the tag, then hand the whole
        /// object (tag included) to the variant's type.
        mod tagged {
            use serde::de::{DeserializeOwned, Deserializer, Error};
            use serde::Deserialize;
            use serde_json::{Map, Value};

            pub(super) fn split<'de, D: Deserializer<'de>>(deserializer: D, tag: &'static str) -> Result<(String, Map<String, Value>), D::Error> {
                let object = Map::deserialize(deserializer)?;
                let value = object.get(tag).ok_or_else(|| D::Error::missing_field(tag))?;
                let tag = value
                    .as_str()
                    .ok_or_else(|| D::Error::custom(format_args!("`{tag}` must be a string, found {value}")))?
                    .to_owned();
                Ok((tag, object))
            }

            pub(super) fn variant<T: DeserializeOwned, E: Error>(object: Map<String, Value>) -> Result<T, E> {
                T::deserialize(Value::Object(object)).map_err(E::custom)
            }
        }
    }
}
