//! Rust type expressions as data: what a field, argument or body is declared
//! as, with its `Option` and `Box` layers. The emitters print them as
//! tokens, the surface file writes them as the Rust text users read
//! (`Option<Vec<OrderItem>>`) and reads them back with [`Ty::parse`], and the
//! change report compares them as values.

use crate::names::TypeName;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// A Rust type, as users write it (named types without their module).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ty {
    /// `String`.
    String,
    /// `DateTime`: a `date-time` string, kept exactly.
    DateTime,
    /// `Date`: a `date` string, kept exactly.
    Date,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
    /// `serde_json::Value`.
    Json,
    /// `serde_json::Map<String, serde_json::Value>`.
    JsonObject,
    /// `bytes::Bytes`: a body read as it came.
    Bytes,
    /// `()`: no body.
    Unit,
    /// A type of the crate's `models`.
    Named(TypeName),
    /// `Vec<T>`.
    Vec(Box<Ty>),
    /// `BTreeMap<String, T>`.
    Map(Box<Ty>),
    /// `Option<T>`.
    Option(Box<Ty>),
    /// `Box<T>`.
    Boxed(Box<Ty>),
}

impl Ty {
    /// `Option<self>`.
    pub fn optional(self) -> Self {
        Self::Option(Box::new(self))
    }

    /// Whether values are `Copy` (numbers and booleans).
    pub fn is_copy(&self) -> bool {
        matches!(self, Self::I32 | Self::I64 | Self::F64 | Self::Bool)
    }

    /// `self` without its `n` outermost `Option`s (fewer if it has fewer).
    pub fn without_options(&self, n: usize) -> &Ty {
        match self {
            Self::Option(inner) if n > 0 => inner.without_options(n - 1),
            other => other,
        }
    }

    /// Calls `f` on every named type in `self`, to rewrite it in place.
    pub fn visit_names_mut(&mut self, f: &mut impl FnMut(&mut TypeName)) {
        match self {
            Self::Named(name) => f(name),
            Self::Vec(inner) | Self::Map(inner) | Self::Option(inner) | Self::Boxed(inner) => inner.visit_names_mut(f),
            _ => {}
        }
    }

    /// `self` with each type that `renames` lists (old name to new name)
    /// replaced by its new name.
    pub fn renamed(&self, renames: &BTreeMap<String, String>) -> Ty {
        let mut ty = self.clone();
        ty.visit_names_mut(&mut |name| {
            if let Some(new) = renames.get(name.as_str()) {
                *name = TypeName::from_rust(new);
            }
        });
        ty
    }

    /// The type with the distinctions JSON does not make erased: dates are
    /// strings on the wire, both integer widths are JSON numbers, and a
    /// `Box` is its value.
    pub fn wire_form(&self) -> Ty {
        let wrap = |inner: &Ty, make: fn(Box<Ty>) -> Ty| make(Box::new(inner.wire_form()));
        match self {
            Self::DateTime | Self::Date => Self::String,
            Self::I32 => Self::I64,
            Self::Vec(inner) => wrap(inner, Self::Vec),
            Self::Map(inner) => wrap(inner, Self::Map),
            Self::Option(inner) => wrap(inner, Self::Option),
            Self::Boxed(inner) => inner.wire_form(),
            other => other.clone(),
        }
    }

    /// Reads the text [`fmt::Display`] writes.
    pub fn parse(text: &str) -> Result<Ty, String> {
        let mut parser = Parser { text, at: 0 };
        let ty = parser.ty()?;
        parser.skip_spaces();
        if parser.at != text.len() {
            return Err(format!("`{text}` is not a Rust type: unexpected `{}`", &text[parser.at..]));
        }
        Ok(ty)
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::String => f.write_str("String"),
            Self::DateTime => f.write_str("DateTime"),
            Self::Date => f.write_str("Date"),
            Self::I32 => f.write_str("i32"),
            Self::I64 => f.write_str("i64"),
            Self::F64 => f.write_str("f64"),
            Self::Bool => f.write_str("bool"),
            Self::Json => f.write_str("serde_json::Value"),
            Self::JsonObject => f.write_str("serde_json::Map<String, serde_json::Value>"),
            Self::Bytes => f.write_str("Bytes"),
            Self::Unit => f.write_str("()"),
            Self::Named(name) => write!(f, "{name}"),
            Self::Vec(inner) => write!(f, "Vec<{inner}>"),
            Self::Map(inner) => write!(f, "BTreeMap<String, {inner}>"),
            Self::Option(inner) => write!(f, "Option<{inner}>"),
            Self::Boxed(inner) => write!(f, "Box<{inner}>"),
        }
    }
}

impl Serialize for Ty {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Ty {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ty::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A recursive-descent reader of the type grammar [`Ty`] prints.
struct Parser<'t> {
    text: &'t str,
    at: usize,
}

impl Parser<'_> {
    fn skip_spaces(&mut self) {
        while self.text[self.at..].starts_with(' ') {
            self.at += 1;
        }
    }

    fn eat(&mut self, token: &str) -> bool {
        self.skip_spaces();
        if self.text[self.at..].starts_with(token) {
            self.at += token.len();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, token: &str) -> Result<(), String> {
        if self.eat(token) {
            Ok(())
        } else {
            Err(format!("`{}` is not a Rust type: `{token}` expected at `{}`", self.text, &self.text[self.at..]))
        }
    }

    /// `Wrapper<` already read: the inner type and the closing `>`.
    fn inner(&mut self, make: fn(Box<Ty>) -> Ty) -> Result<Ty, String> {
        let inner = self.ty()?;
        self.expect(">")?;
        Ok(make(Box::new(inner)))
    }

    fn ty(&mut self) -> Result<Ty, String> {
        if self.eat("()") {
            return Ok(Ty::Unit);
        }
        if self.eat("serde_json::Map<String, serde_json::Value>") {
            return Ok(Ty::JsonObject);
        }
        if self.eat("serde_json::Value") {
            return Ok(Ty::Json);
        }
        if self.eat("BTreeMap<String,") {
            return self.inner(Ty::Map);
        }
        for (wrapper, make) in [("Vec<", Ty::Vec as fn(Box<Ty>) -> Ty), ("Option<", Ty::Option), ("Box<", Ty::Boxed)] {
            if self.eat(wrapper) {
                return self.inner(make);
            }
        }
        self.skip_spaces();
        let rest = &self.text[self.at..];
        let len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        let word = &rest[..len];
        self.at += len;
        Ok(match word {
            "" => return Err(format!("`{}` is not a Rust type: a type expected at `{rest}`", self.text)),
            "String" => Ty::String,
            "DateTime" => Ty::DateTime,
            "Date" => Ty::Date,
            "i32" => Ty::I32,
            "i64" => Ty::I64,
            "f64" => Ty::F64,
            "bool" => Ty::Bool,
            "Bytes" => Ty::Bytes,
            name => Ty::Named(TypeName::from_rust(name)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Ty;
    use std::collections::BTreeMap;

    #[test]
    fn the_printed_text_reads_back_as_the_same_type() {
        for text in [
            "Option<Vec<OrderItem>>",
            "BTreeMap<String, serde_json::Value>",
            "Option<Option<Box<Session>>>",
            "serde_json::Map<String, serde_json::Value>",
            "()",
            "Bytes",
            "Vec<DateTime>",
            "i32",
        ] {
            let ty = Ty::parse(text).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(ty.to_string(), text);
        }
        assert!(Ty::parse("Option<String").is_err());
        assert!(Ty::parse("Vec<>").is_err());
        assert!(Ty::parse("String, i32").is_err());
    }

    #[test]
    fn renames_replace_whole_names_and_wire_forms_erase_only_what_json_erases() {
        let renames = BTreeMap::from([("Order".to_owned(), "OrderV2".to_owned())]);
        let parse = |text| Ty::parse(text).expect("a type");
        assert_eq!(parse("Option<Vec<Order>>").renamed(&renames), parse("Option<Vec<OrderV2>>"));
        assert_eq!(parse("BTreeMap<String, OrderItem>").renamed(&renames), parse("BTreeMap<String, OrderItem>"));
        assert_eq!(parse("Option<DateTime>").wire_form(), parse("Option<String>").wire_form());
        assert_eq!(parse("Vec<i32>").wire_form(), parse("Vec<i64>").wire_form());
        assert_eq!(parse("Option<Box<Address>>").wire_form(), parse("Option<Address>").wire_form(), "a box is its value");
        assert_ne!(parse("DateRange").wire_form(), parse("String").wire_form(), "whole names only");
        assert_ne!(parse("i64").wire_form(), parse("f64").wire_form());
    }
}
