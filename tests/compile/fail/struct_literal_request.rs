//! Request types are built with `new`, so a later spec can add optional
//! fields without breaking this code, and no required field is forgotten.
use dintero_checkout::models::CaptureTransactionRequest;

fn main() {
    let _capture = CaptureTransactionRequest { amount: 100, capture_reference: None, items: None };
}
