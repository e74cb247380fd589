//! [`Node`]: what the store knows of one node, from its adverts (and ANON_REQ sender keys).

use crate::protocol::{Location, Role};
use crate::store::ids::StrId;

/// Most clock samples kept per node (the newest).
pub const CLOCK_SAMPLES: usize = 64;
/// Most hash-size samples kept per node (the newest).
pub const HASH_SIZE_SAMPLES: usize = 32;

/// One advert's clock reading: when it was heard and what the sender's clock said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockSample {
    /// When the advert was first heard, unix ms (observer clock).
    pub observed_ms: i64,
    /// The advert's timestamp, unix seconds (sender clock).
    pub advert_timestamp: u32,
}

/// The path hash size one advert was sent with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashSizeSample {
    /// When the advert was first heard, unix ms.
    pub observed_ms: i64,
    /// Its path hash size, 1-3 bytes.
    pub size: u8,
}

/// One advert as it bears on its node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdvertFacts {
    /// When the advert was first heard, unix ms.
    pub observed_ms: i64,
    /// Its timestamp (sender clock), unix seconds.
    pub timestamp: u32,
    /// Whether its signature verified.
    pub signature_valid: bool,
    /// Its name, interned.
    pub name: Option<StrId>,
    /// Its role.
    pub role: Role,
    /// Its location; 0,0 counts as none.
    pub location: Option<Location>,
}

/// A node known by its full public key.
///
/// Name, role and location come from its latest advert with a valid signature; an advert whose signature fails
/// is counted (`adverts`, `invalid_adverts`) and sets `latest_signature_valid`, and changes nothing else but
/// the seen times. Node records survive eviction: their counts are over every advert ever ingested.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The Ed25519 public key; its first 1-3 bytes are the node's path hash.
    pub public_key: [u8; 32],
    /// The advertised name.
    pub name: Option<StrId>,
    /// The advertised role; `None` until a valid advert.
    pub role: Option<Role>,
    /// The advertised position; `None` without one or for 0,0 ("no fix").
    pub location: Option<Location>,
    /// First time an advert or ANON_REQ of this node was heard, unix ms.
    pub first_seen: i64,
    /// Last time, unix ms.
    pub last_seen: i64,
    /// Advert transmissions (unique adverts), valid or not.
    pub adverts: u32,
    /// Of those, adverts whose signature failed.
    pub invalid_adverts: u32,
    /// ANON_REQ transmissions this node sent.
    pub anon_requests: u32,
    /// When its latest advert was first heard, unix ms.
    pub latest_advert_ms: Option<i64>,
    /// That advert's timestamp (sender clock), unix seconds.
    pub latest_advert_timestamp: Option<u32>,
    /// Whether that advert's signature verified.
    pub latest_signature_valid: Option<bool>,
    /// The path hash size of its latest valid advert that carried one (zero-hop DIRECT adverts carry none).
    pub hash_size: Option<u8>,
    identity_ms: i64,
    hash_size_ms: i64,
    hash_sizes: Vec<HashSizeSample>,
    clock: Vec<ClockSample>,
}

impl Node {
    /// A node first heard at `time_ms`, with nothing advertised yet.
    pub fn new(public_key: [u8; 32], time_ms: i64) -> Node {
        Node {
            public_key,
            name: None,
            role: None,
            location: None,
            first_seen: time_ms,
            last_seen: time_ms,
            adverts: 0,
            invalid_adverts: 0,
            anon_requests: 0,
            latest_advert_ms: None,
            latest_advert_timestamp: None,
            latest_signature_valid: None,
            hash_size: None,
            identity_ms: i64::MIN,
            hash_size_ms: i64::MIN,
            hash_sizes: Vec::new(),
            clock: Vec::new(),
        }
    }

    /// The newest hash-size samples (at most [`HASH_SIZE_SAMPLES`]), in time order.
    pub fn hash_size_history(&self) -> &[HashSizeSample] {
        &self.hash_sizes
    }

    /// The newest clock samples of valid adverts (at most [`CLOCK_SAMPLES`]), in time order.
    pub fn clock_samples(&self) -> &[ClockSample] {
        &self.clock
    }

    /// The sizes seen, if more than one (1-3 bytes, ascending).
    pub fn hash_sizes_seen(&self) -> Vec<u8> {
        let mut sizes: Vec<u8> = self.hash_sizes.iter().map(|s| s.size).collect();
        sizes.sort_unstable();
        sizes.dedup();
        sizes
    }

    /// The flip-flop flag: at least 3 adverts with a size, at least 2 distinct sizes, and at least 2 changes of
    /// size in time order (over the kept history).
    pub fn hash_size_inconsistent(&self) -> bool {
        let transitions = self
            .hash_sizes
            .windows(2)
            .filter(|pair| pair[0].size != pair[1].size)
            .count();
        self.hash_sizes.len() >= 3 && self.hash_sizes_seen().len() >= 2 && transitions >= 2
    }

    /// Widens first and last seen to include `time_ms`.
    pub(crate) fn seen(&mut self, time_ms: i64) {
        self.first_seen = self.first_seen.min(time_ms);
        self.last_seen = self.last_seen.max(time_ms);
    }

    /// Counts an advert and applies what it says.
    pub(crate) fn apply_advert(&mut self, advert: &AdvertFacts) {
        self.seen(advert.observed_ms);
        self.adverts += 1;
        if !advert.signature_valid {
            self.invalid_adverts += 1;
        }
        if self
            .latest_advert_ms
            .is_none_or(|latest| advert.observed_ms >= latest)
        {
            self.latest_advert_ms = Some(advert.observed_ms);
            self.latest_advert_timestamp = Some(advert.timestamp);
            self.latest_signature_valid = Some(advert.signature_valid);
        }
        if !advert.signature_valid {
            return;
        }
        if advert.observed_ms >= self.identity_ms {
            self.identity_ms = advert.observed_ms;
            self.name = advert.name;
            self.role = Some(advert.role);
            self.location = advert.location.filter(|l| l.degrees().is_some());
        }
        let sample = ClockSample {
            observed_ms: advert.observed_ms,
            advert_timestamp: advert.timestamp,
        };
        insert_capped(&mut self.clock, sample, CLOCK_SAMPLES, |s| s.observed_ms);
    }

    /// Records the path hash size of a valid advert first heard at `observed_ms`.
    pub(crate) fn apply_hash_size(&mut self, observed_ms: i64, size: u8) {
        if observed_ms >= self.hash_size_ms {
            self.hash_size_ms = observed_ms;
            self.hash_size = Some(size);
        }
        let sample = HashSizeSample { observed_ms, size };
        insert_capped(&mut self.hash_sizes, sample, HASH_SIZE_SAMPLES, |s| {
            s.observed_ms
        });
    }

    /// Heap bytes of the sample lists.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.hash_sizes.capacity() * size_of::<HashSizeSample>()
            + self.clock.capacity() * size_of::<ClockSample>()
    }
}

/// Inserts `item` in time order (after equal times) and drops the oldest beyond `cap`.
fn insert_capped<T>(list: &mut Vec<T>, item: T, cap: usize, time: impl Fn(&T) -> i64) {
    let at = list.partition_point(|existing| time(existing) <= time(&item));
    if list.len() >= cap {
        if at == 0 {
            return;
        }
        list.remove(0);
        list.insert(at - 1, item);
    } else {
        list.insert(at, item);
    }
}

#[cfg(test)]
mod test {
    use super::*;

    fn advert(observed_ms: i64, valid: bool, name: u32) -> AdvertFacts {
        AdvertFacts {
            observed_ms,
            timestamp: 1_700_000_000 + observed_ms as u32,
            signature_valid: valid,
            name: Some(StrId(name)),
            role: Role::Repeater,
            location: Some(Location {
                lat: 47_000_000,
                lon: -122_000_000,
            }),
        }
    }

    #[test]
    fn latest_valid_advert_names_the_node() {
        let mut node = Node::new([1; 32], 100);
        node.apply_advert(&advert(100, true, 1));
        node.apply_advert(&advert(300, false, 2));
        node.apply_advert(&advert(200, true, 3));
        assert_eq!(node.name, Some(StrId(3)));
        assert_eq!((node.adverts, node.invalid_adverts), (3, 1));
        assert_eq!(node.latest_advert_ms, Some(300));
        assert_eq!(node.latest_signature_valid, Some(false));
        assert_eq!((node.first_seen, node.last_seen), (100, 300));
        let observed: Vec<i64> = node.clock_samples().iter().map(|s| s.observed_ms).collect();
        assert_eq!(observed, [100, 200]);
        // An older valid advert arriving late does not rename.
        node.apply_advert(&advert(150, true, 4));
        assert_eq!(node.name, Some(StrId(3)));
    }

    #[test]
    fn zero_location_is_no_fix() {
        let mut node = Node::new([1; 32], 0);
        node.apply_advert(&AdvertFacts {
            location: Some(Location { lat: 0, lon: 0 }),
            ..advert(0, true, 1)
        });
        assert_eq!(node.location, None);
        assert_eq!(node.role, Some(Role::Repeater));
    }

    #[test]
    fn flip_flop() {
        let mut node = Node::new([1; 32], 0);
        for (time, size) in [(0, 1), (10, 2), (20, 2)] {
            node.apply_hash_size(time, size);
        }
        assert!(!node.hash_size_inconsistent(), "one transition");
        node.apply_hash_size(30, 1);
        assert!(node.hash_size_inconsistent());
        assert_eq!(node.hash_size, Some(1));
        assert_eq!(node.hash_sizes_seen(), [1, 2]);
        // Out of order: the latest by time wins, the history stays sorted.
        node.apply_hash_size(5, 3);
        assert_eq!(node.hash_size, Some(1));
        let sizes: Vec<u8> = node.hash_size_history().iter().map(|s| s.size).collect();
        assert_eq!(sizes, [1, 3, 2, 2, 1]);
    }

    #[test]
    fn histories_are_capped() {
        let mut node = Node::new([1; 32], 0);
        for time in 0..100 {
            node.apply_hash_size(time, 1);
        }
        assert_eq!(node.hash_size_history().len(), HASH_SIZE_SAMPLES);
        assert_eq!(
            node.hash_size_history()[0].observed_ms,
            100 - HASH_SIZE_SAMPLES as i64
        );
        // Older than everything kept: dropped.
        node.apply_hash_size(-1, 2);
        assert_eq!(
            node.hash_size_history()[0].observed_ms,
            100 - HASH_SIZE_SAMPLES as i64
        );
    }
}
