//! [`Pending`]: what a live source received since the app last drained it.
//!
//! The app drains every source once per animation frame, so the store ingests one batch per frame
//! whatever the message rate. The observer table lives as long as the source: records index it, and
//! an index stays valid across drains and reconnections.

use super::state::LiveCounters;
use crate::ingest::{
    BadReason, BadRecord, Batch, MAX_PACKET_LEN, Observation, ObserverInfo, Position,
    observers::ObserverTable,
};

/// The default bound on records held between drains: about 10 minutes of a busy feed while the tab
/// is hidden and animation frames stop. Past it, new records are counted in
/// [`LiveCounters::dropped`] and not kept.
pub const DEFAULT_CAPACITY: usize = 200_000;

/// A live source's pending records, its observer table and its counters.
#[derive(Debug, Clone)]
pub struct Pending {
    batch: Batch,
    observers: ObserverTable,
    counters: LiveCounters,
    capacity: usize,
}

impl Default for Pending {
    fn default() -> Self {
        Pending::new(DEFAULT_CAPACITY)
    }
}

impl Pending {
    /// An empty buffer holding at most `capacity` records (observations, statuses and bad records)
    /// between drains.
    pub fn new(capacity: usize) -> Self {
        Pending {
            batch: Batch::new(),
            observers: ObserverTable::default(),
            counters: LiveCounters::default(),
            capacity,
        }
    }

    /// Hands the records received since the last drain, with the observer table they index, to
    /// `deliver`, then empties the batch (keeping its allocation). Does nothing when there is nothing
    /// new. The observer table is only ever appended to, so indexes stay valid for the source's life.
    pub fn drain(&mut self, deliver: impl FnOnce(&Batch, &[ObserverInfo])) {
        if self.batch.is_empty() {
            return;
        }
        deliver(&self.batch, self.observers.infos());
        self.batch.clear();
    }

    /// The records received since the last drain.
    pub fn batch(&self) -> &Batch {
        &self.batch
    }

    /// Every observer seen so far; records' `observer` fields index this table.
    pub fn observers(&self) -> &[ObserverInfo] {
        self.observers.infos()
    }

    /// The counters since the source was created.
    pub fn counters(&self) -> LiveCounters {
        self.counters
    }

    /// The counters, for the source to update.
    pub(super) fn counters_mut(&mut self) -> &mut LiveCounters {
        &mut self.counters
    }

    /// Counts one received message of `len` bytes and returns its 1-based number.
    pub(super) fn count_message(&mut self, len: usize) -> u64 {
        self.counters.messages += 1;
        self.counters.bytes += len as u64;
        self.counters.messages
    }

    /// The index of `info` in the observer table, added if new.
    pub(super) fn intern(&mut self, info: &ObserverInfo) -> u32 {
        self.observers.intern_info(info)
    }

    /// Appends an observation of `packet`; an empty or overlong packet becomes a bad record at
    /// `position` instead. Returns whether it was kept.
    pub(super) fn push(
        &mut self,
        observation: Observation,
        packet: &[u8],
        position: Position,
    ) -> bool {
        let reason = match packet.len() {
            0 => BadReason::EmptyPacket,
            len if len > MAX_PACKET_LEN => BadReason::PacketTooLong { len },
            _ => {
                if self.is_full() {
                    self.counters.dropped += 1;
                    return false;
                }
                let kept = self.batch.push(observation, packet);
                self.counters.packets += u64::from(kept);
                return kept;
            }
        };
        self.report(BadRecord {
            position,
            field: None,
            column: None,
            reason,
        });
        false
    }

    /// Counts a bad record and keeps it for the next drain (when there is room).
    pub(super) fn report(&mut self, record: BadRecord) {
        self.counters.bad += 1;
        if self.is_full() {
            self.counters.dropped += 1;
        } else {
            self.batch.bad_records.push(record);
        }
    }

    /// Moves what a parser made of message `message` into the buffer: observer indexes are mapped
    /// from the parser's table (`observers`) to this one, and positions become the message number.
    pub(super) fn absorb(&mut self, parsed: &Batch, observers: &[ObserverInfo], message: u64) {
        let anonymous = ObserverInfo::default();
        let map: Vec<u32> = observers.iter().map(|info| self.intern(info)).collect();
        let mut map_index = |index: u32| match map.get(index as usize) {
            Some(&mapped) => mapped,
            None => self.observers.intern_info(&anonymous),
        };
        let mut observations = Vec::with_capacity(parsed.records().len());
        for (observation, _) in parsed.iter() {
            observations.push(Observation {
                observer: map_index(observation.observer),
                source: message,
                ..*observation
            });
        }
        let statuses: Vec<_> = parsed
            .statuses
            .iter()
            .map(|status| crate::ingest::StatusRecord {
                observer: map_index(status.observer),
                line: message,
                ..status.clone()
            })
            .collect();
        for (observation, (_, packet)) in observations.into_iter().zip(parsed.iter()) {
            self.push(observation, packet, Position::Line(message));
        }
        for status in statuses {
            self.counters.statuses += 1;
            if self.is_full() {
                self.counters.dropped += 1;
            } else {
                self.batch.statuses.push(status);
            }
        }
        for record in &parsed.bad_records {
            self.report(BadRecord {
                position: Position::Line(message),
                ..*record
            });
        }
    }

    fn is_full(&self) -> bool {
        self.batch.records().len() + self.batch.statuses.len() + self.batch.bad_records.len()
            >= self.capacity
    }
}
