//! A fake Dintero for your own tests: [`FakeDintero`] serves the Checkout
//! API's merchant flow in-process on a loopback port, with state and rules
//! rather than canned answers, so a test can run checkout code end to end
//! without a sandbox account or a network.
//!
//! Enable it for tests only:
//!
//! ```toml
//! [dev-dependencies]
//! dintero-checkout = { version = "0.1", features = ["testing"] }
//! ```
//!
//! A test of a shop's own code (`my_shop`, here hidden) against it:
//!
//! ```rust
//! # // Doctests are not compiled as tests, and `#[tokio::test]` would drop
//! # // the function: here it means `#[tokio::main]`, and `main` runs it.
//! # mod tokio { pub use ::tokio::*; pub use ::tokio::main as test; }
//! # mod my_shop {
//! #     use dintero_checkout::models::{CaptureTransactionRequest, CreateSessionFromProfileRequest, SessionOrder, SessionUrls};
//! #     use dintero_checkout::operations::ListTransactionsParams;
//! #     use dintero_checkout::{Client, Error};
//! #     pub struct Shop { client: Client }
//! #     impl Shop {
//! #         pub fn new(client: Client) -> Self { Self { client } }
//! #         pub async fn checkout(&self, order: &str, amount: i64) -> Result<String, Error> {
//! #             let urls = SessionUrls::new("https://shop.example.com/return");
//! #             let request = CreateSessionFromProfileRequest::new(urls, SessionOrder::new(amount, "NOK", order), "T12345678.shop");
//! #             Ok(self.client.create_session_from_profile(request).await?.id.unwrap_or_default())
//! #         }
//! #         pub async fn ship(&self, order: &str) -> Result<(), Error> {
//! #             let params = ListTransactionsParams::default().merchant_reference(order);
//! #             for paid in self.client.list_transactions().params(params).await? {
//! #                 self.client.capture_transaction(paid.id.unwrap_or_default()).body(CaptureTransactionRequest::new(paid.amount)).await?;
//! #             }
//! #             Ok(())
//! #         }
//! #     }
//! # }
//! use dintero_checkout::models::TransactionStatus;
//! use dintero_checkout::testing::{Endpoint, FakeDintero, Fault};
//! use std::time::Duration;
//!
//! #[tokio::test]
//! async fn shipping_an_order_captures_its_payment_once() -> Result<(), Box<dyn std::error::Error>> {
//!     let dintero = FakeDintero::start().await;
//!     let shop = my_shop::Shop::new(dintero.client()); // your code, pointed at the fake
//!     let session_id = shop.checkout("order-1", 29_990).await?;
//!     let transaction_id = dintero.pay(&session_id, "vipps").await?; // the customer pays
//!     dintero.inject(Endpoint::CaptureTransaction, Fault::TooManyRequests { retry_after: Duration::ZERO }, 1);
//!     shop.ship("order-1").await?; // rate limited once, retried, captured
//!     let transaction = dintero.transaction(&transaction_id).expect("paid");
//!     assert_eq!(transaction.status(), Some(&TransactionStatus::Captured));
//!     assert_eq!(dintero.calls(Endpoint::CaptureTransaction), 2);
//!     Ok(())
//! }
//! # fn main() -> Result<(), Box<dyn std::error::Error>> { shipping_an_order_captures_its_payment_once() }
//! ```
//!
//! # What it does
//!
//! | endpoint | behaviour |
//! |---|---|
//! | token | HTTP Basic checked against the fake's credentials ([`FakeDintero::credentials`]) and account; tokens expire after [`FakeDinteroBuilder::token_lifetime`] (or at once with [`FakeDintero::expire_tokens`]); every other call needs a live token, else `401` |
//! | sessions | created from a profile with an id in Dintero's shape and a payment URL (a page the fake serves); the order's lines (plus shipping) must add up to its amount; read, updated (order fields) and cancelled until paid |
//! | paying | [`FakeDintero::pay`] stands in for the customer: an `AUTHORIZED` transaction (`CAPTURED` with the session's `auto_capture`), the session's `transaction_id`, and the payment callback; [`FakeDintero::fail_payment`] for a declined, cancelled or failed payment (a session event, and the callback with `error` when the URL has `report_error=true`) |
//! | transactions | read and listed (newest first; `limit`, `starting_after` and the filters merchants use); captures up to the authorized amount, refunds up to the captured amount, void only with nothing captured; `PARTIALLY_CAPTURED`, `PARTIALLY_REFUNDED` and an event per step; lines named in a capture or refund must exist and add up |
//! | faults | [`FakeDintero::inject`]: the next calls of an endpoint answer `429` with `Retry-After`, `503` or `500` (nothing done), late (the work done first), or `202 Accepted` with `event-request-id` (completed by [`FakeDintero::complete_pending`], with an event whose `correlation_request_id` is that id) |
//! | callbacks | to the session's `callback_url` as the spec's `CallbackUrl` describes (`GET`, or `POST` with `method=POST`; `report_event` for captures, refunds and voids; `sid_parameter_name`; `includes=session`), signed with `Dintero-Signature` when the fake has a [callback secret](FakeDinteroBuilder::callback_secret); only to loopback hosts, never through a proxy or a redirect (a test never reaches the network) |
//! | express | [`FakeDintero::set_shipping_address`] and [`FakeDintero::enter_discount_code`] stand in for the customer: the session changes, the fake calls its `express.shipping_address_callback_url` or `express.discount_codes.callback_url` with the session (signed like every callback), and the shipping options (and order) of the merchant's answer become the session's |
//!
//! A queued fault is used by the first call of its endpoint that gets past
//! authentication (a `401` or `403` leaves it queued): `429`, `503` and `500`
//! replace the answer; `Delay` and `Accepted` wait for a call that
//! succeeds (one the rules refuse leaves them queued).
//!
//! The callbacks of the fake's helpers ([`FakeDintero::pay`],
//! [`FakeDintero::fail_payment`], [`FakeDintero::complete_pending`]) are
//! delivered before they return; those of events caused by your calls
//! (a capture the callback URL asks about with `report_event`) are sent in
//! the background, as Dintero sends them, so the answer of a capture never
//! waits for your handler: [`FakeDintero::flush_callbacks`] waits for them.
//!
//! A broken rule answers with the status the API documents and its
//! `{"error": {"code", "message"}}` body, with a message that says what
//! was wrong. The codes (`capture_amount_exceeds_authorized`,
//! `void_not_allowed`, `amount_mismatch`...) are the fake's own: match on
//! the status, not the code, in code that also meets the real API. Its
//! responses are built from this crate's own models. Calls it does not
//! carry out answer `501` with the list of those it does.
//!
//! Not modelled: `ON_HOLD` and other statuses a payment product decides,
//! payment products' own rules (Klarna's lines, partial captures a
//! product refuses, a line captured beyond its own amount), session
//! expiry beyond `expires_at`, Dintero's refusal of `http://` and loopback
//! callback URLs (the fake calls only those), and the other operations of
//! the API.
//!
//! Callbacks are delivered as the spec's `CallbackUrl` describes: after the
//! URL's `delay_callback` (seconds, at most 60), and again, up to 20 times,
//! after an answer of `100`, `101` or `5xx`, a timeout (10 s) or a
//! connection error, [`DEFAULT_CALLBACK_RETRY_PACE`] apart (a knob); any
//! other answer is final. Every attempt is in [`FakeDintero::callbacks`],
//! and [`FakeDintero::redeliver`] delivers one again.
//!
//! The fake runs on the Tokio runtime that starts it, and stops with it:
//! start one per test (it takes a millisecond), not one shared by tests.

mod api;
mod callbacks;
mod error;
mod faults;
mod ids;
mod ledger;
mod server;

pub use callbacks::DeliveredCallback;
pub use faults::{Endpoint, Fault};
use crate::Server;

use crate::callback::CallbackVerifier;
use serde_json::Value;
use crate::models::{DiscountCodesCallbackAnswer, OrderAddress, SessionDetails, ShippingAddressCallbackAnswer, Transaction, TransactionPaymentProductType};
use crate::{Client, ClientBuilder, Credentials};
use api::{Config, State};
use bytes::Bytes;
use secrecy::{ExposeSecret as _, SecretString};
use server::Shared;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The account the fake serves by default (a test account: `T` + 8 digits).
pub const DEFAULT_ACCOUNT_ID: &str = "T12345678";
/// The client id the fake accepts by default.
pub const DEFAULT_CLIENT_ID: &str = "fake-client-id";
/// The client secret the fake accepts by default.
pub const DEFAULT_CLIENT_SECRET: &str = "fake-client-secret";
/// How long the fake's tokens live by default (what Dintero issues: 4 hours).
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(4 * 60 * 60);

/// A fake of the Dintero Checkout API, running in-process until it is
/// dropped, with a loopback port for each [`Server`] of the API, as Dintero
/// has a host for each (`checkout.dintero.com`, `api.dintero.com`): a call
/// sent to the wrong one is not found there. See [the module](self) for
/// what it does.
pub struct FakeDintero {
    shared: Arc<Shared>,
    /// The address of each server, by [`Server::index`].
    addresses: Vec<SocketAddr>,
    servers: Vec<tokio::task::JoinHandle<()>>,
}

impl std::fmt::Debug for FakeDintero {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // No secret and no token.
        f.debug_struct("FakeDintero")
            .field("addresses", &self.addresses)
            .field("account_id", self.shared.config.credentials.account_id())
            .finish_non_exhaustive()
    }
}

impl Drop for FakeDintero {
    fn drop(&mut self) {
        for server in &self.servers {
            server.abort();
        }
    }
}

/// A request the fake received.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReceivedRequest {
    /// HTTP method.
    pub method: String,
    /// Path and query string (`/v1/transactions/T12345678.abc/capture`).
    pub path: String,
    /// The endpoint it was routed to (none for a path the fake does not serve).
    pub endpoint: Option<Endpoint>,
    /// The headers, in the order received, with names in lower case; the
    /// credentials of `authorization` are redacted (`Bearer [redacted]`).
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub body: Bytes,
}

/// Why an express callback the fake drives ([`FakeDintero::set_shipping_address`],
/// [`FakeDintero::enter_discount_code`]) did not change the session.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExpressError {
    /// No session has this id.
    #[error("no session `{0}`")]
    NoSession(String),
    /// The session has no callback URL for it.
    #[error("the session has no `{0}`")]
    NoCallback(&'static str),
    /// The merchant did not answer with a `2xx`, or could not be reached.
    #[error("the express callback failed: {0}")]
    NotDelivered(String),
    /// The answer is not what the callback answers.
    #[error("the express callback's answer is not valid: {0}")]
    Answer(String),
}

/// Why [`FakeDintero::pay`] could not pay a session.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PayError {
    /// The fake has no session with this id.
    #[error("no session with id `{0}`")]
    UnknownSession(String),
    /// The session was cancelled.
    #[error("session {0} was cancelled")]
    Cancelled(String),
    /// The session's `expires_at` has passed.
    #[error("session {0} has expired")]
    Expired(String),
    /// The session was paid already.
    #[error("session {session} was paid already (transaction {transaction})")]
    AlreadyPaid {
        /// The session.
        session: String,
        /// Its transaction.
        transaction: String,
    },
}

/// How a customer's payment fails, for [`FakeDintero::fail_payment`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PaymentFailure {
    /// The payment was not authorized (callback `error=authorization`,
    /// session event `DECLINED`).
    Declined,
    /// The customer cancelled on the payment page (`error=cancelled`,
    /// session event `CANCELLED`).
    Cancelled,
    /// The payment failed (`error=failed`, session event `FAILED`).
    Failed,
}

/// Settings of a [`FakeDintero`].
#[derive(Clone, Debug)]
pub struct FakeDinteroBuilder {
    credentials: Credentials,
    token_lifetime: Duration,
    callback_secret: Option<SecretString>,
    callback_retry_pace: Duration,
}

/// The pause between two deliveries of a failed callback, by default.
/// Dintero does not document its own; [`FakeDinteroBuilder::callback_retry_pace`] sets it.
pub const DEFAULT_CALLBACK_RETRY_PACE: Duration = Duration::from_secs(1);

impl Default for FakeDinteroBuilder {
    fn default() -> Self {
        Self {
            credentials: Credentials::new(DEFAULT_ACCOUNT_ID, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
                .unwrap_or_else(|e| panic!("the fake's default credentials are invalid: {e}")),
            token_lifetime: DEFAULT_TOKEN_LIFETIME,
            callback_secret: None,
            callback_retry_pace: DEFAULT_CALLBACK_RETRY_PACE,
        }
    }
}

impl FakeDinteroBuilder {
    /// The account and the client id and secret the token endpoint accepts
    /// (default [`DEFAULT_ACCOUNT_ID`], [`DEFAULT_CLIENT_ID`], [`DEFAULT_CLIENT_SECRET`]).
    pub fn credentials(mut self, credentials: &Credentials) -> Self {
        self.credentials = credentials.clone();
        self
    }

    /// How long an access token lives (default [`DEFAULT_TOKEN_LIFETIME`]).
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    /// Signs every callback with `secret` (`Dintero-Signature`), as
    /// [`CallbackVerifier::new(secret, account_id)`](CallbackVerifier::new) verifies.
    pub fn callback_secret(mut self, secret: impl Into<String>) -> Self {
        self.callback_secret = Some(SecretString::from(secret.into()));
        self
    }

    /// The pause between two deliveries of a callback that failed (default
    /// [`DEFAULT_CALLBACK_RETRY_PACE`]): a test of a handler that fails
    /// makes it short.
    pub fn callback_retry_pace(mut self, pace: Duration) -> Self {
        self.callback_retry_pace = pace;
        self
    }

    /// Starts the fake on free loopback ports (one per [`Server`]), served
    /// by the current Tokio runtime (it stops when that runtime does).
    ///
    /// # Panics
    ///
    /// Outside a Tokio runtime, or when no loopback port can be bound.
    pub async fn start(self) -> FakeDintero {
        let mut listeners = Vec::new();
        for _ in Server::ALL {
            let listener = tokio::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0))
                .await
                .unwrap_or_else(|e| panic!("the fake Dintero cannot bind a loopback port: {e}"));
            listeners.push(listener);
        }
        let addresses: Vec<SocketAddr> =
            listeners.iter().map(|l| l.local_addr().unwrap_or_else(|e| panic!("the fake Dintero's port is unknown: {e}"))).collect();
        let address = addresses[Server::Checkout.index()];
        let account_id = self.credentials.account_id().as_str();
        let signer = self.callback_secret.map(|secret| CallbackVerifier::new(secret.expose_secret(), account_id));
        let config = Config {
            credentials: self.credentials,
            token_lifetime: self.token_lifetime,
            signer,
            retry_pace: self.callback_retry_pace,
            root: format!("http://{address}"),
        };
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .build()
            .unwrap_or_else(|e| panic!("the fake Dintero cannot build its callback client: {e}"));
        let (deliveries, _) = tokio::sync::watch::channel(0);
        let shared = Arc::new(Shared { config, state: Mutex::new(State::default()), http, deliveries });
        let servers = Server::ALL.iter().zip(listeners).map(|(&host, listener)| server::serve(listener, host, shared.clone())).collect();
        FakeDintero { shared, addresses, servers }
    }
}

impl FakeDintero {
    /// Starts a fake with the default settings.
    ///
    /// # Panics
    ///
    /// Outside a Tokio runtime, or when no loopback port can be bound.
    pub async fn start() -> Self {
        Self::builder().start().await
    }

    /// Settings: credentials, token lifetime, callback secret.
    pub fn builder() -> FakeDinteroBuilder {
        FakeDinteroBuilder::default()
    }

    /// The URL to give a client for `server`: `http://127.0.0.1:<port>/v1`
    /// for [`Server::Checkout`] (as `https://checkout.dintero.com/v1`),
    /// `http://127.0.0.1:<other port>` for [`Server::Api`] (as
    /// `https://api.dintero.com`).
    pub fn server_url(&self, server: Server) -> String {
        let address = self.address(server);
        match server {
            Server::Checkout => format!("http://{address}/v1"),
            _ => format!("http://{address}"),
        }
    }

    /// The URL of the checkout server, where the fake's sessions,
    /// transactions and token endpoint are ([`Self::server_url`] of
    /// [`Server::Checkout`]).
    pub fn base_url(&self) -> String {
        self.server_url(Server::Checkout)
    }

    /// The address the fake listens on for `server`.
    pub fn address(&self, server: Server) -> SocketAddr {
        self.addresses[server.index()]
    }

    /// The credentials the fake's token endpoint accepts.
    pub fn credentials(&self) -> Credentials {
        self.shared.config.credentials.clone()
    }

    /// A client builder pointed at the fake (each server at its port),
    /// with its credentials (the client-credentials grant), for settings of
    /// your own.
    pub fn client_builder(&self) -> ClientBuilder {
        let builder = Client::builder().client_credentials(self.credentials());
        Server::ALL.iter().fold(builder, |builder, &server| builder.server_url(server, self.server_url(server)))
    }

    /// A client pointed at the fake, with its credentials.
    ///
    /// # Panics
    ///
    /// Never for the fake's own settings (the base URL is valid).
    pub fn client(&self) -> Client {
        self.client_builder().build().unwrap_or_else(|e| panic!("a client for the fake Dintero: {e}"))
    }

    /// The customer pays session `session_id` with `payment_product_type`
    /// (`"vipps"`, `"klarna.klarna"`, `"dintero_psp.creditcard"`...): an
    /// `AUTHORIZED` transaction for the order's amount (`CAPTURED` at once
    /// when the session's configuration has `auto_capture`), the session's
    /// `transaction_id` set, and the payment callback sent to the session's
    /// `callback_url` (delivered before this returns). Returns the
    /// transaction's id.
    pub async fn pay(&self, session_id: &str, payment_product_type: impl Into<TransactionPaymentProductType>) -> Result<String, PayError> {
        let (transaction, callback) = self.shared.state().pay(&self.shared.config, session_id, payment_product_type.into())?;
        self.shared.deliver(callback.into_iter().collect()).await;
        Ok(transaction.id.unwrap_or_default())
    }

    /// The customer's payment of session `session_id` fails: no
    /// transaction, the failure recorded as an event of the session (which
    /// stays open: the customer may try again, and [`Self::pay`] still
    /// can), and, when the callback URL has `report_error=true`, a callback
    /// with `error` and no `transaction_id` (delivered before this returns).
    pub async fn fail_payment(&self, session_id: &str, failure: PaymentFailure) -> Result<(), PayError> {
        let callback = self.shared.state().fail_payment(session_id, failure)?;
        self.shared.deliver(callback.into_iter().collect()).await;
        Ok(())
    }

    /// The next `times` calls of `endpoint` are answered with `fault`
    /// (after any faults queued before; `usize::MAX` for every call). Only
    /// calls that get past authentication use a fault, and `Delay` and
    /// `Accepted` only calls the rules let through: see [the module](self).
    ///
    /// # Panics
    ///
    /// When `fault` is [`Fault::Accepted`] and `endpoint` does not move money.
    pub fn inject(&self, endpoint: Endpoint, fault: Fault, times: usize) {
        assert!(
            fault != Fault::Accepted || endpoint.moves_money(),
            "Fault::Accepted is for capture, refund and void, not {endpoint}"
        );
        self.shared.state().faults.push(endpoint, fault, times);
    }

    /// Completes every capture, refund and void answered with
    /// `202 Accepted` ([`Fault::Accepted`]): each gets its `CAPTURE`,
    /// `REFUND` or `VOID` event, whose `correlation_request_id` is the
    /// `event-request-id` of the answer, and the callbacks it calls for
    /// (delivered before this returns). Returns how many completed.
    pub async fn complete_pending(&self) -> usize {
        let (completed, callbacks) = self.shared.state().complete_pending();
        self.shared.deliver(callbacks).await;
        completed
    }

    /// Waits until the callbacks of events (captures, refunds and voids the
    /// callback URL asks for with `report_event`), which are sent in the
    /// background, have been delivered.
    pub async fn flush_callbacks(&self) {
        self.shared.background_deliveries_done().await;
    }

    /// Makes every token issued so far expired: the next call with one is
    /// answered `401` (and a client with the client-credentials grant
    /// fetches a new token and tries once more).
    pub fn expire_tokens(&self) {
        self.shared.state().expire_tokens();
    }

    /// The session, as `GET /sessions/{id}` would answer.
    pub fn session(&self, id: &str) -> Option<SessionDetails> {
        self.shared.state().session(id).cloned()
    }

    /// The transaction, as `GET /transactions/{id}` would answer.
    pub fn transaction(&self, id: &str) -> Option<Transaction> {
        self.shared.state().transaction(id).map(|ledger| ledger.transaction().clone())
    }

    /// Every transaction, oldest first.
    pub fn transactions(&self) -> Vec<Transaction> {
        self.shared.state().transactions().cloned().collect()
    }

    /// Every request received so far, oldest first (including those a
    /// fault answered), with their headers (credentials redacted).
    pub fn requests(&self) -> Vec<ReceivedRequest> {
        self.shared.state().requests.clone()
    }

    /// How many calls of `endpoint` were received (including those a fault
    /// answered): to check that a capture was sent once.
    pub fn calls(&self, endpoint: Endpoint) -> usize {
        self.shared.state().requests.iter().filter(|r| r.endpoint == Some(endpoint)).count()
    }

    /// Every callback sent so far, in the order their deliveries ended, with
    /// the receiver's answer (see [`Self::flush_callbacks`] for those sent
    /// in the background).
    pub fn callbacks(&self) -> Vec<DeliveredCallback> {
        self.shared.state().callbacks.clone()
    }

    /// Stands in for the customer setting `address` in an express checkout:
    /// the session's shipping address is set, Dintero calls its
    /// `express.shipping_address_callback_url` with the session, and the
    /// shipping options of the merchant's answer become the session's.
    pub async fn set_shipping_address(&self, session_id: &str, address: OrderAddress) -> Result<ShippingAddressCallbackAnswer, ExpressError> {
        let target = self.shared.state().express_callback(
            session_id,
            |session| session.order.shipping_address = Some(Box::new(address)),
            |session| session.express.as_ref()?.shipping_address_callback_url.clone(),
        );
        let answer: ShippingAddressCallbackAnswer = self.express_call(session_id, target, "express.shipping_address_callback_url").await?;
        self.shared.state().express_answered(session_id, &answer.shipping_options, |_| Ok(())).map_err(ExpressError::Answer)?;
        Ok(answer)
    }

    /// Stands in for the customer entering discount `code` in an express
    /// checkout: the code joins the order's `discount_codes`, Dintero calls
    /// the session's `express.discount_codes.callback_url` with the session,
    /// and the order and shipping options of the merchant's answer become
    /// the session's.
    pub async fn enter_discount_code(&self, session_id: &str, code: &str) -> Result<DiscountCodesCallbackAnswer, ExpressError> {
        let target = self.shared.state().express_callback(
            session_id,
            |session| session.order.discount_codes.get_or_insert_with(Vec::new).push(code.to_owned()),
            |session| session.express.as_ref()?.discount_codes.as_ref()?.callback_url.clone(),
        );
        let answer: DiscountCodesCallbackAnswer = self.express_call(session_id, target, "express.discount_codes.callback_url").await?;
        let update = answer.order.as_ref().map(|order| integral(serde_json::to_value(order).unwrap_or_default()));
        let applied = self.shared.state().express_answered(session_id, &answer.shipping_options, |session| {
            // The answer's order fields replace the session's.
            let Some(Value::Object(update)) = update else { return Ok(()) };
            let mut order = serde_json::to_value(&session.order).unwrap_or_default();
            if let Value::Object(current) = &mut order {
                current.extend(update);
            }
            session.order = serde_json::from_value(order).map_err(|e| format!("its order does not fit the session's: {e}"))?;
            Ok(())
        });
        applied.map_err(ExpressError::Answer)?;
        Ok(answer)
    }

    /// Sends the express callback of `target` and decodes the answer.
    async fn express_call<T: serde::de::DeserializeOwned>(&self, session_id: &str, target: Option<(String, Option<Vec<u8>>)>, what: &'static str) -> Result<T, ExpressError> {
        if self.shared.state().session(session_id).is_none() {
            return Err(ExpressError::NoSession(session_id.to_owned()));
        }
        let (url, body) = target.ok_or(ExpressError::NoCallback(what))?;
        let body = body.ok_or_else(|| ExpressError::Answer("the session is not an express session".to_owned()))?;
        let answer = callbacks::express(&self.shared.http, &url, body, self.shared.config.signer.as_ref()).await.map_err(ExpressError::NotDelivered)?;
        serde_json::from_slice(&answer).map_err(|e| ExpressError::Answer(e.to_string()))
    }

    /// Delivers `callback` again (a callback of [`Self::callbacks`]), as
    /// Dintero sometimes delivers one twice: the same method, URL and body,
    /// signed anew, retried as any callback. Returns when it is delivered.
    pub async fn redeliver(&self, callback: &DeliveredCallback) {
        let Ok(url) = url::Url::parse(&callback.url) else { return };
        let method = if callback.method.eq_ignore_ascii_case("POST") { reqwest::Method::POST } else { reqwest::Method::GET };
        let again = callbacks::Callback { method, url, body: callback.body.as_ref().map(|b| b.to_vec()) };
        self.shared.deliver(vec![again]).await;
    }
}

/// `value` with every whole number written as an integer: the spec types
/// the discount callback's `amount` as a `number`, where the session's
/// amounts are integers (minor units).
fn integral(value: Value) -> Value {
    match value {
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15 => Value::from(f as i64),
            _ => Value::Number(n),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(integral).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, integral(v))).collect()),
        other => other,
    }
}
