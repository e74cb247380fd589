//! [`TimeIndex`]: transmissions in first-seen order.
//!
//! Packets mostly arrive in time order, so the index appends and stays sorted for free; an insert that breaks
//! the order (or a transmission whose first seen moves earlier) only marks it unsorted, and the store sorts once
//! at the end of the ingest call.

use super::sorted_ids::remap_ids;
use crate::store::ids::TxId;
use crate::store::transmissions::Transmissions;

/// Transmission ids ordered by (first seen, id).
#[derive(Debug, Clone, Default)]
pub struct TimeIndex {
    order: Vec<TxId>,
    last_time: i64,
    sorted: bool,
}

impl TimeIndex {
    /// An empty index.
    pub fn new() -> Self {
        TimeIndex {
            order: Vec::new(),
            last_time: i64::MIN,
            sorted: true,
        }
    }

    /// Adds a new transmission first seen at `first_seen`.
    pub fn push(&mut self, tx: TxId, first_seen: i64) {
        if first_seen < self.last_time {
            self.sorted = false;
        }
        self.last_time = self.last_time.max(first_seen);
        self.order.push(tx);
    }

    /// Notes that a transmission's first seen moved earlier.
    pub fn moved(&mut self) {
        self.sorted = false;
    }

    /// Restores the order if an insert broke it.
    pub fn sort(&mut self, txs: &Transmissions) {
        if self.sorted {
            return;
        }
        // The stable sort finds the long sorted run and merges the few late entries in: about O(n).
        self.order
            .sort_by_key(|&tx| (txs.first_seen(tx).unwrap_or(i64::MAX), tx));
        self.sorted = true;
    }

    /// Whether the order holds (always, outside an ingest call).
    pub fn is_sorted(&self) -> bool {
        self.sorted
    }

    /// Every transmission, oldest first (reverse it for newest first).
    pub fn as_slice(&self) -> &[TxId] {
        &self.order
    }

    /// The transmissions first seen in `from_ms..to_ms`, oldest first.
    pub fn range(&self, txs: &Transmissions, from_ms: i64, to_ms: i64) -> &[TxId] {
        let time = |tx: &TxId| txs.first_seen(*tx).unwrap_or(i64::MAX);
        let start = self.order.partition_point(|tx| time(tx) < from_ms);
        let end = self.order.partition_point(|tx| time(tx) < to_ms).max(start);
        self.order.get(start..end).unwrap_or_default()
    }

    /// Renumbers the index after eviction (`remap[old]` is the new id or `NONE`; `txs` is compacted). The order
    /// must hold (as outside an ingest call): compaction keeps it.
    pub(crate) fn remap(&mut self, remap: &[u32], txs: &Transmissions) {
        remap_ids(&mut self.order, remap);
        self.last_time = self
            .order
            .last()
            .and_then(|&tx| txs.first_seen(tx))
            .unwrap_or(i64::MIN);
    }

    /// Heap bytes.
    pub fn heap_bytes(&self) -> usize {
        self.order.capacity() * 4
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::protocol::Packet;

    fn table(times: &[i64]) -> Transmissions {
        let mut txs = Transmissions::new();
        for (i, &time) in times.iter().enumerate() {
            let bytes = [0x0D, 0x00, i as u8, 1, 2, 3];
            let view = Packet::new_checked(&bytes[..]).unwrap();
            txs.push(view.hash(), &view, time).unwrap();
        }
        txs
    }

    #[test]
    fn sorts_only_when_needed() {
        let txs = table(&[10, 20, 15, 20, 5]);
        let mut index = TimeIndex::new();
        for id in 0..2 {
            index.push(TxId(id), txs.first_seen(TxId(id)).unwrap());
        }
        assert!(index.is_sorted());
        for id in 2..5 {
            index.push(TxId(id), txs.first_seen(TxId(id)).unwrap());
        }
        assert!(!index.is_sorted());
        index.sort(&txs);
        assert_eq!(
            index.as_slice(),
            [TxId(4), TxId(0), TxId(2), TxId(1), TxId(3)]
        );
        assert_eq!(index.range(&txs, 10, 20), [TxId(0), TxId(2)]);
        assert_eq!(index.range(&txs, 21, 30), []);
        assert_eq!(index.range(&txs, 30, 0), []);
    }
}
