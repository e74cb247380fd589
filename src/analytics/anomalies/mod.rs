//! Routing anomalies (issue 9.2), each with evidence (packet hashes, bounded):
//!
//! - **Repeated hops**: a flood path that names the same hop hash twice. With 2- or 3-byte hashes two
//!   repeaters rarely share a hash, so it is reported as a loop; with 1-byte hashes it is most likely two
//!   repeaters sharing a first key byte (a prefix collision), and said so. CoreScope flags only `X → X`
//!   adjacent pairs in its route patterns, as collisions whatever the hash size; this looks at the whole path.
//! - **Long paths**: flood paths with more hops than the flood limit (a repeater's `flood.max`, a parameter),
//!   or full: no repeater can append its hash (64 path bytes, `MAX_PATH_SIZE`, or 63 hops, the count's 6
//!   bits), so the flood stopped there whatever the repeaters' limits.
//! - **Storms**: a transmission heard over many distinct paths (a threshold parameter).
//! - **Silent repeaters**: nodes that advertise as repeaters but whose key prefixes (1, 2 or 3 bytes) appear
//!   in no observed path. A repeater whose prefix appears is not listed even when the prefix is shared, since
//!   it may be the one forwarding.
//!
//! TRACE paths hold SNRs, not hops, and are skipped; DIRECT paths list the hops still to go and are skipped
//! too. Cost: one pass over the path table, one over the observations' transmission and path columns, and a
//! walk of the observations of the transmissions heard at least `storm_paths` times; [`AnomaliesState`]
//! makes the passes over new observations only, a slice at a time.

mod silent;
mod state;
mod storms;

pub use state::AnomaliesState;

use serde::Serialize;

use crate::hex;
use crate::store::hasher::FastMap;
use crate::store::index::HopHash;
use crate::store::{PathId, Store, TxId};
use state::{Group, PathFlags};

/// Path bytes at most (`MAX_PATH_SIZE`).
pub const MAX_PATH_BYTES: usize = 64;
/// Hop count at most (6 bits of `path_len`).
pub const MAX_HOPS: usize = 63;

/// What [`anomalies`] looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnomalyOptions {
    /// A flood path with more hops than this is over the limit (64: MeshCore's default `flood.max`).
    pub flood_max_hops: usize,
    /// A transmission heard over at least this many distinct paths is a storm.
    pub storm_paths: usize,
    /// Entries per list at most.
    pub top: usize,
    /// Packet hashes per entry at most.
    pub evidence: usize,
}

impl Default for AnomalyOptions {
    /// Limit 64 hops, storms from 32 paths (a generated 60-node day tops out near 24), 20 entries, 5 hashes each.
    fn default() -> Self {
        AnomalyOptions {
            flood_max_hops: 64,
            storm_paths: 32,
            top: 20,
            evidence: 5,
        }
    }
}

/// Anomalies snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Anomalies {
    /// Repeated hops, by observations most first (at most `top`).
    pub repeated_hops: Vec<RepeatedHop>,
    /// Observations whose flood path repeats a hop (each once).
    pub repeated_hop_observations: u64,
    /// Long or full flood paths, longest first (at most `top`).
    pub long_paths: Vec<LongPath>,
    /// Observations with such a path.
    pub long_path_observations: u64,
    /// Storms, most paths first (at most `top`).
    pub storms: Vec<Storm>,
    /// Transmissions at or over the storm threshold.
    pub storm_count: usize,
    /// Silent repeaters, most adverts first (at most `top`).
    pub silent_repeaters: Vec<SilentRepeater>,
    /// Silent repeaters in all.
    pub silent_repeater_count: usize,
}

/// What a repeated hop most likely is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RepeatKind {
    /// 2- or 3-byte hashes: the packet came back through the same repeater.
    Loop,
    /// 1-byte hashes: most likely two repeaters sharing the byte.
    LikelyPrefixCollision,
}

/// One hop hash seen twice in flood paths.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepeatedHop {
    /// The hop hash, lower-case hex.
    pub hop: String,
    /// Loop or likely collision.
    pub kind: RepeatKind,
    /// Known nodes with this prefix.
    pub candidates: usize,
    /// Observations whose path repeats it.
    pub observations: u64,
    /// Distinct transmissions among them.
    pub transmissions: u64,
    /// One such path, hops in lower-case hex.
    pub example_path: Vec<String>,
    /// Packet hashes of the first transmissions (at most `evidence`).
    pub evidence: Vec<String>,
}

/// Why a path is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LongReason {
    /// More hops than the flood limit.
    OverLimit,
    /// No room for another hop.
    Full,
}

/// One long flood path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LongPath {
    /// Hops.
    pub hops: usize,
    /// Hash size, bytes.
    pub hash_size: usize,
    /// Over the limit or full.
    pub reason: LongReason,
    /// Observations with this path.
    pub observations: u64,
    /// Packet hashes of the first transmissions (at most `evidence`).
    pub evidence: Vec<String>,
}

/// A transmission heard over many paths.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Storm {
    /// Its packet hash.
    pub hash: String,
    /// Its payload type's name.
    pub payload_type: &'static str,
    /// Distinct paths it was heard over.
    pub paths: usize,
    /// Its observations.
    pub observations: u32,
    /// Distinct observers that heard it.
    pub observers: usize,
    /// First heard, unix ms.
    pub first_seen_ms: i64,
}

/// A repeater never seen forwarding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SilentRepeater {
    /// Its public key, lower-case hex.
    pub public_key: String,
    /// Its name, when known.
    pub name: Option<String>,
    /// Its adverts heard.
    pub adverts: u32,
    /// Its latest advert heard, unix ms.
    pub last_advert_ms: Option<i64>,
    /// Packet hashes of its latest adverts (at most `evidence`).
    pub evidence: Vec<String>,
}

/// Every anomaly in `store` (see the module doc): an [`AnomaliesState`] that folds the whole store at once.
pub fn anomalies(store: &Store, options: &AnomalyOptions) -> Anomalies {
    let mut state = AnomaliesState::new(*options);
    state.update(store, usize::MAX);
    state.snapshot(store)
}

/// The packet hashes of `txs`, lower-case hex.
fn hashes(store: &Store, txs: &[TxId]) -> Vec<String> {
    txs.iter()
        .filter_map(|&tx| store.transmissions().hash(tx))
        .map(|hash| hash.to_string())
        .collect()
}

fn repeated_hops(store: &Store, groups: &FastMap<HopHash, Group>, top: usize) -> Vec<RepeatedHop> {
    let mut groups: Vec<(&HopHash, &Group)> = groups.iter().collect();
    groups.sort_by(|a, b| b.1.observations.cmp(&a.1.observations).then(a.0.cmp(b.0)));
    groups.truncate(top);
    groups
        .into_iter()
        .map(|(hop, group)| {
            let hop = *hop;
            let path = group.path.and_then(|id| store.paths().get(id));
            RepeatedHop {
                hop: hex::encode_lower(hop.as_bytes()),
                kind: if hop.size() == 1 {
                    RepeatKind::LikelyPrefixCollision
                } else {
                    RepeatKind::Loop
                },
                candidates: store.candidates(hop.as_bytes()).len(),
                observations: group.observations,
                transmissions: group.transmissions,
                example_path: path
                    .map(|p| {
                        p.bytes
                            .chunks_exact(p.hash_size())
                            .map(hex::encode_lower)
                            .collect()
                    })
                    .unwrap_or_default(),
                evidence: hashes(store, &group.evidence),
            }
        })
        .collect()
}

fn long_paths(
    store: &Store,
    flags: &[PathFlags],
    groups: &FastMap<u32, Group>,
    top: usize,
) -> Vec<LongPath> {
    let mut out: Vec<LongPath> = groups
        .iter()
        .filter_map(|(&path, group)| {
            let stored = store.paths().get(PathId(path))?;
            Some(LongPath {
                hops: stored.hop_count(),
                hash_size: stored.hash_size(),
                reason: flags.get(path as usize)?.long?,
                observations: group.observations,
                evidence: hashes(store, &group.evidence),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.hops
            .cmp(&a.hops)
            .then(b.observations.cmp(&a.observations))
            .then(a.evidence.cmp(&b.evidence))
    });
    out.truncate(top);
    out
}
