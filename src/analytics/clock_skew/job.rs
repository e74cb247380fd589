//! [`ClockSkewJob`]: the Clock Health snapshot a slice at a time, so that no slice holds the page for long.

use super::samples::{AdvertSample, Calibration, Collector};
use super::{ClockSkew, NodeSkew, SeverityCounts, node_skew, observer_calibrations};
use crate::analytics::job::JobStart;
use crate::protocol::PayloadType;
use crate::store::Store;

/// A [`ClockSkew`] in the making, one [`step`](ClockSkewJob::step) at a time: the first steps read the advert
/// transmissions' hearings (a slice of hearings each), one step turns them into samples and calibrations, and
/// the last steps judge the nodes (a slice of samples each). The snapshot equals
/// [`clock_skew`](super::clock_skew) of the store as it was when the job started, except that an advert not
/// yet read when more of its hearings arrive is read with them; adverts ingested since are left to the next
/// job. An eviction or a clear between steps starts the job again.
pub struct ClockSkewJob {
    start: JobStart,
    /// Advert transmissions to read (those in the store when the job started).
    adverts: usize,
    /// Adverts read so far.
    read: usize,
    collector: Option<Collector>,
    /// The samples, ordered by node then time, once collected.
    samples: Option<(Vec<AdvertSample>, Vec<Calibration>)>,
    /// Samples judged so far.
    judged: usize,
    nodes: Vec<NodeSkew>,
    counts: SeverityCounts,
    slopes: Vec<f64>,
}

impl ClockSkewJob {
    /// Starts the Clock Health snapshot of `store` (nothing is computed until the first step).
    pub fn new(store: &Store) -> ClockSkewJob {
        ClockSkewJob {
            start: JobStart::of(store),
            adverts: store.txs_by_type(PayloadType::Advert).len(),
            read: 0,
            collector: Some(Collector::new(store)),
            samples: None,
            judged: 0,
            nodes: Vec::new(),
            counts: SeverityCounts::default(),
            slopes: Vec::new(),
        }
    }

    /// Takes the next step on `store` (the store the job started on), reading about `limit` hearings or
    /// judging about `limit` samples; the snapshot once every node is judged.
    pub fn step(&mut self, store: &Store, limit: usize) -> Option<ClockSkew> {
        if !self.start.holds(store) {
            *self = ClockSkewJob::new(store);
        }
        if let Some(collector) = &mut self.collector {
            let adverts = store.txs_by_type(PayloadType::Advert);
            let mut rows = 0;
            while rows < limit && self.read < self.adverts {
                let tx = adverts.get(self.read)?;
                rows += collector.add(store, *tx).max(1);
                self.read += 1;
            }
            if self.read == self.adverts {
                let (mut samples, calibrations) = self.collector.take()?.finish();
                samples.sort_by_key(|s| (s.node, s.time_ms));
                self.samples = Some((samples, calibrations));
            }
            return None;
        }
        let (samples, calibrations) = self.samples.as_ref()?;
        let mut rows = 0;
        let rest = samples.get(self.judged..).unwrap_or_default();
        for group in rest.chunk_by(|a, b| a.node == b.node) {
            if rows >= limit {
                break;
            }
            if let Some(node) = node_skew(store, group, &mut self.slopes) {
                self.counts.add(node.severity);
                self.nodes.push(node);
            }
            rows += group.len();
            self.judged += group.len();
        }
        if self.judged < samples.len() {
            return None;
        }
        Some(ClockSkew {
            nodes: std::mem::take(&mut self.nodes),
            observers: observer_calibrations(store, calibrations),
            counts: self.counts,
        })
    }
}
