//! The node page (CoreScope's `/api/nodes/{pk}`, `/health`, `/neighbors`, `/paths`): identity and adverts,
//! the observers that heard it, its neighbours in the graph, the paths that go through it, its recent packets
//! and its status at `now_ms`.
//!
//! Differences from CoreScope:
//! * "Paths through this node" counts a transmission only when the shared [`Resolver`] puts the node on its
//!   longest observed path with a confident method; geographic guesses and ambiguous hops that merely could be
//!   it are counted apart and never listed as its paths (CoreScope's prefix false positives: #655, #929,
//!   #1144, #1278, #1352).
//! * Status counts confident forwarding as being heard, so a repeater that relays but rarely advertises stays
//!   active; CoreScope ages its advert `last_seen` only.
//! * Observers list the SNR of zero-hop copies apart: the SNR of a relayed copy measures the last relay, not
//!   this node.

mod forwarding;
mod heard_by;

pub use forwarding::{Forwarding, PathThrough};
pub use heard_by::{HeardBy, SnrStats};

use serde::Serialize;

use crate::analytics::neighbors::{EdgeMethod, Vertex};
use crate::analytics::resolve::{NodeLabel, Resolver, VertexLabel, ids};
use crate::hex;
use crate::protocol::{PayloadType, Role};
use crate::store::{NodeId, Store, TxId};

/// An hour, ms.
const HOUR_MS: i64 = 3_600_000;
/// A repeater or room is degraded after this long unheard (CoreScope's `healthThresholds`).
pub const INFRA_DEGRADED_MS: i64 = 24 * HOUR_MS;
/// A repeater or room is silent after this long unheard.
pub const INFRA_SILENT_MS: i64 = 72 * HOUR_MS;
/// Another node is degraded after this long unheard.
pub const DEGRADED_MS: i64 = HOUR_MS;
/// Another node is silent after this long unheard.
pub const SILENT_MS: i64 = 24 * HOUR_MS;

/// Most recent advert times listed.
pub const MAX_RECENT_ADVERTS: usize = 20;
/// Most neighbours listed (the highest scores).
pub const MAX_NEIGHBORS: usize = 50;
/// Most recent packets listed.
pub const MAX_RECENT_PACKETS: usize = 20;

/// A node's status at `now_ms`, by age of the last time it was heard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Heard within the degraded threshold.
    Active,
    /// Heard within the silent threshold.
    Degraded,
    /// Not heard within the silent threshold.
    Silent,
}

impl Status {
    /// The status of a node with `role` last heard at `last_heard_ms`, at `now_ms`: repeaters and rooms by
    /// [`INFRA_DEGRADED_MS`] and [`INFRA_SILENT_MS`], others by [`DEGRADED_MS`] and [`SILENT_MS`].
    pub fn at(role: Option<Role>, last_heard_ms: i64, now_ms: i64) -> Status {
        let (degraded, silent) = match role {
            Some(Role::Repeater | Role::Room) => (INFRA_DEGRADED_MS, INFRA_SILENT_MS),
            _ => (DEGRADED_MS, SILENT_MS),
        };
        let age = now_ms.saturating_sub(last_heard_ms);
        if age < degraded {
            Status::Active
        } else if age < silent {
            Status::Degraded
        } else {
            Status::Silent
        }
    }
}

/// The node page snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeDetail {
    /// Who it is.
    pub node: NodeLabel,
    /// First advert or ANON_REQ heard, unix ms.
    pub first_seen_ms: i64,
    /// Last advert or ANON_REQ heard, unix ms.
    pub last_seen_ms: i64,
    /// The later of `last_seen_ms` and its last confident forwarding: what the status ages.
    pub last_heard_ms: i64,
    /// Its status at `now_ms`.
    pub status: Status,
    /// Adverts (unique transmissions), valid or not.
    pub adverts: u32,
    /// Of those, adverts whose signature failed.
    pub invalid_adverts: u32,
    /// ANON_REQs it sent.
    pub anon_requests: u32,
    /// Whether its latest advert's signature verified.
    pub latest_signature_valid: Option<bool>,
    /// Hash size of its latest valid advert that carried one.
    pub hash_size: Option<u8>,
    /// Every hash size its recent adverts used.
    pub hash_sizes_seen: Vec<u8>,
    /// Its hash size flip-flops (at least 3 adverts, 2 sizes, 2 changes).
    pub hash_size_inconsistent: bool,
    /// When its newest adverts were first heard, unix ms, newest first (at most [`MAX_RECENT_ADVERTS`]).
    pub recent_adverts_ms: Vec<i64>,
    /// The observers that heard its own packets (adverts, ANON_REQs), most observations first.
    pub heard_by: Vec<HeardBy>,
    /// Its neighbours in the graph, highest score first (at most [`MAX_NEIGHBORS`]).
    pub neighbors: Vec<NeighborEntry>,
    /// How often it forwarded, by how sure the resolution is.
    pub forwarding: Forwarding,
    /// The paths it confidently forwarded on, most transmissions first.
    pub paths: Vec<PathThrough>,
    /// Its newest packets, originated or confidently forwarded (at most [`MAX_RECENT_PACKETS`]).
    pub recent_packets: Vec<RecentPacket>,
}

/// One neighbour: a resolved edge, or a hop edge whose far end stays ambiguous.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NeighborEntry {
    /// The far end when resolved (Unique or Jaccard), or the geographic guess of an ambiguous hop.
    pub neighbor: Option<VertexLabel>,
    /// For a hop edge, the hop hash as heard (lower-case hex).
    pub prefix: Option<String>,
    /// For a hop edge, every forwarding node the hop names.
    #[serde(serialize_with = "ids::nodes")]
    pub candidates: Vec<NodeId>,
    /// How the far end was decided.
    pub method: EdgeMethod,
    /// Observations that showed the link, both directions.
    pub observations: u64,
    /// First seen, unix ms.
    pub first_seen_ms: i64,
    /// Last seen, unix ms.
    pub last_seen_ms: i64,
    /// Mean SNR measured by an observer end, dB.
    pub avg_snr_db: Option<f64>,
    /// The graph's recency-weighted score.
    pub score: f64,
    /// Great-circle distance to a resolved far end when both are located, km.
    pub km: Option<f64>,
}

/// How a recent packet involves the node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// It sent it (ADVERT, ANON_REQ).
    Originated,
    /// It forwarded it (confidently resolved on the longest path).
    Forwarded,
}

/// One recent packet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecentPacket {
    /// The transmission.
    #[serde(serialize_with = "ids::tx")]
    pub tx: TxId,
    /// Its hash, 16 lower-case hex digits.
    pub hash: String,
    /// Its payload type's firmware name.
    pub payload_type: &'static str,
    /// First heard, unix ms.
    pub first_seen_ms: i64,
    /// Observations stored.
    pub observations: u32,
    /// How the node is involved.
    pub relation: Relation,
}

/// The page of the node with public key `key`, hops resolved by `resolver` (built for this `store`), status
/// at `now_ms`; `None` for a key no advert or ANON_REQ introduced.
pub fn node_detail(
    store: &Store,
    resolver: &Resolver,
    key: &[u8; 32],
    now_ms: i64,
) -> Option<NodeDetail> {
    let id = store.node_by_key(key)?;
    let node = store.node(id)?;
    let originated = store.txs_by_originator(id);
    let transmissions = store.transmissions();
    let mut recent_adverts_ms: Vec<i64> = originated
        .iter()
        .filter(|&&tx| transmissions.payload_type(tx) == Some(PayloadType::Advert))
        .filter_map(|&tx| transmissions.first_seen(tx))
        .collect();
    recent_adverts_ms.sort_unstable_by(|a, b| b.cmp(a));
    recent_adverts_ms.truncate(MAX_RECENT_ADVERTS);
    let forwarded = forwarding::forwarding(store, resolver, id);
    let last_heard_ms = node
        .last_seen
        .max(forwarded.summary.last_ms.unwrap_or(i64::MIN));
    let mut recent: Vec<(TxId, Relation)> = originated
        .iter()
        .map(|&tx| (tx, Relation::Originated))
        .chain(
            forwarded
                .transmissions
                .iter()
                .map(|&tx| (tx, Relation::Forwarded)),
        )
        .collect();
    recent.sort_unstable_by_key(|&(tx, _)| core::cmp::Reverse((transmissions.first_seen(tx), tx)));
    recent.truncate(MAX_RECENT_PACKETS);
    Some(NodeDetail {
        node: NodeLabel::of(store, id)?,
        first_seen_ms: node.first_seen,
        last_seen_ms: node.last_seen,
        last_heard_ms,
        status: Status::at(node.role, last_heard_ms, now_ms),
        adverts: node.adverts,
        invalid_adverts: node.invalid_adverts,
        anon_requests: node.anon_requests,
        latest_signature_valid: node.latest_signature_valid,
        hash_size: node.hash_size,
        hash_sizes_seen: node.hash_sizes_seen(),
        hash_size_inconsistent: node.hash_size_inconsistent(),
        recent_adverts_ms,
        heard_by: heard_by::heard_by(store, resolver, originated),
        neighbors: neighbors(store, resolver, id),
        forwarding: forwarded.summary,
        paths: forwarded.paths,
        recent_packets: recent
            .into_iter()
            .filter_map(|(tx, relation)| {
                let row = store.transmission(tx)?;
                Some(RecentPacket {
                    tx,
                    hash: hex::encode_lower(&row.hash.0),
                    payload_type: row.payload_type.name(),
                    first_seen_ms: row.first_seen_ms,
                    observations: row.observations,
                    relation,
                })
            })
            .collect(),
    })
}

/// The node's edges in the resolver's graph, and its hop edges whose far end stays undecided.
fn neighbors(store: &Store, resolver: &Resolver, id: NodeId) -> Vec<NeighborEntry> {
    let me = Vertex::Node(id);
    let here = resolver.spot(id);
    let km = |vertex: Vertex| match vertex {
        Vertex::Node(node) => here.zip(resolver.spot(node)).map(|(a, b)| a.km_to(&b)),
        Vertex::Observer(_) => None,
    };
    let graph = resolver.graph();
    let resolved = graph.edges().iter().filter_map(|edge| {
        let other = edge.other(me)?;
        Some(NeighborEntry {
            neighbor: Some(VertexLabel::of(store, other)),
            prefix: None,
            candidates: Vec::new(),
            method: edge.method,
            observations: edge.observations(),
            first_seen_ms: edge.first_seen(),
            last_seen_ms: edge.last_seen(),
            avg_snr_db: edge.mean_snr_db(),
            score: edge.score,
            km: km(other),
        })
    });
    let undecided = graph
        .hop_edges()
        .iter()
        .filter(|edge| edge.known == me && edge.method != EdgeMethod::Jaccard)
        .map(|edge| NeighborEntry {
            neighbor: edge
                .node
                .map(|node| VertexLabel::of(store, Vertex::Node(node))),
            prefix: Some(hex::encode_lower(edge.hop.as_bytes())),
            candidates: edge.candidates.clone(),
            method: edge.method,
            observations: edge.observations(),
            first_seen_ms: edge.first_seen(),
            last_seen_ms: edge.last_seen(),
            avg_snr_db: edge.mean_snr_db(),
            score: edge.score,
            km: None,
        });
    let mut entries: Vec<NeighborEntry> = resolved.chain(undecided).collect();
    entries.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.observations.cmp(&a.observations))
            .then(a.prefix.cmp(&b.prefix))
    });
    entries.truncate(MAX_NEIGHBORS);
    entries
}
