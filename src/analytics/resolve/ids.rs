//! How store ids and hop hashes appear in snapshots: ids as their numbers (positions in their tables), hop
//! hashes as lower-case hex, for `#[serde(serialize_with = ...)]`.

use serde::Serializer;

use crate::hex;
use crate::store::index::HopHash;
use crate::store::{NodeId, ObsId, ObserverId, TxId};

/// A node id as its number.
pub fn node<S: Serializer>(id: &NodeId, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_u32(id.0)
}

/// Node ids as their numbers.
pub fn nodes<S: Serializer>(ids: &[NodeId], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(ids.iter().map(|id| id.0))
}

/// Optional node ids as their numbers or `null`.
pub fn option_nodes<S: Serializer>(
    ids: &[Option<NodeId>],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(ids.iter().map(|id| id.map(|id| id.0)))
}

/// An optional node id as its number or `null`.
pub fn option_node<S: Serializer>(id: &Option<NodeId>, serializer: S) -> Result<S::Ok, S::Error> {
    match id {
        Some(id) => serializer.serialize_some(&id.0),
        None => serializer.serialize_none(),
    }
}

/// An observer id as its number.
pub fn observer<S: Serializer>(id: &ObserverId, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_u32(id.0)
}

/// A transmission id as its number.
pub fn tx<S: Serializer>(id: &TxId, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_u32(id.0)
}

/// An observation id as its number.
pub fn obs<S: Serializer>(id: &ObsId, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_u32(id.0)
}

/// A hop hash as lower-case hex (2, 4 or 6 digits).
pub fn hop<S: Serializer>(hop: &HopHash, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&hex::encode_lower(hop.as_bytes()))
}
