//! The cross-crate tests, one binary with a module per subject: one link of
//! the client and its dependencies instead of one per file (the layout cargo
//! and rust-analyzer use for their own tests). Run one subject with a
//! filter: `cargo test -p dintero-checkout-tests --test suite fake::`.

// Generated models name the date types through the crate root of the crate
// they are in (`crate::DateTime`, `crate::Date`); the fixture snapshots are
// modules of this one (and use `DateTime` only).
use dintero_checkout::DateTime;

mod compile;
mod contract;
mod error_statuses;
mod errors_and_pages;
mod fake;
mod fixture_models;
mod flow;
mod flow_example;
mod live_api;
mod operations;
mod receiving;
mod readme;
mod round_trip;
mod signature;
#[cfg(feature = "tracing")]
mod tracing_feature;
