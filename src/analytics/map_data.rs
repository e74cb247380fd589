//! [`MapData`]: what the Map page draws, as one snapshot: the located nodes and the links between nodes.

use crate::analytics::map_links::{MapLink, map_links};
use crate::analytics::map_nodes::{MapNode, map_nodes};
use crate::store::{NodeId, Store};

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

/// The map of `store`.
pub fn map_data(store: &Store) -> MapData {
    MapData {
        nodes: map_nodes(store),
        links: map_links(store),
    }
}
