//! Per-observer and per-node tallies: [`ObserverTally`], [`NodeTally`].

use crate::store::ids::{NodeId, ObserverId};

/// What one observer heard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ObserverTally {
    /// Observations stored.
    pub observations: u64,
    /// Sum of known SNRs, quarter dB.
    pub snr_sum_quarter_db: i64,
    /// Observations with a known SNR.
    pub snr_count: u64,
    /// Sum of known RSSIs, dBm.
    pub rssi_sum_dbm: i64,
    /// Observations with a known RSSI.
    pub rssi_count: u64,
    /// First observation, unix ms.
    pub first_seen: i64,
    /// Last observation, unix ms.
    pub last_seen: i64,
}

impl Default for ObserverTally {
    fn default() -> Self {
        ObserverTally {
            observations: 0,
            snr_sum_quarter_db: 0,
            snr_count: 0,
            rssi_sum_dbm: 0,
            rssi_count: 0,
            first_seen: i64::MAX,
            last_seen: i64::MIN,
        }
    }
}

impl ObserverTally {
    /// Mean SNR in dB, if any was known.
    pub fn mean_snr_db(&self) -> Option<f64> {
        (self.snr_count > 0).then(|| self.snr_sum_quarter_db as f64 / 4.0 / self.snr_count as f64)
    }

    /// Mean RSSI in dBm, if any was known.
    pub fn mean_rssi_dbm(&self) -> Option<f64> {
        (self.rssi_count > 0).then(|| self.rssi_sum_dbm as f64 / self.rssi_count as f64)
    }
}

/// What one node originated (adverts, ANON_REQs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeTally {
    /// Transmissions.
    pub transmissions: u64,
    /// Observations of them.
    pub observations: u64,
    /// First observation, unix ms.
    pub first_seen: i64,
    /// Last observation, unix ms.
    pub last_seen: i64,
}

impl Default for NodeTally {
    fn default() -> Self {
        NodeTally {
            transmissions: 0,
            observations: 0,
            first_seen: i64::MAX,
            last_seen: i64::MIN,
        }
    }
}

/// One tally per id, grown on demand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tallies<T> {
    list: Vec<T>,
}

impl<T> Default for Tallies<T> {
    fn default() -> Self {
        Tallies { list: Vec::new() }
    }
}

impl<T: Default + Clone> Tallies<T> {
    /// The tally at `index`, if anything was counted there or after.
    pub fn get_index(&self, index: usize) -> Option<&T> {
        self.list.get(index)
    }

    /// Every tally, by id.
    pub fn as_slice(&self) -> &[T] {
        &self.list
    }

    pub(crate) fn entry(&mut self, index: usize) -> Option<&mut T> {
        if self.list.len() <= index {
            self.list.resize(index + 1, T::default());
        }
        self.list.get_mut(index)
    }

    /// The tally at `index`, mutable, if it exists.
    pub(crate) fn get_index_mut(&mut self, index: usize) -> Option<&mut T> {
        self.list.get_mut(index)
    }

    /// Every tally, mutable.
    pub(crate) fn iter_mut(&mut self) -> core::slice::IterMut<'_, T> {
        self.list.iter_mut()
    }

    /// Drops the trailing tallies that count nothing (`empty`), as if they had never been counted, and the
    /// spare capacity.
    pub(crate) fn truncate_empty(&mut self, empty: impl Fn(&T) -> bool) {
        while self.list.last().is_some_and(&empty) {
            self.list.pop();
        }
        self.list.shrink_to_fit();
    }

    /// Heap bytes.
    pub fn heap_bytes(&self) -> usize {
        self.list.capacity() * size_of::<T>()
    }
}

impl Tallies<ObserverTally> {
    /// The tally of `id`.
    pub fn get(&self, id: ObserverId) -> Option<&ObserverTally> {
        self.get_index(id.index())
    }

    pub(crate) fn add(
        &mut self,
        id: ObserverId,
        time_ms: i64,
        snr: Option<i16>,
        rssi: Option<i16>,
    ) {
        let Some(tally) = self.entry(id.index()) else {
            return;
        };
        tally.observations += 1;
        tally.first_seen = tally.first_seen.min(time_ms);
        tally.last_seen = tally.last_seen.max(time_ms);
        if let Some(snr) = snr {
            tally.snr_sum_quarter_db += i64::from(snr);
            tally.snr_count += 1;
        }
        if let Some(rssi) = rssi {
            tally.rssi_sum_dbm += i64::from(rssi);
            tally.rssi_count += 1;
        }
    }

    /// Uncounts an evicted observation's count and sums; first and last seen are recounted apart.
    pub(crate) fn remove(&mut self, id: ObserverId, snr: Option<i16>, rssi: Option<i16>) {
        let Some(tally) = self.list.get_mut(id.index()) else {
            return;
        };
        tally.observations = tally.observations.saturating_sub(1);
        if let Some(snr) = snr {
            tally.snr_sum_quarter_db -= i64::from(snr);
            tally.snr_count = tally.snr_count.saturating_sub(1);
        }
        if let Some(rssi) = rssi {
            tally.rssi_sum_dbm -= i64::from(rssi);
            tally.rssi_count = tally.rssi_count.saturating_sub(1);
        }
    }

    /// Recounts first and last seen with a surviving observation (after they were reset).
    #[inline]
    pub(crate) fn recount(&mut self, id: ObserverId, time_ms: i64) {
        if let Some(tally) = self.list.get_mut(id.index()) {
            tally.first_seen = tally.first_seen.min(time_ms);
            tally.last_seen = tally.last_seen.max(time_ms);
        }
    }
}

impl Tallies<NodeTally> {
    /// The tally of `id`.
    pub fn get(&self, id: NodeId) -> Option<&NodeTally> {
        self.get_index(id.index())
    }

    pub(crate) fn add_transmission(&mut self, id: NodeId) {
        if let Some(tally) = self.entry(id.index()) {
            tally.transmissions += 1;
        }
    }

    pub(crate) fn add_observation(&mut self, id: NodeId, time_ms: i64) {
        if let Some(tally) = self.entry(id.index()) {
            tally.observations += 1;
            tally.first_seen = tally.first_seen.min(time_ms);
            tally.last_seen = tally.last_seen.max(time_ms);
        }
    }

    pub(crate) fn remove_transmission(&mut self, id: NodeId) {
        if let Some(tally) = self.list.get_mut(id.index()) {
            tally.transmissions = tally.transmissions.saturating_sub(1);
        }
    }

    /// Uncounts an evicted observation; first and last seen are recounted apart.
    pub(crate) fn remove_observation(&mut self, id: NodeId) {
        if let Some(tally) = self.list.get_mut(id.index()) {
            tally.observations = tally.observations.saturating_sub(1);
        }
    }

    /// Recounts first and last seen with a surviving observation (after they were reset).
    #[inline]
    pub(crate) fn recount(&mut self, id: NodeId, time_ms: i64) {
        if let Some(tally) = self.list.get_mut(id.index()) {
            tally.first_seen = tally.first_seen.min(time_ms);
            tally.last_seen = tally.last_seen.max(time_ms);
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn observer_means() {
        let mut tallies: Tallies<ObserverTally> = Tallies::default();
        tallies.add(ObserverId(2), 50, Some(48), Some(-90));
        tallies.add(ObserverId(2), 10, None, Some(-80));
        let tally = tallies.get(ObserverId(2)).unwrap();
        assert_eq!(tally.observations, 2);
        assert_eq!(tally.mean_snr_db(), Some(12.0));
        assert_eq!(tally.mean_rssi_dbm(), Some(-85.0));
        assert_eq!((tally.first_seen, tally.last_seen), (10, 50));
        assert_eq!(tallies.get(ObserverId(0)).map(|t| t.observations), Some(0));
        assert_eq!(
            tallies
                .get(ObserverId(0))
                .and_then(ObserverTally::mean_snr_db),
            None
        );
        assert!(tallies.get(ObserverId(3)).is_none());
    }

    #[test]
    fn node_counts() {
        let mut tallies: Tallies<NodeTally> = Tallies::default();
        tallies.add_transmission(NodeId(0));
        tallies.add_observation(NodeId(0), 7);
        tallies.add_observation(NodeId(0), 3);
        let tally = tallies.get(NodeId(0)).unwrap();
        assert_eq!(
            (tally.transmissions, tally.observations, tally.first_seen),
            (1, 2, 3)
        );
    }
}
