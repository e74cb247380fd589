//! [`PrefixIndex`]: the nodes whose public key starts with given bytes, for hop resolution.
//!
//! A hop in a path is the first 1-3 bytes of a node's key, and short prefixes collide: the index returns every
//! candidate, never a guess. Keys are kept sorted, so any prefix (1, 2, 3 bytes or longer) is one binary search.

use crate::store::ids::NodeId;

/// Public keys in sorted order, with their nodes.
#[derive(Debug, Clone, Default)]
pub struct PrefixIndex {
    keys: Vec<[u8; 32]>,
    nodes: Vec<NodeId>,
}

impl PrefixIndex {
    /// An empty index.
    pub fn new() -> Self {
        PrefixIndex::default()
    }

    /// Adds `node` with `key` (keys are unique: the caller adds each node once).
    pub fn insert(&mut self, key: [u8; 32], node: NodeId) {
        let at = self.keys.partition_point(|k| *k < key);
        self.keys.insert(at, key);
        self.nodes.insert(at, node);
    }

    /// Every node whose key starts with `prefix` (all nodes for an empty prefix), in key order.
    pub fn candidates(&self, prefix: &[u8]) -> &[NodeId] {
        let prefix = prefix.get(..32).unwrap_or(prefix);
        let start = self
            .keys
            .partition_point(|key| key[..prefix.len()] < *prefix);
        let len = self.keys[start..].partition_point(|key| key[..prefix.len()] == *prefix);
        self.nodes.get(start..start + len).unwrap_or_default()
    }

    /// The number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Heap bytes.
    pub fn heap_bytes(&self) -> usize {
        self.keys.capacity() * 32 + self.nodes.capacity() * 4
    }
}

#[cfg(test)]
mod test {
    use super::*;

    fn key(first: &[u8]) -> [u8; 32] {
        let mut key = [0x55; 32];
        key[..first.len()].copy_from_slice(first);
        key
    }

    #[test]
    fn every_candidate_for_each_prefix_length() {
        let mut index = PrefixIndex::new();
        index.insert(key(&[0xAB, 0xCD, 0x01]), NodeId(0));
        index.insert(key(&[0xAB, 0x01]), NodeId(1));
        index.insert(key(&[0xAB, 0xCD, 0x02]), NodeId(2));
        index.insert(key(&[0x10]), NodeId(3));
        assert_eq!(index.candidates(&[0xAB]), [NodeId(1), NodeId(0), NodeId(2)]);
        assert_eq!(index.candidates(&[0xAB, 0xCD]), [NodeId(0), NodeId(2)]);
        assert_eq!(index.candidates(&[0xAB, 0xCD, 0x02]), [NodeId(2)]);
        assert_eq!(index.candidates(&[0xAC]), []);
        assert_eq!(index.candidates(&[0xFF]), []);
        assert_eq!(index.candidates(&key(&[0x10])), [NodeId(3)]);
        assert_eq!(index.candidates(&[]).len(), 4);
        let mut long = key(&[0x10]).to_vec();
        long.push(0);
        assert_eq!(index.candidates(&long), [NodeId(3)]);
    }
}
