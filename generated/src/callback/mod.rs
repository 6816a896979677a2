//! The callbacks Dintero sends a merchant: [`verify`] checks the
//! `Dintero-Signature` of one ([`CallbackVerifier`]), and [`receive`]
//! turns a request your web framework hands you into a typed callback
//! ([`CallbackReceiver`]), rejecting what is unsigned, stale or malformed
//! with the status to answer.
//!
//! Dintero calls three endpoints of yours, which its spec documents as
//! `/examples/...` operations (and this crate therefore generates no client
//! method for):
//!
//! - the payment callback, `url.callback_url` of a session: a `GET` (or a
//!   `POST` with the transaction, when the URL has `method=POST`) when the
//!   payment completes, and, when the URL asks, on errors and transaction
//!   events ([`SessionCallback`]);
//! - the express checkout's shipping-address callback, with the session
//!   whose address the customer set, answered with the shipping options
//!   ([`models::ShippingAddressCallbackAnswer`](crate::models::ShippingAddressCallbackAnswer));
//! - its discount-codes callback, with the session whose codes the customer
//!   entered, answered with the order after discounts
//!   ([`models::DiscountCodesCallbackAnswer`](crate::models::DiscountCodesCallbackAnswer)).
//!
//! Dintero retries a callback that gets a `5xx`, times out or cannot
//! connect; a `4xx` is final. Answer `5xx` when you want it again.
//!
//! With the `axum` feature, `callback::axum` has extractors for the
//! three callbacks.

#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub mod axum;
pub mod receive;
pub mod verify;

pub use receive::{CallbackError, CallbackReceiver, Rejection, SessionCallback};
pub use verify::{signed_message, CallbackVerifier, SignatureError, DEFAULT_TOLERANCE};
