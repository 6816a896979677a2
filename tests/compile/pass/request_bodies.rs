// Request bodies for sessions, capture and refund: required fields through
// `new`, optional ones by chained setters that take what converts.
use dintero_checkout::models::{
    CaptureTransactionRequest, OrderLine, RefundTransactionRequest, SessionOptionsConfiguration, SessionOrder, TransactionLine,
};

fn main() {
    let line = OrderLine::new().line_id("1").amount(29990).vat(25);
    let order = SessionOrder::new(29990, "NOK", String::from("order-1")).items([line]);
    let configuration = SessionOptionsConfiguration::new().auto_capture(false);
    let capture = CaptureTransactionRequest::new(29990).capture_reference("c-1").items(vec![TransactionLine::new("1", 29990)]);
    let refund = RefundTransactionRequest::new(10000).reason("returned").items([TransactionLine::new("1", 10000)]);
    // Fields stay public: a setter is a shorthand, not the only way.
    let mut order = order;
    order.vat_amount = Some(5998);
    let _ = (order, configuration, capture, refund);
}
