//! When a failed call is tried again. Only failures that certainly left
//! nothing done on the server are retried for every method: `429 Too Many
//! Requests` and a connection that could not be made. `503` and timeouts
//! are retried only for GET, PUT and DELETE, which are safe to repeat; a
//! POST (and above all one that moves money) is never repeated after a
//! failure that may have gone through.

use std::time::Duration;

/// How failed calls are retried: bounded exponential backoff with full
/// jitter, honouring `Retry-After`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 disables retrying).
    pub max_retries: u32,
    /// The backoff before the first retry; it doubles with each retry.
    pub initial_backoff: Duration,
    /// The longest backoff.
    pub max_backoff: Duration,
    /// The longest `Retry-After` the client waits for; a longer one is
    /// returned to the caller as the error.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

/// What went wrong with one attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// An HTTP status, with its `Retry-After`.
    Status(u16, Option<Duration>),
    /// No connection could be made: the request was not sent.
    NotSent,
    /// The request may have reached the server (timeout, broken connection).
    Ambiguous,
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        Self { max_retries: 0, ..Self::default() }
    }

    /// How long to wait before retry number `attempt + 1`, or `None` to give up.
    pub(crate) fn delay(&self, method: &reqwest::Method, failure: Failure, attempt: u32) -> Option<Duration> {
        if attempt >= self.max_retries {
            return None;
        }
        let idempotent = matches!(*method, reqwest::Method::GET | reqwest::Method::PUT | reqwest::Method::DELETE | reqwest::Method::HEAD);
        let retry_after = match failure {
            Failure::Status(429, retry_after) => retry_after,
            Failure::Status(503, retry_after) if idempotent => retry_after,
            Failure::NotSent => None,
            Failure::Ambiguous if idempotent => None,
            _ => return None,
        };
        match retry_after {
            Some(wait) if wait > self.max_retry_after => None,
            Some(wait) => Some(wait),
            None => Some(self.backoff(attempt)),
        }
    }

    /// Full jitter: a random wait up to the exponential bound.
    fn backoff(&self, attempt: u32) -> Duration {
        let bound = self.initial_backoff.saturating_mul(2u32.saturating_pow(attempt)).min(self.max_backoff);
        let millis = u64::try_from(bound.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(fastrand::u64(0..=millis))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::Method;

    #[test]
    fn safe_methods_retry_rate_limits_unavailability_and_timeouts() {
        let policy = RetryPolicy::default();
        for failure in [Failure::Status(429, None), Failure::Status(503, None), Failure::NotSent, Failure::Ambiguous] {
            assert!(policy.delay(&Method::GET, failure, 0).is_some(), "{failure:?}");
        }
        assert_eq!(policy.delay(&Method::GET, Failure::Status(500, None), 0), None);
    }

    #[test]
    fn post_retries_only_what_certainly_did_nothing() {
        let policy = RetryPolicy::default();
        assert!(policy.delay(&Method::POST, Failure::Status(429, None), 0).is_some());
        assert!(policy.delay(&Method::POST, Failure::NotSent, 0).is_some());
        assert_eq!(policy.delay(&Method::POST, Failure::Status(503, None), 0), None);
        assert_eq!(policy.delay(&Method::POST, Failure::Ambiguous, 0), None);
        assert_eq!(policy.delay(&Method::POST, Failure::Status(500, None), 0), None);
    }

    #[test]
    fn retry_after_is_honoured_up_to_a_bound_and_retries_are_bounded() {
        let policy = RetryPolicy::default();
        let wait = Some(Duration::from_secs(3));
        assert_eq!(policy.delay(&Method::GET, Failure::Status(429, wait), 0), wait);
        assert_eq!(policy.delay(&Method::GET, Failure::Status(429, Some(Duration::from_secs(3600))), 0), None);
        assert_eq!(policy.delay(&Method::GET, Failure::Status(429, None), 2), None);
        assert_eq!(RetryPolicy::none().delay(&Method::GET, Failure::NotSent, 0), None);
    }

    #[test]
    fn backoff_grows_and_stays_bounded() {
        let policy = RetryPolicy { max_retries: 10, ..RetryPolicy::default() };
        for attempt in 0..10 {
            let bound = policy.initial_backoff.saturating_mul(2u32.pow(attempt)).min(policy.max_backoff);
            let delay = policy.delay(&Method::GET, Failure::NotSent, attempt).expect("retries");
            assert!(delay <= bound, "attempt {attempt}: {delay:?} > {bound:?}");
        }
    }
}
