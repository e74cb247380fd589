//! ANON_REQ payload (protocol B.4): `dest_hash | sender public key(32) | mac(2) | ciphertext`. The key is
//! `ECDH(sender, destination)`, so the destination's private key decrypts it without knowing the sender.

use core::fmt;

use crate::protocol::Result;
use crate::protocol::field::{self as f, Field};

/// A view over an ANON_REQ payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

pub(crate) mod field {
    use crate::protocol::field::Field;

    pub const DEST_HASH: usize = 0;
    pub const SENDER_KEY: Field = 1..33;
    pub const MAC: Field = 33..35;
    pub const CIPHERTEXT: usize = MAC.end;
}

/// The firmware needs `payload_len > 35`: at least one ciphertext byte.
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

    /// Proves that the hash, the key, the MAC and at least one ciphertext byte are present.
    pub fn check_len(&self) -> Result<()> {
        let len = self.buffer.as_ref().len();
        f::need(len, f::byte(field::DEST_HASH), "dest_hash")?;
        f::need(len, field::SENDER_KEY, "sender_key")?;
        f::need(len, field::MAC, "mac")?;
        f::need(len, f::byte(field::CIPHERTEXT), "ciphertext")
    }

    /// First byte of the destination's public key.
    #[inline]
    pub fn dest_hash(&self) -> u8 {
        self.buffer.as_ref()[field::DEST_HASH]
    }

    /// The sender's Ed25519 public key.
    #[inline]
    pub fn sender_key(&self) -> [u8; 32] {
        f::array(self.buffer.as_ref(), field::SENDER_KEY)
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
    /// AES-128-ECB ciphertext.
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

    /// Writes the sender key.
    #[inline]
    pub fn set_sender_key(&mut self, value: &[u8; 32]) {
        self.buffer.as_mut()[field::SENDER_KEY].copy_from_slice(value);
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

/// A decoded ANON_REQ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repr<'a> {
    /// First byte of the destination's public key.
    pub dest_hash: u8,
    /// The sender's Ed25519 public key.
    pub sender_key: [u8; 32],
    /// Truncated HMAC-SHA256 of the ciphertext.
    pub mac: [u8; 2],
    /// AES-128-ECB ciphertext, at least one byte.
    pub ciphertext: &'a [u8],
}

impl<'a> Repr<'a> {
    /// Parses an ANON_REQ payload.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(packet: &Packet<&'a T>) -> Result<Repr<'a>> {
        packet.check_len()?;
        Ok(Repr {
            dest_hash: packet.dest_hash(),
            sender_key: packet.sender_key(),
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
        packet.set_sender_key(&self.sender_key);
        packet.set_mac(self.mac);
        packet.ciphertext_mut().copy_from_slice(self.ciphertext);
    }
}

impl fmt::Display for Repr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "key {:02X}{:02X}…→{:02X} {}B encrypted",
            self.sender_key[0],
            self.sender_key[1],
            self.dest_hash,
            self.ciphertext.len()
        )
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::protocol::Error;

    // ANON_REQ payload of vector `1E015F57…`: dest 57, sender key 54AF…A496, MAC 141B, one AES block.
    static PAYLOAD_HEX: &str = "5754AF4E36FB37D58BE06A87AA8F97C23D0A1F42EC66ECED68875175540404A496141B071D2809885DE13090A8F813B9151927";

    fn payload_repr(bytes: &[u8]) -> Repr<'_> {
        Repr {
            dest_hash: 0x57,
            sender_key: f::array(bytes, 1..33),
            mac: [0x14, 0x1B],
            ciphertext: &bytes[35..],
        }
    }

    #[test]
    fn deconstruct() {
        let bytes = crate::hex::decode(PAYLOAD_HEX).unwrap();
        let packet = Packet::new_checked(&bytes[..]).unwrap();
        assert_eq!(packet.dest_hash(), 0x57);
        assert_eq!(packet.sender_key()[..3], [0x54, 0xAF, 0x4E]);
        assert_eq!(packet.mac(), [0x14, 0x1B]);
        assert_eq!(packet.ciphertext().len(), 16);
    }

    #[test]
    fn construct() {
        let bytes = crate::hex::decode(PAYLOAD_HEX).unwrap();
        let mut out = vec![0xa5; bytes.len()];
        let mut packet = Packet::new_unchecked(&mut out);
        packet.set_dest_hash(0x57);
        packet.set_sender_key(&f::array(&bytes, 1..33));
        packet.set_mac([0x14, 0x1B]);
        packet.ciphertext_mut().copy_from_slice(&bytes[35..]);
        assert_eq!(out, bytes);
    }

    #[test]
    fn parse() {
        let bytes = crate::hex::decode(PAYLOAD_HEX).unwrap();
        let repr = Repr::parse(&Packet::new_checked(&bytes[..]).unwrap()).unwrap();
        assert_eq!(repr, payload_repr(&bytes));
        assert_eq!(repr.to_string(), "key 54AF…→57 16B encrypted");
    }

    #[test]
    fn emit() {
        let bytes = crate::hex::decode(PAYLOAD_HEX).unwrap();
        let repr = payload_repr(&bytes);
        let mut out = vec![0xa5; repr.buffer_len()];
        repr.emit(&mut Packet::new_unchecked(&mut out));
        assert_eq!(out, bytes);
    }

    #[test]
    fn truncated() {
        let bytes = crate::hex::decode(PAYLOAD_HEX).unwrap();
        let check = |len: usize| Packet::new_checked(&bytes[..len]).err();
        assert_eq!(
            check(0),
            Some(Error::Truncated {
                field: "dest_hash",
                at: 0
            })
        );
        assert_eq!(
            check(32),
            Some(Error::Truncated {
                field: "sender_key",
                at: 1
            })
        );
        assert_eq!(
            check(34),
            Some(Error::Truncated {
                field: "mac",
                at: 33
            })
        );
        assert_eq!(
            check(35),
            Some(Error::Truncated {
                field: "ciphertext",
                at: 35
            })
        );
        assert!(Packet::new_checked(&bytes[..MIN_LEN]).is_ok());
    }

    #[test]
    fn overlong_is_ciphertext() {
        let mut bytes = crate::hex::decode(PAYLOAD_HEX).unwrap();
        bytes.push(0xEE);
        assert_eq!(
            Packet::new_checked(&bytes[..]).unwrap().ciphertext().len(),
            17
        );
    }
}
