//! [`MapData`]: what the Map page draws, as one snapshot: the located nodes and the links between nodes;
//! [`MapJob`] computes it a slice of transmissions at a time.

use crate::analytics::job::{JobStart, at_once};
use crate::analytics::map_links::{LinkTally, MapLink};
use crate::analytics::map_nodes::{MapNode, map_nodes};
use crate::store::{NodeId, Store, TxId};

/// The located nodes and the links.
#[derive(Debug, Clone, PartialEq)]
pub struct MapData {
    /// Nodes with a position, in id order.
    pub nodes: Vec<MapNode>,
    /// Links between nodes (either end may lack a position).
    pub links: Vec<MapLink>,
}

impl MapData {
    /// The located node with id `id`.
    pub fn node(&self, id: NodeId) -> Option<&MapNode> {
        self.nodes
            .binary_search_by_key(&id, |node| node.id)
            .ok()
            .and_then(|at| self.nodes.get(at))
    }
}

/// The map of `store`, at once.
pub fn map_data(store: &Store) -> MapData {
    let mut job = MapJob::new(store);
    at_once(|limit| job.step(store, limit))
}

/// A [`MapData`] in the making, one [`step`](MapJob::step) at a time: each step tallies the links of a slice of
/// transmissions, the last one adds the nodes. The map equals [`map_data`] of the store as it was when the job
/// started, except that a transmission not yet tallied is read with what arrived for it since; transmissions
/// ingested since are left to the next job. An eviction or a clear between steps starts the job again.
pub struct MapJob {
    start: JobStart,
    transmissions: usize,
    next: usize,
    links: LinkTally,
}

impl MapJob {
    /// Starts the map of `store` (nothing is computed until the first step).
    pub fn new(store: &Store) -> MapJob {
        MapJob {
            start: JobStart::of(store),
            transmissions: store.transmission_count(),
            next: 0,
            links: LinkTally::default(),
        }
    }

    /// Takes the next step on `store` (the store the job started on), reading about `limit` observations; the
    /// map once every transmission is tallied.
    pub fn step(&mut self, store: &Store, limit: usize) -> Option<MapData> {
        if !self.start.holds(store) {
            *self = MapJob::new(store);
        }
        let mut rows = 0;
        while rows < limit && self.next < self.transmissions {
            rows += self.links.add(store, TxId(self.next as u32));
            self.next += 1;
        }
        if self.next < self.transmissions {
            return None;
        }
        Some(MapData {
            nodes: map_nodes(store),
            links: std::mem::take(&mut self.links).finish(),
        })
    }
}
