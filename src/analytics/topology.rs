//! The `topology` key (CoreScope's `/api/analytics/topology`, in part): hop counts of each transmission's
//! longest observed path, hops against SNR, the hop hashes heard most (with every node each can name), and
//! each forwarding node's degree in the neighbor graph.
//!
//! Differences from CoreScope (reference-analyzer 3.3 "topology"):
//! * TRACE packets are left out: their path bytes are SNRs, not hops.
//! * `top_hops` names a hop's node only when the hash names exactly one forwarding node; otherwise it lists
//!   every candidate (CoreScope shows the first prefix-map match).
//! * Repeater degree comes from the neighbor graph's resolved edges (Unique, Jaccard) rather than from
//!   adjacent raw hop strings, which merge every node sharing a prefix.
//! * Per-observer reach rings and best paths are not computed here.

use serde::Serialize;

use crate::analytics::legs::longest_in_observation_order;
use crate::analytics::neighbors::Vertex;
use crate::analytics::resolve::{Method, NodeLabel, Resolver, can_forward, ids};
use crate::hex;
use crate::protocol::PayloadType;
use crate::store::hasher::FastMap;
use crate::store::{NodeId, ObsId, Store, TxId};

/// Hop counts listed in `hops_vs_snr` (CoreScope's 20).
pub const MAX_SNR_HOPS: usize = 20;
/// Hop hashes listed in `top_hops` (CoreScope's 20).
pub const MAX_TOP_HOPS: usize = 20;
/// Forwarding nodes listed in `top_degree`.
pub const MAX_TOP_DEGREE: usize = 20;

/// The topology snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Topology {
    /// Transmissions (TRACE aside) whose longest path has at least one hop.
    pub paths: u64,
    /// Transmissions per hop count of the longest path, 1 up, counts above zero only.
    pub hop_distribution: Vec<HopCount>,
    /// Mean hop count of those paths.
    pub avg_hops: f64,
    /// `sorted[n / 2]` (CoreScope's median).
    pub median_hops: usize,
    /// The longest.
    pub max_hops: usize,
    /// Per hop count up to [`MAX_SNR_HOPS`], the mean SNR of the longest-path observation.
    pub hops_vs_snr: Vec<HopSnr>,
    /// The hop hashes in the most transmissions' paths (any observation), most first.
    pub top_hops: Vec<TopHop>,
    /// Forwarding nodes by resolved neighbours in the graph, most first.
    pub top_degree: Vec<DegreeEntry>,
    /// Forwarding nodes per degree (0 up to the largest).
    pub degree_distribution: Vec<u64>,
}

/// Transmissions with a hop count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HopCount {
    /// Hops.
    pub hops: usize,
    /// Transmissions.
    pub count: u64,
}

/// SNR at a hop count.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HopSnr {
    /// Hops.
    pub hops: usize,
    /// Transmissions whose longest-path observation has an SNR.
    pub count: u64,
    /// Their mean SNR, dB.
    pub avg_snr_db: f64,
}

/// A hop hash and what it can name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopHop {
    /// The hop hash, lower-case hex.
    pub hop: String,
    /// Transmissions with it in an observed path.
    pub transmissions: u64,
    /// Observations with it in their path.
    pub observations: u64,
    /// Unique (one forwarding node), Ambiguous (several) or Unknown (none); no context is used.
    pub method: Method,
    /// The node, when Unique.
    #[serde(serialize_with = "ids::option_node")]
    pub node: Option<NodeId>,
    /// Every forwarding node it can name.
    pub candidates: Vec<NodeLabel>,
}

/// A forwarding node's degree.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DegreeEntry {
    /// The node.
    pub node: NodeLabel,
    /// Its resolved neighbours.
    pub neighbors: usize,
    /// Observations over those edges.
    pub observations: u64,
}

/// The topology snapshot of `store`, with hop candidates and the graph from `resolver` (built for it).
pub fn topology(store: &Store, resolver: &Resolver) -> Topology {
    let mut sums = TopologySums::default();
    for (obs, tx, hops) in longest_in_observation_order(store) {
        sums.add(store, obs, tx, hops);
    }
    sums.finish(store, resolver)
}

/// The running sums of [`topology`], one longest-path observation at a time (see
/// [`GraphJob`](super::graph::GraphJob)).
pub(crate) struct TopologySums {
    by_hops: [u64; 64],
    snr: [(u64, f64); MAX_SNR_HOPS + 1],
}

impl Default for TopologySums {
    fn default() -> Self {
        TopologySums {
            by_hops: [0; 64],
            snr: [(0, 0.0); MAX_SNR_HOPS + 1],
        }
    }
}

impl TopologySums {
    /// Adds `tx`'s longest-path observation `obs` with `hops` hops.
    pub(crate) fn add(&mut self, store: &Store, obs: ObsId, tx: TxId, hops: u8) {
        if hops == 0 || store.transmissions().payload_type(tx) == Some(PayloadType::Trace) {
            return;
        }
        let hops = usize::from(hops);
        if let Some(count) = self.by_hops.get_mut(hops) {
            *count += 1;
        }
        if let (Some(slot), Some(value)) =
            (self.snr.get_mut(hops), store.observations().snr_db(obs))
        {
            slot.0 += 1;
            slot.1 += f64::from(value);
        }
    }

    /// The snapshot of what was added, with the graph and candidates of `resolver`.
    pub(crate) fn finish(&self, store: &Store, resolver: &Resolver) -> Topology {
        let TopologySums { by_hops, snr } = self;
        let (top_degree, degree_distribution) = degrees(store, resolver);
        let paths: u64 = by_hops.iter().sum();
        let total_hops: u64 = by_hops.iter().enumerate().map(|(h, c)| h as u64 * c).sum();
        let mut seen = 0;
        let median_hops = by_hops
            .iter()
            .position(|&count| {
                seen += count;
                paths > 0 && seen > paths / 2
            })
            .unwrap_or(0);
        Topology {
            paths,
            hop_distribution: by_hops
                .iter()
                .enumerate()
                .filter(|(_, count)| **count > 0)
                .map(|(hops, &count)| HopCount { hops, count })
                .collect(),
            avg_hops: if paths > 0 {
                total_hops as f64 / paths as f64
            } else {
                0.0
            },
            median_hops,
            max_hops: by_hops.iter().rposition(|&count| count > 0).unwrap_or(0),
            hops_vs_snr: snr
                .iter()
                .enumerate()
                .filter(|(_, (count, _))| *count > 0)
                .map(|(hops, &(count, sum))| HopSnr {
                    hops,
                    count,
                    avg_snr_db: sum / count as f64,
                })
                .collect(),
            top_hops: top_hops(store, resolver),
            top_degree,
            degree_distribution,
        }
    }
}

/// The forwarding nodes with the most resolved neighbours, and forwarding nodes per degree.
fn degrees(store: &Store, resolver: &Resolver) -> (Vec<DegreeEntry>, Vec<u64>) {
    let mut degree: FastMap<NodeId, (usize, u64)> = FastMap::default();
    for edge in resolver.graph().edges() {
        for vertex in [edge.a, edge.b] {
            if let Vertex::Node(node) = vertex {
                let entry = degree.entry(node).or_default();
                entry.0 += 1;
                entry.1 += edge.observations();
            }
        }
    }
    let mut forwarders: Vec<(NodeId, usize, u64)> = store
        .nodes()
        .iter()
        .filter(|(_, node)| can_forward(node.role))
        .map(|(id, _)| {
            let (neighbors, observations) = degree.get(&id).copied().unwrap_or_default();
            (id, neighbors, observations)
        })
        .collect();
    let largest = forwarders.iter().map(|f| f.1).max().unwrap_or(0);
    let mut distribution = vec![
        0u64;
        if forwarders.is_empty() {
            0
        } else {
            largest + 1
        }
    ];
    for &(_, neighbors, _) in &forwarders {
        if let Some(count) = distribution.get_mut(neighbors) {
            *count += 1;
        }
    }
    forwarders.sort_by_key(|&(id, neighbors, observations)| {
        (
            core::cmp::Reverse(neighbors),
            core::cmp::Reverse(observations),
            id,
        )
    });
    forwarders.truncate(MAX_TOP_DEGREE);
    let top = forwarders
        .into_iter()
        .filter_map(|(id, neighbors, observations)| {
            Some(DegreeEntry {
                node: NodeLabel::of(store, id)?,
                neighbors,
                observations,
            })
        })
        .collect();
    (top, distribution)
}

/// The hop hashes in the most transmissions, with their candidates.
fn top_hops(store: &Store, resolver: &Resolver) -> Vec<TopHop> {
    let mut hops: Vec<_> = store
        .indexes()
        .hop
        .iter()
        .map(|(hop, entry)| (hop, entry.transmissions().len() as u64, entry.observations))
        .collect();
    hops.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then(b.2.cmp(&a.2))
            .then(a.0.as_bytes().cmp(b.0.as_bytes()))
    });
    hops.truncate(MAX_TOP_HOPS);
    hops.into_iter()
        .map(|(hop, transmissions, observations)| {
            let candidates = resolver.candidates(hop.as_bytes());
            let method = match candidates {
                [] => Method::Unknown,
                [_] => Method::Unique,
                _ => Method::Ambiguous,
            };
            TopHop {
                hop: hex::encode_lower(hop.as_bytes()),
                transmissions,
                observations,
                method,
                node: match candidates {
                    [node] => Some(*node),
                    _ => None,
                },
                candidates: candidates
                    .iter()
                    .filter_map(|&node| NodeLabel::of(store, node))
                    .collect(),
            }
        })
        .collect()
}
