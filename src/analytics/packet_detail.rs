//! The packet page beyond the dissection (CoreScope's `GET /api/packets/{hash}`): every observation with its
//! own path, each hop resolved by the shared [`Resolver`] with every candidate, the legs between located
//! radios, the originator, and when and how widely the packet was heard.
//!
//! Differences from CoreScope: a hop matching several nodes lists them all with their confidences and the
//! method (CoreScope stores one `resolved_path` pubkey per hop, a first match when nothing decides); legs
//! never skip an unresolved hop ([`legs`](super::legs)).

use serde::Serialize;

use crate::analytics::legs::{Leg, legs};
use crate::analytics::resolve::{
    NodeLabel, PathContext, Resolution, ResolvedPath, Resolver, VertexLabel, ids,
};
use crate::hex;
use crate::protocol::PacketHash;
use crate::store::{NodeId, ObsId, Store, Subject, TxId};

/// Most observations listed (the earliest; `observations` counts all).
pub const MAX_OBSERVATIONS: usize = 500;

/// The packet page snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PacketDetail {
    /// The transmission's id in the store.
    #[serde(serialize_with = "ids::tx")]
    pub tx: TxId,
    /// The packet hash, 16 lower-case hex digits.
    pub hash: String,
    /// The payload type's firmware name.
    pub payload_type: &'static str,
    /// The first copy's route type.
    pub route_type: &'static str,
    /// The sender of an ADVERT or ANON_REQ.
    pub originator: Option<NodeLabel>,
    /// First heard, unix ms.
    pub first_seen_ms: i64,
    /// Last heard, unix ms.
    pub last_seen_ms: i64,
    /// `last_seen_ms - first_seen_ms`: how long copies kept arriving.
    pub spread_ms: i64,
    /// Observations stored.
    pub observations: usize,
    /// Distinct observers among them.
    pub observers: usize,
    /// Fewest and most hops heard (TRACE: SNR entries).
    pub hops_range: Option<(usize, usize)>,
    /// The observations, earliest first (at most [`MAX_OBSERVATIONS`]).
    pub heard: Vec<Heard>,
    /// Every node the originator, the candidates and the legs name, by id, so a view labels them without the
    /// store.
    pub nodes: Vec<NodeLabel>,
}

/// One observation of the packet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Heard {
    /// Its id in the store.
    #[serde(serialize_with = "ids::obs")]
    pub obs: ObsId,
    /// Who heard it (a node when the observer's key is one).
    pub observer: VertexLabel,
    /// When, unix ms.
    pub time_ms: i64,
    /// Since the first copy, ms.
    pub delay_ms: i64,
    /// SNR, dB.
    pub snr_db: Option<f32>,
    /// RSSI, dBm.
    pub rssi_dbm: Option<i16>,
    /// This copy's route type (a copy may differ from the first).
    pub route_type: &'static str,
    /// Hop hash size, bytes.
    pub hash_size: usize,
    /// The path bytes as heard, lower-case hex.
    pub path: String,
    /// Each hop resolved, with every candidate (empty for TRACE).
    pub hops: Vec<Resolution>,
    /// TRACE: the SNR each hop measured, dB.
    pub trace_snrs: Vec<f32>,
    /// The legs between decided, located radios, in path order.
    pub legs: Vec<LegEntry>,
    /// Whether this is the transmission's longest observed path (the one topology analytics use).
    pub longest: bool,
}

/// A leg between two adjacent radios with known positions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LegEntry {
    /// Sending node.
    #[serde(serialize_with = "ids::node")]
    pub from: NodeId,
    /// Receiving node.
    #[serde(serialize_with = "ids::node")]
    pub to: NodeId,
    /// The receiving end's hop index; `None` for the observer.
    pub to_hop: Option<usize>,
    /// Great-circle length, km.
    pub km: f64,
    /// Both ends are exact or confidently resolved; otherwise a geographic guess is involved.
    pub confident: bool,
}

impl From<Leg> for LegEntry {
    fn from(leg: Leg) -> LegEntry {
        LegEntry {
            from: leg.from,
            to: leg.to,
            to_hop: leg.to_hop,
            km: leg.km,
            confident: leg.confident,
        }
    }
}

/// The packet page of the transmission with `hash`, its hops resolved by `resolver` (built for this `store`);
/// `None` when no such transmission is stored.
pub fn packet_detail(store: &Store, resolver: &Resolver, hash: PacketHash) -> Option<PacketDetail> {
    let tx = store.find_transmission(hash)?;
    let row = store.transmission(tx)?;
    let originator = match row.subject {
        Some(Subject::Node(node)) => Some(node),
        _ => None,
    };
    let mut observations: Vec<ObsId> = store.observations_of(tx).collect();
    let total = observations.len();
    let mut observers: Vec<u32> = observations
        .iter()
        .filter_map(|&obs| store.observations().observer(obs))
        .map(|observer| observer.0)
        .collect();
    observers.sort_unstable();
    observers.dedup();
    let mut hops_range: Option<(usize, usize)> = None;
    for &obs in &observations {
        if let Some(path) = store.observation_path(obs) {
            let n = path.hop_count();
            hops_range = Some(hops_range.map_or((n, n), |(lo, hi)| (lo.min(n), hi.max(n))));
        }
    }
    observations.sort_by_key(|&obs| (store.observations().time(obs), obs.0));
    observations.truncate(MAX_OBSERVATIONS);
    let longest = row.longest_path.map(|(_, obs)| obs);
    let mut named: Vec<NodeId> = originator.into_iter().collect();
    let mut path = ResolvedPath::new();
    let heard = observations
        .iter()
        .filter_map(|&obs| {
            let entry = heard(store, resolver, obs, row.first_seen_ms, &mut path)?;
            named.extend(
                entry
                    .hops
                    .iter()
                    .flat_map(|hop| hop.candidates.iter().map(|c| c.node)),
            );
            named.extend(entry.legs.iter().flat_map(|leg| [leg.from, leg.to]));
            Some(Heard {
                longest: Some(obs) == longest,
                ..entry
            })
        })
        .collect();
    named.sort_unstable();
    named.dedup();
    Some(PacketDetail {
        tx,
        hash: hex::encode_lower(&row.hash.0),
        payload_type: row.payload_type.name(),
        route_type: row.route_type.name(),
        originator: originator.and_then(|node| NodeLabel::of(store, node)),
        first_seen_ms: row.first_seen_ms,
        last_seen_ms: row.last_seen_ms,
        spread_ms: row.last_seen_ms.saturating_sub(row.first_seen_ms),
        observations: total,
        observers: observers.len(),
        hops_range,
        heard,
        nodes: named
            .into_iter()
            .filter_map(|node| NodeLabel::of(store, node))
            .collect(),
    })
}

/// Observation `obs` with its path resolved (`longest` left false).
fn heard(
    store: &Store,
    resolver: &Resolver,
    obs: ObsId,
    first_seen_ms: i64,
    path: &mut ResolvedPath,
) -> Option<Heard> {
    let row = store.observation(obs)?;
    let (context, _) = PathContext::of_observation(store, obs)?;
    let raw_path = store.observation_path(obs)?;
    let payload_type = store.transmissions().payload_type(row.tx);
    resolver.resolve_observation(store, obs, path);
    let hops = (0..path.len())
        .filter_map(|index| {
            Some(Resolution {
                hop: *path.hops().get(index)?,
                candidates: path.candidates(index).to_vec(),
            })
        })
        .collect();
    let mut leg_entries = Vec::new();
    legs(resolver, &context, path, |leg| leg_entries.push(leg.into()));
    Some(Heard {
        obs,
        observer: VertexLabel::of(store, resolver.observer_vertex(row.observer)),
        time_ms: row.time_ms,
        delay_ms: row.time_ms.saturating_sub(first_seen_ms),
        snr_db: store.observations().snr_db(obs),
        rssi_dbm: store.observations().rssi_dbm(obs),
        route_type: context.route.name(),
        hash_size: raw_path.hash_size(),
        path: hex::encode_lower(raw_path.bytes),
        hops,
        trace_snrs: payload_type.map_or_else(Vec::new, |kind| raw_path.trace_snrs(kind).collect()),
        legs: leg_entries,
        longest: false,
    })
}
