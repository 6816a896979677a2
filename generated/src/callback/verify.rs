//! Verifying the signature of the callbacks Dintero sends.
//!
//! A signed callback carries `Dintero-Signature: t=<unix time>,v0-hmac-sha256=<hex>`.
//! The digest is HMAC-SHA256, keyed with the signature secret, over
//!
//! ```text
//! <timestamp>\n<account id>\n<HTTP method>\n<host name>\n<path>\n<query>
//! ```
//!
//! where `<query>` is the callback URL's query string with its parameters
//! stably sorted by key (a repeated key keeps the order of its values) and
//! spaces encoded as `+`, exactly as Dintero's published code computes it
//! (see [`signed_message`]). Digests are compared in constant time,
//! and a timestamp outside the tolerance is rejected (a replayed callback).

use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How far a callback's timestamp may be from now, by default.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// Why a callback's signature was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignatureError {
    /// The header is not `t=<unix time>,v0-hmac-sha256=<hex>`.
    #[error("the Dintero-Signature header is malformed: {0}")]
    Malformed(&'static str),
    /// The callback URL cannot be parsed.
    #[error("the callback URL cannot be parsed: {0}")]
    InvalidUrl(String),
    /// The timestamp is further from now than the tolerance.
    #[error("the signature timestamp is {seconds} s away from now (tolerance {tolerance} s)")]
    Stale {
        /// Distance from now, in seconds.
        seconds: u64,
        /// The tolerance, in seconds.
        tolerance: u64,
    },
    /// No signature matches.
    #[error("the signature does not match")]
    Mismatch,
}

/// Verifies callbacks for one account with one signature secret.
#[derive(Clone)]
pub struct CallbackVerifier {
    secret: SecretString,
    account_id: String,
    tolerance: Duration,
}

impl fmt::Debug for CallbackVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallbackVerifier")
            .field("account_id", &self.account_id)
            .field("secret", &"[redacted]")
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

impl CallbackVerifier {
    /// A verifier for callbacks of `account_id` signed with `secret`.
    pub fn new(secret: impl Into<String>, account_id: impl Into<String>) -> Self {
        Self { secret: SecretString::from(secret.into()), account_id: account_id.into(), tolerance: DEFAULT_TOLERANCE }
    }

    /// How far the timestamp may be from now (default [`DEFAULT_TOLERANCE`]).
    pub fn with_tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Checks the `Dintero-Signature` header of a callback received with
    /// `method` at `url` (the full URL Dintero called, with its query).
    pub fn verify(&self, signature_header: &str, method: &str, url: &str) -> Result<(), SignatureError> {
        self.verify_at(signature_header, method, url, SystemTime::now())
    }

    /// [`Self::verify`] as if the time were `now`.
    pub fn verify_at(&self, signature_header: &str, method: &str, url: &str, now: SystemTime) -> Result<(), SignatureError> {
        let header = parse_header(signature_header)?;
        let now = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let distance = now.abs_diff(header.timestamp);
        if distance > self.tolerance.as_secs() {
            return Err(SignatureError::Stale { seconds: distance, tolerance: self.tolerance.as_secs() });
        }
        let message = signed_message(header.timestamp, &self.account_id, method, url)?;
        for signature in header.signatures {
            if self.mac(&message)?.verify_slice(&signature).is_ok() {
                return Ok(());
            }
        }
        Err(SignatureError::Mismatch)
    }

    /// The `Dintero-Signature` header Dintero sends with a callback to
    /// `url` by `method` at `time`: for tests of a callback handler (the
    /// fake Dintero of the `testing` feature signs with it).
    ///
    /// ```
    /// use dintero_checkout::callback::CallbackVerifier;
    /// use std::time::SystemTime;
    /// let verifier = CallbackVerifier::new("whsec_test", "T12345678");
    /// let url = "https://shop.example.com/callback?transaction_id=T12345678.abc&session_id=T12345678.def";
    /// let header = verifier.sign("GET", url, SystemTime::now())?;
    /// assert!(verifier.verify(&header, "GET", url).is_ok());
    /// # Ok::<(), dintero_checkout::callback::SignatureError>(())
    /// ```
    pub fn sign(&self, method: &str, url: &str, time: SystemTime) -> Result<String, SignatureError> {
        let timestamp = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let message = signed_message(timestamp, &self.account_id, method, url)?;
        let digest = self.mac(&message)?.finalize().into_bytes();
        Ok(format!("t={timestamp},v0-hmac-sha256={}", hex::encode(digest)))
    }

    /// The HMAC of `message` under the secret.
    fn mac(&self, message: &str) -> Result<Hmac<Sha256>, SignatureError> {
        let mut mac = Hmac::<Sha256>::new_from_slice(self.secret.expose_secret().as_bytes()).map_err(|_| SignatureError::Malformed("unusable secret"))?;
        mac.update(message.as_bytes());
        Ok(mac)
    }
}

struct Header {
    timestamp: u64,
    signatures: Vec<Vec<u8>>,
}

fn parse_header(header: &str) -> Result<Header, SignatureError> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        let (key, value) = part.trim().split_once('=').ok_or(SignatureError::Malformed("a part is not key=value"))?;
        match key {
            "t" => timestamp = Some(value.parse().map_err(|_| SignatureError::Malformed("t is not a unix time"))?),
            "v0-hmac-sha256" => signatures.push(hex::decode(value).map_err(|_| SignatureError::Malformed("the digest is not hex"))?),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(SignatureError::Malformed("no t="))?;
    if signatures.is_empty() {
        return Err(SignatureError::Malformed("no v0-hmac-sha256="));
    }
    Ok(Header { timestamp, signatures })
}

/// The text that is signed for a callback (exposed for debugging a
/// mismatch; it contains no secret).
///
/// It is what Dintero's published signing code computes (the guide
/// "Validating callbacks", <https://docs.dintero.com/docs/checkout/validating-callbacks>):
/// the URL parsed as the WHATWG URL standard does (the `url` crate
/// implements it), its host name (lower-cased, IDNA) and path as
/// `URL.hostname` and `URL.pathname` give them, and its query as
/// `searchParams.sort()` then `searchParams.toString()` give it: parsed as
/// `application/x-www-form-urlencoded`, sorted by key in UTF-16 code units
/// by a stable sort (the values of a repeated key keep their order in the
/// URL), and serialised again (spaces as `+`).
pub fn signed_message(timestamp: u64, account_id: &str, method: &str, url: &str) -> Result<String, SignatureError> {
    let url = url::Url::parse(url).map_err(|e| SignatureError::InvalidUrl(e.to_string()))?;
    let host = url.host_str().ok_or_else(|| SignatureError::InvalidUrl("no host".to_owned()))?;
    let mut pairs: Vec<(String, String)> = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    // `sort_by` is stable; JavaScript compares strings by UTF-16 code units,
    // which orders characters beyond U+FFFF before U+E000..U+FFFF, unlike UTF-8.
    pairs.sort_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()));
    let query = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
    Ok(format!("{timestamp}\n{account_id}\n{}\n{host}\n{}\n{query}", method.to_ascii_uppercase(), url.path()))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Digests computed outside this code, with:
    // printf '1700000000\nT12345678\nPOST\nmerchant.example.com\n/callbacks/dintero\nmerchant_reference=order+42&session_id=S1&transaction_id=T123' \
    //   | openssl dgst -sha256 -hmac 'whsec_test'
    const VECTOR_1: &str = "b907baa5e0a72ff4cbd046d14275a8d30527fd8d9484fd015712bd96a4d24857";
    // printf '1700000300\nP87654321\nGET\nshop.example.no\n/dintero/callback\n' | openssl dgst -sha256 -hmac 'another secret'
    const VECTOR_2: &str = "896ccdbdff7551481f8b5bed45e6016a8e77b94b14a3087ced444ea0e9fa31eb";

    // A callback as the fake Dintero sends one, with a `time` whose `:` the
    // query encodes; the digest computed outside this code, with:
    // printf '1700000000\nT12345678\nGET\n127.0.0.1\n/callbacks/dintero\nmerchant_reference=order+42&session_id=T12345678.s&time=2023-11-14T22%%3A13%%3A20.000Z&transaction_id=T12345678.t' \
    //   | openssl dgst -sha256 -hmac 'whsec_test'
    const VECTOR_3: &str = "e1986a77e7a7833aff3ada4e423ea3172b694c3faef34c3a08f85db1f4f758fc";
    const URL_3: &str =
        "http://127.0.0.1:8080/callbacks/dintero?transaction_id=T12345678.t&session_id=T12345678.s&merchant_reference=order+42&time=2023-11-14T22%3A13%3A20.000Z";

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    const URL_1: &str = "https://merchant.example.com/callbacks/dintero?transaction_id=T123&session_id=S1&merchant_reference=order%2042";

    #[test]
    fn a_signature_over_the_sorted_query_verifies() {
        let verifier = CallbackVerifier::new("whsec_test", "T12345678");
        let header = format!("t=1700000000,v0-hmac-sha256={VECTOR_1}");
        assert_eq!(verifier.verify_at(&header, "POST", URL_1, at(1_700_000_010)), Ok(()));
    }

    #[test]
    fn a_url_without_query_signs_an_empty_last_line() {
        let verifier = CallbackVerifier::new("another secret", "P87654321");
        let header = format!("t=1700000300, v0-hmac-sha256={VECTOR_2}");
        assert_eq!(verifier.verify_at(&header, "get", "https://shop.example.no:8443/dintero/callback", at(1_700_000_300)), Ok(()));
    }

    #[test]
    fn any_change_to_what_was_signed_is_a_mismatch() {
        let verifier = CallbackVerifier::new("whsec_test", "T12345678");
        let header = format!("t=1700000000,v0-hmac-sha256={VECTOR_1}");
        let now = at(1_700_000_000);
        assert_eq!(verifier.verify_at(&header, "GET", URL_1, now), Err(SignatureError::Mismatch));
        assert_eq!(verifier.verify_at(&header, "POST", &URL_1.replace("order%2042", "order%2043"), now), Err(SignatureError::Mismatch));
        let other_account = CallbackVerifier::new("whsec_test", "T12345679");
        assert_eq!(other_account.verify_at(&header, "POST", URL_1, now), Err(SignatureError::Mismatch));
        let other_secret = CallbackVerifier::new("whsec_other", "T12345678");
        assert_eq!(other_secret.verify_at(&header, "POST", URL_1, now), Err(SignatureError::Mismatch));
        let other_time = format!("t=1700000001,v0-hmac-sha256={VECTOR_1}");
        assert_eq!(verifier.verify_at(&other_time, "POST", URL_1, now), Err(SignatureError::Mismatch));
    }

    #[test]
    fn a_stale_or_future_timestamp_is_rejected() {
        let verifier = CallbackVerifier::new("whsec_test", "T12345678");
        let header = format!("t=1700000000,v0-hmac-sha256={VECTOR_1}");
        assert_eq!(verifier.verify_at(&header, "POST", URL_1, at(1_700_000_301)), Err(SignatureError::Stale { seconds: 301, tolerance: 300 }));
        assert!(matches!(verifier.verify_at(&header, "POST", URL_1, at(1_699_999_000)), Err(SignatureError::Stale { .. })));
    }

    #[test]
    fn one_matching_signature_among_several_is_enough() {
        let verifier = CallbackVerifier::new("whsec_test", "T12345678");
        let header = format!("t=1700000000,v0-hmac-sha256=00ff,v0-hmac-sha256={VECTOR_1}");
        assert_eq!(verifier.verify_at(&header, "POST", URL_1, at(1_700_000_000)), Ok(()));
    }

    #[test]
    fn malformed_headers_are_named() {
        let verifier = CallbackVerifier::new("s", "T12345678");
        for (header, why) in [("", "a part is not key=value"), ("t=abc,v0-hmac-sha256=00", "t is not a unix time"), ("v0-hmac-sha256=00", "no t="), ("t=1", "no v0-hmac-sha256="), ("t=1,v0-hmac-sha256=xyz", "the digest is not hex")] {
            assert_eq!(verifier.verify_at(header, "POST", URL_1, at(1)), Err(SignatureError::Malformed(why)), "{header}");
        }
    }

    #[test]
    fn a_callback_with_an_encoded_time_verifies_and_signs_alike() {
        let verifier = CallbackVerifier::new("whsec_test", "T12345678");
        let header = format!("t=1700000000,v0-hmac-sha256={VECTOR_3}");
        assert_eq!(verifier.verify_at(&header, "GET", URL_3, at(1_700_000_000)), Ok(()));
        assert_eq!(verifier.sign("GET", URL_3, at(1_700_000_000)), Ok(header));
    }

    #[test]
    fn signing_gives_the_header_of_the_independent_vectors() {
        let verifier = CallbackVerifier::new("whsec_test", "T12345678");
        assert_eq!(verifier.sign("POST", URL_1, at(1_700_000_000)), Ok(format!("t=1700000000,v0-hmac-sha256={VECTOR_1}")));
        let other = CallbackVerifier::new("another secret", "P87654321");
        assert_eq!(other.sign("get", "https://shop.example.no:8443/dintero/callback", at(1_700_000_300)), Ok(format!("t=1700000300,v0-hmac-sha256={VECTOR_2}")));
    }

    #[test]
    fn a_repeated_key_keeps_the_order_of_its_values_and_keys_sort_as_javascript_does() {
        let url = "https://shop.example.com/cb?transaction_id=T1&report_event=VOID&report_event=CAPTURE&%EF%BD%A1=1&%F0%9F%98%80=2";
        let message = signed_message(1, "T12345678", "GET", url).expect("a URL");
        // U+1F600 is the surrogate pair D83D DE00 in UTF-16, before U+FF61.
        assert!(message.ends_with("\nreport_event=VOID&report_event=CAPTURE&transaction_id=T1&%F0%9F%98%80=2&%EF%BD%A1=1"), "{message}");
    }

    #[test]
    fn the_secret_never_shows_in_debug() {
        let debug = format!("{:?}", CallbackVerifier::new("whsec_test", "T12345678"));
        assert!(!debug.contains("whsec_test"), "{debug}");
    }
}
