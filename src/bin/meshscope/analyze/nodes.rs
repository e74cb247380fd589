//! The `nodes` key: every node with its advertised name, role, position, advert count and hash size.

use std::io::Write;

use meshscope::hex;
use meshscope::store::Store;
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
pub fn build(store: &Store) -> Vec<NodeEntry> {
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

/// The table, readable.
pub fn write_text(entries: &[NodeEntry], out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "\nnodes: {}", entries.len())?;
    for entry in entries {
        let key = entry.public_key.get(..8).unwrap_or_default();
        let name = entry.name.as_deref().unwrap_or("-");
        let role = entry.role.unwrap_or("-");
        let size = entry
            .hash_size
            .map_or_else(|| "-".to_owned(), |s| format!("{s}B"));
        write!(
            out,
            "  {key}  {name:<24} {role:<9} {:>4} adverts  hash {size}",
            entry.adverts
        )?;
        if let (Some(lat), Some(lon)) = (entry.lat, entry.lon) {
            write!(out, "  {lat:.5},{lon:.5}")?;
        }
        writeln!(out)?;
    }
    Ok(())
}
