//! The `observers` key and the observer status table (reference 3.1 / 3.5): every observer with its counts,
//! rates, first and last packet, mean signal, health at `now_ms`, how its packets arrive, and its latest status
//! message.
//!
//! CoreScope's `packet_count` also counted status heartbeats (issue #1190); here `observations` counts packets
//! only.

use serde::Serialize;

use super::observer_stats::{Health, health, hourly_rate, observations_in_last_hour};
use crate::hex;
use crate::store::Store;

/// One observer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObserverEntry {
    /// Its public key in hex, when known.
    pub id: Option<String>,
    /// Its name.
    pub name: Option<String>,
    /// Its IATA region code.
    pub iata: Option<String>,
    /// Observations stored.
    pub observations: u64,
    /// Distinct transmissions among them.
    pub unique_transmissions: u64,
    /// How its packets arrive: `local_radio`, `mqtt`, `file` or `websocket`.
    pub kind: &'static str,
    /// Its first packet, unix ms.
    pub first_seen_ms: Option<i64>,
    /// Its last packet, unix ms.
    pub last_seen_ms: Option<i64>,
    /// Observations per hour over its active span (first to last packet, at least an hour).
    pub packets_per_hour: f64,
    /// Observations in the hour before `now_ms`.
    pub last_hour: u64,
    /// Mean SNR, dB.
    pub mean_snr: Option<f64>,
    /// Mean RSSI, dBm.
    pub mean_rssi: Option<f64>,
    /// Online (last packet under 10 minutes before `now_ms`), stale (under an hour) or offline.
    pub health: Health,
    /// Its latest status message, if any.
    pub status: Option<StatusEntry>,
}

/// An observer's latest status message (F.1 `status`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusEntry {
    /// When, unix ms, if the message said.
    pub time_ms: Option<i64>,
    /// Online or offline, if said.
    pub online: Option<bool>,
    /// Hardware model.
    pub model: Option<String>,
    /// Firmware version.
    pub firmware_version: Option<String>,
    /// Radio settings as written by the observer.
    pub radio: Option<String>,
}

/// Every observer, in the order first seen, at `now_ms`.
pub fn observers(store: &Store, now_ms: i64) -> Vec<ObserverEntry> {
    let aggregates = store.aggregates();
    store
        .observers()
        .iter()
        .map(|(id, observer)| {
            let tally = aggregates.observers.get(id).filter(|t| t.observations > 0);
            let seen = tally.map(|t| (t.first_seen, t.last_seen));
            let observations = tally.map_or(0, |t| t.observations);
            ObserverEntry {
                id: observer.public_key.map(|key| hex::encode_lower(&key)),
                name: observer.name.clone(),
                iata: observer.iata.clone(),
                observations,
                unique_transmissions: aggregates
                    .signal
                    .observer(id)
                    .map_or(0, |o| o.unique_transmissions),
                kind: observer.kind.name(),
                first_seen_ms: seen.map(|(first, _)| first),
                last_seen_ms: seen.map(|(_, last)| last),
                packets_per_hour: seen
                    .map_or(0.0, |(first, last)| hourly_rate(observations, first, last)),
                last_hour: observations_in_last_hour(store, id, now_ms),
                mean_snr: tally.and_then(|t| t.mean_snr_db()),
                mean_rssi: tally.and_then(|t| t.mean_rssi_dbm()),
                health: health(seen.map(|(_, last)| last), now_ms),
                status: observer.status.as_ref().map(|status| StatusEntry {
                    time_ms: status.time_ms,
                    online: status.online,
                    model: status.model.clone(),
                    firmware_version: status.firmware_version.clone(),
                    radio: status.radio.clone(),
                }),
            }
        })
        .collect()
}
