//! [`Malformed`]: what could not be stored, so nothing is lost silently.
//!
//! Packets that fail decoding are counted by reason, and the first [`MAX_KEPT`] are kept with their raw bytes,
//! observer, time, source line and the decoding error (which names the field and byte offset). Bad records (lines
//! the parser could not read) are counted and the first [`MAX_KEPT`] kept too.

use super::arena::{ByteArena, Span};
use super::ids::ObserverId;
use crate::ingest::BadRecord;
use crate::protocol::Error;

/// How many malformed packets, and how many bad records, are kept.
pub const MAX_KEPT: usize = 10_000;

/// Why a packet did not decode, without the offset: a key to count by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MalformedReason {
    /// The kind of error: `truncated`, `unsupported_version`, `reserved_hash_size`, `path_too_long`,
    /// `trace_count_too_large`, `payload_too_long`, `reserved_payload_type`, `invalid`, `too_long`.
    pub kind: &'static str,
    /// The field at fault.
    pub field: &'static str,
}

impl MalformedReason {
    /// The reason of `error`.
    pub fn of(error: &Error) -> MalformedReason {
        let kind = match error {
            Error::Truncated { .. } => "truncated",
            Error::UnsupportedVersion { .. } => "unsupported_version",
            Error::ReservedHashSize { .. } => "reserved_hash_size",
            Error::PathTooLong { .. } => "path_too_long",
            Error::TraceCountTooLarge { .. } => "trace_count_too_large",
            Error::PayloadTooLong { .. } => "payload_too_long",
            Error::ReservedPayloadType { .. } => "reserved_payload_type",
            Error::Invalid { .. } => "invalid",
            Error::TooLong { .. } => "too_long",
        };
        MalformedReason {
            kind,
            field: error.field(),
        }
    }
}

/// A packet that did not decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MalformedPacket {
    /// When it was heard, unix ms.
    pub time_ms: i64,
    /// Who heard it.
    pub observer: ObserverId,
    /// Where it came from: the input's line, or a serial frame's byte offset.
    pub source: u64,
    /// Why it did not decode (field and byte offset).
    pub error: Error,
    raw: Span,
}

/// The malformed packets and bad records seen.
#[derive(Debug, Clone, Default)]
pub struct Malformed {
    counts: Vec<(MalformedReason, u64)>,
    packets: u64,
    kept: Vec<MalformedPacket>,
    bytes: ByteArena,
    bad_records: u64,
    kept_bad: Vec<BadRecord>,
}

impl Malformed {
    /// Nothing seen.
    pub fn new() -> Self {
        Malformed::default()
    }

    /// Counts a packet that failed with `error`, keeping it if fewer than [`MAX_KEPT`] are kept.
    pub(crate) fn add_packet(
        &mut self,
        raw: &[u8],
        error: Error,
        observer: ObserverId,
        time_ms: i64,
        source: u64,
    ) {
        self.packets += 1;
        let reason = MalformedReason::of(&error);
        match self.counts.iter_mut().find(|(r, _)| *r == reason) {
            Some((_, count)) => *count += 1,
            None => self.counts.push((reason, 1)),
        }
        if self.kept.len() < MAX_KEPT {
            let raw = raw.get(..usize::from(u8::MAX)).unwrap_or(raw);
            self.kept.push(MalformedPacket {
                time_ms,
                observer,
                source,
                error,
                raw: self.bytes.push(raw).unwrap_or_default(),
            });
        }
    }

    /// Counts bad records, keeping them while fewer than [`MAX_KEPT`] are kept.
    pub(crate) fn add_bad_records(&mut self, records: &[BadRecord]) {
        self.bad_records += records.len() as u64;
        let room = MAX_KEPT.saturating_sub(self.kept_bad.len());
        self.kept_bad.extend(records.iter().take(room).copied());
    }

    /// Malformed packets counted.
    pub fn packet_count(&self) -> u64 {
        self.packets
    }

    /// Counts per reason, most frequent first.
    pub fn reasons(&self) -> Vec<(MalformedReason, u64)> {
        let mut counts = self.counts.clone();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        counts
    }

    /// The first malformed packets (at most [`MAX_KEPT`]), in arrival order.
    pub fn packets(&self) -> &[MalformedPacket] {
        &self.kept
    }

    /// The raw bytes of a kept packet (the first 255 bytes).
    pub fn raw(&self, packet: &MalformedPacket) -> &[u8] {
        self.bytes.get(packet.raw).unwrap_or_default()
    }

    /// Bad records counted.
    pub fn bad_record_count(&self) -> u64 {
        self.bad_records
    }

    /// The first bad records (at most [`MAX_KEPT`]), in arrival order.
    pub fn bad_records(&self) -> &[BadRecord] {
        &self.kept_bad
    }

    /// Estimated heap bytes.
    pub fn heap_bytes(&self) -> usize {
        self.kept.capacity() * size_of::<MalformedPacket>()
            + self.bytes.heap_bytes()
            + self.kept_bad.capacity() * size_of::<BadRecord>()
            + self.counts.capacity() * size_of::<(MalformedReason, u64)>()
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::ingest::{BadReason, Position};

    #[test]
    fn counts_by_reason_and_keeps_the_first() {
        let mut malformed = Malformed::new();
        let truncated = Error::Truncated {
            field: "path",
            at: 2,
        };
        for i in 0..(MAX_KEPT + 5) {
            malformed.add_packet(
                &[0x11, 0x05],
                truncated,
                ObserverId(0),
                i as i64,
                i as u64 + 1,
            );
        }
        malformed.add_packet(
            &[0xC0],
            Error::UnsupportedVersion { version: 3 },
            ObserverId(1),
            0,
            99,
        );
        assert_eq!(malformed.packet_count(), MAX_KEPT as u64 + 6);
        assert_eq!(malformed.packets().len(), MAX_KEPT);
        let reasons = malformed.reasons();
        assert_eq!(
            reasons[0],
            (
                MalformedReason {
                    kind: "truncated",
                    field: "path"
                },
                MAX_KEPT as u64 + 5
            )
        );
        assert_eq!(
            reasons[1].0,
            MalformedReason {
                kind: "unsupported_version",
                field: "header"
            }
        );
        let first = malformed.packets()[0];
        assert_eq!(malformed.raw(&first), [0x11, 0x05]);
        assert_eq!((first.source, first.error), (1, truncated));
    }

    #[test]
    fn bad_records() {
        let mut malformed = Malformed::new();
        let record = BadRecord {
            position: Position::Line(3),
            field: Some("raw"),
            column: None,
            reason: BadReason::OddHexLength,
        };
        malformed.add_bad_records(&[record, record]);
        assert_eq!(malformed.bad_record_count(), 2);
        assert_eq!(malformed.bad_records(), [record, record]);
    }
}
