//! RAW_CUSTOM payload (protocol B.7): opaque application bytes, processed by the firmware only when DIRECT.

use core::fmt;

use crate::protocol::Result;
use crate::protocol::field::{self as f, Field};

/// A view over a RAW_CUSTOM payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

pub(crate) mod field {
    pub const DATA: usize = 0;
}

/// An empty payload is malformed.
pub const MIN_LEN: usize = 1;

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

    /// Proves that at least one byte is present.
    pub fn check_len(&self) -> Result<()> {
        f::need(self.buffer.as_ref().len(), f::byte(field::DATA), "data")
    }

    /// The data's range: the whole payload.
    #[inline]
    pub fn data_range(&self) -> Field {
        field::DATA..self.buffer.as_ref().len()
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Packet<&'a T> {
    /// The application bytes.
    #[inline]
    pub fn data(&self) -> &'a [u8] {
        &self.buffer.as_ref()[self.data_range()]
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Packet<T> {
    /// The data, for writing.
    #[inline]
    pub fn data_mut(&mut self) -> &mut [u8] {
        let range = self.data_range();
        &mut self.buffer.as_mut()[range]
    }
}

/// A decoded RAW_CUSTOM payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repr<'a> {
    /// The application bytes, at least one.
    pub data: &'a [u8],
}

impl<'a> Repr<'a> {
    /// Parses a RAW_CUSTOM payload.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(packet: &Packet<&'a T>) -> Result<Repr<'a>> {
        packet.check_len()?;
        Ok(Repr {
            data: packet.data(),
        })
    }

    /// Bytes needed to emit this payload.
    pub fn buffer_len(&self) -> usize {
        self.data.len()
    }

    /// Writes this payload into a buffer of `buffer_len()` bytes.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, packet: &mut Packet<T>) {
        packet.data_mut().copy_from_slice(self.data);
    }
}

impl fmt::Display for Repr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}B", self.data.len())
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::protocol::Error;

    // Hand-made: three application bytes.
    static PAYLOAD_BYTES: [u8; 3] = [0x01, 0x02, 0x03];

    #[test]
    fn deconstruct() {
        assert_eq!(
            Packet::new_checked(&PAYLOAD_BYTES[..]).unwrap().data(),
            &PAYLOAD_BYTES
        );
    }

    #[test]
    fn construct() {
        let mut bytes = vec![0xa5; 3];
        Packet::new_unchecked(&mut bytes)
            .data_mut()
            .copy_from_slice(&PAYLOAD_BYTES);
        assert_eq!(bytes, PAYLOAD_BYTES);
    }

    #[test]
    fn parse() {
        let repr = Repr::parse(&Packet::new_checked(&PAYLOAD_BYTES[..]).unwrap()).unwrap();
        assert_eq!(
            repr,
            Repr {
                data: &PAYLOAD_BYTES
            }
        );
        assert_eq!(repr.to_string(), "3B");
    }

    #[test]
    fn emit() {
        let repr = Repr {
            data: &PAYLOAD_BYTES,
        };
        let mut bytes = vec![0xa5; repr.buffer_len()];
        repr.emit(&mut Packet::new_unchecked(&mut bytes));
        assert_eq!(bytes, PAYLOAD_BYTES);
    }

    #[test]
    fn truncated() {
        assert_eq!(
            Packet::new_checked(&[][..]).err(),
            Some(Error::Truncated {
                field: "data",
                at: 0
            })
        );
    }
}
