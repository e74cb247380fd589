//! The route of one packet for the map: its originator, the hops of its longest observed path with every node
//! whose key starts with each hop's hash, and the observer that heard that path.
//!
//! A hop is placed on a node only when exactly one known node has its prefix; otherwise its candidates are
//! listed and the map shows it unplaced. When the shared resolver (`analytics::resolve`) is in, its decision
//! and confidence replace the unique-match rule here.

use crate::hex;
use crate::store::{NodeId, Store, Subject, TxId};

/// One hop of a route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteHop {
    /// The hop hash, upper-case hex (1-3 bytes).
    pub prefix: String,
    /// Every known node whose key starts with it, in key order.
    pub candidates: Vec<NodeId>,
    /// The node it is placed on: the only candidate.
    pub node: Option<NodeId>,
}

/// A packet's route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PacketRoute {
    /// The packet's hash, 16 lower-case hex digits.
    pub hash: String,
    /// Its payload type's name.
    pub payload_type: &'static str,
    /// The node that sent it, when the packet says (adverts, ANON_REQs).
    pub origin: Option<NodeId>,
    /// The hops of its longest observed path, first to last.
    pub hops: Vec<RouteHop>,
    /// The name of the observer that heard that path.
    pub observer: Option<String>,
    /// That observer as a known node (by its key).
    pub observer_node: Option<NodeId>,
}

/// The route of transmission `tx`; `None` for an unknown id.
pub fn packet_route(store: &Store, tx: TxId) -> Option<PacketRoute> {
    let row = store.transmission(tx)?;
    let origin = match row.subject {
        Some(Subject::Node(node)) => Some(node),
        _ => None,
    };
    let (hops, observer) = match row.longest_path.or(row.newest.map(|obs| (0, obs))) {
        Some((_, obs)) => {
            let hops = store
                .observation_path(obs)
                .map(|path| {
                    path.hops(row.payload_type)
                        .map(|hop| route_hop(store, hop))
                        .collect()
                })
                .unwrap_or_default();
            let observer = store
                .observations()
                .observer(obs)
                .and_then(|id| store.observers().get(id));
            (hops, observer)
        }
        None => (Vec::new(), None),
    };
    Some(PacketRoute {
        hash: row.hash.to_string(),
        payload_type: row.payload_type.name(),
        origin,
        hops,
        observer: observer.and_then(|o| o.name.clone()),
        observer_node: observer
            .and_then(|o| o.public_key.as_ref())
            .and_then(|key| store.node_by_key(key)),
    })
}

fn route_hop(store: &Store, hop: &[u8]) -> RouteHop {
    let candidates = store.candidates(hop).to_vec();
    RouteHop {
        prefix: hex::encode_upper(hop),
        node: match candidates.as_slice() {
            [node] => Some(*node),
            _ => None,
        },
        candidates,
    }
}
