//! [`ByteIndex`]: transmissions by a one-byte key (a datagram's source or destination hash, a group packet's
//! channel hash), with when each byte was first and last seen.

use super::sorted_ids::{insert_sorted, remap_ids};
use crate::store::ids::TxId;
use crate::store::transmissions::Transmissions;

/// What the index knows of one byte value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ByteEntry {
    txs: Vec<TxId>,
    /// First transmission with this byte, unix ms (first seen).
    pub first_seen: i64,
    /// Last one, unix ms.
    pub last_seen: i64,
}

impl ByteEntry {
    /// The transmissions with this byte, in id order.
    pub fn transmissions(&self) -> &[TxId] {
        &self.txs
    }
}

/// One [`ByteEntry`] per byte value.
#[derive(Debug, Clone)]
pub struct ByteIndex {
    entries: Vec<ByteEntry>,
}

impl Default for ByteIndex {
    fn default() -> Self {
        ByteIndex::new()
    }
}

impl ByteIndex {
    /// An empty index.
    pub fn new() -> Self {
        ByteIndex {
            entries: vec![ByteEntry::default(); 256],
        }
    }

    /// Records that `tx`, heard at `time_ms`, has byte `key`.
    pub fn insert(&mut self, key: u8, tx: TxId, time_ms: i64) {
        if let Some(entry) = self.entries.get_mut(usize::from(key)) {
            if entry.txs.is_empty() {
                entry.first_seen = time_ms;
                entry.last_seen = time_ms;
            }
            insert_sorted(&mut entry.txs, tx);
            entry.first_seen = entry.first_seen.min(time_ms);
            entry.last_seen = entry.last_seen.max(time_ms);
        }
    }

    /// The entry of `key`.
    pub fn get(&self, key: u8) -> &ByteEntry {
        // 256 entries always exist; the fallback is never used.
        self.entries.get(usize::from(key)).unwrap_or(&EMPTY)
    }

    /// Every byte value with transmissions.
    pub fn iter(&self) -> impl Iterator<Item = (u8, &ByteEntry)> + '_ {
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, entry)| !entry.txs.is_empty())
            .map(|(key, entry)| (key as u8, entry))
    }

    /// Renumbers the lists after eviction (`remap[old]` is the new id or `NONE`) and recomputes each byte's
    /// first and last seen from its transmissions' first seen in `txs` (compacted).
    pub(crate) fn remap(&mut self, remap: &[u32], txs: &Transmissions) {
        for entry in &mut self.entries {
            if entry.txs.is_empty() {
                continue;
            }
            remap_ids(&mut entry.txs, remap);
            let times = entry.txs.iter().filter_map(|&tx| txs.first_seen(tx));
            let (first, last) = times.fold((i64::MAX, i64::MIN), |(first, last), time| {
                (first.min(time), last.max(time))
            });
            (entry.first_seen, entry.last_seen) = if entry.txs.is_empty() {
                (0, 0)
            } else {
                (first, last)
            };
        }
    }

    /// Heap bytes.
    pub fn heap_bytes(&self) -> usize {
        self.entries.capacity() * size_of::<ByteEntry>()
            + self
                .entries
                .iter()
                .map(|e| e.txs.capacity() * 4)
                .sum::<usize>()
    }
}

static EMPTY: ByteEntry = ByteEntry {
    txs: Vec::new(),
    first_seen: 0,
    last_seen: 0,
};

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn lists_and_seen_times() {
        let mut index = ByteIndex::new();
        index.insert(0x11, TxId(0), 100);
        index.insert(0x11, TxId(2), 50);
        index.insert(0xFF, TxId(1), 70);
        let public = index.get(0x11);
        assert_eq!(public.transmissions(), [TxId(0), TxId(2)]);
        assert_eq!((public.first_seen, public.last_seen), (50, 100));
        assert_eq!(
            index.iter().map(|(key, _)| key).collect::<Vec<_>>(),
            [0x11, 0xFF]
        );
        assert!(index.get(0x12).transmissions().is_empty());
    }
}
