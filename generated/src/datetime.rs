//! Dates and times as the API sends them: the text is kept exactly, so a
//! value round-trips byte for byte and an unusual value from the server
//! never makes a whole response unreadable; the typed value is parsed on
//! demand, with [`time`](https://docs.rs/time).
//!
//! `time` rather than `chrono`: a smaller dependency with RFC 3339 parsing
//! and formatting built in, and no local-time-zone lookups.

use serde::{Deserialize, Serialize};
use std::fmt;

pub use time::{Date as TimeDate, OffsetDateTime};

/// A `date-time` (RFC 3339, `2024-07-01T10:00:00Z`) kept as received.
///
/// ```
/// use dintero_checkout::DateTime;
/// let at = DateTime::from("2024-07-01T10:00:00.123+02:00");
/// assert_eq!(at.parse()?.unix_timestamp(), 1_719_820_800);
/// assert_eq!(at.as_str(), "2024-07-01T10:00:00.123+02:00"); // exactly as received
/// # Ok::<(), time::error::Parse>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DateTime(String);

impl DateTime {
    /// The value as it is on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The instant, parsed as RFC 3339.
    pub fn parse(&self) -> Result<OffsetDateTime, time::error::Parse> {
        OffsetDateTime::parse(&self.0, &time::format_description::well_known::Rfc3339)
    }
}

impl From<OffsetDateTime> for DateTime {
    /// The instant in RFC 3339 (an instant too far out to be written in
    /// RFC 3339, beyond year 9999, is written with `Display`).
    fn from(value: OffsetDateTime) -> Self {
        Self(value.format(&time::format_description::well_known::Rfc3339).unwrap_or_else(|_| value.to_string()))
    }
}

/// A `date` (`2024-07-01`) kept as received.
///
/// ```
/// use dintero_checkout::Date;
/// let day = Date::from("2024-07-01");
/// assert_eq!(day.parse()?.ordinal(), 183);
/// # Ok::<(), time::error::Parse>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Date(String);

/// `YYYY-MM-DD`.
const DATE_FORMAT: &[time::format_description::BorrowedFormatItem<'_>] = time::macros::format_description!("[year]-[month]-[day]");

impl Date {
    /// The value as it is on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The calendar date, parsed as `YYYY-MM-DD`.
    pub fn parse(&self) -> Result<TimeDate, time::error::Parse> {
        TimeDate::parse(&self.0, DATE_FORMAT)
    }
}

impl From<TimeDate> for Date {
    /// The date as `YYYY-MM-DD`.
    fn from(value: TimeDate) -> Self {
        Self(value.format(DATE_FORMAT).unwrap_or_else(|_| value.to_string()))
    }
}

macro_rules! text_conversions {
    ($($name:ident),*) => {$(
        impl From<String> for $name {
            /// The value, kept exactly; it is parsed only by `parse`.
            fn from(value: String) -> Self {
                Self(value)
            }
        }

        impl From<&str> for $name {
            /// The value, kept exactly; it is parsed only by `parse`.
            fn from(value: &str) -> Self {
                Self(value.to_owned())
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    )*};
}

text_conversions!(DateTime, Date);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_values_are_kept_and_fail_only_when_parsed() {
        let odd: DateTime = serde_json::from_str("\"2024-07-01 10:00\"").expect("any string decodes");
        assert_eq!(serde_json::to_string(&odd).expect("encodes"), "\"2024-07-01 10:00\"");
        assert!(odd.parse().is_err());
    }

    #[test]
    fn typed_values_convert_both_ways() {
        let at = DateTime::from("2024-07-01T10:00:00Z").parse().expect("RFC 3339");
        assert_eq!(DateTime::from(at), "2024-07-01T10:00:00Z");
        let day = Date::from("2024-02-29").parse().expect("a leap day");
        assert_eq!(Date::from(day), "2024-02-29");
    }
}
