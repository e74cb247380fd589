//! [`Graph`]: the neighbor graph, built from the store's [`Links`](crate::store::aggregates::Links) aggregate.
//!
//! 1. Each link's ends become vertices: a node, an observer (as its node when its key is a known node's), or
//!    a hop hash. A hop that names exactly one forwarding node ([`Forwarders`]) is that node
//!    ([`EdgeMethod::Unique`]); links between two vertices merge into one undirected [`Edge`] per pair, with a
//!    tally per direction.
//! 2. A hop that names several forwarding nodes stays a [`HopEdge`] with every candidate. As CoreScope's phase
//!    2, the Jaccard similarity of neighbor sets decides it: the known end's set against each candidate's
//!    (closed sets: each vertex counts itself, so a candidate already linked to the known end scores), from the
//!    unique edges only. The best candidate wins when it scores at least 3 times the runner-up (or the
//!    runner-up scores 0) and the hop edge has at least 3 observations ([`EdgeMethod::Jaccard`]); its tallies
//!    then merge into the edge to that candidate.
//! 3. Otherwise geography may guess (the known end's position against the candidates', the rule of
//!    [`geography::nearest`](crate::analytics::resolve::geography::nearest)); a guess is shown ([`EdgeMethod::Geography`]) but never merged into an edge, so
//!    hop resolution never takes a guess for evidence. The rest stay [`EdgeMethod::Ambiguous`], and hops that
//!    name no forwarding node [`EdgeMethod::Unknown`].
//!
//! CoreScope runs a context pass (affinity, then geography) before Jaccard; here evidence comes first and
//! geography last, as in hop resolution. Scores: `min(1, observations / 100) * exp(-ln 2 * hours since last
//! seen / 168)` (a 7-day half-life) at the graph's `now_ms`.

use serde::Serialize;
use serde::ser::SerializeMap;

use super::decide::{decide, neighbor_sets};
use crate::analytics::resolve::Forwarders;
use crate::analytics::resolve::geography::Spot;
use crate::store::aggregates::{LinkEnd, LinkTally};
use crate::store::hasher::FastMap;
use crate::store::index::HopHash;
use crate::store::{NodeId, ObserverId, Store};

/// Observations at which an edge's count stops raising its score.
const FULL_SCORE_OBSERVATIONS: f64 = 100.0;
/// The score half-life, hours.
const HALF_LIFE_HOURS: f64 = 168.0;

/// A radio in the graph: a node known by its key, or an observer whose key is no known node's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Vertex {
    /// A node.
    Node(NodeId),
    /// An observer that is not a known node.
    Observer(ObserverId),
}

impl Serialize for Vertex {
    /// `{"node": id}` or `{"observer": id}`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        match self {
            Vertex::Node(id) => map.serialize_entry("node", &id.0)?,
            Vertex::Observer(id) => map.serialize_entry("observer", &id.0)?,
        }
        map.end()
    }
}

/// How an edge's far end was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeMethod {
    /// Both ends known: a full key, or a hop hash that names one forwarding node.
    Unique,
    /// Jaccard similarity of neighbor sets (3x rule, at least 3 observations).
    Jaccard,
    /// A geographic guess (not merged into edges).
    Geography,
    /// Several candidates, no decision.
    Ambiguous,
    /// The hop names no advertised forwarding node.
    Unknown,
}

/// An undirected edge between two vertices, with a tally per direction.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// The lesser end.
    pub a: Vertex,
    /// The greater end.
    pub b: Vertex,
    /// Times `b` heard `a` transmit.
    pub a_to_b: Option<LinkTally>,
    /// Times `a` heard `b` transmit.
    pub b_to_a: Option<LinkTally>,
    /// The strongest way any of its links was decided: [`EdgeMethod::Unique`] or [`EdgeMethod::Jaccard`].
    pub method: EdgeMethod,
    /// The recency-weighted score (module documentation).
    pub score: f64,
}

/// A link to a hop hash that names several forwarding nodes, or none.
#[derive(Debug, Clone, PartialEq)]
pub struct HopEdge {
    /// The known end.
    pub known: Vertex,
    /// The hop hash as heard.
    pub hop: HopHash,
    /// Times the hop heard the known end transmit (the known end originated, the hop was the first hop).
    pub from_known: Option<LinkTally>,
    /// Times the known end (an observer) heard the hop transmit.
    pub to_known: Option<LinkTally>,
    /// Every forwarding node the hop names, in key order.
    pub candidates: Vec<NodeId>,
    /// Jaccard (then merged into the edge to `node`), Geography (a guess), Ambiguous or Unknown.
    pub method: EdgeMethod,
    /// The Jaccard choice or the geographic guess.
    pub node: Option<NodeId>,
    /// The recency-weighted score.
    pub score: f64,
}

/// The neighbor graph (module documentation).
#[derive(Debug, Clone, Default)]
pub struct Graph {
    edges: Vec<Edge>,
    index: FastMap<(Vertex, Vertex), u32>,
    hop_edges: Vec<HopEdge>,
    hop_index: FastMap<(Vertex, HopHash), u32>,
    now_ms: i64,
}

impl Edge {
    /// Observations in both directions.
    pub fn observations(&self) -> u64 {
        self.tallies().map(|t| t.observations).sum()
    }

    /// First seen, unix ms.
    pub fn first_seen(&self) -> i64 {
        self.tallies().map(|t| t.first_seen).min().unwrap_or(0)
    }

    /// Last seen, unix ms.
    pub fn last_seen(&self) -> i64 {
        self.tallies().map(|t| t.last_seen).max().unwrap_or(0)
    }

    /// Whether each end was heard by the other.
    pub fn bidirectional(&self) -> bool {
        self.a_to_b.is_some() && self.b_to_a.is_some()
    }

    /// Mean SNR (dB) over the observer-measured links of both directions.
    pub fn mean_snr_db(&self) -> Option<f64> {
        let (sum, count) = self.tallies().fold((0, 0), |(sum, count), t| {
            (sum + t.snr_sum_quarter_db, count + t.snr_count)
        });
        (count > 0).then(|| sum as f64 / 4.0 / count as f64)
    }

    /// The other end, if `vertex` is one end.
    pub fn other(&self, vertex: Vertex) -> Option<Vertex> {
        match vertex {
            v if v == self.a => Some(self.b),
            v if v == self.b => Some(self.a),
            _ => None,
        }
    }

    fn tallies(&self) -> impl Iterator<Item = &LinkTally> {
        self.a_to_b.iter().chain(self.b_to_a.iter())
    }
}

impl HopEdge {
    /// Observations in both directions.
    pub fn observations(&self) -> u64 {
        self.tallies().map(|t| t.observations).sum()
    }

    /// First seen, unix ms.
    pub fn first_seen(&self) -> i64 {
        self.tallies().map(|t| t.first_seen).min().unwrap_or(0)
    }

    /// Last seen, unix ms.
    pub fn last_seen(&self) -> i64 {
        self.tallies().map(|t| t.last_seen).max().unwrap_or(0)
    }

    /// Mean SNR (dB) the known end (an observer) measured.
    pub fn mean_snr_db(&self) -> Option<f64> {
        self.to_known.as_ref().and_then(LinkTally::mean_snr_db)
    }

    fn tallies(&self) -> impl Iterator<Item = &LinkTally> {
        self.from_known.iter().chain(self.to_known.iter())
    }
}

/// The score of an edge with `observations` last seen at `last_seen_ms`, at `now_ms`.
pub fn score(observations: u64, last_seen_ms: i64, now_ms: i64) -> f64 {
    let hours = (now_ms.saturating_sub(last_seen_ms)).max(0) as f64 / 3_600_000.0;
    (observations as f64 / FULL_SCORE_OBSERVATIONS).min(1.0)
        * (-core::f64::consts::LN_2 * hours / HALF_LIFE_HOURS).exp()
}

/// What the graph builder needs beside the store.
pub(crate) struct GraphInputs<'a> {
    pub forwarders: &'a Forwarders,
    /// Each observer's vertex, by observer id.
    pub observers: &'a [Vertex],
    /// Each node's position, by node id.
    pub positions: &'a [Option<Spot>],
    pub now_ms: i64,
}

/// One end of a link once hops that name one node are resolved.
enum End {
    Vertex(Vertex),
    Hop(HopHash),
}

impl Graph {
    /// Builds the graph of `store`'s links (module documentation).
    pub(crate) fn build(store: &Store, inputs: &GraphInputs<'_>) -> Graph {
        let mut edges: FastMap<(Vertex, Vertex), Edge> = FastMap::default();
        let mut hops: FastMap<(Vertex, HopHash), HopEdge> = FastMap::default();
        for (key, tally) in store.aggregates().links.iter() {
            match (end(key.from, inputs), end(key.to, inputs)) {
                (End::Vertex(from), End::Vertex(to)) => {
                    add_edge(&mut edges, from, to, tally, EdgeMethod::Unique);
                }
                (End::Vertex(known), End::Hop(hop)) => {
                    merge(
                        &mut hop_edge(&mut hops, known, hop, inputs).from_known,
                        tally,
                    );
                }
                (End::Hop(hop), End::Vertex(known)) => {
                    merge(&mut hop_edge(&mut hops, known, hop, inputs).to_known, tally);
                }
                (End::Hop(_), End::Hop(_)) => {}
            }
        }
        let neighbors = neighbor_sets(&edges);
        let mut scratch = Vec::new();
        let mut hop_edges: Vec<HopEdge> = hops.into_values().collect();
        hop_edges.sort_by_key(|edge| (edge.known, edge.hop));
        for hop_edge in &mut hop_edges {
            decide(hop_edge, &neighbors, inputs, &mut scratch);
            hop_edge.score = score(hop_edge.observations(), hop_edge.last_seen(), inputs.now_ms);
            if let (EdgeMethod::Jaccard, Some(node)) = (hop_edge.method, hop_edge.node) {
                let target = Vertex::Node(node);
                if let Some(tally) = &hop_edge.from_known {
                    add_edge(
                        &mut edges,
                        hop_edge.known,
                        target,
                        tally,
                        EdgeMethod::Jaccard,
                    );
                }
                if let Some(tally) = &hop_edge.to_known {
                    add_edge(
                        &mut edges,
                        target,
                        hop_edge.known,
                        tally,
                        EdgeMethod::Jaccard,
                    );
                }
            }
        }
        let mut edges: Vec<Edge> = edges.into_values().collect();
        edges.sort_by_key(|edge| (edge.a, edge.b));
        for edge in &mut edges {
            edge.score = score(edge.observations(), edge.last_seen(), inputs.now_ms);
        }
        let index = edges
            .iter()
            .enumerate()
            .map(|(i, edge)| ((edge.a, edge.b), i as u32))
            .collect();
        let hop_index = hop_edges
            .iter()
            .enumerate()
            .map(|(i, edge)| ((edge.known, edge.hop), i as u32))
            .collect();
        Graph {
            edges,
            index,
            hop_edges,
            hop_index,
            now_ms: inputs.now_ms,
        }
    }

    /// Every edge between two vertices (Unique or Jaccard), by ends.
    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }

    /// The edge between `a` and `b`, in either order.
    pub fn edge(&self, a: Vertex, b: Vertex) -> Option<&Edge> {
        let key = if a <= b { (a, b) } else { (b, a) };
        let index = *self.index.get(&key)?;
        self.edges.get(index as usize)
    }

    /// Every link to a hop hash that names several forwarding nodes or none, by known end then hop.
    pub fn hop_edges(&self) -> &[HopEdge] {
        &self.hop_edges
    }

    /// The hop edge between `known` and `hop`, if the hop named several nodes or none.
    pub fn hop_edge(&self, known: Vertex, hop: HopHash) -> Option<&HopEdge> {
        let index = *self.hop_index.get(&(known, hop))?;
        self.hop_edges.get(index as usize)
    }

    /// The time scores were computed at, unix ms.
    pub fn now_ms(&self) -> i64 {
        self.now_ms
    }
}

fn end(end: LinkEnd, inputs: &GraphInputs<'_>) -> End {
    match end {
        LinkEnd::Node(node) => End::Vertex(Vertex::Node(node)),
        LinkEnd::Observer(observer) => End::Vertex(
            inputs
                .observers
                .get(observer.index())
                .copied()
                .unwrap_or(Vertex::Observer(observer)),
        ),
        LinkEnd::Hop(hop) => match inputs.forwarders.candidates(hop.as_bytes()) {
            [node] => End::Vertex(Vertex::Node(*node)),
            _ => End::Hop(hop),
        },
    }
}

/// Adds a link `from` → `to` to the edge between them (none for a vertex and itself).
fn add_edge(
    edges: &mut FastMap<(Vertex, Vertex), Edge>,
    from: Vertex,
    to: Vertex,
    tally: &LinkTally,
    method: EdgeMethod,
) {
    if from == to {
        return;
    }
    let (a, b) = if from < to { (from, to) } else { (to, from) };
    let edge = edges.entry((a, b)).or_insert(Edge {
        a,
        b,
        a_to_b: None,
        b_to_a: None,
        method,
        score: 0.0,
    });
    edge.method = edge.method.min(method);
    let side = if from == a {
        &mut edge.a_to_b
    } else {
        &mut edge.b_to_a
    };
    merge(side, tally);
}

fn hop_edge<'m>(
    hops: &'m mut FastMap<(Vertex, HopHash), HopEdge>,
    known: Vertex,
    hop: HopHash,
    inputs: &GraphInputs<'_>,
) -> &'m mut HopEdge {
    hops.entry((known, hop)).or_insert_with(|| HopEdge {
        known,
        hop,
        from_known: None,
        to_known: None,
        candidates: inputs.forwarders.candidates(hop.as_bytes()).to_vec(),
        method: EdgeMethod::Ambiguous,
        node: None,
        score: 0.0,
    })
}

/// Adds `tally` into `into`.
pub(crate) fn merge(into: &mut Option<LinkTally>, tally: &LinkTally) {
    match into {
        None => *into = Some(*tally),
        Some(into) => {
            into.observations += tally.observations;
            into.first_seen = into.first_seen.min(tally.first_seen);
            into.last_seen = into.last_seen.max(tally.last_seen);
            into.snr_sum_quarter_db += tally.snr_sum_quarter_db;
            into.snr_count += tally.snr_count;
            into.rssi_sum_dbm += tally.rssi_sum_dbm;
            into.rssi_count += tally.rssi_count;
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn scores_decay_by_half_a_week() {
        let now = 10 * 168 * 3_600_000;
        assert_eq!(score(200, now, now), 1.0);
        assert_eq!(score(50, now, now), 0.5);
        assert!((score(100, now - 168 * 3_600_000, now) - 0.5).abs() < 1e-12);
        // A last seen in the future counts as now.
        assert_eq!(score(100, now + 5, now), 1.0);
    }
}
