//! [`Hourly`]: per UTC hour, unique transmissions (by first seen) and observations, in total and per payload
//! type.

use crate::protocol::PayloadType;

/// Milliseconds in an hour.
pub const HOUR_MS: i64 = 3_600_000;

/// One hour's counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HourBucket {
    /// The hour: unix ms divided by [`HOUR_MS`], rounded down.
    pub hour: i64,
    /// Transmissions first seen in this hour.
    pub transmissions: u32,
    /// Observations heard in this hour.
    pub observations: u32,
    /// Transmissions per 4-bit payload type.
    pub transmissions_by_type: [u32; 16],
    /// Observations per 4-bit payload type.
    pub observations_by_type: [u32; 16],
}

impl HourBucket {
    fn new(hour: i64) -> Self {
        HourBucket {
            hour,
            transmissions: 0,
            observations: 0,
            transmissions_by_type: [0; 16],
            observations_by_type: [0; 16],
        }
    }

    /// The hour's start, unix ms.
    pub fn start_ms(&self) -> i64 {
        self.hour.saturating_mul(HOUR_MS)
    }
}

/// Hour buckets in time order; only hours with data exist.
#[derive(Debug, Clone, Default)]
pub struct Hourly {
    buckets: Vec<HourBucket>,
    last: usize,
}

impl Hourly {
    /// No hours.
    pub fn new() -> Self {
        Hourly::default()
    }

    /// The buckets, oldest first.
    pub fn buckets(&self) -> &[HourBucket] {
        &self.buckets
    }

    /// Counts a transmission of `kind` first seen at `time_ms`.
    pub(crate) fn add_transmission(&mut self, kind: PayloadType, time_ms: i64) {
        if let Some(bucket) = self.bucket(time_ms) {
            bucket.transmissions += 1;
            if let Some(count) = bucket
                .transmissions_by_type
                .get_mut(usize::from(kind.bits()))
            {
                *count += 1;
            }
        }
    }

    /// Moves a transmission whose first seen changed from `from_ms` to `to_ms`.
    pub(crate) fn move_transmission(&mut self, kind: PayloadType, from_ms: i64, to_ms: i64) {
        if from_ms.div_euclid(HOUR_MS) == to_ms.div_euclid(HOUR_MS) {
            return;
        }
        if let Some(bucket) = self.bucket(from_ms) {
            bucket.transmissions = bucket.transmissions.saturating_sub(1);
            if let Some(count) = bucket
                .transmissions_by_type
                .get_mut(usize::from(kind.bits()))
            {
                *count = count.saturating_sub(1);
            }
        }
        self.add_transmission(kind, to_ms);
    }

    /// Counts an observation of a `kind` packet at `time_ms`.
    #[inline]
    pub(crate) fn add_observation(&mut self, kind: PayloadType, time_ms: i64) {
        if let Some(bucket) = self.bucket(time_ms) {
            bucket.observations += 1;
            if let Some(count) = bucket
                .observations_by_type
                .get_mut(usize::from(kind.bits()))
            {
                *count += 1;
            }
        }
    }

    /// Uncounts an evicted transmission of `kind` first seen at `time_ms`.
    pub(crate) fn remove_transmission(&mut self, kind: PayloadType, time_ms: i64) {
        if let Some(bucket) = self.existing(time_ms) {
            bucket.transmissions = bucket.transmissions.saturating_sub(1);
            if let Some(count) = bucket
                .transmissions_by_type
                .get_mut(usize::from(kind.bits()))
            {
                *count = count.saturating_sub(1);
            }
        }
    }

    /// Uncounts an evicted observation of a `kind` packet at `time_ms`.
    pub(crate) fn remove_observation(&mut self, kind: PayloadType, time_ms: i64) {
        if let Some(bucket) = self.existing(time_ms) {
            bucket.observations = bucket.observations.saturating_sub(1);
            if let Some(count) = bucket
                .observations_by_type
                .get_mut(usize::from(kind.bits()))
            {
                *count = count.saturating_sub(1);
            }
        }
    }

    /// Drops the hours left with nothing (after eviction), and the spare capacity.
    pub(crate) fn prune(&mut self) {
        self.buckets
            .retain(|bucket| bucket.transmissions > 0 || bucket.observations > 0);
        self.buckets.shrink_to_fit();
    }

    /// The bucket of `time_ms`, if it exists.
    fn existing(&mut self, time_ms: i64) -> Option<&mut HourBucket> {
        let hour = time_ms.div_euclid(HOUR_MS);
        let at = self.buckets.binary_search_by_key(&hour, |b| b.hour).ok()?;
        self.last = at;
        self.buckets.get_mut(at)
    }

    /// The bucket of `time_ms`, created if missing (the last one used is found without a search).
    #[inline]
    fn bucket(&mut self, time_ms: i64) -> Option<&mut HourBucket> {
        let hour = time_ms.div_euclid(HOUR_MS);
        let cached = self.buckets.get(self.last).is_some_and(|b| b.hour == hour);
        if !cached {
            self.last = match self.buckets.binary_search_by_key(&hour, |b| b.hour) {
                Ok(at) => at,
                Err(at) => {
                    self.buckets.insert(at, HourBucket::new(hour));
                    at
                }
            };
        }
        self.buckets.get_mut(self.last)
    }

    /// Heap bytes.
    pub fn heap_bytes(&self) -> usize {
        self.buckets.capacity() * size_of::<HourBucket>()
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn buckets_by_hour() {
        let mut hourly = Hourly::new();
        hourly.add_transmission(PayloadType::Advert, 10);
        hourly.add_observation(PayloadType::Advert, 10);
        hourly.add_observation(PayloadType::Advert, HOUR_MS * 2 + 5);
        hourly.add_observation(PayloadType::Ack, -1);
        let hours: Vec<(i64, u32, u32)> = hourly
            .buckets()
            .iter()
            .map(|b| (b.hour, b.transmissions, b.observations))
            .collect();
        assert_eq!(hours, [(-1, 0, 1), (0, 1, 1), (2, 0, 1)]);
        assert_eq!(hourly.buckets()[1].transmissions_by_type[4], 1);
        assert_eq!(hourly.buckets()[0].observations_by_type[3], 1);
        assert_eq!(hourly.buckets()[2].start_ms(), 2 * HOUR_MS);
        hourly.move_transmission(PayloadType::Advert, 10, -5);
        assert_eq!(hourly.buckets()[0].transmissions, 1);
        assert_eq!(hourly.buckets()[1].transmissions, 0);
        hourly.remove_observation(PayloadType::Advert, 10);
        hourly.remove_transmission(PayloadType::Advert, -5);
        hourly.remove_observation(PayloadType::Ack, -1);
        hourly.prune();
        let hours: Vec<i64> = hourly.buckets().iter().map(|b| b.hour).collect();
        assert_eq!(hours, [2]);
    }
}
