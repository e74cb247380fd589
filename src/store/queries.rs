//! Read access for the UI and the analytics: counts, rows, decoded packets, exact observation bytes, and every
//! index. Everything borrows and nothing allocates. Nodes and prefixes are in `prefixes.rs`.

use super::channels::Message;
use super::flags::TxFlags;
use super::ids::{ChannelId, MessageId, NodeId, ObsId, ObserverId, StrId, TxId};
use super::observations::ObservationRow;
use super::paths::Path;
use super::{Aggregates, Channels, Indexes, Interner, Malformed, Nodes, Observations, Observers};
use super::{PathTable, Store, Transmissions};
use crate::protocol::{Decoded, Packet, PacketHash, PacketRepr, PayloadType, RouteType};

/// What a transmission is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// The node that sent an ADVERT or ANON_REQ.
    Node(NodeId),
    /// The decrypted message of a GRP_TXT or GRP_DATA.
    Message(MessageId),
}

/// One transmission's columns, read at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransmissionRow {
    /// Its id.
    pub id: TxId,
    /// The firmware packet hash.
    pub hash: PacketHash,
    /// The payload type.
    pub payload_type: PayloadType,
    /// The first copy's route type.
    pub route_type: RouteType,
    /// First heard, unix ms.
    pub first_seen_ms: i64,
    /// Last heard, unix ms.
    pub last_seen_ms: i64,
    /// Observations stored.
    pub observations: u32,
    /// The newest observation.
    pub newest: Option<ObsId>,
    /// The longest observed path: hop count and the observation that heard it.
    pub longest_path: Option<(u8, ObsId)>,
    /// What it is about.
    pub subject: Option<Subject>,
    /// Flags (advert signature).
    pub flags: TxFlags,
    /// The raw packet length in bytes (first copy).
    pub raw_len: usize,
}

/// A transmission's observations, newest first.
#[derive(Debug, Clone)]
pub struct ObservationsOf<'a> {
    obs: &'a Observations,
    next: Option<ObsId>,
}

impl Iterator for ObservationsOf<'_> {
    type Item = ObsId;

    fn next(&mut self) -> Option<ObsId> {
        let id = self.next?;
        self.next = self.obs.next(id);
        Some(id)
    }
}

impl Store {
    /// Transmissions stored.
    pub fn transmission_count(&self) -> usize {
        self.txs.len()
    }

    /// Observations stored.
    pub fn observation_count(&self) -> usize {
        self.obs.len()
    }

    /// Repeats counted and not stored ([`dedup`](super::dedup)).
    pub fn repeats(&self) -> u64 {
        self.repeats
    }

    /// Observations dropped because a byte arena was full.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// Bumped by each eviction, which renumbers transmissions, observations, messages and paths: ids held from
    /// an earlier generation must be looked up again.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Changes with every change to the store's contents (ingest, statuses, channels, eviction): a snapshot
    /// computed at the current revision is up to date.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The first and last observation times, unix ms.
    pub fn time_span(&self) -> Option<(i64, i64)> {
        let tallies = self.aggregates.observers.as_slice().iter();
        let (first, last) = tallies
            .filter(|t| t.observations > 0)
            .fold((i64::MAX, i64::MIN), |(first, last), t| {
                (first.min(t.first_seen), last.max(t.last_seen))
            });
        (first <= last).then_some((first, last))
    }

    /// The transmission table (columns).
    pub fn transmissions(&self) -> &Transmissions {
        &self.txs
    }

    /// The observation table (columns).
    pub fn observations(&self) -> &Observations {
        &self.obs
    }

    /// The path table.
    pub fn paths(&self) -> &PathTable {
        &self.paths
    }

    /// The interned strings (node names, senders).
    pub fn strings(&self) -> &Interner {
        &self.strings
    }

    /// An interned string.
    pub fn string(&self, id: StrId) -> Option<&str> {
        self.strings.get(id)
    }

    /// The node table.
    pub fn nodes(&self) -> &Nodes {
        &self.nodes
    }

    /// The observer table.
    pub fn observers(&self) -> &Observers {
        &self.observers
    }

    /// The channels and their messages.
    pub fn channels(&self) -> &Channels {
        &self.channels
    }

    /// Every index.
    pub fn indexes(&self) -> &Indexes {
        &self.indexes
    }

    /// The incremental aggregates.
    pub fn aggregates(&self) -> &Aggregates {
        &self.aggregates
    }

    /// Malformed packets and bad records.
    pub fn malformed(&self) -> &Malformed {
        &self.malformed
    }

    /// One transmission's columns.
    pub fn transmission(&self, id: TxId) -> Option<TransmissionRow> {
        let header = self.txs.header(id)?;
        Some(TransmissionRow {
            id,
            hash: self.txs.hash(id)?,
            payload_type: PayloadType::from_header(header),
            route_type: RouteType::from_header(header),
            first_seen_ms: self.txs.first_seen(id)?,
            last_seen_ms: self.txs.last_seen(id)?,
            observations: self.txs.observation_count(id)?,
            newest: self.txs.newest(id),
            longest_path: self.txs.longest_path(id),
            subject: self.subject(id),
            flags: self.txs.flags(id)?,
            raw_len: self.txs.raw(id)?.len(),
        })
    }

    /// The transmission with this packet hash.
    pub fn find_transmission(&self, hash: PacketHash) -> Option<TxId> {
        self.txs.find(hash)
    }

    /// Every transmission by first seen, oldest first (`.iter().rev()` for newest first).
    pub fn by_time(&self) -> &[TxId] {
        self.indexes.time.as_slice()
    }

    /// The transmissions first seen in `from_ms..to_ms`, oldest first.
    pub fn by_time_range(&self, from_ms: i64, to_ms: i64) -> &[TxId] {
        self.indexes.time.range(&self.txs, from_ms, to_ms)
    }

    /// The first copy's raw bytes.
    pub fn raw(&self, id: TxId) -> Option<&[u8]> {
        self.txs.raw(id)
    }

    /// The transmission decoded again from its raw bytes: borrows them, allocates nothing, no SHA-256.
    pub fn decode(&self, id: TxId) -> Option<Decoded<'_>> {
        let view = Packet::new_checked(self.txs.raw(id)?).ok()?;
        Some(Decoded {
            hash: self.txs.hash(id)?,
            packet: PacketRepr::parse(&view).ok()?,
        })
    }

    /// What the transmission is about.
    pub fn subject(&self, id: TxId) -> Option<Subject> {
        let subject = self.txs.subject(id)?;
        match self.txs.payload_type(id)? {
            PayloadType::Advert | PayloadType::AnonReq => Some(Subject::Node(NodeId(subject))),
            PayloadType::GrpTxt | PayloadType::GrpData => {
                Some(Subject::Message(MessageId(subject)))
            }
            _ => None,
        }
    }

    /// The observations of `id`, newest first.
    pub fn observations_of(&self, id: TxId) -> ObservationsOf<'_> {
        ObservationsOf {
            obs: &self.obs,
            next: self.txs.newest(id),
        }
    }

    /// One observation's columns.
    pub fn observation(&self, id: ObsId) -> Option<ObservationRow> {
        self.obs.row(id)
    }

    /// The path an observation heard.
    pub fn observation_path(&self, id: ObsId) -> Option<Path<'_>> {
        self.paths.get(self.obs.path(id)?)
    }

    /// Appends the exact bytes observation `id` heard to `out`: its header byte and transport codes (the first
    /// copy's unless it had others), its path, the payload. Returns `false`, appending nothing, for an unknown id.
    pub fn observation_raw(&self, id: ObsId, out: &mut Vec<u8>) -> bool {
        let Some((tx, path)) = self.obs.tx(id).zip(self.obs.path(id)) else {
            return false;
        };
        let (Some(raw), Some(entry)) = (self.txs.raw(tx), self.paths.entry(path)) else {
            return false;
        };
        let stored = Packet::new_unchecked(raw);
        let Some(payload) = raw.get(stored.payload_range()) else {
            return false;
        };
        let (header, codes) = match self.obs.variant(id) {
            Some(variant) => (variant.header, variant.codes),
            None => {
                let mut codes = [0; 4];
                if let Some(stored_codes) = raw.get(1..5) {
                    codes.copy_from_slice(stored_codes);
                }
                (stored.header(), codes)
            }
        };
        out.push(header);
        if RouteType::from_header(header).has_transport_codes() {
            out.extend_from_slice(&codes);
        }
        out.extend_from_slice(entry);
        out.extend_from_slice(payload);
        true
    }

    /// The transmissions of a payload type, in id order.
    pub fn txs_by_type(&self, kind: PayloadType) -> &[TxId] {
        self.indexes.payload_type.get(kind)
    }

    /// An observer's observations, in id order.
    pub fn obs_by_observer(&self, observer: ObserverId) -> impl Iterator<Item = ObsId> + '_ {
        self.indexes
            .observer
            .get(observer)
            .into_iter()
            .flat_map(|column| column.iter())
    }

    /// The transmissions a node originated (adverts, ANON_REQs), in id order.
    pub fn txs_by_originator(&self, node: NodeId) -> &[TxId] {
        self.indexes.originator.get(node)
    }

    /// The transmissions whose observed paths contain the hop hash `hop` (1-3 bytes), in id order.
    pub fn txs_with_hop(&self, hop: &[u8]) -> &[TxId] {
        self.indexes
            .hop
            .get(hop)
            .map_or(&[], |entry| entry.transmissions())
    }

    /// The datagrams whose source hash is `hash`, in id order.
    pub fn txs_by_datagram_src(&self, hash: u8) -> &[TxId] {
        self.indexes.datagram_src.get(hash).transmissions()
    }

    /// The datagrams and ANON_REQs whose destination hash is `hash`, in id order.
    pub fn txs_by_datagram_dest(&self, hash: u8) -> &[TxId] {
        self.indexes.datagram_dest.get(hash).transmissions()
    }

    /// The group packets with channel hash `hash`, in id order.
    pub fn txs_by_channel_hash(&self, hash: u8) -> &[TxId] {
        self.indexes.channel_hash.get(hash).transmissions()
    }

    /// The group packets with channel hash `hash` that no known key opens, in id order.
    pub fn undecrypted(&self, hash: u8) -> impl Iterator<Item = TxId> + '_ {
        self.txs_by_channel_hash(hash)
            .iter()
            .copied()
            .filter(|&tx| self.txs.subject(tx).is_none())
    }

    /// A channel's messages, in the order decrypted.
    pub fn messages(&self, channel: ChannelId) -> &[MessageId] {
        self.channels.messages(channel)
    }

    /// A message.
    pub fn message(&self, id: MessageId) -> Option<Message> {
        self.channels.message(id)
    }
}
