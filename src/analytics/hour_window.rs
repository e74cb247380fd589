//! The UTC hours a per-hour series covers: the store's hours, at most a given number, ending with its latest.

use crate::store::Store;
use crate::store::aggregates::HOUR_MS;

/// Consecutive UTC hours, by index from the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct HourWindow {
    /// The first hour, in hours since the epoch.
    pub first_hour: i64,
    /// How many hours.
    pub hours: usize,
}

impl HourWindow {
    /// The hours of `store`'s time span, the latest `max_hours` at most; `None` for an empty store.
    pub(crate) fn of(store: &Store, max_hours: i64) -> Option<HourWindow> {
        let (first, last) = store.time_span()?;
        let last_hour = last.div_euclid(HOUR_MS);
        let first_hour = first
            .div_euclid(HOUR_MS)
            .max(last_hour.saturating_sub(max_hours.max(1) - 1));
        Some(HourWindow {
            first_hour,
            hours: (last_hour - first_hour + 1).max(0) as usize,
        })
    }

    /// The index of the hour holding `time_ms`, if in the window.
    pub(crate) fn index(&self, time_ms: i64) -> Option<usize> {
        let hour = time_ms.div_euclid(HOUR_MS) - self.first_hour;
        (0..self.hours as i64)
            .contains(&hour)
            .then_some(hour as usize)
    }

    /// The start of hour `index`, unix ms (saturating at the ends of `i64`).
    pub(crate) fn start_ms(&self, index: usize) -> i64 {
        self.first_hour
            .saturating_add(index as i64)
            .saturating_mul(HOUR_MS)
    }
}
