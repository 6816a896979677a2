//! The API may add success statuses, so a match on a success enum needs a wildcard.
use dintero_checkout::operations::CaptureTransactionResponse;

fn describe(response: CaptureTransactionResponse) -> &'static str {
    match response {
        CaptureTransactionResponse::Ok(_) => "captured",
        CaptureTransactionResponse::Accepted { .. } => "pending",
    }
}

fn main() {
    let _ = describe;
}
