//! Setters take what converts into the field's type, and nothing else: a
//! quantity is a number, not text.
use dintero_checkout::models::OrderLine;

fn main() {
    let _line = OrderLine::new().quantity("2");
}
