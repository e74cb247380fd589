//! [`HourSeries`]: values by UTC hour, kept from a first hour on, growing at either end as hours arrive and
//! pruned from the front: the per-hour sums the incremental analytics fold observations into.

use crate::analytics::hour_window::HourWindow;
use crate::store::aggregates::HOUR_MS;

/// A value per UTC hour (hours since the epoch) from `first_hour`, every hour in between present.
#[derive(Debug, Clone, Default)]
pub(crate) struct HourSeries<T> {
    first_hour: i64,
    hours: Vec<T>,
}

impl<T: Default + Clone> HourSeries<T> {
    /// The value of `hour`, created (with the hours between it and those held) if it is not held yet.
    pub(crate) fn entry(&mut self, hour: i64) -> Option<&mut T> {
        if self.hours.is_empty() {
            self.first_hour = hour;
        } else if hour < self.first_hour {
            let missing = usize::try_from(self.first_hour - hour).ok()?;
            self.hours
                .splice(0..0, core::iter::repeat_n(T::default(), missing));
            self.first_hour = hour;
        }
        let index = usize::try_from(hour - self.first_hour).ok()?;
        if self.hours.len() <= index {
            self.hours.resize(index + 1, T::default());
        }
        self.hours.get_mut(index)
    }

    /// The value of `hour`, if held.
    pub(crate) fn get_mut(&mut self, hour: i64) -> Option<&mut T> {
        let index = usize::try_from(hour - self.first_hour).ok()?;
        self.hours.get_mut(index)
    }

    /// Forgets the hours before `floor`.
    pub(crate) fn prune(&mut self, floor: i64) {
        let stale = (floor - self.first_hour).clamp(0, self.hours.len() as i64) as usize;
        if stale > 0 {
            self.hours.drain(..stale);
            self.first_hour = floor;
        }
    }

    /// The values held for hours inside `window`, with their index in it.
    pub(crate) fn in_window<'a>(
        &'a self,
        window: &'a HourWindow,
    ) -> impl Iterator<Item = (usize, &'a T)> + 'a {
        self.hours
            .iter()
            .enumerate()
            .filter_map(move |(offset, value)| {
                let start = (self.first_hour + offset as i64).saturating_mul(HOUR_MS);
                window.index(start).map(|index| (index, value))
            })
    }
}
