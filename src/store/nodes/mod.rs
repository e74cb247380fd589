//! Nodes: the [`Node`] records, looked up by public key or by key prefix ([`PrefixIndex`]).
//!
//! Nodes come from adverts and from ANON_REQ sender keys (full keys). Hop prefixes and datagram hashes that match
//! no node are not nodes: the store lists them as unknown prefixes
//! ([`Store::unknown_prefixes`](crate::store::Store::unknown_prefixes)).
//!
//! The table holds at most [`MAX_NODES`]: adverts cost nothing to forge (a flood of made-up keys needs no valid
//! signature to be heard), and nodes are never evicted, so without a cap the table would grow without bound.

mod node;
mod prefix;

pub use node::{AdvertFacts, CLOCK_SAMPLES, ClockSample, HASH_SIZE_SAMPLES, HashSizeSample, Node};
pub use prefix::PrefixIndex;

use super::hasher::{FastMap, map_heap_bytes};
use super::ids::NodeId;

/// The most nodes the table holds. Real meshes have a few thousand; beyond this many, keys not yet known are
/// refused (counted by [`Nodes::refused`]) so that a flood of forged adverts cannot exhaust memory or the UI.
pub const MAX_NODES: usize = 50_000;

/// The node table. Ids are dense and never change (nodes are not evicted); at most [`MAX_NODES`] nodes.
#[derive(Debug, Clone, Default)]
pub struct Nodes {
    nodes: Vec<Node>,
    by_key: FastMap<[u8; 32], u32>,
    prefixes: PrefixIndex,
    refused: u64,
}

impl Nodes {
    /// An empty table.
    pub fn new() -> Self {
        Nodes::default()
    }

    /// The number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The node with `public_key`, added (first heard at `time_ms`) if new; `true` when it was added. `None`,
    /// counted in [`Nodes::refused`], for a new key when the table already holds [`MAX_NODES`].
    pub(crate) fn upsert(&mut self, public_key: &[u8; 32], time_ms: i64) -> Option<(NodeId, bool)> {
        if let Some(&id) = self.by_key.get(public_key) {
            return Some((NodeId(id), false));
        }
        if self.nodes.len() >= MAX_NODES {
            self.refused += 1;
            return None;
        }
        let id = NodeId(self.nodes.len() as u32);
        self.nodes.push(Node::new(*public_key, time_ms));
        self.by_key.insert(*public_key, id.0);
        self.prefixes.insert(*public_key, id);
        Some((id, true))
    }

    /// How many times a new key was refused because the table was full: one per advert or ANON_REQ transmission
    /// of a key the table did not hold.
    pub fn refused(&self) -> u64 {
        self.refused
    }

    /// The node `id`.
    pub fn get(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id.index())
    }

    pub(crate) fn get_mut(&mut self, id: NodeId) -> Option<&mut Node> {
        self.nodes.get_mut(id.index())
    }

    /// The node with this public key.
    pub fn find(&self, public_key: &[u8; 32]) -> Option<NodeId> {
        self.by_key.get(public_key).copied().map(NodeId)
    }

    /// Sorts in the keys of the nodes added since the last call (the store calls it after each ingest call).
    pub(crate) fn sort_prefixes(&mut self) {
        self.prefixes.sort();
    }

    /// Every node whose key starts with `prefix`, in key order (see [`PrefixIndex::candidates`]).
    pub fn candidates(&self, prefix: &[u8]) -> &[NodeId] {
        self.prefixes.candidates(prefix)
    }

    /// Every node with its id, in id order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (NodeId, &Node)> + '_ {
        self.nodes
            .iter()
            .enumerate()
            .map(|(index, node)| (NodeId(index as u32), node))
    }

    /// Estimated heap bytes.
    pub fn heap_bytes(&self) -> usize {
        self.nodes.capacity() * size_of::<Node>()
            + self.nodes.iter().map(Node::heap_bytes).sum::<usize>()
            + map_heap_bytes(self.by_key.capacity(), 36)
            + self.prefixes.heap_bytes()
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn upsert_find_and_prefix() {
        let mut nodes = Nodes::new();
        let (a, new) = nodes.upsert(&[0xAB; 32], 5).unwrap();
        assert!(new);
        assert_eq!(nodes.upsert(&[0xAB; 32], 9), Some((a, false)));
        let (b, _) = nodes.upsert(&[0xAC; 32], 9).unwrap();
        assert_eq!(nodes.find(&[0xAC; 32]), Some(b));
        assert_eq!(nodes.find(&[0xAD; 32]), None);
        nodes.sort_prefixes();
        assert_eq!(nodes.candidates(&[0xAB]), [a]);
        assert_eq!(nodes.get(a).map(|n| n.first_seen), Some(5));
        assert_eq!(nodes.iter().len(), 2);
    }

    #[test]
    fn full_table_refuses_new_keys_only() {
        let mut nodes = Nodes::new();
        for index in 0..MAX_NODES as u32 {
            let mut key = [0; 32];
            key[..4].copy_from_slice(&index.to_be_bytes());
            assert_eq!(nodes.upsert(&key, 1).map(|(_, new)| new), Some(true));
        }
        assert_eq!(nodes.upsert(&[0xFF; 32], 2), None);
        assert_eq!(nodes.upsert(&[0xFE; 32], 2), None);
        assert_eq!(nodes.refused(), 2);
        assert_eq!(nodes.len(), MAX_NODES);
        // A known key is still found and updated.
        assert_eq!(nodes.upsert(&[0; 32], 3), Some((NodeId(0), false)));
        assert_eq!(nodes.refused(), 2);
    }
}
