//! The Rust snippets of the workspace README that are parts of programs,
//! each compiled here as a doctest with what it leaves out as hidden lines.
//! `tests/tests/suite/readme.rs` checks that the README shows exactly each
//! one's visible lines, so no snippet a reader copies has gone stale. (The
//! tracing snippet is the doc of [`Tracing`], which needs the `tracing`
//! feature.)
//!
//! Walking every page of a list:
//!
//! ```no_run
//! # async fn example(client: dintero_checkout::Client) -> Result<(), dintero_checkout::Error> {
//! use futures_util::TryStreamExt;
//! let captured: i64 = client.list_transactions().limit(100).into_stream()
//!     .try_fold(0, |sum, t| async move { Ok(sum + t.amount) }).await?;
//! # let _ = captured;
//! # Ok(()) }
//! ```
//!
//! One call's own settings:
//!
//! ```no_run
//! # use std::time::Duration;
//! # async fn example(client: dintero_checkout::Client, body: dintero_checkout::models::PaySessionRequest) -> Result<(), dintero_checkout::Error> {
//! use dintero_checkout::CallOptions;
//! // Dintero recommends this feature toggle on `pay_session` alone.
//! let options = CallOptions::new().feature_toggle("strict-merchant-reference").timeout(Duration::from_secs(60));
//! let response = client.pay_session(body).options(options).send_with_response().await?;
//! println!("{} {:?}", response.status(), response.headers().get("request-id"));
//! # Ok(()) }
//! ```
//!
//! Building a request:
//!
//! ```
//! # use dintero_checkout::models::{OrderLine, SessionOrder};
//! # let line = OrderLine::new().line_id("1").amount(29_990).vat_amount(5_998).vat(25);
//! let order = SessionOrder::new(29_990, "NOK", "order-1001").vat_amount(5_998).items([line]);
//! # assert_eq!(order.amount, 29_990);
//! ```

/// Tracing:
///
/// ```no_run
/// # use dintero_checkout::{Client, Credentials};
/// # async fn example() -> Result<(), Box<dyn std::error::Error>> {
/// // dintero-checkout = { version = "0.1", features = ["tracing"] }
/// // tracing-subscriber = "0.3" (with its `env-filter` feature for `with_env_filter`)
/// tracing_subscriber::fmt().init();
/// let client = Client::builder().client_credentials(Credentials::from_env()?).build()?;
/// client.get_transaction("T12345678.abc").await?;
/// # Ok(()) }
/// ```
#[cfg(feature = "tracing")]
pub struct Tracing;
