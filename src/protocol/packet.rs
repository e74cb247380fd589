//! The on-air packet (protocol A): `header | [transport codes] | path_len | path | payload`.
//!
//! [`Packet`] is a view over the bytes; [`Repr`] is everything but the payload, which the payload wire files
//! decode (see `repr.rs` for the whole packet).

use core::fmt;

use super::field::{self as f, Field};
use super::{
    Error, MAX_PAYLOAD_LEN, PacketHash, PathLen, PayloadType, Result, Route, RouteType,
    TransportCodes, header,
};

/// A view over the bytes of one packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

pub(crate) mod field {
    #![allow(non_snake_case)]
    use crate::protocol::field::Field;

    pub const HEADER: usize = 0;
    pub const TRANSPORT_CODE_1: Field = 1..3; // route types 0 and 3 only
    pub const TRANSPORT_CODE_2: Field = 3..5;
    pub const TRANSPORT_CODES: Field = TRANSPORT_CODE_1.start..TRANSPORT_CODE_2.end;
    pub const fn PATH_LEN(codes: bool) -> usize {
        if codes {
            TRANSPORT_CODES.end
        } else {
            HEADER + 1
        }
    }
    pub const fn PATH(path_len_at: usize, len: usize) -> Field {
        path_len_at + 1..path_len_at + 1 + len
    }
}

impl<T: AsRef<[u8]>> Packet<T> {
    /// Wraps `buffer` without checks: accessors may panic until [`Packet::check_len`] succeeds.
    pub const fn new_unchecked(buffer: T) -> Packet<T> {
        Packet { buffer }
    }

    /// Wraps untrusted bytes: `Ok` means no accessor panics.
    pub fn new_checked(buffer: T) -> Result<Packet<T>> {
        let packet = Packet::new_unchecked(buffer);
        packet.check_len()?;
        Ok(packet)
    }

    /// Proves that the header, transport codes, `path_len` byte and path fit (the payload may be empty) and that
    /// `path_len` is valid for the payload type. `set_header` and `set_path_len` void it.
    pub fn check_len(&self) -> Result<()> {
        let len = self.buffer.as_ref().len();
        f::need(len, f::byte(field::HEADER), "header")?;
        if self.route_type().has_transport_codes() {
            f::need(len, field::TRANSPORT_CODES, "transport_codes")?;
        }
        let at = self.path_len_offset();
        f::need(len, f::byte(at), "path_len")?;
        let path = self.path_len().byte_len(self.payload_type(), at)?;
        f::need(len, field::PATH(at, path), "path")
    }

    /// Returns the wrapped buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// The header byte.
    #[inline]
    pub fn header(&self) -> u8 {
        self.buffer.as_ref()[field::HEADER]
    }

    /// Bits 0-1 of the header.
    #[inline]
    pub fn route_type(&self) -> RouteType {
        RouteType::from_header(self.header())
    }

    /// Bits 2-5 of the header.
    #[inline]
    pub fn payload_type(&self) -> PayloadType {
        PayloadType::from_header(self.header())
    }

    /// Bits 6-7 of the header.
    #[inline]
    pub fn version(&self) -> u8 {
        header::version(self.header())
    }

    /// The transport codes, for route types 0 and 3.
    #[inline]
    pub fn transport_codes(&self) -> Option<TransportCodes> {
        if !self.route_type().has_transport_codes() {
            return None;
        }
        let data = self.buffer.as_ref();
        Some(TransportCodes {
            scope: f::u16_le(data, field::TRANSPORT_CODE_1),
            reserved: f::u16_le(data, field::TRANSPORT_CODE_2),
        })
    }

    /// The route type with its transport codes.
    #[inline]
    pub fn route(&self) -> Route {
        Route::new(
            self.route_type(),
            self.transport_codes().unwrap_or_default(),
        )
    }

    /// The offset of the `path_len` byte: 1, or 5 after transport codes.
    #[inline]
    pub fn path_len_offset(&self) -> usize {
        field::PATH_LEN(self.route_type().has_transport_codes())
    }

    /// The `path_len` byte.
    #[inline]
    pub fn path_len(&self) -> PathLen {
        PathLen(self.buffer.as_ref()[self.path_len_offset()])
    }

    /// The path bytes' range. After `check_len`, valid for the payload type.
    #[inline]
    pub fn path_range(&self) -> Field {
        let at = self.path_len_offset();
        let len = self
            .path_len()
            .byte_len(self.payload_type(), at)
            .unwrap_or(0);
        field::PATH(at, len)
    }

    /// The payload's range: everything after the path.
    #[inline]
    pub fn payload_range(&self) -> Field {
        self.path_range().end..self.buffer.as_ref().len()
    }

    /// The firmware packet hash of this packet.
    #[inline]
    pub fn hash(&self) -> PacketHash {
        PacketHash::compute(
            self.payload_type(),
            self.path_len(),
            &self.buffer.as_ref()[self.payload_range()],
        )
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Packet<&'a T> {
    /// The path bytes: hop hashes, or SNR bytes for TRACE.
    #[inline]
    pub fn path(&self) -> &'a [u8] {
        &self.buffer.as_ref()[self.path_range()]
    }

    /// The payload bytes.
    #[inline]
    pub fn payload(&self) -> &'a [u8] {
        &self.buffer.as_ref()[self.payload_range()]
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Packet<T> {
    /// Writes the header byte; voids `check_len` (the route type moves `path_len`).
    #[inline]
    pub fn set_header(&mut self, value: u8) {
        self.buffer.as_mut()[field::HEADER] = value;
    }

    /// Writes the transport codes; the route type must have them.
    #[inline]
    pub fn set_transport_codes(&mut self, codes: TransportCodes) {
        let data = self.buffer.as_mut();
        f::put_u16_le(data, field::TRANSPORT_CODE_1, codes.scope);
        f::put_u16_le(data, field::TRANSPORT_CODE_2, codes.reserved);
    }

    /// Writes the `path_len` byte; voids `check_len`.
    #[inline]
    pub fn set_path_len(&mut self, value: PathLen) {
        let at = self.path_len_offset();
        self.buffer.as_mut()[at] = value.0;
    }

    /// The path bytes, for writing.
    #[inline]
    pub fn path_mut(&mut self) -> &mut [u8] {
        let range = self.path_range();
        &mut self.buffer.as_mut()[range]
    }

    /// The payload bytes, for writing.
    #[inline]
    pub fn payload_mut(&mut self) -> &mut [u8] {
        let range = self.payload_range();
        &mut self.buffer.as_mut()[range]
    }
}

/// Everything of a packet but its payload bytes: the firmware's framing rules hold for every parsed value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repr<'a> {
    /// Route type and transport codes.
    pub route: Route,
    /// Payload type (a reserved type is allowed here; `PacketRepr` rejects it).
    pub payload_type: PayloadType,
    /// The `path_len` byte; `path.len()` must match it.
    pub path_len: PathLen,
    /// Hop hashes, or SNR bytes for TRACE.
    pub path: &'a [u8],
    /// Payload length in bytes.
    pub payload_len: usize,
}

impl<'a> Repr<'a> {
    /// Checks lengths, then the firmware's rules: version 0 and a payload of at most 184 bytes.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(packet: &Packet<&'a T>) -> Result<Repr<'a>> {
        packet.check_len()?;
        parse_checked(Packet::new_unchecked(packet.buffer.as_ref()))
    }

    /// The offset of the `path_len` byte this header emits.
    pub fn path_len_offset(&self) -> usize {
        field::PATH_LEN(self.route.transport_codes().is_some())
    }

    /// Bytes needed to emit this header plus `payload_len` payload bytes.
    pub fn buffer_len(&self) -> usize {
        field::PATH(self.path_len_offset(), self.path.len()).end + self.payload_len
    }

    /// Writes everything before the payload into `packet`, whose buffer is `buffer_len()` bytes; the caller then
    /// emits the payload into `payload_mut()`.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, packet: &mut Packet<T>) {
        packet.set_header(header::compose(
            self.route.route_type(),
            self.payload_type,
            0,
        ));
        if let Some(codes) = self.route.transport_codes() {
            packet.set_transport_codes(codes);
        }
        let at = packet.path_len_offset();
        let path = field::PATH(at, self.path.len());
        let data = packet.buffer.as_mut();
        data[at] = self.path_len.0;
        data[path].copy_from_slice(self.path);
    }
}

fn parse_checked(packet: Packet<&[u8]>) -> Result<Repr<'_>> {
    if packet.version() != 0 {
        return Err(Error::UnsupportedVersion {
            version: packet.version(),
        });
    }
    let payload = packet.payload_range();
    if payload.len() > MAX_PAYLOAD_LEN {
        return Err(Error::PayloadTooLong {
            len: payload.len(),
            at: payload.start,
        });
    }
    Ok(Repr {
        route: packet.route(),
        payload_type: packet.payload_type(),
        path_len: packet.path_len(),
        path: packet.path(),
        payload_len: payload.len(),
    })
}

impl fmt::Display for Repr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}",
            self.payload_type.name(),
            self.route.route_type().name().to_lowercase()
        )?;
        if let Some(codes) = self.route.transport_codes() {
            write!(f, " scope {:04X}", codes.scope)?;
        }
        match self.payload_type {
            PayloadType::Trace => write!(f, " {} SNRs", self.path.len()),
            _ => write!(
                f,
                " {}×{}B",
                self.path_len.hash_count(),
                self.path_len.hash_size().unwrap_or(0)
            ),
        }
    }
}

impl<T: AsRef<[u8]>> fmt::Display for Packet<T> {
    /// The raw header fields, for packets that do not parse.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let data = self.buffer.as_ref();
        match data.first() {
            None => f.write_str("empty packet"),
            Some(&header) => write!(
                f,
                "header 0x{header:02X} ({} {} v{}), {} bytes",
                self.payload_type().name(),
                self.route_type().name(),
                self.version(),
                data.len()
            ),
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;

    // TRANSPORT_FLOOD GRP_TXT (0x14), codes FA1A/0000, path_len 3, hops 4E 92 7D, payload cut to 4 bytes.
    static PACKET_BYTES: [u8; 13] = [
        0x14, 0xFA, 0x1A, 0x00, 0x00, 0x03, 0x4E, 0x92, 0x7D, 0x59, 0x6E, 0xA2, 0x36,
    ];
    static PATH: [u8; 3] = [0x4E, 0x92, 0x7D];

    const fn packet_repr() -> Repr<'static> {
        Repr {
            route: Route::TransportFlood(TransportCodes {
                scope: 0x1AFA,
                reserved: 0,
            }),
            payload_type: PayloadType::GrpTxt,
            path_len: PathLen(3),
            path: &PATH,
            payload_len: 4,
        }
    }

    #[test]
    fn deconstruct() {
        let packet = Packet::new_checked(&PACKET_BYTES[..]).unwrap();
        assert_eq!(packet.header(), 0x14);
        assert_eq!(packet.route_type(), RouteType::TransportFlood);
        assert_eq!(packet.payload_type(), PayloadType::GrpTxt);
        assert_eq!(packet.version(), 0);
        assert_eq!(
            packet.transport_codes(),
            Some(TransportCodes {
                scope: 6906,
                reserved: 0
            })
        );
        assert_eq!(packet.path_len_offset(), 5);
        assert_eq!(packet.path_len(), PathLen(3));
        assert_eq!(packet.path(), &PATH);
        assert_eq!(packet.payload(), &[0x59, 0x6E, 0xA2, 0x36]);
    }

    #[test]
    fn construct() {
        let mut bytes = vec![0xa5; 13];
        let mut packet = Packet::new_unchecked(&mut bytes);
        packet.set_header(0x14);
        packet.set_transport_codes(TransportCodes {
            scope: 0x1AFA,
            reserved: 0,
        });
        packet.set_path_len(PathLen(3));
        packet.path_mut().copy_from_slice(&PATH);
        packet
            .payload_mut()
            .copy_from_slice(&[0x59, 0x6E, 0xA2, 0x36]);
        assert_eq!(bytes, PACKET_BYTES);
    }

    #[test]
    fn parse() {
        let packet = Packet::new_checked(&PACKET_BYTES[..]).unwrap();
        assert_eq!(Repr::parse(&packet), Ok(packet_repr()));
        assert_eq!(
            packet_repr().to_string(),
            "GRP_TXT transport_flood scope 1AFA 3×1B"
        );
    }

    #[test]
    fn emit() {
        let repr = packet_repr();
        let mut bytes = vec![0xa5; repr.buffer_len()];
        let mut packet = Packet::new_unchecked(&mut bytes);
        repr.emit(&mut packet);
        packet
            .payload_mut()
            .copy_from_slice(&[0x59, 0x6E, 0xA2, 0x36]);
        assert_eq!(bytes, PACKET_BYTES);
    }

    #[test]
    fn truncated() {
        let check = |bytes: &[u8]| Packet::new_checked(bytes).err();
        assert_eq!(
            check(&[]),
            Some(Error::Truncated {
                field: "header",
                at: 0
            })
        );
        assert_eq!(
            check(&PACKET_BYTES[..4]),
            Some(Error::Truncated {
                field: "transport_codes",
                at: 1
            })
        );
        assert_eq!(
            check(&PACKET_BYTES[..5]),
            Some(Error::Truncated {
                field: "path_len",
                at: 5
            })
        );
        assert_eq!(
            check(&PACKET_BYTES[..8]),
            Some(Error::Truncated {
                field: "path",
                at: 6
            })
        );
        assert_eq!(
            check(&[0x11]),
            Some(Error::Truncated {
                field: "path_len",
                at: 1
            })
        );
    }

    #[test]
    fn bad_path_len() {
        // The negative vector `15C1FF00`: reserved hash size.
        assert_eq!(
            Packet::new_checked(&[0x15, 0xC1, 0xFF, 0x00][..]).err(),
            Some(Error::ReservedHashSize { at: 1 })
        );
        let mut long = vec![0x11, 0x41];
        long.extend([0; 2]);
        let mut too_long = vec![0x11, 0x61];
        too_long.extend([0; 70]);
        assert!(Packet::new_checked(&long[..]).is_ok());
        assert_eq!(
            Packet::new_checked(&too_long[..]).err(),
            Some(Error::PathTooLong { len: 66, at: 1 })
        );
    }

    #[test]
    fn firmware_rules() {
        let packet = Packet::new_checked(&[0x51, 0x00, 0x01][..]).unwrap();
        assert_eq!(
            Repr::parse(&packet),
            Err(Error::UnsupportedVersion { version: 1 })
        );
        let mut big = vec![0x11, 0x00];
        big.extend([0; 185]);
        let packet = Packet::new_checked(&big[..]).unwrap();
        assert_eq!(
            Repr::parse(&packet),
            Err(Error::PayloadTooLong { len: 185, at: 2 })
        );
        big.pop();
        assert_eq!(
            Repr::parse(&Packet::new_checked(&big[..]).unwrap()).map(|r| r.payload_len),
            Ok(184)
        );
    }

    #[test]
    fn overlong_is_payload() {
        // No length field: every byte after the path is payload.
        let mut bytes = PACKET_BYTES.to_vec();
        bytes.push(0xEE);
        let packet = Packet::new_checked(&bytes[..]).unwrap();
        assert_eq!(packet.payload(), &[0x59, 0x6E, 0xA2, 0x36, 0xEE]);
    }

    #[test]
    fn display_raw() {
        let packet = Packet::new_unchecked(&[0x51, 0x00][..]);
        assert_eq!(packet.to_string(), "header 0x51 (ADVERT FLOOD v1), 2 bytes");
    }
}
