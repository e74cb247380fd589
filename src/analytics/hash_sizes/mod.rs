//! The `hash_sizes` key (CoreScope's "Hash Stats" tab): which path hash sizes (1, 2 or 3 bytes per hop,
//! protocol A.3) the mesh uses, per transmission, per hour, per node and per repeater, the most common hop
//! hashes, the nodes that adopted multi-byte hashes and which nodes can use them.
//!
//! Definitions (reference-analyzer 3.3 "Hash size"), and where this differs from CoreScope:
//! - A transmission counts when its longest observed path has at least one hop, by that path's hash size.
//!   TRACE is left out by its payload type (its path bytes are SNRs); CoreScope's capability scan skips type
//!   8, which is PATH, "for TRACE".
//! - A node's size is its latest sized advert within [`HASH_SIZE_WINDOW_MS`] of `now_ms` ([`advertised_size`]);
//!   zero-hop DIRECT adverts carry no size.
//! - Capability: "confirmed" by an advert of 2 or 3 bytes (any age: firmware does not forget how), "suspected"
//!   when the node's 3- or 2-byte key prefix is a hop of a 3- or 2-byte packet. Unlike CoreScope, a suspected
//!   entry says whether another known node shares that prefix (`shared_prefix`): then the evidence may be the
//!   other node's.

mod advertised;
mod capability;
mod hops;
mod per_node;

pub use advertised::{
    AdvertisedSize, HASH_SIZE_WINDOW_MS, SizeSet, advertised_size, sizes_ever_advertised,
};
pub use capability::{Capability, CapabilityCounts, CapabilityStatus, Evidence, node_capability};
pub use hops::{TOP_HOPS, TopHop};
pub(crate) use per_node::name as node_name;
pub use per_node::{MultiByteAdopter, NodeHashSize};

use crate::protocol::{Packet, PayloadType};
use crate::store::aggregates::HOUR_MS;
use crate::store::{Store, TxId};
use serde::Serialize;

/// Most hours listed in [`HashSizes::hourly`] (the newest are kept).
pub const MAX_HOURS: usize = 24 * 31;
/// Most entries in each per-node list.
pub const MAX_NODES: usize = 2_000;

/// The snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HashSizes {
    /// Transmissions counted: not TRACE, and at least one hop in the longest observed path.
    pub total: u64,
    /// Those transmissions by path hash size.
    pub distribution: SizeCounts,
    /// The same per UTC hour of first hearing, oldest first (the newest [`MAX_HOURS`] hours with data).
    pub hourly: Vec<HourSizes>,
    /// Repeaters by their current size ([`advertised_size`]).
    pub distribution_by_repeaters: SizeCounts,
    /// Repeaters without a sized advert in the window.
    pub repeaters_without_size: u64,
    /// Every node with a sized advert in the window, in the order first heard (at most [`MAX_NODES`]).
    pub nodes: Vec<NodeHashSize>,
    /// Of those, nodes flagged as flip-flopping.
    pub inconsistent: usize,
    /// Nodes whose current size is 2 or 3 bytes, most recently heard first (at most [`MAX_NODES`]).
    pub multi_byte_adopters: Vec<MultiByteAdopter>,
    /// The [`TOP_HOPS`] hop hashes in the most transmissions.
    pub top_hops: Vec<TopHop>,
    /// Distinct hop hashes seen.
    pub distinct_hops: usize,
    /// Multi-byte capability per node: confirmed, then suspected, then unknown, by name (at most
    /// [`MAX_NODES`]).
    pub capability: Vec<Capability>,
    /// Nodes per capability status (all of them).
    pub capability_counts: CapabilityCounts,
}

/// Counts per hash size, serialised as `{"1": n, "2": n, "3": n}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct SizeCounts {
    /// 1-byte hashes.
    #[serde(rename = "1")]
    pub one: u64,
    /// 2-byte hashes.
    #[serde(rename = "2")]
    pub two: u64,
    /// 3-byte hashes.
    #[serde(rename = "3")]
    pub three: u64,
}

/// One hour's transmissions by path hash size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HourSizes {
    /// The hour's start, unix ms.
    pub hour_ms: i64,
    /// Its counts.
    #[serde(flatten)]
    pub counts: SizeCounts,
}

impl SizeCounts {
    /// Counts one more of `size` (1-3; other sizes are ignored).
    pub fn add(&mut self, size: usize) {
        match size {
            1 => self.one += 1,
            2 => self.two += 1,
            3 => self.three += 1,
            _ => {}
        }
    }

    /// The count for `size` (0 outside 1-3).
    pub fn get(&self, size: usize) -> u64 {
        match size {
            1 => self.one,
            2 => self.two,
            3 => self.three,
            _ => 0,
        }
    }

    /// All sizes together.
    pub fn total(&self) -> u64 {
        self.one + self.two + self.three
    }
}

/// The hash sizes of `store`; `now_ms` places the seven-day window of the per-node sizes.
pub fn hash_sizes(store: &Store, now_ms: i64) -> HashSizes {
    let (distribution, hourly) = path_sizes(store);
    let per_node = per_node::per_node(store, now_ms);
    let (top_hops, distinct_hops) = hops::top_hops(store, TOP_HOPS);
    let (capability, capability_counts) = capability::capabilities(store);
    HashSizes {
        total: distribution.total(),
        distribution,
        hourly,
        distribution_by_repeaters: per_node.by_repeaters,
        repeaters_without_size: per_node.repeaters_without_size,
        inconsistent: per_node.inconsistent,
        nodes: per_node.nodes,
        multi_byte_adopters: per_node.adopters,
        top_hops,
        distinct_hops,
        capability,
        capability_counts,
    }
}

/// The hop hash size of `tx`'s paths, when its longest observed path has a hop: `None` for TRACE and for
/// transmissions only heard with no hops. Read from the first copy's `path_len` byte: the originator picks
/// the size and relays keep it, so every copy carries the same.
pub fn path_hash_size(store: &Store, tx: TxId) -> Option<usize> {
    let txs = store.transmissions();
    let (hops, _) = txs.longest_path(tx)?;
    if hops == 0 {
        return None;
    }
    let packet = Packet::new_checked(txs.raw(tx)?).ok()?;
    if packet.payload_type() == PayloadType::Trace {
        return None;
    }
    packet.path_len().hash_size()
}

/// Transmissions by path hash size, in total and per hour (the newest [`MAX_HOURS`]). Transmissions are read
/// in id order, which is the columns' order; ids run in arrival order, so the hour is nearly always the
/// last one used.
fn path_sizes(store: &Store) -> (SizeCounts, Vec<HourSizes>) {
    let txs = store.transmissions();
    let mut total = SizeCounts::default();
    let mut hourly: Vec<HourSizes> = Vec::new();
    let mut last = 0;
    for tx in (0..txs.len() as u32).map(TxId) {
        let (Some(size), Some(first_seen)) = (path_hash_size(store, tx), txs.first_seen(tx)) else {
            continue;
        };
        total.add(size);
        let hour_ms = first_seen.div_euclid(HOUR_MS).saturating_mul(HOUR_MS);
        if hourly
            .get(last)
            .is_none_or(|bucket| bucket.hour_ms != hour_ms)
        {
            last = match hourly.binary_search_by_key(&hour_ms, |bucket| bucket.hour_ms) {
                Ok(at) => at,
                Err(at) => {
                    let counts = SizeCounts::default();
                    hourly.insert(at, HourSizes { hour_ms, counts });
                    at
                }
            };
        }
        if let Some(bucket) = hourly.get_mut(last) {
            bucket.counts.add(size);
        }
    }
    let excess = hourly.len().saturating_sub(MAX_HOURS);
    hourly.drain(..excess);
    (total, hourly)
}
