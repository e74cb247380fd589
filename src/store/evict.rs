//! Eviction: removes the oldest transmissions (by first seen) with all their observations, compacting every
//! table in place (retain, then renumber), then rebuilds the indexes, the observation lists and the aggregates
//! from the surviving columns with the same functions ingest uses (`derive.rs`).
//!
//! What survives eviction unchanged: nodes (their records count every advert ever ingested), observers,
//! channels' keys, interned strings, the malformed log and the counters. Messages of evicted transmissions go
//! with them; paths no surviving observation uses are dropped.

use super::Store;
use super::budget::{EVICT_TO_PERCENT, Evicted};
use super::derive::{ObservationSinks, index_observation, index_transmission, originator};
use super::ids::{NONE, ObsId, PathId, TxId};
use crate::protocol::{Packet, PacketRepr, PayloadType};

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

    /// Keeps the transmissions whose `remap` entry is not `NONE` and rebuilds everything derived.
    fn compact(&mut self, remap: &[u32], mut evicted: Evicted) -> Evicted {
        self.txs.compact(remap);
        evicted.observations = self.obs.compact(remap) as u64;
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
        for index in 0..self.obs.len() {
            let id = ObsId(index as u32);
            let new = self
                .obs
                .path(id)
                .and_then(|path| path_remap.get(path.index()).copied())
                .unwrap_or(NONE);
            self.obs.set_path(id, PathId(new));
        }
        self.rebuild();
        self.generation += 1;
        self.revision += 1;
        self.evicted += evicted;
        evicted
    }

    /// Rebuilds the observation lists, the indexes and the aggregates from the columns.
    fn rebuild(&mut self) {
        self.txs.reset_links();
        self.indexes.clear();
        self.aggregates = super::Aggregates::new();
        for index in 0..self.txs.len() {
            let tx = TxId(index as u32);
            let Some(raw) = self.txs.raw(tx) else {
                continue;
            };
            let Ok(packet) = Packet::new_checked(raw).and_then(|view| PacketRepr::parse(&view))
            else {
                continue;
            };
            let time = self.txs.first_seen(tx).unwrap_or(0);
            let sender = originator(packet.payload_type(), self.txs.subject(tx));
            index_transmission(
                &mut self.indexes,
                &mut self.aggregates,
                tx,
                &packet,
                time,
                sender,
            );
        }
        let mut sinks = ObservationSinks {
            txs: &mut self.txs,
            obs: &mut self.obs,
            paths: &self.paths,
            indexes: &mut self.indexes,
            aggregates: &mut self.aggregates,
        };
        for index in 0..sinks.obs.len() {
            let id = ObsId(index as u32);
            let Some(row) = sinks.obs.row(id) else {
                continue;
            };
            let kind = sinks
                .txs
                .payload_type(row.tx)
                .unwrap_or(PayloadType::RawCustom);
            let sender = originator(kind, sinks.txs.subject(row.tx));
            index_observation(&mut sinks, id, &row, kind, sender);
        }
        self.indexes.time.sort(&self.txs);
        self.indexes.hop.sort();
    }
}
