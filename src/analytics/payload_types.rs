//! The `payload_types` key: transmissions and observations per payload type.

use crate::store::Store;
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
pub fn payload_types(store: &Store) -> Vec<PayloadTypeEntry> {
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
