//! Packet sources: dump-file formats, parsed as streams into observations (the parsing half; the live
//! sources that feed it live in the browser code).
//!
//! - [`Format`]: F.1 observer JSON Lines, hex lines, serial captures, MeshScope exports, and
//!   [`Format::detect`] from a file's first bytes.
//! - [`Parser`]: `feed(chunk, &mut Batch)` with chunks split anywhere, then `finish`. Memory is bounded
//!   by the longest line, capped by [`Options::max_line_len`].
//! - [`Batch`]: compact [`ObservationRecord`]s (timestamp, SNR, RSSI, observer index, packet range)
//!   over one shared byte buffer, plus [`StatusRecord`]s and [`BadRecord`]s.
//! - [`ObserverInfo`]: the parser's table of observers, each once per input.
//! - [`export`]: the export writer.
//!
//! Packets are raw bytes here; decoding them is `protocol`'s job.

pub mod bad_record;
pub mod batch;
mod context;
pub mod export;
mod f1;
pub mod format;
mod hex;
mod hex_lines;
mod json;
mod lines;
pub mod live;
pub mod observers;
pub mod parser;
pub mod republish;
mod serial_capture;
#[cfg(feature = "web")]
pub mod upload;
mod values;

pub use bad_record::{BadReason, BadRecord, Position};
pub use batch::{Batch, MAX_PACKET_LEN, Observation, ObservationRecord, StatusRecord};
pub use context::ParserStats;
pub use export::{ExportHeader, write_batch, write_header, write_observation};
pub use format::{DETECT_LEN, DetectError, Format};
pub use observers::ObserverInfo;
pub use parser::{DEFAULT_MAX_LINE_LEN, Options, Parser};
