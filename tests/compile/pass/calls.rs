// One call shape for every operation: required parameters and a required
// body are arguments, optional ones are setters, and the call is sent when
// awaited (or with `send`, where a `Future` is needed).
use dintero_checkout::models::{CaptureTransactionRequest, GetTransactionIncludesItem, RefundTransactionRequest};
use dintero_checkout::operations::ListTransactionsParams;
use dintero_checkout::{Client, Error};

async fn calls(client: &Client) -> Result<(), Error> {
    let _transaction = client.get_transaction("T1").await?;
    let _with_session = client.get_transaction("T1").includes([GetTransactionIncludesItem::Session]).await?;
    let _captured = client.capture_transaction("T1").body(CaptureTransactionRequest::new(100)).await?;
    let _refunded = client.refund_transaction("T1", RefundTransactionRequest::new(100)).await?;
    let _voided = client.void_transaction("T1").await?;
    let _same = client.list_transactions().params(ListTransactionsParams::default().limit(10)).await?;
    let _both = futures_util::future::join(client.get_session("S1").send(), client.get_session("S2").send()).await;
    Ok(())
}

fn main() {
    let _ = calls;
}
