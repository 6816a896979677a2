// Capture answers 200 (done) or 202 (accepted, finishes later); the match
// keeps a wildcard because the API may add success statuses.
use dintero_checkout::operations::CaptureTransactionResponse;

fn describe(response: CaptureTransactionResponse) -> String {
    match response {
        CaptureTransactionResponse::Ok(transaction) => format!("captured: {:?}", transaction.status()),
        CaptureTransactionResponse::Accepted { event_request_id, body } => {
            format!("pending event {event_request_id:?} for {:?}", body.id)
        }
        other => format!("another success: {other:?}"),
    }
}

fn main() {
    let _ = describe;
}
