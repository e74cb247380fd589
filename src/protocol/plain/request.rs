//! Decrypted REQ (protocol B.1): `timestamp u32 | req_type u8 | data`, zero padded.

use core::fmt;

use crate::protocol::Result;
use crate::protocol::field::{self as f, Field};

/// The request type (`examples/simple_repeater/MyMesh.cpp`, `BaseChatMesh.h`). Lossless for all 256 values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequestType {
    /// 0x01.
    GetStatus,
    /// 0x02.
    KeepAlive,
    /// 0x03.
    GetTelemetryData,
    /// 0x04 (sensors).
    GetAvgMinMax,
    /// 0x05.
    GetAccessList,
    /// 0x06.
    GetNeighbours,
    /// 0x07.
    GetOwnerInfo,
    /// Any other value.
    Unknown(u8),
}

impl RequestType {
    /// The type with byte value `value`.
    pub const fn from_byte(value: u8) -> RequestType {
        match value {
            0x01 => RequestType::GetStatus,
            0x02 => RequestType::KeepAlive,
            0x03 => RequestType::GetTelemetryData,
            0x04 => RequestType::GetAvgMinMax,
            0x05 => RequestType::GetAccessList,
            0x06 => RequestType::GetNeighbours,
            0x07 => RequestType::GetOwnerInfo,
            other => RequestType::Unknown(other),
        }
    }

    /// The byte value.
    pub const fn byte(self) -> u8 {
        match self {
            RequestType::GetStatus => 0x01,
            RequestType::KeepAlive => 0x02,
            RequestType::GetTelemetryData => 0x03,
            RequestType::GetAvgMinMax => 0x04,
            RequestType::GetAccessList => 0x05,
            RequestType::GetNeighbours => 0x06,
            RequestType::GetOwnerInfo => 0x07,
            RequestType::Unknown(value) => value,
        }
    }

    /// The firmware's name without `REQ_TYPE_`, or `UNKNOWN`.
    pub const fn name(self) -> &'static str {
        match self {
            RequestType::GetStatus => "GET_STATUS",
            RequestType::KeepAlive => "KEEP_ALIVE",
            RequestType::GetTelemetryData => "GET_TELEMETRY_DATA",
            RequestType::GetAvgMinMax => "GET_AVG_MIN_MAX",
            RequestType::GetAccessList => "GET_ACCESS_LIST",
            RequestType::GetNeighbours => "GET_NEIGHBOURS",
            RequestType::GetOwnerInfo => "GET_OWNER_INFO",
            RequestType::Unknown(_) => "UNKNOWN",
        }
    }
}

/// A view over a decrypted REQ plaintext.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

pub(crate) mod field {
    use crate::protocol::field::Field;

    pub const TIMESTAMP: Field = 0..4;
    pub const REQ_TYPE: usize = 4;
    pub const DATA: usize = 5;
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

    /// Proves that the timestamp and the type are present (the firmware needs `len > 4`).
    pub fn check_len(&self) -> Result<()> {
        let len = self.buffer.as_ref().len();
        f::need(len, field::TIMESTAMP, "timestamp")?;
        f::need(len, f::byte(field::REQ_TYPE), "req_type")
    }

    /// The sender's clock; the response echoes it as its tag.
    #[inline]
    pub fn timestamp(&self) -> u32 {
        f::u32_le(self.buffer.as_ref(), field::TIMESTAMP)
    }

    /// The request type.
    #[inline]
    pub fn req_type(&self) -> RequestType {
        RequestType::from_byte(self.buffer.as_ref()[field::REQ_TYPE])
    }

    /// The data's range: the rest, padding included.
    #[inline]
    pub fn data_range(&self) -> Field {
        field::DATA..self.buffer.as_ref().len()
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Packet<&'a T> {
    /// Request data, including the cipher's zero padding.
    #[inline]
    pub fn data(&self) -> &'a [u8] {
        &self.buffer.as_ref()[self.data_range()]
    }
}

/// A decoded REQ plaintext.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repr<'a> {
    /// The sender's clock.
    pub timestamp: u32,
    /// The request type.
    pub req_type: RequestType,
    /// Request data (after decryption, with its zero padding).
    pub data: &'a [u8],
}

impl<'a> Repr<'a> {
    /// Parses a REQ plaintext.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(packet: &Packet<&'a T>) -> Result<Repr<'a>> {
        packet.check_len()?;
        Ok(Repr {
            timestamp: packet.timestamp(),
            req_type: packet.req_type(),
            data: packet.data(),
        })
    }

    /// Bytes needed to emit this value.
    pub fn buffer_len(&self) -> usize {
        field::DATA + self.data.len()
    }

    /// Writes this value into a buffer of `buffer_len()` bytes.
    pub fn emit(&self, buffer: &mut [u8]) {
        f::put_u32_le(buffer, field::TIMESTAMP, self.timestamp);
        buffer[field::REQ_TYPE] = self.req_type.byte();
        buffer[field::DATA..].copy_from_slice(self.data);
    }
}

impl fmt::Display for Repr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} +{}B", self.req_type.name(), self.data.len())
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::protocol::Error;

    // Hand-made GET_STATUS request at ts 0x01020304 with two data bytes.
    static PLAIN_BYTES: [u8; 7] = [0x04, 0x03, 0x02, 0x01, 0x01, 0xAA, 0xBB];

    #[test]
    fn deconstruct() {
        let packet = Packet::new_checked(&PLAIN_BYTES[..]).unwrap();
        assert_eq!(
            (packet.timestamp(), packet.req_type()),
            (0x0102_0304, RequestType::GetStatus)
        );
        assert_eq!(packet.data(), &[0xAA, 0xBB]);
    }

    #[test]
    fn parse_and_emit() {
        let repr = Repr::parse(&Packet::new_checked(&PLAIN_BYTES[..]).unwrap()).unwrap();
        assert_eq!(
            repr,
            Repr {
                timestamp: 0x0102_0304,
                req_type: RequestType::GetStatus,
                data: &[0xAA, 0xBB]
            }
        );
        assert_eq!(repr.to_string(), "GET_STATUS +2B");
        let mut out = vec![0xa5; repr.buffer_len()];
        repr.emit(&mut out);
        assert_eq!(out, PLAIN_BYTES);
        for value in 0..=255 {
            assert_eq!(RequestType::from_byte(value).byte(), value);
        }
    }

    #[test]
    fn truncated() {
        assert_eq!(
            Packet::new_checked(&PLAIN_BYTES[..3]).err(),
            Some(Error::Truncated {
                field: "timestamp",
                at: 0
            })
        );
        assert_eq!(
            Packet::new_checked(&PLAIN_BYTES[..4]).err(),
            Some(Error::Truncated {
                field: "req_type",
                at: 4
            })
        );
    }
}
