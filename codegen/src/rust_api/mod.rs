//! The Rust API of the generated crate, decided once: every name users
//! write (types, methods, calls, params structs, response enums, setters,
//! getters), every declared type with its `Option` and `Box` layers, how
//! each argument is taken, and each operation's responses and server.
//!
//! [`lower`] builds it from the resolved [`ir::Api`](crate::ir::Api); the
//! emitters only print it, [`crate::surface`] projects it into the committed
//! surface file, and the change report compares its typed values. Plain
//! data: nothing here decides anything after lowering.

mod lower;
mod ty;

pub use lower::lower;
pub use ty::Ty;

use crate::diagnostics::Diagnostic;
use crate::ir::{Cursor, Location, SchemeKind, Step};
use crate::names::{FieldName, TypeName, VariantName};

/// The whole public API of one generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct RustApi {
    /// Every type of `models`, sorted by name.
    pub types: Vec<TypeItem>,
    /// Every component schema with the type it became, sorted by schema name.
    pub components: Vec<(String, TypeName)>,
    /// Every operation, sorted by path then method.
    pub operations: Vec<OperationItem>,
    /// The callbacks users serve and the API calls (the settings'
    /// `[inbound]`): no client method, only their types.
    pub inbound: Vec<InboundItem>,
    /// The variants of the `Server` enum, the document's server first.
    pub servers: Vec<ServerItem>,
    /// One constant per security scheme, sorted by scheme name.
    pub schemes: Vec<SchemeItem>,
    /// The type error responses' bodies are decoded as: the component every
    /// documented error body is (or extends), else any JSON value.
    pub error_body: Ty,
    /// The example of the `operations` module's docs (a doctest), from the
    /// settings' `[docs] example`: none by default, as the generator cannot
    /// know which call of a spec makes a good example, or the crate's name.
    pub example: Option<String>,
    /// Name collisions resolved while lowering, for the reviewer.
    pub notes: Vec<Diagnostic>,
}

/// One type of `models`.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeItem {
    /// Its name.
    pub name: TypeName,
    /// JSON pointer of the schema.
    pub origin: String,
    /// Documentation.
    pub docs: Option<String>,
    /// Marked `#[deprecated]`.
    pub deprecated: bool,
    /// What it is.
    pub body: TypeBody,
}

/// The kinds of types.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeBody {
    /// A `#[non_exhaustive]` struct with `new`, setters and getters.
    Struct(StructItem),
    /// A `#[non_exhaustive]` string enum with a fallback variant.
    Enum(EnumItem),
    /// A `#[non_exhaustive]` enum chosen by a tag property.
    TaggedUnion(TaggedUnionItem),
    /// An enum of alternatives tried in order.
    UntaggedUnion(Vec<(VariantName, Ty)>),
    /// `pub type Name = Target;`.
    Alias(Ty),
}

/// A struct.
#[derive(Debug, Clone, PartialEq)]
pub struct StructItem {
    /// Fields in declaration order.
    pub fields: Vec<FieldItem>,
    /// For a subtype of a discriminated base: the tag property and the
    /// value serde writes (not a field).
    pub tag: Option<(String, String)>,
    /// The value type of the `additional_properties` map, when there is one.
    pub additional_properties: Option<Ty>,
    /// Derives `Default` (no field is required).
    pub derives_default: bool,
}

/// One field of a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldItem {
    /// The property name on the wire.
    pub wire: String,
    /// The Rust field.
    pub rust: FieldName,
    /// The value type: [`Self::ty`] without its `Option`s and `Box`.
    pub value: Ty,
    /// The declared type.
    pub ty: Ty,
    /// `new` takes it.
    pub required: bool,
    /// `null` is a value distinct from absence.
    pub nullable: bool,
    /// Set by the server: `pub(crate)` with a getter.
    pub read_only: bool,
    /// The value is boxed (a cycle of containment, or an optional value
    /// with fields of its own).
    pub boxed: bool,
    /// Documentation.
    pub docs: Option<String>,
    /// Marked `#[deprecated]`.
    pub deprecated: bool,
    /// JSON pointer of the declaration.
    pub origin: String,
    /// The method that reads or sets it, besides the field itself.
    pub access: Access,
}

/// How users reach a field beyond the field itself.
#[derive(Debug, Clone, PartialEq)]
pub enum Access {
    /// A required field: an argument of `new`, taken as this.
    Constructor(Arg),
    /// An optional field users set with this chained setter.
    Setter(FieldName, Arg),
    /// A read-only field users read with this getter.
    Getter(FieldName, Getter),
}

/// What a getter returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Getter {
    /// `Option<T>` of a `Copy` value.
    Copied,
    /// `Option<&T>`.
    Borrowed,
    /// `Option<Option<&T>>`: `Some(None)` is an explicit `null`.
    Nullable,
}

/// How a method takes a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arg {
    /// The type the value ends up as.
    pub ty: Ty,
    /// What the method's parameter accepts.
    pub taking: Taking,
}

/// What a parameter accepts for a value of type `T`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taking {
    /// `T` itself.
    AsIs,
    /// `impl Into<T>`.
    Into,
    /// For `T = Vec<U>`: `impl IntoIterator<Item = impl Into<U>>`.
    IntoIter,
}

impl std::fmt::Display for Arg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.taking, &self.ty) {
            (Taking::IntoIter, Ty::Vec(item)) => write!(f, "impl IntoIterator<Item = impl Into<{item}>>"),
            (Taking::Into | Taking::IntoIter, ty) => write!(f, "impl Into<{ty}>"),
            (Taking::AsIs, ty) => write!(f, "{ty}"),
        }
    }
}

/// A string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumItem {
    /// Known values in order: wire value and variant.
    pub variants: Vec<(String, VariantName)>,
    /// The variant that keeps unknown values.
    pub fallback: VariantName,
}

/// A discriminated union.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedUnionItem {
    /// The tag property.
    pub property: String,
    /// The method that returns the tag's value.
    pub tag_method: FieldName,
    /// Variants, sorted by name.
    pub variants: Vec<TaggedVariant>,
    /// The variant that keeps objects with an unknown tag.
    pub fallback: VariantName,
}

/// One variant of a discriminated union.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedVariant {
    /// The tag value on the wire.
    pub tag: String,
    /// The variant.
    pub name: VariantName,
    /// Its payload type.
    pub ty: TypeName,
}

/// One method of `Client`, the call it returns and what the call gives.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationItem {
    /// `operationId`.
    pub id: String,
    /// JSON pointer of the operation.
    pub origin: String,
    /// Documentation.
    pub docs: Option<String>,
    /// Marked `#[deprecated]`.
    pub deprecated: bool,
    /// The HTTP method, upper case.
    pub http_method: String,
    /// The path template as the spec (or the settings) give it.
    pub path: String,
    /// The path relative to the server's URL: the server's prefix, then the path.
    pub route: String,
    /// The variant of `Server` it is sent to.
    pub server: VariantName,
    /// The server's default URL.
    pub server_url: String,
    /// The method of `Client`.
    pub method: FieldName,
    /// The call type the method returns.
    pub call: TypeName,
    /// Path, query and header parameters, in argument order (path in
    /// template order, then query, then header).
    pub params: Vec<ParamItem>,
    /// The struct of the optional parameters, when there are some.
    pub params_struct: Option<TypeName>,
    /// The JSON request body.
    pub body: Option<BodyItem>,
    /// The documented success responses.
    pub success: Vec<SuccessItem>,
    /// The enum of success responses; `None` when the call gives the one
    /// success body directly.
    pub response_enum: Option<TypeName>,
    /// The documented error responses.
    pub errors: Vec<ErrorItem>,
    /// A `default` response is documented.
    pub has_default_response: bool,
    /// Security alternatives: each a list of the schemes it needs together.
    pub security: Vec<Vec<SchemeRef>>,
    /// Never retried after an ambiguous failure.
    pub moves_money: bool,
    /// How the list pages, for the call's `into_stream`.
    pub pagination: Option<Paging>,
}

impl OperationItem {
    /// The arguments of the `Client` method, in order.
    pub fn arguments(&self) -> impl Iterator<Item = (&FieldName, &Arg)> {
        let params = self.params.iter().filter(|p| p.required).map(|p| (&p.rust, &p.arg));
        params.chain(self.body.iter().filter_map(|b| b.argument.as_ref().map(|(name, arg)| (name, arg))))
    }

    /// The one success response whose body the call gives directly, when
    /// there is no response enum.
    pub fn direct_success(&self) -> Option<&SuccessItem> {
        self.response_enum.is_none().then(|| self.success.first()).flatten()
    }

    /// The optional parameters (the fields of the params struct).
    pub fn optional_params(&self) -> impl Iterator<Item = &ParamItem> {
        self.params.iter().filter(|p| !p.required)
    }
}

/// A callback: an operation users serve and the API calls.
#[derive(Debug, Clone, PartialEq)]
pub struct InboundItem {
    /// `operationId`.
    pub id: String,
    /// The callback's name, which its types are named after.
    pub name: TypeName,
    /// JSON pointer of the operation.
    pub origin: String,
    /// The HTTP method the API calls it with, upper case.
    pub http_method: String,
    /// The path template the spec documents it at.
    pub path: String,
    /// The query parameters the spec documents: wire name, value type, required.
    pub query: Vec<(String, Ty, bool)>,
    /// The body the API sends.
    pub body: Option<Ty>,
    /// The body users answer with (the success response's).
    pub answer: Option<Ty>,
}

/// A path, query or header parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamItem {
    /// The name on the wire.
    pub wire: String,
    /// The argument of the method, or the field of the params struct.
    pub rust: FieldName,
    /// Where it goes.
    pub location: Location,
    /// Its value type.
    pub value: Ty,
    /// An argument of the method (else a setter of the call).
    pub required: bool,
    /// For arrays: one `name=value` pair per item, else one joined value.
    pub explode: bool,
    /// How the method or the setters take it.
    pub arg: Arg,
    /// The call's setter, for an optional parameter (the params struct's
    /// setter is [`Self::rust`]).
    pub setter: Option<FieldName>,
    /// Documentation.
    pub docs: Option<String>,
    /// JSON pointer of the declaration.
    pub origin: String,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyItem {
    /// Its type.
    pub ty: Ty,
    /// Must be sent.
    pub required: bool,
    /// The method's argument for a required body (`body`, taken as is).
    pub argument: Option<(FieldName, Arg)>,
}

/// One documented success response.
#[derive(Debug, Clone, PartialEq)]
pub struct SuccessItem {
    /// The status.
    pub status: u16,
    /// Its variant in the response enum.
    pub variant: VariantName,
    /// What the body is decoded as.
    pub body: BodyKind,
    /// Documented headers, fields of the variant.
    pub headers: Vec<HeaderItem>,
    /// Documentation.
    pub docs: Option<String>,
}

/// How a response body is read.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    /// JSON decoded as this type.
    Json(Ty),
    /// The bytes as they came.
    Bytes,
    /// No body.
    Empty,
}

impl BodyKind {
    /// The Rust type of the body.
    pub fn ty(&self) -> Ty {
        match self {
            Self::Json(ty) => ty.clone(),
            Self::Bytes => Ty::Bytes,
            Self::Empty => Ty::Unit,
        }
    }
}

/// A documented response header.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderItem {
    /// The header name.
    pub wire: String,
    /// The variant's field.
    pub rust: FieldName,
    /// Its value type (inside an `Option`).
    pub ty: Ty,
    /// Documentation.
    pub docs: Option<String>,
}

/// One documented error response.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorItem {
    /// The status.
    pub status: u16,
    /// Its body's type, when it has a body.
    pub body: Option<Ty>,
}

/// A security scheme an operation names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemeRef {
    /// The scheme's name in the spec.
    pub name: String,
    /// Its constant in `security`.
    pub constant: String,
}

/// One security scheme, as a constant of `security`.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemeItem {
    /// The name in the spec.
    pub name: String,
    /// The constant.
    pub constant: String,
    /// How the credential travels.
    pub kind: SchemeKind,
    /// Documentation.
    pub docs: Option<String>,
}

/// One variant of `Server`.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerItem {
    /// The variant.
    pub variant: VariantName,
    /// Its name (`Server::name`).
    pub name: String,
    /// Its default URL.
    pub url: String,
    /// The methods sent to it, in operation order.
    pub methods: Vec<FieldName>,
}

/// How a paginated list pages, for its call's `into_stream`.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// The fields from the page to its items.
    pub items: Vec<Step>,
    /// The type of one item.
    pub item: Ty,
    /// The cursor parameters and where their next values come from.
    pub cursor: Vec<Cursor>,
}
