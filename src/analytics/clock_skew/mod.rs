//! The Clock Health tab (reference 3.3 "Clock skew", CoreScope's `cmd/server/clock_skew.go`): per node, how far
//! its clock is from the observers', from its adverts' timestamps; and each observer's calibration.
//!
//! Samples come from the advert transmissions in the store and their observations ([`samples`]), so the
//! analytic describes the data the store holds (evicted adverts are gone, as their packets are). The
//! judgement of a node's clock is in [`classify`], with where and why it differs from CoreScope.

pub mod classify;
mod job;
pub mod robust;
pub mod samples;

use serde::Serialize;

pub use classify::Severity;
pub use job::ClockSkewJob;

use crate::analytics::job::at_once;
use crate::hex;
use crate::store::Store;
use classify::{drift, judge, recent_median};
use robust::median;
use samples::{AdvertSample, Calibration};

/// The Clock Health snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClockSkew {
    /// Every node with at least one validly signed advert, in node order.
    pub nodes: Vec<NodeSkew>,
    /// Every observer measured on adverts heard by several observers, largest absolute offset first.
    pub observers: Vec<ObserverCalibration>,
    /// Nodes per severity.
    pub counts: SeverityCounts,
}

/// One node's clock.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeSkew {
    /// Its public key, 64 lower-case hex digits.
    pub public_key: String,
    /// Its advertised name.
    pub name: Option<String>,
    /// Its advertised role.
    pub role: Option<&'static str>,
    /// How wrong its clock is.
    pub severity: Severity,
    /// The skew the severity was judged on, seconds (positive: the node is ahead).
    pub skew_s: Option<f64>,
    /// Median skew over every advert with a plausible timestamp, seconds.
    pub median_skew_s: Option<f64>,
    /// Mean of the same.
    pub mean_skew_s: Option<f64>,
    /// The latest advert's skew.
    pub last_skew_s: Option<f64>,
    /// The median over the last 5 plausible adverts within an hour of the latest (CoreScope's recent skew).
    pub recent_median_skew_s: Option<f64>,
    /// Drift, seconds per day.
    pub drift_s_per_day: Option<f64>,
    /// Good samples (plausible, within an hour) among those judged.
    pub good_fraction: f64,
    /// Adverts judged (see [`classify`]).
    pub judged_samples: usize,
    /// Adverts used.
    pub samples: usize,
    /// Of those, adverts whose timestamp is before 2020 or after 2100 (a clock never set).
    pub unset_samples: usize,
    /// Whether observer calibration corrected any of its samples.
    pub calibrated: bool,
    /// The latest advert's timestamp, unix seconds.
    pub last_advert_timestamp: u32,
    /// When the latest advert was first heard, unix ms.
    pub last_heard_ms: i64,
}

/// One observer's clock offset against the others.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObserverCalibration {
    /// Its public key in hex, when known.
    pub id: Option<String>,
    /// Its name.
    pub name: Option<String>,
    /// Its offset, seconds (positive: its clock is ahead of the others').
    pub offset_s: f64,
    /// Adverts it shared with other observers.
    pub samples: usize,
}

/// Nodes per severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SeverityCounts {
    /// Under 5 minutes.
    pub ok: usize,
    /// Under an hour.
    pub warning: usize,
    /// Under 30 days.
    pub critical: usize,
    /// Under 365 days.
    pub absurd: usize,
    /// A year or more, or never set.
    pub no_clock: usize,
    /// Alternating good and bad timestamps.
    pub bimodal_clock: usize,
}

impl SeverityCounts {
    fn add(&mut self, severity: Severity) {
        let count = match severity {
            Severity::Ok => &mut self.ok,
            Severity::Warning => &mut self.warning,
            Severity::Critical => &mut self.critical,
            Severity::Absurd => &mut self.absurd,
            Severity::NoClock => &mut self.no_clock,
            Severity::BimodalClock => &mut self.bimodal_clock,
        };
        *count += 1;
    }
}

/// The Clock Health snapshot of `store`, at once.
pub fn clock_skew(store: &Store) -> ClockSkew {
    let mut job = ClockSkewJob::new(store);
    at_once(|limit| job.step(store, limit))
}

/// The observers' calibrations as shown, largest absolute offset first.
fn observer_calibrations(store: &Store, calibrations: &[Calibration]) -> Vec<ObserverCalibration> {
    let mut observers: Vec<ObserverCalibration> = calibrations
        .iter()
        .map(|calibration| {
            let observer = store.observers().get(calibration.observer);
            ObserverCalibration {
                id: observer
                    .and_then(|o| o.public_key)
                    .map(|key| hex::encode_lower(&key)),
                name: observer.and_then(|o| o.name.clone()),
                offset_s: calibration.offset_s,
                samples: calibration.samples,
            }
        })
        .collect();
    observers.sort_by(|a, b| b.offset_s.abs().total_cmp(&a.offset_s.abs()));
    observers
}

/// The clock of the node whose samples (time ordered, not empty) are `group`.
fn node_skew(store: &Store, group: &[AdvertSample], slopes: &mut Vec<f64>) -> Option<NodeSkew> {
    let first = group.first()?;
    let last = group.last()?;
    let verdict = judge(group)?;
    let mut plausible: Vec<f64> = group.iter().filter_map(|s| s.skew_s).collect();
    let mean_skew_s =
        (!plausible.is_empty()).then(|| plausible.iter().sum::<f64>() / plausible.len() as f64);
    let last_skew_s = group.iter().rev().find_map(|s| s.skew_s);
    let node = store.node(first.node)?;
    let reliable = !matches!(verdict.severity, Severity::NoClock | Severity::BimodalClock);
    Some(NodeSkew {
        public_key: hex::encode_lower(&node.public_key),
        name: node
            .name
            .and_then(|name| store.string(name))
            .map(str::to_owned),
        role: node.role.map(|role| role.name()),
        severity: verdict.severity,
        skew_s: verdict.skew_s,
        median_skew_s: median(&mut plausible),
        mean_skew_s,
        last_skew_s,
        recent_median_skew_s: recent_median(group),
        drift_s_per_day: if reliable { drift(group, slopes) } else { None },
        good_fraction: verdict.good_fraction,
        judged_samples: verdict.judged,
        samples: group.len(),
        unset_samples: group.iter().filter(|s| s.skew_s.is_none()).count(),
        calibrated: group.iter().any(|s| s.calibrated),
        last_advert_timestamp: last.timestamp,
        last_heard_ms: last.time_ms,
    })
}
