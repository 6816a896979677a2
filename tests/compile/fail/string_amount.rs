//! Amounts are integers in minor units, not strings.
use dintero_checkout::models::CaptureTransactionRequest;

fn main() {
    let _capture = CaptureTransactionRequest::new("299.90");
}
