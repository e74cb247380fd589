//! A whole decoded packet: the framing of `packet.rs` with its payload decoded by type.

use core::fmt;

use super::payload::{
    ack, advert, anon_req, control, datagram, group, multipart, raw_custom, trace,
};
use super::{
    AckRepr, AdvertRepr, AnonReqRepr, ControlRepr, DatagramRepr, Error, GroupRepr, HeaderRepr,
    MultipartRepr, Packet, PathLen, PayloadType, RawCustomRepr, Result, Route, TraceRepr,
};

/// A payload decoded by its type. Reserved payload types (0x0C-0x0E) have no variant: they are errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayloadRepr<'a> {
    /// REQ: encrypted request.
    Req(DatagramRepr<'a>),
    /// RESPONSE: encrypted response.
    Response(DatagramRepr<'a>),
    /// TXT_MSG: encrypted direct message.
    TxtMsg(DatagramRepr<'a>),
    /// ACK.
    Ack(AckRepr<'a>),
    /// ADVERT.
    Advert(AdvertRepr<'a>),
    /// GRP_TXT: channel message.
    GrpTxt(GroupRepr<'a>),
    /// GRP_DATA: channel datagram.
    GrpData(GroupRepr<'a>),
    /// ANON_REQ.
    AnonReq(AnonReqRepr<'a>),
    /// PATH: encrypted returned path.
    Path(DatagramRepr<'a>),
    /// TRACE.
    Trace(TraceRepr<'a>),
    /// MULTIPART.
    Multipart(MultipartRepr<'a>),
    /// CONTROL.
    Control(ControlRepr<'a>),
    /// RAW_CUSTOM.
    RawCustom(RawCustomRepr<'a>),
}

impl<'a> PayloadRepr<'a> {
    /// Decodes `payload` as `payload_type`, applying the type's minimum length. Offsets in errors count from
    /// the start of the payload.
    pub fn parse(payload_type: PayloadType, payload: &'a [u8]) -> Result<PayloadRepr<'a>> {
        Ok(match payload_type {
            PayloadType::Req => PayloadRepr::Req(parse_datagram(payload)?),
            PayloadType::Response => PayloadRepr::Response(parse_datagram(payload)?),
            PayloadType::TxtMsg => PayloadRepr::TxtMsg(parse_datagram(payload)?),
            PayloadType::Path => PayloadRepr::Path(parse_datagram(payload)?),
            PayloadType::Ack => {
                PayloadRepr::Ack(AckRepr::parse(&ack::Packet::new_unchecked(payload))?)
            }
            PayloadType::Advert => {
                PayloadRepr::Advert(AdvertRepr::parse(&advert::Packet::new_unchecked(payload))?)
            }
            PayloadType::GrpTxt => PayloadRepr::GrpTxt(parse_group(payload)?),
            PayloadType::GrpData => PayloadRepr::GrpData(parse_group(payload)?),
            PayloadType::AnonReq => PayloadRepr::AnonReq(AnonReqRepr::parse(
                &anon_req::Packet::new_unchecked(payload),
            )?),
            PayloadType::Trace => {
                PayloadRepr::Trace(TraceRepr::parse(&trace::Packet::new_unchecked(payload))?)
            }
            PayloadType::Multipart => PayloadRepr::Multipart(MultipartRepr::parse(
                &multipart::Packet::new_unchecked(payload),
            )?),
            PayloadType::Control => PayloadRepr::Control(ControlRepr::parse(
                &control::Packet::new_unchecked(payload),
            )?),
            PayloadType::RawCustom => PayloadRepr::RawCustom(RawCustomRepr::parse(
                &raw_custom::Packet::new_unchecked(payload),
            )?),
            PayloadType::Unknown(value) => return Err(Error::ReservedPayloadType { value }),
        })
    }

    /// The payload type this value is sent as.
    pub fn payload_type(&self) -> PayloadType {
        match self {
            PayloadRepr::Req(_) => PayloadType::Req,
            PayloadRepr::Response(_) => PayloadType::Response,
            PayloadRepr::TxtMsg(_) => PayloadType::TxtMsg,
            PayloadRepr::Ack(_) => PayloadType::Ack,
            PayloadRepr::Advert(_) => PayloadType::Advert,
            PayloadRepr::GrpTxt(_) => PayloadType::GrpTxt,
            PayloadRepr::GrpData(_) => PayloadType::GrpData,
            PayloadRepr::AnonReq(_) => PayloadType::AnonReq,
            PayloadRepr::Path(_) => PayloadType::Path,
            PayloadRepr::Trace(_) => PayloadType::Trace,
            PayloadRepr::Multipart(_) => PayloadType::Multipart,
            PayloadRepr::Control(_) => PayloadType::Control,
            PayloadRepr::RawCustom(_) => PayloadType::RawCustom,
        }
    }

    /// Bytes needed to emit this payload.
    pub fn buffer_len(&self) -> usize {
        match self {
            PayloadRepr::Req(r)
            | PayloadRepr::Response(r)
            | PayloadRepr::TxtMsg(r)
            | PayloadRepr::Path(r) => r.buffer_len(),
            PayloadRepr::Ack(r) => r.buffer_len(),
            PayloadRepr::Advert(r) => r.buffer_len(),
            PayloadRepr::GrpTxt(r) | PayloadRepr::GrpData(r) => r.buffer_len(),
            PayloadRepr::AnonReq(r) => r.buffer_len(),
            PayloadRepr::Trace(r) => r.buffer_len(),
            PayloadRepr::Multipart(r) => r.buffer_len(),
            PayloadRepr::Control(r) => r.buffer_len(),
            PayloadRepr::RawCustom(r) => r.buffer_len(),
        }
    }

    /// Writes this payload into `buffer`, which is exactly `buffer_len()` bytes.
    pub fn emit(&self, buffer: &mut [u8]) {
        match self {
            PayloadRepr::Req(r)
            | PayloadRepr::Response(r)
            | PayloadRepr::TxtMsg(r)
            | PayloadRepr::Path(r) => r.emit(&mut datagram::Packet::new_unchecked(buffer)),
            PayloadRepr::Ack(r) => r.emit(&mut ack::Packet::new_unchecked(buffer)),
            PayloadRepr::Advert(r) => r.emit(&mut advert::Packet::new_unchecked(buffer)),
            PayloadRepr::GrpTxt(r) | PayloadRepr::GrpData(r) => {
                r.emit(&mut group::Packet::new_unchecked(buffer))
            }
            PayloadRepr::AnonReq(r) => r.emit(&mut anon_req::Packet::new_unchecked(buffer)),
            PayloadRepr::Trace(r) => r.emit(&mut trace::Packet::new_unchecked(buffer)),
            PayloadRepr::Multipart(r) => r.emit(&mut multipart::Packet::new_unchecked(buffer)),
            PayloadRepr::Control(r) => r.emit(&mut control::Packet::new_unchecked(buffer)),
            PayloadRepr::RawCustom(r) => r.emit(&mut raw_custom::Packet::new_unchecked(buffer)),
        }
    }
}

fn parse_datagram(payload: &[u8]) -> Result<DatagramRepr<'_>> {
    DatagramRepr::parse(&datagram::Packet::new_unchecked(payload))
}

fn parse_group(payload: &[u8]) -> Result<GroupRepr<'_>> {
    GroupRepr::parse(&group::Packet::new_unchecked(payload))
}

/// A whole packet as the firmware would accept it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PacketRepr<'a> {
    /// Route type and transport codes.
    pub route: Route,
    /// The `path_len` byte; must describe `path` (for TRACE, `path.len()` itself).
    pub path_len: PathLen,
    /// Hop hashes, or SNR bytes (int8, dB × 4) for TRACE.
    pub path: &'a [u8],
    /// The decoded payload; its variant gives the payload type.
    pub payload: PayloadRepr<'a>,
}

impl<'a> PacketRepr<'a> {
    /// Decodes a packet; errors carry offsets from the packet's first byte.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(packet: &Packet<&'a T>) -> Result<PacketRepr<'a>> {
        let header = HeaderRepr::parse(packet)?;
        let payload = PayloadRepr::parse(header.payload_type, packet.payload())
            .map_err(|err| err.shifted(packet.payload_range().start))?;
        Ok(PacketRepr {
            route: header.route,
            path_len: header.path_len,
            path: header.path,
            payload,
        })
    }

    /// The payload type.
    pub fn payload_type(&self) -> PayloadType {
        self.payload.payload_type()
    }

    /// The framing of this packet.
    pub fn header(&self) -> HeaderRepr<'a> {
        HeaderRepr {
            route: self.route,
            payload_type: self.payload_type(),
            path_len: self.path_len,
            path: self.path,
            payload_len: self.payload.buffer_len(),
        }
    }

    /// Bytes needed to emit this packet.
    pub fn buffer_len(&self) -> usize {
        self.header().buffer_len()
    }

    /// Writes this packet into a buffer of `buffer_len()` bytes.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, packet: &mut Packet<T>) {
        self.header().emit(packet);
        self.payload.emit(packet.payload_mut());
    }
}

impl fmt::Display for PayloadRepr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PayloadRepr::Req(r)
            | PayloadRepr::Response(r)
            | PayloadRepr::TxtMsg(r)
            | PayloadRepr::Path(r) => r.fmt(f),
            PayloadRepr::Ack(r) => r.fmt(f),
            PayloadRepr::Advert(r) => r.fmt(f),
            PayloadRepr::GrpTxt(r) | PayloadRepr::GrpData(r) => r.fmt(f),
            PayloadRepr::AnonReq(r) => r.fmt(f),
            PayloadRepr::Trace(r) => r.fmt(f),
            PayloadRepr::Multipart(r) => r.fmt(f),
            PayloadRepr::Control(r) => r.fmt(f),
            PayloadRepr::RawCustom(r) => r.fmt(f),
        }
    }
}

impl fmt::Display for PacketRepr<'_> {
    /// One line, e.g. `ADVERT flood 3×2B CHAT "Hilltop" key E04B…`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.header(), self.payload)
    }
}
