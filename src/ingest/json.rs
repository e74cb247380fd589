//! Borrowed JSON field values for the text formats: any JSON value is accepted, so a field of the wrong
//! type is reported by name instead of failing the whole line inside serde.

use core::fmt;
use std::borrow::Cow;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::bad_record::BadReason;
use super::context::Fault;

/// One field's value, borrowed from the line when it has no escapes.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) enum Scalar<'a> {
    /// The key is absent.
    #[default]
    Missing,
    /// `null`.
    Null,
    /// A string.
    Text(Cow<'a, str>),
    /// A number.
    Number(f64),
    /// A boolean, object or array (skipped without being built).
    Other,
}

impl<'a> Scalar<'a> {
    /// The text, or `None` if absent or `null`; [`BadReason::WrongType`] for another type.
    pub(crate) fn text(&self) -> Result<Option<&str>, BadReason> {
        match self {
            Scalar::Missing | Scalar::Null => Ok(None),
            Scalar::Text(text) => Ok(Some(text)),
            Scalar::Number(_) | Scalar::Other => Err(BadReason::WrongType),
        }
    }

    /// The text, or [`BadReason::MissingField`] if absent or `null`.
    pub(crate) fn required_text(&self) -> Result<&str, BadReason> {
        self.text()?.ok_or(BadReason::MissingField)
    }

    /// Whether the key is present (even as `null`).
    pub(crate) fn is_present(&self) -> bool {
        !matches!(self, Scalar::Missing)
    }
}

/// Deserializes one JSON object from a line's bytes, borrowing its strings.
///
/// Only objects are records (serde would read an array into a struct by position). The line is checked
/// as UTF-8 once, whole, which is cheaper than serde checking each string.
pub(crate) fn parse_json<'a, T: Deserialize<'a>>(line: &'a [u8]) -> Result<T, Fault> {
    let text = std::str::from_utf8(line).map_err(|error| Fault {
        field: None,
        column: u32::try_from(error.valid_up_to() + 1).ok(),
        reason: BadReason::InvalidUtf8,
    })?;
    if !text.trim_start().starts_with('{') {
        return Err(Fault {
            field: None,
            column: Some(1),
            reason: BadReason::NotAnObject,
        });
    }
    serde_json::from_str(text).map_err(|error| {
        let reason = match error.classify() {
            serde_json::error::Category::Eof => BadReason::Truncated,
            _ => BadReason::InvalidJson,
        };
        Fault {
            field: None,
            column: u32::try_from(error.column())
                .ok()
                .filter(|&column| column > 0),
            reason,
        }
    })
}

/// The 1-based column of `part` inside `line`, when `part` is a slice of it (a borrowed value).
pub(crate) fn column_of(line: &[u8], part: &str) -> Option<u32> {
    let offset = (part.as_ptr() as usize).checked_sub(line.as_ptr() as usize)?;
    (offset + part.len() <= line.len())
        .then(|| u32::try_from(offset + 1).ok())
        .flatten()
}

impl<'de: 'a, 'a> Deserialize<'de> for Scalar<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Scalar::Text(Cow::Borrowed(value)))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Scalar::Text(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(Scalar::Text(Cow::Owned(value)))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        Ok(Scalar::Number(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(Scalar::Number(value as f64))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(Scalar::Number(value as f64))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Scalar::Other)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Null)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other)
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn every_json_type() {
        let parse = |text| serde_json::from_str::<Scalar<'_>>(text).unwrap();
        assert_eq!(parse(r#""12.5""#), Scalar::Text(Cow::Borrowed("12.5")));
        assert!(matches!(parse(r#""a\"b""#), Scalar::Text(Cow::Owned(text)) if text == "a\"b"));
        assert_eq!(parse("-7"), Scalar::Number(-7.0));
        assert_eq!(parse("1.5e1"), Scalar::Number(15.0));
        assert_eq!(parse("null"), Scalar::Null);
        assert_eq!(parse("true"), Scalar::Other);
        assert_eq!(parse(r#"{"a": [1, {"b": 2}]}"#), Scalar::Other);
        assert_eq!(parse("[1, 2]"), Scalar::Other);
    }

    #[test]
    fn columns_of_borrowed_values() {
        let line = r#"{"raw":"0D04"}"#.as_bytes();
        let raw = std::str::from_utf8(&line[8..12]).unwrap();
        assert_eq!(column_of(line, raw), Some(9));
        let elsewhere = String::from("0D04");
        assert_eq!(column_of(line, &elsewhere), None);
    }
}
