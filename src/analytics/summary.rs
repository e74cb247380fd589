//! The `summary` key: counts, time span and evictions.

use crate::store::Store;
use crate::time::format_rfc3339_ms;
use serde::Serialize;

/// What eviction removed.
#[derive(Debug, Serialize)]
pub struct EvictedEntry {
    /// Transmissions.
    pub transmissions: u64,
    /// Their observations.
    pub observations: u64,
}

/// The summary.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// Observations stored.
    pub observations: usize,
    /// Unique transmissions stored.
    pub transmissions: usize,
    /// Lines that could not be read plus packets that do not decode (listed under `errors`).
    pub bad_records: u64,
    /// Of those, packets that do not decode.
    pub malformed_packets: u64,
    /// Repeated hearings, counted and not stored.
    pub repeats: u64,
    /// Nodes known.
    pub nodes: usize,
    /// New node keys refused because the node table was full (see `store::nodes::MAX_NODES`).
    pub nodes_refused: u64,
    /// Observers.
    pub observers: usize,
    /// First observation, RFC 3339 UTC.
    pub first_seen: Option<String>,
    /// Last observation, RFC 3339 UTC.
    pub last_seen: Option<String>,
    /// What the memory budget evicted.
    pub evicted: EvictedEntry,
    /// The store's size in bytes, by its own accounting.
    pub memory_bytes: usize,
    /// The memory budget in bytes, if one is set.
    pub budget_bytes: Option<usize>,
    /// The store's revision when this summary was taken: it changes with every change to the store.
    pub revision: u64,
}

/// The summary of `store`.
pub fn summary(store: &Store) -> Summary {
    let malformed = store.malformed();
    let span = store.time_span();
    let evicted = store.evicted();
    Summary {
        observations: store.observation_count(),
        transmissions: store.transmission_count(),
        bad_records: malformed.bad_record_count() + malformed.packet_count(),
        malformed_packets: malformed.packet_count(),
        repeats: store.repeats(),
        nodes: store.nodes().len(),
        nodes_refused: store.nodes().refused(),
        observers: store.observers().len(),
        first_seen: span.map(|(first, _)| format_rfc3339_ms(first)),
        last_seen: span.map(|(_, last)| format_rfc3339_ms(last)),
        evicted: EvictedEntry {
            transmissions: evicted.transmissions,
            observations: evicted.observations,
        },
        memory_bytes: store.memory().total,
        budget_bytes: store.budget(),
        revision: store.revision(),
    }
}
