//! Geography: which candidate sits nearest the known positions around a hop, when the answer is convincing,
//! and when a hop is implausibly far from its neighbours.

use super::Candidate;
use crate::analytics::geo::EARTH_RADIUS_KM;
use crate::store::NodeId;

/// A hop whose node is farther than this from every located neighbour in its path is flagged unreliable
/// (CoreScope's client uses 1.8 degrees, about 200 km). LoRa links that long are rare; a prefix collision with
/// an unadvertised node far away is the likelier story.
pub const UNRELIABLE_KM: f64 = 200.0;

/// Geography decides only when the runner-up is at least this many times farther than the nearest...
pub const RATIO: f64 = 3.0;

/// ...and at least this many kilometres farther: two candidates 1 and 3 km away are both in range.
pub const GAP_KM: f64 = 15.0;

/// The most confidence geography gives: it is a guess from positions, not evidence of a link.
pub const MAX_CONFIDENCE: f32 = 0.9;

/// A position with its unit vector: a distance is then a subtraction, a square root and one `asin`, the same
/// great-circle distance as [`haversine_km`](crate::analytics::geo::haversine_km) without its four
/// trigonometric calls per pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spot {
    degrees: (f64, f64),
    unit: [f64; 3],
}

impl Spot {
    /// The spot at latitude and longitude `degrees`.
    pub fn new(degrees: (f64, f64)) -> Spot {
        let (lat, lon) = (degrees.0.to_radians(), degrees.1.to_radians());
        Spot {
            degrees,
            unit: [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()],
        }
    }

    /// Latitude and longitude in degrees.
    pub fn degrees(&self) -> (f64, f64) {
        self.degrees
    }

    /// The great-circle distance to `other`, km.
    pub fn km_to(&self, other: &Spot) -> f64 {
        let [x, y, z] = self.unit;
        let [a, b, c] = other.unit;
        let chord = ((x - a).powi(2) + (y - b).powi(2) + (z - c).powi(2)).sqrt();
        2.0 * EARTH_RADIUS_KM * (chord / 2.0).min(1.0).asin()
    }
}

/// The candidate nearest the `anchors` (each candidate's distance is to its farthest anchor, since a relay must
/// reach all of them), when every candidate has a position and the nearest is convincingly nearer (see
/// [`RATIO`], [`GAP_KM`]). On a decision, `out` holds every candidate with its confidence, the chosen one first
/// (`1 - nearest/runner-up`, at most [`MAX_CONFIDENCE`]; the rest share what is left by inverse distance).
pub fn nearest(
    candidates: &[NodeId],
    anchors: &[Spot],
    position: impl Fn(NodeId) -> Option<Spot>,
    out: &mut Vec<Candidate>,
) -> Option<Candidate> {
    out.clear();
    if anchors.is_empty() || candidates.len() < 2 {
        return None;
    }
    for &node in candidates {
        let here = position(node)?;
        let farthest = anchors
            .iter()
            .map(|anchor| here.km_to(anchor))
            .fold(0.0, f64::max);
        out.push(Candidate {
            node,
            confidence: farthest as f32,
        });
    }
    out.sort_by(|a, b| {
        a.confidence
            .total_cmp(&b.confidence)
            .then(a.node.cmp(&b.node))
    });
    let (best, second) = match out.as_slice() {
        [best, second, ..] => (f64::from(best.confidence), f64::from(second.confidence)),
        _ => return None,
    };
    if second < RATIO * best || second - best < GAP_KM {
        out.clear();
        return None;
    }
    let chosen = (1.0 - best / second) as f32;
    let chosen = chosen.min(MAX_CONFIDENCE);
    let others: f64 = out
        .iter()
        .skip(1)
        .map(|c| 1.0 / f64::from(c.confidence))
        .sum();
    for (index, candidate) in out.iter_mut().enumerate() {
        candidate.confidence = if index == 0 {
            chosen
        } else {
            let share = 1.0 / f64::from(candidate.confidence) / others;
            ((1.0 - f64::from(chosen)) * share) as f32
        };
    }
    out.first().copied()
}

#[cfg(test)]
mod test {
    use super::*;

    // About 11.1 km per 0.1 degree of latitude.
    fn at(node: NodeId) -> Option<Spot> {
        let degrees = match node.0 {
            0 => (47.0, -122.0),
            1 => (47.1, -122.0),
            2 => (48.0, -122.0),
            3 => (47.3, -122.0),
            _ => return None,
        };
        Some(Spot::new(degrees))
    }

    #[test]
    fn spots_measure_as_haversine() {
        let pairs = [
            ((47.6062, -122.3321), (45.5152, -122.6784)),
            ((0.0, 0.0), (0.0, 90.0)),
            ((-33.9, 151.2), (51.5, -0.1)),
            ((10.0, 20.0), (10.0, 20.0)),
        ];
        for (a, b) in pairs {
            let exact = crate::analytics::geo::haversine_km(a, b);
            let fast = Spot::new(a).km_to(&Spot::new(b));
            assert!((exact - fast).abs() < 1e-6, "{exact} {fast}");
        }
    }

    #[test]
    fn convincing_gap_decides() {
        let mut out = Vec::new();
        let anchors = [Spot::new((47.0, -122.0))];
        let chosen = nearest(&[NodeId(2), NodeId(1)], &anchors, at, &mut out).unwrap();
        assert_eq!(chosen.node, NodeId(1));
        // 11.1 km against 111.2 km: 1 - 0.1 = 0.9.
        assert!((chosen.confidence - 0.9).abs() < 0.01, "{chosen:?}");
        assert_eq!(out.len(), 2);
        let total: f32 = out.iter().map(|c| c.confidence).sum();
        assert!((total - 1.0).abs() < 1e-4);
    }

    #[test]
    fn close_calls_and_unknowns_do_not() {
        let mut out = Vec::new();
        let anchors = [Spot::new((47.0, -122.0))];
        // 0 km against 11 km: a large ratio, but both are in radio range.
        assert!(nearest(&[NodeId(0), NodeId(1)], &anchors, at, &mut out).is_none());
        assert!(out.is_empty());
        // A candidate without a position could be anywhere.
        assert!(nearest(&[NodeId(1), NodeId(9)], &anchors, at, &mut out).is_none());
        // No anchors, one candidate: nothing to decide.
        assert!(nearest(&[NodeId(1), NodeId(2)], &[], at, &mut out).is_none());
        assert!(nearest(&[NodeId(1)], &anchors, at, &mut out).is_none());
    }

    #[test]
    fn the_farthest_anchor_counts() {
        let mut out = Vec::new();
        // Node 1 is 11 km from the first anchor but 100 km from the second, node 3 33 km and 78 km: neither
        // is convincingly nearer both.
        let anchors = [Spot::new((47.0, -122.0)), Spot::new((48.0, -122.0))];
        assert!(nearest(&[NodeId(1), NodeId(3)], &anchors, at, &mut out).is_none());
    }
}
