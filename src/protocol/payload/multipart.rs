//! MULTIPART payload (protocol B.5): `(remaining << 4) | inner_type`, then the inner payload. Today the only
//! inner type is ACK: the multi-ACKs a node sends 300 ms apart in direct mode.

use core::fmt;

use super::ack;
use crate::protocol::field::{self as f, Field};
use crate::protocol::{PayloadType, Result};

/// A view over a MULTIPART payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

pub(crate) mod field {
    pub const KIND: usize = 0;
    pub const INNER: usize = KIND + 1;
}

/// The firmware needs `payload_len > 2`.
pub const MIN_LEN: usize = 3;

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

    /// Proves that the kind byte and two inner bytes are present (the firmware's minimum).
    pub fn check_len(&self) -> Result<()> {
        let len = self.buffer.as_ref().len();
        f::need(len, f::byte(field::KIND), "multipart_kind")?;
        f::need(len, field::INNER..MIN_LEN, "inner")
    }

    /// Packets of the set still to come (high nibble).
    #[inline]
    pub fn remaining(&self) -> u8 {
        self.buffer.as_ref()[field::KIND] >> 4
    }

    /// The inner payload's type (low nibble).
    #[inline]
    pub fn inner_type(&self) -> PayloadType {
        PayloadType::from_bits(self.buffer.as_ref()[field::KIND])
    }

    /// The inner payload's range.
    #[inline]
    pub fn inner_range(&self) -> Field {
        field::INNER..self.buffer.as_ref().len()
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Packet<&'a T> {
    /// The inner payload.
    #[inline]
    pub fn inner(&self) -> &'a [u8] {
        &self.buffer.as_ref()[self.inner_range()]
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Packet<T> {
    /// Writes the kind byte from `remaining` (0-15) and `inner_type`.
    #[inline]
    pub fn set_kind(&mut self, remaining: u8, inner_type: PayloadType) {
        self.buffer.as_mut()[field::KIND] = (remaining << 4) | inner_type.bits();
    }

    /// The inner payload, for writing.
    #[inline]
    pub fn inner_mut(&mut self) -> &mut [u8] {
        let range = self.inner_range();
        &mut self.buffer.as_mut()[range]
    }
}

/// A decoded MULTIPART payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repr<'a> {
    /// Packets of the set still to come, 0-15.
    pub remaining: u8,
    /// The inner payload's type.
    pub inner_type: PayloadType,
    /// The inner payload, at least two bytes.
    pub inner: &'a [u8],
}

impl<'a> Repr<'a> {
    /// Parses a MULTIPART payload.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(packet: &Packet<&'a T>) -> Result<Repr<'a>> {
        packet.check_len()?;
        Ok(Repr {
            remaining: packet.remaining(),
            inner_type: packet.inner_type(),
            inner: packet.inner(),
        })
    }

    /// The inner ACK, when the inner type is ACK and it holds a whole CRC (the firmware's multi-ACK).
    pub fn ack(&self) -> Option<ack::Repr<'a>> {
        if self.inner_type != PayloadType::Ack {
            return None;
        }
        ack::Packet::new_checked(self.inner)
            .and_then(|view| ack::Repr::parse(&view))
            .ok()
    }

    /// Bytes needed to emit this payload.
    pub fn buffer_len(&self) -> usize {
        field::INNER + self.inner.len()
    }

    /// Writes this payload into a buffer of `buffer_len()` bytes; `remaining` must be below 16.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, packet: &mut Packet<T>) {
        packet.set_kind(self.remaining, self.inner_type);
        packet.inner_mut().copy_from_slice(self.inner);
    }
}

impl fmt::Display for Repr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} +{} to come", self.inner_type.name(), self.remaining)?;
        if let Some(ack) = self.ack() {
            write!(f, " {ack}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::protocol::Error;

    // Hand-made multi-ACK (`Mesh::createMultiAck`): 1 more to come, ACK CRC BB40BA70 plus attempt and random bytes.
    static PAYLOAD_BYTES: [u8; 7] = [0x13, 0xBB, 0x40, 0xBA, 0x70, 0x04, 0x9C];

    fn payload_repr() -> Repr<'static> {
        Repr {
            remaining: 1,
            inner_type: PayloadType::Ack,
            inner: &PAYLOAD_BYTES[1..],
        }
    }

    #[test]
    fn deconstruct() {
        let packet = Packet::new_checked(&PAYLOAD_BYTES[..]).unwrap();
        assert_eq!(packet.remaining(), 1);
        assert_eq!(packet.inner_type(), PayloadType::Ack);
        assert_eq!(packet.inner(), &PAYLOAD_BYTES[1..]);
    }

    #[test]
    fn construct() {
        let mut bytes = vec![0xa5; 7];
        let mut packet = Packet::new_unchecked(&mut bytes);
        packet.set_kind(1, PayloadType::Ack);
        packet.inner_mut().copy_from_slice(&PAYLOAD_BYTES[1..]);
        assert_eq!(bytes, PAYLOAD_BYTES);
    }

    #[test]
    fn parse() {
        let repr = Repr::parse(&Packet::new_checked(&PAYLOAD_BYTES[..]).unwrap()).unwrap();
        assert_eq!(repr, payload_repr());
        assert_eq!(repr.ack().map(|ack| ack.crc), Some(0x70BA_40BB));
        assert_eq!(repr.to_string(), "ACK +1 to come BB40BA70 +2B");
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
                field: "multipart_kind",
                at: 0
            })
        );
        assert_eq!(
            check(2),
            Some(Error::Truncated {
                field: "inner",
                at: 1
            })
        );
        let short_ack = Repr::parse(&Packet::new_checked(&PAYLOAD_BYTES[..4]).unwrap()).unwrap();
        assert_eq!(short_ack.ack(), None);
    }

    #[test]
    fn overlong_is_inner() {
        let mut bytes = PAYLOAD_BYTES.to_vec();
        bytes.push(0xEE);
        assert_eq!(Packet::new_checked(&bytes[..]).unwrap().inner().len(), 7);
    }
}
