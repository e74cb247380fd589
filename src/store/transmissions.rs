//! [`Transmissions`]: one row per unique packet (by firmware packet hash), in columns.
//!
//! A row holds the packet hash, the first copy's header byte and raw bytes (stored once, in a byte arena),
//! first and last seen (unix ms over its observations), its observation count, the head of its list of
//! observations (newest first; see `observations.rs`), its longest observed path, a `subject` (the node of an
//! ADVERT or ANON_REQ sender, the message of a decrypted group packet), a few [`TxFlags`], and one bit per
//! observer (modulo 64) that heard it, which lets most new observations skip the search for repeats.

use super::arena::{ByteArena, Span};
use super::column::Column;
use super::content::{content_key, same_content};
use super::flags::TxFlags;
use super::hasher::{FastMap, map_heap_bytes};
use super::ids::{NONE, ObsId, ObserverId, TxId, remapped, some};
use crate::protocol::{Packet, PacketHash, PayloadType, RouteType};

/// The transmission table: columns indexed by [`TxId`], plus the raw bytes and the lookup maps.
#[derive(Debug, Clone, Default)]
pub struct Transmissions {
    hash: Column<[u8; 8]>,
    header: Column<u8>,
    flags: Column<u8>,
    first_seen: Column<i64>,
    last_seen: Column<i64>,
    raw_offset: Column<u32>,
    raw_len: Column<u8>,
    observations: Column<u32>,
    newest: Column<u32>,
    subject: Column<u32>,
    longest_hops: Column<u8>,
    longest_obs: Column<u32>,
    observer_bits: Column<u64>,
    bytes: ByteArena,
    by_hash: FastMap<u64, u32>,
    by_content: FastMap<u64, u32>,
}

/// The bit of `observer` in a transmission's observer bits.
fn observer_bit(observer: ObserverId) -> u64 {
    1 << (observer.0 % 64)
}

impl Transmissions {
    /// An empty table.
    pub fn new() -> Self {
        Transmissions::default()
    }

    /// The number of transmissions.
    pub fn len(&self) -> usize {
        self.hash.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.hash.is_empty()
    }

    /// Adds a transmission first heard at `time_ms` as `raw` (a checked packet, at most 255 bytes). `None` when
    /// the byte arena is full.
    pub(crate) fn push(
        &mut self,
        hash: PacketHash,
        raw: &Packet<&[u8]>,
        time_ms: i64,
    ) -> Option<TxId> {
        let bytes = raw.into_inner();
        let span = self.bytes.push(bytes)?;
        let id = self.hash.push(hash.0) as u32;
        self.header.push(raw.header());
        self.flags.push(0);
        self.first_seen.push(time_ms);
        self.last_seen.push(time_ms);
        self.raw_offset.push(span.offset);
        self.raw_len.push(span.len);
        self.observations.push(0);
        self.newest.push(NONE);
        self.subject.push(NONE);
        self.longest_hops.push(0);
        self.longest_obs.push(NONE);
        self.observer_bits.push(0);
        self.by_hash.insert(hash.to_u64(), id);
        self.by_content.entry(content_key(raw)).or_insert(id);
        Some(TxId(id))
    }

    /// The transmission with this packet hash.
    pub fn find(&self, hash: PacketHash) -> Option<TxId> {
        self.by_hash.get(&hash.to_u64()).copied().map(TxId)
    }

    /// The transmission whose content (what the packet hash covers) equals `packet`'s, found without
    /// computing SHA-256; `None` when unknown (or hidden by a collision of the fast key: then use [`find`]).
    ///
    /// [`find`]: Transmissions::find
    pub fn find_content(&self, key: u64, packet: &Packet<&[u8]>) -> Option<TxId> {
        let id = TxId(*self.by_content.get(&key)?);
        let stored = Packet::new_unchecked(self.raw(id)?);
        same_content(&stored, packet).then_some(id)
    }

    /// The firmware packet hash.
    pub fn hash(&self, id: TxId) -> Option<PacketHash> {
        self.hash.get(id.index()).map(PacketHash)
    }

    /// The first copy's header byte.
    pub fn header(&self, id: TxId) -> Option<u8> {
        self.header.get(id.index())
    }

    /// The payload type.
    pub fn payload_type(&self, id: TxId) -> Option<PayloadType> {
        self.header(id).map(PayloadType::from_header)
    }

    /// The first copy's route type.
    pub fn route_type(&self, id: TxId) -> Option<RouteType> {
        self.header(id).map(RouteType::from_header)
    }

    /// The flags.
    pub fn flags(&self, id: TxId) -> Option<TxFlags> {
        self.flags.get(id.index()).map(TxFlags)
    }

    /// When it was first heard, unix ms.
    pub fn first_seen(&self, id: TxId) -> Option<i64> {
        self.first_seen.get(id.index())
    }

    /// When it was last heard, unix ms.
    pub fn last_seen(&self, id: TxId) -> Option<i64> {
        self.last_seen.get(id.index())
    }

    /// The first copy's raw bytes (a packet that decodes).
    pub fn raw(&self, id: TxId) -> Option<&[u8]> {
        let span = Span {
            offset: self.raw_offset.get(id.index())?,
            len: self.raw_len.get(id.index())?,
        };
        self.bytes.get(span)
    }

    /// How many observations are stored.
    pub fn observation_count(&self, id: TxId) -> Option<u32> {
        self.observations.get(id.index())
    }

    /// The newest observation (head of the per-transmission list).
    pub fn newest(&self, id: TxId) -> Option<ObsId> {
        some(self.newest.get(id.index())?).map(ObsId)
    }

    /// The subject's raw id: a node for ADVERT and ANON_REQ, a message for decrypted GRP_TXT and GRP_DATA.
    pub fn subject(&self, id: TxId) -> Option<u32> {
        some(self.subject.get(id.index())?)
    }

    /// The longest observed path: its hop count and the observation that heard it.
    pub fn longest_path(&self, id: TxId) -> Option<(u8, ObsId)> {
        let obs = some(self.longest_obs.get(id.index())?)?;
        Some((self.longest_hops.get(id.index())?, ObsId(obs)))
    }

    /// Every first-seen time, in id order (for scans).
    pub fn first_seen_column(&self) -> &Column<i64> {
        &self.first_seen
    }

    /// Every header byte, in id order (for scans).
    pub fn header_column(&self) -> &Column<u8> {
        &self.header
    }

    pub(crate) fn set_flag(&mut self, id: TxId, bits: u8) {
        if let Some(flags) = self.flags.get_mut(id.index()) {
            *flags |= bits;
        }
    }

    pub(crate) fn set_subject(&mut self, id: TxId, subject: u32) {
        self.subject.set(id.index(), subject);
    }

    /// Widens first/last seen to include `time_ms`; returns the previous first seen if it moved earlier.
    pub(crate) fn widen_seen(&mut self, id: TxId, time_ms: i64) -> Option<i64> {
        if let Some(last) = self.last_seen.get_mut(id.index()) {
            *last = (*last).max(time_ms);
        }
        let first = self.first_seen.get_mut(id.index())?;
        let previous = *first;
        (time_ms < previous).then(|| {
            *first = time_ms;
            previous
        })
    }

    /// Whether `observer` may have heard `id` before: `false` is certain (a bit per observer id modulo 64), so
    /// the search for repeats is skipped for an observer's first hearing.
    pub fn may_have_heard(&self, id: TxId, observer: ObserverId) -> bool {
        self.observer_bits
            .get(id.index())
            .is_some_and(|bits| bits & observer_bit(observer) != 0)
    }

    /// Links observation `obs` by `observer` (with `hops` path hops) as the newest of `id`; returns the
    /// previous newest.
    pub(crate) fn link(&mut self, id: TxId, obs: ObsId, observer: ObserverId, hops: u8) -> u32 {
        let index = id.index();
        if let Some(bits) = self.observer_bits.get_mut(index) {
            *bits |= observer_bit(observer);
        }
        if let Some(count) = self.observations.get_mut(index) {
            *count += 1;
        }
        let previous = self.newest.get(index).unwrap_or(NONE);
        self.newest.set(index, obs.0);
        let longer = match self.longest_obs.get(index) {
            Some(NONE) => true,
            Some(_) => self.longest_hops.get(index).is_some_and(|best| hops > best),
            None => false,
        };
        if longer {
            self.longest_hops.set(index, hops);
            self.longest_obs.set(index, obs.0);
        }
        previous
    }

    /// Keeps the transmissions whose `remap` entry is not `NONE`, in order (`remap[old]` is the new id), with
    /// all their observations (`obs_remap[old]` is an observation's new id), and renumbers the lookup maps.
    pub(crate) fn compact(&mut self, remap: &[u32], obs_remap: &[u32]) {
        let keep = |index: usize| remap.get(index).is_some_and(|&new| new != NONE);
        let renumber = |obs: u32| remapped(obs_remap, obs).unwrap_or(NONE);
        self.hash.retain(|i, _| keep(i));
        self.header.retain(|i, _| keep(i));
        self.flags.retain(|i, _| keep(i));
        self.first_seen.retain(|i, _| keep(i));
        self.last_seen.retain(|i, _| keep(i));
        self.observations.retain(|i, _| keep(i));
        self.newest
            .retain_map(|i, obs| keep(i).then(|| renumber(obs)));
        self.subject.retain(|i, _| keep(i));
        self.longest_hops.retain(|i, _| keep(i));
        self.longest_obs
            .retain_map(|i, obs| keep(i).then(|| renumber(obs)));
        self.observer_bits.retain(|i, _| keep(i));
        let mut compactor = self.bytes.compactor();
        let mut write = 0;
        for read in 0..self.raw_offset.len() {
            let span = Span {
                offset: self.raw_offset.get(read).unwrap_or(0),
                len: self.raw_len.get(read).unwrap_or(0),
            };
            if !keep(read) {
                continue;
            }
            let moved = compactor.keep(span).unwrap_or_default();
            self.raw_offset.set(write, moved.offset);
            self.raw_len.set(write, moved.len);
            write += 1;
        }
        compactor.finish();
        self.raw_offset.truncate(write);
        self.raw_len.truncate(write);
        // A content key whose transmission goes is dropped even if a survivor shares it (a 64-bit collision):
        // `find_content` then misses it, and ingest finds it by hash.
        for map in [&mut self.by_hash, &mut self.by_content] {
            map.retain(|_, id| match remapped(remap, *id) {
                Some(new) => {
                    *id = new;
                    true
                }
                None => false,
            });
            map.shrink_to(0);
        }
    }

    /// Estimated heap bytes: columns, raw bytes, and the two lookup maps.
    pub fn heap_bytes(&self) -> TransmissionBytes {
        TransmissionBytes {
            columns: self.hash.heap_bytes()
                + self.header.heap_bytes()
                + self.flags.heap_bytes()
                + self.first_seen.heap_bytes()
                + self.last_seen.heap_bytes()
                + self.raw_offset.heap_bytes()
                + self.raw_len.heap_bytes()
                + self.observations.heap_bytes()
                + self.newest.heap_bytes()
                + self.subject.heap_bytes()
                + self.longest_hops.heap_bytes()
                + self.longest_obs.heap_bytes()
                + self.observer_bits.heap_bytes(),
            raw: self.bytes.heap_bytes(),
            maps: map_heap_bytes(self.by_hash.capacity(), 12)
                + map_heap_bytes(self.by_content.capacity(), 12),
        }
    }
}

/// Heap bytes of the transmission table, by part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TransmissionBytes {
    /// The per-row columns.
    pub columns: usize,
    /// The raw bytes arena.
    pub raw: usize,
    /// The hash and content lookup maps.
    pub maps: usize,
}

#[cfg(test)]
mod test {
    use super::*;

    // FLOOD ACK, 4 hops (meshcore-vectors.json) and the same ACK heard after 2 hops.
    static ACK: [u8; 10] = [0x0D, 0x04, 0xB8, 0x91, 0x64, 0x7E, 0xBB, 0x40, 0xBA, 0x70];
    static ACK_2_HOPS: [u8; 8] = [0x0D, 0x02, 0xB8, 0x91, 0xBB, 0x40, 0xBA, 0x70];

    fn packet(bytes: &[u8]) -> Packet<&[u8]> {
        Packet::new_checked(bytes).unwrap()
    }

    #[test]
    fn push_find_and_read() {
        let mut txs = Transmissions::new();
        let view = packet(&ACK);
        let id = txs.push(view.hash(), &view, 1_000).unwrap();
        assert_eq!(id, TxId(0));
        assert_eq!(txs.find(view.hash()), Some(id));
        assert_eq!(txs.hash(id).unwrap().to_string(), "bbf95563c6eec9fe");
        assert_eq!(txs.payload_type(id), Some(PayloadType::Ack));
        assert_eq!(txs.route_type(id), Some(RouteType::Flood));
        assert_eq!(txs.raw(id), Some(&ACK[..]));
        assert_eq!(
            (txs.first_seen(id), txs.last_seen(id)),
            (Some(1_000), Some(1_000))
        );
        assert_eq!(txs.newest(id), None);
        assert_eq!(txs.subject(id), None);
        let other = packet(&ACK_2_HOPS);
        assert_eq!(txs.find_content(content_key(&other), &other), Some(id));
        assert_eq!(txs.find(PacketHash([1; 8])), None);
    }

    #[test]
    fn seen_links_and_longest() {
        let mut txs = Transmissions::new();
        let view = packet(&ACK);
        let id = txs.push(view.hash(), &view, 1_000).unwrap();
        assert_eq!(txs.widen_seen(id, 2_000), None);
        assert_eq!(txs.widen_seen(id, 500), Some(1_000));
        assert_eq!(
            (txs.first_seen(id), txs.last_seen(id)),
            (Some(500), Some(2_000))
        );
        assert!(!txs.may_have_heard(id, ObserverId(3)));
        assert_eq!(txs.link(id, ObsId(0), ObserverId(3), 2), NONE);
        assert_eq!(txs.link(id, ObsId(1), ObserverId(67), 4), 0);
        assert_eq!(txs.link(id, ObsId(2), ObserverId(5), 4), 1);
        assert!(txs.may_have_heard(id, ObserverId(3)));
        assert!(!txs.may_have_heard(id, ObserverId(4)));
        assert_eq!(txs.newest(id), Some(ObsId(2)));
        assert_eq!(txs.observation_count(id), Some(3));
        assert_eq!(txs.longest_path(id), Some((4, ObsId(1))));
        txs.set_flag(id, TxFlags::SIGNATURE_CHECKED);
        assert_eq!(txs.flags(id).unwrap().signature_valid(), Some(false));
    }

    #[test]
    fn compaction_keeps_bytes_and_maps() {
        let mut txs = Transmissions::new();
        let packets: Vec<Vec<u8>> = (0..50u8).map(|i| vec![0x0D, 0x00, i, 1, 2, 3]).collect();
        for (i, bytes) in packets.iter().enumerate() {
            let view = packet(bytes);
            txs.push(view.hash(), &view, i as i64).unwrap();
        }
        let remap: Vec<u32> = (0..50u32)
            .map(|i| if i % 2 == 1 { i / 2 } else { NONE })
            .collect();
        txs.compact(&remap, &[]);
        assert_eq!(txs.len(), 25);
        for new in 0..25u32 {
            let old = &packets[(new * 2 + 1) as usize];
            let view = packet(old);
            assert_eq!(txs.raw(TxId(new)), Some(&old[..]));
            assert_eq!(txs.find(view.hash()), Some(TxId(new)));
            assert_eq!(txs.find_content(content_key(&view), &view), Some(TxId(new)));
            assert_eq!(txs.first_seen(TxId(new)), Some(i64::from(new * 2 + 1)));
        }
        let gone = packet(&packets[0]);
        assert_eq!(txs.find(gone.hash()), None);
    }
}
