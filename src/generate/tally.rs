//! Counting what is written, as it is written, for the [`Truth`](super::Truth).

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use super::air::Heard;
use crate::protocol::{Packet, PayloadType};

/// Hashes packet hashes by their first eight bytes: they are SHA-256 output already, so nothing is gained by
/// hashing them again.
#[derive(Debug, Clone, Copy, Default)]
struct PacketHashHasher(u64);

impl Hasher for PacketHashHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }
}

type HashSetOfHashes = HashSet<[u8; 8], BuildHasherDefault<PacketHashHasher>>;

/// Running counts over the written observations.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    hashes: HashSetOfHashes,
    scoped: HashSetOfHashes,
    /// Distinct hashes and observations per payload type value.
    pub by_type: [(u64, u64); 16],
    /// Per transmission number: whether an observation of it was written.
    pub written: Vec<bool>,
    /// Observations written.
    pub observations: u64,
    /// Redeliveries written.
    pub duplicates: u64,
    /// Observations whose path repeats a hop hash.
    pub repeated_hops: u64,
    /// Earliest and latest timestamps written, ms.
    pub span_ms: Option<(i64, i64)>,
}

impl Tally {
    /// Counts one written observation.
    pub fn record(&mut self, heard: &Heard<'_>) {
        self.observations += 1;
        self.duplicates += u64::from(heard.duplicate);
        let kind = usize::from(heard.payload_type.bits() & 0x0F);
        let is_new = self.hashes.insert(heard.hash.0);
        if let Some((transmissions, observations)) = self.by_type.get_mut(kind) {
            *transmissions += u64::from(is_new);
            *observations += 1;
        }
        if let Some(flag) = self.written.get_mut(heard.transmission as usize) {
            *flag = true;
        } else {
            self.written.resize(heard.transmission as usize + 1, false);
            self.written[heard.transmission as usize] = true;
        }
        if let Ok(packet) = Packet::new_checked(heard.packet) {
            if packet.route_type().has_transport_codes() {
                self.scoped.insert(heard.hash.0);
            }
            if heard.payload_type != PayloadType::Trace && repeats_hop(&packet) {
                self.repeated_hops += 1;
            }
        }
        let ms = heard.timestamp_us.div_euclid(1000);
        self.span_ms = Some(match self.span_ms {
            Some((first, last)) => (first.min(ms), last.max(ms)),
            None => (ms, ms),
        });
    }

    /// Distinct hashes written.
    pub fn transmissions(&self) -> u64 {
        self.hashes.len() as u64
    }

    /// Distinct scoped hashes written.
    pub fn scoped(&self) -> u64 {
        self.scoped.len() as u64
    }
}

/// Whether a path names the same hop hash twice.
fn repeats_hop(packet: &Packet<&[u8]>) -> bool {
    let Some(size) = packet.path_len().hash_size() else {
        return false;
    };
    let path = packet.path();
    let hops = path.len() / size;
    (0..hops).any(|i| {
        (i + 1..hops).any(|j| path[i * size..(i + 1) * size] == path[j * size..(j + 1) * size])
    })
}
