//! The money rules of one transaction: what may be captured, refunded or
//! voided, and what each of them does to its amounts, status and events.
//! Pure bookkeeping on the crate's own `Transaction` model; no HTTP here.

use super::error::Rejection;
use crate::models::{Transaction, TransactionEventEvent, TransactionEventItemsItem, TransactionEventsItem, TransactionStatus};
use crate::DateTime;

/// A request to move money on a transaction, as the fake read it.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Movement {
    pub(super) kind: MovementKind,
    /// Minor units; 0 for a void.
    pub(super) amount: i64,
    /// `(line_id, amount)` of the lines named in the request.
    pub(super) lines: Vec<(String, i64)>,
    /// `capture_reference` or `refund_reference`.
    pub(super) reference: Option<String>,
}

/// Which way money moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum MovementKind {
    Capture,
    Refund,
    Void,
}

impl MovementKind {
    fn verb(self) -> &'static str {
        match self {
            Self::Capture => "capture",
            Self::Refund => "refund",
            Self::Void => "void",
        }
    }

    fn event(self) -> TransactionEventEvent {
        match self {
            Self::Capture => TransactionEventEvent::Capture,
            Self::Refund => TransactionEventEvent::Refund,
            Self::Void => TransactionEventEvent::Void,
        }
    }

    fn initiate_event(self) -> TransactionEventEvent {
        match self {
            Self::Capture => TransactionEventEvent::InitiateCapture,
            Self::Refund => TransactionEventEvent::InitiateRefund,
            Self::Void => TransactionEventEvent::InitiateVoid,
        }
    }
}

impl Movement {
    /// A void (no amount, no lines).
    pub(super) fn void() -> Self {
        Self { kind: MovementKind::Void, amount: 0, lines: Vec::new(), reference: None }
    }
}

/// An operation answered with `202 Accepted` that has not completed yet.
#[derive(Clone, Debug)]
struct Pending {
    event_request_id: String,
    movement: Movement,
}

/// A transaction and the amounts its rules are checked against.
#[derive(Clone, Debug)]
pub(super) struct Ledger {
    /// Its `amount` is the amount authorized.
    transaction: Transaction,
    captured: i64,
    refunded: i64,
    voided: bool,
    pending: Vec<Pending>,
}

impl Ledger {
    /// An `AUTHORIZED` transaction (with its `AUTHORIZE` event) for
    /// `transaction`'s amount.
    pub(super) fn authorized(mut transaction: Transaction, request_id: &str, now: &DateTime) -> Self {
        let authorized = transaction.amount;
        transaction.created_at = Some(now.clone());
        transaction.updated_at = Some(now.clone());
        transaction.status = Some(TransactionStatus::Authorized);
        let mut ledger = Self { transaction, captured: 0, refunded: 0, voided: false, pending: Vec::new() };
        let event = Event { kind: TransactionEventEvent::Authorize, amount: authorized, lines: &[], reference: None, request_id, correlation: None };
        ledger.record(event, now);
        ledger
    }

    /// The amount authorized.
    fn authorized_amount(&self) -> i64 {
        self.transaction.amount
    }

    /// The transaction as the API shows it.
    pub(super) fn transaction(&self) -> &Transaction {
        &self.transaction
    }

    /// The transaction's id.
    pub(super) fn id(&self) -> &str {
        self.transaction.id.as_deref().unwrap_or_default()
    }

    /// The amount that may still be captured, after pending captures.
    fn capturable(&self) -> i64 {
        self.authorized_amount() - self.captured - self.pending_amount(MovementKind::Capture)
    }

    /// The amount that may still be refunded, after pending refunds.
    fn refundable(&self) -> i64 {
        self.captured - self.refunded - self.pending_amount(MovementKind::Refund)
    }

    fn pending_amount(&self, kind: MovementKind) -> i64 {
        self.pending.iter().filter(|p| p.movement.kind == kind).map(|p| p.movement.amount).sum()
    }

    /// Whether `movement` is allowed now; the reason it is not, as the API
    /// answers it, otherwise.
    pub(super) fn check(&self, movement: &Movement) -> Result<(), Rejection> {
        let verb = movement.kind.verb();
        let id = self.id();
        if movement.kind != MovementKind::Void && movement.amount <= 0 {
            return Err(Rejection::bad_request("invalid_amount", format!("the {verb} amount must be positive, not {}", movement.amount)));
        }
        self.check_lines(movement)?;
        let void_under_way = self.pending.iter().any(|p| p.movement.kind == MovementKind::Void);
        if movement.kind == MovementKind::Capture && (self.voided || void_under_way) {
            return Err(Rejection::bad_request(
                "transaction_voided",
                format!("cannot capture transaction {id}: its authorization was voided{}", if self.voided { "" } else { " (the void is pending)" }),
            ));
        }
        match movement.kind {
            MovementKind::Capture | MovementKind::Refund => self.check_limit(movement)?,
            MovementKind::Void => {
                let status = self.status_text();
                let pending_capture = self.pending_amount(MovementKind::Capture) > 0;
                if self.voided || self.captured > 0 || pending_capture || void_under_way {
                    return Err(Rejection::bad_request(
                        "void_not_allowed",
                        format!("cannot void transaction {id}: it is {status}; only an authorization with nothing captured can be voided"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// A capture up to what is authorized and not yet captured; a refund up
    /// to what is captured and not yet refunded (pending ones counted).
    fn check_limit(&self, movement: &Movement) -> Result<(), Rejection> {
        let (code, limit, base, total, done, done_word) = match movement.kind {
            MovementKind::Capture => ("capture_amount_exceeds_authorized", self.capturable(), "authorized", self.authorized_amount(), self.captured, "captured"),
            _ => ("refund_amount_exceeds_captured", self.refundable(), "captured", self.captured, self.refunded, "refunded"),
        };
        if movement.amount <= limit {
            return Ok(());
        }
        Err(Rejection::bad_request(
            code,
            format!(
                "cannot {} {} of transaction {}: {limit} of the {base} {total} can still be {done_word} ({done} {done_word}{})",
                movement.kind.verb(),
                movement.amount,
                self.id(),
                self.pending_note(movement.kind),
            ),
        ))
    }

    fn pending_note(&self, kind: MovementKind) -> String {
        match self.pending_amount(kind) {
            0 => String::new(),
            pending => format!(", {pending} pending"),
        }
    }

    /// Lines named in a capture or refund must be lines of the transaction,
    /// and add up to the amount.
    fn check_lines(&self, movement: &Movement) -> Result<(), Rejection> {
        if movement.lines.is_empty() {
            return Ok(());
        }
        let verb = movement.kind.verb();
        let known: Vec<&str> = self.transaction.items.iter().flatten().filter_map(|line| line.line_id.as_deref()).collect();
        let mut seen: Vec<&str> = Vec::new();
        let mut sum: i64 = 0;
        for (line_id, amount) in &movement.lines {
            if !known.contains(&line_id.as_str()) {
                return Err(Rejection::bad_request(
                    "unknown_line_id",
                    format!("the {verb} names line_id `{line_id}`, which is not a line of transaction {} (its lines: {})", self.id(), known.join(", ")),
                ));
            }
            if seen.contains(&line_id.as_str()) {
                return Err(Rejection::bad_request("duplicate_line_id", format!("the {verb} names line_id `{line_id}` twice")));
            }
            seen.push(line_id);
            if *amount < 0 {
                return Err(Rejection::bad_request("invalid_amount", format!("the {verb} amount of line `{line_id}` must not be negative, not {amount}")));
            }
            sum = sum.checked_add(*amount).ok_or_else(|| Rejection::bad_request("invalid_amount", format!("the {verb}'s line amounts overflow")))?;
        }
        if sum != movement.amount {
            return Err(Rejection::bad_request(
                "items_amount_mismatch",
                format!("the {verb} amount is {} but its items add up to {sum}", movement.amount),
            ));
        }
        Ok(())
    }

    /// Applies a checked `movement` now; returns the id of its event.
    pub(super) fn apply(&mut self, movement: &Movement, request_id: &str, now: &DateTime) -> String {
        self.apply_correlated(movement, request_id, None, now)
    }

    /// Applies `movement`; `correlation` is the `request_id` of the
    /// `INITIATE_*` event it completes. Returns the id of its event.
    fn apply_correlated(&mut self, movement: &Movement, request_id: &str, correlation: Option<&str>, now: &DateTime) -> String {
        match movement.kind {
            MovementKind::Capture => self.captured += movement.amount,
            MovementKind::Refund => self.refunded += movement.amount,
            MovementKind::Void => self.voided = true,
        }
        self.transaction.status = Some(self.status());
        self.transaction.updated_at = Some(now.clone());
        let amount = if movement.kind == MovementKind::Void { self.authorized_amount() - self.captured } else { movement.amount };
        let event = Event { kind: movement.kind.event(), amount, lines: &movement.lines, reference: movement.reference.as_deref(), request_id, correlation };
        self.record(event, now)
    }

    /// Accepts a checked `movement` that completes later (`202 Accepted`):
    /// its amount is reserved and an `INITIATE_*` event recorded.
    pub(super) fn accept(&mut self, movement: &Movement, event_request_id: &str, now: &DateTime) {
        let event = Event {
            kind: movement.kind.initiate_event(),
            amount: movement.amount,
            lines: &movement.lines,
            reference: movement.reference.as_deref(),
            request_id: event_request_id,
            correlation: None,
        };
        self.record(event, now);
        self.transaction.updated_at = Some(now.clone());
        self.pending.push(Pending { event_request_id: event_request_id.to_owned(), movement: movement.clone() });
    }

    /// Completes every accepted operation, oldest first: each gets an event
    /// of its own (`request_id` from `next_id`) whose
    /// `correlation_request_id` is the accepted one's `event-request-id`.
    /// Returns the kind and event id of each completion.
    pub(super) fn complete_pending(&mut self, now: &DateTime, mut next_id: impl FnMut() -> String) -> Vec<(MovementKind, String)> {
        let pending = std::mem::take(&mut self.pending);
        pending
            .into_iter()
            .map(|p| {
                let request_id = next_id();
                let event_id = self.apply_correlated(&p.movement, &request_id, Some(&p.event_request_id), now);
                (p.movement.kind, event_id)
            })
            .collect()
    }

    /// The status the amounts give.
    fn status(&self) -> TransactionStatus {
        if self.voided {
            TransactionStatus::AuthorizationVoided
        } else if self.refunded > 0 {
            if self.refunded == self.captured {
                TransactionStatus::Refunded
            } else {
                TransactionStatus::PartiallyRefunded
            }
        } else if self.captured > 0 {
            if self.captured == self.authorized_amount() {
                TransactionStatus::Captured
            } else {
                TransactionStatus::PartiallyCaptured
            }
        } else {
            TransactionStatus::Authorized
        }
    }

    fn status_text(&self) -> String {
        self.transaction.status.as_ref().map_or_else(|| "without a status".to_owned(), ToString::to_string)
    }

    /// Adds `event` with the status the transaction has now; returns its id.
    fn record(&mut self, event: Event<'_>, now: &DateTime) -> String {
        let id = super::ids::uuid();
        let mut item = TransactionEventsItem::new()
            .event(event.kind)
            .success(true)
            // Minor units, as whole numbers: exact in an f64.
            .amount(event.amount as f64)
            .created_at(now.clone())
            .created_by("fake-dintero")
            .request_id(event.request_id);
        if !event.lines.is_empty() {
            item = item.items(event.lines.iter().map(|(line_id, amount)| TransactionEventItemsItem::new().line_id(line_id).amount(*amount)));
        }
        if let Some(reference) = event.reference {
            item = item.event_reference(reference);
        }
        if let Some(correlation) = event.correlation {
            item = item.correlation_request_id(correlation);
        }
        item.id = Some(id.clone());
        item.transaction_status = self.transaction.status.clone();
        self.transaction.events.get_or_insert_with(Vec::new).push(item);
        id
    }
}

/// An event to record on a transaction.
struct Event<'a> {
    kind: TransactionEventEvent,
    amount: i64,
    lines: &'a [(String, i64)],
    /// `capture_reference` or `refund_reference`.
    reference: Option<&'a str>,
    request_id: &'a str,
    /// The `request_id` of the `INITIATE_*` event this one completes.
    correlation: Option<&'a str>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{OrderLine, TransactionPaymentProduct, TransactionPaymentProductType};

    fn now() -> DateTime {
        DateTime::from("2026-11-25T12:00:00Z")
    }

    fn ledger(amount: i64) -> Ledger {
        let mut transaction = Transaction::new(TransactionPaymentProduct::Vipps, TransactionPaymentProductType::Vipps, amount, "NOK");
        transaction.id = Some("T12345678.tx".to_owned());
        transaction.items = Some(vec![OrderLine::new().line_id("1").amount(amount / 2), OrderLine::new().line_id("2").amount(amount - amount / 2)]);
        Ledger::authorized(transaction, "req-0", &now())
    }

    fn movement(kind: MovementKind, amount: i64) -> Movement {
        Movement { kind, amount, lines: Vec::new(), reference: None }
    }

    fn status(ledger: &Ledger) -> TransactionStatus {
        ledger.transaction().status().cloned().expect("a status")
    }

    fn code(result: Result<(), Rejection>) -> String {
        result.expect_err("rejected").code.to_owned()
    }

    fn run(ledger: &mut Ledger, movement: &Movement) -> Result<(), Rejection> {
        ledger.check(movement)?;
        let event_id = ledger.apply(movement, "req", &now());
        let last = ledger.transaction().events.as_ref().and_then(|events| events.last()).and_then(|event| event.id().cloned());
        assert_eq!(last, Some(event_id), "apply returns the id of the event it recorded");
        Ok(())
    }

    #[test]
    fn captures_add_up_to_the_authorized_amount_and_no_further() {
        let mut ledger = ledger(10_000);
        assert_eq!(status(&ledger), TransactionStatus::Authorized);
        run(&mut ledger, &movement(MovementKind::Capture, 4_000)).expect("first capture");
        assert_eq!(status(&ledger), TransactionStatus::PartiallyCaptured);
        assert_eq!(code(run(&mut ledger, &movement(MovementKind::Capture, 6_001))), "capture_amount_exceeds_authorized");
        run(&mut ledger, &movement(MovementKind::Capture, 6_000)).expect("the rest");
        assert_eq!(status(&ledger), TransactionStatus::Captured);
        assert_eq!(code(run(&mut ledger, &movement(MovementKind::Capture, 1))), "capture_amount_exceeds_authorized");
    }

    #[test]
    fn refunds_add_up_to_the_captured_amount_and_no_further() {
        let mut ledger = ledger(10_000);
        assert_eq!(code(run(&mut ledger, &movement(MovementKind::Refund, 1))), "refund_amount_exceeds_captured");
        run(&mut ledger, &movement(MovementKind::Capture, 8_000)).expect("capture");
        run(&mut ledger, &movement(MovementKind::Refund, 3_000)).expect("refund");
        assert_eq!(status(&ledger), TransactionStatus::PartiallyRefunded);
        assert_eq!(code(run(&mut ledger, &movement(MovementKind::Refund, 5_001))), "refund_amount_exceeds_captured");
        run(&mut ledger, &movement(MovementKind::Refund, 5_000)).expect("the rest");
        assert_eq!(status(&ledger), TransactionStatus::Refunded);
    }

    #[test]
    fn only_an_authorization_with_nothing_captured_can_be_voided() {
        let mut voidable = ledger(10_000);
        run(&mut voidable, &Movement::void()).expect("void");
        assert_eq!(status(&voidable), TransactionStatus::AuthorizationVoided);
        assert_eq!(code(run(&mut voidable, &Movement::void())), "void_not_allowed");
        assert_eq!(code(run(&mut voidable, &movement(MovementKind::Capture, 1))), "transaction_voided");

        let mut captured = ledger(10_000);
        run(&mut captured, &movement(MovementKind::Capture, 1)).expect("capture");
        assert_eq!(code(run(&mut captured, &Movement::void())), "void_not_allowed");
    }

    #[test]
    fn amounts_must_be_positive_and_lines_must_match() {
        let mut ledger = ledger(10_000);
        assert_eq!(code(run(&mut ledger, &movement(MovementKind::Capture, 0))), "invalid_amount");
        let unknown = Movement { lines: vec![("9".to_owned(), 100)], ..movement(MovementKind::Capture, 100) };
        assert_eq!(code(run(&mut ledger, &unknown)), "unknown_line_id");
        let mismatch = Movement { lines: vec![("1".to_owned(), 100)], ..movement(MovementKind::Capture, 200) };
        assert_eq!(code(run(&mut ledger, &mismatch)), "items_amount_mismatch");
        let twice = Movement { lines: vec![("1".to_owned(), 100), ("1".to_owned(), 100)], ..movement(MovementKind::Capture, 200) };
        assert_eq!(code(run(&mut ledger, &twice)), "duplicate_line_id");
        let negative = Movement { lines: vec![("1".to_owned(), 300), ("2".to_owned(), -100)], ..movement(MovementKind::Capture, 200) };
        assert_eq!(code(run(&mut ledger, &negative)), "invalid_amount");
        let overflowing = Movement { lines: vec![("1".to_owned(), i64::MAX), ("2".to_owned(), i64::MAX)], ..movement(MovementKind::Capture, 200) };
        assert_eq!(code(run(&mut ledger, &overflowing)), "invalid_amount");
        let matching = Movement { lines: vec![("1".to_owned(), 100), ("2".to_owned(), 100)], ..movement(MovementKind::Capture, 200) };
        run(&mut ledger, &matching).expect("lines that add up");
    }

    #[test]
    fn an_accepted_capture_reserves_its_amount_until_it_completes() {
        let mut ledger = ledger(10_000);
        let capture = movement(MovementKind::Capture, 10_000);
        ledger.check(&capture).expect("allowed");
        ledger.accept(&capture, "evt-1", &now());
        assert_eq!(status(&ledger), TransactionStatus::Authorized, "not captured yet");
        assert_eq!(code(ledger.check(&capture)), "capture_amount_exceeds_authorized", "a second capture of the same amount");
        assert_eq!(code(ledger.check(&Movement::void())), "void_not_allowed", "a capture is under way");
        let completed = ledger.complete_pending(&now(), || "req-2".to_owned());
        assert_eq!(status(&ledger), TransactionStatus::Captured);
        let events = ledger.transaction().events.clone().unwrap_or_default();
        let completion = events.last().expect("the completion");
        assert_eq!(completed, vec![(MovementKind::Capture, completion.id().cloned().unwrap_or_default())], "the completion's event id");
        assert_eq!((completion.request_id.as_deref(), completion.correlation_request_id.as_deref()), (Some("req-2"), Some("evt-1")));
        assert_eq!(events[events.len() - 2].event.as_ref().map(ToString::to_string).as_deref(), Some("INITIATE_CAPTURE"));
    }

    #[test]
    fn every_step_is_an_event_with_the_status_it_left() {
        let mut ledger = ledger(10_000);
        run(&mut ledger, &Movement { reference: Some("cap-1".to_owned()), ..movement(MovementKind::Capture, 10_000) }).expect("capture");
        run(&mut ledger, &movement(MovementKind::Refund, 2_500)).expect("refund");
        let events = ledger.transaction().events.clone().unwrap_or_default();
        let summary: Vec<(String, Option<f64>, String)> = events
            .iter()
            .map(|e| (e.event.as_ref().map(ToString::to_string).unwrap_or_default(), e.amount, e.transaction_status().map(ToString::to_string).unwrap_or_default()))
            .collect();
        assert_eq!(
            summary,
            [
                ("AUTHORIZE".to_owned(), Some(10_000.0), "AUTHORIZED".to_owned()),
                ("CAPTURE".to_owned(), Some(10_000.0), "CAPTURED".to_owned()),
                ("REFUND".to_owned(), Some(2_500.0), "PARTIALLY_REFUNDED".to_owned()),
            ]
        );
        assert_eq!(events[1].event_reference.as_deref(), Some("cap-1"));
    }
}
