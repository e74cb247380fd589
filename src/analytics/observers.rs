//! The `observers` key: every observer with its observation count.

use crate::hex;
use crate::store::Store;
use serde::Serialize;

/// One observer.
#[derive(Debug, Serialize)]
pub struct ObserverEntry {
    /// Its public key in hex, when known.
    pub id: Option<String>,
    /// Its name.
    pub name: Option<String>,
    /// Its IATA region code.
    pub iata: Option<String>,
    /// Observations stored.
    pub observations: u64,
}

/// Every observer, in the order first seen.
pub fn observers(store: &Store) -> Vec<ObserverEntry> {
    let tallies = &store.aggregates().observers;
    store
        .observers()
        .iter()
        .map(|(id, observer)| ObserverEntry {
            id: observer.public_key.map(|key| hex::encode_lower(&key)),
            name: observer.name.clone(),
            iata: observer.iata.clone(),
            observations: tallies.get(id).map_or(0, |tally| tally.observations),
        })
        .collect()
}
