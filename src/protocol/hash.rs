//! The firmware packet hash (protocol A.5), MeshScope's transmission id.

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

use super::{PathLen, PayloadType};

/// `SHA256(payload_type || [path_len as u16 LE, TRACE only] || payload)[0..8]`, as `Packet::calculatePacketHash`
/// computes it. Every copy of a flooded packet has the same hash (route, transport codes and path are not
/// hashed); a TRACE's hash changes at each hop. Displays and serialises as 16 lower-case hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct PacketHash(pub [u8; 8]);

impl PacketHash {
    /// The hash of a payload of type `payload_type` sent with `path_len`.
    pub fn compute(payload_type: PayloadType, path_len: PathLen, payload: &[u8]) -> PacketHash {
        let mut sha = Sha256::new();
        sha.update([payload_type.bits()]);
        if payload_type == PayloadType::Trace {
            sha.update(u16::from(path_len.0).to_le_bytes());
        }
        sha.update(payload);
        let digest = sha.finalize();
        let mut out = [0; 8];
        out.copy_from_slice(&digest[..8]);
        PacketHash(out)
    }

    /// The hash as a big-endian number, handy as a map key or for sorting by id.
    pub fn to_u64(self) -> u64 {
        u64::from_be_bytes(self.0)
    }
}

/// A string that is not 16 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsePacketHashError;

impl fmt::Display for ParsePacketHashError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a packet hash is 16 hex digits")
    }
}

impl core::error::Error for ParsePacketHashError {}

impl FromStr for PacketHash {
    type Err = ParsePacketHashError;

    /// Accepts 16 hex digits in either case (loggers print upper case).
    fn from_str(text: &str) -> Result<PacketHash, ParsePacketHashError> {
        let mut out = [0; 8];
        if text.len() != 16 {
            return Err(ParsePacketHashError);
        }
        crate::hex::decode_to_slice(text.as_bytes(), &mut out).map_err(|_| ParsePacketHashError)?;
        Ok(PacketHash(out))
    }
}

impl fmt::Display for PacketHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for PacketHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PacketHash({self})")
    }
}

impl Serialize for PacketHash {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PacketHash {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<PacketHash, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn ack_vector() {
        // `0D04B891647EBB40BA70`: FLOOD ACK, 4 hops, CRC BB40BA70 (meshcore-vectors.json).
        let hash = PacketHash::compute(PayloadType::Ack, PathLen(4), &[0xBB, 0x40, 0xBA, 0x70]);
        assert_eq!(hash.to_string(), "bbf95563c6eec9fe");
    }

    #[test]
    fn trace_hashes_path_len() {
        // `260130A24D89BD0000000000FB`: DIRECT TRACE, one SNR byte.
        let payload = [0xA2, 0x4D, 0x89, 0xBD, 0, 0, 0, 0, 0, 0xFB];
        let hash = PacketHash::compute(PayloadType::Trace, PathLen(1), &payload);
        assert_eq!(hash.to_string(), "2c9d6ab99d59069c");
        assert_ne!(
            hash,
            PacketHash::compute(PayloadType::Trace, PathLen(2), &payload)
        );
    }

    #[test]
    fn parses_either_case() {
        let hash: PacketHash = "BBF95563C6EEC9FE".parse().unwrap();
        assert_eq!(hash.to_string(), "bbf95563c6eec9fe");
        assert_eq!(hash.to_u64(), 0xbbf9_5563_c6ee_c9fe);
        assert_eq!(
            "bbf95563c6eec9f".parse::<PacketHash>(),
            Err(ParsePacketHashError)
        );
        assert_eq!(
            "bbf95563c6eec9fg".parse::<PacketHash>(),
            Err(ParsePacketHashError)
        );
        assert_eq!(
            serde_json::to_string(&hash).unwrap(),
            "\"bbf95563c6eec9fe\""
        );
        assert_eq!(
            serde_json::from_str::<PacketHash>("\"bbf95563c6eec9fe\"").unwrap(),
            hash
        );
    }
}
