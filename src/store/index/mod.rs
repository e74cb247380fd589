//! The store's indexes, each a type with its own tests. Eviction renumbers them in place ([`Indexes::remap`]).
//!
//! - [`TimeIndex`]: transmissions in first-seen order, with time ranges.
//! - [`ByPayloadType`]: transmissions per payload type.
//! - [`ByObserver`]: observations per observer.
//! - [`ByOriginator`]: transmissions per originating node (adverts, ANON_REQ senders).
//! - [`HopIndex`]: transmissions per hop hash (size and bytes) in their observed paths.
//! - [`ByteIndex`] three times: datagram source hash, datagram destination hash (REQ, RESPONSE, TXT_MSG,
//!   PATH; ANON_REQ destination), group channel hash.

mod by_byte;
mod hop;
mod observer;
mod originator;
mod payload_type;
mod sorted_ids;
mod time;

pub use by_byte::{ByteEntry, ByteIndex};
pub use hop::{HopEntry, HopHash, HopIndex, PathHearings};
pub use observer::ByObserver;
pub use originator::ByOriginator;
pub use payload_type::ByPayloadType;
pub use time::TimeIndex;

use crate::store::transmissions::Transmissions;

/// Every index of the store.
#[derive(Debug, Clone, Default)]
pub struct Indexes {
    /// Transmissions by first seen.
    pub time: TimeIndex,
    /// Transmissions by payload type.
    pub payload_type: ByPayloadType,
    /// Observations by observer.
    pub observer: ByObserver,
    /// Transmissions by originating node.
    pub originator: ByOriginator,
    /// Transmissions by hop hash.
    pub hop: HopIndex,
    /// Datagrams by source hash byte.
    pub datagram_src: ByteIndex,
    /// Datagrams and ANON_REQs by destination hash byte.
    pub datagram_dest: ByteIndex,
    /// GRP_TXT and GRP_DATA by channel hash byte.
    pub channel_hash: ByteIndex,
}

impl Indexes {
    /// Empty indexes.
    pub fn new() -> Self {
        Indexes {
            time: TimeIndex::new(),
            ..Indexes::default()
        }
    }

    /// Renumbers every index after eviction: `tx_remap` and `obs_remap` map old ids to new ones or `NONE`,
    /// `txs` is compacted, and `paths` holds the surviving observations whose hops count, grouped by path (see
    /// [`HopIndex::remap`]).
    pub(crate) fn remap<'a, H>(
        &mut self,
        tx_remap: &[u32],
        obs_remap: &[u32],
        txs: &Transmissions,
        paths: impl Iterator<Item = (H, PathHearings)>,
    ) where
        H: Iterator<Item = &'a [u8]> + Clone,
    {
        self.time.remap(tx_remap, txs);
        self.payload_type.remap(tx_remap);
        self.observer.remap(obs_remap);
        self.originator.remap(tx_remap);
        self.hop.remap(tx_remap, paths);
        self.datagram_src.remap(tx_remap, txs);
        self.datagram_dest.remap(tx_remap, txs);
        self.channel_hash.remap(tx_remap, txs);
    }

    /// Estimated heap bytes.
    pub fn heap_bytes(&self) -> usize {
        self.time.heap_bytes()
            + self.payload_type.heap_bytes()
            + self.observer.heap_bytes()
            + self.originator.heap_bytes()
            + self.hop.heap_bytes()
            + self.datagram_src.heap_bytes()
            + self.datagram_dest.heap_bytes()
            + self.channel_hash.heap_bytes()
    }
}
