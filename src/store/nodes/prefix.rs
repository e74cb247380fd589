//! [`PrefixIndex`]: the nodes whose public key starts with given bytes, for hop resolution.
//!
//! A hop in a path is the first 1-3 bytes of a node's key, and short prefixes collide: the index returns every
//! candidate, never a guess. Keys are kept sorted, so any prefix (1, 2, 3 bytes or longer) is one binary search.
//! New keys are appended and sorted in once per ingest call ([`PrefixIndex::sort`]), so a flood of new keys
//! costs a sort per batch, not a shift of the whole index per key.

use crate::store::ids::NodeId;

/// Public keys in sorted order, with their nodes.
#[derive(Debug, Clone, Default)]
pub struct PrefixIndex {
    entries: Vec<([u8; 32], NodeId)>,
    nodes: Vec<NodeId>,
    sorted: bool,
}

impl PrefixIndex {
    /// An empty index.
    pub fn new() -> Self {
        PrefixIndex {
            entries: Vec::new(),
            nodes: Vec::new(),
            sorted: true,
        }
    }

    /// Adds `node` with `key` (keys are unique: the caller adds each node once). Lookups miss it until
    /// [`PrefixIndex::sort`].
    pub fn insert(&mut self, key: [u8; 32], node: NodeId) {
        self.sorted = self.sorted && self.entries.last().is_none_or(|(last, _)| *last < key);
        self.entries.push((key, node));
        if self.sorted {
            self.nodes.push(node);
        }
    }

    /// Sorts in the keys added since the last sort.
    pub fn sort(&mut self) {
        if self.sorted {
            return;
        }
        // Stable: finds the sorted run and merges the new keys in.
        self.entries.sort_by_key(|(key, _)| *key);
        self.nodes.clear();
        self.nodes
            .extend(self.entries.iter().map(|(_, node)| *node));
        self.sorted = true;
    }

    /// Every node whose key starts with `prefix` (all nodes for an empty prefix), in key order.
    pub fn candidates(&self, prefix: &[u8]) -> &[NodeId] {
        let prefix = prefix.get(..32).unwrap_or(prefix);
        let n = prefix.len();
        let start = self
            .entries
            .partition_point(|(key, _)| head(key, n) < prefix);
        let rest = self.entries.get(start..).unwrap_or_default();
        let len = rest.partition_point(|(key, _)| head(key, n) == prefix);
        self.nodes.get(start..start + len).unwrap_or_default()
    }

    /// The number of keys.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Heap bytes.
    pub fn heap_bytes(&self) -> usize {
        self.entries.capacity() * size_of::<([u8; 32], NodeId)>() + self.nodes.capacity() * 4
    }
}

/// The first `n` (at most 32) bytes of `key`.
fn head(key: &[u8; 32], n: usize) -> &[u8] {
    key.get(..n).unwrap_or(key)
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
        index.sort();
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

    #[test]
    fn keys_in_order_need_no_sort() {
        let mut index = PrefixIndex::new();
        index.insert(key(&[0x01]), NodeId(0));
        index.insert(key(&[0x02]), NodeId(1));
        assert_eq!(index.candidates(&[0x02]), [NodeId(1)]);
        index.insert(key(&[0x00]), NodeId(2));
        index.sort();
        assert_eq!(index.candidates(&[]), [NodeId(2), NodeId(0), NodeId(1)]);
    }
}
