//! The `neighbors` key: the neighbor graph (reference-analyzer 3.3 "Neighbor graph"), who hears whom directly.
//!
//! Edges come from the store's links (`store::aggregates::Links`): zero-hop adverts (originator → observer),
//! the first hop of flooded adverts (originator → `path[0]`), and the last hop of every flooded observation
//! (`path[last]` → observer). How hops become nodes, the Jaccard phase and the score are in [`graph`].
//!
//! Differences from CoreScope: last hops come from FLOOD copies only (a DIRECT path lists the hops still to go,
//! so its last entry is not the radio the observer heard); ANON_REQ senders count as originators beside
//! adverts; an observer whose key is a known node is that node; ambiguous hops are listed with every candidate
//! and a geographic guess is labelled as one, never merged into an edge.

mod decide;
pub mod graph;

pub use graph::{Edge, EdgeMethod, Graph, HopEdge, Vertex};

use serde::Serialize;

use crate::analytics::resolve::{Resolver, VertexLabel};
use crate::hex;
use crate::store::Store;
use crate::store::hasher::FastMap;

/// Most edges listed (the highest scores; `stats` counts all).
pub const MAX_EDGES: usize = 5_000;

/// The neighbor graph snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NeighborGraph {
    /// Every vertex the listed edges name, in vertex order; edges refer to them by index.
    pub vertices: Vec<VertexEntry>,
    /// Edges by score, highest first: resolved edges, then hops that stayed ambiguous or unknown.
    pub edges: Vec<EdgeEntry>,
    /// Counts over the whole graph.
    pub stats: GraphStats,
}

/// A vertex of the graph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VertexEntry {
    /// Who it is.
    #[serde(flatten)]
    pub label: VertexLabel,
    /// Its resolved edges (Unique or Jaccard).
    pub neighbors: usize,
}

/// One edge.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EdgeEntry {
    /// The known end (index into `vertices`).
    pub source: usize,
    /// The other end: the node for resolved edges, the Jaccard choice or geographic guess for hop edges.
    pub target: Option<usize>,
    /// For a hop edge, the hop hash as heard (lower-case hex).
    pub prefix: Option<String>,
    /// For a hop edge, every forwarding node the hop names (indices into `vertices`).
    pub candidates: Vec<usize>,
    /// How the far end was decided.
    pub method: EdgeMethod,
    /// Observations that showed the link, both directions.
    pub observations: u64,
    /// First seen, unix ms.
    pub first_seen_ms: i64,
    /// Last seen, unix ms.
    pub last_seen_ms: i64,
    /// Mean SNR measured by the observer end, dB.
    pub avg_snr_db: Option<f64>,
    /// `min(1, observations/100) * exp(-ln2 * hours since last seen / 168)`.
    pub score: f64,
    /// Each end was heard by the other.
    pub bidirectional: bool,
}

/// Counts over the whole graph (before [`MAX_EDGES`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GraphStats {
    /// Vertices with at least one resolved edge.
    pub nodes: usize,
    /// Resolved edges (Unique or Jaccard).
    pub edges: usize,
    /// Of those, resolved by Jaccard similarity.
    pub jaccard_edges: usize,
    /// Hop edges with several candidates and no evidence (a geographic guess at most).
    pub ambiguous_edges: usize,
    /// Hop edges whose hop names no advertised forwarding node.
    pub unknown_edges: usize,
    /// Mean resolved edges per vertex: `2 * edges / nodes` (CoreScope's `avg_cluster_size`).
    pub average_degree: f64,
}

/// The neighbor graph of `store` with scores at `now_ms`.
pub fn neighbors(store: &Store, now_ms: i64) -> NeighborGraph {
    neighbors_of(store, &Resolver::new(store, now_ms))
}

/// The neighbor graph of `store` from the graph of `resolver`, built for this store.
pub fn neighbors_of(store: &Store, resolver: &Resolver) -> NeighborGraph {
    let graph = resolver.graph();
    let mut degree: FastMap<Vertex, usize> = FastMap::default();
    for edge in graph.edges() {
        *degree.entry(edge.a).or_default() += 1;
        *degree.entry(edge.b).or_default() += 1;
    }
    let unresolved = graph
        .hop_edges()
        .iter()
        .filter(|edge| edge.method != EdgeMethod::Jaccard);
    let stats = GraphStats {
        nodes: degree.len(),
        edges: graph.edges().len(),
        jaccard_edges: graph
            .edges()
            .iter()
            .filter(|edge| edge.method == EdgeMethod::Jaccard)
            .count(),
        ambiguous_edges: unresolved
            .clone()
            .filter(|edge| edge.method != EdgeMethod::Unknown)
            .count(),
        unknown_edges: unresolved
            .clone()
            .filter(|edge| edge.method == EdgeMethod::Unknown)
            .count(),
        average_degree: if degree.is_empty() {
            0.0
        } else {
            2.0 * graph.edges().len() as f64 / degree.len() as f64
        },
    };
    let mut listed: Vec<Listed<'_>> = graph
        .edges()
        .iter()
        .map(Listed::Resolved)
        .chain(unresolved.map(Listed::Hop))
        .collect();
    listed.sort_by(|a, b| {
        b.score()
            .total_cmp(&a.score())
            .then(a.order().cmp(&b.order()))
    });
    listed.truncate(MAX_EDGES);
    let mut vertices: Vec<Vertex> = listed.iter().flat_map(Listed::vertices).collect();
    vertices.sort_unstable();
    vertices.dedup();
    let index: FastMap<Vertex, usize> = vertices.iter().enumerate().map(|(i, v)| (*v, i)).collect();
    let at = |vertex: Vertex| index.get(&vertex).copied().unwrap_or(0);
    let edges = listed.iter().map(|edge| edge.entry(&at)).collect();
    NeighborGraph {
        vertices: vertices
            .into_iter()
            .map(|vertex| VertexEntry {
                label: VertexLabel::of(store, vertex),
                neighbors: degree.get(&vertex).copied().unwrap_or(0),
            })
            .collect(),
        edges,
        stats,
    }
}

/// An edge to list.
enum Listed<'g> {
    Resolved(&'g Edge),
    Hop(&'g HopEdge),
}

impl Listed<'_> {
    fn score(&self) -> f64 {
        match self {
            Listed::Resolved(edge) => edge.score,
            Listed::Hop(edge) => edge.score,
        }
    }

    /// A total order for ties: resolved edges by ends, then hop edges by known end and hop.
    fn order(&self) -> (u8, Vertex, Vertex, [u8; 4]) {
        match self {
            Listed::Resolved(edge) => (0, edge.a, edge.b, [0; 4]),
            Listed::Hop(edge) => {
                let mut hop = [0; 4];
                let bytes = edge.hop.as_bytes();
                hop[0] = bytes.len() as u8;
                if let Some(slot) = hop.get_mut(1..=bytes.len()) {
                    slot.copy_from_slice(bytes);
                }
                (1, edge.known, edge.known, hop)
            }
        }
    }

    fn vertices(&self) -> Vec<Vertex> {
        match self {
            Listed::Resolved(edge) => vec![edge.a, edge.b],
            Listed::Hop(edge) => core::iter::once(edge.known)
                .chain(edge.candidates.iter().map(|&node| Vertex::Node(node)))
                .collect(),
        }
    }

    fn entry(&self, at: &impl Fn(Vertex) -> usize) -> EdgeEntry {
        match self {
            Listed::Resolved(edge) => EdgeEntry {
                source: at(edge.a),
                target: Some(at(edge.b)),
                prefix: None,
                candidates: Vec::new(),
                method: edge.method,
                observations: edge.observations(),
                first_seen_ms: edge.first_seen(),
                last_seen_ms: edge.last_seen(),
                avg_snr_db: edge.mean_snr_db(),
                score: edge.score,
                bidirectional: edge.bidirectional(),
            },
            Listed::Hop(edge) => EdgeEntry {
                source: at(edge.known),
                target: edge.node.map(|node| at(Vertex::Node(node))),
                prefix: Some(hex::encode_lower(edge.hop.as_bytes())),
                candidates: edge
                    .candidates
                    .iter()
                    .map(|&node| at(Vertex::Node(node)))
                    .collect(),
                method: edge.method,
                observations: edge.observations(),
                first_seen_ms: edge.first_seen(),
                last_seen_ms: edge.last_seen(),
                avg_snr_db: edge.mean_snr_db(),
                score: edge.score,
                bidirectional: edge.from_known.is_some() && edge.to_known.is_some(),
            },
        }
    }
}
