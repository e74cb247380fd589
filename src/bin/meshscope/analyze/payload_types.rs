//! The `payload_types` key: transmissions and observations per payload type.

use std::io::Write;

use meshscope::store::Store;
use serde::Serialize;

/// One payload type's counts.
#[derive(Debug, Serialize)]
pub struct PayloadTypeEntry {
    /// The firmware name (`ADVERT`, `GRP_TXT`, ...).
    pub payload_type: &'static str,
    /// Unique transmissions.
    pub transmissions: u64,
    /// Observations.
    pub observations: u64,
}

/// Every payload type seen, by type value.
pub fn build(store: &Store) -> Vec<PayloadTypeEntry> {
    store
        .aggregates()
        .payload_types
        .iter()
        .map(|(kind, count)| PayloadTypeEntry {
            payload_type: kind.name(),
            transmissions: count.transmissions,
            observations: count.observations,
        })
        .collect()
}

/// The table, readable.
pub fn write_text(entries: &[PayloadTypeEntry], out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "\npayload type      transmissions  observations")?;
    for entry in entries {
        writeln!(
            out,
            "  {:<16}{:>13}{:>14}",
            entry.payload_type, entry.transmissions, entry.observations
        )?;
    }
    Ok(())
}
