//! Which nodes can use multi-byte path hashes (CoreScope's multi-byte capability table).

use super::MAX_NODES;
use super::advertised::sizes_ever_advertised;
use super::per_node::name;
use crate::hex;
use crate::protocol::Role;
use crate::store::{Node, Store};
use serde::Serialize;

/// What is known of a node's multi-byte capability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CapabilityStatus {
    /// It advertised with a 2- or 3-byte path hash: certain (adverts carry the full key).
    Confirmed,
    /// Its 2- or 3-byte key prefix was a hop of a 2- or 3-byte packet: it relayed one, unless another node
    /// has the same prefix.
    Suspected,
    /// Neither: older firmware, or newer firmware left at 1 byte and never seen relaying multi-byte packets.
    Unknown,
}

/// Where the capability evidence comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// Its own adverts.
    Advert,
    /// Hops of observed paths.
    Path,
}

/// One node's multi-byte capability.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Capability {
    /// The public key, 64 lower-case hex digits.
    pub public_key: String,
    /// The advertised name.
    pub name: Option<String>,
    /// The advertised role.
    pub role: Option<&'static str>,
    /// The status.
    pub status: CapabilityStatus,
    /// Where the evidence comes from (none for unknown).
    pub evidence: Option<Evidence>,
    /// The largest size seen: advertised, or of the packets it was a hop of; `None` when nothing is known.
    pub max_hash_size: Option<u8>,
    /// Suspected only: another known node shares the prefix the evidence matched, so the evidence may be
    /// that node's.
    pub shared_prefix: bool,
    /// When it was last heard (its adverts and ANON_REQs), unix ms.
    pub last_seen_ms: i64,
}

/// Nodes per capability status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct CapabilityCounts {
    /// Confirmed.
    pub confirmed: usize,
    /// Suspected.
    pub suspected: usize,
    /// Unknown.
    pub unknown: usize,
}

/// Every node's capability (sorted, at most [`MAX_NODES`]) and the counts over all of them.
pub(super) fn capabilities(store: &Store) -> (Vec<Capability>, CapabilityCounts) {
    let mut counts = CapabilityCounts::default();
    let mut list: Vec<Capability> = store
        .nodes()
        .iter()
        .map(|(_, node)| {
            let capability = node_capability(store, node);
            match capability.status {
                CapabilityStatus::Confirmed => counts.confirmed += 1,
                CapabilityStatus::Suspected => counts.suspected += 1,
                CapabilityStatus::Unknown => counts.unknown += 1,
            }
            capability
        })
        .collect();
    list.sort_by_cached_key(|entry| {
        let name = entry.name.as_deref().map(str::to_lowercase);
        (entry.status, name, entry.public_key.clone())
    });
    list.truncate(MAX_NODES);
    (list, counts)
}

/// What is known of `node`'s multi-byte capability.
pub fn node_capability(store: &Store, node: &Node) -> Capability {
    let advertised = sizes_ever_advertised(node);
    let mut entry = Capability {
        public_key: hex::encode_lower(&node.public_key),
        name: name(store, node),
        role: node.role.map(Role::name),
        status: CapabilityStatus::Unknown,
        evidence: None,
        max_hash_size: advertised.max(),
        shared_prefix: false,
        last_seen_ms: node.last_seen,
    };
    if advertised.max() >= Some(2) {
        entry.status = CapabilityStatus::Confirmed;
        entry.evidence = Some(Evidence::Advert);
        return entry;
    }
    for size in [3, 2] {
        let prefix = node.public_key.get(..size).unwrap_or_default();
        if !store.txs_with_hop(prefix).is_empty() {
            entry.status = CapabilityStatus::Suspected;
            entry.evidence = Some(Evidence::Path);
            entry.max_hash_size = Some(size as u8);
            entry.shared_prefix = store.candidates(prefix).len() > 1;
            break;
        }
    }
    entry
}
