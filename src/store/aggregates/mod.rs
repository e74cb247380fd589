//! Incremental aggregates: counters and histograms updated at ingest, so analytics build snapshots from them
//! without rescanning every observation. They always describe the data in the store: eviction subtracts the
//! evicted rows' counts and sums ([`Aggregates::remove_observation`]), then recounts from the surviving
//! observations what cannot be subtracted (minima, maxima, latest times, per-node observer sets, links).
//!
//! - [`Histogram`]s of SNR (quarter dB) and RSSI (dBm), per observation with a known value;
//! - [`Hourly`] buckets: unique transmissions (by first seen) and observations per UTC hour, per payload type;
//! - [`PayloadTypeCounts`]: transmissions and observations per payload type;
//! - [`ObserverTally`] per observer: observations, SNR and RSSI sums and counts, first and last seen;
//! - [`NodeTally`] per node as originator: transmissions, observations, first and last seen;
//! - [`NodeSignal`] per node as originator: SNR sum and count, observers that heard it;
//! - [`Links`]: who heard whom directly (originator or last hop to observer, originator to first hop).
//! - [`Signal`]: SNR and RSSI moments per payload type, hour and observer, unique transmissions and arrival
//!   disorder per observer.

mod histogram;
mod hourly;
mod links;
mod node_signal;
mod payload_types;
mod signal;
mod tallies;

pub use histogram::Histogram;
pub use hourly::{HOUR_MS, HourBucket, Hourly};
pub use links::{LinkEnd, LinkFacts, LinkKey, LinkTally, Links};
pub use node_signal::NodeSignal;
pub use payload_types::{PayloadTypeCounts, TypeCount};
pub(crate) use signal::first_hearing;
pub use signal::{HourSignal, ObserverSignal, Signal, SignalPair, SignalSums};
pub use tallies::{NodeTally, ObserverTally, Tallies};

use super::ids::{NodeId, ObserverId};
use crate::protocol::PayloadType;

/// One observation as the aggregates see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ObservationFacts {
    /// Its transmission's payload type.
    pub kind: PayloadType,
    /// When, unix ms.
    pub time_ms: i64,
    /// Who heard it.
    pub observer: ObserverId,
    /// SNR in quarter dB, if known.
    pub snr_quarter_db: Option<i16>,
    /// RSSI in dBm, if known.
    pub rssi_dbm: Option<i16>,
    /// The node that originated its transmission, if known.
    pub originator: Option<NodeId>,
    /// Whether it is its observer's first hearing of its transmission.
    pub first_by_observer: bool,
}

/// Every aggregate of the store.
#[derive(Debug, Clone, Default)]
pub struct Aggregates {
    /// SNR histogram, quarter dB.
    pub snr: Histogram,
    /// RSSI histogram, dBm.
    pub rssi: Histogram,
    /// Per-hour buckets.
    pub hourly: Hourly,
    /// Per payload type counts.
    pub payload_types: PayloadTypeCounts,
    /// Per observer tallies.
    pub observers: Tallies<ObserverTally>,
    /// Per node tallies, as originator.
    pub nodes: Tallies<NodeTally>,
    /// Per node signal, as originator.
    pub node_signals: Tallies<NodeSignal>,
    /// Direct links between radios, from paths.
    pub links: Links,
    /// Signal sums per payload type, hour and observer.
    pub signal: Signal,
}

impl Aggregates {
    /// All empty.
    pub fn new() -> Self {
        Aggregates::default()
    }

    /// Counts a new transmission of `kind` first seen at `time_ms`, originated by `originator`.
    pub(crate) fn add_transmission(
        &mut self,
        kind: PayloadType,
        time_ms: i64,
        originator: Option<NodeId>,
    ) {
        self.payload_types.add_transmission(kind);
        self.hourly.add_transmission(kind, time_ms);
        if let Some(node) = originator {
            self.nodes.add_transmission(node);
        }
    }

    /// Notes that a transmission's first seen moved from `from_ms` to `to_ms`.
    pub(crate) fn move_transmission(&mut self, kind: PayloadType, from_ms: i64, to_ms: i64) {
        self.hourly.move_transmission(kind, from_ms, to_ms);
    }

    /// Counts an observation.
    #[inline]
    pub(crate) fn add_observation(&mut self, facts: &ObservationFacts) {
        self.payload_types.add_observation(facts.kind);
        self.hourly.add_observation(facts.kind, facts.time_ms);
        if let Some(snr) = facts.snr_quarter_db {
            self.snr.add(snr);
        }
        if let Some(rssi) = facts.rssi_dbm {
            self.rssi.add(rssi);
        }
        self.observers.add(
            facts.observer,
            facts.time_ms,
            facts.snr_quarter_db,
            facts.rssi_dbm,
        );
        if let Some(node) = facts.originator {
            self.nodes.add_observation(node, facts.time_ms);
            self.node_signals
                .add(node, facts.observer, facts.snr_quarter_db);
        }
        self.signal.add(facts);
    }

    /// Uncounts an evicted transmission, as [`add_transmission`](Self::add_transmission) counted it.
    pub(crate) fn remove_transmission(
        &mut self,
        kind: PayloadType,
        time_ms: i64,
        originator: Option<NodeId>,
    ) {
        self.payload_types.remove_transmission(kind);
        self.hourly.remove_transmission(kind, time_ms);
        if let Some(node) = originator {
            self.nodes.remove_transmission(node);
        }
    }

    /// Uncounts the counts and sums of an evicted observation; `facts.first_by_observer` must hold for one
    /// observation per evicted transmission and observer. The rest waits for [`recount`](Self::recount).
    pub(crate) fn remove_observation(&mut self, facts: &ObservationFacts) {
        self.payload_types.remove_observation(facts.kind);
        self.hourly.remove_observation(facts.kind, facts.time_ms);
        if let Some(snr) = facts.snr_quarter_db {
            self.snr.remove(snr);
        }
        if let Some(rssi) = facts.rssi_dbm {
            self.rssi.remove(rssi);
        }
        self.observers
            .remove(facts.observer, facts.snr_quarter_db, facts.rssi_dbm);
        if let Some(node) = facts.originator {
            self.nodes.remove_observation(node);
            self.node_signals.remove(node, facts.snr_quarter_db);
        }
        self.signal.remove(facts);
    }

    /// After the removals, drops what counts nothing any more and forgets what the surviving observations must
    /// recount: minima, maxima, first, last and latest times, arrival disorder, node observer sets, links.
    pub(crate) fn begin_recount(&mut self) {
        self.hourly.prune();
        self.observers
            .truncate_empty(|tally| tally.observations == 0);
        self.nodes.truncate_empty(|tally| tally.transmissions == 0);
        for tally in self.observers.iter_mut() {
            (tally.first_seen, tally.last_seen) = (i64::MAX, i64::MIN);
        }
        for tally in self.nodes.iter_mut() {
            (tally.first_seen, tally.last_seen) = (i64::MAX, i64::MIN);
        }
        self.node_signals.reset_observers();
        self.links.reset();
        self.signal.reset_ranges();
    }

    /// Recounts one surviving observation, in id order (its links apart, with `links.add`).
    #[inline]
    pub(crate) fn recount(&mut self, facts: &ObservationFacts) {
        self.observers.recount(facts.observer, facts.time_ms);
        if let Some(node) = facts.originator {
            self.nodes.recount(node, facts.time_ms);
            self.node_signals.recount(node, facts.observer);
        }
        self.signal.recount(facts);
    }

    /// Ends the recount: drops the links and node signals no surviving observation counts.
    pub(crate) fn end_recount(&mut self) {
        self.node_signals
            .truncate_empty(|signal| signal.observers().is_empty());
        self.links.prune();
    }

    /// Estimated heap bytes.
    pub fn heap_bytes(&self) -> usize {
        self.snr.heap_bytes()
            + self.rssi.heap_bytes()
            + self.hourly.heap_bytes()
            + self.observers.heap_bytes()
            + self.nodes.heap_bytes()
            + self.node_signals.heap_bytes_deep()
            + self.links.heap_bytes()
            + self.signal.heap_bytes()
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn one_observation_everywhere() {
        let mut aggregates = Aggregates::new();
        aggregates.add_transmission(PayloadType::Advert, 5, Some(NodeId(1)));
        aggregates.add_observation(&ObservationFacts {
            kind: PayloadType::Advert,
            time_ms: 5,
            observer: ObserverId(0),
            snr_quarter_db: Some(-29),
            rssi_dbm: None,
            originator: Some(NodeId(1)),
            first_by_observer: true,
        });
        assert_eq!(aggregates.snr.count(-29), 1);
        assert_eq!(aggregates.rssi.total(), 0);
        assert_eq!(
            aggregates
                .payload_types
                .get(PayloadType::Advert)
                .observations,
            1
        );
        assert_eq!(aggregates.hourly.buckets().len(), 1);
        assert_eq!(
            aggregates.observers.get(ObserverId(0)).map(|t| t.snr_count),
            Some(1)
        );
        assert_eq!(
            aggregates
                .nodes
                .get(NodeId(1))
                .map(|t| (t.transmissions, t.observations)),
            Some((1, 1))
        );
        let signal = aggregates.node_signals.get(NodeId(1)).unwrap();
        assert_eq!(signal.mean_snr_db(), Some(-7.25));
        assert_eq!(signal.observers(), [ObserverId(0)]);
    }
}
