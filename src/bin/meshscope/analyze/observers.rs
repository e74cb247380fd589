//! The `observers` key: every observer with its observation count.

use std::io::Write;

use meshscope::hex;
use meshscope::store::Store;
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
pub fn build(store: &Store) -> Vec<ObserverEntry> {
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

/// The table, readable.
pub fn write_text(entries: &[ObserverEntry], out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "\nobservers: {}", entries.len())?;
    for entry in entries {
        let key = entry
            .id
            .as_deref()
            .and_then(|id| id.get(..8))
            .unwrap_or("-");
        let name = entry.name.as_deref().unwrap_or("-");
        let iata = entry.iata.as_deref().unwrap_or("-");
        writeln!(
            out,
            "  {key:<8}  {name:<28} {iata:<4} {:>10} observations",
            entry.observations
        )?;
    }
    Ok(())
}
