//! [`HopIndex`]: for each hop hash seen in an observed path (size and bytes), the transmissions whose
//! observed paths contain it, and when and how often it was heard.
//!
//! TRACE paths are SNR bytes, not hops, and are not indexed.
//!
//! Transmission ids mostly arrive in increasing order; a late one (an old transmission heard again through a
//! new hop) is appended and its list sorted once at the end of the ingest call ([`HopIndex::sort`]), so crafted
//! input cannot make every insert shift a long list.
//!
//! Eviction renumbers the lists in place and recounts the hearings from the surviving observations grouped by
//! path ([`PathHearings`]), so it hashes each distinct path's hops once rather than each observation's.

use super::sorted_ids::remap_ids;
use crate::store::hasher::{FastMap, map_heap_bytes};
use crate::store::ids::TxId;

/// A hop hash: 1-3 bytes of a node's public key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HopHash {
    bytes: [u8; 3],
    len: u8,
}

impl HopHash {
    /// The hop hash `bytes` (1-3 bytes).
    pub fn new(bytes: &[u8]) -> Option<HopHash> {
        let mut out = [0; 3];
        out.get_mut(..bytes.len())?.copy_from_slice(bytes);
        (!bytes.is_empty()).then_some(HopHash {
            bytes: out,
            len: bytes.len() as u8,
        })
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..usize::from(self.len)).unwrap_or_default()
    }

    /// The size in bytes, 1-3.
    pub fn size(&self) -> usize {
        usize::from(self.len)
    }
}

/// What the index knows of one hop hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HopEntry {
    txs: Vec<TxId>,
    /// First observation with this hop, unix ms.
    pub first_seen: i64,
    /// Last one, unix ms.
    pub last_seen: i64,
    /// Observations whose path has this hop (once per observation, however often it repeats in the path).
    pub observations: u64,
    unsorted: bool,
}

impl HopEntry {
    /// The transmissions with this hop in an observed path, in id order.
    pub fn transmissions(&self) -> &[TxId] {
        &self.txs
    }
}

/// The observations of one path whose hops count: how many, first and last heard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathHearings {
    /// Observations.
    pub observations: u64,
    /// First of them, unix ms.
    pub first_seen: i64,
    /// Last of them, unix ms.
    pub last_seen: i64,
}

impl Default for PathHearings {
    fn default() -> Self {
        PathHearings {
            observations: 0,
            first_seen: i64::MAX,
            last_seen: i64::MIN,
        }
    }
}

impl PathHearings {
    /// Counts one observation at `time_ms`.
    #[inline]
    pub fn add(&mut self, time_ms: i64) {
        self.observations += 1;
        self.first_seen = self.first_seen.min(time_ms);
        self.last_seen = self.last_seen.max(time_ms);
    }
}

/// Hop hash to [`HopEntry`].
#[derive(Debug, Clone, Default)]
pub struct HopIndex {
    map: FastMap<HopHash, HopEntry>,
    unsorted: Vec<HopHash>,
}

impl HopIndex {
    /// An empty index.
    pub fn new() -> Self {
        HopIndex::default()
    }

    /// Records an observation of `tx` at `time_ms` whose path holds `hops` (hop hashes of one size).
    pub fn add_path<'a>(
        &mut self,
        hops: impl Iterator<Item = &'a [u8]> + Clone,
        tx: TxId,
        time_ms: i64,
    ) {
        for (position, hop) in hops.clone().enumerate() {
            let Some(key) = HopHash::new(hop) else {
                continue;
            };
            // A hop repeated within one path counts once.
            if hops.clone().take(position).any(|earlier| earlier == hop) {
                continue;
            }
            let entry = self.map.entry(key).or_insert_with(|| HopEntry {
                txs: Vec::new(),
                first_seen: time_ms,
                last_seen: time_ms,
                observations: 0,
                unsorted: false,
            });
            match entry.txs.last() {
                Some(&last) if last == tx => {}
                Some(&last) if last > tx => {
                    if !entry.unsorted {
                        entry.unsorted = true;
                        self.unsorted.push(key);
                    }
                    entry.txs.push(tx);
                }
                _ => entry.txs.push(tx),
            }
            entry.first_seen = entry.first_seen.min(time_ms);
            entry.last_seen = entry.last_seen.max(time_ms);
            entry.observations += 1;
        }
    }

    /// Sorts (and dedups) the lists that received a late id: the lists are sorted after this call.
    pub fn sort(&mut self) {
        for key in self.unsorted.drain(..) {
            if let Some(entry) = self.map.get_mut(&key) {
                // Stable: finds the sorted run and merges the late ids in.
                entry.txs.sort();
                entry.txs.dedup();
                entry.unsorted = false;
            }
        }
    }

    /// What is known of `hop`.
    pub fn get(&self, hop: &[u8]) -> Option<&HopEntry> {
        self.map.get(&HopHash::new(hop)?)
    }

    /// Every hop hash with its entry, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (HopHash, &HopEntry)> + '_ {
        self.map.iter().map(|(key, entry)| (*key, entry))
    }

    /// The number of distinct hop hashes.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Renumbers the lists after eviction (`remap[old]` is the new id or `NONE`), and recounts each hop's
    /// observations, first and last seen from `paths`: the surviving observations, grouped by path (each path's
    /// hop hashes with its [`PathHearings`]). Hops no surviving observation has are dropped.
    pub(crate) fn remap<'a, H>(
        &mut self,
        remap: &[u32],
        paths: impl Iterator<Item = (H, PathHearings)>,
    ) where
        H: Iterator<Item = &'a [u8]> + Clone,
    {
        self.sort();
        for entry in self.map.values_mut() {
            remap_ids(&mut entry.txs, remap);
            entry.observations = 0;
            entry.first_seen = i64::MAX;
            entry.last_seen = i64::MIN;
        }
        for (hops, hearings) in paths {
            for (position, hop) in hops.clone().enumerate() {
                if hops.clone().take(position).any(|earlier| earlier == hop) {
                    continue;
                }
                if let Some(entry) = HopHash::new(hop).and_then(|key| self.map.get_mut(&key)) {
                    entry.observations += hearings.observations;
                    entry.first_seen = entry.first_seen.min(hearings.first_seen);
                    entry.last_seen = entry.last_seen.max(hearings.last_seen);
                }
            }
        }
        self.map.retain(|_, entry| entry.observations > 0);
        self.map.shrink_to(0);
    }

    /// Estimated heap bytes.
    pub fn heap_bytes(&self) -> usize {
        map_heap_bytes(self.map.capacity(), size_of::<(HopHash, HopEntry)>())
            + self
                .map
                .values()
                .map(|e| e.txs.capacity() * 4)
                .sum::<usize>()
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn hop_hashes() {
        assert_eq!(HopHash::new(&[0xAB, 0xCD]).map(|h| h.size()), Some(2));
        assert_eq!(HopHash::new(&[1, 2, 3]).unwrap().as_bytes(), [1, 2, 3]);
        assert_eq!(HopHash::new(&[]), None);
        assert_eq!(HopHash::new(&[1, 2, 3, 4]), None);
        assert_ne!(HopHash::new(&[1]), HopHash::new(&[1, 0]));
    }

    #[test]
    fn transmissions_per_hop() {
        let mut index = HopIndex::new();
        let path = [[0xAA], [0xBB], [0xAA]];
        index.add_path(path.iter().map(|h| &h[..]), TxId(0), 100);
        index.add_path([&[0xBB][..]].into_iter(), TxId(1), 50);
        index.add_path([&[0xBB][..]].into_iter(), TxId(0), 200);
        index.sort();
        let aa = index.get(&[0xAA]).unwrap();
        assert_eq!(aa.transmissions(), [TxId(0)]);
        assert_eq!(aa.observations, 1);
        let bb = index.get(&[0xBB]).unwrap();
        assert_eq!(bb.transmissions(), [TxId(0), TxId(1)]);
        assert_eq!((bb.first_seen, bb.last_seen, bb.observations), (50, 200, 3));
        assert!(index.get(&[0xBB, 0x00]).is_none());
        assert_eq!(index.len(), 2);
    }
}
