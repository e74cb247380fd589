//! CONTROL payload (protocol B.6), unencrypted. `byte0 & 0xF0` is the sub-type:
//! `0x80` DISCOVER_REQ `flags | type_filter | tag u32 | [since u32]`,
//! `0x90` DISCOVER_RESP `flags(node type) | snr i8 | tag u32 | public key (32, or 8 when prefix-only)`.

use core::fmt;

use super::role::Role;
use crate::protocol::Result;
use crate::protocol::field::{self as f, Field};

/// A view over a CONTROL payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

pub(crate) mod field {
    use crate::protocol::field::Field;

    pub const FLAGS: usize = 0;
    pub const TYPE_FILTER: usize = 1; // DISCOVER_REQ
    pub const SNR: usize = 1; // DISCOVER_RESP
    pub const TAG: Field = 2..6;
    pub const SINCE: Field = 6..10; // DISCOVER_REQ, optional
    pub const PUBLIC_KEY: usize = TAG.end; // DISCOVER_RESP
    pub const DATA: usize = FLAGS + 1; // other sub-types
}

/// The control sub-type in the high nibble of byte 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ControlType {
    /// `0x80`: node discovery request.
    DiscoverReq,
    /// `0x90`: node discovery response.
    DiscoverResp,
    /// Any other high nibble (the value keeps the nibble in place, e.g. `0xA0`).
    Unknown(u8),
}

impl ControlType {
    /// The sub-type of `flags` (its high nibble).
    pub const fn from_flags(flags: u8) -> ControlType {
        match flags & 0xF0 {
            0x80 => ControlType::DiscoverReq,
            0x90 => ControlType::DiscoverResp,
            other => ControlType::Unknown(other),
        }
    }

    /// The high nibble, in place.
    pub const fn bits(self) -> u8 {
        match self {
            ControlType::DiscoverReq => 0x80,
            ControlType::DiscoverResp => 0x90,
            ControlType::Unknown(bits) => bits & 0xF0,
        }
    }

    /// `DISCOVER_REQ`, `DISCOVER_RESP` or `UNKNOWN`.
    pub const fn name(self) -> &'static str {
        match self {
            ControlType::DiscoverReq => "DISCOVER_REQ",
            ControlType::DiscoverResp => "DISCOVER_RESP",
            ControlType::Unknown(_) => "UNKNOWN",
        }
    }
}

/// Discovery sub-types need flags, one byte and the tag (`payload_len >= 6`).
pub const DISCOVER_MIN_LEN: usize = field::TAG.end;

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

    /// Proves that byte 0 and, for discovery sub-types, bytes 1-5 are present.
    pub fn check_len(&self) -> Result<()> {
        let len = self.buffer.as_ref().len();
        f::need(len, f::byte(field::FLAGS), "control_flags")?;
        match self.control_type() {
            ControlType::DiscoverReq => f::need(len, f::byte(field::TYPE_FILTER), "type_filter")?,
            ControlType::DiscoverResp => f::need(len, f::byte(field::SNR), "snr")?,
            ControlType::Unknown(_) => return Ok(()),
        }
        f::need(len, field::TAG, "tag")
    }

    /// Byte 0: sub-type and low-nibble flags.
    #[inline]
    pub fn flags(&self) -> u8 {
        self.buffer.as_ref()[field::FLAGS]
    }

    /// The sub-type.
    #[inline]
    pub fn control_type(&self) -> ControlType {
        ControlType::from_flags(self.flags())
    }

    /// DISCOVER_REQ: bit n asks for nodes of role n.
    #[inline]
    pub fn type_filter(&self) -> u8 {
        self.buffer.as_ref()[field::TYPE_FILTER]
    }

    /// DISCOVER_RESP: SNR of the request as heard, int8 dB × 4.
    #[inline]
    pub fn snr(&self) -> i8 {
        self.buffer.as_ref()[field::SNR] as i8
    }

    /// Discovery tag.
    #[inline]
    pub fn tag(&self) -> u32 {
        f::u32_le(self.buffer.as_ref(), field::TAG)
    }

    /// DISCOVER_REQ: the optional `since` timestamp, present when the payload holds all four bytes.
    #[inline]
    pub fn since(&self) -> Option<u32> {
        let data = self.buffer.as_ref();
        (data.len() >= field::SINCE.end).then(|| f::u32_le(data, field::SINCE))
    }

    /// DISCOVER_RESP: the public key's range (the rest of the payload).
    #[inline]
    pub fn public_key_range(&self) -> Field {
        field::PUBLIC_KEY..self.buffer.as_ref().len()
    }

    /// Other sub-types: the range after byte 0.
    #[inline]
    pub fn data_range(&self) -> Field {
        field::DATA..self.buffer.as_ref().len()
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Packet<&'a T> {
    /// DISCOVER_RESP: the responder's public key (32 bytes, or an 8-byte prefix).
    #[inline]
    pub fn public_key(&self) -> &'a [u8] {
        &self.buffer.as_ref()[self.public_key_range()]
    }

    /// Other sub-types: the bytes after byte 0.
    #[inline]
    pub fn data(&self) -> &'a [u8] {
        &self.buffer.as_ref()[self.data_range()]
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Packet<T> {
    /// Writes byte 0; voids `check_len`.
    #[inline]
    pub fn set_flags(&mut self, value: u8) {
        self.buffer.as_mut()[field::FLAGS] = value;
    }

    /// Writes byte 1: the type filter or the SNR.
    #[inline]
    pub fn set_byte1(&mut self, value: u8) {
        self.buffer.as_mut()[field::TYPE_FILTER] = value;
    }

    /// Writes the tag.
    #[inline]
    pub fn set_tag(&mut self, value: u32) {
        f::put_u32_le(self.buffer.as_mut(), field::TAG, value);
    }

    /// Writes `since`; the buffer must hold it.
    #[inline]
    pub fn set_since(&mut self, value: u32) {
        f::put_u32_le(self.buffer.as_mut(), field::SINCE, value);
    }

    /// The bytes after the tag, for writing a public key.
    #[inline]
    pub fn public_key_mut(&mut self) -> &mut [u8] {
        let range = self.public_key_range();
        &mut self.buffer.as_mut()[range]
    }

    /// The bytes after byte 0, for writing other sub-types.
    #[inline]
    pub fn data_mut(&mut self) -> &mut [u8] {
        let range = self.data_range();
        &mut self.buffer.as_mut()[range]
    }
}

/// A decoded DISCOVER_REQ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiscoverReq {
    /// Low nibble of byte 0; bit 0 asks for 8-byte key prefixes.
    pub flags: u8,
    /// Bit n asks for nodes of role n.
    pub type_filter: u8,
    /// Tag the responses echo.
    pub tag: u32,
    /// Only nodes changed since this time answer.
    pub since: Option<u32>,
}

impl DiscoverReq {
    /// Whether responders send an 8-byte key prefix instead of the whole key.
    pub fn prefix_only(&self) -> bool {
        self.flags & 0x01 != 0
    }
}

/// A decoded DISCOVER_RESP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiscoverResp<'a> {
    /// The responder's role (low nibble of byte 0).
    pub node_type: Role,
    /// SNR of the request as the responder heard it, dB × 4.
    pub snr: i8,
    /// The request's tag.
    pub tag: u32,
    /// The responder's public key or its 8-byte prefix.
    pub public_key: &'a [u8],
}

/// A decoded CONTROL payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repr<'a> {
    /// Node discovery request. Bytes after `since` (or a partial `since`) are ignored, as the firmware does.
    DiscoverReq(DiscoverReq),
    /// Node discovery response.
    DiscoverResp(DiscoverResp<'a>),
    /// Another sub-type: byte 0 and the rest as they are.
    Other {
        /// Byte 0.
        flags: u8,
        /// The bytes after byte 0.
        data: &'a [u8],
    },
}

impl<'a> Repr<'a> {
    /// Parses a CONTROL payload.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(packet: &Packet<&'a T>) -> Result<Repr<'a>> {
        packet.check_len()?;
        Ok(match packet.control_type() {
            ControlType::DiscoverReq => Repr::DiscoverReq(DiscoverReq {
                flags: packet.flags() & 0x0F,
                type_filter: packet.type_filter(),
                tag: packet.tag(),
                since: packet.since(),
            }),
            ControlType::DiscoverResp => Repr::DiscoverResp(DiscoverResp {
                node_type: Role::from_bits(packet.flags()),
                snr: packet.snr(),
                tag: packet.tag(),
                public_key: packet.public_key(),
            }),
            ControlType::Unknown(_) => Repr::Other {
                flags: packet.flags(),
                data: packet.data(),
            },
        })
    }

    /// The sub-type.
    pub fn control_type(&self) -> ControlType {
        match self {
            Repr::DiscoverReq(_) => ControlType::DiscoverReq,
            Repr::DiscoverResp(_) => ControlType::DiscoverResp,
            Repr::Other { flags, .. } => ControlType::from_flags(*flags),
        }
    }

    /// Bytes needed to emit this payload.
    pub fn buffer_len(&self) -> usize {
        match self {
            Repr::DiscoverReq(req) => req.since.map_or(field::TAG.end, |_| field::SINCE.end),
            Repr::DiscoverResp(resp) => field::PUBLIC_KEY + resp.public_key.len(),
            Repr::Other { data, .. } => field::DATA + data.len(),
        }
    }

    /// Writes this payload into a buffer of `buffer_len()` bytes. `Other` must not carry a discovery sub-type.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, packet: &mut Packet<T>) {
        match self {
            Repr::DiscoverReq(req) => {
                packet.set_flags(ControlType::DiscoverReq.bits() | (req.flags & 0x0F));
                packet.set_byte1(req.type_filter);
                packet.set_tag(req.tag);
                if let Some(since) = req.since {
                    packet.set_since(since);
                }
            }
            Repr::DiscoverResp(resp) => {
                packet.set_flags(ControlType::DiscoverResp.bits() | resp.node_type.bits());
                packet.set_byte1(resp.snr as u8);
                packet.set_tag(resp.tag);
                packet.public_key_mut().copy_from_slice(resp.public_key);
            }
            Repr::Other { flags, data } => {
                packet.set_flags(*flags);
                packet.data_mut().copy_from_slice(data);
            }
        }
    }
}

impl fmt::Display for Repr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.control_type().name())?;
        match self {
            Repr::DiscoverReq(req) => {
                write!(f, " tag {:08X} filter {:08b}", req.tag, req.type_filter)
            }
            Repr::DiscoverResp(resp) => {
                write!(
                    f,
                    " tag {:08X} {} snr {}",
                    resp.tag,
                    resp.node_type.name(),
                    f32::from(resp.snr) / 4.0
                )
            }
            Repr::Other { data, .. } => write!(f, " {}B", data.len()),
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::protocol::Error;

    // DISCOVER_REQ payload of vector `2E008004518B748F`: flags 0x80, filter 0x04 (repeaters), tag 0x8F748B51.
    static REQ_BYTES: [u8; 6] = [0x80, 0x04, 0x51, 0x8B, 0x74, 0x8F];
    // DISCOVER_RESP payload of vector `2E0092DC…`: repeater, SNR -9 dB, tag 1530802997, 32-byte key.
    static RESP_HEX: &str =
        "92DC35333E5B4FBB374D26E77A3AF0A0E3D34A7174131BBEBF2341EE948B6F4B13CF800C928F";

    const fn req_repr() -> Repr<'static> {
        Repr::DiscoverReq(DiscoverReq {
            flags: 0,
            type_filter: 0x04,
            tag: 0x8F74_8B51,
            since: None,
        })
    }

    #[test]
    fn deconstruct() {
        let packet = Packet::new_checked(&REQ_BYTES[..]).unwrap();
        assert_eq!(packet.control_type(), ControlType::DiscoverReq);
        assert_eq!(packet.type_filter(), 0x04);
        assert_eq!(packet.tag(), 2_406_779_729);
        assert_eq!(packet.since(), None);
        let resp = crate::hex::decode(RESP_HEX).unwrap();
        let packet = Packet::new_checked(&resp[..]).unwrap();
        assert_eq!(packet.control_type(), ControlType::DiscoverResp);
        assert_eq!(packet.snr(), -36);
        assert_eq!(packet.tag(), 1_530_802_997);
        assert_eq!(packet.public_key().len(), 32);
    }

    #[test]
    fn construct() {
        let mut bytes = vec![0xa5; 6];
        let mut packet = Packet::new_unchecked(&mut bytes);
        packet.set_flags(0x80);
        packet.set_byte1(0x04);
        packet.set_tag(0x8F74_8B51);
        assert_eq!(bytes, REQ_BYTES);
    }

    #[test]
    fn parse() {
        let repr = Repr::parse(&Packet::new_checked(&REQ_BYTES[..]).unwrap()).unwrap();
        assert_eq!(repr, req_repr());
        assert_eq!(
            repr.to_string(),
            "DISCOVER_REQ tag 8F748B51 filter 00000100"
        );
        let resp = crate::hex::decode(RESP_HEX).unwrap();
        let repr = Repr::parse(&Packet::new_checked(&resp[..]).unwrap()).unwrap();
        let Repr::DiscoverResp(inner) = repr else {
            panic!("not a response: {repr:?}")
        };
        assert_eq!(
            (inner.node_type, inner.snr, inner.public_key),
            (Role::Repeater, -36, &resp[6..])
        );
        assert_eq!(
            repr.to_string(),
            "DISCOVER_RESP tag 5B3E3335 REPEATER snr -9"
        );
    }

    #[test]
    fn emit() {
        let repr = req_repr();
        let mut bytes = vec![0xa5; repr.buffer_len()];
        repr.emit(&mut Packet::new_unchecked(&mut bytes));
        assert_eq!(bytes, REQ_BYTES);
        let resp = crate::hex::decode(RESP_HEX).unwrap();
        let repr = Repr::parse(&Packet::new_checked(&resp[..]).unwrap()).unwrap();
        let mut bytes = vec![0xa5; repr.buffer_len()];
        repr.emit(&mut Packet::new_unchecked(&mut bytes));
        assert_eq!(bytes, resp);
    }

    #[test]
    fn truncated() {
        let check = |bytes: &[u8]| Packet::new_checked(bytes).err();
        assert_eq!(
            check(&[]),
            Some(Error::Truncated {
                field: "control_flags",
                at: 0
            })
        );
        assert_eq!(
            check(&[0x80]),
            Some(Error::Truncated {
                field: "type_filter",
                at: 1
            })
        );
        assert_eq!(
            check(&[0x92]),
            Some(Error::Truncated {
                field: "snr",
                at: 1
            })
        );
        assert_eq!(
            check(&REQ_BYTES[..5]),
            Some(Error::Truncated {
                field: "tag",
                at: 2
            })
        );
        let other = Repr::parse(&Packet::new_checked(&[0x05][..]).unwrap()).unwrap();
        assert_eq!(
            other,
            Repr::Other {
                flags: 0x05,
                data: &[]
            }
        );
    }

    #[test]
    fn since_and_overlong() {
        let mut bytes = REQ_BYTES.to_vec();
        bytes.extend([0x01, 0x00, 0x00]);
        // A partial `since` is ignored, as the firmware does.
        assert_eq!(Packet::new_checked(&bytes[..]).unwrap().since(), None);
        bytes.extend([0x00, 0xEE]);
        let repr = Repr::parse(&Packet::new_checked(&bytes[..]).unwrap()).unwrap();
        assert_eq!(
            repr,
            Repr::DiscoverReq(DiscoverReq {
                flags: 0,
                type_filter: 4,
                tag: 0x8F74_8B51,
                since: Some(1)
            })
        );
        assert_eq!(repr.buffer_len(), 10);
    }
}
