//! The one-line summary of a transmission in the packet list: what it says, not how it travelled.

use super::hops::{HopLabel, hash_label};
use crate::protocol::{DatagramRepr, PayloadRepr};
use crate::store::{MessageKind, Store, Subject, TxId};

/// The summary: an advert's role and name; a channel message's channel and `sender: text`; a datagram's
/// source and destination; an ACK's CRC; a trace's route.
pub fn summary(store: &Store, tx: TxId) -> String {
    let Some(decoded) = store.decode(tx) else {
        return String::from("does not decode");
    };
    match decoded.packet.payload {
        PayloadRepr::Advert(advert) => {
            let name = advert.app_data.name_text();
            let valid = store
                .transmissions()
                .flags(tx)
                .and_then(|f| f.signature_valid());
            format!(
                "{} \"{}\"{}",
                advert.app_data.role.name(),
                name.as_deref().unwrap_or(""),
                if valid == Some(false) {
                    " · bad signature"
                } else {
                    ""
                }
            )
        }
        PayloadRepr::GrpTxt(group) | PayloadRepr::GrpData(group) => match store.subject(tx) {
            Some(Subject::Message(id)) => {
                let Some(message) = store.message(id) else {
                    return String::new();
                };
                let channel = store
                    .channels()
                    .get(message.channel)
                    .map_or("?", |info| info.name.as_str());
                let sender = message.sender.and_then(|s| store.string(s)).unwrap_or("?");
                match message.kind {
                    MessageKind::Text { .. } => format!(
                        "{channel} · {sender}: {}",
                        store.channels().message_text(id).unwrap_or("")
                    ),
                    MessageKind::Data { data_type, len } => {
                        format!("{channel} · data type {data_type}, {len} bytes")
                    }
                }
            }
            _ => format!("channel {:02X} · no key", group.channel_hash),
        },
        PayloadRepr::TxtMsg(datagram)
        | PayloadRepr::Req(datagram)
        | PayloadRepr::Response(datagram)
        | PayloadRepr::Path(datagram) => between(store, datagram),
        PayloadRepr::Ack(ack) => format!("crc {:08X}", ack.crc),
        PayloadRepr::Trace(trace) => {
            let route: Vec<String> = trace
                .route_hashes()
                .map(|hop| hash_label(store, hop).text().to_owned())
                .collect();
            format!("trace {}", route.join(" → "))
        }
        PayloadRepr::AnonReq(request) => {
            let from = match store.subject(tx) {
                Some(Subject::Node(id)) => store
                    .node(id)
                    .and_then(|node| node.name)
                    .and_then(|name| store.string(name))
                    .map(str::to_owned),
                _ => None,
            }
            .unwrap_or_else(|| {
                crate::hex::encode_upper(request.sender_key.get(..4).unwrap_or_default())
            });
            format!("{from} → {}", node_text(store, request.dest_hash))
        }
        payload => payload.to_string(),
    }
}

/// `source → destination` of a datagram, named where the 1-byte hash is unique.
fn between(store: &Store, datagram: DatagramRepr<'_>) -> String {
    format!(
        "{} → {}",
        node_text(store, datagram.src_hash),
        node_text(store, datagram.dest_hash)
    )
}

/// A 1-byte node hash as shown: a name when unique, else the hex byte (with `?` when ambiguous).
fn node_text(store: &Store, hash: u8) -> String {
    match hash_label(store, &[hash]) {
        HopLabel::Named { name, .. } => name,
        HopLabel::Ambiguous { prefix, .. } => format!("{prefix}?"),
        HopLabel::Unknown { prefix } => prefix,
    }
}
