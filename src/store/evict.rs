//! Eviction: removes the oldest transmissions (by first seen) with all their observations, in time proportional to
//! the observations evicted plus one pass over the survivors' columns, without decoding any packet.
//!
//! 1. Uncount: the aggregates' counts and sums lose each evicted transmission and observation
//!    ([`Aggregates::remove_observation`](super::Aggregates::remove_observation)).
//! 2. Compact every table in place (retain, then renumber): transmissions, observations, messages, paths. A
//!    compaction keeps the order of what it keeps, so the old-to-new id maps (`remap`) are monotonic, and
//!    every link between rows (observation lists, longest paths, message subjects) is renumbered, not rebuilt.
//! 3. Recount, in one pass over the surviving observations in id order, what cannot be subtracted: minima,
//!    maxima, first, last and latest times, arrival disorder, node observer sets, the links, and each path's
//!    hearings, from which the hop index recounts its hops (each distinct path's hops hashed once).
//! 4. Renumber the indexes in place through the id maps: sorted lists stay sorted, so nothing is re-sorted.
//!
//! The result equals what ingesting the surviving observations afresh (in id order) gives, except hash-map
//! iteration order (documented as none) and spare capacity (lists are trimmed to what pushes would allocate).
//!
//! What survives eviction unchanged: nodes (their records count every advert ever ingested), observers,
//! channels' keys, interned strings, the malformed log and the counters. Messages of evicted transmissions go
//! with them; paths no surviving observation uses are dropped.

use super::Store;
use super::aggregates::{LinkFacts, ObservationFacts};
use super::budget::{EVICT_TO_PERCENT, Evicted};
use super::derive::originator;
use super::ids::{NONE, ObsId, ObserverId, PathId, TxId, some};
use super::index::PathHearings;
use super::observations::UNKNOWN_SIGNAL;
use crate::protocol::{PayloadType, RouteType};

/// Passes of estimate-then-evict; each pass that falls short doubles its estimate, so the last ones evict
/// everything when the budget is below what an empty store needs.
const MAX_PASSES: u32 = 40;

impl Store {
    /// Evicts down to [`EVICT_TO_PERCENT`] of the budget when the store is over it: afterwards the store is under
    /// budget, or holds no transmission.
    pub(crate) fn enforce_budget(&mut self) -> Evicted {
        let mut evicted = Evicted::default();
        let Some(budget) = self.budget else {
            return evicted;
        };
        for pass in 0..MAX_PASSES {
            let used = self.memory().total;
            if used <= budget || self.txs.is_empty() {
                break;
            }
            let target = budget / 100 * EVICT_TO_PERCENT;
            let excess = (used - target).saturating_mul(1 << pass.min(31));
            evicted += self.evict_oldest(excess);
        }
        evicted
    }

    /// Evicts the oldest transmissions whose estimated cost adds up to `bytes`; at least one.
    fn evict_oldest(&mut self, bytes: usize) -> Evicted {
        let usage = self.memory();
        let per_obs = (usage.observations + usage.variants) / usage.observation_count.max(1) + 4;
        let per_tx =
            (usage.total - usage.observations - usage.variants) / usage.transmission_count.max(1);
        let mut remap = vec![0u32; self.txs.len()];
        let mut freed = 0;
        for &tx in self.indexes.time.as_slice() {
            if freed >= bytes {
                break;
            }
            let observations = self.txs.observation_count(tx).unwrap_or(0) as usize;
            freed += per_tx + observations * per_obs;
            if let Some(slot) = remap.get_mut(tx.index()) {
                *slot = NONE;
            }
        }
        let mut next = 0;
        for slot in &mut remap {
            if *slot != NONE {
                *slot = next;
                next += 1;
            }
        }
        let evicted = Evicted {
            transmissions: (remap.len() - next as usize) as u64,
            observations: 0,
        };
        self.compact(&remap, evicted)
    }

    /// Keeps the transmissions whose `remap` entry is not `NONE`, renumbers everything that refers to them and
    /// recounts what cannot be subtracted (see the module documentation).
    fn compact(&mut self, remap: &[u32], mut evicted: Evicted) -> Evicted {
        self.uncount(remap);
        let obs_remap = self.obs.compact(remap);
        evicted.observations = obs_remap.iter().filter(|&&new| new == NONE).count() as u64;
        self.txs.compact(remap, &obs_remap);
        for (message, tx) in self.channels.compact(remap) {
            self.txs.set_subject(tx, message.0);
        }
        let mut used = vec![false; self.paths.len()];
        for path in self.obs.path_column().iter() {
            if let Some(flag) = used.get_mut(path as usize) {
                *flag = true;
            }
        }
        let path_remap = self.paths.compact(&used);
        drop(used);
        self.obs.remap_paths(&path_remap);
        let hearings = self.recount();
        let paths = &self.paths;
        let hops = hearings
            .iter()
            .enumerate()
            .filter(|(_, hearings)| hearings.observations > 0)
            .filter_map(|(id, hearings)| {
                let path = paths.get(PathId(id as u32))?;
                Some((path.bytes.chunks_exact(path.hash_size()), *hearings))
            });
        self.indexes.remap(remap, &obs_remap, &self.txs, hops);
        self.generation += 1;
        self.revision += 1;
        self.evicted += evicted;
        evicted
    }

    /// Subtracts the transmissions `remap` drops, with their observations, from the aggregates.
    fn uncount(&mut self, remap: &[u32]) {
        // The transmission whose observations last counted each observer's unique transmission.
        let mut counted_for: Vec<u32> = Vec::new();
        for (index, _) in remap.iter().enumerate().filter(|(_, new)| **new == NONE) {
            let tx = TxId(index as u32);
            let kind = self.txs.payload_type(tx).unwrap_or(PayloadType::RawCustom);
            let sender = originator(kind, self.txs.subject(tx));
            let first_seen = self.txs.first_seen(tx).unwrap_or(0);
            self.aggregates
                .remove_transmission(kind, first_seen, sender);
            let mut next = self.txs.newest(tx);
            while let Some(id) = next {
                next = self.obs.next(id);
                let Some(row) = self.obs.row(id) else {
                    continue;
                };
                let observer = row.observer.index();
                if counted_for.len() <= observer {
                    counted_for.resize(observer + 1, NONE);
                }
                let first_by_observer = counted_for
                    .get_mut(observer)
                    .is_some_and(|counted| core::mem::replace(counted, tx.0) != tx.0);
                self.aggregates.remove_observation(&ObservationFacts {
                    kind,
                    time_ms: row.time_ms,
                    observer: row.observer,
                    snr_quarter_db: known(row.snr_quarter_db),
                    rssi_dbm: known(row.rssi_dbm),
                    originator: sender,
                    first_by_observer,
                });
            }
        }
    }

    /// Recounts what eviction cannot subtract from the surviving observations, in id order; returns each path's
    /// hearings that count for the hop index (by [`PathId`]).
    fn recount(&mut self) -> Vec<PathHearings> {
        let headers: Vec<u8> = self.txs.header_column().iter().collect();
        let senders: Vec<u32> = (0..self.txs.len() as u32)
            .map(|index| {
                let tx = TxId(index);
                let kind = self.txs.payload_type(tx).unwrap_or(PayloadType::RawCustom);
                originator(kind, self.txs.subject(tx)).map_or(NONE, |node| node.0)
            })
            .collect();
        let mut hearings = vec![PathHearings::default(); self.paths.len()];
        self.aggregates.begin_recount();
        let obs = &self.obs;
        let columns = obs
            .tx_column()
            .iter()
            .zip(obs.time_column().iter())
            .zip(obs.observer_column().iter())
            .zip(obs.snr_column().iter().zip(obs.rssi_column().iter()))
            .zip(obs.path_column().iter());
        for (index, ((((tx, time_ms), observer), (snr, rssi)), path_id)) in columns.enumerate() {
            let Some(&header) = headers.get(tx as usize) else {
                continue;
            };
            let kind = PayloadType::from_header(header);
            let facts = ObservationFacts {
                kind,
                time_ms,
                observer: ObserverId(u32::from(observer)),
                snr_quarter_db: known(snr),
                rssi_dbm: known(rssi),
                originator: senders
                    .get(tx as usize)
                    .copied()
                    .and_then(some)
                    .map(super::ids::NodeId),
                first_by_observer: false,
            };
            self.aggregates.recount(&facts);
            if kind == PayloadType::Trace {
                continue;
            }
            let Some(path) = self.paths.get(PathId(path_id)) else {
                continue;
            };
            if path.hop_count() > 0
                && let Some(hearing) = hearings.get_mut(path_id as usize)
            {
                hearing.add(time_ms);
            }
            let header = obs
                .variant(ObsId(index as u32))
                .map_or(header, |variant| variant.header);
            self.aggregates.links.add(&LinkFacts {
                observer: facts.observer,
                time_ms,
                snr_quarter_db: facts.snr_quarter_db,
                rssi_dbm: facts.rssi_dbm,
                originator: facts.originator,
                flood: RouteType::from_header(header).is_flood(),
                hops: path.bytes,
                hash_size: path.hash_size(),
            });
        }
        self.aggregates.end_recount();
        hearings
    }
}

/// A signal column value, `None` when unknown.
fn known(value: i16) -> Option<i16> {
    (value != UNKNOWN_SIGNAL).then_some(value)
}
