//! Decrypted GRP_DATA (protocol C.5, current firmware): `data_type u16 LE | data_len u8 | data[data_len]`, then
//! zero padding. `data_type` 0 is reserved and 0xFFFF is for development (FW `docs/number_allocations.md`).

use core::fmt;

use crate::protocol::field::{self as f, Field};
use crate::protocol::{Error, Result};

/// A view over a decrypted GRP_DATA plaintext.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

pub(crate) mod field {
    use crate::protocol::field::Field;

    pub const DATA_TYPE: Field = 0..2;
    pub const DATA_LEN: usize = 2;
    pub const DATA: usize = 3;
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

    /// Proves that the type, the length and `data_len` data bytes are present (the firmware drops the rest).
    pub fn check_len(&self) -> Result<()> {
        let len = self.buffer.as_ref().len();
        f::need(len, field::DATA_TYPE, "data_type")?;
        f::need(len, f::byte(field::DATA_LEN), "data_len")?;
        f::need(len, self.data_range(), "data")
    }

    /// The application's data type.
    #[inline]
    pub fn data_type(&self) -> u16 {
        f::u16_le(self.buffer.as_ref(), field::DATA_TYPE)
    }

    /// The data length in bytes.
    #[inline]
    pub fn data_len(&self) -> u8 {
        self.buffer.as_ref()[field::DATA_LEN]
    }

    /// The data's range, as `data_len` gives it.
    #[inline]
    pub fn data_range(&self) -> Field {
        let len = self
            .buffer
            .as_ref()
            .get(field::DATA_LEN)
            .copied()
            .unwrap_or(0);
        field::DATA..field::DATA + usize::from(len)
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Packet<&'a T> {
    /// The data bytes.
    #[inline]
    pub fn data(&self) -> &'a [u8] {
        &self.buffer.as_ref()[self.data_range()]
    }
}

/// A decoded GRP_DATA plaintext.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repr<'a> {
    /// The application's data type.
    pub data_type: u16,
    /// The data, at most 255 bytes.
    pub data: &'a [u8],
}

impl<'a> Repr<'a> {
    /// Parses a GRP_DATA plaintext.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(packet: &Packet<&'a T>) -> Result<Repr<'a>> {
        packet.check_len()?;
        Ok(Repr {
            data_type: packet.data_type(),
            data: packet.data(),
        })
    }

    /// Bytes needed to emit this value (before encryption pads it).
    pub fn buffer_len(&self) -> usize {
        field::DATA + self.data.len()
    }

    /// Writes this value into a buffer of `buffer_len()` bytes; fails if the data exceeds 255 bytes.
    pub fn emit(&self, buffer: &mut [u8]) -> Result<()> {
        let len = u8::try_from(self.data.len()).map_err(|_| Error::TooLong {
            field: "data",
            len: self.data.len(),
            max: 255,
        })?;
        f::put_u16_le(buffer, field::DATA_TYPE, self.data_type);
        buffer[field::DATA_LEN] = len;
        buffer[field::DATA..].copy_from_slice(self.data);
        Ok(())
    }
}

impl fmt::Display for Repr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "type {:04X} {}B", self.data_type, self.data.len())
    }
}

#[cfg(test)]
mod test {
    use super::*;

    // Hand-made: type 0xFFFF (DEV), 3 data bytes, then AES zero padding.
    static PLAIN_BYTES: [u8; 16] = [
        0xFF, 0xFF, 0x03, 0x0A, 0x0B, 0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    #[test]
    fn deconstruct() {
        let packet = Packet::new_checked(&PLAIN_BYTES[..]).unwrap();
        assert_eq!(
            (packet.data_type(), packet.data_len(), packet.data()),
            (0xFFFF, 3, &[0x0A, 0x0B, 0x0C][..])
        );
    }

    #[test]
    fn parse_ignores_padding() {
        let repr = Repr::parse(&Packet::new_checked(&PLAIN_BYTES[..]).unwrap()).unwrap();
        assert_eq!(
            repr,
            Repr {
                data_type: 0xFFFF,
                data: &[0x0A, 0x0B, 0x0C]
            }
        );
        assert_eq!(repr.to_string(), "type FFFF 3B");
    }

    #[test]
    fn emit() {
        let repr = Repr {
            data_type: 0xFFFF,
            data: &[0x0A, 0x0B, 0x0C],
        };
        let mut out = vec![0xa5; repr.buffer_len()];
        repr.emit(&mut out).unwrap();
        assert_eq!(out, PLAIN_BYTES[..6]);
        let big = [0; 256];
        let mut out = vec![0; 259];
        assert!(
            Repr {
                data_type: 1,
                data: &big
            }
            .emit(&mut out)
            .is_err()
        );
    }

    #[test]
    fn truncated() {
        let check = |bytes: &[u8]| Packet::new_checked(bytes).err();
        assert_eq!(
            check(&[0xFF]),
            Some(Error::Truncated {
                field: "data_type",
                at: 0
            })
        );
        assert_eq!(
            check(&[0xFF, 0xFF]),
            Some(Error::Truncated {
                field: "data_len",
                at: 2
            })
        );
        assert_eq!(
            check(&[0xFF, 0xFF, 0x04, 1, 2, 3]),
            Some(Error::Truncated {
                field: "data",
                at: 3
            })
        );
    }
}
