//! Export: the store's observations as a MeshScope export (`ingest::export`), which ingests back into a store
//! with the same contents. Write the header, then the observations in id order, in ranges of any size, so a
//! large store exports in chunks without one huge buffer.

use core::ops::Range;

use super::Store;
use super::ids::ObsId;
use crate::ingest::{Observation, ObserverInfo, write_header, write_observation};

impl Store {
    /// Appends the export header line: the channel names (never keys) and `created_ms`.
    pub fn write_export_header(&self, created_ms: i64, out: &mut Vec<u8>) {
        let names: Vec<&str> = self.channels.iter().map(|(_, c)| c.name.as_str()).collect();
        write_header(&names, created_ms, out);
    }

    /// Appends the observations with ids in `range` (clamped to the store), one line each, with their exact
    /// bytes, time, SNR, RSSI and observer.
    pub fn write_export_observations(&self, range: Range<usize>, out: &mut Vec<u8>) {
        let observers: Vec<ObserverInfo> = self
            .observers
            .iter()
            .map(|(_, observer)| ObserverInfo {
                id: observer.public_key,
                name: observer.name.clone(),
                iata: observer.iata.clone(),
            })
            .collect();
        let mut raw = Vec::with_capacity(256);
        for index in range.start..range.end.min(self.obs.len()) {
            let id = ObsId(index as u32);
            let Some(row) = self.obs.row(id) else {
                continue;
            };
            raw.clear();
            if !self.observation_raw(id, &mut raw) {
                continue;
            }
            let observation = Observation {
                timestamp_ms: row.time_ms,
                snr_db: self.obs.snr_db(id),
                rssi_dbm: self.obs.rssi_dbm(id),
                observer: row.observer.0,
                source: index as u64,
            };
            write_observation(&observation, observers.get(row.observer.index()), &raw, out);
        }
    }
}
