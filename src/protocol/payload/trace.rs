//! TRACE payload (protocol D.1): `tag u32 | auth u32 | flags | route hashes`. The route hash size is
//! `1 << (flags & 3)` (1, 2, 4 or 8 bytes), unlike `path_len`. The packet's header path holds one SNR byte per
//! hop done (int8, dB × 4), and its `path_len` is a plain count.

use core::fmt;
use core::slice::ChunksExact;

use crate::protocol::Result;
use crate::protocol::field::{self as f, Field};

/// A view over a TRACE payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

pub(crate) mod field {
    use crate::protocol::field::Field;

    pub const TAG: Field = 0..4;
    pub const AUTH: Field = 4..8;
    pub const FLAGS: usize = 8;
    pub const ROUTE: usize = FLAGS + 1;
}

/// Tag, auth code and flags; the route may be empty.
pub const MIN_LEN: usize = field::ROUTE;

/// The route hash size for TRACE `flags`: `1 << (flags & 3)`.
pub const fn route_hash_size(flags: u8) -> usize {
    1 << (flags & 0x03)
}

/// An SNR path byte (int8, dB × 4) in dB.
pub fn snr_db(byte: u8) -> f32 {
    f32::from(byte as i8) / 4.0
}

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

    /// Proves that the tag, auth code and flags are present.
    pub fn check_len(&self) -> Result<()> {
        let len = self.buffer.as_ref().len();
        f::need(len, field::TAG, "tag")?;
        f::need(len, field::AUTH, "auth")?;
        f::need(len, f::byte(field::FLAGS), "flags")
    }

    /// Random tag the originator matches replies by.
    #[inline]
    pub fn tag(&self) -> u32 {
        f::u32_le(self.buffer.as_ref(), field::TAG)
    }

    /// Auth code.
    #[inline]
    pub fn auth(&self) -> u32 {
        f::u32_le(self.buffer.as_ref(), field::AUTH)
    }

    /// Flags; bits 0-1 give the route hash size.
    #[inline]
    pub fn flags(&self) -> u8 {
        self.buffer.as_ref()[field::FLAGS]
    }

    /// The route's range.
    #[inline]
    pub fn route_range(&self) -> Field {
        field::ROUTE..self.buffer.as_ref().len()
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Packet<&'a T> {
    /// The route hashes, concatenated.
    #[inline]
    pub fn route(&self) -> &'a [u8] {
        &self.buffer.as_ref()[self.route_range()]
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Packet<T> {
    /// Writes the tag.
    #[inline]
    pub fn set_tag(&mut self, value: u32) {
        f::put_u32_le(self.buffer.as_mut(), field::TAG, value);
    }

    /// Writes the auth code.
    #[inline]
    pub fn set_auth(&mut self, value: u32) {
        f::put_u32_le(self.buffer.as_mut(), field::AUTH, value);
    }

    /// Writes the flags.
    #[inline]
    pub fn set_flags(&mut self, value: u8) {
        self.buffer.as_mut()[field::FLAGS] = value;
    }

    /// The route, for writing.
    #[inline]
    pub fn route_mut(&mut self) -> &mut [u8] {
        let range = self.route_range();
        &mut self.buffer.as_mut()[range]
    }
}

/// A decoded TRACE payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repr<'a> {
    /// Random tag.
    pub tag: u32,
    /// Auth code.
    pub auth: u32,
    /// Flags; bits 0-1 give the route hash size.
    pub flags: u8,
    /// Route hashes, concatenated. A length that is not a multiple of the hash size leaves a tail that
    /// [`Repr::route_hashes`] skips (the firmware does not reject it).
    pub route: &'a [u8],
}

impl<'a> Repr<'a> {
    /// Parses a TRACE payload.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(packet: &Packet<&'a T>) -> Result<Repr<'a>> {
        packet.check_len()?;
        Ok(Repr {
            tag: packet.tag(),
            auth: packet.auth(),
            flags: packet.flags(),
            route: packet.route(),
        })
    }

    /// 1, 2, 4 or 8 bytes.
    pub fn route_hash_size(&self) -> usize {
        route_hash_size(self.flags)
    }

    /// Each route hash in order.
    pub fn route_hashes(&self) -> ChunksExact<'a, u8> {
        self.route.chunks_exact(self.route_hash_size())
    }

    /// Bytes needed to emit this payload.
    pub fn buffer_len(&self) -> usize {
        field::ROUTE + self.route.len()
    }

    /// Writes this payload into a buffer of `buffer_len()` bytes.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, packet: &mut Packet<T>) {
        packet.set_tag(self.tag);
        packet.set_auth(self.auth);
        packet.set_flags(self.flags);
        packet.route_mut().copy_from_slice(self.route);
    }
}

impl fmt::Display for Repr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "tag {:08X} route", self.tag)?;
        for hash in self.route_hashes() {
            f.write_str(" ")?;
            for b in hash {
                write!(f, "{b:02X}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::protocol::Error;

    // TRACE payload of vector `260130040302010A0B0C0D01AABBCCDD`: flags 1 → 2-byte route hashes AABB, CCDD.
    static PAYLOAD_BYTES: [u8; 13] = [
        0x04, 0x03, 0x02, 0x01, 0x0A, 0x0B, 0x0C, 0x0D, 0x01, 0xAA, 0xBB, 0xCC, 0xDD,
    ];

    fn payload_repr() -> Repr<'static> {
        Repr {
            tag: 16_909_060,
            auth: 218_893_066,
            flags: 1,
            route: &PAYLOAD_BYTES[9..],
        }
    }

    #[test]
    fn deconstruct() {
        let packet = Packet::new_checked(&PAYLOAD_BYTES[..]).unwrap();
        assert_eq!(packet.tag(), 0x0102_0304);
        assert_eq!(packet.auth(), 0x0D0C_0B0A);
        assert_eq!(packet.flags(), 1);
        assert_eq!(packet.route(), &[0xAA, 0xBB, 0xCC, 0xDD]);
    }

    #[test]
    fn construct() {
        let mut bytes = vec![0xa5; 13];
        let mut packet = Packet::new_unchecked(&mut bytes);
        packet.set_tag(0x0102_0304);
        packet.set_auth(0x0D0C_0B0A);
        packet.set_flags(1);
        packet
            .route_mut()
            .copy_from_slice(&[0xAA, 0xBB, 0xCC, 0xDD]);
        assert_eq!(bytes, PAYLOAD_BYTES);
    }

    #[test]
    fn parse() {
        let repr = Repr::parse(&Packet::new_checked(&PAYLOAD_BYTES[..]).unwrap()).unwrap();
        assert_eq!(repr, payload_repr());
        assert_eq!(repr.route_hash_size(), 2);
        assert_eq!(
            repr.route_hashes().collect::<Vec<_>>(),
            [[0xAA, 0xBB], [0xCC, 0xDD]]
        );
        assert_eq!(repr.to_string(), "tag 01020304 route AABB CCDD");
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
            check(3),
            Some(Error::Truncated {
                field: "tag",
                at: 0
            })
        );
        assert_eq!(
            check(7),
            Some(Error::Truncated {
                field: "auth",
                at: 4
            })
        );
        assert_eq!(
            check(8),
            Some(Error::Truncated {
                field: "flags",
                at: 8
            })
        );
        assert!(Packet::new_checked(&PAYLOAD_BYTES[..MIN_LEN]).is_ok());
    }

    #[test]
    fn overlong_tail_is_skipped_by_route_hashes() {
        let mut bytes = PAYLOAD_BYTES.to_vec();
        bytes.push(0xEE);
        let repr = Repr::parse(&Packet::new_checked(&bytes[..]).unwrap()).unwrap();
        assert_eq!(repr.route.len(), 5);
        assert_eq!(repr.route_hashes().count(), 2);
    }

    #[test]
    fn snr_bytes() {
        // D.1 example SNRs 0x30 0x2D 0x0D 0x23, and a negative one.
        assert_eq!(
            [0x30, 0x2D, 0x0D, 0x23, 0xDC].map(snr_db),
            [12.0, 11.25, 3.25, 8.75, -9.0]
        );
        assert_eq!([0, 1, 2, 3].map(route_hash_size), [1, 2, 4, 8]);
    }
}
