//! The observers that heard a node's own packets, with signal statistics.

use serde::Serialize;

use crate::analytics::resolve::{PathContext, Resolver, VertexLabel};
use crate::store::{ObserverId, Store, TxId};

/// Most observers listed (the most observations).
pub const MAX_OBSERVERS: usize = 100;

/// One observer of the node's own packets (adverts, ANON_REQs).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeardBy {
    /// The observer (a node when its key is one).
    pub observer: VertexLabel,
    /// Observations of the node's packets.
    pub observations: u64,
    /// Of those, zero-hop flood copies: heard from the node itself.
    pub direct: u64,
    /// SNR over every observation (a relayed copy's SNR is its last relay's, as in CoreScope).
    pub snr: Option<SnrStats>,
    /// SNR over the direct copies only: the node's own signal at this observer.
    pub direct_snr: Option<SnrStats>,
    /// Mean RSSI over every observation, dBm.
    pub avg_rssi_dbm: Option<f64>,
    /// Last observation, unix ms.
    pub last_ms: i64,
}

/// SNR statistics, dB.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SnrStats {
    /// Samples.
    pub count: u64,
    /// Mean.
    pub mean: f64,
    /// Lowest.
    pub min: f64,
    /// Highest.
    pub max: f64,
}

/// Running SNR sums.
#[derive(Debug, Clone, Copy, Default)]
struct SnrTally {
    count: u64,
    sum: f64,
    min: f64,
    max: f64,
}

impl SnrTally {
    fn add(&mut self, snr: f32) {
        let snr = f64::from(snr);
        if self.count == 0 {
            (self.min, self.max) = (snr, snr);
        }
        self.count += 1;
        self.sum += snr;
        self.min = self.min.min(snr);
        self.max = self.max.max(snr);
    }

    fn stats(&self) -> Option<SnrStats> {
        (self.count > 0).then(|| SnrStats {
            count: self.count,
            mean: self.sum / self.count as f64,
            min: self.min,
            max: self.max,
        })
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    observations: u64,
    direct: u64,
    snr: SnrTally,
    direct_snr: SnrTally,
    rssi_sum: f64,
    rssi_count: u64,
    last_ms: i64,
}

/// The observers of `originated`'s observations, most observations first (ties by observer id).
pub(super) fn heard_by(store: &Store, resolver: &Resolver, originated: &[TxId]) -> Vec<HeardBy> {
    let mut tallies: Vec<Tally> = vec![Tally::default(); store.observers().len()];
    let observations = store.observations();
    for &tx in originated {
        for obs in store.observations_of(tx) {
            let Some(row) = store.observation(obs) else {
                continue;
            };
            let Some(tally) = tallies.get_mut(row.observer.index()) else {
                continue;
            };
            let direct = PathContext::of_observation(store, obs)
                .is_some_and(|(context, path)| context.route.is_flood() && path.hop_count() == 0);
            tally.observations += 1;
            tally.last_ms = if tally.observations == 1 {
                row.time_ms
            } else {
                tally.last_ms.max(row.time_ms)
            };
            if let Some(snr) = observations.snr_db(obs) {
                tally.snr.add(snr);
                if direct {
                    tally.direct_snr.add(snr);
                }
            }
            if direct {
                tally.direct += 1;
            }
            if let Some(rssi) = observations.rssi_dbm(obs) {
                tally.rssi_sum += f64::from(rssi);
                tally.rssi_count += 1;
            }
        }
    }
    let mut listed: Vec<(usize, Tally)> = tallies
        .into_iter()
        .enumerate()
        .filter(|(_, tally)| tally.observations > 0)
        .collect();
    listed.sort_by_key(|&(index, tally)| (core::cmp::Reverse(tally.observations), index));
    listed.truncate(MAX_OBSERVERS);
    listed
        .into_iter()
        .map(|(index, tally)| HeardBy {
            observer: VertexLabel::of(store, resolver.observer_vertex(ObserverId(index as u32))),
            observations: tally.observations,
            direct: tally.direct,
            snr: tally.snr.stats(),
            direct_snr: tally.direct_snr.stats(),
            avg_rssi_dbm: (tally.rssi_count > 0).then(|| tally.rssi_sum / tally.rssi_count as f64),
            last_ms: tally.last_ms,
        })
        .collect()
}
