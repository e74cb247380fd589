//! [`Signal`]: SNR and RSSI moments per payload type, per UTC hour and per observer, and per observer the
//! unique transmissions it heard and how far out of time order its observations arrived.
//!
//! These feed the RF and observer analytics (SNR by payload type, signal over time, per-observer breakdown,
//! an exact "observations in the last hour" without a full scan) that the other aggregates cannot answer.

use super::ObservationFacts;
use super::hourly::HOUR_MS;
use crate::store::ids::{ObserverId, TxId};
use crate::store::observations::Observations;
use crate::store::transmissions::Transmissions;

/// Count, sum, sum of squares, minimum and maximum of `i16` values (SNR in quarter dB, RSSI in dBm).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignalSums {
    /// Values counted.
    pub count: u64,
    /// Their sum.
    pub sum: i64,
    /// The sum of their squares (saturating).
    pub sum_squares: u64,
    /// The smallest (`i16::MAX` when empty).
    pub min: i16,
    /// The largest (`i16::MIN` when empty).
    pub max: i16,
}

impl Default for SignalSums {
    fn default() -> Self {
        SignalSums {
            count: 0,
            sum: 0,
            sum_squares: 0,
            min: i16::MAX,
            max: i16::MIN,
        }
    }
}

impl SignalSums {
    /// Counts `value`.
    #[inline]
    pub fn add(&mut self, value: i16) {
        let wide = i64::from(value);
        self.count += 1;
        self.sum += wide;
        self.sum_squares = self.sum_squares.saturating_add(wide.unsigned_abs().pow(2));
        self.min = self.min.min(value);
        self.max = self.max.max(value);
    }

    /// Uncounts `value` from the count and sums; the minimum and maximum are recounted apart. Exact: the sum of
    /// squares of fewer than 2^32 values (observation ids are `u32`) never saturates.
    fn remove(&mut self, value: i16) {
        let wide = i64::from(value);
        self.count = self.count.saturating_sub(1);
        self.sum -= wide;
        self.sum_squares = self.sum_squares.saturating_sub(wide.unsigned_abs().pow(2));
    }

    /// Forgets the minimum and maximum, before [`recount`](Self::recount) finds them again.
    fn reset_range(&mut self) {
        self.min = i16::MAX;
        self.max = i16::MIN;
    }

    /// Recounts the minimum and maximum with a value still counted.
    #[inline]
    fn recount(&mut self, value: i16) {
        self.min = self.min.min(value);
        self.max = self.max.max(value);
    }

    /// The mean of the values divided by `unit` (4 for quarter dB), if any were counted.
    pub fn mean(&self, unit: f64) -> Option<f64> {
        (self.count > 0).then(|| self.sum as f64 / self.count as f64 / unit)
    }

    /// The population standard deviation of the values divided by `unit`, if any were counted.
    pub fn std_dev(&self, unit: f64) -> Option<f64> {
        let mean = self.mean(1.0)?;
        let variance = self.sum_squares as f64 / self.count as f64 - mean * mean;
        Some(variance.max(0.0).sqrt() / unit)
    }

    /// The smallest and largest values divided by `unit`, if any were counted.
    pub fn range(&self, unit: f64) -> Option<(f64, f64)> {
        (self.count > 0).then(|| (f64::from(self.min) / unit, f64::from(self.max) / unit))
    }
}

/// SNR (quarter dB) and RSSI (dBm) sums of some observations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SignalPair {
    /// SNR, quarter dB.
    pub snr: SignalSums,
    /// RSSI, dBm.
    pub rssi: SignalSums,
}

impl SignalPair {
    #[inline]
    fn add(&mut self, facts: &ObservationFacts) {
        if let Some(snr) = facts.snr_quarter_db {
            self.snr.add(snr);
        }
        if let Some(rssi) = facts.rssi_dbm {
            self.rssi.add(rssi);
        }
    }

    fn remove(&mut self, facts: &ObservationFacts) {
        if let Some(snr) = facts.snr_quarter_db {
            self.snr.remove(snr);
        }
        if let Some(rssi) = facts.rssi_dbm {
            self.rssi.remove(rssi);
        }
    }

    fn reset_range(&mut self) {
        self.snr.reset_range();
        self.rssi.reset_range();
    }

    #[inline]
    fn recount(&mut self, facts: &ObservationFacts) {
        if let Some(snr) = facts.snr_quarter_db {
            self.snr.recount(snr);
        }
        if let Some(rssi) = facts.rssi_dbm {
            self.rssi.recount(rssi);
        }
    }
}

/// One UTC hour's signal sums.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HourSignal {
    /// The hour: unix ms divided by [`HOUR_MS`], rounded down.
    pub hour: i64,
    /// Observations heard in this hour.
    pub observations: u64,
    /// Their SNR and RSSI.
    pub signal: SignalPair,
}

/// What the signal aggregate knows of one observer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ObserverSignal {
    /// The SNR and RSSI of its observations.
    pub signal: SignalPair,
    /// Distinct transmissions it heard.
    pub unique_transmissions: u64,
    /// The latest observation time seen so far, unix ms.
    pub latest_ms: i64,
    /// The most an observation was older than [`latest_ms`](Self::latest_ms) was when it arrived, ms: its
    /// observations (in arrival order, as the by-observer index lists them) are in time order up to this.
    pub disorder_ms: i64,
}

impl Default for ObserverSignal {
    fn default() -> Self {
        ObserverSignal {
            signal: SignalPair::default(),
            unique_transmissions: 0,
            latest_ms: i64::MIN,
            disorder_ms: 0,
        }
    }
}

impl ObserverSignal {
    /// Notes the arrival of an observation heard at `time_ms`: the latest time and the disorder.
    #[inline]
    fn arrived(&mut self, time_ms: i64) {
        if time_ms >= self.latest_ms {
            self.latest_ms = time_ms;
        } else {
            let late = self.latest_ms.saturating_sub(time_ms);
            self.disorder_ms = self.disorder_ms.max(late);
        }
    }
}

/// Signal sums per payload type, hour and observer.
#[derive(Debug, Clone, Default)]
pub struct Signal {
    by_type: [SignalPair; 16],
    hours: Vec<HourSignal>,
    last_hour: usize,
    observers: Vec<ObserverSignal>,
}

impl Signal {
    /// Nothing counted.
    pub fn new() -> Self {
        Signal::default()
    }

    /// The sums of the observations of packets of 4-bit payload type `bits`.
    pub fn by_type(&self, bits: u8) -> SignalPair {
        self.by_type
            .get(usize::from(bits))
            .copied()
            .unwrap_or_default()
    }

    /// Hours with observations, oldest first.
    pub fn hours(&self) -> &[HourSignal] {
        &self.hours
    }

    /// The sums of observer `id`.
    pub fn observer(&self, id: ObserverId) -> Option<&ObserverSignal> {
        self.observers.get(id.index())
    }

    /// Counts an observation.
    #[inline]
    pub(crate) fn add(&mut self, facts: &ObservationFacts) {
        if let Some(pair) = self.by_type.get_mut(usize::from(facts.kind.bits())) {
            pair.add(facts);
        }
        if let Some(hour) = self.hour(facts.time_ms) {
            hour.observations += 1;
            hour.signal.add(facts);
        }
        let index = facts.observer.index();
        if self.observers.len() <= index {
            self.observers.resize(index + 1, ObserverSignal::default());
        }
        if let Some(observer) = self.observers.get_mut(index) {
            observer.signal.add(facts);
            observer.unique_transmissions += u64::from(facts.first_by_observer);
            observer.arrived(facts.time_ms);
        }
    }

    /// Uncounts an evicted observation's counts and sums; `facts.first_by_observer` says whether it was the one
    /// that counted its transmission for its observer. Minima, maxima and arrival order are recounted apart.
    pub(crate) fn remove(&mut self, facts: &ObservationFacts) {
        if let Some(pair) = self.by_type.get_mut(usize::from(facts.kind.bits())) {
            pair.remove(facts);
        }
        let hour = facts.time_ms.div_euclid(HOUR_MS);
        if let Ok(at) = self.hours.binary_search_by_key(&hour, |b| b.hour)
            && let Some(bucket) = self.hours.get_mut(at)
        {
            bucket.observations = bucket.observations.saturating_sub(1);
            bucket.signal.remove(facts);
        }
        if let Some(observer) = self.observers.get_mut(facts.observer.index()) {
            observer.signal.remove(facts);
            observer.unique_transmissions = observer
                .unique_transmissions
                .saturating_sub(u64::from(facts.first_by_observer));
        }
    }

    /// Forgets every minimum, maximum, latest time and disorder, and the hours left empty, before
    /// [`recount`](Self::recount) finds them again.
    pub(crate) fn reset_ranges(&mut self) {
        for pair in &mut self.by_type {
            pair.reset_range();
        }
        self.hours.retain(|bucket| bucket.observations > 0);
        self.hours.shrink_to_fit();
        self.last_hour = 0;
        for bucket in &mut self.hours {
            bucket.signal.reset_range();
        }
        for observer in &mut self.observers {
            observer.signal.reset_range();
            observer.latest_ms = i64::MIN;
            observer.disorder_ms = 0;
        }
        while self
            .observers
            .last()
            .is_some_and(|observer| observer.unique_transmissions == 0)
        {
            self.observers.pop();
        }
        self.observers.shrink_to_fit();
    }

    /// Recounts the minima, maxima, latest time and disorder with a surviving observation, in id order.
    #[inline]
    pub(crate) fn recount(&mut self, facts: &ObservationFacts) {
        if let Some(pair) = self.by_type.get_mut(usize::from(facts.kind.bits())) {
            pair.recount(facts);
        }
        if let Some(hour) = self.hour(facts.time_ms) {
            hour.signal.recount(facts);
        }
        if let Some(observer) = self.observers.get_mut(facts.observer.index()) {
            observer.signal.recount(facts);
            observer.arrived(facts.time_ms);
        }
    }

    /// The bucket of `time_ms`, created if missing (the last one used is found without a search).
    #[inline]
    fn hour(&mut self, time_ms: i64) -> Option<&mut HourSignal> {
        let hour = time_ms.div_euclid(HOUR_MS);
        let cached = self
            .hours
            .get(self.last_hour)
            .is_some_and(|b| b.hour == hour);
        if !cached {
            self.last_hour = match self.hours.binary_search_by_key(&hour, |b| b.hour) {
                Ok(at) => at,
                Err(at) => {
                    let bucket = HourSignal {
                        hour,
                        observations: 0,
                        signal: SignalPair::default(),
                    };
                    self.hours.insert(at, bucket);
                    at
                }
            };
        }
        self.hours.get_mut(self.last_hour)
    }

    /// Heap bytes.
    pub fn heap_bytes(&self) -> usize {
        self.hours.capacity() * size_of::<HourSignal>()
            + self.observers.capacity() * size_of::<ObserverSignal>()
    }
}

/// Whether an observation by `observer` of `tx`, about to be linked, is the observer's first hearing of it:
/// certain from the transmission's observer bits for most, else by a walk of its observations.
#[inline]
pub(crate) fn first_hearing(
    txs: &Transmissions,
    obs: &Observations,
    tx: TxId,
    observer: ObserverId,
) -> bool {
    if !txs.may_have_heard(tx, observer) {
        return true;
    }
    let mut next = txs.newest(tx);
    while let Some(id) = next {
        if obs.observer(id) == Some(observer) {
            return false;
        }
        next = obs.next(id);
    }
    true
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::protocol::PayloadType;

    fn facts(time_ms: i64, observer: u32, snr: Option<i16>, first: bool) -> ObservationFacts {
        ObservationFacts {
            kind: PayloadType::GrpTxt,
            time_ms,
            observer: ObserverId(observer),
            snr_quarter_db: snr,
            rssi_dbm: Some(-100),
            originator: None,
            first_by_observer: first,
        }
    }

    #[test]
    fn sums_and_moments() {
        let mut sums = SignalSums::default();
        assert_eq!(
            (sums.mean(1.0), sums.std_dev(1.0), sums.range(1.0)),
            (None, None, None)
        );
        for value in [2, 4, 4, 4, 5, 5, 7, 9] {
            sums.add(value);
        }
        assert_eq!(sums.mean(1.0), Some(5.0));
        assert_eq!(sums.std_dev(1.0), Some(2.0));
        assert_eq!(sums.std_dev(4.0), Some(0.5));
        assert_eq!(sums.range(4.0), Some((0.5, 2.25)));
    }

    #[test]
    fn per_type_hour_and_observer() {
        let mut signal = Signal::new();
        signal.add(&facts(HOUR_MS + 5, 1, Some(40), true));
        signal.add(&facts(5, 1, None, false));
        signal.add(&facts(HOUR_MS + 9, 0, Some(-8), true));
        let grp = signal.by_type(PayloadType::GrpTxt.bits());
        assert_eq!((grp.snr.count, grp.rssi.count), (2, 3));
        assert_eq!(signal.by_type(PayloadType::Ack.bits()).snr.count, 0);
        let hours: Vec<(i64, u64, u64)> = signal
            .hours()
            .iter()
            .map(|h| (h.hour, h.observations, h.signal.snr.count))
            .collect();
        assert_eq!(hours, [(0, 1, 0), (1, 2, 2)]);
        let one = signal.observer(ObserverId(1)).unwrap();
        assert_eq!(one.unique_transmissions, 1);
        assert_eq!((one.latest_ms, one.disorder_ms), (HOUR_MS + 5, HOUR_MS));
        assert_eq!(signal.observer(ObserverId(0)).unwrap().disorder_ms, 0);
        assert!(signal.observer(ObserverId(2)).is_none());
    }
}
