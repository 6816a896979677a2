//! The workspace README as doctests (rustdoc compiles only doc comments, and
//! the README is no crate's page): every Rust block of it compiles here,
//! `no_run` where it needs the network or stands in for a shop's own code.
//! With the crate's `tracing` feature (on by default), which its tracing
//! snippet needs.

#![cfg_attr(feature = "tracing", doc = include_str!("../../README.md"))]
