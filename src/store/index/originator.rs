//! [`ByOriginator`]: the transmissions a node originated (its adverts, the ANON_REQs it sent).

use super::sorted_ids::{insert_sorted, remap_ids};
use crate::store::ids::{NodeId, TxId};

/// One ascending list of transmission ids per node.
#[derive(Debug, Clone, Default)]
pub struct ByOriginator {
    lists: Vec<Vec<TxId>>,
}

impl ByOriginator {
    /// An empty index.
    pub fn new() -> Self {
        ByOriginator::default()
    }

    /// Records that `node` originated `tx`.
    pub fn insert(&mut self, node: NodeId, tx: TxId) {
        let index = node.index();
        if self.lists.len() <= index {
            self.lists.resize_with(index + 1, Vec::new);
        }
        if let Some(list) = self.lists.get_mut(index) {
            insert_sorted(list, tx);
        }
    }

    /// The transmissions `node` originated, in id order.
    pub fn get(&self, node: NodeId) -> &[TxId] {
        self.lists.get(node.index()).map_or(&[], Vec::as_slice)
    }

    /// Renumbers the lists after eviction (`remap[old]` is the new id or `NONE`); drops the trailing empty ones.
    pub(crate) fn remap(&mut self, remap: &[u32]) {
        for list in &mut self.lists {
            remap_ids(list, remap);
        }
        while self.lists.last().is_some_and(Vec::is_empty) {
            self.lists.pop();
        }
    }

    /// Heap bytes.
    pub fn heap_bytes(&self) -> usize {
        self.lists.iter().map(|l| l.capacity() * 4).sum::<usize>() + self.lists.capacity() * 24
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn lists_per_node() {
        let mut index = ByOriginator::new();
        index.insert(NodeId(1), TxId(4));
        index.insert(NodeId(1), TxId(2));
        index.insert(NodeId(1), TxId(4));
        assert_eq!(index.get(NodeId(1)), [TxId(2), TxId(4)]);
        assert_eq!(index.get(NodeId(0)), []);
        assert_eq!(index.get(NodeId(7)), []);
    }
}
