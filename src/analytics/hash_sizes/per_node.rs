//! Per-node hash sizes: each node's current size, the repeaters by size, and the multi-byte adopters.

use super::advertised::advertised_size;
use super::{MAX_NODES, SizeCounts};
use crate::hex;
use crate::protocol::Role;
use crate::store::{Node, Store};
use serde::Serialize;

/// One node's current path hash size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeHashSize {
    /// The public key, 64 lower-case hex digits.
    pub public_key: String,
    /// The advertised name.
    pub name: Option<String>,
    /// The advertised role.
    pub role: Option<&'static str>,
    /// Its latest sized advert's size in the window.
    pub hash_size: u8,
    /// The sizes its adverts in the window used, ascending.
    pub sizes_seen: Vec<u8>,
    /// Sized adverts in the window.
    pub adverts: usize,
    /// Whether its size flip-flops ([`AdvertisedSize::inconsistent`](super::AdvertisedSize::inconsistent)).
    pub inconsistent: bool,
}

/// A node whose current size is 2 or 3 bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MultiByteAdopter {
    /// The public key, 64 lower-case hex digits.
    pub public_key: String,
    /// The advertised name.
    pub name: Option<String>,
    /// The advertised role.
    pub role: Option<&'static str>,
    /// Its current size.
    pub hash_size: u8,
    /// Its adverts (all ever ingested).
    pub adverts: u32,
    /// When it was last heard (its adverts and ANON_REQs), unix ms.
    pub last_seen_ms: i64,
}

/// The per-node part of the snapshot.
pub(super) struct PerNode {
    pub(super) nodes: Vec<NodeHashSize>,
    pub(super) inconsistent: usize,
    pub(super) by_repeaters: SizeCounts,
    pub(super) repeaters_without_size: u64,
    pub(super) adopters: Vec<MultiByteAdopter>,
}

pub(super) fn per_node(store: &Store, now_ms: i64) -> PerNode {
    let mut out = PerNode {
        nodes: Vec::new(),
        inconsistent: 0,
        by_repeaters: SizeCounts::default(),
        repeaters_without_size: 0,
        adopters: Vec::new(),
    };
    for (_, node) in store.nodes().iter() {
        let info = advertised_size(node, now_ms);
        if node.role == Some(Role::Repeater) {
            match info.size {
                Some(size) => out.by_repeaters.add(usize::from(size)),
                None => out.repeaters_without_size += 1,
            }
        }
        let Some(size) = info.size else {
            continue;
        };
        out.inconsistent += usize::from(info.inconsistent);
        if out.nodes.len() < MAX_NODES {
            out.nodes.push(NodeHashSize {
                public_key: hex::encode_lower(&node.public_key),
                name: name(store, node),
                role: node.role.map(Role::name),
                hash_size: size,
                sizes_seen: info.seen.to_vec(),
                adverts: info.adverts,
                inconsistent: info.inconsistent,
            });
        }
        if size > 1 {
            out.adopters.push(MultiByteAdopter {
                public_key: hex::encode_lower(&node.public_key),
                name: name(store, node),
                role: node.role.map(Role::name),
                hash_size: size,
                adverts: node.adverts,
                last_seen_ms: node.last_seen,
            });
        }
    }
    out.adopters.sort_by(|a, b| {
        b.last_seen_ms
            .cmp(&a.last_seen_ms)
            .then_with(|| a.public_key.cmp(&b.public_key))
    });
    out.adopters.truncate(MAX_NODES);
    out
}

/// The node's advertised name.
pub(crate) fn name(store: &Store, node: &Node) -> Option<String> {
    node.name
        .and_then(|name| store.string(name))
        .map(str::to_owned)
}
