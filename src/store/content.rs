//! The content key: a fast 64-bit hash of what the firmware packet hash covers (payload type, TRACE
//! `path_len`, payload), so the copies of a known packet find their transmission without computing SHA-256.
//! A key is only a hint: the stored bytes are compared before a match is trusted.

use super::hasher::hash_bytes;
use crate::protocol::{Packet, PayloadType};

/// The key a packet's content is looked up by before its SHA-256 hash is computed: a fast hash of what the
/// packet hash covers (payload type, TRACE `path_len`, payload). Equal content means an equal packet hash.
pub fn content_key(packet: &Packet<&[u8]>) -> u64 {
    let kind = packet.payload_type();
    let mut seed = u64::from(kind.bits());
    if kind == PayloadType::Trace {
        seed |= u64::from(packet.path_len().0) << 8;
    }
    hash_bytes(packet.payload()) ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Whether two checked packets have the same packet hash input.
pub(crate) fn same_content(a: &Packet<&[u8]>, b: &Packet<&[u8]>) -> bool {
    let kind = a.payload_type();
    kind == b.payload_type()
        && (kind != PayloadType::Trace || a.path_len() == b.path_len())
        && a.payload() == b.payload()
}

#[cfg(test)]
mod test {
    use super::*;

    fn packet(bytes: &[u8]) -> Packet<&[u8]> {
        Packet::new_checked(bytes).unwrap()
    }

    #[test]
    fn copies_share_a_key() {
        // A FLOOD ACK after 4 and after 2 hops, the same ACK sent DIRECT, and another ACK.
        let four = [0x0D, 0x04, 0xB8, 0x91, 0x64, 0x7E, 0xBB, 0x40, 0xBA, 0x70];
        let two = [0x0D, 0x02, 0xB8, 0x91, 0xBB, 0x40, 0xBA, 0x70];
        let direct = [0x0E, 0x00, 0xBB, 0x40, 0xBA, 0x70];
        let other = [0x0D, 0x00, 0xBB, 0x40, 0xBA, 0x71];
        assert_eq!(content_key(&packet(&four)), content_key(&packet(&two)));
        assert_eq!(content_key(&packet(&four)), content_key(&packet(&direct)));
        assert!(same_content(&packet(&four), &packet(&direct)));
        assert_ne!(content_key(&packet(&four)), content_key(&packet(&other)));
        assert!(!same_content(&packet(&four), &packet(&other)));
    }

    #[test]
    fn trace_path_len_is_content() {
        // TRACE hashes its path_len: one more SNR byte is another packet.
        let one = [
            0x26, 0x01, 0x30, 0xA2, 0x4D, 0x89, 0xBD, 0, 0, 0, 0, 0, 0xFB,
        ];
        let two = [
            0x26, 0x02, 0x30, 0x2D, 0xA2, 0x4D, 0x89, 0xBD, 0, 0, 0, 0, 0, 0xFB,
        ];
        assert_ne!(content_key(&packet(&one)), content_key(&packet(&two)));
        assert!(!same_content(&packet(&one), &packet(&two)));
    }
}
