//! [`FilterError`]: why a filter does not parse, and where.

use core::fmt;

/// What is wrong with a filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// A quoted string has no closing quote.
    UnclosedString,
    /// A character that starts no token (a lone `&` or `|`).
    UnexpectedCharacter,
    /// A field name was needed (at the start, after `&&`, `||`, `!` or `(`).
    ExpectedField,
    /// The word is not a field; with the closest field name, if one is close.
    UnknownField {
        /// The field the user probably meant.
        suggestion: Option<&'static str>,
    },
    /// A field that is not `true`/`false` stands alone: it needs an operator and a value.
    ExpectedOperator {
        /// The field.
        field: &'static str,
    },
    /// An operator is not followed by a value.
    ExpectedValue {
        /// The operator, as written in the reference (`==`, `contains`...).
        operator: &'static str,
    },
    /// The operator does not apply to the field's kind of values.
    OperatorNotAllowed {
        /// The operator.
        operator: &'static str,
        /// The field.
        field: &'static str,
        /// What the field holds, e.g. `a number`.
        holds: &'static str,
    },
    /// The field takes numbers.
    ExpectedNumber {
        /// The field.
        field: &'static str,
    },
    /// The field takes `true` or `false`.
    ExpectedBool {
        /// The field.
        field: &'static str,
    },
    /// The field takes hex digits.
    ExpectedHex {
        /// The field.
        field: &'static str,
    },
    /// The field takes a date and time (`2026-01-01T10:00`, `2026-01-01`) or unix seconds.
    ExpectedTime,
    /// The value is not a payload type name or alias; with the closest name, if one is close.
    UnknownPayloadType {
        /// The name the user probably meant.
        suggestion: Option<&'static str>,
    },
    /// The value is not a route type name or alias; with the closest name, if one is close.
    UnknownRoute {
        /// The name the user probably meant.
        suggestion: Option<&'static str>,
    },
    /// A token follows a complete expression where `&&`, `||` or `)` was needed.
    ExpectedLogical,
    /// A `(` is never closed.
    UnclosedParenthesis,
    /// A `)` closes nothing.
    UnmatchedParenthesis,
}

/// A filter that does not parse: what is wrong, the 1-based character column where, and the offending text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError {
    /// What is wrong.
    pub kind: ErrorKind,
    /// The 1-based character column of the offending token (one past the end when the input ended early).
    pub column: usize,
    /// The offending token as written (empty at the end of the input); at most 40 characters.
    pub found: String,
}

/// Longest `found` kept.
const FOUND_CHARS: usize = 40;

impl FilterError {
    /// An error of `kind` at `column`, about the token `found`.
    pub fn new(kind: ErrorKind, column: usize, found: &str) -> FilterError {
        FilterError {
            kind,
            column,
            found: found.chars().take(FOUND_CHARS).collect(),
        }
    }
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let found = &self.found;
        let column = self.column;
        match self.kind {
            ErrorKind::UnclosedString => write!(f, "unclosed string starting at column {column}"),
            ErrorKind::UnexpectedCharacter => {
                write!(f, "unexpected `{found}` at column {column}")
            }
            ErrorKind::ExpectedField => {
                write!(f, "expected a field name at column {column}")?;
                found_after(f, found)
            }
            ErrorKind::UnknownField { suggestion } => {
                write!(f, "unknown field `{found}` at column {column}")?;
                match suggestion {
                    Some(name) => write!(f, " (did you mean `{name}`?)"),
                    None => Ok(()),
                }
            }
            ErrorKind::ExpectedOperator { field } => write!(
                f,
                "expected an operator (==, !=, >, <, >=, <=, contains, starts_with, ends_with) after `{field}` at column {column}"
            ),
            ErrorKind::ExpectedValue { operator } => {
                write!(f, "expected a value after `{operator}` at column {column}")?;
                found_after(f, found)
            }
            ErrorKind::OperatorNotAllowed {
                operator,
                field,
                holds,
            } => write!(
                f,
                "`{operator}` does not apply to `{field}` ({holds}) at column {column}"
            ),
            ErrorKind::ExpectedNumber { field } => {
                write!(
                    f,
                    "`{field}` takes a number, not `{found}` (column {column})"
                )
            }
            ErrorKind::ExpectedBool { field } => write!(
                f,
                "`{field}` takes true or false, not `{found}` (column {column})"
            ),
            ErrorKind::ExpectedHex { field } => write!(
                f,
                "`{field}` takes hex digits, not `{found}` (column {column})"
            ),
            ErrorKind::ExpectedTime => write!(
                f,
                "`time` takes a date such as \"2026-01-01T10:00\" or unix seconds, not `{found}` (column {column})"
            ),
            ErrorKind::UnknownPayloadType { suggestion } => {
                write!(f, "unknown payload type `{found}` at column {column}")?;
                match suggestion {
                    Some(name) => write!(f, " (did you mean `{name}`?)"),
                    None => Ok(()),
                }
            }
            ErrorKind::UnknownRoute { suggestion } => {
                write!(f, "unknown route `{found}` at column {column}")?;
                match suggestion {
                    Some(name) => write!(f, " (did you mean `{name}`?)"),
                    None => Ok(()),
                }
            }
            ErrorKind::ExpectedLogical => write!(
                f,
                "expected `&&`, `||` or `)` at column {column}, found `{found}` (quote values that contain spaces)"
            ),
            ErrorKind::UnclosedParenthesis => {
                write!(f, "`(` at column {column} is never closed")
            }
            ErrorKind::UnmatchedParenthesis => {
                write!(f, "`)` at column {column} closes nothing")
            }
        }
    }
}

/// `, found `x`` unless the input ended.
fn found_after(f: &mut fmt::Formatter<'_>, found: &str) -> fmt::Result {
    if found.is_empty() {
        Ok(())
    } else {
        write!(f, ", found `{found}`")
    }
}

impl std::error::Error for FilterError {}
