//! The `checkout_flow` example, run three times: against the fake Dintero
//! (its offline default), where the state it leaves is checked; against
//! Prism, whose request validation says that every request the flow sends
//! is one the real API accepts; and through Prism as a validating proxy in
//! front of the fake, which checks the fake's answers against the spec as
//! well (an independent reading of the spec, not our own models).

// The example's `main` is not called here.
#[allow(dead_code)]
#[path = "../../../generated/examples/checkout_flow.rs"]
mod checkout_flow;

use checkout_flow::{flow, Setup};
use dintero_checkout::testing::{Endpoint, FakeDintero, Fault};
use dintero_checkout::models::CaptureTransactionRequest;
use dintero_checkout::{Client, Credentials, Error};
use dintero_checkout_tests::prism::{Mode, Prism};

#[tokio::test]
async fn the_example_flow_against_the_fake_leaves_the_state_it_reports() {
    let setup = Setup::offline(FakeDintero::start().await);
    let mut log = String::new();
    flow(&setup, &mut log).await.unwrap_or_else(|e| panic!("the flow failed: {e}\n{log}"));
    let fake = setup.fake.as_ref().expect("the fake");

    let statuses: Vec<String> = fake.transactions().iter().map(|t| t.status().map(ToString::to_string).unwrap_or_default()).collect();
    assert_eq!(statuses, ["PARTIALLY_CAPTURED", "AUTHORIZATION_VOIDED"], "{log}");
    assert_eq!(fake.complete_pending().await, 1, "the refund answered 202");
    let refunded = fake.transactions()[0].status().map(ToString::to_string);
    assert_eq!(refunded.as_deref(), Some("PARTIALLY_REFUNDED"));
    let calls: Vec<(Endpoint, usize)> = Endpoint::ALL.iter().map(|&e| (e, fake.calls(e))).filter(|(_, n)| *n > 0).collect();
    assert_eq!(
        calls,
        [
            (Endpoint::GetToken, 1),
            (Endpoint::CreateSessionFromProfile, 3),
            (Endpoint::GetSession, 1),
            (Endpoint::CancelSession, 1),
            (Endpoint::GetTransaction, 1),
            (Endpoint::CaptureTransaction, 1),
            (Endpoint::RefundTransaction, 1),
            (Endpoint::VoidTransaction, 1),
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_example_flow_sends_only_requests_prism_accepts() {
    let Some(mut prism) = Prism::start(Mode::Static) else { return };
    let setup = Setup {
        base_url: prism.base_url.clone(),
        credentials: Credentials::new("T12345678", "flow-client", "flow-secret").expect("valid"),
        profile_id: "T12345678.demo-profile".to_owned(),
        session_id: Some("T12345678.session".to_owned()),
        void_transaction_id: Some("T12345678.other".to_owned()),
        fake: None,
    };
    let mut log = String::new();
    let outcome = flow(&setup, &mut log).await;
    prism.settle();
    assert!(prism.is_running(), "Prism stopped:\n{}", prism.log_lines().join("\n"));
    let violations = prism.request_violations();
    assert!(violations.is_empty(), "Prism found request violations:\n{}\n{log}", violations.join("\n"));
    outcome.unwrap_or_else(|e| panic!("the flow failed against Prism: {e}\n{log}"));
    eprintln!("{log}");
    assert!(log.contains("done: 1 token request(s)"), "every step ran:\n{log}");
    assert_eq!(prism.requests_received(), 9, "token, 2 sessions, cancel, session, transaction, capture, refund, void:\n{log}");
}

#[tokio::test(flavor = "multi_thread")]
async fn through_prism_to_the_fake_every_request_and_answer_follows_the_spec() {
    let fake = FakeDintero::start().await;
    let Some(mut prism) = Prism::proxy(&fake.base_url()) else { return };
    let setup = Setup { base_url: prism.base_url.clone(), ..Setup::offline(fake) };
    let mut log = String::new();
    let outcome = flow(&setup, &mut log).await;
    let fake = setup.fake.as_ref().expect("the fake");
    // And the answers of broken rules and faults: the error bodies.
    let client = Client::builder().base_url(&prism.base_url).client_credentials(fake.credentials()).build().expect("builds");
    let voided = fake.transactions().last().and_then(|t| t.id.clone()).expect("the voided transaction");
    let refusals = [
        client.capture_transaction(&voided).body(CaptureTransactionRequest::new(1)).await.map(|_| ()),
        client.get_transaction("T12345678.unknown").await.map(|_| ()),
        client.cancel_session(fake.transactions()[0].session_id.clone().unwrap_or_default()).await.map(|_| ()),
    ];
    fake.inject(Endpoint::CaptureTransaction, Fault::Unavailable, 1);
    let unavailable = client.capture_transaction(&voided).body(CaptureTransactionRequest::new(1)).await.map(|_| ());
    let statuses: Vec<Option<u16>> = refusals.iter().chain([&unavailable]).map(|r| r.as_ref().err().and_then(Error::status)).collect();
    assert_eq!(statuses, [Some(400), Some(404), Some(400), Some(503)]);
    prism.settle();
    assert!(prism.is_running(), "Prism stopped:\n{}", prism.log_lines().join("\n"));
    let violations = [prism.request_violations(), prism.response_violations()].concat();
    assert!(violations.is_empty(), "Prism found violations:\n{}\n{log}", violations.join("\n"));
    outcome.unwrap_or_else(|e| panic!("the flow failed through Prism: {e}\n{log}"));
    assert!(log.contains("8. refund accepted") && log.contains("9. voided"), "every step ran against the fake:\n{log}");
    assert_eq!(prism.requests_received(), fake.requests().len(), "every call went through Prism to the fake");
}
