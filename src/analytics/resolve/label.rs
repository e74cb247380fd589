//! [`NodeLabel`] and [`VertexLabel`]: what snapshots say about a node or a graph vertex so a reader (or a
//! view) can show it without going back to the store.

use serde::Serialize;

use super::{Vertex, ids};
use crate::hex;
use crate::store::{NodeId, Store};

/// A node as snapshots show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeLabel {
    /// Its id in the store.
    #[serde(serialize_with = "ids::node")]
    pub id: NodeId,
    /// Its public key, 64 lower-case hex digits.
    pub public_key: String,
    /// Its advertised name.
    pub name: Option<String>,
    /// Its advertised role (`REPEATER`, `ROOM`, `CHAT`, ...).
    pub role: Option<&'static str>,
    /// Latitude in degrees, if it advertised a fix.
    pub lat: Option<f64>,
    /// Longitude in degrees.
    pub lon: Option<f64>,
}

impl NodeLabel {
    /// The label of node `id`; `None` for an unknown id.
    pub fn of(store: &Store, id: NodeId) -> Option<NodeLabel> {
        let node = store.node(id)?;
        let position = node.location.and_then(|location| location.degrees());
        Some(NodeLabel {
            id,
            public_key: hex::encode_lower(&node.public_key),
            name: node
                .name
                .and_then(|name| store.string(name))
                .map(str::to_owned),
            role: node.role.map(|role| role.name()),
            lat: position.map(|(lat, _)| lat),
            lon: position.map(|(_, lon)| lon),
        })
    }
}

/// A graph vertex as snapshots show it: a node, or an observer that is no known node.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VertexLabel {
    /// The vertex.
    pub vertex: Vertex,
    /// Its public key in hex, when known.
    pub public_key: Option<String>,
    /// Its name.
    pub name: Option<String>,
    /// Its advertised role; `None` for an observer that never advertised.
    pub role: Option<&'static str>,
}

impl VertexLabel {
    /// The label of `vertex`.
    pub fn of(store: &Store, vertex: Vertex) -> VertexLabel {
        match vertex {
            Vertex::Node(id) => match NodeLabel::of(store, id) {
                Some(label) => VertexLabel {
                    vertex,
                    public_key: Some(label.public_key),
                    name: label.name,
                    role: label.role,
                },
                None => VertexLabel {
                    vertex,
                    public_key: None,
                    name: None,
                    role: None,
                },
            },
            Vertex::Observer(id) => {
                let observer = store.observers().get(id);
                VertexLabel {
                    vertex,
                    public_key: observer
                        .and_then(|o| o.public_key)
                        .map(|key| hex::encode_lower(&key)),
                    name: observer.and_then(|o| o.name.clone()),
                    role: None,
                }
            }
        }
    }
}
