//! [`Tally`] and [`HourTallies`]: exact airtime sums, in all and per UTC hour.

use super::RadioSettings;
use crate::analytics::hour_series::HourSeries;
use crate::analytics::hour_window::HourWindow;

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

/// Tallies by UTC hour, for the hours a snapshot can still show.
#[derive(Debug, Clone, Default)]
pub(super) struct HourTallies {
    hours: HourSeries<Tally>,
}

impl HourTallies {
    /// Adds `tally` to `hour` unless it is before `floor`.
    pub(super) fn add(&mut self, hour: i64, floor: i64, tally: Tally) {
        if hour < floor {
            return;
        }
        if let Some(slot) = self.hours.entry(hour) {
            slot.add(tally);
        }
    }

    /// Takes `tally` back from `hour` (added there before).
    pub(super) fn sub(&mut self, hour: i64, tally: Tally) {
        if let Some(slot) = self.hours.get_mut(hour) {
            slot.sub(tally);
        }
    }

    /// Forgets the hours before `floor`.
    pub(super) fn prune(&mut self, floor: i64) {
        self.hours.prune(floor);
    }

    /// Adds these tallies into `into`, by `window` hour (`into` has `window.hours` entries once anything is in
    /// the window, none before).
    pub(super) fn merge_into(&self, into: &mut Vec<Tally>, window: &HourWindow) {
        for (hour, &tally) in self.hours.in_window(window) {
            if tally.is_empty() {
                continue;
            }
            if into.is_empty() {
                *into = vec![Tally::default(); window.hours];
            }
            if let Some(slot) = into.get_mut(hour) {
                slot.add(tally);
            }
        }
    }
}
