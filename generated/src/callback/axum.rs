//! Dintero's callbacks in [axum](https://docs.rs/axum) handlers (the `axum`
//! feature): each extractor verifies and parses one callback with the
//! [`CallbackReceiver`] of the router's state, and a rejected callback is
//! answered with its status (`401` for the signature, `400` for the
//! content) before the handler runs.
//!
//! ```
//! use axum::{routing::post, Router};
//! use dintero_checkout::callback::axum::{payment_callback_route, Payment, ShippingAddress};
//! use dintero_checkout::callback::{CallbackReceiver, CallbackVerifier};
//! use dintero_checkout::models::ShippingAddressCallbackAnswer;
//!
//! async fn on_payment(Payment(callback): Payment) -> http::StatusCode {
//!     // Mark `callback.merchant_reference` paid, once.
//!     http::StatusCode::OK
//! }
//!
//! // With axum's `json` feature, return `axum::Json(answer)`.
//! async fn on_shipping_address(ShippingAddress(session): ShippingAddress) -> String {
//!     let answer = ShippingAddressCallbackAnswer::new(Vec::new());
//!     serde_json::to_string(&answer).unwrap_or_default()
//! }
//!
//! let receiver = CallbackReceiver::new(CallbackVerifier::new("whsec_...", "T12345678"));
//! let app: Router = Router::new()
//!     .route("/dintero/callback", payment_callback_route(on_payment))
//!     .route("/dintero/shipping", post(on_shipping_address))
//!     .with_state(receiver);
//! ```
//!
//! Another framework does the same with [`CallbackReceiver`] itself: build an
//! `http::Request` of the body's bytes, call the method for the callback,
//! and answer a [`Rejection`] with [`Rejection::status`].

use super::receive::{CallbackReceiver, Rejection, SessionCallback};
use crate::models::ExpressSession;
use axum::extract::{FromRef, FromRequest, Request};
use axum::handler::Handler;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, MethodRouter};

/// The largest callback body read: a transaction with its events, or a session.
const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// The payment callback, verified and parsed.
#[derive(Clone, Debug)]
pub struct Payment(pub SessionCallback);

/// The express checkout's shipping-address callback: the session.
#[derive(Clone, Debug)]
pub struct ShippingAddress(pub ExpressSession);

/// The express checkout's discount-codes callback: the session.
#[derive(Clone, Debug)]
pub struct DiscountCodes(pub ExpressSession);

/// A route that serves the payment callback, which Dintero delivers with
/// `GET`, or with `POST` when the callback URL has `method=POST`.
pub fn payment_callback_route<H, T, S>(handler: H) -> MethodRouter<S>
where
    H: Handler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    get(handler.clone()).post(handler)
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        (self.status(), self.to_string()).into_response()
    }
}

/// The request with its body read, as [`CallbackReceiver`] takes it.
async fn buffered(request: Request) -> Result<http::Request<axum::body::Bytes>, Rejection> {
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, BODY_LIMIT).await.map_err(|e| Rejection::Body(format!("cannot be read: {e}")))?;
    Ok(http::Request::from_parts(parts, bytes))
}

/// `FromRequest` for an extractor that wraps what the receiver's `$parse`
/// makes of the request.
macro_rules! extractor {
    ($name:ident, $parse:ident) => {
        impl<S> FromRequest<S> for $name
        where
            CallbackReceiver: FromRef<S>,
            S: Send + Sync,
        {
            type Rejection = Rejection;

            async fn from_request(request: Request, state: &S) -> Result<Self, Rejection> {
                let request = buffered(request).await?;
                CallbackReceiver::from_ref(state).$parse(&request).map($name)
            }
        }
    };
}

extractor!(Payment, session_callback);
extractor!(ShippingAddress, shipping_address_callback);
extractor!(DiscountCodes, discount_codes_callback);
