//! The display filter: a small language in the spirit of Wireshark's display filters (and CoreScope's packet
//! filter, extended) that selects packets of the store.
//!
//! # Language
//!
//! ```text
//! type == ADVERT && snr > 5
//! path contains A3 || name contains "Roof"
//! !(observer == SEA) && hops >= 3
//! channel == "#test" and text contains hello
//! time > "2026-01-01T10:00" && route == direct
//! ```
//!
//! - Comparisons `field op value` with `== != > < >= <=`, `contains`, `starts_with`, `ends_with` (`=` is `==`,
//!   `~` is `contains`).
//! - Logic: `&&` / `and`, `||` / `or`, `!` / `not`, parentheses; `&&` binds tighter than `||`.
//! - Values: bare words (`ADVERT`, `A3`, `#test`, `-5`), quoted strings (`"channel msg"`, `'x'`, with `\`
//!   escaping the next character), numbers (negative and decimal; `0x` hex integers), `true`/`false`.
//! - Text comparisons are case-insensitive. `contains`, `starts_with` and `ends_with` apply to text, hex and
//!   path fields; the orderings apply to numbers and time.
//! - A comparison on a field the packet does not have (the `name` of an ACK, the `snr` of a hearing without
//!   one) is false, `!=` included: `!(name == x)` also passes packets without a name.
//!
//! # Fields
//!
//! Per transmission: `type` (firmware names `ADVERT`, `GRP_TXT`, ... or aliases such as `dm`, `"channel msg"`,
//! `group`, or the number), `route` (`FLOOD`, `DIRECT`, `TRANSPORT_FLOOD`, `TRANSPORT_DIRECT`, `transport`),
//! `hash`, `size` (bytes of the first copy), `observations`, `observers` (distinct), `heard_by` (some
//! observer, by name, IATA code or key prefix; `!=` means none), `name` (the advertised name; the sender's
//! node name for ANON_REQ), `channel` (the channel name when a key opened the group packet, else its hash
//! byte in hex), `sender` and `text` (of a decrypted channel message), `payload_hex` and `raw` (hex, first
//! copy; `contains` matches at byte boundaries), `decrypted` and `verified` (true/false; the bare field means
//! `== true`).
//!
//! Per observation: `snr`, `rssi`, `hops` (in this hearing's path), `observer` (name, IATA code or key
//! prefix), `path` (hop by hop: `path contains "A3 5F"` is two consecutive hops starting with A3 and 5F; a
//! part that is not hex matches the hops whose candidate nodes have a name containing it) and `time` (a date
//! such as `"2026-01-01T10:00"`, UTC unless an offset is given, or unix seconds).
//!
//! # Transmissions and observations
//!
//! With one row per observation, each observation is tested, its transmission's fields included. With one
//! row per transmission (grouped), **a transmission matches when at least one of its observations matches
//! the whole filter**: exactly the transmissions that have a row in the per-observation list. So
//! `observer == SEA && snr > 5` needs one hearing by SEA above 5 dB, while `observer != SEA` passes every
//! transmission heard by some other observer; to exclude what SEA heard, test the transmission:
//! `!(heard_by == SEA)`.
//!
//! # Evaluation
//!
//! [`Filter::parse`] checks everything that does not depend on the data (syntax, fields, operators, value
//! types, payload type names) and reports the first error with its column. A [`Matcher`] evaluates the
//! filter over the store's columns in bounded steps, memoising what belongs to small tables (observers,
//! paths, senders, channels), and keeps the matches current as data arrives.

mod ast;
mod error;
mod eval;
mod field;
mod lexer;
mod matcher;
mod names;
mod parser;
mod program;
mod text;

pub use ast::{Expr, Test};
pub use error::{ErrorKind, FilterError};
pub use field::{Field, Kind, Level};
pub use lexer::Operator;
pub use matcher::{Matcher, Mode, Progress, matching};
pub use text::{HexTest, HopPattern, NumTest, PathTest, TextTest};

/// A parsed filter: the text as written and its expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    text: String,
    expr: Expr,
}

impl Filter {
    /// Parses `text`; an empty text is [`Filter::all`].
    pub fn parse(text: &str) -> Result<Filter, FilterError> {
        Ok(Filter {
            text: text.trim().to_owned(),
            expr: parser::parse(text)?,
        })
    }

    /// The filter every packet passes.
    pub fn all() -> Filter {
        Filter {
            text: String::new(),
            expr: Expr::And(Vec::new()),
        }
    }

    /// Whether every packet passes (the text was empty).
    pub fn is_all(&self) -> bool {
        self.expr == Expr::And(Vec::new())
    }

    /// The text as written, trimmed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The expression.
    pub fn expr(&self) -> &Expr {
        &self.expr
    }
}
