//! [`Links`]: who heard whom directly, as the paths show it, counted per observation: the raw material of the
//! neighbor graph (`analytics::neighbors`) and of hop resolution (`analytics::resolve`).
//!
//! A link goes from the radio that transmitted to the radio that received, and is learned three ways:
//!
//! - a packet with a known originator (ADVERT, ANON_REQ) heard with no hops: originator → observer;
//! - such a packet flooded with hops: originator → `path[0]` (the first repeater heard it from the originator);
//! - any flooded packet with hops: `path[last]` → observer (the observer heard the last repeater).
//!
//! Only FLOOD and TRANSPORT_FLOOD copies with hops teach the last two: a DIRECT path lists the hops still to go,
//! and the repeater that transmitted the copy has already removed itself from it (protocol A.3). TRACE paths are
//! SNR bytes, not hops. Hops stay prefixes here ([`LinkEnd::Hop`]); resolving them is the analytics' job.

use crate::store::hasher::{FastMap, map_heap_bytes};
use crate::store::ids::{NodeId, ObserverId};
use crate::store::index::HopHash;

/// One end of a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LinkEnd {
    /// A node known by its full key (an originator).
    Node(NodeId),
    /// An observer.
    Observer(ObserverId),
    /// A hop hash as heard (1-3 bytes of some node's key).
    Hop(HopHash),
}

/// A link: `from` transmitted, `to` received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LinkKey {
    /// The transmitter.
    pub from: LinkEnd,
    /// The receiver.
    pub to: LinkEnd,
}

/// What is known of one link. Signal sums count only links whose receiver is the observer (its radio measured
/// them); the first-hop links of originated packets have none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkTally {
    /// Observations that showed the link.
    pub observations: u64,
    /// First of them, unix ms.
    pub first_seen: i64,
    /// Last of them, unix ms.
    pub last_seen: i64,
    /// Sum of known SNRs, quarter dB.
    pub snr_sum_quarter_db: i64,
    /// Observations with a known SNR.
    pub snr_count: u64,
    /// Sum of known RSSIs, dBm.
    pub rssi_sum_dbm: i64,
    /// Observations with a known RSSI.
    pub rssi_count: u64,
}

impl LinkTally {
    fn new(time_ms: i64) -> Self {
        LinkTally {
            observations: 0,
            first_seen: time_ms,
            last_seen: time_ms,
            snr_sum_quarter_db: 0,
            snr_count: 0,
            rssi_sum_dbm: 0,
            rssi_count: 0,
        }
    }

    /// Mean SNR in dB, if any was measured.
    pub fn mean_snr_db(&self) -> Option<f64> {
        (self.snr_count > 0).then(|| self.snr_sum_quarter_db as f64 / 4.0 / self.snr_count as f64)
    }

    /// Mean RSSI in dBm, if any was measured.
    pub fn mean_rssi_dbm(&self) -> Option<f64> {
        (self.rssi_count > 0).then(|| self.rssi_sum_dbm as f64 / self.rssi_count as f64)
    }
}

/// One observation as the links see it.
#[derive(Debug, Clone, Copy)]
pub struct LinkFacts<'a> {
    /// Who heard it.
    pub observer: ObserverId,
    /// When, unix ms.
    pub time_ms: i64,
    /// SNR in quarter dB, if known.
    pub snr_quarter_db: Option<i16>,
    /// RSSI in dBm, if known.
    pub rssi_dbm: Option<i16>,
    /// The node that originated its transmission, if known.
    pub originator: Option<NodeId>,
    /// Whether this copy was flooded (FLOOD or TRANSPORT_FLOOD).
    pub flood: bool,
    /// Its hop hashes (none for TRACE).
    pub hops: &'a [u8],
    /// The hop hash size, 1-3.
    pub hash_size: usize,
}

/// Every link seen, with its tally.
#[derive(Debug, Clone, Default)]
pub struct Links {
    map: FastMap<LinkKey, LinkTally>,
}

impl Links {
    /// No links.
    pub fn new() -> Self {
        Links::default()
    }

    /// Counts the links one observation shows (see the module documentation).
    #[inline]
    pub(crate) fn add(&mut self, facts: &LinkFacts<'_>) {
        let observer = LinkEnd::Observer(facts.observer);
        let mut hops = facts.hops.chunks_exact(facts.hash_size.max(1));
        let first = hops.next().and_then(HopHash::new);
        let last = hops.next_back().and_then(HopHash::new).or(first);
        match (facts.originator, first) {
            (Some(node), None) if facts.hops.is_empty() => {
                self.count(LinkEnd::Node(node), observer, facts, true);
            }
            (Some(node), Some(first)) if facts.flood => {
                self.count(LinkEnd::Node(node), LinkEnd::Hop(first), facts, false);
            }
            _ => {}
        }
        if let Some(last) = last.filter(|_| facts.flood) {
            self.count(LinkEnd::Hop(last), observer, facts, true);
        }
    }

    fn count(&mut self, from: LinkEnd, to: LinkEnd, facts: &LinkFacts<'_>, measured: bool) {
        let tally = self
            .map
            .entry(LinkKey { from, to })
            .or_insert_with(|| LinkTally::new(facts.time_ms));
        tally.observations += 1;
        tally.first_seen = tally.first_seen.min(facts.time_ms);
        tally.last_seen = tally.last_seen.max(facts.time_ms);
        if !measured {
            return;
        }
        if let Some(snr) = facts.snr_quarter_db {
            tally.snr_sum_quarter_db += i64::from(snr);
            tally.snr_count += 1;
        }
        if let Some(rssi) = facts.rssi_dbm {
            tally.rssi_sum_dbm += i64::from(rssi);
            tally.rssi_count += 1;
        }
    }

    /// Zeroes every tally, before eviction counts the surviving observations again with [`add`](Self::add)
    /// and [`prune`](Self::prune) drops the links none of them shows.
    pub(crate) fn reset(&mut self) {
        for tally in self.map.values_mut() {
            *tally = LinkTally {
                first_seen: i64::MAX,
                last_seen: i64::MIN,
                ..LinkTally::new(0)
            };
        }
    }

    /// Drops the links no observation shows.
    pub(crate) fn prune(&mut self) {
        self.map.retain(|_, tally| tally.observations > 0);
        self.map.shrink_to(0);
    }

    /// The tally of one link.
    pub fn get(&self, key: &LinkKey) -> Option<&LinkTally> {
        self.map.get(key)
    }

    /// Every link with its tally, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&LinkKey, &LinkTally)> + '_ {
        self.map.iter()
    }

    /// The number of distinct links.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Heap bytes.
    pub fn heap_bytes(&self) -> usize {
        map_heap_bytes(self.map.capacity(), size_of::<(LinkKey, LinkTally)>())
    }
}

#[cfg(test)]
mod test {
    use super::*;

    fn facts(
        hops: &[u8],
        hash_size: usize,
        originator: Option<NodeId>,
        flood: bool,
    ) -> LinkFacts<'_> {
        LinkFacts {
            observer: ObserverId(7),
            time_ms: 1_000,
            snr_quarter_db: Some(20),
            rssi_dbm: Some(-80),
            originator,
            flood,
            hops,
            hash_size,
        }
    }

    fn hop(bytes: &[u8]) -> LinkEnd {
        LinkEnd::Hop(HopHash::new(bytes).unwrap())
    }

    const OBSERVER: LinkEnd = LinkEnd::Observer(ObserverId(7));

    #[test]
    fn zero_hop_originated_is_heard_directly() {
        let mut links = Links::new();
        links.add(&facts(&[], 1, Some(NodeId(3)), false));
        let key = LinkKey {
            from: LinkEnd::Node(NodeId(3)),
            to: OBSERVER,
        };
        let tally = links.get(&key).unwrap();
        assert_eq!((tally.observations, tally.mean_snr_db()), (1, Some(5.0)));
        assert_eq!(tally.mean_rssi_dbm(), Some(-80.0));
        assert_eq!(links.len(), 1);
    }

    #[test]
    fn flood_with_hops_links_first_and_last() {
        let mut links = Links::new();
        links.add(&facts(&[0xAA, 0x01, 0xBB, 0x02], 2, Some(NodeId(3)), true));
        let first = LinkKey {
            from: LinkEnd::Node(NodeId(3)),
            to: hop(&[0xAA, 0x01]),
        };
        let last = LinkKey {
            from: hop(&[0xBB, 0x02]),
            to: OBSERVER,
        };
        assert_eq!(
            links.get(&first).map(|t| (t.observations, t.snr_count)),
            Some((1, 0))
        );
        assert_eq!(
            links.get(&last).map(|t| (t.observations, t.snr_count)),
            Some((1, 1))
        );
        assert_eq!(links.len(), 2);
        // One hop is both first and last.
        links.add(&facts(&[0xCC], 1, None, true));
        let only = LinkKey {
            from: hop(&[0xCC]),
            to: OBSERVER,
        };
        assert_eq!(links.get(&only).map(|t| t.observations), Some(1));
    }

    #[test]
    fn direct_paths_teach_nothing() {
        let mut links = Links::new();
        links.add(&facts(&[0xAA, 0xBB], 1, Some(NodeId(3)), false));
        links.add(&facts(&[0xAA], 1, None, false));
        assert!(links.is_empty());
        // Nor does a flood of unknown origin without hops.
        links.add(&facts(&[], 1, None, true));
        assert!(links.is_empty());
    }

    #[test]
    fn tallies_widen() {
        let mut links = Links::new();
        links.add(&facts(&[0xCC], 1, None, true));
        links.add(&LinkFacts {
            time_ms: 500,
            snr_quarter_db: None,
            ..facts(&[0xCC], 1, None, true)
        });
        let tally = links
            .get(&LinkKey {
                from: hop(&[0xCC]),
                to: OBSERVER,
            })
            .unwrap();
        assert_eq!((tally.first_seen, tally.last_seen), (500, 1_000));
        assert_eq!(
            (tally.observations, tally.snr_count, tally.rssi_count),
            (2, 1, 2)
        );
    }
}
