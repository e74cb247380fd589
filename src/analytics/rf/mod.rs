//! The RF tab (reference 3.3 `rf`): SNR and RSSI over observations, packet sizes over transmissions, SNR by
//! payload type, signal over time, a thinned SNR/RSSI scatter and a per-observer breakdown.
//!
//! Everything comes from the store's aggregates (the quarter-dB SNR and dBm RSSI histograms, the signal sums per
//! type, hour and observer) plus one pass over the transmissions for packet sizes and about 500 reads for the
//! scatter: no scan of the observations. Where it differs from CoreScope:
//! - the median is the true median ([`Stats::median`]), not `sorted[n/2]`;
//! - the scatter takes every k-th observation (k = observations / 500) and keeps those with both an SNR and an
//!   RSSI, where CoreScope takes every k-th of the pairs (the same when every observation has both);
//! - the mean packet size is not rounded down to whole bytes;
//! - signal over time keeps the latest [`MAX_HOURS`] hours, and its hours are unix ms, not text (CoreScope mixed
//!   two text formats for the same hour).

pub mod distribution;

use core::cmp::Reverse;

use serde::Serialize;

use crate::protocol::PayloadType;
use crate::store::aggregates::{HOUR_MS, Histogram, SignalSums};
use crate::store::{ObsId, Store, TxId};
use distribution::{Bins, Stats};

/// Bins of the SNR and RSSI histograms.
pub const SIGNAL_BINS: usize = 20;
/// Bins of the packet size histogram.
pub const SIZE_BINS: usize = 25;
/// About how many points the scatter holds.
pub const SCATTER_POINTS: usize = 500;
/// Most hours listed in time series (the latest).
pub const MAX_HOURS: usize = 720;

/// The RF snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RfSnapshot {
    /// Observations stored.
    pub observations: u64,
    /// Of those, with a known SNR (CoreScope's `totalPackets`).
    pub observations_with_snr: u64,
    /// Of those, with a known RSSI.
    pub observations_with_rssi: u64,
    /// Unique transmissions.
    pub transmissions: u64,
    /// SNR over observations, dB.
    pub snr: Option<Stats>,
    /// RSSI over observations, dBm.
    pub rssi: Option<Stats>,
    /// SNR histogram, [`SIGNAL_BINS`] bins, dB.
    pub snr_histogram: Option<Bins>,
    /// RSSI histogram, [`SIGNAL_BINS`] bins, dBm.
    pub rssi_histogram: Option<Bins>,
    /// Packet size over transmissions (first copy's raw length), bytes.
    pub packet_size: Option<Stats>,
    /// Packet size histogram, [`SIZE_BINS`] bins.
    pub packet_size_histogram: Option<Bins>,
    /// SNR per payload type, most observations first.
    pub snr_by_type: Vec<TypeSignal>,
    /// Per UTC hour with observations, oldest first (the latest [`MAX_HOURS`]).
    pub signal_over_time: Vec<HourSignalEntry>,
    /// About [`SCATTER_POINTS`] (SNR, RSSI) pairs, in observation order.
    pub scatter: Vec<ScatterPoint>,
    /// Per observer, in observer order.
    pub observers: Vec<ObserverSignalEntry>,
    /// First observation, unix ms.
    pub first_ms: Option<i64>,
    /// Last observation, unix ms.
    pub last_ms: Option<i64>,
    /// Hours from the first to the last observation.
    pub span_hours: f64,
}

/// Count, mean, range and population standard deviation of some SNR or RSSI values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SignalSummary {
    /// Values.
    pub count: u64,
    /// Mean.
    pub mean: f64,
    /// Smallest.
    pub min: f64,
    /// Largest.
    pub max: f64,
    /// Population standard deviation.
    pub std_dev: f64,
}

impl SignalSummary {
    /// The summary of `sums` in units of `unit` (4 for quarter-dB SNR, 1 for dBm); `None` when empty.
    pub fn of(sums: &SignalSums, unit: f64) -> Option<SignalSummary> {
        let (min, max) = sums.range(unit)?;
        Some(SignalSummary {
            count: sums.count,
            mean: sums.mean(unit)?,
            min,
            max,
            std_dev: sums.std_dev(unit)?,
        })
    }
}

/// The SNR of one payload type's observations.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TypeSignal {
    /// The firmware name.
    pub payload_type: &'static str,
    /// SNR, dB.
    pub snr: SignalSummary,
}

/// One hour's signal.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HourSignalEntry {
    /// The hour's start, unix ms.
    pub hour_ms: i64,
    /// Observations in the hour.
    pub observations: u64,
    /// Of those, with a known SNR.
    pub snr_count: u64,
    /// Mean SNR, dB.
    pub mean_snr: Option<f64>,
    /// Mean RSSI, dBm.
    pub mean_rssi: Option<f64>,
}

/// One scatter point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ScatterPoint {
    /// SNR, dB.
    pub snr: f64,
    /// RSSI, dBm.
    pub rssi: f64,
}

/// One observer's signal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObserverSignalEntry {
    /// Its public key in hex, when known.
    pub id: Option<String>,
    /// Its name.
    pub name: Option<String>,
    /// Observations.
    pub observations: u64,
    /// SNR, dB.
    pub snr: Option<SignalSummary>,
    /// RSSI, dBm.
    pub rssi: Option<SignalSummary>,
}

/// The RF snapshot of `store`.
pub fn rf(store: &Store) -> RfSnapshot {
    let aggregates = store.aggregates();
    let snr = value_counts(&aggregates.snr, 4.0);
    let rssi = value_counts(&aggregates.rssi, 1.0);
    let snr_pairs = snr.iter().copied();
    let rssi_pairs = rssi.iter().copied();
    let sizes = packet_size_counts(store);
    let size_pairs = sizes
        .iter()
        .enumerate()
        .map(|(len, count)| (len as f64, *count));
    let span = store.time_span();
    RfSnapshot {
        observations: store.observation_count() as u64,
        observations_with_snr: aggregates.snr.total(),
        observations_with_rssi: aggregates.rssi.total(),
        transmissions: store.transmission_count() as u64,
        snr: Stats::of_counts(snr_pairs.clone()),
        rssi: Stats::of_counts(rssi_pairs.clone()),
        snr_histogram: Bins::of_counts(snr_pairs, SIGNAL_BINS),
        rssi_histogram: Bins::of_counts(rssi_pairs, SIGNAL_BINS),
        packet_size: Stats::of_counts(size_pairs.clone()),
        packet_size_histogram: Bins::of_counts(size_pairs, SIZE_BINS),
        snr_by_type: snr_by_type(store),
        signal_over_time: signal_over_time(store),
        scatter: scatter(store),
        observers: observer_signal(store),
        first_ms: span.map(|(first, _)| first),
        last_ms: span.map(|(_, last)| last),
        span_hours: span.map_or(0.0, |(first, last)| {
            last.saturating_sub(first) as f64 / HOUR_MS as f64
        }),
    }
}

/// A store histogram's `(value / unit, count)` pairs, ascending (`unit` 4 for quarter-dB SNR, 1 for dBm).
pub(crate) fn value_counts(histogram: &Histogram, unit: f64) -> Vec<(f64, u64)> {
    histogram
        .iter()
        .map(|(value, count)| (f64::from(value) / unit, count))
        .collect()
}

/// Transmissions per raw length in bytes (0-255).
pub(crate) fn packet_size_counts(store: &Store) -> [u64; 256] {
    let mut counts = [0u64; 256];
    let txs = store.transmissions();
    for index in 0..txs.len() {
        if let Some(count) = txs
            .raw(TxId(index as u32))
            .and_then(|raw| counts.get_mut(raw.len()))
        {
            *count += 1;
        }
    }
    counts
}

fn snr_by_type(store: &Store) -> Vec<TypeSignal> {
    let signal = &store.aggregates().signal;
    let mut out: Vec<TypeSignal> = (0..16u8)
        .filter_map(|bits| {
            let snr = SignalSummary::of(&signal.by_type(bits).snr, 4.0)?;
            Some(TypeSignal {
                payload_type: PayloadType::from_bits(bits).name(),
                snr,
            })
        })
        .collect();
    out.sort_by_key(|entry| Reverse(entry.snr.count));
    out
}

fn signal_over_time(store: &Store) -> Vec<HourSignalEntry> {
    let hours = store.aggregates().signal.hours();
    let latest = hours
        .get(hours.len().saturating_sub(MAX_HOURS)..)
        .unwrap_or_default();
    latest
        .iter()
        .map(|hour| HourSignalEntry {
            hour_ms: hour.hour.saturating_mul(HOUR_MS),
            observations: hour.observations,
            snr_count: hour.signal.snr.count,
            mean_snr: hour.signal.snr.mean(4.0),
            mean_rssi: hour.signal.rssi.mean(1.0),
        })
        .collect()
}

fn scatter(store: &Store) -> Vec<ScatterPoint> {
    let observations = store.observations();
    let step = (observations.len() / SCATTER_POINTS).max(1);
    (0..observations.len())
        .step_by(step)
        .filter_map(|index| {
            let id = ObsId(index as u32);
            Some(ScatterPoint {
                snr: f64::from(observations.snr_db(id)?),
                rssi: f64::from(observations.rssi_dbm(id)?),
            })
        })
        .collect()
}

fn observer_signal(store: &Store) -> Vec<ObserverSignalEntry> {
    let aggregates = store.aggregates();
    store
        .observers()
        .iter()
        .map(|(id, observer)| {
            let signal = aggregates.signal.observer(id).map(|o| o.signal);
            ObserverSignalEntry {
                id: observer
                    .public_key
                    .map(|key| crate::hex::encode_lower(&key)),
                name: observer.name.clone(),
                observations: aggregates
                    .observers
                    .get(id)
                    .map_or(0, |tally| tally.observations),
                snr: signal.and_then(|s| SignalSummary::of(&s.snr, 4.0)),
                rssi: signal.and_then(|s| SignalSummary::of(&s.rssi, 1.0)),
            }
        })
        .collect()
}
