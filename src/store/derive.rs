//! What a stored transmission or observation adds to the indexes and aggregates. Ingest calls these for new
//! rows; eviction renumbers and uncounts instead (`evict.rs`), and its tests check that both build the same
//! state.

use super::aggregates::{Aggregates, LinkFacts, ObservationFacts, first_hearing};
use super::ids::{NodeId, ObsId, TxId};
use super::index::Indexes;
use super::observations::{ObservationRow, Observations, UNKNOWN_SIGNAL};
use super::paths::PathTable;
use super::transmissions::Transmissions;
use crate::protocol::{PacketRepr, PayloadRepr, PayloadType, RouteType};

/// Indexes a new transmission `tx` of `packet`, first seen at `time_ms`, originated by `originator`.
pub(crate) fn index_transmission(
    indexes: &mut Indexes,
    aggregates: &mut Aggregates,
    tx: TxId,
    packet: &PacketRepr,
    time_ms: i64,
    originator: Option<NodeId>,
) {
    let kind = packet.payload_type();
    indexes.time.push(tx, time_ms);
    indexes.payload_type.push(kind, tx);
    if let Some(node) = originator {
        indexes.originator.insert(node, tx);
    }
    match &packet.payload {
        PayloadRepr::Req(datagram)
        | PayloadRepr::Response(datagram)
        | PayloadRepr::TxtMsg(datagram)
        | PayloadRepr::Path(datagram) => {
            indexes.datagram_src.insert(datagram.src_hash, tx, time_ms);
            indexes
                .datagram_dest
                .insert(datagram.dest_hash, tx, time_ms);
        }
        PayloadRepr::AnonReq(request) => {
            indexes.datagram_dest.insert(request.dest_hash, tx, time_ms);
        }
        PayloadRepr::GrpTxt(group) | PayloadRepr::GrpData(group) => {
            indexes.channel_hash.insert(group.channel_hash, tx, time_ms);
        }
        _ => {}
    }
    aggregates.add_transmission(kind, time_ms, originator);
}

/// The store parts an observation touches.
pub(crate) struct ObservationSinks<'a> {
    pub(crate) txs: &'a mut Transmissions,
    pub(crate) obs: &'a mut Observations,
    pub(crate) paths: &'a PathTable,
    pub(crate) indexes: &'a mut Indexes,
    pub(crate) aggregates: &'a mut Aggregates,
}

/// Links stored observation `id` (`row`) into its transmission's list and indexes it; `kind` is its
/// transmission's payload type and `originator` the node that sent it.
#[inline]
pub(crate) fn index_observation(
    sinks: &mut ObservationSinks<'_>,
    id: ObsId,
    row: &ObservationRow,
    kind: PayloadType,
    originator: Option<NodeId>,
) {
    let path = sinks.paths.get(row.path);
    let hops = path.map_or(0, |p| p.hop_count() as u8);
    let first_by_observer = first_hearing(sinks.txs, sinks.obs, row.tx, row.observer);
    let next = sinks.txs.link(row.tx, id, row.observer, hops);
    sinks.obs.set_next(id, super::ids::some(next).map(ObsId));
    sinks.indexes.observer.push(row.observer, id);
    if let Some(path) = path
        && kind != PayloadType::Trace
        && hops > 0
    {
        sinks
            .indexes
            .hop
            .add_path(path.hops(kind), row.tx, row.time_ms);
    }
    let snr_quarter_db = (row.snr_quarter_db != UNKNOWN_SIGNAL).then_some(row.snr_quarter_db);
    let rssi_dbm = (row.rssi_dbm != UNKNOWN_SIGNAL).then_some(row.rssi_dbm);
    sinks.aggregates.add_observation(&ObservationFacts {
        kind,
        time_ms: row.time_ms,
        observer: row.observer,
        snr_quarter_db,
        rssi_dbm,
        originator,
        first_by_observer,
    });
    if let Some(path) = path
        && kind != PayloadType::Trace
    {
        let header = sinks.obs.variant(id).map(|variant| variant.header);
        let route = header
            .map(RouteType::from_header)
            .or_else(|| sinks.txs.route_type(row.tx));
        sinks.aggregates.links.add(&LinkFacts {
            observer: row.observer,
            time_ms: row.time_ms,
            snr_quarter_db,
            rssi_dbm,
            originator,
            flood: route.is_some_and(RouteType::is_flood),
            hops: path.bytes,
            hash_size: path.hash_size(),
        });
    }
}

/// The originating node of a transmission of `kind` whose subject is `subject`.
pub(crate) fn originator(kind: PayloadType, subject: Option<u32>) -> Option<NodeId> {
    match kind {
        PayloadType::Advert | PayloadType::AnonReq => subject.map(NodeId),
        _ => None,
    }
}
