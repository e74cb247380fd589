//! Memory: [`Store::memory`] accounts the store's heap bytes per column group (from `Vec` capacities and
//! estimated hash-map costs), and [`Store::set_budget`] bounds them. When an ingest call leaves the store over
//! budget, the oldest transmissions (by first seen) are evicted with all their observations until it is down
//! to [`EVICT_TO_PERCENT`] of the budget (see `evict.rs`); evictions are counted ([`Store::evicted`]).

use core::ops::AddAssign;

use super::Store;

/// Eviction brings the store down to this share of the budget, so it does not run at every ingest.
pub const EVICT_TO_PERCENT: usize = 85;

/// What eviction removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Evicted {
    /// Transmissions removed.
    pub transmissions: u64,
    /// Observations removed with them.
    pub observations: u64,
}

impl AddAssign for Evicted {
    fn add_assign(&mut self, other: Evicted) {
        self.transmissions += other.transmissions;
        self.observations += other.observations;
    }
}

/// Heap bytes of the store, by part. Estimates: exact for columns (capacities), close for hash maps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MemoryUsage {
    /// Transmission columns.
    pub transmissions: usize,
    /// The first copies' raw bytes.
    pub raw_bytes: usize,
    /// The hash and content lookup maps of transmissions.
    pub transmission_maps: usize,
    /// Observation columns.
    pub observations: usize,
    /// Raw variants of observations (header or codes that differ).
    pub variants: usize,
    /// The path table.
    pub paths: usize,
    /// Every index.
    pub indexes: usize,
    /// The aggregates.
    pub aggregates: usize,
    /// Nodes with their prefix index.
    pub nodes: usize,
    /// Observers.
    pub observers: usize,
    /// Channels and decrypted messages.
    pub channels: usize,
    /// Interned strings.
    pub strings: usize,
    /// Kept malformed packets and bad records.
    pub malformed: usize,
    /// The sum of the above.
    pub total: usize,
    /// Observations stored, for the ratios.
    pub observation_count: usize,
    /// Transmissions stored, for the ratios.
    pub transmission_count: usize,
}

impl MemoryUsage {
    /// All bytes over the observations stored (0 when there are none).
    pub fn bytes_per_observation(&self) -> f64 {
        ratio(self.total, self.observation_count)
    }

    /// All bytes over the transmissions stored (0 when there are none).
    pub fn bytes_per_transmission(&self) -> f64 {
        ratio(self.total, self.transmission_count)
    }
}

fn ratio(bytes: usize, count: usize) -> f64 {
    if count == 0 {
        0.0
    } else {
        bytes as f64 / count as f64
    }
}

impl Store {
    /// Heap bytes now, by part.
    pub fn memory(&self) -> MemoryUsage {
        let txs = self.txs.heap_bytes();
        let (observations, variants) = self.obs.heap_bytes();
        let mut usage = MemoryUsage {
            transmissions: txs.columns,
            raw_bytes: txs.raw,
            transmission_maps: txs.maps,
            observations,
            variants,
            paths: self.paths.heap_bytes(),
            indexes: self.indexes.heap_bytes(),
            aggregates: self.aggregates.heap_bytes(),
            nodes: self.nodes.heap_bytes(),
            observers: self.observers.heap_bytes(),
            channels: self.channels.heap_bytes(),
            strings: self.strings.heap_bytes(),
            malformed: self.malformed.heap_bytes(),
            total: 0,
            observation_count: self.obs.len(),
            transmission_count: self.txs.len(),
        };
        usage.total = usage.transmissions
            + usage.raw_bytes
            + usage.transmission_maps
            + usage.observations
            + usage.variants
            + usage.paths
            + usage.indexes
            + usage.aggregates
            + usage.nodes
            + usage.observers
            + usage.channels
            + usage.strings
            + usage.malformed;
        usage
    }

    /// Bounds the store to `bytes` of heap (as [`Store::memory`] counts), or lifts the bound with `None`. A
    /// store already over the new budget is brought under it at once.
    pub fn set_budget(&mut self, bytes: Option<usize>) -> Evicted {
        self.budget = bytes;
        self.revision += 1;
        self.enforce_budget()
    }

    /// The budget, if set.
    pub fn budget(&self) -> Option<usize> {
        self.budget
    }

    /// Everything eviction removed so far.
    pub fn evicted(&self) -> Evicted {
        self.evicted
    }
}
