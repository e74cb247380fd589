//! What the format parsers share while reading one file: the observer table, the clock for sources
//! without one, and the counters.

use super::bad_record::{BadReason, BadRecord};
use super::batch::Batch;
use super::json::column_of;
use super::observers::{ObserverInfo, ObserverTable};
use super::values::ValueError;

/// What a parser counted over the whole input so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParserStats {
    /// Lines read (text formats).
    pub lines: u64,
    /// Blank lines, `#` comments and CSV header lines, skipped.
    pub skipped_lines: u64,
    /// Observations produced.
    pub observations: u64,
    /// Observer status messages produced.
    pub statuses: u64,
    /// Bad records reported.
    pub bad_records: u64,
    /// Serial frames other than LOG_RX_DATA, skipped.
    pub frames_skipped: u64,
}

/// What one record turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// An observation was pushed.
    Observation,
    /// A status record was pushed.
    Status,
    /// Nothing to keep (a comment, a header, an export header).
    Skipped,
}

/// Why a record is bad, before its position is added.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Fault {
    pub(crate) field: Option<&'static str>,
    pub(crate) column: Option<u32>,
    pub(crate) reason: BadReason,
}

impl Fault {
    /// A fault of the whole record.
    pub(crate) fn record(reason: BadReason) -> Self {
        Fault {
            field: None,
            column: None,
            reason,
        }
    }

    /// A fault in `field`, whose text `value` is a slice of `line` (or not, then no column).
    pub(crate) fn field(
        field: &'static str,
        line: &[u8],
        value: Option<&str>,
        error: ValueError,
    ) -> Self {
        let (reason, offset) = error;
        let column = value
            .and_then(|value| column_of(line, value))
            .map(|column| column + offset.unwrap_or(0) as u32);
        Fault {
            field: Some(field),
            column,
            reason,
        }
    }

    /// A fault in `field` without a column.
    pub(crate) fn in_field(field: &'static str, reason: BadReason) -> Self {
        Fault {
            field: Some(field),
            column: None,
            reason,
        }
    }
}

/// State shared by the formats over one input.
#[derive(Debug, Clone)]
pub(crate) struct Context {
    pub(crate) observers: ObserverTable,
    default_observer: ObserverInfo,
    default_index: Option<u32>,
    base_time_ms: i64,
    synthetic: i64,
    pub(crate) stats: ParserStats,
}

impl Context {
    pub(crate) fn new(default_observer: ObserverInfo, base_time_ms: i64) -> Self {
        Context {
            observers: ObserverTable::default(),
            default_observer,
            default_index: None,
            base_time_ms,
            synthetic: 0,
            stats: ParserStats::default(),
        }
    }

    /// The index of the caller's default observer, interned on first use.
    pub(crate) fn default_observer(&mut self) -> u32 {
        match self.default_index {
            Some(index) => index,
            None => {
                let index = self.observers.intern_info(&self.default_observer);
                self.default_index = Some(index);
                index
            }
        }
    }

    /// Counts `record` and appends it to `out`.
    pub(crate) fn report(&mut self, out: &mut Batch, record: BadRecord) {
        self.stats.bad_records += 1;
        out.bad_records.push(record);
    }

    /// The timestamp of the next observation without one: the base time plus one millisecond per
    /// such observation before it, so input order is kept.
    pub(crate) fn next_synthetic_time(&mut self) -> i64 {
        let time = self.base_time_ms.saturating_add(self.synthetic);
        self.synthetic += 1;
        time
    }
}
