//! A node's clock from its advert samples: severity, the "recent" skew, bimodal clocks, drift.
//!
//! Severity by absolute skew (CoreScope's thresholds): ok under 5 minutes, warning under an hour, critical under
//! 30 days, absurd under 365 days, no_clock from 365 days.
//!
//! The judgement (a "good" sample has a plausible timestamp and an absolute skew of at most an hour):
//! - It looks at a window of the latest samples: at most [`WINDOW_SAMPLES`], within [`WINDOW_MS`] of the latest.
//!   CoreScope looks at min(last 5, within 1 h of the latest), which for a node advertising every few hours is
//!   one sample: a flaky clock can then never show as bimodal, only flip between ok and no_clock. That narrow
//!   window still gives [`recent_median`].
//! - A window that changes from good to bad (or back) exactly once is a clock that was set or lost, not a flaky
//!   one: only the samples after the change are judged.
//! - Good fraction of at least 0.8: judged on the median of the good samples (outliers filtered out).
//! - Good fraction from 0.1 and below 0.8 (so good and bad samples alternate): bimodal_clock, with the median
//!   of the good samples as its skew.
//! - Otherwise judged on the bad samples: no_clock when at least half of them have an implausible timestamp,
//!   else by the median of their skews. CoreScope calls every such node no_clock, so a clock set 3 hours wrong
//!   read as "no clock" instead of critical.
//!
//! Drift (CoreScope's rule, over the plausible samples; not for no_clock and bimodal_clock nodes): at least 5
//! samples spanning at least an hour; jumps of more than 60 s from the last kept sample are dropped (clock
//! corrections) unless that leaves under 2 samples or under an hour; Theil-Sen slope over the latest 200; a
//! rate beyond a day per day is no rate.

use serde::Serialize;

use super::robust::{median, theil_sen};
use super::samples::AdvertSample;

/// Most samples in the judged window.
pub const WINDOW_SAMPLES: usize = 12;
/// How far back from the latest sample the judged window reaches, ms (24 hours).
pub const WINDOW_MS: i64 = 24 * 3_600_000;
/// Samples in CoreScope's recent window.
pub const RECENT_SAMPLES: usize = 5;
/// How far back from the latest sample the recent window reaches, ms (1 hour).
pub const RECENT_MS: i64 = 3_600_000;
/// Largest absolute skew of a good sample, seconds (1 hour).
pub const GOOD_SKEW_S: f64 = 3_600.0;
/// Largest skew change between consecutive samples kept for drift, seconds.
pub const MAX_JUMP_S: f64 = 60.0;
/// Most samples fed to Theil-Sen (the latest).
pub const DRIFT_POINTS: usize = 200;

const MIN_DRIFT_SAMPLES: usize = 5;
const MIN_DRIFT_SPAN_S: f64 = 3_600.0;
const MAX_DRIFT_S_PER_DAY: f64 = 86_400.0;
const DAY_S: f64 = 86_400.0;

/// How wrong a node's clock is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Under 5 minutes off.
    Ok,
    /// Under an hour.
    Warning,
    /// Under 30 days.
    Critical,
    /// Under 365 days.
    Absurd,
    /// A year or more off, or never set.
    NoClock,
    /// Good and bad timestamps alternate (a clock lost at reboots).
    BimodalClock,
}

impl Severity {
    /// The severity of an absolute skew of `abs_skew_s` seconds.
    pub fn of_skew(abs_skew_s: f64) -> Severity {
        match abs_skew_s {
            s if s < 300.0 => Severity::Ok,
            s if s < 3_600.0 => Severity::Warning,
            s if s < 30.0 * DAY_S => Severity::Critical,
            s if s < 365.0 * DAY_S => Severity::Absurd,
            _ => Severity::NoClock,
        }
    }
}

/// What the window of latest samples says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    /// The severity.
    pub severity: Severity,
    /// The skew it was judged on, seconds (none for a clock that was never set).
    pub skew_s: Option<f64>,
    /// Good samples among those judged.
    pub good_fraction: f64,
    /// Samples judged.
    pub judged: usize,
}

fn is_good(sample: &AdvertSample) -> bool {
    sample.skew_s.is_some_and(|skew| skew.abs() <= GOOD_SKEW_S)
}

/// The verdict on `samples` (time ordered); `None` when there are none.
pub fn judge(samples: &[AdvertSample]) -> Option<Verdict> {
    let latest = samples.last()?.time_ms;
    let by_count = samples.len().saturating_sub(WINDOW_SAMPLES);
    let by_time = samples.partition_point(|s| s.time_ms < latest.saturating_sub(WINDOW_MS));
    let mut window = samples.get(by_count.max(by_time)..)?;
    let changes: Vec<usize> = window
        .windows(2)
        .enumerate()
        .filter(|(_, pair)| pair.first().map(is_good) != pair.get(1).map(is_good))
        .map(|(at, _)| at + 1)
        .collect();
    if let [change] = changes.as_slice() {
        window = window.get(*change..)?;
    }
    let mut good: Vec<f64> = window
        .iter()
        .filter(|s| is_good(s))
        .filter_map(|s| s.skew_s)
        .collect();
    let good_fraction = good.len() as f64 / window.len() as f64;
    let judged = window.len();
    if good_fraction >= 0.8 {
        let skew_s = median(&mut good);
        let severity = Severity::of_skew(skew_s.map_or(0.0, f64::abs));
        return Some(Verdict {
            severity,
            skew_s,
            good_fraction,
            judged,
        });
    }
    if !good.is_empty() && good_fraction >= 0.1 {
        return Some(Verdict {
            severity: Severity::BimodalClock,
            skew_s: median(&mut good),
            good_fraction,
            judged,
        });
    }
    let mut bad: Vec<f64> = window
        .iter()
        .filter(|s| !is_good(s))
        .filter_map(|s| s.skew_s)
        .collect();
    let unset = window.iter().filter(|s| s.skew_s.is_none()).count();
    let skew_s = median(&mut bad);
    let severity = match skew_s {
        Some(skew) if unset * 2 < window.len() - good.len() => Severity::of_skew(skew.abs()),
        _ => Severity::NoClock,
    };
    Some(Verdict {
        severity,
        skew_s,
        good_fraction,
        judged,
    })
}

/// The median skew of the plausible samples among the last [`RECENT_SAMPLES`] that are within [`RECENT_MS`] of
/// the latest plausible one (CoreScope's recent window).
pub fn recent_median(samples: &[AdvertSample]) -> Option<f64> {
    let plausible: Vec<(i64, f64)> = samples
        .iter()
        .filter_map(|s| Some((s.time_ms, s.skew_s?)))
        .collect();
    let latest = plausible.last()?.0;
    let by_count = plausible.len().saturating_sub(RECENT_SAMPLES);
    let by_time = plausible.partition_point(|(time, _)| *time < latest.saturating_sub(RECENT_MS));
    let mut recent: Vec<f64> = plausible
        .get(by_count.max(by_time)..)?
        .iter()
        .map(|(_, skew)| *skew)
        .collect();
    median(&mut recent)
}

/// The drift of the plausible `samples` (time ordered) in seconds per day; `slopes` is scratch space.
pub fn drift(samples: &[AdvertSample], slopes: &mut Vec<f64>) -> Option<f64> {
    let points: Vec<(f64, f64)> = samples
        .iter()
        .filter_map(|s| Some((s.time_ms as f64 / 1000.0, s.skew_s?)))
        .collect();
    let span = |points: &[(f64, f64)]| match (points.first(), points.last()) {
        (Some(first), Some(last)) => last.0 - first.0,
        _ => 0.0,
    };
    if points.len() < MIN_DRIFT_SAMPLES || span(&points) < MIN_DRIFT_SPAN_S {
        return None;
    }
    let mut steady: Vec<(f64, f64)> = Vec::with_capacity(points.len());
    for &point in &points {
        match steady.last() {
            Some(last) if (point.1 - last.1).abs() > MAX_JUMP_S => {}
            _ => steady.push(point),
        }
    }
    let used = if steady.len() < 2 || span(&steady) < MIN_DRIFT_SPAN_S {
        &points
    } else {
        &steady
    };
    let latest = used.get(used.len().saturating_sub(DRIFT_POINTS)..)?;
    let rate = theil_sen(latest, slopes)? * DAY_S;
    (rate.abs() <= MAX_DRIFT_S_PER_DAY).then_some(rate)
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::store::NodeId;

    fn sample(time_s: i64, skew_s: Option<f64>) -> AdvertSample {
        AdvertSample {
            node: NodeId(0),
            time_ms: time_s * 1000,
            timestamp: 0,
            skew_s,
            calibrated: false,
        }
    }

    #[test]
    fn thresholds() {
        assert_eq!(Severity::of_skew(299.9), Severity::Ok);
        assert_eq!(Severity::of_skew(300.0), Severity::Warning);
        assert_eq!(Severity::of_skew(3_600.0), Severity::Critical);
        assert_eq!(Severity::of_skew(30.0 * DAY_S), Severity::Absurd);
        assert_eq!(Severity::of_skew(365.0 * DAY_S), Severity::NoClock);
    }

    #[test]
    fn steps_are_not_bimodal() {
        // Unset for a while, then set: judged on the samples after the change.
        let fixed: Vec<AdvertSample> = (0..8)
            .map(|i| sample(i * 600, if i < 4 { None } else { Some(2.0) }))
            .collect();
        let verdict = judge(&fixed).unwrap();
        assert_eq!(
            (verdict.severity, verdict.skew_s, verdict.judged),
            (Severity::Ok, Some(2.0), 4)
        );
        // Set 3 hours wrong throughout: critical, not no_clock.
        let wrong: Vec<AdvertSample> = (0..4).map(|i| sample(i * 600, Some(-10_800.0))).collect();
        assert_eq!(judge(&wrong).unwrap().severity, Severity::Critical);
        // Lost: good, then unset.
        let lost: Vec<AdvertSample> = (0..6)
            .map(|i| sample(i * 600, if i < 2 { Some(1.0) } else { None }))
            .collect();
        let verdict = judge(&lost).unwrap();
        assert_eq!(
            (verdict.severity, verdict.skew_s),
            (Severity::NoClock, None)
        );
    }

    #[test]
    fn recent_window_is_narrow() {
        let samples = [
            sample(0, Some(100.0)),
            sample(10_000, Some(1.0)),
            sample(10_500, Some(3.0)),
            sample(11_000, None),
        ];
        assert_eq!(recent_median(&samples), Some(2.0));
        assert_eq!(recent_median(&[sample(0, None)]), None);
    }

    #[test]
    fn drift_needs_enough_samples() {
        let mut scratch = Vec::new();
        let short: Vec<AdvertSample> = (0..4).map(|i| sample(i * 3_600, Some(i as f64))).collect();
        assert_eq!(drift(&short, &mut scratch), None);
        let brief: Vec<AdvertSample> = (0..10).map(|i| sample(i * 60, Some(i as f64))).collect();
        assert_eq!(drift(&brief, &mut scratch), None);
        // 1 s per hour with one 10-minute correction jump: 24 s per day.
        let mut samples: Vec<AdvertSample> =
            (0..10).map(|i| sample(i * 3_600, Some(i as f64))).collect();
        samples[5].skew_s = Some(600.0);
        let rate = drift(&samples, &mut scratch).unwrap();
        assert!((rate - 24.0).abs() < 1e-9, "{rate}");
    }
}
