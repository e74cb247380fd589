//! Distributions of counted values: summary statistics ([`Stats`]) and CoreScope's equal-width histogram
//! ([`Bins`]), both computed from `(value, count)` pairs in ascending value order, such as the store's
//! fine-grained SNR and RSSI histograms, so no value list is ever materialised.

use serde::Serialize;

/// Summary statistics of some values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Stats {
    /// How many values.
    pub count: u64,
    /// The smallest.
    pub min: f64,
    /// The largest.
    pub max: f64,
    /// The mean.
    pub mean: f64,
    /// The true median: the middle value, or the mean of the two middle values for an even count.
    /// CoreScope reports `sorted[n/2]`, the upper of the two; both agree for an odd count.
    pub median: f64,
    /// The population standard deviation (divided by the count, as CoreScope does).
    pub std_dev: f64,
}

impl Stats {
    /// The statistics of `pairs`: `(value, count)` in ascending value order; zero counts are ignored. `None`
    /// when nothing is counted.
    pub fn of_counts<I>(pairs: I) -> Option<Stats>
    where
        I: Iterator<Item = (f64, u64)> + Clone,
    {
        let mut count = 0u64;
        let mut sum = 0.0;
        let mut range: Option<(f64, f64)> = None;
        for (value, n) in pairs.clone().filter(|(_, n)| *n > 0) {
            count += n;
            sum += value * n as f64;
            range = Some(range.map_or((value, value), |(low, high)| {
                (low.min(value), high.max(value))
            }));
        }
        let (min, max) = range?;
        let mean = sum / count as f64;
        let squares: f64 = pairs
            .clone()
            .map(|(value, n)| (value - mean).powi(2) * n as f64)
            .sum();
        Some(Stats {
            count,
            min,
            max,
            mean,
            median: median_of_counts(pairs, count)?,
            std_dev: (squares / count as f64).sqrt(),
        })
    }
}

/// The true median of `pairs` (ascending, `total` values counted).
fn median_of_counts(pairs: impl Iterator<Item = (f64, u64)>, total: u64) -> Option<f64> {
    let lower_rank = (total - 1) / 2;
    let upper_rank = total / 2;
    let mut seen = 0u64;
    let mut lower = None;
    for (value, n) in pairs {
        seen += n;
        if lower.is_none() && seen > lower_rank {
            lower = Some(value);
        }
        if seen > upper_rank {
            return Some((lower? + value) / 2.0);
        }
    }
    None
}

/// One histogram bin: values from `x` up to `x + w` (the last bin also holds the maximum).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bin {
    /// Its lower edge.
    pub x: f64,
    /// Its width.
    pub w: f64,
    /// Values in it.
    pub count: u64,
}

/// An equal-width histogram over `min..=max`, binned as CoreScope bins: width `(max - min) / bins` (a zero range
/// counts as 1), index `floor((value - min) / width)`, the maximum clamped into the last bin.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bins {
    /// The bins, lowest first.
    pub bins: Vec<Bin>,
    /// The smallest value.
    pub min: f64,
    /// The largest value.
    pub max: f64,
}

impl Bins {
    /// `count` bins over `pairs` (`(value, count)` in ascending value order; zero counts are ignored). `None`
    /// when nothing is counted or `count` is zero.
    pub fn of_counts<I>(pairs: I, count: usize) -> Option<Bins>
    where
        I: Iterator<Item = (f64, u64)> + Clone,
    {
        if count == 0 {
            return None;
        }
        let mut counted = pairs.clone().filter(|(_, n)| *n > 0);
        let (min, _) = counted.next()?;
        let max = counted.last().map_or(min, |(value, _)| value);
        let range = if max > min { max - min } else { 1.0 };
        let w = range / count as f64;
        let mut bins: Vec<Bin> = (0..count)
            .map(|i| Bin {
                x: min + i as f64 * w,
                w,
                count: 0,
            })
            .collect();
        for (value, n) in pairs {
            let index = (((value - min) / w) as usize).min(count - 1);
            if let Some(bin) = bins.get_mut(index) {
                bin.count += n;
            }
        }
        Some(Bins { bins, min, max })
    }
}

#[cfg(test)]
mod test {
    use super::*;

    fn pairs(values: &[(f64, u64)]) -> impl Iterator<Item = (f64, u64)> + Clone + '_ {
        values.iter().copied()
    }

    #[test]
    fn stats_of_counts() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, population std-dev 2, median (4 + 5) / 2.
        let values = [(2.0, 1), (4.0, 3), (5.0, 2), (6.0, 0), (7.0, 1), (9.0, 1)];
        let stats = Stats::of_counts(pairs(&values)).unwrap();
        assert_eq!(
            stats,
            Stats {
                count: 8,
                min: 2.0,
                max: 9.0,
                mean: 5.0,
                median: 4.5,
                std_dev: 2.0
            }
        );
        let odd = Stats::of_counts(pairs(&[(-3.0, 2), (1.0, 1)])).unwrap();
        assert_eq!((odd.median, odd.min, odd.max), (-3.0, -3.0, 1.0));
        assert_eq!(Stats::of_counts(pairs(&[(1.0, 0)])), None);
    }

    #[test]
    fn bins_like_corescope() {
        // Values 0..=10 once each in 4 bins of 2.5: [0, 2.5) holds 0, 1, 2; the maximum goes in the last bin.
        let values: Vec<(f64, u64)> = (0..=10).map(|v| (f64::from(v), 1)).collect();
        let bins = Bins::of_counts(values.iter().copied(), 4).unwrap();
        let counts: Vec<u64> = bins.bins.iter().map(|b| b.count).collect();
        assert_eq!(counts, [3, 2, 3, 3]);
        assert_eq!(
            (bins.min, bins.max, bins.bins[1].x, bins.bins[1].w),
            (0.0, 10.0, 2.5, 2.5)
        );
        // One value: width 1 / bins, everything in the first bin.
        let single = Bins::of_counts(pairs(&[(-7.0, 5)]), 20).unwrap();
        assert_eq!((single.bins[0].count, single.bins[0].w), (5, 0.05));
        assert_eq!(single.bins.len(), 20);
        assert_eq!(Bins::of_counts(pairs(&[]), 20), None);
        assert_eq!(Bins::of_counts(pairs(&[(1.0, 1)]), 0), None);
    }
}
