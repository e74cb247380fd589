//! One JSON object per payload layout, filled from the decoded `Repr`s.

use serde::Serialize;

use super::{DecryptedJson, PacketJson};
use crate::hex;
use crate::protocol::crypto::{Keyring, advert_sig};
use crate::protocol::payload::{advert, trace};
use crate::protocol::plain::PlainRepr;
use crate::protocol::{
    AdvertRepr, AnonReqRepr, ControlRepr, DatagramRepr, GroupRepr, Location, MultipartRepr,
    PacketRepr, PayloadRepr, PayloadType,
};

/// ADVERT.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdvertJson {
    /// The node's public key.
    pub public_key: String,
    /// The sender's clock, unix seconds.
    pub timestamp: u32,
    /// The signature.
    pub signature: String,
    /// Whether the signature verifies over the bytes received.
    pub signature_valid: bool,
    /// The app-data flags byte.
    pub flags: u8,
    /// `CHAT`, `REPEATER`, `ROOM`, `SENSOR`, `NONE` or `UNKNOWN`.
    pub role: &'static str,
    /// The name up to its first NUL, invalid UTF-8 replaced; null if absent.
    pub name: Option<String>,
    /// Whether the flags announce a location.
    pub has_location: bool,
    /// Latitude in degrees; null without a location or for 0,0 (no fix).
    pub lat: Option<f64>,
    /// Longitude in degrees; null as `lat`.
    pub lon: Option<f64>,
    /// Reserved feature word 1.
    pub feature1: Option<u16>,
    /// Reserved feature word 2.
    pub feature2: Option<u16>,
}

/// GRP_TXT.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupJson {
    /// The channel hash byte.
    pub channel_hash: String,
    /// The MAC.
    pub mac: String,
    /// The ciphertext.
    pub ciphertext: String,
    /// Ciphertext length in bytes.
    pub ciphertext_len: usize,
    /// The name of the channel whose key opened it, or null.
    pub channel: Option<String>,
    /// The sender's clock.
    pub timestamp: Option<u32>,
    /// The text type (`PLAIN` for every group message the firmware accepts).
    pub txt_type: Option<&'static str>,
    /// The send attempt.
    pub attempt: Option<u8>,
    /// The whole text, `"<sender>: <message>"`.
    pub text: Option<String>,
    /// The text before the first `": "`.
    pub sender: Option<String>,
    /// The text after the first `": "`.
    pub message: Option<String>,
}

/// GRP_DATA.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupDataJson {
    /// The channel hash byte.
    pub channel_hash: String,
    /// The MAC.
    pub mac: String,
    /// The ciphertext.
    pub ciphertext: String,
    /// Ciphertext length in bytes.
    pub ciphertext_len: usize,
    /// The name of the channel whose key opened it, or null.
    pub channel: Option<String>,
    /// The application data type.
    pub data_type: Option<u16>,
    /// The data length.
    pub data_len: Option<usize>,
    /// The data.
    pub data: Option<String>,
}

/// REQ, RESPONSE, TXT_MSG, PATH.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DatagramJson {
    /// First byte of the destination's key.
    pub dest_hash: String,
    /// First byte of the sender's key.
    pub src_hash: String,
    /// The MAC.
    pub mac: String,
    /// The ciphertext.
    pub ciphertext: String,
    /// Ciphertext length in bytes.
    pub ciphertext_len: usize,
    /// The plaintext, when the private key and a matching contact were given.
    pub decrypted: Option<DecryptedJson>,
}

/// ANON_REQ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnonReqJson {
    /// First byte of the destination's key.
    pub dest_hash: String,
    /// The sender's public key.
    pub sender_key: String,
    /// The MAC.
    pub mac: String,
    /// The ciphertext.
    pub ciphertext: String,
    /// Ciphertext length in bytes.
    pub ciphertext_len: usize,
    /// The plaintext, when the destination's private key was given.
    pub decrypted: Option<DecryptedJson>,
}

/// ACK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AckJson {
    /// The CRC's four bytes as sent.
    pub crc: String,
    /// The CRC as the firmware compares it (little-endian).
    pub crc_u32: u32,
    /// Bytes after the CRC (extended attempt, random), possibly empty.
    pub extra: String,
}

/// TRACE.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TraceJson {
    /// The tag.
    pub tag: u32,
    /// The auth code.
    pub auth: u32,
    /// The flags.
    pub flags: u8,
    /// 1, 2, 4 or 8.
    pub route_hash_size: usize,
    /// The route hashes, upper-case hex.
    pub route: Vec<String>,
    /// SNR in dB at each hop done, from the header path.
    pub snrs: Vec<f64>,
}

/// MULTIPART.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MultipartJson {
    /// Packets still to come.
    pub remaining: u8,
    /// The inner payload type.
    pub inner_type: &'static str,
    /// The inner payload.
    pub inner: String,
    /// The inner ACK's CRC, for a multi-ACK.
    pub ack_crc: Option<String>,
}

/// CONTROL.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ControlJson {
    /// `DISCOVER_REQ`, `DISCOVER_RESP` or `UNKNOWN`.
    pub sub_type: &'static str,
    /// Byte 0.
    pub flags: u8,
    /// DISCOVER_REQ: responders send 8-byte key prefixes.
    pub prefix_only: Option<bool>,
    /// DISCOVER_REQ: bit n asks for role n.
    pub type_filter: Option<u8>,
    /// Discovery tag.
    pub tag: Option<u32>,
    /// DISCOVER_REQ: the optional `since`.
    pub since: Option<u32>,
    /// DISCOVER_RESP: the responder's role.
    pub node_type: Option<&'static str>,
    /// DISCOVER_RESP: SNR of the request, dB.
    pub snr: Option<f64>,
    /// DISCOVER_RESP: the public key or its prefix.
    pub public_key: Option<String>,
    /// Other sub-types: the bytes after byte 0.
    pub data: Option<String>,
}

/// RAW_CUSTOM.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RawCustomJson {
    /// The bytes.
    pub data: String,
    /// Their count.
    pub len: usize,
}

/// Fills the object of the packet's payload type; `raw` is the payload's bytes.
pub(super) fn fill(json: &mut PacketJson, packet: &PacketRepr, raw: &[u8], keys: &Keyring) {
    let payload = &packet.payload;
    match payload {
        PayloadRepr::Advert(advert) => json.advert = Some(advert_json(advert, raw)),
        PayloadRepr::GrpTxt(group) => json.group = Some(group_json(group, keys)),
        PayloadRepr::GrpData(group) => json.group_data = Some(group_data_json(group, keys)),
        PayloadRepr::Req(d)
        | PayloadRepr::Response(d)
        | PayloadRepr::TxtMsg(d)
        | PayloadRepr::Path(d) => {
            json.datagram = Some(datagram_json(payload.payload_type(), d, keys));
        }
        PayloadRepr::AnonReq(request) => json.anon_req = Some(anon_req_json(request, keys)),
        PayloadRepr::Ack(ack) => {
            json.ack = Some(AckJson {
                crc: hex::encode_lower(&ack.crc.to_le_bytes()),
                crc_u32: ack.crc,
                extra: hex::encode_lower(ack.extra),
            });
        }
        PayloadRepr::Trace(t) => {
            json.trace = Some(TraceJson {
                tag: t.tag,
                auth: t.auth,
                flags: t.flags,
                route_hash_size: t.route_hash_size(),
                route: t.route_hashes().map(hex::encode_upper).collect(),
                snrs: packet
                    .path
                    .iter()
                    .map(|&b| f64::from(trace::snr_db(b)))
                    .collect(),
            });
        }
        PayloadRepr::Multipart(m) => json.multipart = Some(multipart_json(m)),
        PayloadRepr::Control(c) => json.control = Some(control_json(c)),
        PayloadRepr::RawCustom(r) => {
            json.raw_custom = Some(RawCustomJson {
                data: hex::encode_lower(r.data),
                len: r.data.len(),
            });
        }
    }
}

fn advert_json(advert: &AdvertRepr, raw: &[u8]) -> AdvertJson {
    let degrees = advert.app_data.location.and_then(Location::degrees);
    AdvertJson {
        public_key: hex::encode_lower(&advert.public_key),
        timestamp: advert.timestamp,
        signature: hex::encode_lower(&advert.signature),
        signature_valid: advert::Packet::new_checked(raw)
            .is_ok_and(|view| advert_sig::verify_payload(&view)),
        flags: advert.app_data.flags(),
        role: advert.app_data.role.name(),
        name: advert.app_data.name_text().map(|name| name.into_owned()),
        has_location: advert.app_data.location.is_some(),
        lat: degrees.map(|(lat, _)| lat),
        lon: degrees.map(|(_, lon)| lon),
        feature1: advert.app_data.feature1,
        feature2: advert.app_data.feature2,
    }
}

fn group_json(group: &GroupRepr, keys: &Keyring) -> GroupJson {
    let mut json = GroupJson {
        channel_hash: hex::encode_lower(&[group.channel_hash]),
        mac: hex::encode_lower(&group.mac),
        ciphertext: hex::encode_lower(group.ciphertext),
        ciphertext_len: group.ciphertext.len(),
        channel: None,
        timestamp: None,
        txt_type: None,
        attempt: None,
        text: None,
        sender: None,
        message: None,
    };
    let Some(opened) = keys.open_group(group) else {
        return json;
    };
    json.channel = Some(opened.channel.name().to_owned());
    if let Some(Ok(PlainRepr::Text(text))) =
        PlainRepr::parse(PayloadType::GrpTxt, opened.plaintext.as_bytes())
    {
        json.timestamp = Some(text.timestamp);
        json.txt_type = Some(text.text_type.name());
        json.attempt = Some(text.attempt);
        json.text = Some(text.text_lossy().into_owned());
        if let Some((sender, message)) = text.sender_and_message() {
            json.sender = Some(sender.into_owned());
            json.message = Some(message.into_owned());
        }
    }
    json
}

fn group_data_json(group: &GroupRepr, keys: &Keyring) -> GroupDataJson {
    let mut json = GroupDataJson {
        channel_hash: hex::encode_lower(&[group.channel_hash]),
        mac: hex::encode_lower(&group.mac),
        ciphertext: hex::encode_lower(group.ciphertext),
        ciphertext_len: group.ciphertext.len(),
        channel: None,
        data_type: None,
        data_len: None,
        data: None,
    };
    let Some(opened) = keys.open_group(group) else {
        return json;
    };
    json.channel = Some(opened.channel.name().to_owned());
    if let Some(Ok(PlainRepr::GroupData(data))) =
        PlainRepr::parse(PayloadType::GrpData, opened.plaintext.as_bytes())
    {
        json.data_type = Some(data.data_type);
        json.data_len = Some(data.data.len());
        json.data = Some(hex::encode_lower(data.data));
    }
    json
}

fn datagram_json(
    payload_type: PayloadType,
    datagram: &DatagramRepr,
    keys: &Keyring,
) -> DatagramJson {
    DatagramJson {
        dest_hash: hex::encode_lower(&[datagram.dest_hash]),
        src_hash: hex::encode_lower(&[datagram.src_hash]),
        mac: hex::encode_lower(&datagram.mac),
        ciphertext: hex::encode_lower(datagram.ciphertext),
        ciphertext_len: datagram.ciphertext.len(),
        decrypted: keys
            .open_datagram(datagram)
            .map(|opened| DecryptedJson::new(payload_type, &opened)),
    }
}

fn anon_req_json(request: &AnonReqRepr, keys: &Keyring) -> AnonReqJson {
    AnonReqJson {
        dest_hash: hex::encode_lower(&[request.dest_hash]),
        sender_key: hex::encode_lower(&request.sender_key),
        mac: hex::encode_lower(&request.mac),
        ciphertext: hex::encode_lower(request.ciphertext),
        ciphertext_len: request.ciphertext.len(),
        decrypted: keys
            .open_anon_req(request)
            .map(|opened| DecryptedJson::new(PayloadType::AnonReq, &opened)),
    }
}

fn multipart_json(multipart: &MultipartRepr) -> MultipartJson {
    MultipartJson {
        remaining: multipart.remaining,
        inner_type: multipart.inner_type.name(),
        inner: hex::encode_lower(multipart.inner),
        ack_crc: multipart
            .ack()
            .map(|ack| hex::encode_lower(&ack.crc.to_le_bytes())),
    }
}

fn control_json(control: &ControlRepr) -> ControlJson {
    let mut json = ControlJson {
        sub_type: control.control_type().name(),
        flags: 0,
        prefix_only: None,
        type_filter: None,
        tag: None,
        since: None,
        node_type: None,
        snr: None,
        public_key: None,
        data: None,
    };
    match control {
        ControlRepr::DiscoverReq(req) => {
            json.flags = control.control_type().bits() | req.flags;
            json.prefix_only = Some(req.prefix_only());
            json.type_filter = Some(req.type_filter);
            json.tag = Some(req.tag);
            json.since = req.since;
        }
        ControlRepr::DiscoverResp(resp) => {
            json.flags = control.control_type().bits() | resp.node_type.bits();
            json.node_type = Some(resp.node_type.name());
            json.snr = Some(f64::from(resp.snr) / 4.0);
            json.tag = Some(resp.tag);
            json.public_key = Some(hex::encode_lower(resp.public_key));
        }
        ControlRepr::Other { flags, data } => {
            json.flags = *flags;
            json.data = Some(hex::encode_lower(data));
        }
    }
    json
}
