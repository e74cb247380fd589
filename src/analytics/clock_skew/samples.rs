//! Clock samples from advert transmissions: the observers' calibration, and one corrected skew per validly
//! signed advert.
//!
//! - Raw skew of a hearing = advert timestamp - observation time, seconds (positive: the node is ahead).
//! - Calibration: each observer's deviation from the median time of the hearings of the same emission (the
//!   same advert with the same path bytes: one radio transmission, received by every observer at the same
//!   instant); an observer's offset is the median of its deviations (positive: its clock is ahead of the
//!   others'). A corrected skew is the raw skew plus the observer's offset (none for an observer that never
//!   shared an emission).
//! - An advert's skew is the largest corrected skew of its hearings: the one of its earliest corrected
//!   hearing, as relaying only ever delays a hearing.
//!
//! Where this differs from CoreScope: CoreScope takes the deviations from the median time of all hearings of
//! an advert, so an observer many slow hops from most nodes reads as a fast clock (each hop waits up to a few
//! air times: seconds), and an advert's skew is the median over its observers, which carries the relay delays
//! of the farther ones; adverts whose signature fails are left out (anyone can forge
//! them); and an advert whose timestamp is before 2020 or after 2100 gives no skew but is kept as an "unset
//! clock" sample, which the judgement counts (CoreScope drops it, so a node without a clock vanished from its
//! table).

use crate::protocol::{AdvertPacket, Packet, PayloadType};
use crate::store::{NodeId, ObserverId, Store, Subject, TxId};

use super::robust::median;

/// Advert timestamps before this (2020-01-01T00:00:00Z) mean the clock was never set.
pub const PLAUSIBLE_FROM: u32 = 1_577_836_800;
/// Advert timestamps after this (2100-01-01T00:00:00Z) are garbage.
pub const PLAUSIBLE_UNTIL: u32 = 4_102_444_800;

/// One advert as a clock sample.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdvertSample {
    /// The advertising node.
    pub node: NodeId,
    /// When the advert was first heard, unix ms.
    pub time_ms: i64,
    /// Its timestamp (the node's clock), unix seconds.
    pub timestamp: u32,
    /// Its corrected skew in seconds; `None` for an implausible timestamp (an unset clock).
    pub skew_s: Option<f64>,
    /// Whether any of its hearings was corrected by an observer offset.
    pub calibrated: bool,
}

/// One observer's clock offset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calibration {
    /// The observer.
    pub observer: ObserverId,
    /// Its offset in seconds (positive: its clock is ahead of the others').
    pub offset_s: f64,
    /// Emissions shared with other observers it was measured on.
    pub samples: usize,
}

/// One advert and the range of its first hearings (one per observer) in the hearing list.
struct Heard {
    node: NodeId,
    time_ms: i64,
    timestamp: u32,
    hearings: core::ops::Range<usize>,
}

/// One hearing of an advert: path id, observer, time (ms).
type Hearing = (u32, u32, i64);

/// Every validly signed advert in `store` as a sample, in advert order, and the observer calibrations in
/// observer order.
pub fn collect(store: &Store) -> (Vec<AdvertSample>, Vec<Calibration>) {
    let mut collector = Collector::new(store);
    for &tx in store.txs_by_type(PayloadType::Advert) {
        collector.add(store, tx);
    }
    collector.finish()
}

/// [`collect`] one advert at a time: [`add`](Collector::add) each advert transmission, then
/// [`finish`](Collector::finish).
pub struct Collector {
    adverts: Vec<Heard>,
    /// Each advert's first hearing per observer (observer, time ms), ranges of it per advert.
    firsts: Vec<(u32, i64)>,
    /// Per observer, its deviations from the median time of the emissions it shared.
    deviations: Vec<Vec<f64>>,
    hearings: Vec<Hearing>,
    times: Vec<f64>,
}

impl Collector {
    /// An empty collection for the observers of `store`.
    pub fn new(store: &Store) -> Collector {
        Collector {
            adverts: Vec::new(),
            firsts: Vec::new(),
            deviations: vec![Vec::new(); store.observers().len()],
            hearings: Vec::new(),
            times: Vec::new(),
        }
    }

    /// Adds advert transmission `tx` of `store` if its signature is valid; returns the hearings it read.
    pub fn add(&mut self, store: &Store, tx: TxId) -> usize {
        let transmissions = store.transmissions();
        let observations = store.observations();
        let valid = transmissions
            .flags(tx)
            .is_some_and(|flags| flags.signature_valid() == Some(true));
        if !valid {
            return 0;
        }
        let (Some(Subject::Node(node)), Some(time_ms), Some(timestamp)) = (
            store.subject(tx),
            transmissions.first_seen(tx),
            advert_timestamp(store, tx),
        ) else {
            return 0;
        };
        let hearings = &mut self.hearings;
        hearings.clear();
        hearings.extend(store.observations_of(tx).filter_map(|obs| {
            Some((
                observations.path(obs)?.0,
                observations.observer(obs)?.0,
                observations.time(obs)?,
            ))
        }));
        let read = hearings.len();
        // Same emission: the same path bytes; one hearing per observer.
        hearings.sort_unstable();
        hearings.dedup_by_key(|&mut (path, observer, _)| (path, observer));
        for emission in hearings
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|e| e.len() >= 2)
        {
            self.times.clear();
            self.times
                .extend(emission.iter().map(|&(_, _, time)| time as f64 / 1000.0));
            let Some(middle) = median(&mut self.times) else {
                continue;
            };
            for &(_, observer, time) in emission {
                if let Some(list) = self.deviations.get_mut(observer as usize) {
                    list.push(time as f64 / 1000.0 - middle);
                }
            }
        }
        // First hearing per observer.
        hearings.sort_unstable_by_key(|&(_, observer, time)| (observer, time));
        hearings.dedup_by_key(|&mut (_, observer, _)| observer);
        let start = self.firsts.len();
        self.firsts
            .extend(hearings.iter().map(|&(_, observer, time)| (observer, time)));
        self.adverts.push(Heard {
            node,
            time_ms,
            timestamp,
            hearings: start..self.firsts.len(),
        });
        read
    }

    /// The samples of the adverts added, in the order added, and the observer calibrations in observer order.
    pub fn finish(mut self) -> (Vec<AdvertSample>, Vec<Calibration>) {
        let calibrations: Vec<Calibration> = self
            .deviations
            .iter_mut()
            .enumerate()
            .filter_map(|(index, list)| {
                Some(Calibration {
                    observer: ObserverId(index as u32),
                    samples: list.len(),
                    offset_s: median(list)?,
                })
            })
            .collect();
        let mut offsets: Vec<Option<f64>> = vec![None; self.deviations.len()];
        for calibration in &calibrations {
            if let Some(slot) = offsets.get_mut(calibration.observer.index()) {
                *slot = Some(calibration.offset_s);
            }
        }
        let samples = self
            .adverts
            .iter()
            .map(|advert| {
                let plausible = (PLAUSIBLE_FROM..=PLAUSIBLE_UNTIL).contains(&advert.timestamp);
                let mut calibrated = false;
                let mut skew: Option<f64> = None;
                for &(observer, time_ms) in
                    self.firsts.get(advert.hearings.clone()).unwrap_or_default()
                {
                    let offset = offsets.get(observer as usize).copied().flatten();
                    calibrated |= offset.is_some();
                    let raw = f64::from(advert.timestamp) - time_ms as f64 / 1000.0;
                    let corrected = raw + offset.unwrap_or(0.0);
                    skew = Some(skew.map_or(corrected, |best| best.max(corrected)));
                }
                AdvertSample {
                    node: advert.node,
                    time_ms: advert.time_ms,
                    timestamp: advert.timestamp,
                    skew_s: skew.filter(|_| plausible),
                    calibrated,
                }
            })
            .collect();
        (samples, calibrations)
    }
}

/// The advert timestamp of transmission `tx`.
fn advert_timestamp(store: &Store, tx: TxId) -> Option<u32> {
    let packet = Packet::new_checked(store.raw(tx)?).ok()?;
    let advert = AdvertPacket::new_checked(packet.payload()).ok()?;
    Some(advert.timestamp())
}
