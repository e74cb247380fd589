//! The `route_patterns` key (CoreScope's `/api/analytics/subpaths-bulk`, groups `2-2:50, 3-3:30, 4-4:20,
//! 5-8:15`): the most common runs of consecutive hops in each transmission's longest observed path.
//!
//! Differences from CoreScope (reference-analyzer 3.3 "Subpaths"):
//! * Patterns are keyed and counted by the raw hop hashes, never merged by resolved names: CoreScope resolves
//!   each hop to a first match and merges counts by name, which adds up runs through different nodes that
//!   share a prefix. Each hop names its node only when the hash names exactly one forwarding node.
//! * TRACE packets are left out: their path bytes are SNRs, not hops.
//! * `self_loop` flags a run that repeats a hop hash back to back, as CoreScope's UI does ("likely a 1-byte
//!   collision").

use serde::Serialize;

use crate::analytics::legs::longest_in_observation_order;
use crate::analytics::resolve::{NodeLabel, Resolver, ids};
use crate::hex;
use crate::protocol::PayloadType;
use crate::store::hasher::FastMap;
use crate::store::{NodeId, ObsId, PathId, Store, TxId};

/// The groups: shortest and longest run, and how many patterns each lists (CoreScope's bulk defaults).
pub const GROUPS: [(usize, usize, usize); 4] = [(2, 2, 50), (3, 3, 30), (4, 4, 20), (5, 8, 15)];
/// The longest run counted.
const MAX_RUN: usize = 8;

/// The route patterns snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoutePatterns {
    /// Transmissions (TRACE aside) whose longest path has at least 2 hops.
    pub total_paths: u64,
    /// One group per entry of [`GROUPS`].
    pub groups: Vec<PatternGroup>,
    /// Every node the patterns name.
    pub nodes: Vec<NodeLabel>,
}

/// The most common runs of one range of lengths.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PatternGroup {
    /// Shortest run, hops.
    pub min_len: usize,
    /// Longest run, hops.
    pub max_len: usize,
    /// Most transmissions first.
    pub patterns: Vec<Pattern>,
}

/// One run of hops.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pattern {
    /// The hop hashes, lower-case hex.
    pub hops: Vec<String>,
    /// Each hop's node when its hash names exactly one forwarding node.
    #[serde(serialize_with = "ids::option_nodes")]
    pub nodes: Vec<Option<NodeId>>,
    /// Transmissions whose longest path holds the run (once per path, however often).
    pub count: u64,
    /// `count / total_paths`, percent.
    pub pct: f64,
    /// The run repeats a hop hash back to back.
    pub self_loop: bool,
    /// Some hop's hash names several forwarding nodes.
    pub ambiguous: bool,
}

/// A run: hash size, length, hop bytes.
type Run = (u8, u8, [u8; 3 * MAX_RUN]);

/// The route patterns of `store`, hops named by `resolver`'s candidates (built for it).
pub fn route_patterns(store: &Store, resolver: &Resolver) -> RoutePatterns {
    let mut sums = RouteSums::default();
    for (obs, tx, hops) in longest_in_observation_order(store) {
        sums.add(store, obs, tx, hops);
    }
    sums.finish(store, resolver)
}

/// The running sums of [`route_patterns`], one longest-path observation at a time (see
/// [`GraphJob`](super::graph::GraphJob)): transmissions per distinct path.
#[derive(Default)]
pub(crate) struct RouteSums {
    by_path: FastMap<PathId, u64>,
}

impl RouteSums {
    /// Adds `tx`'s longest-path observation `obs` with `hops` hops.
    pub(crate) fn add(&mut self, store: &Store, obs: ObsId, tx: TxId, hops: u8) {
        if hops < 2 || store.transmissions().payload_type(tx) == Some(PayloadType::Trace) {
            return;
        }
        if let Some(path) = store.observations().path(obs) {
            *self.by_path.entry(path).or_default() += 1;
        }
    }

    /// The patterns of what was added, hops named by `resolver`'s candidates.
    pub(crate) fn finish(&self, store: &Store, resolver: &Resolver) -> RoutePatterns {
        patterns_of(store, resolver, &self.by_path)
    }
}

/// The runs of the paths in `by_path` (transmissions per path), ranked.
fn patterns_of(
    store: &Store,
    resolver: &Resolver,
    by_path: &FastMap<PathId, u64>,
) -> RoutePatterns {
    let total_paths: u64 = by_path.values().sum();
    let mut runs: FastMap<Run, u64> = FastMap::default();
    let mut seen: Vec<Run> = Vec::new();
    for (&path, &count) in by_path {
        let Some(path) = store.paths().get(path) else {
            continue;
        };
        let size = path.hash_size();
        let hops: Vec<&[u8]> = path.bytes.chunks_exact(size).collect();
        seen.clear();
        for len in 2..=MAX_RUN.min(hops.len()) {
            for window in hops.windows(len) {
                let mut bytes = [0; 3 * MAX_RUN];
                for (slot, hop) in bytes.chunks_exact_mut(size).zip(window) {
                    slot.copy_from_slice(hop);
                }
                seen.push((size as u8, len as u8, bytes));
            }
        }
        seen.sort_unstable();
        seen.dedup();
        for run in &seen {
            *runs.entry(*run).or_default() += count;
        }
    }
    let mut ranked: Vec<(Run, u64)> = runs.into_iter().collect();
    ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut named: Vec<NodeId> = Vec::new();
    let groups = GROUPS
        .iter()
        .map(|&(min_len, max_len, limit)| PatternGroup {
            min_len,
            max_len,
            patterns: ranked
                .iter()
                .filter(|((_, len, _), _)| (min_len..=max_len).contains(&usize::from(*len)))
                .take(limit)
                .map(|(run, count)| {
                    let pattern = pattern(resolver, run, *count, total_paths);
                    named.extend(pattern.nodes.iter().flatten());
                    pattern
                })
                .collect(),
        })
        .collect();
    named.sort_unstable();
    named.dedup();
    RoutePatterns {
        total_paths,
        groups,
        nodes: named
            .into_iter()
            .filter_map(|node| NodeLabel::of(store, node))
            .collect(),
    }
}

fn pattern(resolver: &Resolver, &(size, len, bytes): &Run, count: u64, total: u64) -> Pattern {
    let size = usize::from(size).max(1);
    let hops: Vec<&[u8]> = bytes.chunks_exact(size).take(usize::from(len)).collect();
    let candidates: Vec<&[NodeId]> = hops.iter().map(|hop| resolver.candidates(hop)).collect();
    Pattern {
        hops: hops.iter().map(|hop| hex::encode_lower(hop)).collect(),
        nodes: candidates
            .iter()
            .map(|c| match c {
                [node] => Some(*node),
                _ => None,
            })
            .collect(),
        count,
        pct: (count as f64 * 1000.0 / total.max(1) as f64).round() / 10.0,
        self_loop: hops.windows(2).any(|pair| pair.first() == pair.get(1)),
        ambiguous: candidates.iter().any(|c| c.len() > 1),
    }
}
