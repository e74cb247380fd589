//! A Wireshark-style field tree of one packet, for the UI's packet view: each node names a field, gives its byte
//! range (from the wire files' `field` ranges, never computed twice), a display value and children. Malformed
//! input yields every field that could be read and an `error` node at the offending offset. Decrypted fields span
//! bytes of [`Dissection::plaintext`], not of the packet.

mod frame;
mod payload;
mod plain;

use core::ops::Range;

use serde::Serialize;

use super::crypto::Keyring;
use super::field::Field;
use super::json::ErrorJson;
use super::{Packet, PacketRepr, decode};

/// Which bytes a node's range indexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    /// The packet as received.
    Packet,
    /// The decrypted plaintext ([`Dissection::plaintext`]).
    Plaintext,
}

/// One field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Node {
    /// The field's snake_case name, e.g. `path_len`, `hop`, `signature_valid`.
    pub name: String,
    /// What it holds, for people, e.g. `0x83 (3 hops × 3 B)`.
    pub value: String,
    /// Which bytes `start..end` index.
    pub layer: Layer,
    /// First byte.
    pub start: usize,
    /// One past the last byte (equal to `start` for a point, such as a truncation at the end).
    pub end: usize,
    /// Sub-fields.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Node>,
}

impl Node {
    /// A leaf over `range` of `layer`.
    pub fn new(name: &str, value: String, layer: Layer, range: Range<usize>) -> Node {
        Node {
            name: name.to_owned(),
            value,
            layer,
            start: range.start,
            end: range.end,
            children: Vec::new(),
        }
    }

    /// The byte range.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// The field tree of one packet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dissection {
    /// One line: the decoded packet, or its raw header when it does not decode.
    pub summary: String,
    /// Top-level fields in byte order: header, transport codes, path_len, path, payload, then an `error` node.
    pub nodes: Vec<Node>,
    /// Why the firmware would refuse the packet.
    pub error: Option<ErrorJson>,
    /// Decrypted bytes, lower-case hex, when a key opened the payload.
    pub plaintext: Option<String>,
}

/// Dissects `bytes` without keys.
pub fn dissect(bytes: &[u8]) -> Dissection {
    dissect_with_keys(bytes, &Keyring::new())
}

/// Dissects `bytes`, labelling regions and decrypting with `keys`, and checking advert signatures.
pub fn dissect_with_keys(bytes: &[u8], keys: &Keyring) -> Dissection {
    let decoded = decode(bytes);
    let mut out = Dissection {
        summary: match &decoded {
            Ok(decoded) => decoded.packet.to_string(),
            Err(_) => Packet::new_unchecked(bytes).to_string(),
        },
        nodes: Vec::new(),
        error: None,
        plaintext: None,
    };
    frame::nodes(bytes, keys, &mut out.nodes);
    if let Ok(view) = Packet::new_checked(bytes) {
        let repr = PacketRepr::parse(&view).ok();
        let mut tree = Tree::new(view.payload(), view.payload_range().start);
        out.plaintext = payload::nodes(&mut tree, view.payload_type(), repr.as_ref(), keys);
        let mut node = Node::new(
            "payload",
            format!("{} bytes", view.payload().len()),
            Layer::Packet,
            view.payload_range(),
        );
        node.children = tree.nodes;
        out.nodes.push(node);
    }
    if let Err(err) = decoded {
        let at = err.offset();
        out.nodes.push(Node::new(
            "error",
            err.to_string(),
            Layer::Packet,
            at..(at + 1).min(bytes.len()).max(at),
        ));
        out.error = Some(err.into());
    }
    out
}

/// Collects the nodes of one buffer (a payload or a plaintext) whose field ranges are relative to it.
struct Tree<'a> {
    data: &'a [u8],
    base: usize,
    layer: Layer,
    nodes: Vec<Node>,
}

impl<'a> Tree<'a> {
    fn new(data: &'a [u8], base: usize) -> Tree<'a> {
        Tree {
            data,
            base,
            layer: Layer::Packet,
            nodes: Vec::new(),
        }
    }

    fn plaintext(data: &'a [u8]) -> Tree<'a> {
        Tree {
            data,
            base: 0,
            layer: Layer::Plaintext,
            nodes: Vec::new(),
        }
    }

    /// Adds a node for `range` when the buffer holds it and it is not empty, with the value made from the
    /// field's bytes; returns whether it did.
    fn field(&mut self, name: &str, range: Field, value: impl FnOnce(&'a [u8]) -> String) -> bool {
        let Some(bytes) = self
            .data
            .get(range.clone())
            .filter(|bytes| !bytes.is_empty())
        else {
            return false;
        };
        let node = Node::new(
            name,
            value(bytes),
            self.layer,
            self.base + range.start..self.base + range.end,
        );
        self.nodes.push(node);
        true
    }

    /// Adds a node that spans `range` but whose value is known otherwise (a verdict on the field).
    fn note(&mut self, name: &str, range: Field, value: String) {
        let range = self.base + range.start..self.base + range.end;
        self.nodes.push(Node::new(name, value, self.layer, range));
    }

    /// A tree over the part `range` of this buffer (empty if it does not hold it), for a node's children.
    fn sub(&self, range: Field) -> Tree<'a> {
        let data = self.data.get(range.clone()).unwrap_or_default();
        Tree {
            data,
            base: self.base + range.start,
            layer: self.layer,
            nodes: Vec::new(),
        }
    }

    /// Makes `children` the children of the last node added.
    fn attach(&mut self, children: Vec<Node>) {
        if let Some(last) = self.nodes.last_mut() {
            last.children = children;
        }
    }
}

/// Upper-case hex of a field's bytes.
fn hex_upper(bytes: &[u8]) -> String {
    crate::hex::encode_upper(bytes)
}

/// A little-endian integer field's value.
fn le_u32(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .rev()
        .fold(0, |acc, &b| (acc << 8) | u32::from(b))
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::hex;

    fn names(nodes: &[Node]) -> Vec<&str> {
        nodes.iter().map(|n| n.name.as_str()).collect()
    }

    #[test]
    fn ack_tree() {
        let bytes = hex::decode("0D04B891647EBB40BA70").unwrap();
        let d = dissect(&bytes);
        assert_eq!(d.summary, "ACK flood 4×1B BB40BA70");
        assert_eq!(names(&d.nodes), ["header", "path_len", "path", "payload"]);
        assert_eq!(
            names(&d.nodes[0].children),
            ["route_type", "payload_type", "version"]
        );
        assert_eq!(d.nodes[2].children.len(), 4);
        assert_eq!(
            (
                d.nodes[2].children[3].value.as_str(),
                d.nodes[2].children[3].range()
            ),
            ("7E", 5..6)
        );
        assert_eq!(d.nodes[3].children[0].name, "crc");
        assert_eq!(d.nodes[3].children[0].range(), 6..10);
        assert_eq!(d.error, None);
    }

    #[test]
    fn malformed_keeps_what_it_read() {
        let d = dissect(&hex::decode("15C1FF00").unwrap());
        assert_eq!(names(&d.nodes), ["header", "path_len", "error"]);
        assert_eq!(d.nodes[2].range(), 1..2);
        assert_eq!(
            d.error.as_ref().map(|e| (e.field, e.offset)),
            Some(("path_len", 1))
        );
        // A datagram cut after its MAC: hashes and MAC are shown, then the error at the ciphertext.
        let d = dissect(&hex::decode("0200D1DEB01B").unwrap());
        assert_eq!(
            names(&d.nodes),
            ["header", "path_len", "path", "payload", "error"]
        );
        assert_eq!(
            names(&d.nodes[3].children),
            ["dest_hash", "src_hash", "mac"]
        );
        assert_eq!(d.nodes[4].range(), 6..6);
        assert_eq!(dissect(&[]).nodes.len(), 1);
    }

    fn find<'n>(nodes: &'n [Node], name: &str) -> &'n Node {
        find_in(nodes, name).unwrap_or_else(|| panic!("no {name} node"))
    }

    fn find_in<'n>(nodes: &'n [Node], name: &str) -> Option<&'n Node> {
        nodes
            .iter()
            .find(|n| n.name == name)
            .or_else(|| nodes.iter().find_map(|n| find_in(&n.children, name)))
    }

    #[test]
    fn keys_label_regions_and_open_messages() {
        let mut keys = Keyring::new();
        keys.add_region("#ottawa");
        let bytes = hex::decode(
            "14FA1A0000034E927D596EA23622BCB4D5945E49348165AF7DABA3F5DCEED85F430E0856DB5B591E86AB3363BC00E1BA3077\
             6698F72FC57C7168E66A4875CDB710F3C175FC2B3FE75A036EF14FA59A709062D3A9FF7014F2E7A8512C",
        )
        .unwrap();
        let scope = find(&dissect_with_keys(&bytes, &keys).nodes, "scope").clone();
        assert_eq!(
            (scope.value.as_str(), scope.range()),
            ("0x1AFA (#ottawa)", 1..3)
        );

        keys.add_channel(
            "#bot",
            crate::protocol::crypto::ChannelKey::from_hashtag("#bot"),
        );
        let bytes =
            hex::decode("15833FA002860CCAE0EED9CA78B9AB0775D477C1F6490A398BF4EDC75240").unwrap();
        let d = dissect_with_keys(&bytes, &keys);
        assert_eq!(find(&d.nodes, "channel").value, "#bot");
        let decrypted = find(&d.nodes, "decrypted");
        assert_eq!(decrypted.range(), 12..bytes.len());
        let text = find(&decrypted.children, "text");
        assert_eq!(
            (text.value.as_str(), text.layer, text.range()),
            ("\"Roy B V4: P\"", Layer::Plaintext, 5..16)
        );
        assert_eq!(d.plaintext.as_deref().map(str::len), Some(32));

        let bytes = hex::decode(
            "1100E04B135959FFAC9397B600ADD84822CB8BF4A050A7F40965DD1AB7AEA3DDD3743327E668B5DB95BC8FBC3894B115415D\
             6E4CCA36F9C9E62E923AFD37C3E2A154B27B0C53B6CFDDD45BB3FAF56FDAF08860D985CA2DA44F9DCAC1D7D76FC2B86D7B26E\
             004814C69616D20436F74746C6520F09FA4A0",
        )
        .unwrap();
        let d = dissect(&bytes);
        assert_eq!(find(&d.nodes, "signature_valid").value, "valid");
        assert_eq!(find(&d.nodes, "role").value, "CHAT");
        assert_eq!(find(&d.nodes, "name").value, "\"Liam Cottle 🤠\"");
        assert_eq!(find(&d.nodes, "name").range(), 103..119);
    }
}
