//! The type system guards the flow: programs a user writes compile
//! (`compile/pass`), and common mistakes do not (`compile/fail`, each with
//! the compiler's message in its `.stderr`). After an intended change to the
//! API, re-bless the messages with `TRYBUILD=overwrite cargo test -p
//! dintero-checkout-tests --test compile`.

#[test]
fn the_api_accepts_the_flow_and_rejects_mistakes() {
    let cases = trybuild::TestCases::new();
    cases.pass("compile/pass/*.rs");
    cases.compile_fail("compile/fail/*.rs");
}
