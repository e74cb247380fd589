//! [`Parser`]: the streaming, chunked entry point over every dump format.

use super::bad_record::{BadReason, BadRecord, Position};
use super::batch::Batch;
use super::context::{Context, Fault, Outcome, ParserStats};
use super::export::{self, ExportHeader};
use super::f1;
use super::format::Format;
use super::hex_lines;
use super::lines::{LineEvent, LineSplitter};
use super::observers::ObserverInfo;
use super::serial_capture;
use crate::companion::{Deframer, FramerStats};

/// The default cap on one line: 1 MiB. A longer line is reported and skipped, never buffered whole.
pub const DEFAULT_MAX_LINE_LEN: usize = 1 << 20;

/// How a [`Parser`] reads its input.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The longest line kept (bytes before `\n`); longer lines become [`BadReason::LineTooLong`].
    pub max_line_len: usize,
    /// The clock for observations without a timestamp (serial captures, hex lines without one): the
    /// `n`-th such observation (0-based, in input order) is stamped `base_time_ms + n`.
    pub base_time_ms: i64,
    /// The observer of records that name none (serial captures, hex lines, F.1 lines without
    /// `origin`/`origin_id`): for instance the local radio or the file name.
    pub default_observer: ObserverInfo,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_line_len: DEFAULT_MAX_LINE_LEN,
            base_time_ms: 0,
            default_observer: ObserverInfo::default(),
        }
    }
}

/// A streaming parser for one input in one format.
///
/// Feed it chunks split anywhere (inside lines, UTF-8 sequences or serial frames); it appends what each
/// chunk completes to a [`Batch`]. Memory stays bounded by the longest line (at most
/// [`Options::max_line_len`]) or frame. Bad records are reported in the batch with their line (or byte
/// offset) and reason; the records around them are kept. It never panics on any input.
#[derive(Debug, Clone)]
pub struct Parser {
    format: Format,
    lines: LineSplitter,
    deframer: Deframer,
    context: Context,
    export_header: Option<ExportHeader>,
}

impl Parser {
    /// A parser for `format` with default [`Options`].
    pub fn new(format: Format) -> Self {
        Self::with_options(format, Options::default())
    }

    /// A parser for `format` with `options`.
    pub fn with_options(format: Format, options: Options) -> Self {
        Parser {
            format,
            lines: LineSplitter::new(options.max_line_len),
            deframer: Deframer::new(),
            context: Context::new(options.default_observer, options.base_time_ms),
            export_header: None,
        }
    }

    /// The format this parser reads.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Parses `chunk`, appending every record it completes to `out`.
    pub fn feed(&mut self, chunk: &[u8], out: &mut Batch) {
        let Parser {
            format,
            lines,
            deframer,
            context,
            export_header,
        } = self;
        match *format {
            Format::SerialCapture => serial_capture::feed(context, deframer, chunk, out),
            format => lines.feed(chunk, &mut |event| {
                on_line(format, context, export_header, event, out)
            }),
        }
    }

    /// Ends the input: parses a last line without a line break, reports a record cut off by the end.
    pub fn finish(&mut self, out: &mut Batch) {
        let Parser {
            format,
            lines,
            deframer,
            context,
            export_header,
        } = self;
        match *format {
            Format::SerialCapture => serial_capture::finish(context, deframer, out),
            format => {
                lines.finish(&mut |event| on_line(format, context, export_header, event, out))
            }
        }
    }

    /// Every observer seen so far; records' `observer` fields index this table. Entries are only
    /// appended (and may gain a name or IATA code), so an index stays valid for the whole input.
    pub fn observers(&self) -> &[ObserverInfo] {
        self.context.observers.infos()
    }

    /// The export header, once an export's header line has been read.
    pub fn export_header(&self) -> Option<&ExportHeader> {
        self.export_header.as_ref()
    }

    /// Counters over the whole input so far.
    pub fn stats(&self) -> ParserStats {
        self.context.stats
    }

    /// Framing counters of a serial capture (garbage bytes, empty and oversize frames).
    pub fn framer_stats(&self) -> FramerStats {
        self.deframer.stats()
    }
}

/// Parses one line of a text format.
fn on_line(
    format: Format,
    context: &mut Context,
    export_header: &mut Option<ExportHeader>,
    event: LineEvent<'_>,
    out: &mut Batch,
) {
    let (number, bytes) = match event {
        LineEvent::Line { number, text } => (number, text),
        LineEvent::TooLong { number, len } => {
            context.stats.lines += 1;
            let position = Position::Line(number);
            return context.report(
                out,
                BadRecord {
                    position,
                    field: None,
                    column: None,
                    reason: BadReason::LineTooLong { len },
                },
            );
        }
    };
    context.stats.lines += 1;
    let bytes = if number == 1 {
        bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
    } else {
        bytes
    };
    if bytes.trim_ascii().is_empty() {
        context.stats.skipped_lines += 1;
        return;
    }
    let result = match format {
        Format::F1Json => f1::parse_line(context, number, bytes, out),
        Format::Export => export::parse_line(context, export_header, number, bytes, out),
        // Serial captures are framed, never split into lines: only hex lines reach this arm.
        Format::HexLines | Format::SerialCapture => match std::str::from_utf8(bytes) {
            Ok(line) => hex_lines::parse_line(context, number, line, out),
            Err(error) => Err(Fault {
                field: None,
                column: u32::try_from(error.valid_up_to() + 1).ok(),
                reason: BadReason::InvalidUtf8,
            }),
        },
    };
    match result {
        Ok(Outcome::Observation) => context.stats.observations += 1,
        Ok(Outcome::Status) => context.stats.statuses += 1,
        Ok(Outcome::Skipped) => context.stats.skipped_lines += 1,
        Err(fault) => {
            let record = BadRecord {
                position: Position::Line(number),
                field: fault.field,
                column: fault.column,
                reason: fault.reason,
            };
            context.report(out, record);
        }
    }
}
