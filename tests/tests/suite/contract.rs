//! Contract tests against Prism: an independent reading of the same spec.
//! Every request our client sends must pass Prism's validation (zero request
//! violations), and every response Prism returns must decode into our types,
//! except where Prism itself reports that its response breaks the spec (the
//! spec's own examples do, in a few places) at the very place decoding failed.
//!
//! With generated data, the rounds go on while they add something: data
//! classes (an operation, a place in its answer with array indices and map
//! keys folded, and the JSON kind found there) not seen before. The first
//! rounds find nearly all of them (about 23,700 here); later ones add a
//! few deep combinations each, forever. So the rounds stop once
//! [`QUIET_ROUNDS`] in a row each add less than one class in
//! [`QUIET_SHARE`] of those known, or at [`MAX_ROUNDS`].

use dintero_checkout::auth::StaticCredentials;
use dintero_checkout::{Client, Error, Server};
use dintero_checkout_tests::forward::{strip_prefix, Forwarder};
use dintero_checkout_tests::{calls, real_spec};
use dintero_checkout_tests::prism::{path_segments, response_violations, Mode, Prism};
use serde_json::Value;
use std::collections::BTreeSet;

/// Rounds in a row that add next to nothing after which the dynamic test stops.
const QUIET_ROUNDS: usize = 3;
/// A round adds next to nothing when it adds fewer classes than the known
/// ones divided by this (1 in 1,000).
const QUIET_SHARE: usize = 1000;
/// The most rounds the dynamic test runs (`PRISM_ROUNDS` sets another bound).
const MAX_ROUNDS: usize = 50;

/// Every property name the spec declares: a key that is none of them is a
/// map's key (Prism makes them up), folded to `{key}`.
fn declared_properties() -> BTreeSet<String> {
    fn collect(value: &Value, names: &mut BTreeSet<String>) {
        match value {
            Value::Object(fields) => {
                if let Some(Value::Object(properties)) = fields.get("properties") {
                    names.extend(properties.keys().cloned());
                }
                fields.values().for_each(|v| collect(v, names));
            }
            Value::Array(items) => items.iter().for_each(|v| collect(v, names)),
            _ => {}
        }
    }
    let mut names = BTreeSet::new();
    collect(&real_spec(), &mut names);
    names
}

/// The data classes of one answer: each place in it (array indices folded
/// to `*`, map keys to `{key}`) with the kind of JSON there, under the
/// operation's name.
fn data_classes(operation: &str, body: &[u8], declared: &BTreeSet<String>, classes: &mut BTreeSet<String>) {
    fn walk(value: &Value, place: &mut String, context: (&str, &BTreeSet<String>), classes: &mut BTreeSet<String>) {
        let (operation, declared) = context;
        let kind = match value {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(items) => {
                let len = place.len();
                place.push_str("/*");
                items.iter().for_each(|item| walk(item, place, context, classes));
                place.truncate(len);
                "array"
            }
            Value::Object(fields) => {
                for (name, field) in fields {
                    let len = place.len();
                    place.push('/');
                    place.push_str(if declared.contains(name) { name } else { "{key}" });
                    walk(field, place, context, classes);
                    place.truncate(len);
                }
                "object"
            }
        };
        classes.insert(format!("{operation} {place}: {kind}"));
    }
    let value = serde_json::from_slice(body).unwrap_or(Value::Null);
    walk(&value, &mut String::new(), (operation, declared), classes);
}

/// A client of `prism` through two forwarders that keep the answers: the
/// checkout server's at Prism's root (Prism matches paths relative to the
/// document's server), the api server's taking the `/v1` off (Prism matches
/// those relative to their own server, `https://api.dintero.com/v1/`).
fn client(checkout: &Forwarder, api: &Forwarder) -> Client {
    Client::builder()
        .server_url(Server::Checkout, &checkout.url)
        .server_url(Server::Api, &api.url)
        .authenticator(StaticCredentials::new().with_api_key("contract-api-key").with_bearer_token("contract-jwt").with_basic("client-id", "client-secret"))
        .system_name("contract-tests")
        .system_version("1.0.0")
        // Prism 5.16.0 crashes (`value.split` of undefined) on a request that
        // leaves out the optional array header `Dintero-Feature-Toggles`.
        .feature_toggle("strict-session-amounts")
        .build()
        .expect("builds")
}

/// Runs rounds of every call, at most `max_rounds`, until `quiet_rounds`
/// rounds in a row add next to no data class; returns (requests, failures).
async fn exercise(prism: &Prism, max_rounds: usize, quiet_rounds: usize) -> (usize, Vec<String>) {
    let checkout = strip_prefix("", prism.base_url.clone()).await;
    let api = strip_prefix("/v1", prism.base_url.clone()).await;
    let client = client(&checkout, &api);
    let mut excused = 0;
    let mut failures = Vec::new();
    let mut sent = 0;
    let mut classes = BTreeSet::new();
    let declared = declared_properties();
    let (mut rounds, mut quiet) = (0, 0);
    while rounds < max_rounds && quiet < quiet_rounds && failures.len() <= 20 {
        let round = rounds;
        rounds += 1;
        let known = classes.len();
        for calls::SpecCall { name, call, .. } in calls::all(&client) {
            sent += 1;
            let outcome = call.await;
            for body in checkout.take_bodies().into_iter().chain(api.take_bodies()) {
                data_classes(name, &body, &declared, &mut classes);
            }
            match outcome {
                Ok(()) => {}
                Err(Error::Decode(decode)) => {
                    let failed_at = path_segments(&decode.path);
                    let flagged = response_violations(&decode.headers)
                        .iter()
                        .any(|v| failed_at.starts_with(v) || v.starts_with(&failed_at));
                    if flagged {
                        excused += 1;
                        if round == 0 {
                            eprintln!("  excused: {name}: the spec's own example breaks the spec at `{}`: {}", decode.path, decode.message);
                        }
                    } else {
                        failures.push(format!("round {round}: {name}: {decode}"));
                    }
                }
                Err(other) => failures.push(format!("round {round}: {name}: {other}")),
            }
        }
        let added = classes.len() - known;
        quiet = if added > 0 && added * QUIET_SHARE >= classes.len() { 0 } else { quiet + 1 };
        eprintln!("  round {round}: {added} new data classes");
    }
    eprintln!("{rounds} round(s), {} data classes of answers, the last {quiet} round(s) adding next to none", classes.len());
    eprintln!("{excused} decode failure(s) where Prism itself reported its response as breaking the spec");
    (sent, failures)
}

fn assert_clean(prism: &mut Prism, mode: &str, sent: usize, failures: &[String]) {
    assert!(prism.is_running(), "Prism stopped during the test:\n{}", prism.log_lines().iter().rev().take(40).rev().cloned().collect::<Vec<_>>().join("\n"));
    assert!(sent > 0, "Prism {mode}: no request was sent");
    let violations = prism.request_violations();
    eprintln!("Prism {mode}: {sent} requests sent, {} received, {} request violations, {} decode failures", prism.requests_received(), violations.len(), failures.len());
    assert!(violations.is_empty(), "Prism found request violations:\n{}", violations.join("\n"));
    assert!(failures.is_empty(), "{} failure(s):\n{}", failures.len(), failures.join("\n"));
    assert_eq!(prism.requests_received(), sent, "every call reached Prism once");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_flow_and_every_buildable_operation_against_prism_examples() {
    let Some(mut prism) = Prism::start(Mode::Static) else { return };
    let (sent, failures) = exercise(&prism, 1, 1).await;
    assert_clean(&mut prism, "static", sent, &failures);
}

#[tokio::test(flavor = "multi_thread")]
async fn rounds_against_prism_generated_data_until_they_add_no_data_class() {
    let Some(mut prism) = Prism::start(Mode::Dynamic) else { return };
    let max_rounds = std::env::var("PRISM_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(MAX_ROUNDS);
    let (sent, failures) = exercise(&prism, max_rounds, QUIET_ROUNDS).await;
    assert_clean(&mut prism, "dynamic", sent, &failures);
}
