//! The map's snapshot, refreshed by the page while it is open: the located nodes and the links between
//! nodes. Seam: when the recomputer carries a map or neighbor snapshot (`analytics::neighbors`), the page reads
//! that slot instead and this refresh goes.

use std::cell::Cell;

use leptos::prelude::*;

use crate::analytics::map_links::{MapLink, map_links};
use crate::analytics::map_nodes::{MapNode, map_nodes};
use crate::recompute::{Analytic, Refresh};
use crate::ui::state::StoreHandle;

/// How often the map data is recomputed while the store changes, milliseconds.
const PERIOD_MS: u32 = 2_000;

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
    pub fn node(&self, id: crate::store::NodeId) -> Option<&MapNode> {
        self.nodes
            .binary_search_by_key(&id, |node| node.id)
            .ok()
            .and_then(|at| self.nodes.get(at))
    }
}

/// Starts refreshing the map data for as long as the calling component lives.
pub fn start(store: StoreHandle) -> Analytic<MapData> {
    let analytic = Analytic::new();
    let computed_at = Cell::new(None);
    if let Some(slot) = analytic.slot() {
        let refresh = Refresh::start(slot, analytic.changed(), PERIOD_MS, move || {
            store
                .read_untracked(|store| {
                    let revision = store.revision();
                    if computed_at.get() == Some(revision) {
                        return None;
                    }
                    computed_at.set(Some(revision));
                    Some(MapData {
                        nodes: map_nodes(store),
                        links: map_links(store),
                    })
                })
                .flatten()
        });
        StoredValue::new_local(refresh);
    }
    analytic
}
