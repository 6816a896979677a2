//! A `tracing` collector for tests: every span (name, parent, fields and
//! every value recorded into them) and every event (level, target, fields,
//! span) of every crate, plus what `tracing_subscriber::fmt` prints for
//! the client in the same run.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// A span as the collector saw it.
#[derive(Clone, Debug)]
pub struct SpanRecord {
    /// The span's name.
    pub name: &'static str,
    /// The index of its parent in [`Captured::spans`].
    pub parent: Option<usize>,
    /// Each field's last value.
    pub fields: BTreeMap<String, String>,
    /// Every value recorded after the span was created, in order.
    pub recorded: Vec<(String, String)>,
}

impl SpanRecord {
    /// A field's last value.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }

    /// Every value recorded into `name` after creation, in order.
    pub fn history(&self, name: &str) -> Vec<&str> {
        self.recorded.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect()
    }
}

/// An event as the collector saw it.
#[derive(Clone, Debug)]
pub struct EventRecord {
    /// Its level.
    pub level: Level,
    /// Its target (the module that emitted it).
    pub target: String,
    /// Its fields, `message` included.
    pub fields: BTreeMap<String, String>,
    /// The index of its span in [`Captured::spans`].
    pub span: Option<usize>,
}

impl EventRecord {
    /// The message.
    pub fn message(&self) -> &str {
        self.field("message").unwrap_or("")
    }

    /// A field's value.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }
}

/// Everything captured so far.
#[derive(Debug, Default)]
pub struct Captured {
    /// Every span, in creation order.
    pub spans: Vec<SpanRecord>,
    /// Every event, in order.
    pub events: Vec<EventRecord>,
    /// What `tracing_subscriber::fmt` printed for the client (target
    /// `dintero_checkout`, `DEBUG` and up; no colours, no timestamps).
    pub fmt: String,
    live: HashMap<u64, usize>,
}

impl Captured {
    /// The spans named `name` with `operation` = `operation`.
    pub fn calls(&self, name: &str, operation: &str) -> Vec<(usize, &SpanRecord)> {
        self.spans.iter().enumerate().filter(|(_, s)| s.name == name && s.field("operation") == Some(operation)).collect()
    }

    /// The events of this crate's client (target `dintero_checkout...`) with `message`.
    pub fn events(&self, message: &str) -> Vec<&EventRecord> {
        self.events.iter().filter(|e| e.target.starts_with("dintero_checkout") && e.message() == message).collect()
    }

    /// All of it as text, to search for what must never be recorded.
    pub fn text(&self) -> String {
        format!("{:?}\n{:?}\n{}", self.spans, self.events, self.fmt)
    }
}

/// A handle on what is captured while its guard lives.
#[derive(Clone, Default)]
pub struct Capture(Arc<Mutex<Captured>>);

impl Capture {
    /// Captures everything at every level on this thread (which is where a
    /// `#[tokio::test]` runs its future and the client's connections) until
    /// the guard is dropped.
    pub fn start() -> (Self, tracing::subscriber::DefaultGuard) {
        let capture = Self::default();
        let writer = FmtWriter(capture.clone());
        let fmt = tracing_subscriber::fmt::layer()
            .with_ansi(false)
            .without_time()
            .with_writer(move || writer.clone())
            .with_filter(Targets::new().with_target("dintero_checkout", Level::DEBUG));
        let subscriber = tracing_subscriber::registry().with(capture.clone()).with(fmt);
        (capture, tracing::subscriber::set_default(subscriber))
    }

    /// What has been captured.
    pub fn get(&self) -> MutexGuard<'_, Captured> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[derive(Clone)]
struct FmtWriter(Capture);

impl std::io::Write for FmtWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.get().fmt.push_str(&String::from_utf8_lossy(buf));
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Field values as text: strings as they are, everything else with `Debug`
/// (which for `%`-recorded values is their `Display`).
struct Fields<'a>(&'a mut Vec<(String, String)>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut values = Vec::new();
        attrs.record(&mut Fields(&mut values));
        let mut captured = self.get();
        let parent = ctx.span(id).and_then(|s| s.parent()).and_then(|p| captured.live.get(&p.id().into_u64()).copied());
        let record = SpanRecord { name: attrs.metadata().name(), parent, fields: values.into_iter().collect(), recorded: Vec::new() };
        captured.spans.push(record);
        let index = captured.spans.len() - 1;
        captured.live.insert(id.into_u64(), index);
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, _ctx: Context<'_, S>) {
        let mut recorded = Vec::new();
        values.record(&mut Fields(&mut recorded));
        let mut captured = self.get();
        let Some(&index) = captured.live.get(&id.into_u64()) else { return };
        let span = &mut captured.spans[index];
        span.fields.extend(recorded.iter().cloned());
        span.recorded.extend(recorded);
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut values = Vec::new();
        event.record(&mut Fields(&mut values));
        let mut captured = self.get();
        let span = ctx.event_span(event).and_then(|s| captured.live.get(&s.id().into_u64()).copied());
        let metadata = event.metadata();
        let record = EventRecord { level: *metadata.level(), target: metadata.target().to_owned(), fields: values.into_iter().collect(), span };
        captured.events.push(record);
    }

    fn on_close(&self, id: Id, _ctx: Context<'_, S>) {
        self.get().live.remove(&id.into_u64());
    }
}
