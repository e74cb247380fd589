//! The `nodes` key: every node with its advertised identity and what the store heard of it, plus the hop and
//! datagram hashes that match no known node (`known: "path_only"`), so the nodes page lists them too.
//!
//! Per node (reference-analyzer 3.3 "Per-node endpoints"; the evidence is gathered in
//! [`node_table`](super::node_table)): packets it originated (adverts, ANON_REQs) and their observations;
//! transmissions whose paths hold one of its key prefixes, counted only when that prefix matches no other
//! known node (`path_transmissions`; the shared ones are `path_ambiguous`, never attributed); datagrams whose
//! 1-byte source hash is its alone; first seen and last heard over all of that; the mean SNR and the
//! observers of its own packets' observations; its hash size over the last seven days (`hash_size_varies` when
//! it flip-flops; CoreScope shows "varies"); its status by role-specific thresholds; and its latest advert's
//! signature check.

use super::hash_sizes::{advertised_size, node_name};
use super::node_table::{Evidence, Status, liveness};
use crate::hex;
use crate::protocol::Role;
use crate::store::{PrefixSource, Store};
use serde::Serialize;

/// Most path-only entries listed (those in the most transmissions).
pub const MAX_PATH_ONLY: usize = 500;

/// One node.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeEntry {
    /// The public key, 64 lower-case hex digits; `None` for a path-only entry.
    pub public_key: Option<String>,
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
    /// Path hash size of its latest sized advert within seven days before `now_ms`.
    pub hash_size: Option<u8>,
    /// How the node is known.
    pub known: Known,
    /// Path-only entries: the hash seen, upper-case hex (1-3 bytes).
    pub prefix: Option<String>,
    /// Path-only entries: where the hash was seen.
    pub prefix_source: Option<HashSource>,
    /// Transmissions it originated (adverts, ANON_REQs).
    pub transmissions: u64,
    /// Observations of those.
    pub observations: u64,
    /// Transmissions whose observed paths hold one of its key prefixes, where that prefix is its alone among
    /// known nodes (for a path-only hop entry: the transmissions with that hop).
    pub path_transmissions: u64,
    /// Transmissions whose paths hold one of its prefixes that other known nodes share too: not attributed.
    pub path_ambiguous: u64,
    /// Datagrams (REQ, RESPONSE, TXT_MSG, PATH) whose source hash is its first key byte, that byte being its
    /// alone (for a datagram-source entry: the datagrams with that hash).
    pub datagrams_sent: u64,
    /// First evidence, unix ms.
    pub first_seen_ms: i64,
    /// Last evidence of any kind above, unix ms.
    pub last_heard_ms: i64,
    /// Mean SNR of the observations of the packets it originated, dB.
    pub avg_snr_db: Option<f64>,
    /// Distinct observers that heard the packets it originated.
    pub observers: usize,
    /// Whether its advertised size flip-flops (at least 3 adverts, 2 sizes, 2 changes in seven days).
    pub hash_size_varies: bool,
    /// The sizes its adverts used in those seven days, ascending.
    pub hash_sizes_seen: Vec<u8>,
    /// Active, degraded or silent at `now_ms`.
    pub status: Status,
    /// Whether its latest advert's signature verified; `None` without adverts.
    pub signature_valid: Option<bool>,
    /// Adverts whose signature failed.
    pub invalid_adverts: u32,
}

/// How a node is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Known {
    /// From adverts.
    Advert,
    /// By its full key from an ANON_REQ only, never advertised.
    Key,
    /// Only as a hop or datagram hash that matches no known key.
    PathOnly,
}

/// Where a path-only hash was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HashSource {
    /// A hop of an observed path.
    Hop,
    /// A datagram's source hash.
    DatagramSource,
    /// A datagram's or ANON_REQ's destination hash.
    DatagramDestination,
}

impl From<PrefixSource> for HashSource {
    fn from(source: PrefixSource) -> HashSource {
        match source {
            PrefixSource::Hop => HashSource::Hop,
            PrefixSource::DatagramSource => HashSource::DatagramSource,
            PrefixSource::DatagramDestination => HashSource::DatagramDestination,
        }
    }
}

/// Every node in the order first heard, then the path-only hashes (at most [`MAX_PATH_ONLY`], those in the
/// most transmissions, by source then bytes); `now_ms` sets the hash-size window and the status.
pub fn nodes(store: &Store, now_ms: i64) -> Vec<NodeEntry> {
    let mut out: Vec<NodeEntry> = store
        .nodes()
        .iter()
        .map(|(id, node)| {
            let evidence = Evidence::of(store, id, node);
            let position = node.location.and_then(|location| location.degrees());
            let sizes = advertised_size(node, now_ms);
            let infrastructure = matches!(node.role, Some(Role::Repeater | Role::Room));
            NodeEntry {
                public_key: Some(hex::encode_lower(&node.public_key)),
                name: node_name(store, node),
                role: node.role.map(Role::name),
                lat: position.map(|(lat, _)| lat),
                lon: position.map(|(_, lon)| lon),
                adverts: node.adverts,
                hash_size: sizes.size,
                known: if node.adverts > 0 {
                    Known::Advert
                } else {
                    Known::Key
                },
                prefix: None,
                prefix_source: None,
                transmissions: evidence.transmissions,
                observations: evidence.observations,
                path_transmissions: evidence.path_transmissions,
                path_ambiguous: evidence.path_ambiguous,
                datagrams_sent: evidence.datagrams_sent,
                first_seen_ms: evidence.first_seen_ms,
                last_heard_ms: evidence.last_heard_ms,
                avg_snr_db: evidence.avg_snr_db,
                observers: evidence.observers,
                hash_size_varies: sizes.inconsistent,
                hash_sizes_seen: sizes.seen.to_vec(),
                status: liveness(infrastructure, evidence.last_heard_ms, now_ms),
                signature_valid: node.latest_signature_valid,
                invalid_adverts: node.invalid_adverts,
            }
        })
        .collect();
    let mut unknown = store.unknown_prefixes();
    if unknown.len() > MAX_PATH_ONLY {
        unknown.sort_by_key(|u| std::cmp::Reverse(u.transmissions));
        unknown.truncate(MAX_PATH_ONLY);
        unknown.sort_by_key(|u| (u.source, u.prefix));
    }
    out.extend(unknown.into_iter().map(|unknown| {
        let transmissions = unknown.transmissions as u64;
        let hop = unknown.source == PrefixSource::Hop;
        NodeEntry {
            public_key: None,
            name: None,
            role: None,
            lat: None,
            lon: None,
            adverts: 0,
            hash_size: None,
            known: Known::PathOnly,
            prefix: Some(hex::encode_upper(unknown.prefix.as_bytes())),
            prefix_source: Some(unknown.source.into()),
            transmissions: 0,
            observations: 0,
            path_transmissions: if hop { transmissions } else { 0 },
            path_ambiguous: 0,
            datagrams_sent: match unknown.source {
                PrefixSource::DatagramSource => transmissions,
                _ => 0,
            },
            first_seen_ms: unknown.first_seen_ms,
            last_heard_ms: unknown.last_seen_ms,
            avg_snr_db: None,
            observers: 0,
            hash_size_varies: false,
            hash_sizes_seen: Vec::new(),
            // Only repeaters relay, so a hop is infrastructure; a datagram hash is an end node.
            status: liveness(hop, unknown.last_seen_ms, now_ms),
            signature_valid: None,
            invalid_adverts: 0,
        }
    }));
    out
}
