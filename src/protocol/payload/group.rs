//! GRP_TXT and GRP_DATA payloads (protocol C.1): `channel_hash | mac(2) | ciphertext`, encrypted with a channel
//! key. The hash is one byte, so several channels can share it (`crypto::Keyring` tries each).

use core::fmt;

use crate::protocol::Result;
use crate::protocol::field::{self as f, Field};

/// A view over a group payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

pub(crate) mod field {
    use crate::protocol::field::Field;

    pub const CHANNEL_HASH: usize = 0;
    pub const MAC: Field = 1..3;
    pub const CIPHERTEXT: usize = MAC.end;
}

/// The firmware needs `payload_len > 3`: at least one ciphertext byte.
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

    /// Proves that the channel hash, the MAC and at least one ciphertext byte are present.
    pub fn check_len(&self) -> Result<()> {
        let len = self.buffer.as_ref().len();
        f::need(len, f::byte(field::CHANNEL_HASH), "channel_hash")?;
        f::need(len, field::MAC, "mac")?;
        f::need(len, f::byte(field::CIPHERTEXT), "ciphertext")
    }

    /// `SHA256(channel secret)[0]`.
    #[inline]
    pub fn channel_hash(&self) -> u8 {
        self.buffer.as_ref()[field::CHANNEL_HASH]
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
    /// Writes the channel hash.
    #[inline]
    pub fn set_channel_hash(&mut self, value: u8) {
        self.buffer.as_mut()[field::CHANNEL_HASH] = value;
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

/// A decoded group payload; the plaintext needs the channel key (`crypto::Keyring`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repr<'a> {
    /// `SHA256(channel secret)[0]`.
    pub channel_hash: u8,
    /// Truncated HMAC-SHA256 of the ciphertext.
    pub mac: [u8; 2],
    /// AES-128-ECB ciphertext, at least one byte.
    pub ciphertext: &'a [u8],
}

impl<'a> Repr<'a> {
    /// Parses a group payload.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(packet: &Packet<&'a T>) -> Result<Repr<'a>> {
        packet.check_len()?;
        Ok(Repr {
            channel_hash: packet.channel_hash(),
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
        packet.set_channel_hash(self.channel_hash);
        packet.set_mac(self.mac);
        packet.ciphertext_mut().copy_from_slice(self.ciphertext);
    }
}

impl fmt::Display for Repr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "channel {:02X} {}B encrypted",
            self.channel_hash,
            self.ciphertext.len()
        )
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::protocol::Error;

    // GRP_TXT payload of vector `15833FA002…` (#bot): channel CA, MAC 78B9, one AES block.
    static PAYLOAD_BYTES: [u8; 19] = [
        0xCA, 0x78, 0xB9, 0xAB, 0x07, 0x75, 0xD4, 0x77, 0xC1, 0xF6, 0x49, 0x0A, 0x39, 0x8B, 0xF4,
        0xED, 0xC7, 0x52, 0x40,
    ];

    fn payload_repr() -> Repr<'static> {
        Repr {
            channel_hash: 0xCA,
            mac: [0x78, 0xB9],
            ciphertext: &PAYLOAD_BYTES[3..],
        }
    }

    #[test]
    fn deconstruct() {
        let packet = Packet::new_checked(&PAYLOAD_BYTES[..]).unwrap();
        assert_eq!(packet.channel_hash(), 0xCA);
        assert_eq!(packet.mac(), [0x78, 0xB9]);
        assert_eq!(packet.ciphertext(), &PAYLOAD_BYTES[3..]);
    }

    #[test]
    fn construct() {
        let mut bytes = vec![0xa5; 19];
        let mut packet = Packet::new_unchecked(&mut bytes);
        packet.set_channel_hash(0xCA);
        packet.set_mac([0x78, 0xB9]);
        packet.ciphertext_mut().copy_from_slice(&PAYLOAD_BYTES[3..]);
        assert_eq!(bytes, PAYLOAD_BYTES);
    }

    #[test]
    fn parse() {
        let packet = Packet::new_checked(&PAYLOAD_BYTES[..]).unwrap();
        assert_eq!(Repr::parse(&packet), Ok(payload_repr()));
        assert_eq!(payload_repr().to_string(), "channel CA 16B encrypted");
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
                field: "channel_hash",
                at: 0
            })
        );
        assert_eq!(
            check(2),
            Some(Error::Truncated {
                field: "mac",
                at: 1
            })
        );
        assert_eq!(
            check(3),
            Some(Error::Truncated {
                field: "ciphertext",
                at: 3
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
