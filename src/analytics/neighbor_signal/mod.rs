//! Neighbour signal history (issue 9.5): for each observer, the SNR and RSSI of each direct neighbour over
//! time, per UTC hour, with a trend.
//!
//! A hearing's direct neighbour is the node that sent the copy heard (see `emitter.rs`): the originator of a
//! zero-hop copy (an ADVERT or ANON_REQ, whose sender is known), the last hop of a flood path, resolved to a
//! node only when exactly one known node has that prefix, otherwise kept as a prefix and marked ambiguous
//! (or unknown). DIRECT copies with hops and TRACE packets name no sender and are skipped.
//!
//! The trend is the least-squares slope of SNR against time over every hearing with an SNR in the window,
//! each taken at the middle of its UTC hour (so the per-observation work is a few integer additions, and
//! busy hours weigh more than quiet ones), in dB per day: improving at or above
//! [`TREND_THRESHOLD_DB_PER_DAY`], degrading at or below its negative, stable between; unknown with fewer
//! than [`TREND_MIN_HEARINGS`] hearings or less than [`TREND_MIN_SPAN_MS`] between the first and last hour. One dB
//! a day is well above what the slope's noise allows with that many samples at the SNR spread of a steady
//! link (a few dB), and well below the drift of a link that fails in a few days.
//!
//! Cost: [`NeighborSignalState`] folds each observation once into sums per observer, sender (an originator
//! or a last hop hash, before the node table says which node it is) and UTC hour; a snapshot merges the
//! senders into emitters with the nodes known then. [`neighbor_signal`] folds the whole store (one pass over
//! the observation columns); the recomputer keeps a state and folds only what arrived since its last compute,
//! starting again after an eviction or a clear.
//!
//! Difference from the first version of this analytic: a TRACE copy is never counted, even when its path
//! bytes (SNRs) equal a path a flood took (the per-path cache used to let such a copy through).

use serde::Serialize;

mod state;

pub use state::NeighborSignalState;

use super::emitter::{Emitter, EmitterKey};
use super::hour_window::HourWindow;
use crate::store::aggregates::HOUR_MS;
use crate::store::{ObserverId, Store};

/// A slope of at least this many dB per day is a trend.
pub const TREND_THRESHOLD_DB_PER_DAY: f64 = 1.0;
/// Hearings with an SNR needed for a trend.
pub const TREND_MIN_HEARINGS: u64 = 10;
/// Time between the first and last hearing needed for a trend, ms (2 hours).
pub const TREND_MIN_SPAN_MS: i64 = 2 * HOUR_MS;
/// Hours of history kept per neighbour at most, ending with the store's latest hour.
pub const MAX_HOURS: i64 = 168;

/// What [`neighbor_signal`] lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NeighborOptions {
    /// Observers at most (most hearings first).
    pub observers: usize,
    /// Neighbours per observer at most (most hearings first).
    pub neighbors: usize,
}

impl Default for NeighborOptions {
    /// 20 observers, 20 neighbours each.
    fn default() -> Self {
        NeighborOptions {
            observers: 20,
            neighbors: 20,
        }
    }
}

/// Neighbour signal snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NeighborSignal {
    /// The trend threshold used, dB per day.
    pub trend_threshold_db_per_day: f64,
    /// Observers with neighbours, most hearings first.
    pub observers: Vec<ObserverNeighbors>,
}

/// One observer's direct neighbours.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObserverNeighbors {
    /// Its store id.
    pub id: u32,
    /// Its name, when known.
    pub name: Option<String>,
    /// Its hearings of a known neighbour (node or prefix).
    pub hearings: u64,
    /// Neighbours in all.
    pub neighbor_count: usize,
    /// Neighbours, most hearings first.
    pub neighbors: Vec<Neighbor>,
}

/// One direct neighbour of an observer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Neighbor {
    /// Who (a prefix with `candidates` other than 1 is unresolved).
    pub emitter: Emitter,
    /// Whether several known nodes match the prefix.
    pub ambiguous: bool,
    /// Hearings of its zero-hop copies.
    pub zero_hop: u64,
    /// Hearings of flood copies it sent as the last hop.
    pub last_hop: u64,
    /// Mean SNR, dB.
    pub snr_db: Option<f64>,
    /// Mean RSSI, dBm.
    pub rssi_dbm: Option<f64>,
    /// Per-hour points, hours with hearings only, oldest first.
    pub hours: Vec<HourPoint>,
    /// SNR trend.
    pub trend: Trend,
}

/// One hour of a neighbour's signal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HourPoint {
    /// Start of the hour, unix ms.
    pub hour_start_ms: i64,
    /// Hearings.
    pub hearings: u32,
    /// Mean SNR, dB.
    pub snr_db: Option<f64>,
    /// Mean RSSI, dBm.
    pub rssi_dbm: Option<f64>,
}

/// Which way the SNR goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Up by at least the threshold a day.
    Improving,
    /// Down by at least the threshold a day.
    Degrading,
    /// Within the threshold.
    Stable,
    /// Too few hearings or too short a span.
    Unknown,
}

/// A least-squares SNR trend.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Trend {
    /// Slope, dB per day (`None` when unknown).
    pub slope_db_per_day: Option<f64>,
    /// Its reading.
    pub direction: Direction,
}

/// Running sums of one observer-neighbour pair.
#[derive(Debug, Clone, Default)]
struct Series {
    zero_hop: u64,
    last_hop: u64,
    snr_n: u64,
    snr_quarter_sum: i64,
    rssi_n: u64,
    rssi_sum: i64,
    hours: Vec<Bucket>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Bucket {
    hearings: u32,
    snr_n: u32,
    snr_quarter_sum: i32,
    rssi_n: u32,
    rssi_sum: i32,
}

impl Series {
    /// Least squares of SNR over the hourly buckets, each hearing at the middle of its hour.
    fn trend(&self) -> Trend {
        let unknown = Trend {
            slope_db_per_day: None,
            direction: Direction::Unknown,
        };
        let (mut n, mut t_sum, mut tt_sum, mut y_sum, mut ty_sum) = (0.0, 0.0, 0.0, 0.0, 0.0);
        let (mut first, mut last) = (None, 0);
        for (hour, bucket) in self.hours.iter().enumerate().filter(|(_, b)| b.snr_n > 0) {
            let count = f64::from(bucket.snr_n);
            let t = hour as f64 + 0.5;
            let y = f64::from(bucket.snr_quarter_sum) / 4.0;
            n += count;
            t_sum += count * t;
            tt_sum += count * t * t;
            y_sum += y;
            ty_sum += t * y;
            first.get_or_insert(hour);
            last = hour;
        }
        let span_ms = (last - first.unwrap_or(last)) as i64 * HOUR_MS;
        let denominator = n * tt_sum - t_sum * t_sum;
        if n < TREND_MIN_HEARINGS as f64 || span_ms < TREND_MIN_SPAN_MS || denominator <= 0.0 {
            return unknown;
        }
        let per_day = (n * ty_sum - t_sum * y_sum) / denominator * 24.0;
        let direction = if per_day >= TREND_THRESHOLD_DB_PER_DAY {
            Direction::Improving
        } else if per_day <= -TREND_THRESHOLD_DB_PER_DAY {
            Direction::Degrading
        } else {
            Direction::Stable
        };
        Trend {
            slope_db_per_day: Some(per_day),
            direction,
        }
    }
}

fn mean(sum: f64, n: u64) -> Option<f64> {
    (n > 0).then(|| sum / n as f64)
}

/// Every observer's direct neighbours in `store` (see the module doc).
pub fn neighbor_signal(store: &Store, options: &NeighborOptions) -> NeighborSignal {
    let mut state = NeighborSignalState::new();
    state.update(store, usize::MAX);
    state.snapshot(store, options)
}

fn snapshot(
    store: &Store,
    options: &NeighborOptions,
    mut series: Vec<(u16, u32, Series)>,
    emitters: &[EmitterKey],
    window: &HourWindow,
) -> NeighborSignal {
    let hearings = |s: &Series| s.zero_hop + s.last_hop;
    // By observer, most hearings first.
    series.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(hearings(&b.2).cmp(&hearings(&a.2)))
            .then(a.1.cmp(&b.1))
    });
    let mut observers: Vec<ObserverNeighbors> = Vec::new();
    for group in series.chunk_by(|a, b| a.0 == b.0) {
        let Some(&(observer, _, _)) = group.first() else {
            continue;
        };
        let id = ObserverId(u32::from(observer));
        observers.push(ObserverNeighbors {
            id: id.0,
            name: store.observers().get(id).and_then(|o| o.name.clone()),
            hearings: group.iter().map(|(_, _, s)| hearings(s)).sum(),
            neighbor_count: group.len(),
            neighbors: group
                .iter()
                .take(options.neighbors)
                .filter_map(|(_, slot, sums)| {
                    let key = *emitters.get(*slot as usize)?;
                    Some(neighbor(store, key, sums, window))
                })
                .collect(),
        });
    }
    observers.sort_by(|a, b| b.hearings.cmp(&a.hearings).then(a.id.cmp(&b.id)));
    observers.truncate(options.observers);
    NeighborSignal {
        trend_threshold_db_per_day: TREND_THRESHOLD_DB_PER_DAY,
        observers,
    }
}

fn neighbor(store: &Store, key: EmitterKey, sums: &Series, window: &HourWindow) -> Neighbor {
    let emitter = key.describe(store);
    Neighbor {
        ambiguous: emitter.candidates > 1,
        emitter,
        zero_hop: sums.zero_hop,
        last_hop: sums.last_hop,
        snr_db: mean(sums.snr_quarter_sum as f64 / 4.0, sums.snr_n),
        rssi_dbm: mean(sums.rssi_sum as f64, sums.rssi_n),
        hours: sums
            .hours
            .iter()
            .enumerate()
            .filter(|(_, b)| b.hearings > 0)
            .map(|(hour, b)| HourPoint {
                hour_start_ms: window.start_ms(hour),
                hearings: b.hearings,
                snr_db: mean(f64::from(b.snr_quarter_sum) / 4.0, u64::from(b.snr_n)),
                rssi_dbm: mean(f64::from(b.rssi_sum), u64::from(b.rssi_n)),
            })
            .collect(),
        trend: sums.trend(),
    }
}
