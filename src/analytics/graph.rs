//! [`Graph`]: the analytics built on resolved paths, computed together with one resolver, and [`GraphJob`],
//! which computes them a slice of transmissions at a time so that no slice holds the page for long.

use crate::analytics::distance::DistanceSums;
use crate::analytics::job::{JobStart, at_once};
use crate::analytics::legs::longest_in_observation_order;
use crate::analytics::neighbors::neighbors_of;
use crate::analytics::route_patterns::RouteSums;
use crate::analytics::topology::TopologySums;
use crate::analytics::{Distance, NeighborGraph, Resolver, RoutePatterns, Topology};
use crate::store::{ObsId, Store, TxId};

/// The neighbor graph and the analytics of each transmission's longest resolved path.
#[derive(Debug, Clone, PartialEq)]
pub struct Graph {
    /// Who hears whom.
    pub neighbors: NeighborGraph,
    /// Hop distances.
    pub distance: Distance,
    /// Hop counts and repeater degrees.
    pub topology: Topology,
    /// The most common paths.
    pub route_patterns: RoutePatterns,
}

/// The graph family of `store` as of `now_ms`, at once.
pub fn graph(store: &Store, now_ms: i64) -> Graph {
    let mut job = GraphJob::new(store, now_ms);
    at_once(|limit| job.step(store, limit))
}

/// A [`Graph`] in the making, one [`step`](GraphJob::step) at a time: the first builds the resolver, the
/// second the neighbor graph from the resolver's, the third lists each transmission's longest path (each a few
/// percent of the work); the next steps resolve a slice of those paths each; the last three finish the
/// distances, the topology and the route patterns, one a step. The graph equals [`graph`] of the store as it was
/// when the job started; transmissions ingested since are left to the next job. An eviction or a clear
/// between steps starts the job again.
pub struct GraphJob {
    now_ms: i64,
    start: JobStart,
    resolver: Option<Resolver>,
    neighbors: Option<NeighborGraph>,
    longest: Option<Vec<(ObsId, TxId, u8)>>,
    next: usize,
    distance: DistanceSums,
    topology: TopologySums,
    route_patterns: RouteSums,
    distance_done: Option<Distance>,
    topology_done: Option<Topology>,
}

impl GraphJob {
    /// Starts the graph family of `store` as of `now_ms` (nothing is computed until the first step).
    pub fn new(store: &Store, now_ms: i64) -> GraphJob {
        GraphJob {
            now_ms,
            start: JobStart::of(store),
            resolver: None,
            neighbors: None,
            longest: None,
            next: 0,
            distance: DistanceSums::default(),
            topology: TopologySums::default(),
            route_patterns: RouteSums::default(),
            distance_done: None,
            topology_done: None,
        }
    }

    /// Takes the next step on `store` (the store the job started on), resolving at most `limit` longest
    /// paths; the graph once every path is in.
    pub fn step(&mut self, store: &Store, limit: usize) -> Option<Graph> {
        if !self.start.holds(store) {
            *self = GraphJob::new(store, self.now_ms);
        }
        let Some(resolver) = &self.resolver else {
            self.resolver = Some(Resolver::new(store, self.now_ms));
            return None;
        };
        if self.neighbors.is_none() {
            self.neighbors = Some(neighbors_of(store, resolver));
            return None;
        }
        let Some(longest) = &self.longest else {
            self.longest = Some(longest_in_observation_order(store));
            return None;
        };
        if self.next < longest.len() {
            let end = self.next.saturating_add(limit).min(longest.len());
            for &(obs, tx, hops) in longest.get(self.next..end).unwrap_or_default() {
                self.distance.add(store, resolver, obs, tx, hops);
                self.topology.add(store, obs, tx, hops);
                self.route_patterns.add(store, obs, tx, hops);
            }
            self.next = end;
            return None;
        }
        if self.distance_done.is_none() {
            self.distance_done = Some(std::mem::take(&mut self.distance).finish(store));
            return None;
        }
        if self.topology_done.is_none() {
            self.topology_done = Some(self.topology.finish(store, resolver));
            return None;
        }
        Some(Graph {
            neighbors: self.neighbors.take()?,
            distance: self.distance_done.take()?,
            topology: self.topology_done.take()?,
            route_patterns: self.route_patterns.finish(store, resolver),
        })
    }

    /// Longest paths resolved so far, and in all (0 until they are listed).
    pub fn progress(&self) -> (usize, usize) {
        (self.next, self.longest.as_ref().map_or(0, Vec::len))
    }
}
