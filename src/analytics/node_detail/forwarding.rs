//! The transmissions a node forwarded: those whose longest observed path holds a hop hash of its key, resolved
//! by the shared [`Resolver`] and sorted by how sure the resolution is.

use serde::Serialize;

use crate::analytics::resolve::{HopResolution, PathContext, ResolvedPath, Resolver, ids};
use crate::hex;
use crate::store::hasher::FastMap;
use crate::store::{NodeId, ObsId, ObserverId, PathId, Store, TxId};

/// Most paths listed (the most transmissions).
pub const MAX_PATHS: usize = 50;

/// How often a node forwarded, by how sure the resolution is (transmissions, over their longest path).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Forwarding {
    /// Transmissions whose longest path has one of its hop hashes.
    pub candidate_transmissions: usize,
    /// Of those, a hop resolved to it confidently (Unique, NeighborEvidence, not unreliable).
    pub confident: usize,
    /// A hop resolved to it by a guess (Geography, or flagged unreliable).
    pub guessed: usize,
    /// A hop stayed ambiguous with it among the candidates.
    pub ambiguous: usize,
    /// Every matching hop was resolved to another node.
    pub elsewhere: usize,
    /// Its last confident forwarding (first heard of that transmission), unix ms.
    pub last_ms: Option<i64>,
}

/// One path it confidently forwarded on (the path bytes as heard on the longest observation).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathThrough {
    /// The path bytes, lower-case hex.
    pub path: String,
    /// Hop hash size, bytes.
    pub hash_size: usize,
    /// Its hop index in the path.
    pub position: usize,
    /// Each hop as resolved on the newest transmission with this path.
    pub hops: Vec<HopResolution>,
    /// Transmissions whose longest path this is.
    pub transmissions: u64,
    /// The newest such transmission's first time heard, unix ms.
    pub last_ms: i64,
    /// That transmission.
    #[serde(serialize_with = "ids::tx")]
    pub sample: TxId,
}

/// The forwarding pass's results.
pub(super) struct Forwarded {
    pub summary: Forwarding,
    pub paths: Vec<PathThrough>,
    /// Every transmission it confidently forwarded.
    pub transmissions: Vec<TxId>,
}

/// The transmissions `node` may have forwarded (its 1-, 2- and 3-byte hop hashes), each longest path resolved.
pub(super) fn forwarding(store: &Store, resolver: &Resolver, node: NodeId) -> Forwarded {
    let mut candidates: Vec<TxId> = Vec::new();
    if let Some(record) = store.node(node) {
        for size in 1..=3 {
            let hop = record.public_key.get(..size).unwrap_or_default();
            candidates.extend_from_slice(store.txs_with_hop(hop));
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    let mut summary = Forwarding::default();
    let mut transmissions = Vec::new();
    let mut by_path: FastMap<PathId, PathThrough> = FastMap::default();
    let mut path = ResolvedPath::new();
    let txs = store.transmissions();
    let observations = store.observations();
    // In observation order: a forward sweep over the observation columns (see `longest_in_observation_order`).
    let mut longest: Vec<(ObsId, TxId)> = candidates
        .iter()
        .filter_map(|&tx| txs.longest_path(tx).map(|(_, obs)| (obs, tx)))
        .collect();
    longest.sort_unstable_by_key(|&(obs, _)| obs.0);
    let mut memo: FastMap<ContextKey, Outcome> = FastMap::default();
    for (obs, tx) in longest {
        let Some(((context, heard), path_id)) =
            PathContext::of_observation(store, obs).zip(observations.path(obs))
        else {
            continue;
        };
        let key = (
            path_id,
            heard.bytes.is_empty(),
            context.observer,
            context.originator,
            context.route.is_flood(),
        );
        let outcome = memo.entry(key).or_insert_with(|| {
            resolver.resolve_path(heard.bytes, heard.hash_size(), &context, &mut path);
            Outcome::of(&path, node)
        });
        let Outcome {
            matched,
            position,
            guessed,
            ambiguous,
            ..
        } = *outcome;
        if !matched {
            continue;
        }
        summary.candidate_transmissions += 1;
        let first_seen = txs.first_seen(tx).unwrap_or(0);
        let Some(position) = position else {
            match (guessed, ambiguous) {
                (true, _) => summary.guessed += 1,
                (false, true) => summary.ambiguous += 1,
                (false, false) => summary.elsewhere += 1,
            }
            continue;
        };
        summary.confident += 1;
        summary.last_ms = Some(
            summary
                .last_ms
                .map_or(first_seen, |last| last.max(first_seen)),
        );
        transmissions.push(tx);
        let entry = by_path.entry(path_id).or_insert_with(|| PathThrough {
            path: store
                .observation_path(obs)
                .map_or_else(String::new, |p| hex::encode_lower(p.bytes)),
            hash_size: store.observation_path(obs).map_or(1, |p| p.hash_size()),
            position,
            hops: Vec::new(),
            transmissions: 0,
            last_ms: i64::MIN,
            sample: tx,
        });
        entry.transmissions += 1;
        if first_seen >= entry.last_ms {
            entry.last_ms = first_seen;
            entry.sample = tx;
            entry.position = position;
            entry.hops.clear();
            entry.hops.extend_from_slice(&outcome.hops);
        }
    }
    let mut paths: Vec<PathThrough> = by_path.into_values().collect();
    paths.sort_by(|a, b| {
        b.transmissions
            .cmp(&a.transmissions)
            .then(b.last_ms.cmp(&a.last_ms))
            .then(a.path.cmp(&b.path))
    });
    paths.truncate(MAX_PATHS);
    Forwarded {
        summary,
        paths,
        transmissions,
    }
}

/// What one resolved context says about the node, memoised: many transmissions share a path, observer,
/// originator and route (the resolution depends on nothing else).
struct Outcome {
    /// Some hop's candidates name the node.
    matched: bool,
    /// The first hop confidently resolved to the node.
    position: Option<usize>,
    /// Some hop was resolved to the node, not confidently.
    guessed: bool,
    /// Some hop naming the node among others was left undecided.
    ambiguous: bool,
    /// The hops, when the node is confidently on the path.
    hops: Vec<HopResolution>,
}

impl Outcome {
    fn of(path: &ResolvedPath, node: NodeId) -> Outcome {
        let mut outcome = Outcome {
            matched: false,
            position: None,
            guessed: false,
            ambiguous: false,
            hops: Vec::new(),
        };
        for (index, hop) in path.hops().iter().enumerate() {
            let named = path.candidates(index).iter().any(|c| c.node == node);
            outcome.matched |= named;
            if hop.confident() == Some(node) {
                outcome.position = outcome.position.or(Some(index));
            } else if hop.node == Some(node) {
                outcome.guessed = true;
            } else if named && hop.node.is_none() {
                outcome.ambiguous = true;
            }
        }
        if outcome.position.is_some() {
            outcome.hops.extend_from_slice(path.hops());
        }
        outcome
    }
}

/// A path heard in one context: path, emptied (TRACE), observer, originator, flood.
type ContextKey = (PathId, bool, Option<ObserverId>, Option<NodeId>, bool);
