//! Decrypted RESPONSE and ANON_REQ (protocol B.1, B.4): `u32 | data`. A RESPONSE's first word is a tag that
//! echoes the request's timestamp; an ANON_REQ's is the sender's timestamp.

use core::fmt;

use crate::protocol::Result;
use crate::protocol::field::{self as f, Field};

/// A view over a tagged plaintext.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

pub(crate) mod field {
    use crate::protocol::field::Field;

    pub const TAG: Field = 0..4;
    pub const DATA: usize = TAG.end;
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

    /// Proves that the tag is present.
    pub fn check_len(&self) -> Result<()> {
        f::need(self.buffer.as_ref().len(), field::TAG, "tag")
    }

    /// The tag or timestamp.
    #[inline]
    pub fn tag(&self) -> u32 {
        f::u32_le(self.buffer.as_ref(), field::TAG)
    }

    /// The data's range: the rest, padding included.
    #[inline]
    pub fn data_range(&self) -> Field {
        field::DATA..self.buffer.as_ref().len()
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Packet<&'a T> {
    /// The data, including the cipher's zero padding.
    #[inline]
    pub fn data(&self) -> &'a [u8] {
        &self.buffer.as_ref()[self.data_range()]
    }
}

/// A decoded tagged plaintext.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repr<'a> {
    /// The tag or timestamp.
    pub tag: u32,
    /// The data (after decryption, with its zero padding).
    pub data: &'a [u8],
}

impl<'a> Repr<'a> {
    /// Parses a tagged plaintext.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(packet: &Packet<&'a T>) -> Result<Repr<'a>> {
        packet.check_len()?;
        Ok(Repr {
            tag: packet.tag(),
            data: packet.data(),
        })
    }

    /// Bytes needed to emit this value.
    pub fn buffer_len(&self) -> usize {
        field::DATA + self.data.len()
    }

    /// Writes this value into a buffer of `buffer_len()` bytes.
    pub fn emit(&self, buffer: &mut [u8]) {
        f::put_u32_le(buffer, field::TAG, self.tag);
        buffer[field::DATA..].copy_from_slice(self.data);
    }
}

impl fmt::Display for Repr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "tag {:08X} +{}B", self.tag, self.data.len())
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::protocol::Error;

    // Hand-made response: tag 0x01020304, three data bytes.
    static PLAIN_BYTES: [u8; 7] = [0x04, 0x03, 0x02, 0x01, 0x0A, 0x0B, 0x0C];

    #[test]
    fn deconstruct_parse_emit() {
        let packet = Packet::new_checked(&PLAIN_BYTES[..]).unwrap();
        assert_eq!(
            (packet.tag(), packet.data()),
            (0x0102_0304, &[0x0A, 0x0B, 0x0C][..])
        );
        let repr = Repr::parse(&packet).unwrap();
        assert_eq!(
            repr,
            Repr {
                tag: 0x0102_0304,
                data: &[0x0A, 0x0B, 0x0C]
            }
        );
        let mut out = vec![0xa5; repr.buffer_len()];
        repr.emit(&mut out);
        assert_eq!(out, PLAIN_BYTES);
    }

    #[test]
    fn truncated() {
        assert_eq!(
            Packet::new_checked(&PLAIN_BYTES[..3]).err(),
            Some(Error::Truncated {
                field: "tag",
                at: 0
            })
        );
    }
}
