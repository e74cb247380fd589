//! How the neighbor graph ([`graph`](super::graph)) decides a hop edge: the Jaccard similarity of closed
//! neighbor sets (phase 2), then geography, else ambiguous or unknown.

use super::graph::{Edge, EdgeMethod, GraphInputs, HopEdge, Vertex};
use crate::analytics::resolve::Candidate;
use crate::analytics::resolve::geography::{self, Spot};
use crate::store::NodeId;
use crate::store::hasher::FastMap;

/// The Jaccard winner must score this many times the runner-up...
pub const JACCARD_RATIO: f64 = 3.0;
/// ...on a hop edge with at least this many observations.
pub const MIN_OBSERVATIONS: u64 = 3;

/// Each vertex's neighbors over `edges`, sorted.
pub(super) fn neighbor_sets(
    edges: &FastMap<(Vertex, Vertex), Edge>,
) -> FastMap<Vertex, Vec<Vertex>> {
    let mut sets: FastMap<Vertex, Vec<Vertex>> = FastMap::default();
    for &(a, b) in edges.keys() {
        sets.entry(a).or_default().push(b);
        sets.entry(b).or_default().push(a);
    }
    for set in sets.values_mut() {
        set.sort_unstable();
        set.dedup();
    }
    sets
}

/// Decides a hop edge: Jaccard, then geography, else ambiguous or unknown.
pub(super) fn decide(
    edge: &mut HopEdge,
    neighbors: &FastMap<Vertex, Vec<Vertex>>,
    inputs: &GraphInputs<'_>,
    scratch: &mut Vec<Candidate>,
) {
    if edge.candidates.is_empty() {
        edge.method = EdgeMethod::Unknown;
        return;
    }
    if edge.observations() >= MIN_OBSERVATIONS
        && let Some(node) = jaccard_winner(edge.known, &edge.candidates, neighbors)
    {
        edge.method = EdgeMethod::Jaccard;
        edge.node = Some(node);
        return;
    }
    let anchor = match edge.known {
        Vertex::Node(node) => inputs.positions.get(node.index()).copied().flatten(),
        Vertex::Observer(_) => None,
    };
    let position = |node: NodeId| inputs.positions.get(node.index()).copied().flatten();
    let anchors: &[Spot] = match &anchor {
        Some(anchor) => core::slice::from_ref(anchor),
        None => &[],
    };
    if let Some(guess) = geography::nearest(&edge.candidates, anchors, position, scratch) {
        edge.method = EdgeMethod::Geography;
        edge.node = Some(guess.node);
    }
}

/// The candidate whose closed neighbor set is most like `known`'s, by the 3x rule.
pub(super) fn jaccard_winner(
    known: Vertex,
    candidates: &[NodeId],
    neighbors: &FastMap<Vertex, Vec<Vertex>>,
) -> Option<NodeId> {
    let empty = Vec::new();
    let known_set = neighbors.get(&known).unwrap_or(&empty);
    let mut best: Option<(f64, NodeId)> = None;
    let mut second = 0.0;
    for &candidate in candidates {
        let vertex = Vertex::Node(candidate);
        let set = neighbors.get(&vertex).unwrap_or(&empty);
        let similarity = closed_jaccard(known, known_set, vertex, set);
        match best {
            Some((top, _)) if similarity <= top => second = f64::max(second, similarity),
            _ => {
                second = best.map_or(second, |(top, _)| f64::max(second, top));
                best = Some((similarity, candidate));
            }
        }
    }
    let (top, node) = best?;
    (top > 0.0 && top >= JACCARD_RATIO * second).then_some(node)
}

/// `|A ∩ B| / |A ∪ B|` of `{a} ∪ a_set` and `{b} ∪ b_set` (both sets sorted, without their own vertex).
fn closed_jaccard(a: Vertex, a_set: &[Vertex], b: Vertex, b_set: &[Vertex]) -> f64 {
    let a_closed = with_self(a, a_set);
    let b_closed = with_self(b, b_set);
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while let (Some(x), Some(y)) = (a_closed.get(i), b_closed.get(j)) {
        match x.cmp(y) {
            core::cmp::Ordering::Less => i += 1,
            core::cmp::Ordering::Greater => j += 1,
            core::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a_closed.len() + b_closed.len() - common;
    if union == 0 {
        return 0.0;
    }
    common as f64 / union as f64
}

/// `set` with `vertex` inserted in order (once).
fn with_self(vertex: Vertex, set: &[Vertex]) -> Vec<Vertex> {
    let at = set.partition_point(|v| *v < vertex);
    let mut out = Vec::with_capacity(set.len() + 1);
    out.extend_from_slice(set.get(..at).unwrap_or_default());
    if set.get(at) != Some(&vertex) {
        out.push(vertex);
    }
    out.extend_from_slice(set.get(at..).unwrap_or_default());
    out
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::store::ObserverId;

    fn node(i: u32) -> Vertex {
        Vertex::Node(NodeId(i))
    }

    #[test]
    fn jaccard_of_closed_sets() {
        // a: {a, x, y}; b: {b, x, y}: 2 common of 4.
        let x = Vertex::Observer(ObserverId(0));
        let y = Vertex::Observer(ObserverId(1));
        assert_eq!(closed_jaccard(node(1), &[x, y], node(2), &[x, y]), 0.5);
        // Linked ends count each other: {a, b} and {a, b}.
        assert_eq!(
            closed_jaccard(node(1), &[node(2)], node(2), &[node(1)]),
            1.0
        );
        assert_eq!(closed_jaccard(node(1), &[], node(2), &[]), 0.0);
    }

    #[test]
    fn jaccard_needs_three_times_the_runner_up() {
        let x = Vertex::Observer(ObserverId(0));
        let mut sets: FastMap<Vertex, Vec<Vertex>> = FastMap::default();
        sets.insert(x, vec![node(5), node(6)]);
        sets.insert(node(1), vec![node(5), node(6)]);
        sets.insert(node(2), vec![node(7)]);
        assert_eq!(
            jaccard_winner(x, &[NodeId(1), NodeId(2)], &sets),
            Some(NodeId(1))
        );
        sets.insert(node(2), vec![node(5)]);
        // 2/4 against 1/4: not enough.
        assert_eq!(jaccard_winner(x, &[NodeId(1), NodeId(2)], &sets), None);
        assert_eq!(jaccard_winner(x, &[NodeId(8), NodeId(9)], &sets), None);
    }
}
