//! The header byte `0bVVPPPPRR` (protocol A.1): route type, payload type and payload version.

/// Bits 0-1 of the header: how the packet travels. Every 2-bit value is a route type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RouteType {
    /// Flood with region-scope transport codes.
    TransportFlood,
    /// Flood: each repeater appends its hash to the path.
    Flood,
    /// Source-routed: the path lists the hops still to go.
    Direct,
    /// Direct with transport codes.
    TransportDirect,
}

impl RouteType {
    /// The route type in the low two bits of `header`.
    pub const fn from_header(header: u8) -> RouteType {
        match header & MASK_ROUTE {
            0 => RouteType::TransportFlood,
            1 => RouteType::Flood,
            2 => RouteType::Direct,
            _ => RouteType::TransportDirect,
        }
    }

    /// The two header bits.
    pub const fn bits(self) -> u8 {
        match self {
            RouteType::TransportFlood => 0,
            RouteType::Flood => 1,
            RouteType::Direct => 2,
            RouteType::TransportDirect => 3,
        }
    }

    /// Whether four bytes of transport codes follow the header (route types 0 and 3).
    pub const fn has_transport_codes(self) -> bool {
        matches!(self, RouteType::TransportFlood | RouteType::TransportDirect)
    }

    /// Flood or transport flood.
    pub const fn is_flood(self) -> bool {
        matches!(self, RouteType::TransportFlood | RouteType::Flood)
    }

    /// The firmware's name without the `ROUTE_TYPE_` prefix, e.g. `TRANSPORT_FLOOD`.
    pub const fn name(self) -> &'static str {
        match self {
            RouteType::TransportFlood => "TRANSPORT_FLOOD",
            RouteType::Flood => "FLOOD",
            RouteType::Direct => "DIRECT",
            RouteType::TransportDirect => "TRANSPORT_DIRECT",
        }
    }
}

/// Bits 2-5 of the header: what the payload holds. Lossless for all 16 values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PayloadType {
    /// 0x00, encrypted request datagram.
    Req,
    /// 0x01, encrypted response datagram.
    Response,
    /// 0x02, encrypted direct text message.
    TxtMsg,
    /// 0x03, acknowledgement CRC.
    Ack,
    /// 0x04, signed node advertisement.
    Advert,
    /// 0x05, channel text message.
    GrpTxt,
    /// 0x06, channel datagram.
    GrpData,
    /// 0x07, request carrying the sender's public key.
    AnonReq,
    /// 0x08, encrypted returned path.
    Path,
    /// 0x09, trace with per-hop SNR.
    Trace,
    /// 0x0A, one of a set of packets (multi-ACK).
    Multipart,
    /// 0x0B, unencrypted control / discovery.
    Control,
    /// 0x0F, opaque application bytes.
    RawCustom,
    /// 0x0C to 0x0E, reserved.
    Unknown(u8),
}

impl PayloadType {
    /// The payload type in bits 2-5 of `header`.
    pub const fn from_header(header: u8) -> PayloadType {
        PayloadType::from_bits((header >> SHIFT_TYPE) & 0x0F)
    }

    /// The payload type with value `bits` (only the low four bits are read).
    pub const fn from_bits(bits: u8) -> PayloadType {
        match bits & 0x0F {
            0x00 => PayloadType::Req,
            0x01 => PayloadType::Response,
            0x02 => PayloadType::TxtMsg,
            0x03 => PayloadType::Ack,
            0x04 => PayloadType::Advert,
            0x05 => PayloadType::GrpTxt,
            0x06 => PayloadType::GrpData,
            0x07 => PayloadType::AnonReq,
            0x08 => PayloadType::Path,
            0x09 => PayloadType::Trace,
            0x0A => PayloadType::Multipart,
            0x0B => PayloadType::Control,
            0x0F => PayloadType::RawCustom,
            other => PayloadType::Unknown(other),
        }
    }

    /// The 4-bit value, as hashed into the packet hash.
    pub const fn bits(self) -> u8 {
        match self {
            PayloadType::Req => 0x00,
            PayloadType::Response => 0x01,
            PayloadType::TxtMsg => 0x02,
            PayloadType::Ack => 0x03,
            PayloadType::Advert => 0x04,
            PayloadType::GrpTxt => 0x05,
            PayloadType::GrpData => 0x06,
            PayloadType::AnonReq => 0x07,
            PayloadType::Path => 0x08,
            PayloadType::Trace => 0x09,
            PayloadType::Multipart => 0x0A,
            PayloadType::Control => 0x0B,
            PayloadType::RawCustom => 0x0F,
            PayloadType::Unknown(bits) => bits & 0x0F,
        }
    }

    /// The firmware's name without the `PAYLOAD_TYPE_` prefix, e.g. `GRP_TXT`; `RESERVED` for 0x0C-0x0E.
    pub const fn name(self) -> &'static str {
        match self {
            PayloadType::Req => "REQ",
            PayloadType::Response => "RESPONSE",
            PayloadType::TxtMsg => "TXT_MSG",
            PayloadType::Ack => "ACK",
            PayloadType::Advert => "ADVERT",
            PayloadType::GrpTxt => "GRP_TXT",
            PayloadType::GrpData => "GRP_DATA",
            PayloadType::AnonReq => "ANON_REQ",
            PayloadType::Path => "PATH",
            PayloadType::Trace => "TRACE",
            PayloadType::Multipart => "MULTIPART",
            PayloadType::Control => "CONTROL",
            PayloadType::RawCustom => "RAW_CUSTOM",
            PayloadType::Unknown(_) => "RESERVED",
        }
    }
}

/// The payload version in bits 6-7 of `header`; only 0 (v1) is in use.
pub const fn version(header: u8) -> u8 {
    header >> SHIFT_VERSION
}

/// The header byte for `route`, `payload_type` and `version` (only its low two bits are used).
pub const fn compose(route: RouteType, payload_type: PayloadType, version: u8) -> u8 {
    route.bits() | (payload_type.bits() << SHIFT_TYPE) | ((version & 0x03) << SHIFT_VERSION)
}

const MASK_ROUTE: u8 = 0x03;
const SHIFT_TYPE: u8 = 2;
const SHIFT_VERSION: u8 = 6;

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn common_header_bytes() {
        // 0x11 FLOOD ADVERT, 0x14 TRANSPORT_FLOOD GRP_TXT, 0x26 DIRECT TRACE, 0x2E DIRECT CONTROL (protocol A.1).
        assert_eq!(compose(RouteType::Flood, PayloadType::Advert, 0), 0x11);
        assert_eq!(
            compose(RouteType::TransportFlood, PayloadType::GrpTxt, 0),
            0x14
        );
        assert_eq!(RouteType::from_header(0x26), RouteType::Direct);
        assert_eq!(PayloadType::from_header(0x26), PayloadType::Trace);
        assert_eq!(PayloadType::from_header(0x2E), PayloadType::Control);
        assert_eq!(version(0x51), 1);
    }

    #[test]
    fn every_value_round_trips() {
        for bits in 0..16u8 {
            assert_eq!(PayloadType::from_bits(bits).bits(), bits);
        }
        for header in 0..=255u8 {
            let rebuilt = compose(
                RouteType::from_header(header),
                PayloadType::from_header(header),
                version(header),
            );
            assert_eq!(rebuilt, header);
        }
        assert_eq!(PayloadType::from_bits(0x0D), PayloadType::Unknown(0x0D));
    }
}
