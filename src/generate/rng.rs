//! The generator's own random numbers: xoshiro256** seeded through SplitMix64, written out here so that sample
//! data never changes with a crate upgrade. Only integer operations, `+ - * /` and `sqrt` on `f64` (all exact
//! under IEEE 754) and [`super::fmath`] are used, so a seed gives the same numbers on every platform.

use super::fmath;

/// A xoshiro256** generator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rng {
    state: [u64; 4],
}

/// SplitMix64's increment (the golden ratio in 64 bits).
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// One SplitMix64 step: advances `state` and returns the next output.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(GOLDEN);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// The generator for `seed`: its state is four SplitMix64 outputs from `seed`.
    pub fn new(seed: u64) -> Rng {
        let mut splitmix = seed;
        Rng {
            state: core::array::from_fn(|_| splitmix64(&mut splitmix)),
        }
    }

    /// An independent generator for the sub-task `stream` of `seed` (mesh layout, traffic, output faults...),
    /// so that one part drawing more numbers never shifts another part's.
    pub fn stream(seed: u64, stream: u64) -> Rng {
        let mut mixed = seed ^ stream.wrapping_mul(GOLDEN);
        Rng::new(splitmix64(&mut mixed))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let [s0, s1, s2, s3] = &mut self.state;
        let result = s1.wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let shifted = *s1 << 17;
        *s2 ^= *s0;
        *s3 ^= *s1;
        *s1 ^= *s2;
        *s0 ^= *s3;
        *s2 ^= shifted;
        *s3 = s3.rotate_left(45);
        result
    }

    /// A number in `0..bound` (0 when `bound` is 0), by the multiply-high method.
    pub fn below(&mut self, bound: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(bound)) >> 64) as u64
    }

    /// An index into a slice of `len` items (0 when `len` is 0).
    pub fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    /// A number in `lo..=hi`; `lo` when `hi < lo`.
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = hi.abs_diff(lo).saturating_add(1);
        lo.wrapping_add(self.below(span) as i64)
    }

    /// A number in `[0, 1)` with 53 random bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A number in `[lo, hi)`.
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// `true` with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A bell-shaped number with mean 0 and standard deviation 1: the Irwin-Hall sum of four uniforms, scaled.
    /// Bounded by ±2√3, which suits radio fading better than the long tails of a true normal.
    pub fn bell(&mut self) -> f64 {
        let sum = self.unit() + self.unit() + self.unit() + self.unit();
        (sum - 2.0) * 1.732_050_807_568_877_2
    }

    /// An exponentially distributed number with mean `mean` (waiting times of a Poisson process).
    pub fn exponential(&mut self, mean: f64) -> f64 {
        -mean * fmath::ln(1.0 - self.unit())
    }

    /// Fills `bytes` with random bytes.
    pub fn fill(&mut self, bytes: &mut [u8]) {
        for chunk in bytes.chunks_mut(8) {
            let word = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
    }

    /// 32 random bytes.
    pub fn bytes32(&mut self) -> [u8; 32] {
        let mut out = [0; 32];
        self.fill(&mut out);
        out
    }

    /// A random item of `items`, `None` when it is empty.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.index(items.len()))
    }

    /// An index drawn with probability proportional to `weights[i]`; the last index when all weights are 0.
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut target = self.unit() * total;
        for (index, &weight) in weights.iter().enumerate() {
            if target < weight {
                return index;
            }
            target -= weight;
        }
        weights.len().saturating_sub(1)
    }

    /// Shuffles `items` in place (Fisher-Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.index(i + 1);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;

    // SplitMix64 from 1234567: the first outputs of the reference implementation (Vigna's splitmix64.c).
    #[test]
    fn splitmix_reference() {
        let mut state = 1_234_567;
        assert_eq!(splitmix64(&mut state), 6_457_827_717_110_365_317);
        assert_eq!(splitmix64(&mut state), 3_203_168_211_198_807_973);
        assert_eq!(splitmix64(&mut state), 9_817_491_932_198_370_423);
    }

    // xoshiro256** seeded with four SplitMix64 outputs, checked against a separate Python transcription.
    #[test]
    fn xoshiro_reference() {
        let mut rng = Rng::new(0);
        assert_eq!(rng.next_u64(), 0x99ec_5f36_cb75_f2b4);
        assert_eq!(rng.next_u64(), 0xbf6e_1f78_4956_452a);
        assert_eq!(rng.next_u64(), 0x1a5f_849d_4933_e6e0);
        let mut rng = Rng::new(42);
        assert_eq!(rng.next_u64(), 0x1578_0b2e_0c2e_c716);
    }

    #[test]
    fn ranges_hold() {
        let mut rng = Rng::new(7);
        for _ in 0..10_000 {
            assert!(rng.below(10) < 10);
            let value = rng.between(-3, 3);
            assert!((-3..=3).contains(&value));
            let unit = rng.unit();
            assert!((0.0..1.0).contains(&unit));
            assert!(rng.bell().abs() <= 2.0 * 1.732_050_807_568_877_2);
            assert!(rng.exponential(2.0) >= 0.0);
        }
        assert_eq!(rng.below(0), 0);
        assert_eq!(rng.between(5, 5), 5);
        assert_eq!(rng.between(5, 1), 5);
        assert_eq!(rng.pick::<u8>(&[]), None);
        assert_eq!(rng.weighted(&[0.0, 0.0]), 1);
        assert_eq!(rng.weighted(&[0.0, 1.0, 0.0]), 1);
    }

    #[test]
    fn streams_differ_and_repeat() {
        let a = Rng::stream(1, 1).next_u64();
        assert_eq!(a, Rng::stream(1, 1).next_u64());
        assert_ne!(a, Rng::stream(1, 2).next_u64());
        assert_ne!(a, Rng::stream(2, 1).next_u64());
    }

    #[test]
    fn moments_are_plausible() {
        let mut rng = Rng::new(3);
        let n = 20_000;
        let (mut sum, mut squares, mut exp_sum) = (0.0, 0.0, 0.0);
        for _ in 0..n {
            let x = rng.bell();
            sum += x;
            squares += x * x;
            exp_sum += rng.exponential(5.0);
        }
        let mean = sum / n as f64;
        assert!(mean.abs() < 0.05, "{mean}");
        assert!((squares / n as f64 - 1.0).abs() < 0.05);
        assert!((exp_sum / n as f64 - 5.0).abs() < 0.2);
    }
}
