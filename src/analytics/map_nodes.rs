//! The nodes the map draws: every node with an advertised position, its role, whether it is also an observer,
//! and how recently it was heard relative to the newest data in the store (so a dump from last month still
//! shows which nodes were live at the time).
//!
//! Freshness uses the node table's status thresholds (repeaters and rooms age slower): when the `nodes`
//! snapshot carries its status, the map reads that instead.

use crate::hex;
use crate::store::aggregates::HOUR_MS;
use crate::store::{NodeId, Store};

/// Repeaters and rooms are stale after this long without being heard.
pub const INFRA_STALE_MS: i64 = 72 * HOUR_MS;
/// Other nodes are stale after this long.
pub const STALE_MS: i64 = 24 * HOUR_MS;

/// A located node.
#[derive(Debug, Clone, PartialEq)]
pub struct MapNode {
    /// Its id.
    pub id: NodeId,
    /// Its public key, lower-case hex.
    pub key: String,
    /// Its advertised name.
    pub name: Option<String>,
    /// Its advertised role's name (`REPEATER`, ...).
    pub role: Option<&'static str>,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// Last heard (adverts, requests), unix ms.
    pub last_heard_ms: i64,
    /// Not heard for the stale threshold of its role before the newest data.
    pub stale: bool,
    /// Its key is an observer's.
    pub observer: bool,
}

/// Every node with a position, in id order.
pub fn map_nodes(store: &Store) -> Vec<MapNode> {
    let newest = store.time_span().map_or(i64::MIN, |(_, last)| last);
    store
        .nodes()
        .iter()
        .filter_map(|(id, node)| {
            let (lat, lon) = node.location?.degrees()?;
            let role = node.role.map(|role| role.name());
            let threshold = match role {
                Some("REPEATER" | "ROOM") => INFRA_STALE_MS,
                _ => STALE_MS,
            };
            Some(MapNode {
                id,
                key: hex::encode_lower(&node.public_key),
                name: node
                    .name
                    .and_then(|name| store.string(name))
                    .map(str::to_owned),
                role,
                lat,
                lon,
                last_heard_ms: node.last_seen,
                stale: newest.saturating_sub(node.last_seen) >= threshold,
                observer: store.observers().find_key(&node.public_key).is_some(),
            })
        })
        .collect()
}
