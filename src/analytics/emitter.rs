//! Who sent the copy an observer heard: the emitter of a hearing.
//!
//! A flood copy with hops was sent by its last hop (each repeater appends its own hash before it
//! rebroadcasts); a copy with no hops was sent by the packet's originator, known for an ADVERT or ANON_REQ
//! (the store's subject node). A DIRECT copy with hops lists the hops still to go, so its sender is not in
//! it, and a TRACE path holds SNRs: neither has a known emitter.
//!
//! A hop hash is resolved to a node only when exactly one known node has that prefix; otherwise it stays a
//! prefix, with the number of candidates (0: unknown, more than 1: ambiguous), never silently resolved.

use serde::Serialize;

use crate::hex;
use crate::protocol::{PathLen, PayloadType, RouteType};
use crate::store::index::HopHash;
use crate::store::{NodeId, PathId, Store, TxId};

/// An emitter while counting: a node, or a hop prefix that matches no node or several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum EmitterKey {
    /// Exactly one known node.
    Node(NodeId),
    /// A hop hash that matches no known node or several.
    Prefix(HopHash),
}

/// An emitter as a snapshot shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Emitter {
    /// The hop hash (or, for a node heard only at zero hops, the first key byte), lower-case hex.
    pub prefix: String,
    /// The node's public key, lower-case hex, when resolved.
    pub public_key: Option<String>,
    /// The node's advertised name, when resolved and named.
    pub name: Option<String>,
    /// Known nodes matching `prefix`: 1 when resolved, 0 unknown, more than 1 ambiguous.
    pub candidates: usize,
}

impl EmitterKey {
    /// The key of `hop`: its node when exactly one known node matches it.
    pub(crate) fn of_hop(store: &Store, hop: HopHash) -> EmitterKey {
        match store.candidates(hop.as_bytes()) {
            [node] => EmitterKey::Node(*node),
            _ => EmitterKey::Prefix(hop),
        }
    }

    /// How a snapshot shows this emitter.
    pub(crate) fn describe(self, store: &Store) -> Emitter {
        match self {
            EmitterKey::Node(node) => {
                let known = store.nodes().get(node);
                let key = known.map(|n| n.public_key);
                let size = known
                    .and_then(|n| n.hash_size)
                    .map_or(1, usize::from)
                    .clamp(1, 3);
                Emitter {
                    prefix: key
                        .map(|k| hex::encode_lower(k.get(..size).unwrap_or_default()))
                        .unwrap_or_default(),
                    public_key: key.map(|k| hex::encode_lower(&k)),
                    name: known
                        .and_then(|n| n.name)
                        .and_then(|name| store.string(name))
                        .map(str::to_owned),
                    candidates: 1,
                }
            }
            EmitterKey::Prefix(hop) => Emitter {
                prefix: hex::encode_lower(hop.as_bytes()),
                public_key: None,
                name: None,
                candidates: store.candidates(hop.as_bytes()).len(),
            },
        }
    }
}

/// The originator of `tx` when the store knows it (the node of an ADVERT or ANON_REQ).
pub(crate) fn originator(store: &Store, tx: TxId, kind: PayloadType) -> Option<NodeId> {
    match kind {
        PayloadType::Advert | PayloadType::AnonReq => store.transmissions().subject(tx).map(NodeId),
        _ => None,
    }
}

/// What the analytics need of one interned path, computed once per path id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PathFacts {
    /// Hop count (entries for TRACE).
    pub hops: u8,
    /// Byte length of the path.
    pub bytes: u8,
    /// The last hop hash, if any.
    pub last_hop: Option<HopHash>,
}

/// Appends to `facts` (the [`PathFacts`] of the first paths of the table, by path id) those of the paths
/// added since: paths are interned for good until an eviction renumbers them.
pub(crate) fn extend_path_facts(store: &Store, facts: &mut Vec<PathFacts>) {
    let paths = store.paths();
    facts.extend((facts.len() as u32..paths.len() as u32).map(|id| {
        let Some(path) = paths.get(PathId(id)) else {
            return PathFacts {
                hops: 0,
                bytes: 0,
                last_hop: None,
            };
        };
        PathFacts {
            hops: path.hop_count() as u8,
            bytes: path.bytes.len() as u8,
            last_hop: path
                .bytes
                .chunks_exact(path.hash_size())
                .next_back()
                .and_then(HopHash::new),
        }
    }));
}

/// Who sent a copy, before the node table says which node that is: the originator of a zero-hop copy, or the
/// last hop hash of a flood. Incremental analytics count by sender and turn senders into [`EmitterKey`]s when
/// they build a snapshot, since which prefixes are unique changes as adverts arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Sender {
    /// The packet's originator (a zero-hop copy).
    Origin(NodeId),
    /// The last hop of a flood path.
    Hop(HopHash),
}

impl Sender {
    /// The emitter this sender is with the store's nodes as they are now.
    pub(crate) fn key(self, store: &Store) -> EmitterKey {
        match self {
            Sender::Origin(node) => EmitterKey::Node(node),
            Sender::Hop(hop) => EmitterKey::of_hop(store, hop),
        }
    }
}

/// The sender of a copy of a packet of `kind` sent with `route` over a path of `facts`, whose originator is
/// `origin`: the last hop of a flood path, the originator of a zero-hop copy; none for TRACE (its path holds
/// SNRs) and for a DIRECT copy with hops (its path lists the hops still to go).
pub(crate) fn sender_of(
    kind: PayloadType,
    route: RouteType,
    facts: PathFacts,
    origin: Option<NodeId>,
) -> Option<Sender> {
    if kind == PayloadType::Trace {
        return None;
    }
    if facts.hops == 0 {
        return origin.map(Sender::Origin);
    }
    if !route.is_flood() {
        return None;
    }
    facts.last_hop.map(Sender::Hop)
}

/// The length of `raw` (a stored first copy) without its path bytes: add a copy's path bytes to get that
/// copy's length on the air. `None` when `raw` is too short to hold the path its `path_len` byte describes.
pub(crate) fn length_without_path(raw: &[u8]) -> Option<usize> {
    let header = *raw.first()?;
    let at = if RouteType::from_header(header).has_transport_codes() {
        5
    } else {
        1
    };
    let path_len = PathLen(*raw.get(at)?);
    let path_bytes = path_len.hash_count() * path_len.raw_hash_size();
    raw.len().checked_sub(path_bytes)
}
