//! The reconnect policy: capped exponential backoff with full jitter, reset after a stable connection.

use meshscope::ingest::live::{Backoff, BackoffPolicy, RateMeter, Retry};
use proptest::prelude::*;

const POLICY: BackoffPolicy = BackoffPolicy::DEFAULT;

#[test]
fn ceilings_double_from_the_base_up_to_the_cap() {
    let ceilings: Vec<u32> = (1..=9).map(|attempt| POLICY.ceiling_ms(attempt)).collect();
    assert_eq!(
        ceilings,
        [
            500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000
        ]
    );
    assert_eq!(POLICY.ceiling_ms(0), 500);
    assert_eq!(POLICY.ceiling_ms(u32::MAX), 30_000);
}

#[test]
fn full_jitter_scales_the_ceiling_by_the_draw() {
    let mut backoff = Backoff::new(POLICY);
    let draws = [0.5, 0.25, 0.0, 0.999_999, 0.1];
    let retries: Vec<Retry> = draws
        .iter()
        .enumerate()
        .map(|(i, &unit)| backoff.failed(i as i64 * 100, unit))
        .collect();
    let expected = [(1, 250), (2, 250), (3, 0), (4, 3_999), (5, 800)];
    let got: Vec<(u32, u32)> = retries.iter().map(|r| (r.attempt, r.delay_ms)).collect();
    assert_eq!(got, expected);
}

#[test]
fn out_of_range_draws_are_clamped() {
    let mut backoff = Backoff::new(POLICY);
    assert_eq!(backoff.failed(0, f64::NAN).delay_ms, 0);
    assert_eq!(backoff.failed(0, -3.0).delay_ms, 0);
    assert_eq!(backoff.failed(0, 7.0).delay_ms, 1_999);
}

#[test]
fn a_stable_connection_resets_the_count() {
    let mut backoff = Backoff::new(POLICY);
    backoff.failed(0, 0.5);
    backoff.failed(1_000, 0.5);
    assert_eq!(backoff.failures(), 2);
    // Up for 9.999 s: not stable, the count goes on.
    backoff.connected(2_000);
    assert_eq!(backoff.failed(11_999, 0.5).attempt, 3);
    // Up for exactly 10 s: stable, the next failure is the first again.
    backoff.connected(20_000);
    assert_eq!(
        backoff.failed(30_000, 0.5),
        Retry {
            attempt: 1,
            delay_ms: 250
        }
    );
    backoff.reset();
    assert_eq!(backoff.failures(), 0);
}

#[test]
fn a_failure_without_a_connection_never_resets() {
    let mut backoff = Backoff::new(POLICY);
    for attempt in 1..=20 {
        assert_eq!(
            backoff.failed(i64::from(attempt) * 60_000, 0.0).attempt,
            attempt
        );
    }
}

proptest! {
    #[test]
    fn delays_stay_below_their_ceiling(
        base in 0u32..5_000,
        cap in 0u32..100_000,
        draws in proptest::collection::vec(0.0f64..1.0, 1..40),
    ) {
        let policy = BackoffPolicy { base_ms: base, cap_ms: cap, stable_after_ms: 1_000 };
        let mut backoff = Backoff::new(policy);
        for unit in draws {
            let retry = backoff.failed(0, unit);
            let ceiling = policy.ceiling_ms(retry.attempt);
            prop_assert!(ceiling <= cap);
            prop_assert!(retry.delay_ms <= ceiling.saturating_sub(1));
        }
    }
}

#[test]
fn rate_is_the_increase_over_the_window() {
    let mut meter = RateMeter::new();
    assert_eq!(meter.sample(0, 0), 0.0);
    assert_eq!(meter.sample(1_000, 4), 4.0);
    assert_eq!(meter.sample(2_000, 10), 5.0);
    // At 7 s the samples at 0 s and 1 s are older than 5 s: the rate spans 2 s .. 7 s.
    assert_eq!(meter.sample(7_000, 30), 4.0);
    meter.reset();
    assert_eq!(meter.sample(8_000, 31), 0.0);
}
