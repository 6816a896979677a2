//! `gross_amount` is read-only (computed by Dintero): a request cannot set it.
use dintero_checkout::models::SessionOrder;

fn main() {
    let mut order = SessionOrder::new(29990, "NOK", "order-1");
    order.gross_amount = Some(29990.0);
}
