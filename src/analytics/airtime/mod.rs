//! Airtime and channel utilisation (issue 9.1): LoRa time on air of every copy heard, per observer (how busy
//! its channel was) and per emitting node (how much it transmitted), per UTC hour, with duty-cycle warnings.
//!
//! - Each observation's length on the air is its transmission's stored bytes with this copy's path: a copy
//!   heard after more hops is longer. Its time on air comes from [`RadioSettings::time_on_air_ms`].
//! - An observer's airtime is the sum over its hearings; its utilisation is that airtime over the hours in
//!   which it heard anything (an observer that came online late is not diluted by hours it was away).
//! - A node's airtime is the sum over the distinct copies it sent that someone heard: one emission per
//!   transmission and path (however many observers heard it), sent by the path's last hop, or by the
//!   originator when the path is empty (see `emitter.rs`). It is a lower bound: emissions nobody heard are
//!   not counted, nor DIRECT copies (their path does not name the sender). An emission counts in the hour
//!   its transmission was first heard (a flood lasts seconds).
//! - A duty-cycle warning is an emitter's airtime in one UTC hour above the limit (percent of the hour).
//!
//! CoreScope has no airtime analytic (its issue #661); its RF page shows the TX/RX airtime % observers report
//! in status messages, which this complements with figures computed from the packets themselves.

pub mod radio;

use serde::Serialize;

use super::emitter::{
    Emitter, EmitterKey, emitter_of, length_without_path, originator, path_facts,
};
use super::hour_window::HourWindow;
use crate::protocol::{PayloadType, RouteType};
use crate::store::aggregates::HOUR_MS;
use crate::store::hasher::{FastMap, FastSet};
use crate::store::{ObserverId, Store, TxId};
pub use radio::{PRESETS, Preset, RadioSettings};

/// The hours a snapshot covers at most, ending with the store's latest hour.
pub const MAX_HOURS: i64 = 168;

/// What [`airtime`] computes with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AirtimeOptions {
    /// The radio the mesh uses.
    pub radio: RadioSettings,
    /// The duty-cycle limit, percent of an hour (10 in the EU 869.4-869.65 MHz band).
    pub duty_cycle_limit_pct: f64,
    /// How many observers, nodes and warnings the snapshot lists at most.
    pub top: usize,
}

impl Default for AirtimeOptions {
    /// EU/UK (Narrow), a 10 % limit, 20 of each.
    fn default() -> Self {
        AirtimeOptions {
            radio: RadioSettings::default(),
            duty_cycle_limit_pct: 10.0,
            top: 20,
        }
    }
}

/// Airtime snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Airtime {
    /// The radio settings used.
    pub radio: RadioSettings,
    /// The duty-cycle limit, percent.
    pub duty_cycle_limit_pct: f64,
    /// Start of the first hourly bucket, unix ms (`None` for an empty store).
    pub first_hour_ms: Option<i64>,
    /// Hourly buckets in every `per_hour_ms` list (at most [`MAX_HOURS`]; hearings before them count in the
    /// totals only).
    pub hours: usize,
    /// Airtime of every hearing, ms.
    pub heard_ms: f64,
    /// Distinct emissions (transmission and path) heard.
    pub emissions: u64,
    /// Airtime of the emissions whose emitter is known or a prefix, ms.
    pub attributed_ms: f64,
    /// Airtime of the emissions with no known emitter (DIRECT copies with hops, TRACE, unknown originator), ms.
    pub unattributed_ms: f64,
    /// Observers by heard airtime, most first (at most `top`).
    pub observers: Vec<ObserverAirtime>,
    /// Emitters by airtime, most first (at most `top`): the top consumers.
    pub nodes: Vec<NodeAirtime>,
    /// Emitter-hours above the limit, highest first (at most `top`).
    pub warnings: Vec<DutyCycleWarning>,
    /// Emitter-hours above the limit in all.
    pub warning_count: usize,
}

/// One observer's channel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObserverAirtime {
    /// Its store id.
    pub id: u32,
    /// Its name, when known.
    pub name: Option<String>,
    /// Its hearings.
    pub hearings: u64,
    /// Their airtime, ms.
    pub heard_ms: f64,
    /// Airtime per hourly bucket, ms.
    pub per_hour_ms: Vec<f64>,
    /// Airtime over the hours in which it heard anything, percent.
    pub utilisation_pct: f64,
    /// The busiest hour's airtime, percent of the hour.
    pub peak_hour_pct: f64,
}

/// One emitter's transmissions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeAirtime {
    /// Who.
    pub emitter: Emitter,
    /// Distinct emissions heard.
    pub emissions: u64,
    /// Their airtime, ms.
    pub airtime_ms: f64,
    /// Of which its own packets (zero-hop copies), ms.
    pub originated_ms: f64,
    /// Of which packets it forwarded, ms.
    pub forwarded_ms: f64,
    /// Airtime per hourly bucket, ms.
    pub per_hour_ms: Vec<f64>,
    /// The busiest hour's airtime, percent of the hour.
    pub peak_duty_cycle_pct: f64,
}

/// An emitter above the duty-cycle limit in one hour.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DutyCycleWarning {
    /// Who.
    pub emitter: Emitter,
    /// Start of the hour, unix ms.
    pub hour_start_ms: i64,
    /// Its airtime in that hour, percent.
    pub duty_cycle_pct: f64,
}

/// Running sums of one observer or emitter.
#[derive(Debug, Clone, Default)]
struct Sums {
    count: u64,
    total_ms: f64,
    originated_ms: f64,
    per_hour: Vec<f32>,
}

impl Sums {
    fn add(&mut self, hour: Option<usize>, hours: usize, ms: f64) {
        self.count += 1;
        self.total_ms += ms;
        if let Some(hour) = hour {
            if self.per_hour.is_empty() {
                self.per_hour = vec![0.0; hours];
            }
            if let Some(slot) = self.per_hour.get_mut(hour) {
                *slot += ms as f32;
            }
        }
    }

    fn peak_pct(&self) -> f64 {
        let peak = self.per_hour.iter().copied().fold(0.0f32, f32::max);
        f64::from(peak) / HOUR_MS as f64 * 100.0
    }

    fn per_hour_ms(&self, hours: usize) -> Vec<f64> {
        if self.per_hour.is_empty() {
            return vec![0.0; hours];
        }
        self.per_hour.iter().map(|&ms| f64::from(ms)).collect()
    }
}

/// Airtime of every hearing and emission in `store` with `options` (see the module doc).
pub fn airtime(store: &Store, options: &AirtimeOptions) -> Airtime {
    let radio = options.radio;
    let toa: Vec<f64> = (0..=255).map(|len| radio.time_on_air_ms(len)).collect();
    let window = HourWindow::of(store, MAX_HOURS);
    let hours = window.map_or(0, |w| w.hours);
    let hour_of = |time: i64| window.and_then(|w| w.index(time));

    let facts = path_facts(store);
    let txs = store.transmissions();
    let obs = store.observations();
    // Each transmission's length without its path (u16::MAX when its bytes do not parse).
    let base: Vec<u16> = (0..txs.len() as u32)
        .map(|tx| {
            txs.raw(TxId(tx))
                .and_then(length_without_path)
                .map_or(u16::MAX, |len| len as u16)
        })
        .collect();
    let on_air_ms = |tx: u32, path: u32| -> Option<f64> {
        let base = *base.get(tx as usize)?;
        let fact = facts.get(path as usize)?;
        if base == u16::MAX {
            return None;
        }
        toa.get(usize::from(base) + usize::from(fact.bytes))
            .copied()
    };

    // One pass over the columns: every hearing, and each emission (transmission and path) once. A path's
    // mark is the transmission (plus one) it last counted for; a transmission whose mark was taken by another
    // while it still has hearings to come is remembered in `pending`, so each pair counts exactly once.
    let mut observers: Vec<Sums> = vec![Sums::default(); store.observers().len()];
    let mut emitter_of_path: Vec<u32> = vec![u32::MAX; facts.len()];
    let mut emitter_index: FastMap<EmitterKey, u32> = FastMap::default();
    let mut emitters: Vec<(EmitterKey, Sums)> = Vec::new();
    let mut path_mark: Vec<u32> = vec![0; facts.len()];
    let mut pending: FastSet<(u32, u32)> = FastSet::default();
    let (mut heard_ms, mut emissions, mut attributed_ms, mut unattributed_ms) = (0.0, 0, 0.0, 0.0);
    let columns = obs
        .tx_column()
        .chunks()
        .zip(obs.path_column().chunks())
        .zip(obs.observer_column().chunks())
        .zip(obs.time_column().chunks())
        .flat_map(|(((txs, paths), observers), times)| {
            txs.iter().zip(paths).zip(observers).zip(times)
        });
    for (id, (((&tx, &path), &observer), &time)) in columns.enumerate() {
        let Some(ms) = on_air_ms(tx, path) else {
            continue;
        };
        heard_ms += ms;
        if let Some(sums) = observers.get_mut(usize::from(observer)) {
            sums.add(hour_of(time), hours, ms);
        }
        let Some(mark) = path_mark.get_mut(path as usize) else {
            continue;
        };
        if *mark == tx.wrapping_add(1) {
            continue;
        }
        let counted = !pending.is_empty() && pending.remove(&(tx, path));
        if let Some(previous) = mark.checked_sub(1)
            && txs
                .newest(TxId(previous))
                .is_some_and(|newest| newest.index() > id)
        {
            pending.insert((previous, path));
        }
        *mark = tx.wrapping_add(1);
        if counted {
            continue;
        }
        let (Some(header), Some(&fact)) = (txs.header(TxId(tx)), facts.get(path as usize)) else {
            continue;
        };
        emissions += 1;
        let kind = PayloadType::from_header(header);
        let route = RouteType::from_header(header);
        let cached = emitter_of_path.get(path as usize).copied();
        let slot = match cached {
            Some(slot) if slot != u32::MAX && fact.hops > 0 && route.is_flood() => Some(slot),
            _ => {
                let origin = if fact.hops == 0 {
                    originator(store, TxId(tx), kind)
                } else {
                    None
                };
                emitter_of(store, kind, route, fact, origin).map(|key| {
                    let next = emitters.len() as u32;
                    let slot = *emitter_index.entry(key).or_insert(next);
                    if slot == next {
                        emitters.push((key, Sums::default()));
                    }
                    if fact.hops > 0
                        && let Some(cache) = emitter_of_path.get_mut(path as usize)
                    {
                        *cache = slot;
                    }
                    slot
                })
            }
        };
        match slot.and_then(|slot| emitters.get_mut(slot as usize)) {
            Some((_, sums)) => {
                attributed_ms += ms;
                let first_seen = txs.first_seen(TxId(tx)).unwrap_or(time);
                sums.add(hour_of(first_seen), hours, ms);
                if fact.hops == 0 {
                    sums.originated_ms += ms;
                }
            }
            None => unattributed_ms += ms,
        }
    }

    let top = options.top;
    let limit = options.duty_cycle_limit_pct;
    let mut warnings: Vec<(EmitterKey, i64, f64)> = Vec::new();
    for (key, sums) in &emitters {
        for (hour, &ms) in sums.per_hour.iter().enumerate() {
            let pct = f64::from(ms) / HOUR_MS as f64 * 100.0;
            if pct > limit {
                warnings.push((*key, window.map_or(0, |w| w.start_ms(hour)), pct));
            }
        }
    }
    let warning_count = warnings.len();
    warnings.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.1.cmp(&b.1)).then(a.0.cmp(&b.0)));
    warnings.truncate(top);

    emitters.sort_by(|a, b| b.1.total_ms.total_cmp(&a.1.total_ms).then(a.0.cmp(&b.0)));
    emitters.truncate(top);
    let mut observer_order: Vec<(ObserverId, &Sums)> = observers
        .iter()
        .enumerate()
        .filter(|(_, sums)| sums.count > 0)
        .map(|(index, sums)| (ObserverId(index as u32), sums))
        .collect();
    observer_order.sort_by(|a, b| b.1.total_ms.total_cmp(&a.1.total_ms).then(a.0.cmp(&b.0)));
    observer_order.truncate(top);

    Airtime {
        radio,
        duty_cycle_limit_pct: limit,
        first_hour_ms: window.map(|w| w.start_ms(0)),
        hours,
        heard_ms,
        emissions,
        attributed_ms,
        unattributed_ms,
        observers: observer_order
            .into_iter()
            .map(|(id, sums)| observer_airtime(store, id, sums, hours))
            .collect(),
        nodes: emitters
            .iter()
            .map(|(key, sums)| NodeAirtime {
                emitter: key.describe(store),
                emissions: sums.count,
                airtime_ms: sums.total_ms,
                originated_ms: sums.originated_ms,
                forwarded_ms: sums.total_ms - sums.originated_ms,
                per_hour_ms: sums.per_hour_ms(hours),
                peak_duty_cycle_pct: sums.peak_pct(),
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

fn observer_airtime(store: &Store, id: ObserverId, sums: &Sums, hours: usize) -> ObserverAirtime {
    let active = sums.per_hour.iter().filter(|&&ms| ms > 0.0).count();
    let in_window: f64 = sums.per_hour.iter().map(|&ms| f64::from(ms)).sum();
    ObserverAirtime {
        id: id.0,
        name: store.observers().get(id).and_then(|o| o.name.clone()),
        hearings: sums.count,
        heard_ms: sums.total_ms,
        per_hour_ms: sums.per_hour_ms(hours),
        utilisation_pct: if active == 0 {
            0.0
        } else {
            in_window / (active as f64 * HOUR_MS as f64) * 100.0
        },
        peak_hour_pct: sums.peak_pct(),
    }
}
