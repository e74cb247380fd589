//! Hop resolution: which node a hop hash (the first 1-3 bytes of a public key) names, with every candidate, a
//! confidence in 0..1 and the method that decided. Short prefixes collide, so a hop that matches several nodes
//! is never silently pinned on one (CoreScope's largest bug class: reference-analyzer 3.4 and section 7).
//!
//! A [`Resolver`] is built once per store snapshot ([`Resolver::new`]: the forwarding nodes by key prefix, node
//! positions, observers' vertices, and the neighbor [`Graph`]) and owns what it needs, so a view can keep one
//! beside its snapshot. It resolves one hop ([`Resolver::resolve_hop`]) or a whole path in one call
//! ([`Resolver::resolve_path`], [`Resolver::resolve_observation`]).
//!
//! # Candidates
//!
//! Only nodes that forward appear in paths: repeaters, and rooms for hops no repeater matches
//! ([`Forwarders`] says why). Companions and sensors never become hops, whatever prefix they share (CoreScope's
//! bug #935). The rule holds for every route type: DIRECT paths list repeaters too.
//!
//! # Methods, in order
//!
//! 1. [`Method::Unique`]: one candidate. Confidence 1.
//! 2. [`Method::NeighborEvidence`]: affinity in the neighbor graph to the hop's neighbours in the path (the
//!    previous and next hops, each a decided node or its candidates sharing a weight of 1; the originator for
//!    the first hop of a flood; the observer for the last). A candidate's affinity is the weighted sum of its
//!    edge scores to them; the best wins when it is at least 3 times the runner-up (or the runner-up has
//!    none) and its edges to them carry at least 3 observations. Confidence: its share of the affinity, at most
//!    0.95. Only Unique and Jaccard edges count ([`Graph`]): a geographic guess is not evidence.
//! 3. [`Method::Geography`]: the candidate nearest the located, decided neighbours, when every candidate has a
//!    position and the gap is convincing ([`geography::nearest`]). A guess, at most 0.9.
//! 4. [`Method::Ambiguous`]: several candidates, no decision; each gets `1 / n`.
//! 5. [`Method::Unknown`]: no advertised forwarding node has this prefix.
//!
//! Unique and NeighborEvidence are "confident" ([`Method::is_confident`]); analytics that merge or measure by
//! node use only those. A decided hop farther than [`geography::UNRELIABLE_KM`] from every located neighbour in
//! its path is flagged `unreliable` and is not confident either.
//!
//! # Differences from CoreScope
//!
//! CoreScope falls through to "GPS preference" and then the first match, so every hop gets a name; here an
//! undecided hop stays ambiguous. Geography decides only on a convincing gap and never counts as evidence.
//! Non-forwarding roles are excluded. Observer and originator are context only where the path makes them
//! adjacent (a flood's last and first hop).

mod forwarders;
pub mod geography;
pub mod ids;
mod label;
mod path;

pub use forwarders::{Forwarders, can_forward};
pub use geography::{Spot, UNRELIABLE_KM};
pub use label::{NodeLabel, VertexLabel};
pub use path::{PathContext, ResolvedPath};

use serde::Serialize;

use crate::analytics::neighbors::graph::GraphInputs;
pub use crate::analytics::neighbors::{Graph, Vertex};
use crate::store::index::HopHash;
use crate::store::{NodeId, ObsId, ObserverId, Store};

/// How a hop was resolved (module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// One advertised forwarding node matches.
    Unique,
    /// Neighbor-graph affinity to the hop's neighbours decided.
    NeighborEvidence,
    /// Nearest the located neighbours, by a convincing gap.
    Geography,
    /// Several candidates, no decision.
    Ambiguous,
    /// No advertised forwarding node matches.
    Unknown,
}

impl Method {
    /// Unique or NeighborEvidence: the methods analytics trust to merge or measure by node.
    pub const fn is_confident(self) -> bool {
        matches!(self, Method::Unique | Method::NeighborEvidence)
    }

    /// Whether a node was chosen (Unique, NeighborEvidence or Geography).
    pub const fn is_decided(self) -> bool {
        matches!(
            self,
            Method::Unique | Method::NeighborEvidence | Method::Geography
        )
    }
}

/// A candidate node with its confidence.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Candidate {
    /// The node.
    #[serde(serialize_with = "ids::node")]
    pub node: NodeId,
    /// 0..1.
    pub confidence: f32,
}

/// One hop, resolved: small and `Copy`, for analytics over many paths. The candidates are in
/// [`ResolvedPath::candidates`] or [`Resolution`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HopResolution {
    /// The hop hash as heard.
    #[serde(serialize_with = "ids::hop")]
    pub hop: HopHash,
    /// How it was resolved.
    pub method: Method,
    /// The chosen node (Unique, NeighborEvidence, Geography).
    #[serde(serialize_with = "ids::option_node")]
    pub node: Option<NodeId>,
    /// The chosen node's confidence; for Ambiguous, each candidate's (`1 / n`); 0 for Unknown.
    pub confidence: f32,
    /// The chosen node is farther than [`UNRELIABLE_KM`] from every located neighbour in the path.
    pub unreliable: bool,
}

impl HopResolution {
    /// The chosen node when the method is confident and the hop is not flagged unreliable.
    pub fn confident(&self) -> Option<NodeId> {
        self.node
            .filter(|_| self.method.is_confident() && !self.unreliable)
    }
}

/// One hop, resolved, with every candidate: for display.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resolution {
    /// The decision.
    #[serde(flatten)]
    pub hop: HopResolution,
    /// Every candidate with its confidence, the chosen one first.
    pub candidates: Vec<Candidate>,
}

/// What is known around one hop, for [`Resolver::resolve_hop`].
#[derive(Debug, Clone, Copy, Default)]
pub struct HopContext<'a> {
    /// The observer, when it heard this hop directly (the last hop of a flood).
    pub observer: Option<ObserverId>,
    /// The originator, when this hop heard it directly (the first hop of a flood).
    pub originator: Option<NodeId>,
    /// The previous hop's candidates (one when decided).
    pub previous: &'a [NodeId],
    /// The next hop's candidates (one when decided).
    pub next: &'a [NodeId],
}

/// Resolves hops for one store snapshot (module documentation).
#[derive(Debug, Clone)]
pub struct Resolver {
    forwarders: Forwarders,
    positions: Vec<Option<Spot>>,
    observers: Vec<Vertex>,
    graph: Graph,
}

impl Resolver {
    /// The resolver of `store` as it is now, with edge scores at `now_ms`. Costs a pass over the nodes,
    /// observers and links (not over observations).
    pub fn new(store: &Store, now_ms: i64) -> Resolver {
        let forwarders = Forwarders::new(store);
        let positions: Vec<Option<Spot>> = store
            .nodes()
            .iter()
            .map(|(_, node)| node.location.and_then(|location| location.degrees()))
            .map(|degrees| degrees.map(Spot::new))
            .collect();
        let observers: Vec<Vertex> = store
            .observers()
            .iter()
            .map(|(id, observer)| {
                observer
                    .public_key
                    .and_then(|key| store.node_by_key(&key))
                    .map_or(Vertex::Observer(id), Vertex::Node)
            })
            .collect();
        let graph = Graph::build(
            store,
            &GraphInputs {
                forwarders: &forwarders,
                observers: &observers,
                positions: &positions,
                now_ms,
            },
        );
        Resolver {
            forwarders,
            positions,
            observers,
            graph,
        }
    }

    /// The resolver of `store` with edge scores at its last observation (or 0 for an empty store).
    pub fn at_last_observation(store: &Store) -> Resolver {
        Resolver::new(store, last_observation_ms(store))
    }

    /// The neighbor graph.
    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// Every node hop hash `hop` (1-3 bytes) can name ([`Forwarders::candidates`]).
    pub fn candidates(&self, hop: &[u8]) -> &[NodeId] {
        self.forwarders.candidates(hop)
    }

    /// A node's advertised position in degrees, if it has one.
    pub fn position(&self, node: NodeId) -> Option<(f64, f64)> {
        self.spot(node).map(|spot| spot.degrees())
    }

    /// A node's advertised position, ready for distances.
    pub fn spot(&self, node: NodeId) -> Option<Spot> {
        self.positions.get(node.index()).copied().flatten()
    }

    /// An observer's vertex: its node when its key is a known node's.
    pub fn observer_vertex(&self, observer: ObserverId) -> Vertex {
        self.observers
            .get(observer.index())
            .copied()
            .unwrap_or(Vertex::Observer(observer))
    }

    /// Resolves one hop with what is known around it.
    pub fn resolve_hop(&self, hop: HopHash, context: &HopContext<'_>) -> Resolution {
        let mut path = ResolvedPath::new();
        path.resolve_one(self, hop, context);
        Resolution {
            hop: path.hops().first().copied().unwrap_or(HopResolution {
                hop,
                method: Method::Unknown,
                node: None,
                confidence: 0.0,
                unreliable: false,
            }),
            candidates: path.candidates(0).to_vec(),
        }
    }

    /// Resolves the hops `hops` (hash size `hash_size`) of a path heard in `context`, with a forward and a
    /// backward pass for evidence, then for geography, into `out` (reused: no allocation once it has grown).
    /// Bytes past the last whole hop are ignored.
    pub fn resolve_path(
        &self,
        hops: &[u8],
        hash_size: usize,
        context: &PathContext,
        out: &mut ResolvedPath,
    ) {
        out.resolve(self, hops, hash_size, context);
    }

    /// Resolves the path observation `obs` heard (none for TRACE, whose path bytes are SNRs); `false` for an
    /// unknown observation.
    pub fn resolve_observation(&self, store: &Store, obs: ObsId, out: &mut ResolvedPath) -> bool {
        let Some((context, path)) = PathContext::of_observation(store, obs) else {
            out.clear();
            return false;
        };
        out.resolve(self, path.bytes, path.hash_size(), &context);
        true
    }
}

/// The store's last observation time, unix ms (0 when empty): the `now_ms` the CLI uses.
pub fn last_observation_ms(store: &Store) -> i64 {
    store.time_span().map_or(0, |(_, last)| last)
}
