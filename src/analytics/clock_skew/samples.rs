//! Clock samples from advert transmissions: each observer's first hearing of each validly signed advert, the
//! observers' calibration, and one corrected skew per advert.
//!
//! - Raw skew of a hearing = advert timestamp - observation time, seconds (positive: the node is ahead).
//! - Calibration (CoreScope's rule): for every advert heard by at least two observers, each observer's
//!   deviation from the median observation time; an observer's offset is the median of its deviations
//!   (positive: its clock is ahead). A corrected skew is the raw skew plus the observer's offset.
//! - An advert's skew is the median of its hearings' corrected skews.
//!
//! Differences: only each observer's first hearing of an advert counts (a later copy over a longer path says
//! how slow the path was, not how wrong the clock is), adverts whose signature fails are left out (anyone can
//! forge them), and an advert whose timestamp is before 2020 or after 2100 gives no skew but is kept as an
//! "unset clock" sample, which the classification counts (CoreScope drops it, so a node without a clock
//! vanished from its table).

use crate::protocol::{AdvertPacket, Packet, PayloadType};
use crate::store::{NodeId, ObserverId, Store, Subject};

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
    /// Multi-observer adverts it was measured on.
    pub samples: usize,
}

/// One advert's first hearings: (observer, time ms), one per observer.
struct Heard {
    node: NodeId,
    time_ms: i64,
    timestamp: u32,
    hearings: core::ops::Range<usize>,
}

/// Every validly signed advert in `store` as a sample, in advert order, and the observer calibrations in
/// observer order.
pub fn collect(store: &Store) -> (Vec<AdvertSample>, Vec<Calibration>) {
    let mut hearings: Vec<(u32, i64)> = Vec::new();
    let adverts = heard_adverts(store, &mut hearings);
    let calibrations = calibrate(store, &adverts, &hearings);
    let mut offsets: Vec<Option<f64>> = vec![None; store.observers().len()];
    for calibration in &calibrations {
        if let Some(slot) = offsets.get_mut(calibration.observer.index()) {
            *slot = Some(calibration.offset_s);
        }
    }
    let mut skews = Vec::new();
    let samples = adverts
        .iter()
        .map(|advert| {
            let plausible = (PLAUSIBLE_FROM..=PLAUSIBLE_UNTIL).contains(&advert.timestamp);
            skews.clear();
            let mut calibrated = false;
            for &(observer, time_ms) in hearings.get(advert.hearings.clone()).unwrap_or_default() {
                let offset = offsets.get(observer as usize).copied().flatten();
                calibrated |= offset.is_some();
                let raw = f64::from(advert.timestamp) - time_ms as f64 / 1000.0;
                skews.push(raw + offset.unwrap_or(0.0));
            }
            AdvertSample {
                node: advert.node,
                time_ms: advert.time_ms,
                timestamp: advert.timestamp,
                skew_s: if plausible { median(&mut skews) } else { None },
                calibrated,
            }
        })
        .collect();
    (samples, calibrations)
}

/// The validly signed adverts with their first hearing per observer appended to `hearings`.
fn heard_adverts(store: &Store, hearings: &mut Vec<(u32, i64)>) -> Vec<Heard> {
    let transmissions = store.transmissions();
    let observations = store.observations();
    let mut adverts = Vec::new();
    let mut scratch: Vec<(u32, i64)> = Vec::new();
    for &tx in store.txs_by_type(PayloadType::Advert) {
        let valid = transmissions
            .flags(tx)
            .is_some_and(|flags| flags.signature_valid() == Some(true));
        let (Some(Subject::Node(node)), Some(time_ms), Some(timestamp)) = (
            store.subject(tx),
            transmissions.first_seen(tx),
            advert_timestamp(store, tx),
        ) else {
            continue;
        };
        if !valid {
            continue;
        }
        scratch.clear();
        scratch.extend(
            store
                .observations_of(tx)
                .filter_map(|obs| Some((observations.observer(obs)?.0, observations.time(obs)?))),
        );
        scratch.sort_unstable();
        scratch.dedup_by_key(|hearing| hearing.0);
        let start = hearings.len();
        hearings.extend_from_slice(&scratch);
        adverts.push(Heard {
            node,
            time_ms,
            timestamp,
            hearings: start..hearings.len(),
        });
    }
    adverts
}

/// The advert timestamp of transmission `tx`.
fn advert_timestamp(store: &Store, tx: crate::store::TxId) -> Option<u32> {
    let packet = Packet::new_checked(store.raw(tx)?).ok()?;
    let advert = AdvertPacket::new_checked(packet.payload()).ok()?;
    Some(advert.timestamp())
}

/// Each observer's offset: the median of its deviations from the median hearing time of the adverts it shares
/// with other observers.
fn calibrate(store: &Store, adverts: &[Heard], hearings: &[(u32, i64)]) -> Vec<Calibration> {
    let mut deviations: Vec<Vec<f64>> = vec![Vec::new(); store.observers().len()];
    let mut times = Vec::new();
    for advert in adverts.iter().filter(|a| a.hearings.len() >= 2) {
        let heard = hearings.get(advert.hearings.clone()).unwrap_or_default();
        times.clear();
        times.extend(heard.iter().map(|&(_, time_ms)| time_ms as f64 / 1000.0));
        let Some(middle) = median(&mut times) else {
            continue;
        };
        for &(observer, time_ms) in heard {
            if let Some(list) = deviations.get_mut(observer as usize) {
                list.push(time_ms as f64 / 1000.0 - middle);
            }
        }
    }
    deviations
        .iter_mut()
        .enumerate()
        .filter_map(|(index, list)| {
            Some(Calibration {
                observer: ObserverId(index as u32),
                samples: list.len(),
                offset_s: median(list)?,
            })
        })
        .collect()
}
