//! The `errors` key: the first bad records and malformed packets, with their file and line (or byte offset in
//! a serial capture) and reason.

use std::io::Write;

use meshscope::ingest::{BadRecord, Format, Position};
use meshscope::store::malformed::MalformedPacket;
use serde::Serialize;

/// One error.
#[derive(Debug, Serialize)]
pub struct ErrorEntry {
    /// The file.
    pub file: String,
    /// The 1-based line (text formats).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The byte offset of the frame (serial captures).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byte_offset: Option<u64>,
    /// What was wrong.
    pub reason: String,
}

/// Collects the first errors.
pub struct Collector {
    entries: Vec<ErrorEntry>,
    cap: usize,
}

impl Collector {
    /// Keeps up to `cap` errors.
    pub fn new(cap: usize) -> Self {
        Collector {
            entries: Vec::new(),
            cap,
        }
    }

    /// Adds a batch's bad records and the malformed packets its ingest found, in input order.
    pub fn add(
        &mut self,
        file: &str,
        format: Format,
        bad: &[BadRecord],
        malformed: &[MalformedPacket],
    ) {
        let mut batch: Vec<(u64, ErrorEntry)> = Vec::new();
        for record in bad {
            let (line, byte_offset, at) = match record.position {
                Position::Line(line) => (Some(line), None, line),
                Position::Byte(offset) => (None, Some(offset), offset),
            };
            let mut reason = String::new();
            if let Some(field) = record.field {
                reason.push_str(field);
                reason.push_str(": ");
            }
            reason.push_str(&record.reason.to_string());
            if let Some(column) = record.column {
                reason.push_str(&format!(" at column {column}"));
            }
            batch.push((
                at,
                ErrorEntry {
                    file: file.to_owned(),
                    line,
                    byte_offset,
                    reason,
                },
            ));
        }
        for packet in malformed {
            let (line, byte_offset) = match format {
                Format::SerialCapture => (None, Some(packet.source)),
                _ => (Some(packet.source), None),
            };
            let reason = format!("packet: {}", packet.error);
            batch.push((
                packet.source,
                ErrorEntry {
                    file: file.to_owned(),
                    line,
                    byte_offset,
                    reason,
                },
            ));
        }
        batch.sort_by_key(|(at, _)| *at);
        let room = self.cap.saturating_sub(self.entries.len());
        self.entries
            .extend(batch.into_iter().take(room).map(|(_, entry)| entry));
    }

    /// The errors kept.
    pub fn into_entries(self) -> Vec<ErrorEntry> {
        self.entries
    }
}

/// The first errors, readable.
pub fn write_text(entries: &[ErrorEntry], total: u64, out: &mut impl Write) -> std::io::Result<()> {
    if total == 0 {
        return Ok(());
    }
    writeln!(
        out,
        "\nerrors: {total} (first {} listed)",
        entries.len().min(20)
    )?;
    for entry in entries.iter().take(20) {
        match (entry.line, entry.byte_offset) {
            (Some(line), _) => writeln!(out, "  {}:{line}: {}", entry.file, entry.reason)?,
            (None, Some(offset)) => {
                writeln!(out, "  {} byte {offset}: {}", entry.file, entry.reason)?
            }
            (None, None) => writeln!(out, "  {}: {}", entry.file, entry.reason)?,
        }
    }
    Ok(())
}
