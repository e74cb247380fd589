//! What the node page shows, gathered for one node (or one hop prefix) from the store's indexes on demand.
//!
//! Seam: `analytics::node_detail` (being written) replaces [`lookup`] when it lands; until then hops are
//! matched to nodes only when one known node has the prefix, and every other case lists the candidates. Each
//! scan is bounded (the newest [`SCAN`] transmissions per index), so a busy repeater stays fast.

use crate::hex;
use crate::protocol::{PayloadType, Role};
use crate::store::aggregates::HOUR_MS;
use crate::store::hasher::FastMap;
use crate::store::nodes::HashSizeSample;
use crate::store::{NodeId, ObsId, Store, Subject, TxId};

/// Newest transmissions read per index.
const SCAN: usize = 5_000;
/// Paths listed.
const PATHS: usize = 20;
/// Recent packets listed.
const RECENT: usize = 20;
/// Hours in the activity chart.
pub const ACTIVITY_HOURS: usize = 48;

/// What a `/nodes/<key>` address names.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup {
    /// A known node.
    Node(Box<NodeDetail>),
    /// A 1-3 byte hop prefix (`/nodes/a3`): the nodes that have it and the paths it appears in.
    Prefix(PrefixDetail),
    /// A well-formed key that no advert or request has shown.
    UnknownKey,
    /// Not a key or a prefix.
    Invalid,
}

/// A node by key and name, for links.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeLink {
    /// Its public key, lower-case hex.
    pub key: String,
    /// Its advertised name.
    pub name: Option<String>,
    /// Its advertised position, degrees.
    pub position: Option<(f64, f64)>,
}

/// One known node.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeDetail {
    /// Public key, lower-case hex.
    pub key: String,
    /// Advertised name.
    pub name: Option<String>,
    /// Advertised role.
    pub role: Option<Role>,
    /// Advertised position, degrees.
    pub position: Option<(f64, f64)>,
    /// First heard, unix ms.
    pub first_seen_ms: i64,
    /// Last heard (adverts, requests, paths), unix ms.
    pub last_heard_ms: i64,
    /// Unique adverts.
    pub adverts: u32,
    /// Adverts whose signature failed.
    pub invalid_adverts: u32,
    /// Whether the latest advert's signature verified.
    pub signature_valid: Option<bool>,
    /// Path hash size of its latest sized advert.
    pub hash_size: Option<u8>,
    /// The newest hash-size samples, in time order.
    pub hash_sizes: Vec<HashSizeSample>,
    /// Whether the size flip-flops.
    pub hash_size_varies: bool,
    /// The latest advert's clock minus the time it was heard, seconds (positive: the node is ahead).
    pub clock_skew_s: Option<i64>,
    /// The observers that heard its own packets, most observations first.
    pub heard_by: Vec<HeardBy>,
    /// Its key prefixes at each hash size, with the other nodes that share them.
    pub prefixes: Vec<PrefixShare>,
    /// Nodes heard next to it.
    pub neighbors: Vec<Neighbor>,
    /// The newest paths with one of its prefixes.
    pub paths: Vec<PathThrough>,
    /// Its newest packets, sent or relayed.
    pub recent: Vec<RecentPacket>,
    /// Packets per hour over the [`ACTIVITY_HOURS`] up to the newest data.
    pub activity: Vec<u64>,
    /// The start of the first activity hour, unix ms.
    pub activity_start_ms: i64,
}

/// An observer that heard a node's packets.
#[derive(Debug, Clone, PartialEq)]
pub struct HeardBy {
    /// Its name (or key).
    pub name: String,
    /// Observations.
    pub observations: u64,
    /// Mean SNR, dB.
    pub avg_snr_db: Option<f64>,
    /// Mean RSSI, dBm.
    pub avg_rssi_dbm: Option<f64>,
    /// Last heard, unix ms.
    pub last_ms: i64,
}

/// A node's key prefix at one hash size.
#[derive(Debug, Clone, PartialEq)]
pub struct PrefixShare {
    /// The prefix, upper-case hex.
    pub prefix: String,
    /// Transmissions whose paths hold it.
    pub transmissions: usize,
    /// The other known nodes whose keys start with it: when any, those hops are ambiguous.
    pub others: Vec<NodeLink>,
}

/// A node heard next to another.
#[derive(Debug, Clone, PartialEq)]
pub struct Neighbor {
    /// The neighbour.
    pub node: NodeLink,
    /// Transmissions that show it.
    pub transmissions: u32,
    /// Whether a zero-hop advert shows it.
    pub zero_hop: bool,
}

/// A path that holds the node's prefix.
#[derive(Debug, Clone, PartialEq)]
pub struct PathThrough {
    /// The packet's hash, lower-case hex.
    pub hash: String,
    /// Its payload type.
    pub payload_type: &'static str,
    /// First heard, unix ms.
    pub time_ms: i64,
    /// The hops, first to last.
    pub hops: Vec<HopLabel>,
}

/// One hop of a listed path.
#[derive(Debug, Clone, PartialEq)]
pub struct HopLabel {
    /// The hop hash, upper-case hex.
    pub prefix: String,
    /// Whether it is the prefix the page is about.
    pub this: bool,
    /// Known nodes with that prefix.
    pub candidates: usize,
    /// The only candidate's name, when there is exactly one.
    pub name: Option<String>,
}

/// How a node took part in a packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// It sent it (advert, request).
    Sent,
    /// Its prefix is in the path.
    Relayed,
}

/// A recent packet of a node.
#[derive(Debug, Clone, PartialEq)]
pub struct RecentPacket {
    /// Hash, lower-case hex.
    pub hash: String,
    /// Payload type.
    pub payload_type: &'static str,
    /// First heard, unix ms.
    pub time_ms: i64,
    /// Observations.
    pub observations: u32,
    /// Sent or relayed.
    pub relation: Relation,
}

/// A hop prefix and what the store knows of it.
#[derive(Debug, Clone, PartialEq)]
pub struct PrefixDetail {
    /// The prefix, upper-case hex.
    pub prefix: String,
    /// The known nodes whose keys start with it.
    pub candidates: Vec<NodeLink>,
    /// Transmissions whose paths hold it.
    pub transmissions: usize,
    /// The newest of those paths.
    pub paths: Vec<PathThrough>,
}

/// What `text` (a 64-digit key or a 2, 4 or 6-digit prefix, any case) names in `store`.
pub fn lookup(store: &Store, text: &str) -> Lookup {
    let Ok(bytes) = hex::decode(text.trim()) else {
        return Lookup::Invalid;
    };
    match bytes.len() {
        32 => {
            let mut key = [0; 32];
            key.copy_from_slice(&bytes);
            match store.node_by_key(&key) {
                Some(id) => {
                    node_detail(store, id).map_or(Lookup::UnknownKey, |d| Lookup::Node(Box::new(d)))
                }
                None => Lookup::UnknownKey,
            }
        }
        1..=3 => Lookup::Prefix(prefix_detail(store, &bytes)),
        _ => Lookup::Invalid,
    }
}

/// The name and key of node `id`.
pub fn node_link(store: &Store, id: NodeId) -> Option<NodeLink> {
    let node = store.node(id)?;
    Some(NodeLink {
        key: hex::encode_lower(&node.public_key),
        name: node
            .name
            .and_then(|name| store.string(name))
            .map(str::to_owned),
        position: node.location.and_then(|location| location.degrees()),
    })
}

fn node_detail(store: &Store, id: NodeId) -> Option<NodeDetail> {
    let node = store.node(id)?;
    let originated = newest(store.txs_by_originator(id));
    let mut through: Vec<TxId> = Vec::new();
    let mut prefixes = Vec::new();
    for size in 1..=3 {
        let prefix = node.public_key.get(..size)?;
        let txs = store.txs_with_hop(prefix);
        let others: Vec<NodeLink> = store
            .candidates(prefix)
            .iter()
            .filter(|&&other| other != id)
            .filter_map(|&other| node_link(store, other))
            .collect();
        if txs.is_empty() && node.hash_size != Some(size as u8) {
            continue;
        }
        if others.is_empty() {
            through.extend(newest(txs));
        }
        prefixes.push(PrefixShare {
            prefix: hex::encode_upper(prefix),
            transmissions: txs.len(),
            others,
        });
    }
    through.sort_unstable();
    through.dedup();
    let mut all_paths: Vec<TxId> = prefixes
        .iter()
        .filter_map(|share| hex::decode(&share.prefix).ok())
        .flat_map(|prefix| {
            newest(store.txs_with_hop(&prefix))
                .iter()
                .rev()
                .take(PATHS)
                .copied()
                .collect::<Vec<_>>()
        })
        .collect();
    all_paths.sort_unstable_by(|a, b| b.cmp(a));
    all_paths.dedup();
    let own: Vec<Vec<u8>> = (1..=3)
        .filter_map(|size| node.public_key.get(..size).map(<[u8]>::to_vec))
        .collect();
    let paths = all_paths
        .into_iter()
        .take(PATHS)
        .filter_map(|tx| path_through(store, tx, &own))
        .collect();
    let (activity, activity_start_ms) = activity(store, originated.iter().chain(&through).copied());
    let position = node.location.and_then(|location| location.degrees());
    Some(NodeDetail {
        key: hex::encode_lower(&node.public_key),
        name: node
            .name
            .and_then(|name| store.string(name))
            .map(str::to_owned),
        role: node.role,
        position,
        first_seen_ms: node.first_seen,
        last_heard_ms: through
            .last()
            .and_then(|&tx| store.transmissions().last_seen(tx))
            .map_or(node.last_seen, |last| last.max(node.last_seen)),
        adverts: node.adverts,
        invalid_adverts: node.invalid_adverts,
        signature_valid: node.latest_signature_valid,
        hash_size: node.hash_size,
        hash_sizes: node.hash_size_history().to_vec(),
        hash_size_varies: node.hash_size_inconsistent(),
        clock_skew_s: node
            .clock_samples()
            .last()
            .map(|sample| i64::from(sample.advert_timestamp) - sample.observed_ms.div_euclid(1000)),
        heard_by: heard_by(store, originated),
        prefixes,
        neighbors: neighbors(store, id, originated, &through),
        paths,
        recent: recent(store, originated, &through),
        activity,
        activity_start_ms,
    })
}

fn prefix_detail(store: &Store, prefix: &[u8]) -> PrefixDetail {
    let txs = store.txs_with_hop(prefix);
    let own = [prefix.to_vec()];
    PrefixDetail {
        prefix: hex::encode_upper(prefix),
        candidates: store
            .candidates(prefix)
            .iter()
            .filter_map(|&id| node_link(store, id))
            .collect(),
        transmissions: txs.len(),
        paths: txs
            .iter()
            .rev()
            .take(PATHS)
            .filter_map(|&tx| path_through(store, tx, &own))
            .collect(),
    }
}

/// The newest [`SCAN`] of an id-ordered index.
fn newest(txs: &[TxId]) -> &[TxId] {
    txs.get(txs.len().saturating_sub(SCAN)..)
        .unwrap_or_default()
}

/// The longest path of `tx`, with the hops equal to one of `own` marked.
fn path_through(store: &Store, tx: TxId, own: &[Vec<u8>]) -> Option<PathThrough> {
    let row = store.transmission(tx)?;
    let (_, obs) = row.longest_path?;
    let path = store.observation_path(obs)?;
    let hops = path
        .hops(row.payload_type)
        .map(|hop| {
            let candidates = store.candidates(hop);
            HopLabel {
                prefix: hex::encode_upper(hop),
                this: own.iter().any(|prefix| prefix.as_slice() == hop),
                candidates: candidates.len(),
                name: match candidates {
                    [only] => node_link(store, *only).and_then(|link| link.name),
                    _ => None,
                },
            }
        })
        .collect();
    Some(PathThrough {
        hash: row.hash.to_string(),
        payload_type: row.payload_type.name(),
        time_ms: row.first_seen_ms,
        hops,
    })
}

fn heard_by(store: &Store, originated: &[TxId]) -> Vec<HeardBy> {
    #[derive(Default)]
    struct Tally {
        observations: u64,
        snr: (f64, u64),
        rssi: (f64, u64),
        last_ms: i64,
    }
    let observations = store.observations();
    let mut tallies: FastMap<u32, Tally> = FastMap::default();
    for &tx in originated {
        for obs in store.observations_of(tx) {
            let Some(row) = observations.row(obs) else {
                continue;
            };
            let tally = tallies.entry(row.observer.0).or_default();
            tally.observations += 1;
            tally.last_ms = tally.last_ms.max(row.time_ms);
            if let Some(snr) = observations.snr_db(obs) {
                tally.snr = (tally.snr.0 + f64::from(snr), tally.snr.1 + 1);
            }
            if let Some(rssi) = observations.rssi_dbm(obs) {
                tally.rssi = (tally.rssi.0 + f64::from(rssi), tally.rssi.1 + 1);
            }
        }
    }
    let mean = |(sum, n): (f64, u64)| (n > 0).then(|| sum / n as f64);
    let mut out: Vec<HeardBy> = tallies
        .into_iter()
        .map(|(observer, tally)| {
            let observer = store.observers().get(crate::store::ObserverId(observer));
            HeardBy {
                name: observer
                    .and_then(|o| {
                        o.name
                            .clone()
                            .or_else(|| o.public_key.map(|k| hex::encode_upper(&k[..4])))
                    })
                    .unwrap_or_else(|| String::from("(unnamed observer)")),
                observations: tally.observations,
                avg_snr_db: mean(tally.snr),
                avg_rssi_dbm: mean(tally.rssi),
                last_ms: tally.last_ms,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.observations
            .cmp(&a.observations)
            .then_with(|| a.name.cmp(&b.name))
    });
    out
}

/// The known node that the observer of `obs` is.
fn observer_node(store: &Store, obs: ObsId) -> Option<NodeId> {
    let observer = store.observers().get(store.observations().observer(obs)?)?;
    store.node_by_key(observer.public_key.as_ref()?)
}

fn unique(store: &Store, hop: &[u8]) -> Option<NodeId> {
    match store.candidates(hop) {
        [only] => Some(*only),
        _ => None,
    }
}

/// Neighbours: observers that heard its adverts with no hop, and unique hops (or the originator, or the
/// observer of a flood) next to its own hop in the longest path of each transmission through it.
fn neighbors(store: &Store, id: NodeId, originated: &[TxId], through: &[TxId]) -> Vec<Neighbor> {
    let mut found: FastMap<NodeId, (u32, bool)> = FastMap::default();
    for &tx in originated {
        if store.transmissions().payload_type(tx) != Some(PayloadType::Advert) {
            continue;
        }
        for obs in store.observations_of(tx) {
            let zero = store
                .observation_path(obs)
                .is_some_and(|path| path.hop_count() == 0);
            if let Some(observer) = zero.then(|| observer_node(store, obs)).flatten()
                && observer != id
            {
                let entry = found.entry(observer).or_default();
                entry.0 += 1;
                entry.1 = true;
            }
        }
    }
    for &tx in through {
        let Some(row) = store.transmission(tx) else {
            continue;
        };
        let Some((_, obs)) = row.longest_path else {
            continue;
        };
        let Some(path) = store.observation_path(obs) else {
            continue;
        };
        let hops: Vec<Option<NodeId>> = path
            .hops(row.payload_type)
            .map(|hop| unique(store, hop))
            .collect();
        let Some(at) = hops.iter().position(|&hop| hop == Some(id)) else {
            continue;
        };
        let flood = row.route_type.is_flood();
        let before = match at.checked_sub(1) {
            Some(previous) => hops.get(previous).copied().flatten(),
            None if flood => match row.subject {
                Some(Subject::Node(origin)) => Some(origin),
                _ => None,
            },
            None => None,
        };
        let after = match hops.get(at + 1) {
            Some(&next) => next,
            None if flood => observer_node(store, obs),
            None => None,
        };
        for neighbour in [before, after].into_iter().flatten().filter(|&n| n != id) {
            found.entry(neighbour).or_default().0 += 1;
        }
    }
    let mut out: Vec<Neighbor> = found
        .into_iter()
        .filter_map(|(node, (transmissions, zero_hop))| {
            Some(Neighbor {
                node: node_link(store, node)?,
                transmissions,
                zero_hop,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.transmissions
            .cmp(&a.transmissions)
            .then_with(|| a.node.key.cmp(&b.node.key))
    });
    out
}

fn recent(store: &Store, originated: &[TxId], through: &[TxId]) -> Vec<RecentPacket> {
    let mut out: Vec<RecentPacket> = originated
        .iter()
        .rev()
        .take(RECENT)
        .map(|&tx| (tx, Relation::Sent))
        .chain(
            through
                .iter()
                .rev()
                .take(RECENT)
                .map(|&tx| (tx, Relation::Relayed)),
        )
        .filter_map(|(tx, relation)| {
            let row = store.transmission(tx)?;
            Some(RecentPacket {
                hash: row.hash.to_string(),
                payload_type: row.payload_type.name(),
                time_ms: row.first_seen_ms,
                observations: row.observations,
                relation,
            })
        })
        .collect();
    out.sort_by_key(|row| std::cmp::Reverse(row.time_ms));
    out.truncate(RECENT);
    out
}

/// Packets per hour over the [`ACTIVITY_HOURS`] up to the store's newest observation, and the first hour's
/// start.
fn activity(store: &Store, txs: impl Iterator<Item = TxId>) -> (Vec<u64>, i64) {
    let end = store.time_span().map_or(0, |(_, last)| last);
    let start = (end.div_euclid(HOUR_MS) + 1 - ACTIVITY_HOURS as i64) * HOUR_MS;
    let mut hours = vec![0; ACTIVITY_HOURS];
    for tx in txs {
        let Some(time) = store.transmissions().first_seen(tx) else {
            continue;
        };
        if time >= start
            && let Some(hour) = hours.get_mut(((time - start) / HOUR_MS) as usize)
        {
            *hour += 1;
        }
    }
    (hours, start)
}
