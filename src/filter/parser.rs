//! The parser: tokens to an [`Expr`], each comparison typed by its field.
//!
//! ```text
//! filter     := or?
//! or         := and (("||" | "or") and)*
//! and        := unary (("&&" | "and") unary)*
//! unary      := ("!" | "not") unary | "(" or ")" | comparison
//! comparison := field (operator value)?      the bare field only for true/false fields
//! value      := word | quoted string
//! ```

use super::ast::{Expr, Test};
use super::error::{ErrorKind, FilterError};
use super::field::{Field, Kind};
use super::lexer::{Operator, Token, TokenKind, tokens};
use super::names::{route_mask, type_mask};
use super::text::{HexTest, NumTest, PathTest, TextTest, parse_nibbles};
use crate::time::parse_rfc3339_ms;

/// Parses `input`; an empty (or all-space) input is `Expr::And(vec![])`, which every packet passes.
pub fn parse(input: &str) -> Result<Expr, FilterError> {
    let tokens = tokens(input)?;
    let mut parser = Parser {
        tokens,
        at: 0,
        end_column: input.chars().count() + 1,
    };
    if parser.tokens.is_empty() {
        return Ok(Expr::And(Vec::new()));
    }
    let expr = parser.or()?;
    match parser.peek() {
        None => Ok(expr),
        Some(token) if token.kind == TokenKind::Close => {
            Err(parser.error_here(ErrorKind::UnmatchedParenthesis))
        }
        Some(_) => Err(parser.error_here(ErrorKind::ExpectedLogical)),
    }
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
    end_column: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    /// An error about the next token (or the end of the input).
    fn error_here(&self, kind: ErrorKind) -> FilterError {
        match self.peek() {
            Some(token) => FilterError::new(kind, token.column, &token.text),
            None => FilterError::new(kind, self.end_column, ""),
        }
    }

    fn or(&mut self) -> Result<Expr, FilterError> {
        let mut parts = vec![self.and()?];
        while self.peek().is_some_and(|t| t.kind == TokenKind::Or) {
            self.at += 1;
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::Or(parts)
        })
    }

    fn and(&mut self) -> Result<Expr, FilterError> {
        let mut parts = vec![self.unary()?];
        while self.peek().is_some_and(|t| t.kind == TokenKind::And) {
            self.at += 1;
            parts.push(self.unary()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::And(parts)
        })
    }

    fn unary(&mut self) -> Result<Expr, FilterError> {
        match self.peek().map(|t| &t.kind) {
            Some(TokenKind::Not) => {
                self.at += 1;
                Ok(Expr::Not(Box::new(self.unary()?)))
            }
            Some(TokenKind::Open) => {
                let open = self.next().map_or(self.end_column, |t| t.column);
                let inner = self.or()?;
                match self.peek().map(|t| &t.kind) {
                    Some(TokenKind::Close) => {
                        self.at += 1;
                        Ok(inner)
                    }
                    None => Err(FilterError::new(ErrorKind::UnclosedParenthesis, open, "(")),
                    Some(_) => Err(self.error_here(ErrorKind::ExpectedLogical)),
                }
            }
            Some(TokenKind::Word(_)) => self.comparison(),
            _ => Err(self.error_here(ErrorKind::ExpectedField)),
        }
    }

    fn comparison(&mut self) -> Result<Expr, FilterError> {
        let Some(token) = self.next() else {
            return Err(self.error_here(ErrorKind::ExpectedField));
        };
        let Some(field) = Field::named(&token.text) else {
            let suggestion = Field::suggest(&token.text);
            return Err(FilterError::new(
                ErrorKind::UnknownField { suggestion },
                token.column,
                &token.text,
            ));
        };
        let op = match self.peek().map(|t| &t.kind) {
            Some(TokenKind::Operator(op)) => *op,
            _ if field.kind() == Kind::Bool => return Ok(Expr::Test(bool_test(field, true))),
            _ => {
                let mut error = self.error_here(ErrorKind::ExpectedOperator {
                    field: field.name(),
                });
                if self.peek().is_none() {
                    error.column = self.end_column;
                }
                return Err(error);
            }
        };
        let op_token = self.next();
        check_operator(field, op, op_token.as_ref())?;
        let value = match self.peek().map(|t| &t.kind) {
            Some(TokenKind::Word(text) | TokenKind::Quoted(text)) => {
                let text = text.clone();
                let column = self.peek().map_or(self.end_column, |t| t.column);
                self.at += 1;
                Value { text, column }
            }
            _ => {
                return Err(self.error_here(ErrorKind::ExpectedValue {
                    operator: op.symbol(),
                }));
            }
        };
        Ok(Expr::Test(typed(field, op, &value)?))
    }
}

/// A value token: its text and column.
struct Value {
    text: String,
    column: usize,
}

impl Value {
    fn error(&self, kind: ErrorKind) -> FilterError {
        FilterError::new(kind, self.column, &self.text)
    }
}

/// Refuses an operator the field's kind of values has no meaning for.
fn check_operator(field: Field, op: Operator, token: Option<&Token>) -> Result<(), FilterError> {
    let holds = match field.kind() {
        Kind::Number | Kind::Time
            if !op.is_ordering() && !matches!(op, Operator::Eq | Operator::Ne) =>
        {
            "a number"
        }
        Kind::Bool if !matches!(op, Operator::Eq | Operator::Ne) => "true or false",
        Kind::Text | Kind::Hex | Kind::Enum | Kind::Path if op.is_ordering() => {
            match field.kind() {
                Kind::Hex => "hex bytes",
                Kind::Path => "a path",
                Kind::Enum => "a name",
                _ => "text",
            }
        }
        _ => return Ok(()),
    };
    Err(FilterError::new(
        ErrorKind::OperatorNotAllowed {
            operator: op.symbol(),
            field: field.name(),
            holds,
        },
        token.map_or(0, |t| t.column),
        token.map_or("", |t| t.text.as_str()),
    ))
}

/// The test of `field op value`, with the value in the form it is compared in.
fn typed(field: Field, op: Operator, value: &Value) -> Result<Test, FilterError> {
    let text = value.text.as_str();
    let number = || -> Result<NumTest, FilterError> {
        let parsed = parse_number(text).ok_or_else(|| {
            value.error(ErrorKind::ExpectedNumber {
                field: field.name(),
            })
        })?;
        Ok(NumTest { op, value: parsed })
    };
    let text_test = || TextTest::new(op, text);
    let hex = || -> Result<HexTest, FilterError> {
        let nibbles = parse_nibbles(text).ok_or_else(|| {
            value.error(ErrorKind::ExpectedHex {
                field: field.name(),
            })
        })?;
        Ok(HexTest::new(op, nibbles))
    };
    Ok(match field {
        Field::Type => Test::Type(
            type_mask(op, text)
                .map_err(|suggestion| value.error(ErrorKind::UnknownPayloadType { suggestion }))?,
        ),
        Field::Route => Test::Route(
            route_mask(op, text)
                .map_err(|suggestion| value.error(ErrorKind::UnknownRoute { suggestion }))?,
        ),
        Field::Hash => Test::Hash(text_test()),
        Field::Size => Test::Size(number()?),
        Field::Observations => Test::Observations(number()?),
        Field::Observers => Test::Observers(number()?),
        Field::HeardBy => Test::HeardBy(text_test()),
        Field::Name => Test::Name(text_test()),
        Field::Channel => Test::Channel(text_test()),
        Field::Sender => Test::Sender(text_test()),
        Field::Text => Test::Text(text_test()),
        Field::PayloadHex => Test::PayloadHex(hex()?),
        Field::Raw => Test::Raw(hex()?),
        Field::Decrypted | Field::Verified => {
            let wanted = parse_bool(text).ok_or_else(|| {
                value.error(ErrorKind::ExpectedBool {
                    field: field.name(),
                })
            })?;
            bool_test(field, wanted == (op == Operator::Eq))
        }
        Field::Snr => Test::Snr(number()?),
        Field::Rssi => Test::Rssi(number()?),
        Field::Hops => Test::Hops(number()?),
        Field::Observer => Test::Observer(text_test()),
        Field::Path => Test::Path(PathTest::new(op, text)),
        Field::Time => Test::Time(NumTest {
            op,
            value: parse_time_ms(text).ok_or_else(|| value.error(ErrorKind::ExpectedTime))? as f64,
        }),
    })
}

/// The test that a true/false field equals `wanted`.
fn bool_test(field: Field, wanted: bool) -> Test {
    match field {
        Field::Verified => Test::Verified(wanted),
        _ => Test::Decrypted(wanted),
    }
}

/// A finite decimal number (`-5`, `7.25`), or an integer in `0x` hex.
fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        return u64::from_str_radix(hex, 16).ok().map(|n| n as f64);
    }
    let starts_like_a_number = text
        .trim_start_matches(['-', '+'])
        .starts_with(|c: char| c.is_ascii_digit() || c == '.');
    text.parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && starts_like_a_number)
}

/// `true`/`false` (also `yes`/`no`, `1`/`0`).
fn parse_bool(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Some(true),
        "false" | "no" | "0" => Some(false),
        _ => None,
    }
}

/// A time as unix ms: RFC 3339 with optional seconds and offset (UTC when absent), a date alone (midnight
/// UTC), or a number of unix seconds.
fn parse_time_ms(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Some(seconds) = parse_number(text) {
        return Some((seconds * 1000.0) as i64);
    }
    let date_only = text.len() == 10 && text.as_bytes().get(4) == Some(&b'-');
    let full = if date_only {
        format!("{text}T00:00")
    } else {
        text.to_owned()
    };
    parse_rfc3339_ms(&full).ok()
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn numbers_and_times() {
        assert_eq!(parse_number("-5.5"), Some(-5.5));
        assert_eq!(parse_number("0x1F"), Some(31.0));
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("5dB"), None);
        assert_eq!(parse_time_ms("2026-01-01"), Some(1_767_225_600_000));
        assert_eq!(
            parse_time_ms("2026-01-01T10:00"),
            Some(1_767_225_600_000 + 36_000_000)
        );
        assert_eq!(
            parse_time_ms("2026-01-01T10:00:00+01:00"),
            Some(1_767_225_600_000 + 32_400_000)
        );
        assert_eq!(parse_time_ms("1767225600"), Some(1_767_225_600_000));
        assert_eq!(parse_time_ms("yesterday"), None);
    }
}
