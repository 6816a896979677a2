//! `CallbackVerifier` against Dintero's own signing code: the function its
//! guide "Validating callbacks" publishes
//! (<https://docs.dintero.com/docs/checkout/validating-callbacks>), run in
//! Node.js by `tests/node/dintero_signature.js` over a seeded corpus of
//! callback URLs (repeated keys in every order, `+` and `%20`, `~'()*!`,
//! `%2520`, non-ASCII paths, queries and hosts, upper-case hosts, ports,
//! empty values, keys without `=`). Every callback Dintero's code signs must
//! verify, our `sign` must give Dintero's header, and the same URL with one
//! byte changed (a change Dintero's code also signs differently) must not
//! verify.

use dintero_checkout::callback::{CallbackVerifier, SignatureError};
use serde::Deserialize;
use std::process::Command;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The corpus: fixed, so a failure names a URL that fails again.
const SEED: u32 = 20_261_201;
const CASES: usize = 400;

#[derive(Deserialize)]
struct Corpus {
    account_id: String,
    secret: String,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    url: String,
    method: String,
    timestamp: u64,
    header: String,
    tampered: String,
}

fn dintero_signed(seed: u32, count: usize) -> Corpus {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/node/dintero_signature.js");
    let output = Command::new("node")
        .arg(script)
        .arg(seed.to_string())
        .arg(count.to_string())
        .output()
        .unwrap_or_else(|e| panic!("this test runs Dintero's signing code in Node.js, which could not be started ({e}); install Node.js"));
    assert!(output.status.success(), "{script} failed:\n{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("the script prints its corpus as JSON")
}

fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

#[test]
fn every_callback_dintero_signs_verifies_and_no_tampered_one_does() {
    let corpus = dintero_signed(SEED, CASES);
    assert_eq!(corpus.cases.len(), CASES);
    let verifier = CallbackVerifier::new(corpus.secret.as_str(), corpus.account_id.as_str());
    let (mut rejected, mut signed_otherwise, mut tampered_accepted) = (Vec::new(), Vec::new(), Vec::new());
    for case in &corpus.cases {
        let now = at(case.timestamp);
        if let Err(e) = verifier.verify_at(&case.header, &case.method, &case.url, now) {
            rejected.push(format!("rejected ({e}): {} {}", case.method, case.url));
        }
        match verifier.sign(&case.method, &case.url, now) {
            Ok(header) if header == case.header => {}
            other => signed_otherwise.push(format!("signed {other:?}, Dintero {}: {} {}", case.header, case.method, case.url)),
        }
        if verifier.verify_at(&case.header, &case.method, &case.tampered, now).is_ok() {
            tampered_accepted.push(format!("accepted a tampered URL: {} {} (signed for {})", case.method, case.tampered, case.url));
        }
    }
    let repeated = corpus.cases.iter().filter(|c| repeats_a_key(&c.url)).count();
    assert!(repeated > CASES / 10, "the corpus repeats a key in only {repeated} of {CASES} URLs");
    let first: Vec<&String> = rejected.iter().chain(&signed_otherwise).chain(&tampered_accepted).take(5).collect();
    assert!(
        first.is_empty(),
        "of {CASES} callbacks signed by Dintero's code ({repeated} repeat a key): {} rejected, {} signed otherwise by `sign`, {} accepted with one byte changed; the first:\n{}",
        rejected.len(),
        signed_otherwise.len(),
        tampered_accepted.len(),
        first.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n")
    );
}

fn repeats_a_key(url: &str) -> bool {
    let Ok(url) = url::Url::parse(url) else { return false };
    let keys: Vec<String> = url.query_pairs().map(|(k, _)| k.into_owned()).collect();
    let unique: std::collections::BTreeSet<&String> = keys.iter().collect();
    unique.len() < keys.len()
}

/// The URL of the issue: repeated `report_event`, whose values must keep
/// their order in the URL (`searchParams.sort()` is stable), signed by
/// Dintero's code.
#[test]
fn a_callback_url_that_repeats_report_event_verifies() {
    let url = "https://shop.example.com/callback?transaction_id=T12345678.abc&report_event=VOID&report_event=CAPTURE&merchant_reference=order-1";
    let corpus = dintero_signed_one(url);
    let verifier = CallbackVerifier::new(corpus.secret.as_str(), corpus.account_id.as_str());
    let case = &corpus.cases[0];
    assert_eq!(verifier.verify_at(&case.header, "GET", url, at(case.timestamp)), Ok(()));
    let changed = url.replace("report_event=CAPTURE", "report_event=REFUND");
    assert_eq!(verifier.verify_at(&case.header, "GET", &changed, at(case.timestamp)), Err(SignatureError::Mismatch));
    let swapped = url.replace("report_event=VOID&report_event=CAPTURE", "report_event=CAPTURE&report_event=VOID");
    assert_eq!(verifier.verify_at(&case.header, "GET", &swapped, at(case.timestamp)), Err(SignatureError::Mismatch), "Dintero's order is the URL's");
}

/// Dintero's code signing one given URL (GET, at 1700000000).
fn dintero_signed_one(url: &str) -> Corpus {
    let script = format!(
        "{}\nprocess.stdout.write(JSON.stringify({{account_id: ACCOUNT_ID, secret: SECRET, cases: [{{url: {url:?}, method: 'GET', timestamp: 1700000000, header: createSignature({url:?}, 'GET', 1700000000), tampered: ''}}]}}));",
        reference_function()
    );
    let output = Command::new("node").arg("-e").arg(script).output().expect("Node.js runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("JSON")
}

/// The script's constants and `createSignature`, without its `main()`.
fn reference_function() -> String {
    let source = include_str!("../../node/dintero_signature.js");
    let end = source.find("// mulberry32").expect("the script's layout");
    source[..end].to_owned()
}

/// Dintero's documented example (the API reference of
/// `POST /admin/signature`): secret `123`, account `P00000000`, `GET
/// https://example.com/callback?B=123&A=992` at 1582236537.
#[test]
fn dinteros_documented_example_verifies() {
    let verifier = CallbackVerifier::new("123", "P00000000");
    let header = "t=1582236537,v0-hmac-sha256=6bed2ab1b919d460ef7465a20dc6c97260dca73fab6647106ca525f0908df64a";
    let url = "https://example.com/callback?B=123&A=992";
    assert_eq!(verifier.verify_at(header, "GET", url, at(1_582_236_537)), Ok(()));
    assert_eq!(verifier.sign("GET", url, at(1_582_236_537)).as_deref(), Ok(header));
}
