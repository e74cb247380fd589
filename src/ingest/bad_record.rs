//! Bad records: what could not be read, where, and why. Every one is reported; the records around it
//! are kept.

use core::fmt;

use crate::companion;
use crate::time::TimeErrorKind;

/// Where a record is in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// A 1-based line number (text formats).
    Line(u64),
    /// A 0-based byte offset (the serial capture: the frame's start byte).
    Byte(u64),
}

/// One record that was skipped, and why. `Copy`, no allocation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BadRecord {
    /// The line or byte offset.
    pub position: Position,
    /// The field at fault (`raw`, `timestamp`, `SNR`...), when one is.
    pub field: Option<&'static str>,
    /// The 1-based column (in bytes) of the offending character within the line, when known.
    pub column: Option<u32>,
    /// What was wrong.
    pub reason: BadReason,
}

/// What was wrong with a bad record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BadReason {
    /// The line is not UTF-8.
    InvalidUtf8,
    /// The line is longer than the parser's cap; its `len` bytes were skipped without being buffered.
    LineTooLong {
        /// The line's length in bytes before its `\n`.
        len: u64,
    },
    /// The line is not valid JSON.
    InvalidJson,
    /// The line is valid JSON but not an object.
    NotAnObject,
    /// The record ends before its syntax does: a JSON line cut short, or a serial frame cut off by the
    /// end of the capture.
    Truncated,
    /// A required field is absent.
    MissingField,
    /// The field has the wrong JSON type (a number where text was needed, for example).
    WrongType,
    /// The hex text has an odd number of digits.
    OddHexLength,
    /// A character of the hex text is not a hex digit.
    BadHexDigit,
    /// The packet has no bytes.
    EmptyPacket,
    /// The packet is longer than a LoRa frame can be (255 bytes).
    PacketTooLong {
        /// Its length in bytes.
        len: usize,
    },
    /// The timestamp is not RFC 3339 or a unix time.
    BadTimestamp(Option<TimeErrorKind>),
    /// The number does not parse or is out of range.
    BadNumber,
    /// The observer key is not 64 hex digits.
    BadObserverId,
    /// The MQTT topic is not `meshcore/<IATA>/<KEY>/<kind>`.
    BadTopic,
    /// A JSON message that is neither a packet nor an observer status (a `neighbors` message, say).
    NotAPacket,
    /// A CSV line with a field count other than 1 (`hex`) or 4 (`timestamp,snr,rssi,hex`).
    FieldCount {
        /// The fields found.
        found: usize,
    },
    /// The export header names a version this parser does not read.
    UnsupportedVersion,
    /// A serial frame that does not decode.
    MalformedFrame(companion::Error),
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Position::Line(line) => write!(f, "line {line}"),
            Position::Byte(offset) => write!(f, "byte {offset}"),
        }
    }
}

impl fmt::Display for BadRecord {
    /// One line, e.g. `line 17: raw: bad hex digit at column 9`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.position)?;
        if let Some(field) = self.field {
            write!(f, "{field}: ")?;
        }
        write!(f, "{}", self.reason)?;
        if let Some(column) = self.column {
            write!(f, " at column {column}")?;
        }
        Ok(())
    }
}

impl fmt::Display for BadReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BadReason::InvalidUtf8 => write!(f, "invalid UTF-8"),
            BadReason::LineTooLong { len } => write!(f, "line of {len} bytes is too long, skipped"),
            BadReason::InvalidJson => write!(f, "invalid JSON"),
            BadReason::NotAnObject => write!(f, "not a JSON object"),
            BadReason::Truncated => write!(f, "record ends early (truncated)"),
            BadReason::MissingField => write!(f, "missing"),
            BadReason::WrongType => write!(f, "wrong JSON type"),
            BadReason::OddHexLength => write!(f, "odd number of hex digits"),
            BadReason::BadHexDigit => write!(f, "bad hex digit"),
            BadReason::EmptyPacket => write!(f, "empty packet"),
            BadReason::PacketTooLong { len } => {
                write!(f, "packet of {len} bytes is longer than 255")
            }
            BadReason::BadTimestamp(Some(kind)) => write!(f, "bad timestamp: {kind}"),
            BadReason::BadTimestamp(None) => write!(f, "bad timestamp"),
            BadReason::BadNumber => write!(f, "not a number in range"),
            BadReason::BadObserverId => write!(f, "observer key is not 64 hex digits"),
            BadReason::BadTopic => write!(f, "topic is not meshcore/<IATA>/<KEY>/<kind>"),
            BadReason::NotAPacket => write!(f, "neither a packet nor a status message"),
            BadReason::FieldCount { found } => {
                write!(
                    f,
                    "{found} comma-separated fields (expected hex or timestamp,snr,rssi,hex)"
                )
            }
            BadReason::UnsupportedVersion => write!(f, "unsupported export version"),
            BadReason::MalformedFrame(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for BadRecord {}
