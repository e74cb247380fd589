//! Nodes: the [`Node`] records, looked up by public key or by key prefix ([`PrefixIndex`]).
//!
//! Nodes come from adverts and from ANON_REQ sender keys (full keys). Hop prefixes and datagram hashes that match
//! no node are not nodes: the store lists them as unknown prefixes
//! ([`Store::unknown_prefixes`](crate::store::Store::unknown_prefixes)).

mod node;
mod prefix;

pub use node::{AdvertFacts, CLOCK_SAMPLES, ClockSample, HASH_SIZE_SAMPLES, HashSizeSample, Node};
pub use prefix::PrefixIndex;

use super::hasher::{FastMap, map_heap_bytes};
use super::ids::NodeId;

/// The node table. Ids are dense and never change (nodes are not evicted).
#[derive(Debug, Clone, Default)]
pub struct Nodes {
    nodes: Vec<Node>,
    by_key: FastMap<[u8; 32], u32>,
    prefixes: PrefixIndex,
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

    /// The node with `public_key`, added (first heard at `time_ms`) if new; `true` when it was added.
    pub(crate) fn upsert(&mut self, public_key: &[u8; 32], time_ms: i64) -> (NodeId, bool) {
        if let Some(&id) = self.by_key.get(public_key) {
            return (NodeId(id), false);
        }
        let id = NodeId(self.nodes.len() as u32);
        self.nodes.push(Node::new(*public_key, time_ms));
        self.by_key.insert(*public_key, id.0);
        self.prefixes.insert(*public_key, id);
        (id, true)
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
        let (a, new) = nodes.upsert(&[0xAB; 32], 5);
        assert!(new);
        assert_eq!(nodes.upsert(&[0xAB; 32], 9), (a, false));
        let (b, _) = nodes.upsert(&[0xAC; 32], 9);
        assert_eq!(nodes.find(&[0xAC; 32]), Some(b));
        assert_eq!(nodes.find(&[0xAD; 32]), None);
        nodes.sort_prefixes();
        assert_eq!(nodes.candidates(&[0xAB]), [a]);
        assert_eq!(nodes.get(a).map(|n| n.first_seen), Some(5));
        assert_eq!(nodes.iter().len(), 2);
    }
}
