//! Request bodies for sessions, capture and refund: required fields through
//! `new`, optional ones set afterwards.
use dintero_checkout::models::{
    CaptureTransactionRequest, CaptureTransactionRequestItemsItem, RefundTransactionRequest, RefundTransactionRequestItemsItem,
    SessionOptionsConfiguration, SessionOrder, OrderLine,
};

fn main() {
    let mut order = SessionOrder::new(29990, "NOK".into(), "order-1".into());
    let mut item = OrderLine::new();
    item.line_id = Some("1".into());
    item.amount = Some(29990);
    item.vat = Some(25.0);
    order.items = Some(vec![item]);
    let mut configuration = SessionOptionsConfiguration::new();
    configuration.auto_capture = Some(false);

    let mut capture = CaptureTransactionRequest::new(29990);
    capture.capture_reference = Some("c-1".into());
    capture.items = Some(vec![CaptureTransactionRequestItemsItem::new("1".into(), 29990)]);

    let mut refund = RefundTransactionRequest::new(10000);
    refund.reason = Some("returned".into());
    refund.items = Some(vec![RefundTransactionRequestItemsItem::new("1".into(), 10000)]);
    let _ = (order, configuration, capture, refund);
}
