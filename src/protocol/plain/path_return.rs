//! Decrypted PATH (protocol D.2, `Mesh::createPathReturn`): `path_len (A.3) | path | extra_type | extra`.
//! `extra_type`'s low nibble is a payload type (3 = ACK, 1 = RESPONSE); with no extra the sender writes `0xFF` and
//! four random bytes.

use core::fmt;

use crate::protocol::field::{self as f, Field};
use crate::protocol::{PathLen, PayloadType, Result};

/// A view over a decrypted PATH plaintext.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

pub(crate) mod field {
    #![allow(non_snake_case)]
    use crate::protocol::field::Field;

    pub const PATH_LEN: usize = 0;
    pub const fn PATH(len: usize) -> Field {
        PATH_LEN + 1..PATH_LEN + 1 + len
    }
}

/// `extra_type` meaning "no extra".
pub const NO_EXTRA: u8 = 0xFF;

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

    /// Proves that a valid `path_len`, its path and the extra type are present (the firmware rejects a bad
    /// `path_len`).
    pub fn check_len(&self) -> Result<()> {
        let len = self.buffer.as_ref().len();
        f::need(len, f::byte(field::PATH_LEN), "path_len")?;
        let path = self
            .path_len()
            .byte_len(PayloadType::Path, field::PATH_LEN)?;
        f::need(len, field::PATH(path), "path")?;
        f::need(len, f::byte(field::PATH(path).end), "extra_type")
    }

    /// The returned path's `path_len` byte.
    #[inline]
    pub fn path_len(&self) -> PathLen {
        PathLen(self.buffer.as_ref()[field::PATH_LEN])
    }

    /// The returned path's range.
    #[inline]
    pub fn path_range(&self) -> Field {
        field::PATH(
            self.path_len()
                .byte_len(PayloadType::Path, field::PATH_LEN)
                .unwrap_or(0),
        )
    }

    /// The extra type byte.
    #[inline]
    pub fn extra_type(&self) -> u8 {
        self.buffer.as_ref()[self.path_range().end]
    }

    /// The extra's range: the rest, padding included.
    #[inline]
    pub fn extra_range(&self) -> Field {
        self.path_range().end + 1..self.buffer.as_ref().len()
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Packet<&'a T> {
    /// The returned path: the hops from the sender to the recipient of the original flood.
    #[inline]
    pub fn path(&self) -> &'a [u8] {
        &self.buffer.as_ref()[self.path_range()]
    }

    /// The extra payload (an ACK, a RESPONSE, or random bytes), with zero padding.
    #[inline]
    pub fn extra(&self) -> &'a [u8] {
        &self.buffer.as_ref()[self.extra_range()]
    }
}

/// A decoded PATH plaintext.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repr<'a> {
    /// The returned path's `path_len` byte; describes `path`.
    pub path_len: PathLen,
    /// The returned path.
    pub path: &'a [u8],
    /// The extra type byte (low nibble a payload type; [`NO_EXTRA`] for none).
    pub extra_type: u8,
    /// The extra bytes, with padding.
    pub extra: &'a [u8],
}

impl<'a> Repr<'a> {
    /// Parses a PATH plaintext.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(packet: &Packet<&'a T>) -> Result<Repr<'a>> {
        packet.check_len()?;
        Ok(Repr {
            path_len: packet.path_len(),
            path: packet.path(),
            extra_type: packet.extra_type(),
            extra: packet.extra(),
        })
    }

    /// The extra's payload type, `None` for [`NO_EXTRA`].
    pub fn extra_payload_type(&self) -> Option<PayloadType> {
        (self.extra_type != NO_EXTRA).then(|| PayloadType::from_bits(self.extra_type))
    }

    /// Bytes needed to emit this value.
    pub fn buffer_len(&self) -> usize {
        field::PATH(self.path.len()).end + 1 + self.extra.len()
    }

    /// Writes this value into a buffer of `buffer_len()` bytes.
    pub fn emit(&self, buffer: &mut [u8]) {
        buffer[field::PATH_LEN] = self.path_len.0;
        let path = field::PATH(self.path.len());
        buffer[path.clone()].copy_from_slice(self.path);
        buffer[path.end] = self.extra_type;
        buffer[path.end + 1..].copy_from_slice(self.extra);
    }
}

impl fmt::Display for Repr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "path {}×{}B",
            self.path_len.hash_count(),
            self.path_len.hash_size().unwrap_or(0)
        )?;
        match self.extra_payload_type() {
            Some(kind) => write!(f, " + {}", kind.name()),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::protocol::Error;

    // Hand-made: 2 hops of 2 bytes, extra ACK (CRC 11223344), zero padding.
    static PLAIN_BYTES: [u8; 16] = [
        0x42, 0xAA, 0xBB, 0xCC, 0xDD, 0x03, 0x44, 0x33, 0x22, 0x11, 0, 0, 0, 0, 0, 0,
    ];

    #[test]
    fn deconstruct() {
        let packet = Packet::new_checked(&PLAIN_BYTES[..]).unwrap();
        assert_eq!(packet.path_len(), PathLen(0x42));
        assert_eq!(packet.path(), &[0xAA, 0xBB, 0xCC, 0xDD]);
        assert_eq!(packet.extra_type(), 0x03);
        assert_eq!(packet.extra().len(), 10);
    }

    #[test]
    fn parse_and_emit() {
        let repr = Repr::parse(&Packet::new_checked(&PLAIN_BYTES[..]).unwrap()).unwrap();
        assert_eq!(repr.extra_payload_type(), Some(PayloadType::Ack));
        assert_eq!(repr.to_string(), "path 2×2B + ACK");
        let mut out = vec![0xa5; repr.buffer_len()];
        repr.emit(&mut out);
        assert_eq!(out, PLAIN_BYTES);
        assert_eq!(
            Repr {
                extra_type: NO_EXTRA,
                ..repr
            }
            .extra_payload_type(),
            None
        );
    }

    #[test]
    fn truncated_and_invalid() {
        let check = |bytes: &[u8]| Packet::new_checked(bytes).err();
        assert_eq!(
            check(&[]),
            Some(Error::Truncated {
                field: "path_len",
                at: 0
            })
        );
        assert_eq!(
            check(&[0xC1, 0xAA]),
            Some(Error::ReservedHashSize { at: 0 })
        );
        assert_eq!(
            check(&PLAIN_BYTES[..4]),
            Some(Error::Truncated {
                field: "path",
                at: 1
            })
        );
        assert_eq!(
            check(&PLAIN_BYTES[..5]),
            Some(Error::Truncated {
                field: "extra_type",
                at: 5
            })
        );
    }
}
