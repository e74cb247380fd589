//! What the observer table computes per observer (reference 3.1 / 3.5): its health by the time since its last
//! packet, its observations in the hour before `now_ms` (exact, without scanning its history), and its
//! average packet rate.

use serde::Serialize;

use crate::store::aggregates::HOUR_MS;
use crate::store::{ObserverId, Store};

/// An observer is online when its last packet is less than this old, ms (10 minutes).
pub const ONLINE_WITHIN_MS: i64 = 10 * 60_000;
/// Stale when less than this old, ms (1 hour); offline otherwise.
pub const STALE_WITHIN_MS: i64 = HOUR_MS;

/// An observer's health, from the time since its last packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Health {
    /// Last packet less than [`ONLINE_WITHIN_MS`] ago.
    Online,
    /// Less than [`STALE_WITHIN_MS`] ago.
    Stale,
    /// Older, or never.
    Offline,
}

/// The health of an observer whose last packet was at `last_seen_ms`, at `now_ms`. A last packet after `now_ms`
/// (an observer clock ahead) counts as just now.
pub fn health(last_seen_ms: Option<i64>, now_ms: i64) -> Health {
    match last_seen_ms.map(|last| now_ms.saturating_sub(last)) {
        Some(age) if age < ONLINE_WITHIN_MS => Health::Online,
        Some(age) if age < STALE_WITHIN_MS => Health::Stale,
        _ => Health::Offline,
    }
}

/// Observations of `observer` heard from `now_ms - 1 h` to `now_ms`, both included.
///
/// Exact without a scan of its history: its observations are listed in arrival order, which is time order up
/// to the arrival disorder `d` the store tracks (no observation arrived more than `d` older than one before
/// it). Walking back from the newest, an observation older than `now_ms - 1 h - d` proves every earlier one is
/// older than `now_ms - 1 h`, so the walk stops there.
pub fn observations_in_last_hour(store: &Store, observer: ObserverId, now_ms: i64) -> u64 {
    let Some(list) = store.indexes().observer.get(observer) else {
        return 0;
    };
    let disorder = store
        .aggregates()
        .signal
        .observer(observer)
        .map_or(0, |o| o.disorder_ms);
    let from = now_ms.saturating_sub(HOUR_MS);
    let stop = from.saturating_sub(disorder);
    let times = store.observations();
    let mut count = 0;
    for obs in list.iter().rev() {
        let Some(time) = times.time(obs) else {
            continue;
        };
        if time < stop {
            break;
        }
        count += u64::from((from..=now_ms).contains(&time));
    }
    count
}

/// Observations per hour over the span from `first_ms` to `last_ms`, taken as at least an hour (so a burst
/// does not read as a high rate).
pub fn hourly_rate(observations: u64, first_ms: i64, last_ms: i64) -> f64 {
    let hours = (last_ms.saturating_sub(first_ms) as f64 / HOUR_MS as f64).max(1.0);
    observations as f64 / hours
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn health_thresholds() {
        let now = 10 * HOUR_MS;
        assert_eq!(
            health(Some(now - ONLINE_WITHIN_MS + 1), now),
            Health::Online
        );
        assert_eq!(health(Some(now + 5_000), now), Health::Online);
        assert_eq!(health(Some(now - ONLINE_WITHIN_MS), now), Health::Stale);
        assert_eq!(health(Some(now - HOUR_MS + 1), now), Health::Stale);
        assert_eq!(health(Some(now - HOUR_MS), now), Health::Offline);
        assert_eq!(health(None, now), Health::Offline);
    }

    #[test]
    fn rates() {
        assert_eq!(hourly_rate(30, 0, HOUR_MS / 2), 30.0);
        assert_eq!(hourly_rate(30, 0, 3 * HOUR_MS), 10.0);
    }
}
