//! [`HashIndex`]: finds interned entries by a 64-bit hash of their bytes, verifying the bytes, so that two
//! different entries with the same hash are both kept (a crafted collision slows only its own lookups).

use super::hasher::{FastMap, map_heap_bytes};

/// Maps a 64-bit hash to the ids of the entries with that hash. Almost every hash has one entry; the rare
/// others live in a side map.
#[derive(Debug, Clone, Default)]
pub struct HashIndex {
    first: FastMap<u64, u32>,
    more: FastMap<u64, Vec<u32>>,
}

impl HashIndex {
    /// An empty index.
    pub fn new() -> Self {
        HashIndex::default()
    }

    /// The id with hash `hash` whose entry `matches`.
    #[inline]
    pub fn find(&self, hash: u64, mut matches: impl FnMut(u32) -> bool) -> Option<u32> {
        let first = *self.first.get(&hash)?;
        if matches(first) {
            return Some(first);
        }
        self.more
            .get(&hash)?
            .iter()
            .copied()
            .find(|&id| matches(id))
    }

    /// Records that the entry `id` has hash `hash` (the caller checked it is not there yet).
    pub fn insert(&mut self, hash: u64, id: u32) {
        if let Some(&first) = self.first.get(&hash) {
            if first != id {
                self.more.entry(hash).or_default().push(id);
            }
        } else {
            self.first.insert(hash, id);
        }
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.first.len() + self.more.values().map(Vec::len).sum::<usize>()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.first.is_empty()
    }

    /// Removes everything and shrinks the maps.
    pub fn clear(&mut self) {
        self.first = FastMap::default();
        self.more = FastMap::default();
    }

    /// Estimated heap bytes.
    pub fn heap_bytes(&self) -> usize {
        map_heap_bytes(self.first.capacity(), 12)
            + map_heap_bytes(self.more.capacity(), 32)
            + self
                .more
                .values()
                .map(|ids| ids.capacity() * 4)
                .sum::<usize>()
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn keeps_colliding_entries_apart() {
        let entries = [b"alpha".as_slice(), b"beta", b"gamma"];
        let mut index = HashIndex::new();
        // Pretend every entry hashes to 42.
        for id in 0..3 {
            index.insert(42, id);
        }
        for (id, entry) in entries.iter().enumerate() {
            let found = index.find(42, |candidate| entries[candidate as usize] == *entry);
            assert_eq!(found, Some(id as u32));
        }
        assert_eq!(index.find(42, |_| false), None);
        assert_eq!(index.find(7, |_| true), None);
        assert_eq!(index.len(), 3);
        index.clear();
        assert!(index.is_empty());
    }
}
