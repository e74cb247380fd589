//! REQ, RESPONSE, TXT_MSG and PATH payloads (protocol B.1): an encrypted peer datagram,
//! `dest_hash | src_hash | mac(2) | ciphertext`. The hashes are one byte whatever the path hash size.

use core::fmt;

use crate::protocol::Result;
use crate::protocol::field::{self as f, Field};

/// A view over a peer datagram payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

pub(crate) mod field {
    use crate::protocol::field::Field;

    pub const DEST_HASH: usize = 0;
    pub const SRC_HASH: usize = 1;
    pub const MAC: Field = 2..4;
    pub const CIPHERTEXT: usize = MAC.end;
}

/// The firmware needs `payload_len > 4`: at least one ciphertext byte.
pub const MIN_LEN: usize = field::CIPHERTEXT + 1;

impl<T: AsRef<[u8]>> Packet<T> {
    /// Wraps `buffer` without checks.
    pub const fn new_unchecked(buffer: T) -> Packet<T> {
        Packet { buffer }
    }

    /// Wraps untrusted bytes: `Ok` means no accessor panics.
    pub fn new_checked(buffer: T) -> Result<Packet<T>> {
        let packet = Packet::new_unchecked(buffer);
        packet.check_len()?;
        Ok(packet)
    }

    /// Proves that the hashes, the MAC and at least one ciphertext byte are present.
    pub fn check_len(&self) -> Result<()> {
        let len = self.buffer.as_ref().len();
        f::need(len, f::byte(field::DEST_HASH), "dest_hash")?;
        f::need(len, f::byte(field::SRC_HASH), "src_hash")?;
        f::need(len, field::MAC, "mac")?;
        f::need(len, f::byte(field::CIPHERTEXT), "ciphertext")
    }

    /// First byte of the destination's public key.
    #[inline]
    pub fn dest_hash(&self) -> u8 {
        self.buffer.as_ref()[field::DEST_HASH]
    }

    /// First byte of the sender's public key.
    #[inline]
    pub fn src_hash(&self) -> u8 {
        self.buffer.as_ref()[field::SRC_HASH]
    }

    /// Truncated HMAC-SHA256 of the ciphertext.
    #[inline]
    pub fn mac(&self) -> [u8; 2] {
        f::array(self.buffer.as_ref(), field::MAC)
    }

    /// The ciphertext's range.
    #[inline]
    pub fn ciphertext_range(&self) -> Field {
        field::CIPHERTEXT..self.buffer.as_ref().len()
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Packet<&'a T> {
    /// AES-128-ECB ciphertext, normally a multiple of 16 bytes.
    #[inline]
    pub fn ciphertext(&self) -> &'a [u8] {
        &self.buffer.as_ref()[self.ciphertext_range()]
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Packet<T> {
    /// Writes the destination hash.
    #[inline]
    pub fn set_dest_hash(&mut self, value: u8) {
        self.buffer.as_mut()[field::DEST_HASH] = value;
    }

    /// Writes the source hash.
    #[inline]
    pub fn set_src_hash(&mut self, value: u8) {
        self.buffer.as_mut()[field::SRC_HASH] = value;
    }

    /// Writes the MAC.
    #[inline]
    pub fn set_mac(&mut self, value: [u8; 2]) {
        self.buffer.as_mut()[field::MAC].copy_from_slice(&value);
    }

    /// The ciphertext, for writing.
    #[inline]
    pub fn ciphertext_mut(&mut self) -> &mut [u8] {
        let range = self.ciphertext_range();
        &mut self.buffer.as_mut()[range]
    }
}

/// A decoded peer datagram; the plaintext needs the peers' shared secret (`crypto::peer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repr<'a> {
    /// First byte of the destination's public key.
    pub dest_hash: u8,
    /// First byte of the sender's public key.
    pub src_hash: u8,
    /// Truncated HMAC-SHA256 of the ciphertext.
    pub mac: [u8; 2],
    /// AES-128-ECB ciphertext, at least one byte.
    pub ciphertext: &'a [u8],
}

impl<'a> Repr<'a> {
    /// Parses a datagram payload.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(packet: &Packet<&'a T>) -> Result<Repr<'a>> {
        packet.check_len()?;
        Ok(Repr {
            dest_hash: packet.dest_hash(),
            src_hash: packet.src_hash(),
            mac: packet.mac(),
            ciphertext: packet.ciphertext(),
        })
    }

    /// Bytes needed to emit this payload.
    pub fn buffer_len(&self) -> usize {
        field::CIPHERTEXT + self.ciphertext.len()
    }

    /// Writes this payload into a buffer of `buffer_len()` bytes.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, packet: &mut Packet<T>) {
        packet.set_dest_hash(self.dest_hash);
        packet.set_src_hash(self.src_hash);
        packet.set_mac(self.mac);
        packet.ciphertext_mut().copy_from_slice(self.ciphertext);
    }
}

impl fmt::Display for Repr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:02X}→{:02X} {}B encrypted",
            self.src_hash,
            self.dest_hash,
            self.ciphertext.len()
        )
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::protocol::Error;

    // RESPONSE payload of vector `0600DE1FDFCA…`: dest DE, src 1F, MAC DFCA, one AES block.
    static PAYLOAD_BYTES: [u8; 20] = [
        0xDE, 0x1F, 0xDF, 0xCA, 0xD5, 0x6E, 0x6C, 0x38, 0xB7, 0x56, 0xFE, 0xE8, 0x1C, 0x24, 0x19,
        0x9C, 0x60, 0x43, 0xAC, 0x5B,
    ];

    fn payload_repr() -> Repr<'static> {
        Repr {
            dest_hash: 0xDE,
            src_hash: 0x1F,
            mac: [0xDF, 0xCA],
            ciphertext: &PAYLOAD_BYTES[4..],
        }
    }

    #[test]
    fn deconstruct() {
        let packet = Packet::new_checked(&PAYLOAD_BYTES[..]).unwrap();
        assert_eq!(packet.dest_hash(), 0xDE);
        assert_eq!(packet.src_hash(), 0x1F);
        assert_eq!(packet.mac(), [0xDF, 0xCA]);
        assert_eq!(packet.ciphertext(), &PAYLOAD_BYTES[4..]);
    }

    #[test]
    fn construct() {
        let mut bytes = vec![0xa5; 20];
        let mut packet = Packet::new_unchecked(&mut bytes);
        packet.set_dest_hash(0xDE);
        packet.set_src_hash(0x1F);
        packet.set_mac([0xDF, 0xCA]);
        packet.ciphertext_mut().copy_from_slice(&PAYLOAD_BYTES[4..]);
        assert_eq!(bytes, PAYLOAD_BYTES);
    }

    #[test]
    fn parse() {
        let packet = Packet::new_checked(&PAYLOAD_BYTES[..]).unwrap();
        assert_eq!(Repr::parse(&packet), Ok(payload_repr()));
        assert_eq!(payload_repr().to_string(), "1F→DE 16B encrypted");
    }

    #[test]
    fn emit() {
        let repr = payload_repr();
        let mut bytes = vec![0xa5; repr.buffer_len()];
        repr.emit(&mut Packet::new_unchecked(&mut bytes));
        assert_eq!(bytes, PAYLOAD_BYTES);
    }

    #[test]
    fn truncated() {
        let check = |len: usize| Packet::new_checked(&PAYLOAD_BYTES[..len]).err();
        assert_eq!(
            check(0),
            Some(Error::Truncated {
                field: "dest_hash",
                at: 0
            })
        );
        assert_eq!(
            check(1),
            Some(Error::Truncated {
                field: "src_hash",
                at: 1
            })
        );
        assert_eq!(
            check(3),
            Some(Error::Truncated {
                field: "mac",
                at: 2
            })
        );
        assert_eq!(
            check(4),
            Some(Error::Truncated {
                field: "ciphertext",
                at: 4
            })
        );
        assert!(Packet::new_checked(&PAYLOAD_BYTES[..MIN_LEN]).is_ok());
    }

    #[test]
    fn overlong_is_ciphertext() {
        let mut bytes = PAYLOAD_BYTES.to_vec();
        bytes.push(0xEE);
        let packet = Packet::new_checked(&bytes[..]).unwrap();
        assert_eq!(packet.ciphertext().len(), 17);
    }
}
