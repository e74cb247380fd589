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
//! Airtime is summed exactly, in symbols (integers), and converted to milliseconds when a snapshot is built, so
//! the figures do not depend on the order the hearings were added in: [`AirtimeState`] folds each observation
//! once and the recomputer keeps one, folding only what arrived since its last compute (all again after an
//! eviction or a clear); [`airtime`] folds the whole store. (The first version summed milliseconds in
//! floating point, in observation order; its figures differ from these in the last digits.) TRACE copies
//! never count as an emitter's, even when their path bytes (SNRs) equal a flood's path.
//!
//! CoreScope has no airtime analytic (its issue #661); its RF page shows the TX/RX airtime % observers report
//! in status messages, which this complements with figures computed from the packets themselves.

mod hours;
pub mod radio;
mod snapshot;
mod state;

use serde::Serialize;

use super::emitter::Emitter;
use crate::store::Store;
pub use radio::{PRESETS, Preset, RadioSettings};
pub use state::AirtimeState;

/// The hours a snapshot covers at most, ending with the store's latest hour.
pub const MAX_HOURS: i64 = 168;

/// What [`airtime`] computes with.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize)]
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

/// Airtime of every hearing and emission in `store` with `options` (see the module doc).
pub fn airtime(store: &Store, options: &AirtimeOptions) -> Airtime {
    let mut state = AirtimeState::new();
    state.update(store, &options.radio, usize::MAX);
    state.snapshot(store, options)
}
