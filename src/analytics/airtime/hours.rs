//! [`Tally`] and [`HourTallies`]: exact airtime sums, in all and per UTC hour.

use super::RadioSettings;
use crate::analytics::hour_window::HourWindow;
use crate::store::aggregates::HOUR_MS;

/// Packets and their payload symbols: an exact airtime (see [`RadioSettings::airtime_ms`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Tally {
    pub packets: u64,
    pub symbols: u64,
}

impl Tally {
    /// One packet of `symbols` payload symbols.
    pub(super) fn one(symbols: u32) -> Tally {
        Tally {
            packets: 1,
            symbols: u64::from(symbols),
        }
    }

    pub(super) fn add(&mut self, other: Tally) {
        self.packets += other.packets;
        self.symbols += other.symbols;
    }

    pub(super) fn sub(&mut self, other: Tally) {
        self.packets = self.packets.saturating_sub(other.packets);
        self.symbols = self.symbols.saturating_sub(other.symbols);
    }

    pub(super) fn ms(self, radio: &RadioSettings) -> f64 {
        radio.airtime_ms(self.packets, self.symbols)
    }

    pub(super) fn is_empty(self) -> bool {
        self.packets == 0
    }
}

/// Tallies by UTC hour from `first_hour` (hours since the epoch), for the hours a snapshot can still show.
#[derive(Debug, Clone, Default)]
pub(super) struct HourTallies {
    first_hour: i64,
    hours: Vec<Tally>,
}

impl HourTallies {
    /// Adds `tally` to `hour` unless it is before `floor`.
    pub(super) fn add(&mut self, hour: i64, floor: i64, tally: Tally) {
        if hour < floor {
            return;
        }
        if self.hours.is_empty() {
            self.first_hour = hour;
        } else if hour < self.first_hour {
            let missing = (self.first_hour - hour) as usize;
            self.hours
                .splice(0..0, core::iter::repeat_n(Tally::default(), missing));
            self.first_hour = hour;
        }
        let index = (hour - self.first_hour) as usize;
        if self.hours.len() <= index {
            self.hours.resize(index + 1, Tally::default());
        }
        if let Some(slot) = self.hours.get_mut(index) {
            slot.add(tally);
        }
    }

    /// Takes `tally` back from `hour` (added there before).
    pub(super) fn sub(&mut self, hour: i64, tally: Tally) {
        let index = hour - self.first_hour;
        if let Some(slot) = usize::try_from(index)
            .ok()
            .and_then(|index| self.hours.get_mut(index))
        {
            slot.sub(tally);
        }
    }

    /// Forgets the hours before `floor`.
    pub(super) fn prune(&mut self, floor: i64) {
        let stale = (floor - self.first_hour).clamp(0, self.hours.len() as i64) as usize;
        if stale > 0 {
            self.hours.drain(..stale);
            self.first_hour = floor;
        }
    }

    /// Adds these tallies into `into`, by `window` hour (`into` has `window.hours` entries once anything is in
    /// the window, none before).
    pub(super) fn merge_into(&self, into: &mut Vec<Tally>, window: &HourWindow) {
        for (offset, &tally) in self.hours.iter().enumerate() {
            if tally.is_empty() {
                continue;
            }
            let start = (self.first_hour + offset as i64).saturating_mul(HOUR_MS);
            let Some(hour) = window.index(start) else {
                continue;
            };
            if into.is_empty() {
                *into = vec![Tally::default(); window.hours];
            }
            if let Some(slot) = into.get_mut(hour) {
                slot.add(tally);
            }
        }
    }
}
