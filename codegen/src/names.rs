//! The one place where wire names become Rust identifiers.
//!
//! Every identifier the emitters print comes from a newtype built here, so a raw
//! spec string never reaches `format_ident!`. The wire name is always kept
//! beside the identifier (for `#[serde(rename)]`).

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::fmt;

/// Words that cannot be plain identifiers (strict and reserved keywords of
/// Rust 2021), plus `Self`.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names the generated modules use from the prelude or import; a schema
/// with one of these names gets a suffix so it cannot shadow them.
/// `Bytes`, `Date` and `DateTime` are the runtime's, and a model of that
/// name would read as the runtime's type in the surface file.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Box", "Bytes", "Date", "DateTime", "Deserialize", "Deserializer", "Err", "None", "Ok", "Option",
    "Result", "Self", "Serialize", "Serializer", "Some", "String", "Vec",
];

macro_rules! ident_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// The identifier as it is printed in Rust code.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// An identifier taken as it is: one printed before (read back
            /// from a surface file), or a provisional name of resolution.
            pub fn from_rust(name: &str) -> Self {
                Self(name.to_owned())
            }

            /// The same identifier with a numeric suffix, to resolve a collision.
            pub fn with_suffix(&self, n: usize) -> Self {
                Self(format!("{}{}", self.0, n))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

ident_newtype!(
    /// An UpperCamelCase type name (`Session`, `TransactionCard`).
    TypeName
);
ident_newtype!(
    /// A snake_case field name (`gateway_id` for wire name `gateway:id`).
    FieldName
);
ident_newtype!(
    /// An UpperCamelCase enum variant name (`PayexCreditcard` for `payex.creditcard`).
    VariantName
);

impl TypeName {
    /// The type name for a schema, property path or other spec name.
    pub fn from_wire(wire: &str) -> Self {
        let camel = upper_camel(wire, "Type");
        if RESERVED_TYPE_NAMES.contains(&camel.as_str()) {
            Self(format!("{camel}Model"))
        } else {
            Self(camel)
        }
    }

    /// The name of an inline type found under `self` at `wire` (`Session` +
    /// `order` = `SessionOrder`). Leading words of `wire` that the parent's
    /// name already holds, in the same order, are not repeated
    /// (`SessionCustomer` + `customer_id` = `SessionCustomerId`,
    /// `TransactionKlarnaMetadata` + `klarna:fraud_status` =
    /// `TransactionKlarnaMetadataFraudStatus`); the last word always stays.
    pub fn child(&self, wire: &str) -> Self {
        let child = upper_camel(wire, "");
        let parent_words = words(&self.0);
        let child_words = words(&child);
        let repeated = (1..child_words.len())
            .rev()
            .find(|&n| parent_words.windows(n).any(|w| w == &child_words[..n]))
            .unwrap_or(0);
        Self::from_wire(&format!("{}{}", self.0, child_words[repeated..].concat()))
    }

    /// `self` followed by a fixed word (`Item`, `Variant`).
    pub fn suffixed(&self, word: &str) -> Self {
        Self(format!("{}{word}", self.0))
    }
}

impl FieldName {
    /// The field name for a property wire name: snake_case, keywords get a
    /// trailing underscore (`type` becomes `type_`), digits get a prefix.
    pub fn from_wire(wire: &str) -> Self {
        let mut snake = wire
            .replace(|c: char| !c.is_ascii_alphanumeric(), " ")
            .to_snake_case();
        if snake.is_empty() {
            snake = "field".to_owned();
        }
        if snake.starts_with(|c: char| c.is_ascii_digit()) {
            snake = format!("field_{snake}");
        }
        if KEYWORDS.contains(&snake.as_str()) {
            snake.push('_');
        }
        Self(snake)
    }

    /// Whether the identifier equals the wire name, so no `serde(rename)` is needed.
    pub fn matches_wire(&self, wire: &str) -> bool {
        self.0 == wire
    }
}

impl VariantName {
    /// The variant name for an enum value or union member.
    pub fn from_wire(wire: &str) -> Self {
        Self(upper_camel(wire, "Empty"))
    }

    /// A variant name chosen by the generator itself (`Unknown`).
    pub fn fixed(name: &str) -> Self {
        Self(name.to_owned())
    }
}

/// UpperCamelCase of `wire`, with a leading `V` before a digit and `empty`
/// for a name with no letters or digits.
fn upper_camel(wire: &str, empty: &str) -> String {
    let camel = wire
        .replace(|c: char| !c.is_ascii_alphanumeric(), " ")
        .to_upper_camel_case();
    if camel.is_empty() {
        return empty.to_owned();
    }
    if camel.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("V{camel}");
    }
    if KEYWORDS.contains(&camel.as_str()) {
        return format!("{camel}Value");
    }
    camel
}

/// The words of an UpperCamelCase name (`PayExCreditcard`: `Pay`, `Ex`, `Creditcard`).
fn words(camel: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    for (i, c) in camel.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            words.push(&camel[start..i]);
            start = i;
        }
    }
    if start < camel.len() {
        words.push(&camel[start..]);
    }
    words
}

/// Hands out unique names within one scope (a module, a struct's fields, an
/// enum's variants). The first taker of a name keeps it; later ones get the
/// lowest free numeric suffix, starting at 2. Callers process things in a
/// deterministic order, so the outcome is deterministic too.
#[derive(Debug, Default)]
pub struct NameScope {
    taken: std::collections::HashSet<String>,
}

impl NameScope {
    /// Reserves `name` exactly; returns false if it was already taken.
    pub fn reserve(&mut self, name: &str) -> bool {
        self.taken.insert(name.to_owned())
    }

    /// Whether `name` is taken.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Takes `wanted` or, if taken, the first free suffixed form. The second
    /// value is true when a suffix was needed (a collision worth reporting).
    pub fn claim<N: Clone + fmt::Display>(&mut self, wanted: N, suffix: impl Fn(&N, usize) -> N) -> (N, bool) {
        if self.reserve(&wanted.to_string()) {
            return (wanted, false);
        }
        let mut n = 2;
        loop {
            let candidate = suffix(&wanted, n);
            if self.reserve(&candidate.to_string()) {
                return (candidate, true);
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_are_snake_case_identifiers() {
        let cases = [
            ("type", "type_"),
            ("gateway:id", "gateway_id"),
            ("collector:Invoice.DueDate", "collector_invoice_due_date"),
            ("font-family", "font_family"),
            ("payex.creditcard", "payex_creditcard"),
            ("vipps:transactionInfo.timeStamp", "vipps_transaction_info_time_stamp"),
            ("3ds", "field_3ds"),
            ("self", "self_"),
            ("", "field"),
            ("amount", "amount"),
        ];
        for (wire, rust) in cases {
            assert_eq!(FieldName::from_wire(wire).as_str(), rust, "wire name {wire:?}");
        }
    }

    #[test]
    fn variant_and_type_names_are_upper_camel_case() {
        assert_eq!(VariantName::from_wire("payex.creditcard").as_str(), "PayexCreditcard");
        assert_eq!(VariantName::from_wire("application/json").as_str(), "ApplicationJson");
        assert_eq!(VariantName::from_wire("PARTIALLY_CAPTURED").as_str(), "PartiallyCaptured");
        assert_eq!(VariantName::from_wire("3DS").as_str(), "V3ds");
        assert_eq!(VariantName::from_wire("").as_str(), "Empty");
        assert_eq!(TypeName::from_wire("client_credentials").as_str(), "ClientCredentials");
        assert_eq!(TypeName::from_wire("String").as_str(), "StringModel");
        assert_eq!(TypeName::from_wire("Session").child("order").as_str(), "SessionOrder");
    }

    #[test]
    fn inline_names_do_not_repeat_the_parents_words() {
        let child = |parent: &str, wire: &str| TypeName::from_wire(parent).child(wire).to_string();
        assert_eq!(child("SessionCustomer", "customer_id"), "SessionCustomerId");
        assert_eq!(child("TransactionKlarnaMetadata", "klarna:authorized_payment_method"), "TransactionKlarnaMetadataAuthorizedPaymentMethod");
        assert_eq!(child("TransactionVippsEventsItemMetadata", "vipps:transactionInfo"), "TransactionVippsEventsItemMetadataTransactionInfo");
        // The last word stays, so a child is never named like its parent.
        assert_eq!(child("SessionOrder", "order"), "SessionOrderOrder");
        assert_eq!(child("Session", "express"), "SessionExpress");
    }

    #[test]
    fn a_scope_resolves_collisions_with_numeric_suffixes() {
        let mut scope = NameScope::default();
        let a = scope.claim(FieldName::from_wire("font-family"), FieldName::with_suffix);
        let b = scope.claim(FieldName::from_wire("font_family"), FieldName::with_suffix);
        assert_eq!((a.0.as_str(), a.1), ("font_family", false));
        assert_eq!((b.0.as_str(), b.1), ("font_family2", true));
    }
}
