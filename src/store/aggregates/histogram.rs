//! [`Histogram`]: counts per integer value (SNR in quarter dB, RSSI in dBm), over the range seen so far.

/// Counts per `i16` value, stored densely from the smallest to the largest value seen (at most 65,536 bins).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Histogram {
    low: i32,
    counts: Vec<u64>,
    total: u64,
}

impl Histogram {
    /// An empty histogram.
    pub fn new() -> Self {
        Histogram::default()
    }

    /// Counts one `value`.
    #[inline]
    pub fn add(&mut self, value: i16) {
        let value = i32::from(value);
        if self.counts.is_empty() {
            self.low = value;
        } else if value < self.low {
            let grow = (self.low - value) as usize;
            self.counts.splice(0..0, core::iter::repeat_n(0, grow));
            self.low = value;
        }
        let index = (value - self.low) as usize;
        if index >= self.counts.len() {
            self.counts.resize(index + 1, 0);
        }
        if let Some(count) = self.counts.get_mut(index) {
            *count += 1;
        }
        self.total += 1;
    }

    /// Uncounts one `value` counted before, then trims the zero counts at both ends, so the histogram is the
    /// one the remaining values give.
    pub(crate) fn remove(&mut self, value: i16) {
        let Ok(index) = usize::try_from(i32::from(value) - self.low) else {
            return;
        };
        let Some(count) = self.counts.get_mut(index).filter(|count| **count > 0) else {
            return;
        };
        *count -= 1;
        self.total -= 1;
        if *count > 0 || (index > 0 && index + 1 < self.counts.len()) {
            return;
        }
        let leading = self.counts.iter().take_while(|&&count| count == 0).count();
        if leading == self.counts.len() {
            *self = Histogram::new();
            return;
        }
        let trailing = self
            .counts
            .iter()
            .rev()
            .take_while(|&&count| count == 0)
            .count();
        self.counts.truncate(self.counts.len() - trailing);
        if leading > 0 {
            self.counts.drain(..leading);
            self.low += leading as i32;
        }
        self.counts.shrink_to_fit();
    }

    /// The number of values counted.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// The smallest and largest values counted.
    pub fn range(&self) -> Option<(i16, i16)> {
        let high = self.low + self.counts.len() as i32 - 1;
        (!self.counts.is_empty()).then_some((self.low as i16, high as i16))
    }

    /// How many times `value` was counted.
    pub fn count(&self, value: i16) -> u64 {
        usize::try_from(i32::from(value) - self.low)
            .ok()
            .and_then(|index| self.counts.get(index))
            .copied()
            .unwrap_or(0)
    }

    /// Every value with a non-zero count, ascending.
    pub fn iter(&self) -> impl Iterator<Item = (i16, u64)> + '_ {
        self.counts
            .iter()
            .enumerate()
            .filter(|(_, count)| **count > 0)
            .map(|(index, count)| ((self.low + index as i32) as i16, *count))
    }

    /// Heap bytes.
    pub fn heap_bytes(&self) -> usize {
        self.counts.capacity() * 8
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn grows_both_ways() {
        let mut histogram = Histogram::new();
        assert_eq!(histogram.range(), None);
        for value in [10, 12, 10, -4, i16::MAX, i16::MIN] {
            histogram.add(value);
        }
        assert_eq!(histogram.total(), 6);
        assert_eq!(histogram.count(10), 2);
        assert_eq!(histogram.count(11), 0);
        assert_eq!(histogram.count(-4), 1);
        assert_eq!(histogram.range(), Some((i16::MIN, i16::MAX)));
        let seen: Vec<(i16, u64)> = histogram.iter().collect();
        assert_eq!(
            seen,
            [(i16::MIN, 1), (-4, 1), (10, 2), (12, 1), (i16::MAX, 1)]
        );
    }

    #[test]
    fn removing_trims_to_what_is_left() {
        let mut histogram = Histogram::new();
        for value in [-4, 10, 10, 12, 20] {
            histogram.add(value);
        }
        for value in [-4, 20, 10, 7] {
            histogram.remove(value);
        }
        let mut expected = Histogram::new();
        for value in [10, 12] {
            expected.add(value);
        }
        assert_eq!(histogram, expected);
        histogram.remove(10);
        histogram.remove(12);
        assert_eq!(histogram, Histogram::new());
    }
}
