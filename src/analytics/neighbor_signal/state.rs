//! [`NeighborSignalState`]: the sums behind a neighbour signal snapshot, folded one observation at a time so
//! that a recompute reads only the observations added since the last one.

use super::{
    Bucket, MAX_HOURS, NeighborOptions, NeighborSignal, Series, TREND_THRESHOLD_DB_PER_DAY,
    snapshot,
};
use crate::analytics::emitter::{
    EmitterKey, PathFacts, Sender, extend_path_facts, originator, sender_of,
};
use crate::analytics::hour_series::HourSeries;
use crate::analytics::hour_window::HourWindow;
use crate::analytics::watermark::{Watermark, chunks_from};
use crate::protocol::{PayloadType, RouteType};
use crate::store::aggregates::HOUR_MS;
use crate::store::hasher::FastMap;
use crate::store::observations::UNKNOWN_SIGNAL;
use crate::store::{Store, TxId};

/// No sender (yet) in a per-path or per-observer table.
const NONE: u32 = u32::MAX;

/// One observer and sender's sums: totals over every hearing, and buckets by UTC hour from `first_hour` (hours
/// since the epoch) for the hours a snapshot's window can still reach.
#[derive(Debug, Clone, Default)]
struct SenderSeries {
    totals: Series,
    hours: HourSeries<Bucket>,
}

impl SenderSeries {
    fn add(&mut self, zero_hop: bool, hour: i64, floor: i64, snr: i16, rssi: i16) {
        let totals = &mut self.totals;
        if zero_hop {
            totals.zero_hop += 1;
        } else {
            totals.last_hop += 1;
        }
        let known_snr = snr != UNKNOWN_SIGNAL;
        let known_rssi = rssi != UNKNOWN_SIGNAL;
        if known_snr {
            totals.snr_n += 1;
            totals.snr_quarter_sum += i64::from(snr);
        }
        if known_rssi {
            totals.rssi_n += 1;
            totals.rssi_sum += i64::from(rssi);
        }
        if hour < floor {
            return;
        }
        if let Some(bucket) = self.hours.entry(hour) {
            bucket.add(known_snr.then_some(snr), known_rssi.then_some(rssi));
        }
    }

    /// Forgets the hours before `floor`.
    fn prune(&mut self, floor: i64) {
        self.hours.prune(floor);
    }
}

impl Bucket {
    fn add(&mut self, snr: Option<i16>, rssi: Option<i16>) {
        self.hearings += 1;
        if let Some(snr) = snr {
            self.snr_n += 1;
            self.snr_quarter_sum = self.snr_quarter_sum.saturating_add(i32::from(snr));
        }
        if let Some(rssi) = rssi {
            self.rssi_n += 1;
            self.rssi_sum = self.rssi_sum.saturating_add(i32::from(rssi));
        }
    }

    fn merge(&mut self, other: &Bucket) {
        self.hearings += other.hearings;
        self.snr_n += other.snr_n;
        self.snr_quarter_sum = self.snr_quarter_sum.saturating_add(other.snr_quarter_sum);
        self.rssi_n += other.rssi_n;
        self.rssi_sum = self.rssi_sum.saturating_add(other.rssi_sum);
    }
}

/// The sums behind [`neighbor_signal`](super::neighbor_signal), per observer, sender and hour, kept between
/// computes: [`update`](NeighborSignalState::update) folds the observations added since the last call (all of
/// them after an eviction or a clear, see `watermark.rs`), [`snapshot`](NeighborSignalState::snapshot) turns
/// senders into emitters with the nodes known then. A snapshot equals [`neighbor_signal`](super::neighbor_signal)
/// of the same store, however the observations arrived.
///
/// Cost: an update reads each new observation once (the first, of a whole store, is the full pass); a
/// snapshot is proportional to the observer-sender pairs and hours, not to the observations.
#[derive(Debug, Clone, Default)]
pub struct NeighborSignalState {
    watermark: Watermark,
    facts: Vec<PathFacts>,
    /// By path id: the sender of its flood copies with hops (`NONE` until seen).
    sender_of_path: Vec<u32>,
    sender_index: FastMap<Sender, u32>,
    /// Each sender and the first observation (index) it sent.
    senders: Vec<(Sender, u32)>,
    /// By observer, by sender: the index in `series` (`NONE` when none).
    series_of: Vec<Vec<u32>>,
    series: Vec<(u16, u32, SenderSeries)>,
}

impl NeighborSignalState {
    /// A state that has read nothing.
    pub fn new() -> Self {
        NeighborSignalState::default()
    }

    /// Folds at most `limit` of the observations `store` gained since the last update (starting again from
    /// the first if the store was evicted from, cleared, or is another store). Returns whether every
    /// observation of `store` is now folded.
    pub fn update(&mut self, store: &Store, limit: usize) -> bool {
        if !self.watermark.continues(store) {
            *self = NeighborSignalState::new();
        }
        extend_path_facts(store, &mut self.facts);
        self.sender_of_path.resize(self.facts.len(), NONE);
        let observers = store.observers().len().max(self.series_of.len());
        self.series_of.resize(observers, Vec::new());
        // Hours before the newest hour's window can never be in a snapshot again (the newest only moves on
        // until an eviction, which starts the state again).
        let floor = store.time_span().map_or(i64::MIN, |(_, last)| {
            last.div_euclid(HOUR_MS) - (MAX_HOURS - 1)
        });
        let start = self.watermark.observations();
        let end = start.saturating_add(limit).min(store.observation_count());
        let headers = store.transmissions().header_column();
        let obs = store.observations();
        let columns = chunks_from(obs.tx_column(), start)
            .zip(chunks_from(obs.path_column(), start))
            .zip(chunks_from(obs.observer_column(), start))
            .zip(chunks_from(obs.time_column(), start))
            .zip(chunks_from(obs.snr_column(), start))
            .zip(chunks_from(obs.rssi_column(), start))
            .flat_map(|(((((txs, paths), observers), times), snrs), rssis)| {
                txs.iter()
                    .zip(paths)
                    .zip(observers)
                    .zip(times)
                    .zip(snrs)
                    .zip(rssis)
            })
            .take(end - start);
        for (offset, (((((&tx, &path), &observer), &time), &snr), &rssi)) in columns.enumerate() {
            let (Some(&fact), Some(header)) =
                (self.facts.get(path as usize), headers.get(tx as usize))
            else {
                continue;
            };
            let Some(sender) = self.sender(store, tx, path, fact, header, start + offset) else {
                continue;
            };
            let Some(index) = self.series_index(observer, sender) else {
                continue;
            };
            if let Some((_, _, sums)) = self.series.get_mut(index as usize) {
                let hour = time.div_euclid(HOUR_MS);
                sums.add(fact.hops == 0, hour, floor, snr, rssi);
            }
        }
        for (_, _, sums) in &mut self.series {
            sums.prune(floor);
        }
        self.watermark = Watermark::at(store, end);
        end == store.observation_count()
    }

    /// The sender index of an observation of `tx` over `path`, registering a new sender.
    fn sender(
        &mut self,
        store: &Store,
        tx: u32,
        path: u32,
        fact: PathFacts,
        header: u8,
        at: usize,
    ) -> Option<u32> {
        let kind = PayloadType::from_header(header);
        let route = RouteType::from_header(header);
        let by_path = fact.hops > 0 && route.is_flood() && kind != PayloadType::Trace;
        let cached = self.sender_of_path.get(path as usize).copied();
        if by_path && let Some(sender) = cached.filter(|&sender| sender != NONE) {
            return Some(sender);
        }
        let origin = if fact.hops == 0 {
            originator(store, TxId(tx), kind)
        } else {
            None
        };
        let sender = sender_of(kind, route, fact, origin)?;
        let next = self.senders.len() as u32;
        let index = *self.sender_index.entry(sender).or_insert(next);
        if index == next {
            self.senders.push((sender, at as u32));
        }
        if by_path && let Some(cache) = self.sender_of_path.get_mut(path as usize) {
            *cache = index;
        }
        Some(index)
    }

    /// The index in `series` of `observer` and `sender`, creating it.
    fn series_index(&mut self, observer: u16, sender: u32) -> Option<u32> {
        let slots = self.series_of.get_mut(usize::from(observer))?;
        if slots.len() <= sender as usize {
            slots.resize(sender as usize + 1, NONE);
        }
        let slot = slots.get_mut(sender as usize)?;
        if *slot == NONE {
            *slot = self.series.len() as u32;
            self.series
                .push((observer, sender, SenderSeries::default()));
        }
        Some(*slot)
    }

    /// The snapshot of what was folded, senders merged into emitters with `store`'s nodes as they are now.
    /// `store` is the store of the last [`update`](NeighborSignalState::update).
    pub fn snapshot(&self, store: &Store, options: &NeighborOptions) -> NeighborSignal {
        let Some(window) = HourWindow::of(store, MAX_HOURS) else {
            return NeighborSignal {
                trend_threshold_db_per_day: TREND_THRESHOLD_DB_PER_DAY,
                observers: Vec::new(),
            };
        };
        // Emitters in the order they first sent (the first observation of any of their senders).
        let mut first_of: FastMap<EmitterKey, u32> = FastMap::default();
        let keys: Vec<EmitterKey> = self
            .senders
            .iter()
            .map(|&(sender, first)| {
                let key = sender.key(store);
                let earliest = first_of.entry(key).or_insert(first);
                *earliest = (*earliest).min(first);
                key
            })
            .collect();
        let mut emitters: Vec<(u32, EmitterKey)> =
            first_of.iter().map(|(&key, &first)| (first, key)).collect();
        emitters.sort_unstable();
        let slot_of: FastMap<EmitterKey, u32> = emitters
            .iter()
            .enumerate()
            .map(|(slot, &(_, key))| (key, slot as u32))
            .collect();
        let mut merged: FastMap<(u16, u32), Series> = FastMap::default();
        for (observer, sender, sums) in &self.series {
            let Some(slot) = keys.get(*sender as usize).and_then(|key| slot_of.get(key)) else {
                continue;
            };
            let into = merged.entry((*observer, *slot)).or_default();
            merge(into, sums, &window);
        }
        let series = merged
            .into_iter()
            .map(|((observer, slot), sums)| (observer, slot, sums))
            .collect();
        let emitters: Vec<EmitterKey> = emitters.into_iter().map(|(_, key)| key).collect();
        snapshot(store, options, series, &emitters, &window)
    }
}

/// Adds `sums` into `into`, its hours into `window`'s.
fn merge(into: &mut Series, sums: &SenderSeries, window: &HourWindow) {
    let totals = &sums.totals;
    into.zero_hop += totals.zero_hop;
    into.last_hop += totals.last_hop;
    into.snr_n += totals.snr_n;
    into.snr_quarter_sum += totals.snr_quarter_sum;
    into.rssi_n += totals.rssi_n;
    into.rssi_sum += totals.rssi_sum;
    for (hour, bucket) in sums.hours.in_window(window) {
        if bucket.hearings == 0 {
            continue;
        }
        if into.hours.is_empty() {
            into.hours = vec![Bucket::default(); window.hours];
        }
        if let Some(slot) = into.hours.get_mut(hour) {
            slot.merge(bucket);
        }
    }
}
