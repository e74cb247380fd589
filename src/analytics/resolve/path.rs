//! [`ResolvedPath`]: a whole path resolved in one call, with a forward and a backward pass (module
//! documentation of [`resolve`](super)), reusing its buffers from call to call.

use core::ops::Range;

use super::geography::{self, Spot};
use super::{Candidate, HopContext, HopResolution, Method, Resolver, Vertex};
use crate::protocol::{PathLen, PayloadType, RouteType};
use crate::store::index::HopHash;
use crate::store::{NodeId, ObsId, ObserverId, Path, Store, Subject};

/// The winner's affinity must be this many times the runner-up's...
const EVIDENCE_RATIO: f32 = 3.0;
/// ...over edges with at least this many observations.
const MIN_OBSERVATIONS: u64 = 3;
/// The most confidence neighbor evidence gives.
const MAX_EVIDENCE_CONFIDENCE: f32 = 0.95;

/// How a path was heard: what makes the observer and the originator adjacent to its ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathContext {
    /// The copy's route type. Only in a flood is the first hop a neighbour of the originator and the last a
    /// neighbour of the observer (a DIRECT path lists the hops still to go).
    pub route: RouteType,
    /// The observer.
    pub observer: Option<ObserverId>,
    /// The originator, when known (ADVERT, ANON_REQ).
    pub originator: Option<NodeId>,
}

impl PathContext {
    /// The context and path of observation `obs` (its own route type, which a copy may change); the path is
    /// empty for TRACE, whose path bytes are SNRs.
    /// Reads only the observation's transmission, observer and path columns: an analytic that visits one
    /// observation per transmission pays a cache miss per column it reads.
    pub fn of_observation(store: &Store, obs: ObsId) -> Option<(PathContext, Path<'_>)> {
        let observations = store.observations();
        let tx = observations.tx(obs)?;
        let observer = observations.observer(obs)?;
        let path = store.observation_path(obs)?;
        let transmissions = store.transmissions();
        let header = observations
            .variant(obs)
            .map(|variant| variant.header)
            .or_else(|| transmissions.header(tx))?;
        let originator = match store.subject(tx) {
            Some(Subject::Node(node)) => Some(node),
            _ => None,
        };
        let path = match transmissions.payload_type(tx) {
            Some(PayloadType::Trace) => Path {
                path_len: PathLen(0),
                bytes: &[],
            },
            _ => path,
        };
        let context = PathContext {
            route: RouteType::from_header(header),
            observer: Some(observer),
            originator,
        };
        Some((context, path))
    }

    fn flood(&self) -> bool {
        self.route.is_flood()
    }
}

/// A resolved path: one [`HopResolution`] per hop and each hop's candidates. Reuse one across calls.
#[derive(Debug, Clone, Default)]
pub struct ResolvedPath {
    hops: Vec<HopResolution>,
    spans: Vec<Range<u32>>,
    candidates: Vec<Candidate>,
    adjacent: Vec<(Vertex, f32)>,
    anchors: Vec<Spot>,
    scores: Vec<Candidate>,
}

impl ResolvedPath {
    /// An empty path.
    pub fn new() -> Self {
        ResolvedPath::default()
    }

    /// Each hop, in path order.
    pub fn hops(&self) -> &[HopResolution] {
        &self.hops
    }

    /// Hop `index`'s candidates with their confidences, the chosen one first (empty past the end).
    pub fn candidates(&self, index: usize) -> &[Candidate] {
        self.spans
            .get(index)
            .and_then(|span| self.candidates.get(span.start as usize..span.end as usize))
            .unwrap_or_default()
    }

    /// The number of hops.
    pub fn len(&self) -> usize {
        self.hops.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.hops.is_empty()
    }

    /// Whether every hop has a confident node ([`HopResolution::confident`]).
    pub fn all_confident(&self) -> bool {
        self.hops.iter().all(|hop| hop.confident().is_some())
    }

    /// Forgets the hops.
    pub fn clear(&mut self) {
        self.hops.clear();
        self.spans.clear();
        self.candidates.clear();
    }

    /// Resolves a path (see [`Resolver::resolve_path`]).
    pub(super) fn resolve(
        &mut self,
        resolver: &Resolver,
        hops: &[u8],
        hash_size: usize,
        context: &PathContext,
    ) {
        self.clear();
        if !(1..=3).contains(&hash_size) {
            return;
        }
        for hop in hops.chunks_exact(hash_size) {
            if let Some(hop) = HopHash::new(hop) {
                self.push_hop(resolver, hop);
            }
        }
        let n = self.hops.len();
        let backward = (0..n).rev();
        for index in (0..n).chain(backward.clone()) {
            if self.pending(index) {
                self.path_adjacent(resolver, index, context);
                self.evidence(resolver, index);
            }
        }
        for index in (0..n).chain(backward) {
            if self.pending(index) {
                self.path_anchors(resolver, index, context);
                self.geography(resolver, index);
            }
        }
        for index in 0..n {
            self.path_anchors(resolver, index, context);
            self.flag(resolver, index);
        }
    }

    /// Resolves one hop with what is known around it (see [`Resolver::resolve_hop`]).
    pub(super) fn resolve_one(
        &mut self,
        resolver: &Resolver,
        hop: HopHash,
        context: &HopContext<'_>,
    ) {
        self.clear();
        self.push_hop(resolver, hop);
        self.adjacent.clear();
        self.anchors.clear();
        let observer = context.observer.map(|o| resolver.observer_vertex(o));
        let ends = observer
            .into_iter()
            .chain(context.originator.map(Vertex::Node));
        for vertex in ends {
            self.adjacent.push((vertex, 1.0));
            if let Some(position) = vertex_position(resolver, vertex) {
                self.anchors.push(position);
            }
        }
        for side in [context.previous, context.next] {
            let weight = 1.0 / side.len().max(1) as f32;
            self.adjacent
                .extend(side.iter().map(|&node| (Vertex::Node(node), weight)));
            if let [node] = side
                && let Some(position) = resolver.spot(*node)
            {
                self.anchors.push(position);
            }
        }
        if self.pending(0) {
            self.evidence(resolver, 0);
        }
        if self.pending(0) {
            self.geography(resolver, 0);
        }
        self.flag(resolver, 0);
    }

    /// Appends a hop with its candidates: Unknown, Unique or (pending) Ambiguous.
    fn push_hop(&mut self, resolver: &Resolver, hop: HopHash) {
        let candidates = resolver.candidates(hop.as_bytes());
        let (method, node, confidence) = match candidates {
            [] => (Method::Unknown, None, 0.0),
            [node] => (Method::Unique, Some(*node), 1.0),
            many => (Method::Ambiguous, None, 1.0 / many.len() as f32),
        };
        self.hops.push(HopResolution {
            hop,
            method,
            node,
            confidence,
            unreliable: false,
        });
        let start = self.candidates.len() as u32;
        self.candidates.extend(
            candidates
                .iter()
                .map(|&node| Candidate { node, confidence }),
        );
        self.spans.push(start..self.candidates.len() as u32);
    }

    fn pending(&self, index: usize) -> bool {
        self.hops
            .get(index)
            .is_some_and(|hop| hop.method == Method::Ambiguous)
    }

    /// The vertices adjacent to hop `index` for evidence: confident neighbours as themselves, ambiguous ones as
    /// their candidates sharing a weight of 1, and the originator and observer at the ends of a flood.
    fn path_adjacent(&mut self, resolver: &Resolver, index: usize, context: &PathContext) {
        self.adjacent.clear();
        let last = self.hops.len().saturating_sub(1);
        let before = match index.checked_sub(1) {
            Some(previous) => Some(previous),
            None => {
                if let Some(node) = context.originator.filter(|_| context.flood()) {
                    self.adjacent.push((Vertex::Node(node), 1.0));
                }
                None
            }
        };
        let after = if index < last {
            Some(index + 1)
        } else {
            if let Some(observer) = context.observer.filter(|_| context.flood()) {
                self.adjacent
                    .push((resolver.observer_vertex(observer), 1.0));
            }
            None
        };
        for neighbour in before.into_iter().chain(after) {
            let Some(hop) = self.hops.get(neighbour).copied() else {
                continue;
            };
            match (hop.confident(), hop.method) {
                (Some(node), _) => self.adjacent.push((Vertex::Node(node), 1.0)),
                (None, Method::Ambiguous) => {
                    let candidates = resolver.candidates(hop.hop.as_bytes());
                    let weight = 1.0 / candidates.len().max(1) as f32;
                    self.adjacent
                        .extend(candidates.iter().map(|&node| (Vertex::Node(node), weight)));
                }
                _ => {}
            }
        }
    }

    /// The positions of hop `index`'s decided, located neighbours (the originator and the observer's node at
    /// the ends of a flood).
    fn path_anchors(&mut self, resolver: &Resolver, index: usize, context: &PathContext) {
        self.anchors.clear();
        let last = self.hops.len().saturating_sub(1);
        let before = match index.checked_sub(1) {
            Some(previous) => self.hops.get(previous).and_then(|hop| hop.node),
            None => context.originator.filter(|_| context.flood()),
        };
        let after = if index < last {
            self.hops.get(index + 1).and_then(|hop| hop.node)
        } else {
            let observer = context.observer.filter(|_| context.flood());
            match observer.map(|o| resolver.observer_vertex(o)) {
                Some(Vertex::Node(node)) => Some(node),
                _ => None,
            }
        };
        self.anchors.extend(
            before
                .into_iter()
                .chain(after)
                .filter_map(|node| resolver.spot(node)),
        );
    }

    /// Neighbor evidence for hop `index` against `self.adjacent`.
    fn evidence(&mut self, resolver: &Resolver, index: usize) {
        let Some(hop) = self.hops.get(index).copied() else {
            return;
        };
        let graph = resolver.graph();
        self.scores.clear();
        let (mut best, mut second, mut support, mut total) = (0.0f32, 0.0f32, 0u64, 0.0f32);
        for &node in resolver.candidates(hop.hop.as_bytes()) {
            let (mut affinity, mut observations) = (0.0f32, 0u64);
            for &(vertex, weight) in &self.adjacent {
                if let Some(edge) = graph.edge(Vertex::Node(node), vertex) {
                    affinity += weight * edge.score as f32;
                    observations += edge.observations();
                }
            }
            total += affinity;
            if affinity > best {
                second = best;
                best = affinity;
                support = observations;
            } else {
                second = second.max(affinity);
            }
            self.scores.push(Candidate {
                node,
                confidence: affinity,
            });
        }
        if best <= 0.0 || best < EVIDENCE_RATIO * second || support < MIN_OBSERVATIONS {
            return;
        }
        self.scores.sort_by(|a, b| {
            b.confidence
                .total_cmp(&a.confidence)
                .then(a.node.cmp(&b.node))
        });
        let chosen = (best / total).min(MAX_EVIDENCE_CONFIDENCE);
        let rest = total - best;
        let others = self.scores.len().saturating_sub(1).max(1) as f32;
        for (position, candidate) in self.scores.iter_mut().enumerate() {
            candidate.confidence = match position {
                0 => chosen,
                _ if rest > 0.0 => (1.0 - chosen) * candidate.confidence / rest,
                _ => (1.0 - chosen) / others,
            };
        }
        self.decide(index, Method::NeighborEvidence);
    }

    /// Geography for hop `index` against `self.anchors`.
    fn geography(&mut self, resolver: &Resolver, index: usize) {
        let Some(hop) = self.hops.get(index).copied() else {
            return;
        };
        let candidates = resolver.candidates(hop.hop.as_bytes());
        let position = |node: NodeId| resolver.spot(node);
        if geography::nearest(candidates, &self.anchors, position, &mut self.scores).is_some() {
            self.decide(index, Method::Geography);
        }
    }

    /// Hop `index` takes the first of `self.scores`; its candidates become `self.scores`.
    fn decide(&mut self, index: usize, method: Method) {
        let (Some(chosen), Some(hop), Some(span)) = (
            self.scores.first().copied(),
            self.hops.get_mut(index),
            self.spans.get_mut(index),
        ) else {
            return;
        };
        hop.method = method;
        hop.node = Some(chosen.node);
        hop.confidence = chosen.confidence;
        let start = self.candidates.len() as u32;
        self.candidates.extend_from_slice(&self.scores);
        *span = start..self.candidates.len() as u32;
    }

    /// Flags hop `index` unreliable when its node is farther than the limit from every anchor.
    fn flag(&mut self, resolver: &Resolver, index: usize) {
        let Some(hop) = self.hops.get_mut(index) else {
            return;
        };
        let Some(here) = hop.node.and_then(|node| resolver.spot(node)) else {
            return;
        };
        hop.unreliable = !self.anchors.is_empty()
            && self
                .anchors
                .iter()
                .all(|anchor| here.km_to(anchor) > geography::UNRELIABLE_KM);
    }
}

fn vertex_position(resolver: &Resolver, vertex: Vertex) -> Option<Spot> {
    match vertex {
        Vertex::Node(node) => resolver.spot(node),
        Vertex::Observer(_) => None,
    }
}
