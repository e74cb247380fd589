//! The `nodes` key: every node with its advertised name, role, position, advert count and hash size.

use crate::hex;
use crate::store::Store;
use serde::Serialize;

/// One node.
#[derive(Debug, Serialize)]
pub struct NodeEntry {
    /// The public key, 64 lower-case hex digits.
    pub public_key: String,
    /// The advertised name.
    pub name: Option<String>,
    /// The advertised role (`CHAT`, `REPEATER`, `ROOM`, `SENSOR`, ...).
    pub role: Option<&'static str>,
    /// Latitude in degrees (none for no fix).
    pub lat: Option<f64>,
    /// Longitude in degrees.
    pub lon: Option<f64>,
    /// Unique adverts.
    pub adverts: u32,
    /// Path hash size of its latest advert that carried one.
    pub hash_size: Option<u8>,
}

/// Every node, in the order first heard.
pub fn nodes(store: &Store) -> Vec<NodeEntry> {
    store
        .nodes()
        .iter()
        .map(|(_, node)| {
            let position = node.location.and_then(|location| location.degrees());
            NodeEntry {
                public_key: hex::encode_lower(&node.public_key),
                name: node
                    .name
                    .and_then(|name| store.string(name))
                    .map(str::to_owned),
                role: node.role.map(|role| role.name()),
                lat: position.map(|(lat, _)| lat),
                lon: position.map(|(_, lon)| lon),
                adverts: node.adverts,
                hash_size: node.hash_size,
            }
        })
        .collect()
}
