//! Ingest: parser batches (and single live packets) into the store.
//!
//! Per observation: check the packet's framing (`Packet::new_checked`, the header rules); find its
//! transmission by content, which skips SHA-256 for copies of a known packet; a new packet is decoded once
//! (`PacketRepr::parse`, the checks of `protocol::decode`) and hashed; intern the path; drop a repeat
//! ([`dedup`](super::dedup)); store and index the observation. A new transmission is indexed, adverts update
//! their node (the signature is verified once, here), ANON_REQ senders become nodes, and group packets are
//! decrypted with the known channels. After the batch the time index is sorted if needed and the budget
//! enforced.

use super::content::content_key;
use super::dedup::{Hearing, find_repeat};
use super::derive::{ObservationSinks, index_observation, index_transmission, originator};
use super::ids::{ObsId, ObserverId, TxId};
use super::observations::{ObservationRow, RawVariant, quarter_db};
use super::observers::ObserverKind;
use super::{Evicted, Store};
use crate::ingest::{Batch, Observation, ObserverInfo, StatusRecord};
use crate::protocol::{Error, HeaderRepr, Packet, PacketHash, PacketRepr, PayloadRepr};

/// How many live observations ([`Store::ingest_one`]) pass between two budget checks.
pub const LIVE_BUDGET_CHECK: u32 = 1024;

/// What one ingest call did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IngestReport {
    /// Observations stored.
    pub added: u64,
    /// Repeats of stored observations, counted and dropped.
    pub repeats: u64,
    /// Packets that failed decoding (kept in [`Store::malformed`]).
    pub malformed: u64,
    /// Bad records in the batch (lines the parser could not read).
    pub bad_records: u64,
    /// Observations dropped because the store's byte arenas are full (4 GiB).
    pub dropped: u64,
    /// New transmissions.
    pub new_transmissions: u64,
    /// New nodes.
    pub new_nodes: u64,
    /// Group packets decrypted.
    pub new_messages: u64,
    /// What the budget evicted after this call.
    pub evicted: Evicted,
}

/// What became of one observation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Stored as `obs` of `tx`; `new` when the transmission is new.
    Added {
        /// Its transmission.
        tx: TxId,
        /// The observation.
        obs: ObsId,
        /// Whether the transmission was new.
        new: bool,
    },
    /// A repeat of stored observation `of`: counted, not stored.
    Repeat {
        /// The observation it repeats.
        of: ObsId,
    },
    /// The packet does not decode (kept in [`Store::malformed`]).
    Malformed(Error),
    /// Dropped: the store's byte arenas are full.
    Dropped,
}

/// A packet's transmission found by content, or the packet decoded for the slower lookup by hash.
enum Lookup<'a> {
    Known(TxId),
    Unknown(PacketRepr<'a>),
}

impl Store {
    /// Ingests a parser batch: its observations, counting its bad records. `observers` is the parser's observer
    /// table (records index it); `kind` says how these observers' packets arrive.
    pub fn ingest(
        &mut self,
        batch: &Batch,
        observers: &[ObserverInfo],
        kind: ObserverKind,
    ) -> IngestReport {
        let mut report = IngestReport {
            bad_records: batch.bad_records.len() as u64,
            ..IngestReport::default()
        };
        self.malformed.add_bad_records(&batch.bad_records);
        let mut mapped: Vec<Option<ObserverId>> = vec![None; observers.len()];
        let anonymous = ObserverInfo::default();
        for (observation, packet) in batch.iter() {
            let index = observation.observer as usize;
            let observer = match mapped.get(index).copied().flatten() {
                Some(id) => id,
                None => {
                    let id = self.intern_observer(observers.get(index).unwrap_or(&anonymous), kind);
                    if let Some(slot) = mapped.get_mut(index) {
                        *slot = Some(id);
                    }
                    id
                }
            };
            self.insert(observation, packet, observer, &mut report);
        }
        self.finish_batch(&mut report);
        report
    }

    /// Ingests one observation of a live source (the batch path is faster for files). `observer` comes from
    /// [`Store::intern_observer`]. The budget is enforced every [`LIVE_BUDGET_CHECK`] observations (after
    /// every batch on the batch path): measuring the store costs more than storing one observation.
    pub fn ingest_one(
        &mut self,
        observation: &Observation,
        packet: &[u8],
        observer: ObserverId,
    ) -> Outcome {
        let mut report = IngestReport::default();
        self.revision += 1;
        let outcome = self.insert(observation, packet, observer, &mut report);
        self.indexes.time.sort(&self.txs);
        self.indexes.hop.sort();
        self.nodes.sort_prefixes();
        self.live_since_budget_check += 1;
        if self.live_since_budget_check >= LIVE_BUDGET_CHECK {
            self.live_since_budget_check = 0;
            self.enforce_budget();
        }
        outcome
    }

    /// The id of the observer `info` describes, added if new (by key, else name; see [`Observers::intern`]).
    ///
    /// [`Observers::intern`]: super::Observers::intern
    pub fn intern_observer(&mut self, info: &ObserverInfo, kind: ObserverKind) -> ObserverId {
        self.revision += 1;
        self.observers.intern(info, kind)
    }

    /// Applies observer status messages (F.1 `status`); `observers` is the parser's observer table.
    pub fn ingest_statuses(
        &mut self,
        statuses: &[StatusRecord],
        observers: &[ObserverInfo],
        kind: ObserverKind,
    ) {
        if !statuses.is_empty() {
            self.revision += 1;
        }
        let anonymous = ObserverInfo::default();
        for record in statuses {
            let info = observers
                .get(record.observer as usize)
                .unwrap_or(&anonymous);
            let id = self.observers.intern(info, kind);
            self.observers.apply_status(id, record);
        }
    }

    /// Sorts the time and prefix indexes if inserts broke their order, then enforces the budget.
    fn finish_batch(&mut self, report: &mut IngestReport) {
        self.revision += 1;
        self.indexes.time.sort(&self.txs);
        self.indexes.hop.sort();
        self.nodes.sort_prefixes();
        report.evicted = self.enforce_budget();
    }

    /// Stores one observation.
    fn insert(
        &mut self,
        observation: &Observation,
        bytes: &[u8],
        observer: ObserverId,
        report: &mut IngestReport,
    ) -> Outcome {
        let time_ms = observation.timestamp_ms;
        let checked =
            Packet::new_checked(bytes).and_then(|view| HeaderRepr::parse(&view).map(|_| view));
        let view = match checked {
            Ok(view) => view,
            Err(error) => return self.reject(bytes, error, observer, observation, report),
        };
        let lookup = match self.txs.find_content(content_key(&view), &view) {
            Some(tx) => Lookup::Known(tx),
            None => match PacketRepr::parse(&view) {
                Ok(packet) => Lookup::Unknown(packet),
                Err(error) => return self.reject(bytes, error, observer, observation, report),
            },
        };
        let path_range = view.path_len_offset()..view.path_range().end;
        let Some(path) = bytes
            .get(path_range)
            .and_then(|entry| self.paths.intern(entry))
        else {
            return self.drop_observation(report);
        };
        let (tx, new) = match lookup {
            Lookup::Known(tx) => (tx, false),
            Lookup::Unknown(packet) => {
                let hash = view.hash();
                match self.txs.find(hash) {
                    Some(tx) => (tx, false),
                    None => match self.new_transmission(hash, &view, &packet, time_ms, report) {
                        Some(tx) => (tx, true),
                        None => return self.drop_observation(report),
                    },
                }
            }
        };
        let variant = self.variant_of(tx, &view);
        if !new && self.txs.may_have_heard(tx, observer) {
            let hearing = Hearing {
                observer,
                path,
                time_ms,
                variant,
            };
            if let Some(of) = find_repeat(&self.obs, self.txs.newest(tx), &hearing) {
                self.repeats += 1;
                report.repeats += 1;
                return Outcome::Repeat { of };
            }
        }
        let kind = view.payload_type();
        if !new && let Some(previous) = self.txs.widen_seen(tx, time_ms) {
            self.indexes.time.moved();
            self.aggregates.move_transmission(kind, previous, time_ms);
        }
        let row = ObservationRow {
            tx,
            time_ms,
            observer,
            snr_quarter_db: quarter_db(observation.snr_db),
            rssi_dbm: observation
                .rssi_dbm
                .unwrap_or(super::observations::UNKNOWN_SIGNAL),
            path,
        };
        let id = self.obs.push(row, None);
        if let Some(variant) = variant {
            self.obs.set_variant(id, variant);
        }
        let sender = originator(kind, self.txs.subject(tx));
        let mut sinks = ObservationSinks {
            txs: &mut self.txs,
            obs: &mut self.obs,
            paths: &self.paths,
            indexes: &mut self.indexes,
            aggregates: &mut self.aggregates,
        };
        index_observation(&mut sinks, id, &row, kind, sender);
        if let Some(node) = sender {
            self.node_heard(node, tx, &view, time_ms);
        }
        report.added += 1;
        Outcome::Added { tx, obs: id, new }
    }

    fn reject(
        &mut self,
        bytes: &[u8],
        error: Error,
        observer: ObserverId,
        observation: &Observation,
        report: &mut IngestReport,
    ) -> Outcome {
        self.malformed.add_packet(
            bytes,
            error,
            observer,
            observation.timestamp_ms,
            observation.source,
        );
        report.malformed += 1;
        Outcome::Malformed(error)
    }

    fn drop_observation(&mut self, report: &mut IngestReport) -> Outcome {
        self.dropped += 1;
        report.dropped += 1;
        Outcome::Dropped
    }

    /// This copy's header byte and transport codes when they differ from the transmission's first copy.
    fn variant_of(&self, tx: TxId, view: &Packet<&[u8]>) -> Option<RawVariant> {
        let header = view.header();
        let codes = view
            .into_inner()
            .get(1..5)
            .filter(|_| view.route_type().has_transport_codes());
        let stored = self.txs.raw(tx)?;
        let stored_codes = stored.get(1..5).filter(|_| {
            Packet::new_unchecked(stored)
                .route_type()
                .has_transport_codes()
        });
        if stored.first() == Some(&header) && codes == stored_codes {
            return None;
        }
        let mut variant = RawVariant {
            header,
            codes: [0; 4],
        };
        if let Some(codes) = codes {
            variant.codes.copy_from_slice(codes);
        }
        Some(variant)
    }

    /// Stores a new transmission and what it says about nodes and channels.
    fn new_transmission(
        &mut self,
        hash: PacketHash,
        view: &Packet<&[u8]>,
        packet: &PacketRepr,
        time_ms: i64,
        report: &mut IngestReport,
    ) -> Option<TxId> {
        let tx = self.txs.push(hash, view, time_ms)?;
        report.new_transmissions += 1;
        let kind = packet.payload_type();
        let mut sender = None;
        match &packet.payload {
            PayloadRepr::Advert(advert) => {
                sender = self.apply_advert(tx, view, advert, time_ms, report);
            }
            PayloadRepr::AnonReq(request) => {
                if let Some((node, new)) = self.nodes.upsert(&request.sender_key, time_ms) {
                    report.new_nodes += u64::from(new);
                    if let Some(record) = self.nodes.get_mut(node) {
                        record.anon_requests += 1;
                        record.seen(time_ms);
                    }
                    sender = Some(node);
                }
            }
            PayloadRepr::GrpTxt(group) | PayloadRepr::GrpData(group) => {
                if let Some(message) = self.channels.open(tx, kind, group, &mut self.strings) {
                    self.txs.set_subject(tx, message.0);
                    report.new_messages += 1;
                }
            }
            _ => {}
        }
        if let Some(node) = sender {
            self.txs.set_subject(tx, node.0);
        }
        index_transmission(
            &mut self.indexes,
            &mut self.aggregates,
            tx,
            packet,
            time_ms,
            sender,
        );
        Some(tx)
    }
}
