//! The cross-crate tests, one binary with a module per subject: one link of
//! the client and its dependencies instead of one per file (the layout cargo
//! and rust-analyzer use for their own tests). Run one subject with a
//! filter: `cargo test -p dintero-checkout-tests --test suite fake::`.

// Generated models name the runtime through the root of the crate they are
// in (`crate::DateTime`, `crate::UnknownFields`, `crate::lenient`); the
// fixture snapshots are modules of this one, so it has them too: the
// client's date types, and its decoding module from the very same file.
use dintero_checkout::{Date, DateTime};
#[allow(dead_code)]
#[path = "../../../generated/src/lenient.rs"]
mod lenient;
use lenient::UnknownFields;

mod compile;
mod contract;
mod error_statuses;
mod errors_and_pages;
mod fake;
mod fixture_models;
mod flow;
mod flow_example;
mod future_dintero;
mod live_api;
mod operations;
mod receiving;
mod readme;
mod round_trip;
mod signature;
#[cfg(feature = "tracing")]
mod tracing_feature;
