//! Nodes of decrypted payloads, from the plaintext wire files' `field` ranges.

use super::{Tree, hex_upper, le_u32};
use crate::protocol::PayloadType;
use crate::protocol::field::byte;
use crate::protocol::plain::{group_data, path_return, request, tagged, text};

/// Adds the nodes of the plaintext of a payload of `kind`.
pub(super) fn nodes(tree: &mut Tree, kind: PayloadType) {
    match kind {
        PayloadType::GrpTxt | PayloadType::TxtMsg => text_nodes(tree),
        PayloadType::GrpData => {
            let _ = tree.field("data_type", group_data::field::DATA_TYPE, |b| {
                format!("0x{:04X}", le_u32(b))
            }) && tree.field("data_len", byte(group_data::field::DATA_LEN), |b| {
                b[0].to_string()
            }) && tree.field(
                "data",
                group_data::Packet::new_unchecked(tree.data).data_range(),
                hex_upper,
            );
        }
        PayloadType::Req => {
            let _ = tree.field("timestamp", request::field::TIMESTAMP, |b| {
                le_u32(b).to_string()
            }) && tree.field("req_type", byte(request::field::REQ_TYPE), |b| {
                request::RequestType::from_byte(b[0]).name().to_owned()
            }) && tree.field("data", request::field::DATA..tree.data.len(), hex_upper);
        }
        PayloadType::Response | PayloadType::AnonReq => {
            let name = if kind == PayloadType::Response {
                "tag"
            } else {
                "timestamp"
            };
            let _ = tree.field(name, tagged::field::TAG, |b| le_u32(b).to_string())
                && tree.field("data", tagged::field::DATA..tree.data.len(), hex_upper);
        }
        PayloadType::Path => path_nodes(tree),
        _ => {}
    }
}

fn text_nodes(tree: &mut Tree) {
    let complete = tree.field("timestamp", text::field::TIMESTAMP, |b| {
        le_u32(b).to_string()
    }) && tree.field("flags", byte(text::field::FLAGS), |b| {
        format!(
            "0x{:02X} ({}, attempt {})",
            b[0],
            text::TextType::from_flags(b[0]).name(),
            b[0] & 3
        )
    });
    let view = text::Packet::new_unchecked(tree.data);
    if !complete || view.check_len().is_err() {
        return;
    }
    if view.text_type() == text::TextType::SignedPlain {
        tree.field("sender_prefix", text::field::SENDER_PREFIX, hex_upper);
    }
    tree.field("text", view.text_range(), |b| {
        format!("{:?}", String::from_utf8_lossy(b))
    });
    if let Some(attempt) = view.extended_attempt() {
        let at = view.text_range().end + 1;
        tree.note("extended_attempt", byte(at), attempt.to_string());
    }
}

fn path_nodes(tree: &mut Tree) {
    if !tree.field("path_len", byte(path_return::field::PATH_LEN), |b| {
        format!("0x{:02X}", b[0])
    }) {
        return;
    }
    let view = path_return::Packet::new_unchecked(tree.data);
    if view.check_len().is_err() {
        return;
    }
    let size = view.path_len().hash_size().unwrap_or(1);
    let range = view.path_range();
    tree.field("path", range.clone(), hex_upper);
    let mut sub = tree.sub(range);
    for start in (0..sub.data.len()).step_by(size) {
        sub.field("hop", start..start + size, hex_upper);
    }
    tree.attach(sub.nodes);
    let extra_at = view.path_range().end;
    tree.field("extra_type", byte(extra_at), |b| match b[0] {
        path_return::NO_EXTRA => "none (0xFF)".to_owned(),
        other => format!("0x{other:02X} ({})", PayloadType::from_bits(other).name()),
    });
    tree.field("extra", view.extra_range(), hex_upper);
}
