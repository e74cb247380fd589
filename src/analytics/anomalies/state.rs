//! [`AnomaliesState`]: the sums behind [`anomalies`](super::anomalies), folded a slice of observations at a
//! time and kept between computes.

use super::storms::{Marks, ranked_storms};
use super::{
    Anomalies, AnomalyOptions, LongReason, MAX_HOPS, MAX_PATH_BYTES, long_paths, repeated_hops,
    silent,
};
use crate::analytics::watermark::{Watermark, chunks_from};
use crate::protocol::{PathLen, PayloadType, RouteType};
use crate::store::hasher::{FastMap, FastSet};
use crate::store::index::HopHash;
use crate::store::{PathId, Store, TxId};

/// Per path: the hop it repeats first, and whether it is long.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct PathFlags {
    repeated: Option<HopHash>,
    pub(super) long: Option<LongReason>,
}

fn flags_of(path: PathLen, bytes: &[u8], limit: usize) -> PathFlags {
    let size = path.hash_size().unwrap_or(1);
    let hops = bytes.chunks_exact(size);
    let count = hops.len();
    let repeated = hops
        .clone()
        .enumerate()
        .find(|(at, hop)| hops.clone().take(*at).any(|earlier| earlier == *hop))
        .and_then(|(_, hop)| HopHash::new(hop));
    let long = if count > limit {
        Some(LongReason::OverLimit)
    } else if count + 1 > MAX_HOPS || bytes.len() + size > MAX_PATH_BYTES {
        Some(LongReason::Full)
    } else {
        None
    };
    PathFlags { repeated, long }
}

/// Running sums of one group of observations.
#[derive(Debug, Clone, Default)]
pub(super) struct Group {
    pub(super) observations: u64,
    pub(super) transmissions: u64,
    pub(super) evidence: Vec<TxId>,
    pub(super) path: Option<PathId>,
}

impl Group {
    fn add(&mut self, tx: TxId, path: PathId, new_tx: bool, evidence: usize) {
        self.observations += 1;
        self.path.get_or_insert(path);
        if new_tx {
            self.transmissions += 1;
            if self.evidence.len() < evidence {
                self.evidence.push(tx);
            }
        }
    }
}

/// The sums behind [`anomalies`](super::anomalies), kept between computes: [`update`](AnomaliesState::update)
/// folds at most a given number of the observations added since the last call (all of them again after an
/// eviction, a clear or another store), [`snapshot`](AnomaliesState::snapshot) ranks what was found. Once an
/// update reports it has caught up, a snapshot equals [`anomalies`](super::anomalies) of the same store,
/// however the observations arrived and however the folding was sliced.
///
/// Cost: each observation is read once; a transmission heard at least `storm_paths` times has its
/// observations walked again in each update that folds one of its hearings. A snapshot is proportional to the
/// groups, the storms and the nodes, not to the observations.
#[derive(Debug, Clone)]
pub struct AnomaliesState {
    options: AnomalyOptions,
    watermark: Watermark,
    flags: Vec<PathFlags>,
    repeats: FastMap<HopHash, Group>,
    long: FastMap<u32, Group>,
    repeat_seen: FastSet<(HopHash, u32)>,
    long_seen: FastSet<(u32, u32)>,
    repeated_hop_observations: u64,
    long_path_observations: u64,
    /// By transmission at or over the storm threshold: its distinct paths and observers.
    storms: FastMap<u32, (usize, usize)>,
    marks: Marks,
    touched: Vec<u32>,
}

impl Default for AnomaliesState {
    /// A state that has read nothing, with the default options.
    fn default() -> Self {
        AnomaliesState::new(AnomalyOptions::default())
    }
}

impl AnomaliesState {
    /// A state that has read nothing, looking for what `options` say.
    pub fn new(options: AnomalyOptions) -> Self {
        AnomaliesState {
            options,
            watermark: Watermark::default(),
            flags: Vec::new(),
            repeats: FastMap::default(),
            long: FastMap::default(),
            repeat_seen: FastSet::default(),
            long_seen: FastSet::default(),
            repeated_hop_observations: 0,
            long_path_observations: 0,
            storms: FastMap::default(),
            marks: Marks::default(),
            touched: Vec::new(),
        }
    }

    /// Folds at most `limit` of the observations `store` gained since the last update (starting again from
    /// the first after an eviction, a clear or with another store). Returns whether every observation of
    /// `store` is now folded.
    pub fn update(&mut self, store: &Store, limit: usize) -> bool {
        if !self.watermark.continues(store) {
            *self = AnomaliesState::new(self.options);
        }
        let paths = store.paths();
        let known = self.flags.len() as u32..paths.len() as u32;
        self.flags.extend(known.map(|id| {
            paths.get(PathId(id)).map_or(PathFlags::default(), |p| {
                flags_of(p.path_len, p.bytes, self.options.flood_max_hops)
            })
        }));
        let start = self.watermark.observations();
        let end = start.saturating_add(limit).min(store.observation_count());
        let txs = store.transmissions();
        let headers = txs.header_column();
        let threshold = self.options.storm_paths.max(1);
        let obs = store.observations();
        let columns = chunks_from(obs.tx_column(), start)
            .zip(chunks_from(obs.path_column(), start))
            .flat_map(|(txs, paths)| txs.iter().copied().zip(paths.iter().copied()))
            .take(end - start);
        for (tx, path) in columns {
            if txs.observation_count(TxId(tx)).unwrap_or(0) as usize >= threshold {
                self.touched.push(tx);
            }
            let Some(flag) = self.flags.get(path as usize).copied() else {
                continue;
            };
            if flag.repeated.is_none() && flag.long.is_none() {
                continue;
            }
            let Some(header) = headers.get(tx as usize) else {
                continue;
            };
            if !RouteType::from_header(header).is_flood()
                || PayloadType::from_header(header) == PayloadType::Trace
            {
                continue;
            }
            let evidence = self.options.evidence;
            if let Some(hop) = flag.repeated {
                self.repeated_hop_observations += 1;
                let new_tx = self.repeat_seen.insert((hop, tx));
                self.repeats
                    .entry(hop)
                    .or_default()
                    .add(TxId(tx), PathId(path), new_tx, evidence);
            }
            if flag.long.is_some() {
                self.long_path_observations += 1;
                let new_tx = self.long_seen.insert((path, tx));
                self.long
                    .entry(path)
                    .or_default()
                    .add(TxId(tx), PathId(path), new_tx, evidence);
            }
        }
        self.walk_touched(store, threshold);
        self.watermark = Watermark::at(store, end);
        end == store.observation_count()
    }

    /// Counts again the paths and observers of each transmission touched by this update.
    fn walk_touched(&mut self, store: &Store, threshold: usize) {
        self.touched.sort_unstable();
        self.touched.dedup();
        for &tx in &self.touched {
            let (paths, observers) = self.marks.count(store, TxId(tx));
            if paths >= threshold {
                self.storms.insert(tx, (paths, observers));
            } else {
                self.storms.remove(&tx);
            }
        }
        self.touched.clear();
    }

    /// The anomalies folded so far, with the nodes `store` knows now.
    pub fn snapshot(&self, store: &Store) -> Anomalies {
        let top = self.options.top;
        let (storms, storm_count) = ranked_storms(store, &self.storms, top);
        let (silent_repeaters, silent_repeater_count) =
            silent::silent_repeaters(store, &self.options);
        Anomalies {
            repeated_hops: repeated_hops(store, &self.repeats, top),
            repeated_hop_observations: self.repeated_hop_observations,
            long_paths: long_paths(store, &self.flags, &self.long, top),
            long_path_observations: self.long_path_observations,
            storms,
            storm_count,
            silent_repeaters,
            silent_repeater_count,
        }
    }
}
