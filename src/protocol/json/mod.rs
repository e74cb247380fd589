//! The decode as JSON: what `meshscope decode` prints, one object per packet, and what the browser shows.
//!
//! Conventions: keys are snake_case; keys, hashes, MACs and other byte strings are lower-case hex, except path
//! hops and TRACE route hashes, which are upper-case hex as loggers print them. A packet that does not decode has
//! `ok: false` and `error: {field, offset, message}` (offset in bytes from the packet's first byte), plus every
//! header field that could be read. For TRACE, `path` is empty: the header path holds SNRs, given in dB as
//! `trace.snrs`, and `path_hash_size` is null. Per-type objects (`advert`, `group`, `group_data`, `datagram`,
//! `anon_req`, `ack`, `trace`, `multipart`, `control`, `raw_custom`) appear only for their type. Building it
//! verifies advert signatures (about 37 µs each), so it is for display, not for bulk ingest.

mod decrypted;
mod payload;

pub use decrypted::DecryptedJson;
pub use payload::{
    AckJson, AdvertJson, AnonReqJson, ControlJson, DatagramJson, GroupDataJson, GroupJson,
    MultipartJson, RawCustomJson, TraceJson,
};

use serde::Serialize;

use super::crypto::Keyring;
use super::{Error, Packet, PacketHash, PacketRepr, PayloadRepr, PayloadType, header, packet};
use crate::hex;

/// One decoded packet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PacketJson {
    /// Whether the firmware would accept the packet.
    pub ok: bool,
    /// Why not, when `ok` is false.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorJson>,
    /// `TRANSPORT_FLOOD`, `FLOOD`, `DIRECT` or `TRANSPORT_DIRECT`.
    pub route: Option<&'static str>,
    /// `REQ`, `RESPONSE`, `TXT_MSG`, `ACK`, `ADVERT`, `GRP_TXT`, `GRP_DATA`, `ANON_REQ`, `PATH`, `TRACE`,
    /// `MULTIPART`, `CONTROL`, `RAW_CUSTOM`, or `RESERVED`.
    pub payload_type: Option<&'static str>,
    /// Header version bits (0 for every accepted packet).
    pub version: Option<u8>,
    /// Transport codes 1 and 2, for the transport route types.
    pub transport_codes: Option<[u16; 2]>,
    /// The region whose scope code matches transport code 1, among those given.
    pub region: Option<String>,
    /// The raw `path_len` byte.
    pub path_len: Option<u8>,
    /// Bytes per hop hash (1-3); null for TRACE and for the reserved size.
    pub path_hash_size: Option<usize>,
    /// Hop count (for TRACE: SNR count).
    pub path_hash_count: Option<usize>,
    /// Hop hashes, upper-case hex; empty for TRACE.
    pub path: Vec<String>,
    /// Payload length in bytes.
    pub payload_len: Option<usize>,
    /// The firmware packet hash, 16 lower-case hex digits.
    pub packet_hash: Option<PacketHash>,
    /// ADVERT.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub advert: Option<AdvertJson>,
    /// GRP_TXT.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<GroupJson>,
    /// GRP_DATA.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_data: Option<GroupDataJson>,
    /// REQ, RESPONSE, TXT_MSG, PATH.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datagram: Option<DatagramJson>,
    /// ANON_REQ.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anon_req: Option<AnonReqJson>,
    /// ACK.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ack: Option<AckJson>,
    /// TRACE.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<TraceJson>,
    /// MULTIPART.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multipart: Option<MultipartJson>,
    /// CONTROL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub control: Option<ControlJson>,
    /// RAW_CUSTOM.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw_custom: Option<RawCustomJson>,
}

/// Hex input longer than this many bytes is refused (a valid packet has at most 254; radios deliver up to 255).
const MAX_HEX_BYTES: usize = 1024;

/// What went wrong and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorJson {
    /// The field at fault, e.g. `path_len`.
    pub field: &'static str,
    /// Byte offset from the start of the packet.
    pub offset: usize,
    /// A sentence for people.
    pub message: String,
}

impl From<Error> for ErrorJson {
    fn from(err: Error) -> ErrorJson {
        ErrorJson {
            field: err.field(),
            offset: err.offset(),
            message: err.to_string(),
        }
    }
}

impl PacketJson {
    /// Decodes `bytes`, opening what `keys` can open and checking advert signatures.
    pub fn new(bytes: &[u8], keys: &Keyring) -> PacketJson {
        let mut json = header_fields(bytes);
        let view = match Packet::new_checked(bytes) {
            Ok(view) => view,
            Err(err) => return json.failed(err),
        };
        json.packet_hash = Some(view.hash());
        json.payload_len = Some(view.payload_range().len());
        if let Some(codes) = view.transport_codes() {
            json.region = keys
                .region_of(codes, view.payload_type(), view.payload())
                .map(|r| r.name().to_owned());
        }
        match PacketRepr::parse(&view) {
            Ok(repr) => {
                json.path = hops(&repr);
                payload::fill(&mut json, &repr, view.payload(), keys);
                json
            }
            Err(err) => json.failed(err),
        }
    }

    /// Decodes a packet written in hex (either case; surrounding whitespace ignored). Text that is not hex gives
    /// `ok: false` with `error.field` = `hex` and `error.offset` = the character at fault.
    pub fn from_hex(text: &str, keys: &Keyring) -> PacketJson {
        let text = text.trim();
        let mut buffer = [0; MAX_HEX_BYTES];
        match hex::decode_to_slice(text.as_bytes(), &mut buffer) {
            Ok(bytes) => PacketJson::new(bytes, keys),
            Err(err) => {
                let offset = match err {
                    hex::HexError::InvalidDigit { at } => at,
                    hex::HexError::OddLength { len }
                    | hex::HexError::BufferTooSmall { needed: len, .. } => len,
                };
                let mut json = header_fields(&[]);
                json.ok = false;
                json.error = Some(ErrorJson {
                    field: "hex",
                    offset,
                    message: err.to_string(),
                });
                json
            }
        }
    }

    fn failed(mut self, err: Error) -> PacketJson {
        self.ok = false;
        self.error = Some(err.into());
        self
    }
}

/// Every header field the bytes hold, valid or not, with `ok` set and no payload objects.
fn header_fields(bytes: &[u8]) -> PacketJson {
    let view = Packet::new_unchecked(bytes);
    let head = bytes.first().copied();
    let codes = head.map(|h| header::RouteType::from_header(h).has_transport_codes());
    let path_len = codes.and_then(|codes| bytes.get(packet::field::PATH_LEN(codes)).copied());
    let payload_type = head.map(PayloadType::from_header);
    let trace = payload_type == Some(PayloadType::Trace);
    let path_len_value = path_len.map(super::PathLen);
    PacketJson {
        ok: true,
        error: None,
        route: head.map(|h| header::RouteType::from_header(h).name()),
        payload_type: payload_type.map(PayloadType::name),
        version: head.map(header::version),
        transport_codes: match codes {
            Some(true) if bytes.len() >= packet::field::TRANSPORT_CODES.end => {
                view.transport_codes().map(|c| [c.scope, c.reserved])
            }
            _ => None,
        },
        region: None,
        path_len,
        path_hash_size: if trace {
            None
        } else {
            path_len_value.and_then(super::PathLen::hash_size)
        },
        path_hash_count: path_len_value.map(|p| {
            if trace {
                usize::from(p.0)
            } else {
                p.hash_count()
            }
        }),
        path: Vec::new(),
        payload_len: None,
        packet_hash: None,
        advert: None,
        group: None,
        group_data: None,
        datagram: None,
        anon_req: None,
        ack: None,
        trace: None,
        multipart: None,
        control: None,
        raw_custom: None,
    }
}

fn hops(repr: &PacketRepr) -> Vec<String> {
    match (repr.payload, repr.path_len.hash_size()) {
        (PayloadRepr::Trace(_), _) | (_, None) => Vec::new(),
        (_, Some(size)) => repr
            .path
            .chunks_exact(size)
            .map(hex::encode_upper)
            .collect(),
    }
}

#[cfg(test)]
mod test {
    use super::*;

    fn json_of(text: &str, keys: &Keyring) -> serde_json::Value {
        serde_json::to_value(PacketJson::new(&hex::decode(text).unwrap(), keys)).unwrap()
    }

    #[test]
    fn ack_and_path() {
        let json = json_of("0D04B891647EBB40BA70", &Keyring::new());
        assert_eq!(json["ok"], true);
        assert_eq!(json["route"], "FLOOD");
        assert_eq!(json["payload_type"], "ACK");
        assert_eq!(json["path"], serde_json::json!(["B8", "91", "64", "7E"]));
        assert_eq!(json["packet_hash"], "bbf95563c6eec9fe");
        assert_eq!(json["ack"]["crc"], "bb40ba70");
        assert!(json.get("error").is_none());
        assert!(json.get("advert").is_none());
    }

    #[test]
    fn bad_hex() {
        let json = serde_json::to_value(PacketJson::from_hex(" 0D0x ", &Keyring::new())).unwrap();
        assert_eq!(
            (json["ok"].clone(), json["error"]["field"].clone()),
            (false.into(), "hex".into())
        );
        assert_eq!(json["error"]["offset"], 3);
        let good = PacketJson::from_hex("0d04b891647ebb40ba70\n", &Keyring::new());
        assert!(good.ok);
    }

    #[test]
    fn error_says_what_and_where() {
        let json = json_of("15C1FF00", &Keyring::new());
        assert_eq!(json["ok"], false);
        assert_eq!(json["error"]["field"], "path_len");
        assert_eq!(json["error"]["offset"], 1);
        assert_eq!(json["payload_type"], "GRP_TXT");
        assert_eq!(json["path_len"], 0xC1);
        assert_eq!(json["path_hash_size"], serde_json::Value::Null);
        assert_eq!(json["packet_hash"], serde_json::Value::Null);
        let empty = json_of("", &Keyring::new());
        assert_eq!(
            (empty["ok"].clone(), empty["error"]["field"].clone()),
            (false.into(), "header".into())
        );
    }
}
