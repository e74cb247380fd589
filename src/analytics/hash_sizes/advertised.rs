//! What a node's recent adverts say about its path hash size: the latest size, the sizes seen and the
//! "flip-flop" flag, over the adverts of the last seven days.

use crate::store::Node;
use crate::store::aggregates::HOUR_MS;

/// The window of adverts a node's current hash size is read from, before `now_ms`.
pub const HASH_SIZE_WINDOW_MS: i64 = 7 * 24 * HOUR_MS;

/// A node's path hash size as its adverts of the last [`HASH_SIZE_WINDOW_MS`] say.
///
/// Only adverts with a valid signature that carry a size count: zero-hop DIRECT adverts do not (their
/// `path_len` byte is 0x00 whatever the sender's mode), and the store never records them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AdvertisedSize {
    /// The latest advert's size (1-3 bytes); `None` without a sized advert in the window.
    pub size: Option<u8>,
    /// The sizes seen in the window.
    pub seen: SizeSet,
    /// Sized adverts in the window (at most the store's [`HASH_SIZE_SAMPLES`](crate::store::nodes::HASH_SIZE_SAMPLES)
    /// newest).
    pub adverts: usize,
    /// The flip-flop flag: at least 3 adverts, at least 2 sizes, and at least 2 changes of size in time order.
    /// A node that changed its size once (a reconfiguration) is not flagged.
    pub inconsistent: bool,
}

/// A set of hash sizes (1-3 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SizeSet(u8);

impl SizeSet {
    /// Adds `size`; sizes outside 1-3 are ignored.
    pub fn insert(&mut self, size: u8) {
        if (1..=3).contains(&size) {
            self.0 |= 1 << size;
        }
    }

    /// Whether `size` is in the set.
    pub fn contains(self, size: u8) -> bool {
        (1..=3).contains(&size) && self.0 & (1 << size) != 0
    }

    /// The number of sizes.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// Whether it is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The largest size, if any.
    pub fn max(self) -> Option<u8> {
        (1..=3).rev().find(|&size| self.contains(size))
    }

    /// The sizes, ascending.
    pub fn to_vec(self) -> Vec<u8> {
        (1..=3).filter(|&size| self.contains(size)).collect()
    }
}

/// What `node`'s sized adverts first heard from `now_ms - HASH_SIZE_WINDOW_MS` on say. Adverts heard after
/// `now_ms` (an observer clock ahead of the caller's) count too: the newest one is the node's current mode.
pub fn advertised_size(node: &Node, now_ms: i64) -> AdvertisedSize {
    let history = node.hash_size_history();
    let since = now_ms.saturating_sub(HASH_SIZE_WINDOW_MS);
    let start = history.partition_point(|sample| sample.observed_ms < since);
    let window = history.get(start..).unwrap_or_default();
    let mut seen = SizeSet::default();
    for sample in window {
        seen.insert(sample.size);
    }
    let transitions = window
        .windows(2)
        .filter(|pair| matches!(pair, [a, b] if a.size != b.size))
        .count();
    AdvertisedSize {
        size: window.last().map(|sample| sample.size),
        seen,
        adverts: window.len(),
        inconsistent: window.len() >= 3 && seen.len() >= 2 && transitions >= 2,
    }
}

/// The sizes `node` ever advertised (over the store's kept history, whatever its age).
pub fn sizes_ever_advertised(node: &Node) -> SizeSet {
    let mut seen = SizeSet::default();
    for sample in node.hash_size_history() {
        seen.insert(sample.size);
    }
    seen
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn size_sets() {
        let mut set = SizeSet::default();
        assert!(set.is_empty());
        set.insert(3);
        set.insert(1);
        set.insert(0);
        set.insert(4);
        assert_eq!(set.to_vec(), [1, 3]);
        assert_eq!((set.len(), set.max()), (2, Some(3)));
        assert!(!set.contains(2) && !set.contains(0));
    }

    fn node(samples: &[(i64, u8)]) -> Node {
        let mut node = Node::new([1; 32], 0);
        for &(time, size) in samples {
            node.apply_hash_size(time, size);
        }
        node
    }

    #[test]
    fn latest_in_the_window() {
        let day = 24 * HOUR_MS;
        let now = 30 * day;
        // An old 3-byte advert, then two 2-byte ones inside the window.
        let node = node(&[(now - 8 * day, 3), (now - 6 * day, 2), (now - day, 2)]);
        let info = advertised_size(&node, now);
        assert_eq!((info.size, info.adverts), (Some(2), 2));
        assert_eq!(info.seen.to_vec(), [2]);
        assert!(!info.inconsistent);
        assert_eq!(sizes_ever_advertised(&node).to_vec(), [2, 3]);
        // Eight days later nothing is left.
        assert_eq!(
            advertised_size(&node, now + 8 * day),
            AdvertisedSize::default()
        );
        // A caller whose clock is behind still sees the newest advert.
        assert_eq!(advertised_size(&node, now - 2 * day).size, Some(2));
    }

    #[test]
    fn flip_flop_needs_two_changes() {
        let once = node(&[(0, 1), (10, 1), (20, 2), (30, 2)]);
        assert!(!advertised_size(&once, 30).inconsistent, "one change");
        let twice = node(&[(0, 1), (10, 2), (20, 1)]);
        let info = advertised_size(&twice, 20);
        assert!(info.inconsistent);
        assert_eq!((info.size, info.seen.to_vec()), (Some(1), vec![1, 2]));
        let two_adverts = node(&[(0, 1), (10, 2)]);
        assert!(
            !advertised_size(&two_adverts, 10).inconsistent,
            "two adverts"
        );
    }
}
