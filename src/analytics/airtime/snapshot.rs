//! An [`Airtime`] snapshot from an [`AirtimeState`]: senders merged into emitters, hours into the window,
//! tallies into milliseconds, lists sorted and bounded.

use super::hours::Tally;
use super::state::AirtimeState;
use super::{
    Airtime, AirtimeOptions, DutyCycleWarning, MAX_HOURS, NodeAirtime, ObserverAirtime,
    RadioSettings,
};
use crate::analytics::emitter::EmitterKey;
use crate::analytics::hour_window::HourWindow;
use crate::store::aggregates::HOUR_MS;
use crate::store::hasher::FastMap;
use crate::store::{ObserverId, Store};

/// One emitter's emissions, its hours in the window (empty when none is).
#[derive(Debug, Default)]
struct Merged {
    total: Tally,
    originated: Tally,
    hours: Vec<Tally>,
}

/// A list's figures in milliseconds.
fn per_hour_ms(hours: &[Tally], count: usize, radio: &RadioSettings) -> Vec<f64> {
    if hours.is_empty() {
        return vec![0.0; count];
    }
    hours.iter().map(|tally| tally.ms(radio)).collect()
}

fn peak_pct(per_hour_ms: &[f64]) -> f64 {
    per_hour_ms.iter().copied().fold(0.0, f64::max) / HOUR_MS as f64 * 100.0
}

pub(super) fn snapshot(state: &AirtimeState, store: &Store, options: &AirtimeOptions) -> Airtime {
    let radio = state.radio.unwrap_or(options.radio);
    let window = HourWindow::of(store, MAX_HOURS);
    let hours = window.map_or(0, |w| w.hours);
    let top = options.top;
    let limit = options.duty_cycle_limit_pct;

    let mut merged: FastMap<EmitterKey, Merged> = FastMap::default();
    for sums in &state.senders {
        let entry = merged.entry(sums.sender.key(store)).or_default();
        entry.total.add(sums.total);
        entry.originated.add(sums.originated);
        if let Some(window) = &window {
            sums.hours.merge_into(&mut entry.hours, window);
        }
    }
    let mut emitters: Vec<(EmitterKey, Merged, Vec<f64>)> = merged
        .into_iter()
        .map(|(key, sums)| {
            let per_hour = per_hour_ms(&sums.hours, hours, &radio);
            (key, sums, per_hour)
        })
        .collect();
    let mut warnings: Vec<(EmitterKey, i64, f64)> = Vec::new();
    for (key, sums, per_hour) in &emitters {
        if sums.hours.is_empty() {
            continue;
        }
        for (hour, &ms) in per_hour.iter().enumerate() {
            let pct = ms / HOUR_MS as f64 * 100.0;
            if pct > limit {
                warnings.push((*key, window.map_or(0, |w| w.start_ms(hour)), pct));
            }
        }
    }
    let warning_count = warnings.len();
    warnings.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.1.cmp(&b.1)).then(a.0.cmp(&b.0)));
    warnings.truncate(top);

    let ms = |tally: Tally| tally.ms(&radio);
    emitters.sort_by(|a, b| ms(b.1.total).total_cmp(&ms(a.1.total)).then(a.0.cmp(&b.0)));
    emitters.truncate(top);

    let mut observers: Vec<(ObserverId, f64, Vec<f64>)> = state
        .observers
        .iter()
        .enumerate()
        .filter(|(_, sums)| !sums.total.is_empty())
        .map(|(index, sums)| {
            let mut in_window = Vec::new();
            if let Some(window) = &window {
                sums.hours.merge_into(&mut in_window, window);
            }
            let per_hour = per_hour_ms(&in_window, hours, &radio);
            (ObserverId(index as u32), ms(sums.total), per_hour)
        })
        .collect();
    observers.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    observers.truncate(top);

    Airtime {
        radio,
        duty_cycle_limit_pct: limit,
        first_hour_ms: window.map(|w| w.start_ms(0)),
        hours,
        heard_ms: ms(state.heard),
        emissions: state.emission_count(),
        attributed_ms: ms(state.attributed),
        unattributed_ms: ms(state.unattributed),
        observers: observers
            .into_iter()
            .map(|(id, heard_ms, per_hour)| observer_airtime(state, store, id, heard_ms, per_hour))
            .collect(),
        nodes: emitters
            .into_iter()
            .map(|(key, sums, per_hour)| {
                let airtime_ms = ms(sums.total);
                let originated_ms = ms(sums.originated);
                NodeAirtime {
                    emitter: key.describe(store),
                    emissions: sums.total.packets,
                    airtime_ms,
                    originated_ms,
                    forwarded_ms: airtime_ms - originated_ms,
                    peak_duty_cycle_pct: peak_pct(&per_hour),
                    per_hour_ms: per_hour,
                }
            })
            .collect(),
        warnings: warnings
            .into_iter()
            .map(|(key, hour_start_ms, duty_cycle_pct)| DutyCycleWarning {
                emitter: key.describe(store),
                hour_start_ms,
                duty_cycle_pct,
            })
            .collect(),
        warning_count,
    }
}

fn observer_airtime(
    state: &AirtimeState,
    store: &Store,
    id: ObserverId,
    heard_ms: f64,
    per_hour_ms: Vec<f64>,
) -> ObserverAirtime {
    let active = per_hour_ms.iter().filter(|&&ms| ms > 0.0).count();
    let in_window: f64 = per_hour_ms.iter().sum();
    ObserverAirtime {
        id: id.0,
        name: store.observers().get(id).and_then(|o| o.name.clone()),
        hearings: state
            .observers
            .get(id.index())
            .map_or(0, |sums| sums.total.packets),
        heard_ms,
        peak_hour_pct: peak_pct(&per_hour_ms),
        per_hour_ms,
        utilisation_pct: if active == 0 {
            0.0
        } else {
            in_window / (active as f64 * HOUR_MS as f64) * 100.0
        },
    }
}
