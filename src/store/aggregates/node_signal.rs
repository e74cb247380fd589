//! [`NodeSignal`]: per node, how its own packets (adverts, ANON_REQs) were heard: SNR sum and count, and the
//! distinct observers that heard them. The node table reads it instead of walking those observations.

use super::tallies::Tallies;
use crate::store::ids::{NodeId, ObserverId};

/// How one node's packets were heard.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NodeSignal {
    /// Sum of known SNRs, quarter dB.
    pub snr_sum_quarter_db: i64,
    /// Observations with a known SNR.
    pub snr_count: u64,
    observers: Vec<ObserverId>,
}

impl NodeSignal {
    /// Mean SNR in dB, if any was known.
    pub fn mean_snr_db(&self) -> Option<f64> {
        (self.snr_count > 0).then(|| self.snr_sum_quarter_db as f64 / 4.0 / self.snr_count as f64)
    }

    /// The observers that heard its packets, ascending.
    pub fn observers(&self) -> &[ObserverId] {
        &self.observers
    }
}

impl Tallies<NodeSignal> {
    /// The signal of `id`.
    pub fn get(&self, id: NodeId) -> Option<&NodeSignal> {
        self.get_index(id.index())
    }

    /// Counts an observation by `observer` of a packet `id` originated.
    pub(crate) fn add(&mut self, id: NodeId, observer: ObserverId, snr_quarter_db: Option<i16>) {
        let Some(signal) = self.entry(id.index()) else {
            return;
        };
        if let Some(snr) = snr_quarter_db {
            signal.snr_sum_quarter_db += i64::from(snr);
            signal.snr_count += 1;
        }
        if let Err(at) = signal.observers.binary_search(&observer) {
            signal.observers.insert(at, observer);
        }
    }

    /// Uncounts an evicted observation's SNR; the observer lists are recounted apart.
    pub(crate) fn remove(&mut self, id: NodeId, snr_quarter_db: Option<i16>) {
        if let (Some(signal), Some(snr)) = (self.get_index_mut(id.index()), snr_quarter_db) {
            signal.snr_sum_quarter_db -= i64::from(snr);
            signal.snr_count = signal.snr_count.saturating_sub(1);
        }
    }

    /// Forgets every observer list, before [`recount`](Self::recount) rebuilds them.
    pub(crate) fn reset_observers(&mut self) {
        for signal in self.iter_mut() {
            signal.observers.clear();
        }
    }

    /// Recounts a surviving observation of a packet `id` originated, heard by `observer`.
    #[inline]
    pub(crate) fn recount(&mut self, id: NodeId, observer: ObserverId) {
        if let Some(signal) = self.get_index_mut(id.index())
            && let Err(at) = signal.observers.binary_search(&observer)
        {
            signal.observers.insert(at, observer);
        }
    }

    /// Heap bytes, the observer lists included.
    pub fn heap_bytes_deep(&self) -> usize {
        self.heap_bytes()
            + self
                .as_slice()
                .iter()
                .map(|s| s.observers.capacity() * size_of::<ObserverId>())
                .sum::<usize>()
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn sums_and_distinct_observers() {
        let mut signals: Tallies<NodeSignal> = Tallies::default();
        signals.add(NodeId(1), ObserverId(3), Some(8));
        signals.add(NodeId(1), ObserverId(0), None);
        signals.add(NodeId(1), ObserverId(3), Some(-4));
        let signal = signals.get(NodeId(1)).unwrap();
        assert_eq!(signal.mean_snr_db(), Some(0.5));
        assert_eq!(signal.observers(), [ObserverId(0), ObserverId(3)]);
        assert_eq!(
            signals.get(NodeId(0)).and_then(NodeSignal::mean_snr_db),
            None
        );
        assert!(signals.get(NodeId(2)).is_none());
        assert!(signals.heap_bytes_deep() >= 2 * size_of::<NodeSignal>() + 8);
    }
}
