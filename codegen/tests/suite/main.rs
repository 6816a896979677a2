//! The generator's tests, one binary with a module per subject (the layout
//! cargo and rust-analyzer use for their own tests): fixture snapshots, the
//! change report, determinism, Swagger 2.0 input and the live-API settings.
//! Run one subject with a filter: `cargo test -p dintero-codegen --test suite fixtures::`.

mod changes;
mod common;
mod determinism;
mod fixtures;
mod live_settings;
mod swagger2;
