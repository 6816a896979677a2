//! The client `cargo xtask generate` makes of `spec/fixtures/any_spec.yaml`,
//! a bookshop's API, with no settings: its generated modules
//! (`src/generated/`, rewritten by the generator) compiled with the
//! spec-independent runtime of `dintero-checkout`, from that crate's very
//! files. That it builds, lints clean and passes its tests shows that the
//! generator assumes nothing about Dintero and the runtime names none of
//! Dintero's generated types; the Dintero layer (`dintero.rs`: the client-credentials grant and where
//! an error body's code and message are; callback signatures; the fake
//! Dintero) is left out, and the one thing this crate adds in its place is
//! where the bookshop's error body keeps its code and message.

#[path = "../../../generated/src/auth.rs"]
pub mod auth;
// `ClientBuilder::grant`: the client-credentials grant is the Dintero layer's.
#[allow(dead_code)]
#[path = "../../../generated/src/client.rs"]
mod client;
#[path = "../../../generated/src/credentials.rs"]
pub mod credentials;
#[path = "../../../generated/src/datetime.rs"]
mod datetime;
#[path = "../../../generated/src/error.rs"]
mod error;
mod generated;
// Decoding helpers for constructs this spec may not have (enums, unions, nullable fields).
#[allow(dead_code)]
#[path = "../../../generated/src/lenient.rs"]
mod lenient;
#[path = "../../../generated/src/options.rs"]
mod options;
// Paging takes settings (`[pagination]`), and this crate has none.
#[allow(dead_code)]
#[path = "../../../generated/src/pagination.rs"]
mod pagination;
#[path = "../../../generated/src/retry.rs"]
mod retry;
#[path = "../../../generated/src/runtime.rs"]
mod runtime;
// `TokenProvider::with_fetch`: as above.
#[allow(dead_code)]
#[path = "../../../generated/src/token.rs"]
pub mod token;
#[path = "../../../generated/src/trace.rs"]
mod trace;

/// The bookshop's error body (`Problem`): its `detail` is the message.
impl error::ErrorDetails for models::Problem {
    fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    fn message(&self) -> Option<&str> {
        self.detail.as_deref()
    }
}

pub use client::{Client, ClientBuilder, DEFAULT_TIMEOUT};
pub use credentials::{AccountId, Credentials, CredentialsError};
pub use datetime::{Date, DateTime};
pub use lenient::UnknownFields;
pub use error::{ApiError, DecodeError, Error, RequestContext};
pub use generated::{models, operations, security, ErrorBody, Server, SPEC_FILE, SPEC_SHA256};
pub use options::CallOptions;
pub use retry::RetryPolicy;
pub use runtime::CallFuture;
pub use token::TokenProvider;
