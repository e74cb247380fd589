//! [`Batch`]: what a parser produced from the chunks fed so far, in compact, allocation-light columns.

use super::bad_record::BadRecord;

/// What is known of one hearing of a packet, besides its bytes. Small and `Copy`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observation {
    /// When it was heard, unix milliseconds (synthetic for sources without a clock: see
    /// [`Options::base_time_ms`](super::Options::base_time_ms)).
    pub timestamp_ms: i64,
    /// SNR in dB, when known.
    pub snr_db: Option<f32>,
    /// RSSI in dBm, when known.
    pub rssi_dbm: Option<i16>,
    /// Index into the parser's observer table ([`Parser::observers`](super::Parser::observers)).
    pub observer: u32,
    /// Where it came from: the 1-based line, or the byte offset of the serial frame.
    pub source: u64,
}

/// An observation in a [`Batch`]: its metadata and where its packet bytes are in the batch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ObservationRecord {
    /// The metadata.
    pub observation: Observation,
    start: usize,
    len: u16,
}

impl ObservationRecord {
    /// Length of the packet in bytes.
    pub fn packet_len(&self) -> usize {
        usize::from(self.len)
    }
}

/// An observer status message (F.1 `status` topic): the observer's state, not a packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusRecord {
    /// Index into the parser's observer table.
    pub observer: u32,
    /// The 1-based line.
    pub line: u64,
    /// When, unix milliseconds, if the message says.
    pub timestamp_ms: Option<i64>,
    /// `Some(true)` for `online`, `Some(false)` for `offline`, `None` for anything else.
    pub online: Option<bool>,
    /// The observer's hardware model.
    pub model: Option<String>,
    /// Its firmware version.
    pub firmware_version: Option<String>,
    /// Its radio settings, as the observer writes them (e.g. `869.525,250,11,5`).
    pub radio: Option<String>,
    /// The version of the software that published the message.
    pub client_version: Option<String>,
}

/// The output of [`Parser::feed`](super::Parser::feed): observations with their packet bytes in one
/// shared buffer, status messages and bad records. The caller drains it (or calls [`Batch::clear`])
/// between feeds to keep memory bounded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Batch {
    records: Vec<ObservationRecord>,
    bytes: Vec<u8>,
    /// Observer status messages, in input order.
    pub statuses: Vec<StatusRecord>,
    /// Skipped records, in input order.
    pub bad_records: Vec<BadRecord>,
}

/// The longest packet a batch holds: a LoRa frame is at most 255 bytes (`MAX_TRANS_UNIT`).
pub const MAX_PACKET_LEN: usize = 255;

impl Batch {
    /// An empty batch.
    pub fn new() -> Self {
        Self::default()
    }

    /// Empties the batch, keeping its allocations.
    pub fn clear(&mut self) {
        self.records.clear();
        self.bytes.clear();
        self.statuses.clear();
        self.bad_records.clear();
    }

    /// The observations, in input order.
    pub fn records(&self) -> &[ObservationRecord] {
        &self.records
    }

    /// The packet bytes of `record`, a record of this batch (empty for a record of another batch
    /// that does not fit this one).
    pub fn packet(&self, record: &ObservationRecord) -> &[u8] {
        self.bytes
            .get(record.start..record.start + record.packet_len())
            .unwrap_or_default()
    }

    /// Each observation with its packet bytes, in input order.
    pub fn iter(&self) -> impl Iterator<Item = (&Observation, &[u8])> + '_ {
        self.records
            .iter()
            .map(|record| (&record.observation, self.packet(record)))
    }

    /// Whether the batch holds nothing at all.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty() && self.statuses.is_empty() && self.bad_records.is_empty()
    }

    /// Appends an observation and a copy of its packet. Returns `false`, adding nothing, for a packet
    /// that is empty or longer than [`MAX_PACKET_LEN`].
    pub fn push(&mut self, observation: Observation, packet: &[u8]) -> bool {
        self.push_with(observation, |bytes| {
            bytes.extend_from_slice(packet);
            Ok::<(), ()>(())
        })
        .is_ok_and(|len| len > 0 && len <= MAX_PACKET_LEN)
    }

    /// Appends an observation whose packet `fill` appends to the byte buffer, and returns its length.
    ///
    /// If `fill` fails, or the packet is empty or longer than [`MAX_PACKET_LEN`], nothing is kept and
    /// the length (or `fill`'s error) is returned for the caller to report.
    pub(crate) fn push_with<E>(
        &mut self,
        observation: Observation,
        fill: impl FnOnce(&mut Vec<u8>) -> Result<(), E>,
    ) -> Result<usize, E> {
        let start = self.bytes.len();
        if let Err(error) = fill(&mut self.bytes) {
            self.bytes.truncate(start);
            return Err(error);
        }
        let len = self.bytes.len() - start;
        match u16::try_from(len) {
            Ok(short) if len > 0 && len <= MAX_PACKET_LEN => {
                self.records.push(ObservationRecord {
                    observation,
                    start,
                    len: short,
                });
            }
            _ => self.bytes.truncate(start),
        }
        Ok(len)
    }
}

#[cfg(test)]
mod test {
    use super::*;

    const OBSERVATION: Observation = Observation {
        timestamp_ms: 1,
        snr_db: Some(12.0),
        rssi_dbm: Some(-75),
        observer: 0,
        source: 3,
    };

    #[test]
    fn push_and_read_back() {
        let mut batch = Batch::new();
        assert!(batch.push(OBSERVATION, &[0x0D, 0x04]));
        assert!(batch.push(
            Observation {
                source: 4,
                ..OBSERVATION
            },
            &[0x11]
        ));
        assert!(!batch.push(OBSERVATION, &[]));
        assert!(!batch.push(OBSERVATION, &[0; 256]));
        assert!(batch.push(OBSERVATION, &[0; 255]));
        let seen: Vec<_> = batch
            .iter()
            .map(|(observation, packet)| (observation.source, packet.len()))
            .collect();
        assert_eq!(seen, vec![(3, 2), (4, 1), (3, 255)]);
        assert_eq!(batch.packet(&batch.records()[1]), &[0x11]);
        batch.clear();
        assert!(batch.is_empty());
    }
}
