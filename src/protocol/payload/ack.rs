//! ACK payload (protocol B.2): `crc u32 LE | extra`. Newer firmware adds an extended attempt byte and a random
//! byte after the CRC (5- and 6-byte ACKs); any extra bytes are kept as they are.

use core::fmt;

use crate::protocol::Result;
use crate::protocol::field::{self as f, Field};

/// A view over an ACK payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

pub(crate) mod field {
    use crate::protocol::field::Field;

    pub const CRC: Field = 0..4;
    pub const EXTRA: usize = CRC.end;
}

/// The CRC alone.
pub const MIN_LEN: usize = field::CRC.end;

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

    /// Proves that the 4-byte CRC is present.
    pub fn check_len(&self) -> Result<()> {
        f::need(self.buffer.as_ref().len(), field::CRC, "crc")
    }

    /// `SHA256(plaintext || sender pubkey)[0..4]` read as a little-endian `u32` (see `crypto::ack`).
    #[inline]
    pub fn crc(&self) -> u32 {
        f::u32_le(self.buffer.as_ref(), field::CRC)
    }

    /// The extra bytes' range.
    #[inline]
    pub fn extra_range(&self) -> Field {
        field::EXTRA..self.buffer.as_ref().len()
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Packet<&'a T> {
    /// Bytes after the CRC: extended attempt, then a random byte, on newer firmware.
    #[inline]
    pub fn extra(&self) -> &'a [u8] {
        &self.buffer.as_ref()[self.extra_range()]
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Packet<T> {
    /// Writes the CRC.
    #[inline]
    pub fn set_crc(&mut self, value: u32) {
        f::put_u32_le(self.buffer.as_mut(), field::CRC, value);
    }

    /// The extra bytes, for writing.
    #[inline]
    pub fn extra_mut(&mut self) -> &mut [u8] {
        let range = self.extra_range();
        &mut self.buffer.as_mut()[range]
    }
}

/// A decoded ACK.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repr<'a> {
    /// The acknowledged message's CRC.
    pub crc: u32,
    /// Bytes after the CRC (usually 0-2).
    pub extra: &'a [u8],
}

impl<'a> Repr<'a> {
    /// Parses an ACK payload.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(packet: &Packet<&'a T>) -> Result<Repr<'a>> {
        packet.check_len()?;
        Ok(Repr {
            crc: packet.crc(),
            extra: packet.extra(),
        })
    }

    /// Bytes needed to emit this payload.
    pub fn buffer_len(&self) -> usize {
        field::EXTRA + self.extra.len()
    }

    /// Writes this payload into a buffer of `buffer_len()` bytes.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, packet: &mut Packet<T>) {
        packet.set_crc(self.crc);
        packet.extra_mut().copy_from_slice(self.extra);
    }
}

impl fmt::Display for Repr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The firmware compares CRCs as numbers; show the wire bytes, as loggers do.
        for b in self.crc.to_le_bytes() {
            write!(f, "{b:02X}")?;
        }
        if !self.extra.is_empty() {
            write!(f, " +{}B", self.extra.len())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::protocol::Error;

    // ACK payload of vector `0D04B891647EBB40BA70`, plus a 2-byte newer-firmware tail (attempt 4, random 0x9C).
    static PAYLOAD_BYTES: [u8; 6] = [0xBB, 0x40, 0xBA, 0x70, 0x04, 0x9C];

    fn payload_repr() -> Repr<'static> {
        Repr {
            crc: 0x70BA_40BB,
            extra: &[0x04, 0x9C],
        }
    }

    #[test]
    fn deconstruct() {
        let packet = Packet::new_checked(&PAYLOAD_BYTES[..]).unwrap();
        assert_eq!(packet.crc(), 1_891_254_459);
        assert_eq!(packet.extra(), &[0x04, 0x9C]);
    }

    #[test]
    fn construct() {
        let mut bytes = vec![0xa5; 6];
        let mut packet = Packet::new_unchecked(&mut bytes);
        packet.set_crc(0x70BA_40BB);
        packet.extra_mut().copy_from_slice(&[0x04, 0x9C]);
        assert_eq!(bytes, PAYLOAD_BYTES);
    }

    #[test]
    fn parse() {
        let packet = Packet::new_checked(&PAYLOAD_BYTES[..]).unwrap();
        assert_eq!(Repr::parse(&packet), Ok(payload_repr()));
        assert_eq!(payload_repr().to_string(), "BB40BA70 +2B");
        let short = Packet::new_checked(&PAYLOAD_BYTES[..4]).unwrap();
        assert_eq!(Repr::parse(&short).map(|r| r.extra.len()), Ok(0));
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
        assert_eq!(
            Packet::new_checked(&PAYLOAD_BYTES[..3]).err(),
            Some(Error::Truncated {
                field: "crc",
                at: 0
            })
        );
        assert_eq!(
            Packet::new_checked(&[][..]).err(),
            Some(Error::Truncated {
                field: "crc",
                at: 0
            })
        );
    }

    #[test]
    fn overlong_is_extra() {
        let packet = Packet::new_checked(&[1, 2, 3, 4, 5, 6, 7][..]).unwrap();
        assert_eq!(packet.extra(), &[5, 6, 7]);
    }
}
