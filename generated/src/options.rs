//! Settings of one call, over the client's: what the AWS SDK's
//! `customize()` and Stainless' `with_options` give, for this crate's
//! calls. Every call of the generated API takes them with `.options(...)`.

use crate::retry::RetryPolicy;
use std::time::Duration;

/// Settings of one call that differ from the client's. `Default` changes
/// nothing.
///
/// ```no_run
/// # async fn example(client: &dintero_checkout::Client, body: dintero_checkout::models::PaySessionRequest) -> Result<(), dintero_checkout::Error> {
/// use dintero_checkout::{CallOptions, RetryPolicy};
/// use std::time::Duration;
/// // Dintero recommends this feature toggle on `pay_session` alone.
/// let options = CallOptions::new()
///     .feature_toggle("strict-merchant-reference")
///     .timeout(Duration::from_secs(60))
///     .retry_policy(RetryPolicy::none());
/// let response = client.pay_session(body).options(options).send_with_response().await?;
/// println!("{} {:?}", response.status(), response.headers().get("request-id"));
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CallOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) feature_toggles: Vec<String>,
    pub(crate) retry: Option<RetryPolicy>,
}

impl CallOptions {
    /// No changes yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The time limit of this call's requests (each attempt), instead of the client's.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// A header sent with this call, replacing a client header of the same
    /// name. An invalid name or value fails the call with
    /// [`Error::Config`](crate::Error::Config) before anything is sent.
    #[must_use]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// A feature for `Dintero-Feature-Toggles` on this call, added to the
    /// client's (see [`ClientBuilder::feature_toggle`](crate::ClientBuilder::feature_toggle)).
    #[must_use]
    pub fn feature_toggle(mut self, feature: impl Into<String>) -> Self {
        self.feature_toggles.push(feature.into());
        self
    }

    /// How this call is retried, instead of the client's policy. A money-moving
    /// call is still never repeated after a failure that may have gone through.
    #[must_use]
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }
}
