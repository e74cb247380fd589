//! Nodes of the packet framing: header bits, transport codes (with the region label), `path_len` and each hop.

use super::{Layer, Node, hex_upper};
use crate::protocol::crypto::Keyring;
use crate::protocol::field::byte;
use crate::protocol::packet::field;
use crate::protocol::payload::trace;
use crate::protocol::{Packet, PathLen, PayloadType, RouteType, header};

/// Appends the framing nodes that `bytes` holds.
pub(super) fn nodes(bytes: &[u8], keys: &Keyring, out: &mut Vec<Node>) {
    let Some(&head) = bytes.get(field::HEADER) else {
        return;
    };
    let at = byte(field::HEADER);
    let route = RouteType::from_header(head);
    let kind = PayloadType::from_header(head);
    let mut node = Node::new("header", format!("0x{head:02X}"), Layer::Packet, at.clone());
    node.children = vec![
        Node::new(
            "route_type",
            format!("{} ({})", route.name(), route.bits()),
            Layer::Packet,
            at.clone(),
        ),
        Node::new(
            "payload_type",
            format!("{} (0x{:02X})", kind.name(), kind.bits()),
            Layer::Packet,
            at.clone(),
        ),
        Node::new(
            "version",
            header::version(head).to_string(),
            Layer::Packet,
            at,
        ),
    ];
    out.push(node);
    let view = Packet::new_unchecked(bytes);
    if route.has_transport_codes() {
        if bytes.len() < field::TRANSPORT_CODES.end {
            return;
        }
        out.push(transport_codes(&view, keys));
    }
    let at = view.path_len_offset();
    let Some(&value) = bytes.get(at) else { return };
    let path_len = PathLen(value);
    out.push(path_len_node(path_len, kind, at));
    let Ok(len) = path_len.byte_len(kind, at) else {
        return;
    };
    let range = field::PATH(at, len);
    let Some(path) = bytes.get(range.clone()) else {
        return;
    };
    out.push(path_node(path, path_len, kind, range.start));
}

fn transport_codes(view: &Packet<&[u8]>, keys: &Keyring) -> Node {
    let codes = view.transport_codes().unwrap_or_default();
    let region = Packet::new_checked(view.into_inner())
        .ok()
        .and_then(|checked| keys.region_of(codes, checked.payload_type(), checked.payload()))
        .map_or_else(
            || "region unknown".to_owned(),
            |region| region.name().to_owned(),
        );
    let mut node = Node::new(
        "transport_codes",
        format!("{:04X} {:04X}", codes.scope, codes.reserved),
        Layer::Packet,
        field::TRANSPORT_CODES,
    );
    node.children = vec![
        Node::new(
            "scope",
            format!("0x{:04X} ({region})", codes.scope),
            Layer::Packet,
            field::TRANSPORT_CODE_1,
        ),
        Node::new(
            "reserved",
            format!("0x{:04X}", codes.reserved),
            Layer::Packet,
            field::TRANSPORT_CODE_2,
        ),
    ];
    node
}

fn path_len_node(path_len: PathLen, kind: PayloadType, at: usize) -> Node {
    let range = byte(at);
    if kind == PayloadType::Trace {
        let value = format!("0x{:02X} ({} SNRs)", path_len.0, path_len.0);
        return Node::new("path_len", value, Layer::Packet, range);
    }
    let size = path_len
        .hash_size()
        .map_or_else(|| "reserved (0b11)".to_owned(), |size| format!("{size} B"));
    let mut node = Node::new(
        "path_len",
        format!(
            "0x{:02X} ({} hops × {size})",
            path_len.0,
            path_len.hash_count()
        ),
        Layer::Packet,
        range.clone(),
    );
    node.children = vec![
        Node::new("hash_size", size, Layer::Packet, range.clone()),
        Node::new(
            "hash_count",
            path_len.hash_count().to_string(),
            Layer::Packet,
            range,
        ),
    ];
    node
}

fn path_node(path: &[u8], path_len: PathLen, kind: PayloadType, start: usize) -> Node {
    let mut node = Node::new(
        "path",
        hex_upper(path),
        Layer::Packet,
        start..start + path.len(),
    );
    if kind == PayloadType::Trace {
        node.children = path
            .iter()
            .enumerate()
            .map(|(i, &b)| {
                let value = format!("{} dB", trace::snr_db(b));
                Node::new("snr", value, Layer::Packet, start + i..start + i + 1)
            })
            .collect();
        return node;
    }
    let size = path_len.hash_size().unwrap_or(1);
    node.children = path
        .chunks_exact(size)
        .enumerate()
        .map(|(i, hop)| {
            Node::new(
                "hop",
                hex_upper(hop),
                Layer::Packet,
                start + i * size..start + (i + 1) * size,
            )
        })
        .collect();
    node
}
