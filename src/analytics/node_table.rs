//! The evidence behind each node table row ([`nodes`](super::nodes)), the status thresholds, and the
//! `node_status` key: nodes per status and role (CoreScope's `/api/nodes/network-status`).
//!
//! Status is by age of the last evidence at `now_ms`, with role-specific thresholds (CoreScope's
//! `healthThresholds`): repeaters and rooms are degraded after [`INFRA_DEGRADED_MS`] and silent after
//! [`INFRA_SILENT_MS`], other nodes after [`DEGRADED_MS`] and [`SILENT_MS`]. CoreScope ages its DB
//! `last_seen` (adverts); here a node is also heard through its ANON_REQs, its unambiguous hops and its
//! unambiguous datagram source hash, so a repeater that relays but rarely advertises stays active.
//!
//! Hop prefixes shared by several known nodes are never attributed (issues #655, #929, #1144...): they count
//! as `path_ambiguous`. This uses unique matches only, until the shared resolver (`analytics::resolve`)
//! replaces it.

use super::nodes::{Known, NodeEntry};
use crate::store::aggregates::HOUR_MS;
use crate::store::{Node, NodeId, Store};
use serde::Serialize;

/// A repeater or room is degraded after this long without evidence.
pub const INFRA_DEGRADED_MS: i64 = 24 * HOUR_MS;
/// A repeater or room is silent after this long without evidence.
pub const INFRA_SILENT_MS: i64 = 72 * HOUR_MS;
/// Another node is degraded after this long without evidence.
pub const DEGRADED_MS: i64 = HOUR_MS;
/// Another node is silent after this long without evidence.
pub const SILENT_MS: i64 = 24 * HOUR_MS;

/// A node's status at `now_ms`.
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

/// The `node_status` snapshot: nodes per status, in total and per role, and the path-only entries apart.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct NodeStatus {
    /// Nodes known by key (advertised or from ANON_REQs).
    pub nodes: StatusCounts,
    /// The same per advertised role, by role name (`None`: never advertised validly).
    pub by_role: Vec<RoleCounts>,
    /// Path-only entries (hashes that match no known key).
    pub path_only: StatusCounts,
}

/// Counts per status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct StatusCounts {
    /// All of them.
    pub total: usize,
    /// Active.
    pub active: usize,
    /// Degraded.
    pub degraded: usize,
    /// Silent.
    pub silent: usize,
}

/// Counts per status for one role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RoleCounts {
    /// The role name (`REPEATER`, ...); `None` for nodes without a valid advert.
    pub role: Option<&'static str>,
    /// Its counts.
    pub counts: StatusCounts,
}

impl StatusCounts {
    fn add(&mut self, status: Status) {
        self.total += 1;
        match status {
            Status::Active => self.active += 1,
            Status::Degraded => self.degraded += 1,
            Status::Silent => self.silent += 1,
        }
    }
}

/// The status of a node last heard at `last_heard_ms`: `infrastructure` for repeaters and rooms.
pub fn liveness(infrastructure: bool, last_heard_ms: i64, now_ms: i64) -> Status {
    let (degraded, silent) = if infrastructure {
        (INFRA_DEGRADED_MS, INFRA_SILENT_MS)
    } else {
        (DEGRADED_MS, SILENT_MS)
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

/// The counts of a node table (from [`nodes`](super::nodes)); roles in order of first appearance.
pub fn node_status(entries: &[NodeEntry]) -> NodeStatus {
    let mut out = NodeStatus::default();
    for entry in entries {
        if entry.known == Known::PathOnly {
            out.path_only.add(entry.status);
            continue;
        }
        out.nodes.add(entry.status);
        match out.by_role.iter_mut().find(|r| r.role == entry.role) {
            Some(role) => role.counts.add(entry.status),
            None => {
                let mut counts = StatusCounts::default();
                counts.add(entry.status);
                out.by_role.push(RoleCounts {
                    role: entry.role,
                    counts,
                });
            }
        }
    }
    out
}

/// What the store heard of one known node.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Evidence {
    pub(crate) transmissions: u64,
    pub(crate) observations: u64,
    pub(crate) path_transmissions: u64,
    pub(crate) path_ambiguous: u64,
    pub(crate) datagrams_sent: u64,
    pub(crate) first_seen_ms: i64,
    pub(crate) last_heard_ms: i64,
    pub(crate) avg_snr_db: Option<f64>,
    pub(crate) observers: usize,
}

impl Evidence {
    /// Gathers the evidence of node `id`.
    pub(crate) fn of(store: &Store, id: NodeId, node: &Node) -> Evidence {
        let tally = store.aggregates().nodes.get(id);
        let signal = store.aggregates().node_signals.get(id);
        let mut out = Evidence {
            transmissions: tally.map_or(0, |t| t.transmissions),
            observations: tally.map_or(0, |t| t.observations),
            path_transmissions: 0,
            path_ambiguous: 0,
            datagrams_sent: 0,
            first_seen_ms: node.first_seen,
            last_heard_ms: node.last_seen,
            avg_snr_db: signal.and_then(|s| s.mean_snr_db()),
            observers: signal.map_or(0, |s| s.observers().len()),
        };
        if let Some(t) = tally.filter(|t| t.observations > 0) {
            out.widen(t.first_seen, t.last_seen);
        }
        out.paths(store, node);
        out
    }

    fn widen(&mut self, first_ms: i64, last_ms: i64) {
        self.first_seen_ms = self.first_seen_ms.min(first_ms);
        self.last_heard_ms = self.last_heard_ms.max(last_ms);
    }

    /// Hops and datagram source hashes that name this node alone.
    fn paths(&mut self, store: &Store, node: &Node) {
        for size in 1..=3 {
            let prefix = node.public_key.get(..size).unwrap_or_default();
            let Some(entry) = store.indexes().hop.get(prefix) else {
                continue;
            };
            let count = entry.transmissions().len() as u64;
            if store.candidates(prefix).len() == 1 {
                self.path_transmissions += count;
                self.widen(entry.first_seen, entry.last_seen);
            } else {
                self.path_ambiguous += count;
            }
        }
        let first = node.public_key.first().copied().unwrap_or_default();
        let sent = store.indexes().datagram_src.get(first);
        if !sent.transmissions().is_empty() && store.candidates(&[first]).len() == 1 {
            self.datagrams_sent = sent.transmissions().len() as u64;
            self.widen(sent.first_seen, sent.last_seen);
        }
    }
}
