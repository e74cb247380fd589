//! What adverts do to nodes at ingest: the signature is verified once per advert transmission (the result is
//! kept in its flags), the node is created or updated, and the first hearing that carries a path hash size adds
//! it to the node's history.

use super::Store;
use super::flags::TxFlags;
use super::ids::{NodeId, TxId};
use super::ingest::IngestReport;
use super::nodes::AdvertFacts;
use crate::protocol::crypto::advert_sig;
use crate::protocol::{AdvertPacket, AdvertRepr, Packet, PayloadType};

impl Store {
    /// Verifies an advert's signature (once: the result is kept in the transmission's flags) and applies it to
    /// its node; `None` when the node table is full and the key is new (see [`MAX_NODES`](super::nodes::MAX_NODES)).
    pub(crate) fn apply_advert(
        &mut self,
        tx: TxId,
        view: &Packet<&[u8]>,
        advert: &AdvertRepr,
        time_ms: i64,
        report: &mut IngestReport,
    ) -> Option<NodeId> {
        let valid = advert_sig::verify_payload(&AdvertPacket::new_unchecked(view.payload()));
        let flags = TxFlags::SIGNATURE_CHECKED | if valid { TxFlags::SIGNATURE_VALID } else { 0 };
        self.txs.set_flag(tx, flags);
        let (node, new) = self.nodes.upsert(&advert.public_key, time_ms)?;
        // Only a valid advert names its node: a forged one must not fill the interner.
        let name = advert
            .app_data
            .name_text()
            .filter(|_| valid)
            .and_then(|name| self.strings.intern(&name));
        report.new_nodes += u64::from(new);
        if let Some(record) = self.nodes.get_mut(node) {
            record.apply_advert(&AdvertFacts {
                observed_ms: time_ms,
                timestamp: advert.timestamp,
                signature_valid: valid,
                name,
                role: advert.app_data.role,
                location: advert.app_data.location,
            });
        }
        Some(node)
    }

    /// An observation of a transmission `node` originated: widens the node's seen times and, for the first
    /// hearing of a valid advert that carries a hash size, records it. Zero-hop DIRECT adverts (route DIRECT or
    /// TRANSPORT_DIRECT with no hops) carry none: their `path_len` says nothing about the sender's mode.
    pub(crate) fn node_heard(
        &mut self,
        node: NodeId,
        tx: TxId,
        view: &Packet<&[u8]>,
        time_ms: i64,
    ) {
        let Some(record) = self.nodes.get_mut(node) else {
            return;
        };
        record.seen(time_ms);
        let Some(flags) = self.txs.flags(tx) else {
            return;
        };
        let path_len = view.path_len();
        let zero_hop_direct = !view.route_type().is_flood() && path_len.hash_count() == 0;
        if view.payload_type() != PayloadType::Advert
            || flags.signature_valid() != Some(true)
            || flags.contains(TxFlags::HASH_SIZE_SAMPLED)
            || zero_hop_direct
        {
            return;
        }
        let (Some(size), Some(first_seen)) = (path_len.hash_size(), self.txs.first_seen(tx)) else {
            return;
        };
        record.apply_hash_size(first_seen, size as u8);
        self.txs.set_flag(tx, TxFlags::HASH_SIZE_SAMPLED);
    }
}
