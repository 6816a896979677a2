//! Typed async client for the [Dintero Checkout API](https://docs.dintero.com/),
//! generated from Dintero's OpenAPI spec.
//!
//! - [`models`]: every data type of the API (generated).

mod generated;

pub use generated::models;
