//! A fast, deterministic hasher for the store's maps and interners (the multiply-rotate scheme of rustc's
//! `FxHasher`), and [`hash_bytes`] for interning byte strings.
//!
//! Std's default SipHash costs tens of nanoseconds per key, a noticeable share of a one-microsecond ingest
//! budget. Keys here are packet hashes (SHA-256 output, which nobody can aim cheaply), small integers, node keys
//! and interned byte strings. A crafted flood of colliding strings can only slow its own lookups: every
//! interner verifies the bytes behind a hash (see `hash_index.rs`), so collisions never merge entries.

use core::hash::{BuildHasherDefault, Hasher};
use std::collections::{HashMap, HashSet};

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// The hasher; use it through [`FastMap`] and [`FastSet`].
#[derive(Debug, Clone, Copy, Default)]
pub struct FastHasher {
    hash: u64,
}

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut buffer = [0; 8];
            buffer.copy_from_slice(word);
            self.add(u64::from_le_bytes(buffer));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut buffer = [0; 8];
            buffer[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buffer) ^ ((rest.len() as u64) << 56));
        }
    }

    #[inline]
    fn write_u8(&mut self, value: u8) {
        self.add(u64::from(value));
    }

    #[inline]
    fn write_u16(&mut self, value: u16) {
        self.add(u64::from(value));
    }

    #[inline]
    fn write_u32(&mut self, value: u32) {
        self.add(u64::from(value));
    }

    #[inline]
    fn write_u64(&mut self, value: u64) {
        self.add(value);
    }

    #[inline]
    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// A `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;
/// A `HashSet` with [`FastHasher`].
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FastHasher>>;

/// The 64-bit hash of a byte string, with its length mixed in (for interners).
#[inline]
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = FastHasher::default();
    hasher.write(bytes);
    hasher.add(bytes.len() as u64);
    hasher.finish()
}

/// Estimated heap bytes of a hash map or set holding `capacity` entries of `entry` bytes: the
/// power-of-two bucket array (7/8 load) with one control byte per bucket.
pub fn map_heap_bytes(capacity: usize, entry: usize) -> usize {
    if capacity == 0 {
        return 0;
    }
    let buckets = (capacity * 8 / 7).next_power_of_two();
    buckets * (entry + 1)
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn deterministic_and_length_aware() {
        assert_eq!(hash_bytes(b"abc"), hash_bytes(b"abc"));
        assert_ne!(hash_bytes(b"abc"), hash_bytes(b"abd"));
        assert_ne!(hash_bytes(&[0]), hash_bytes(&[0, 0]));
        assert_ne!(hash_bytes(&[]), hash_bytes(&[0]));
        let mut map: FastMap<u64, u32> = FastMap::default();
        map.insert(7, 1);
        assert_eq!(map.get(&7), Some(&1));
    }

    #[test]
    fn map_estimate() {
        assert_eq!(map_heap_bytes(0, 12), 0);
        // 7 entries fit 8 buckets; 8 need 16.
        assert_eq!(map_heap_bytes(7, 12), 8 * 13);
        assert_eq!(map_heap_bytes(8, 12), 16 * 13);
    }
}
