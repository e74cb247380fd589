//! The reconnect policy: capped exponential backoff with full jitter.
//!
//! Retry `n` (1-based) waits a uniformly random time in `[0, min(cap, base * 2^(n-1)))`. Full jitter
//! spreads the clients of one broker that all lost their connection at once. A connection that stayed
//! up for [`BackoffPolicy::stable_after_ms`] resets the count, so a long-lived feed that drops once
//! retries quickly. The random draw is the caller's, which keeps this pure and testable.

/// The constants of the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackoffPolicy {
    /// The ceiling of the first retry's delay, in milliseconds.
    pub base_ms: u32,
    /// The largest ceiling, in milliseconds.
    pub cap_ms: u32,
    /// How long a connection must stay up for the next failure to count as the first again.
    pub stable_after_ms: u32,
}

impl BackoffPolicy {
    /// 500 ms doubling up to 30 s; a connection up for 10 s resets the count.
    pub const DEFAULT: BackoffPolicy = BackoffPolicy {
        base_ms: 500,
        cap_ms: 30_000,
        stable_after_ms: 10_000,
    };

    /// The ceiling of retry `attempt` (1-based): `min(cap, base * 2^(attempt-1))`, never overflowing.
    pub fn ceiling_ms(&self, attempt: u32) -> u32 {
        let doublings = attempt.saturating_sub(1).min(31);
        self.base_ms
            .checked_mul(1 << doublings)
            .map_or(self.cap_ms, |ceiling| ceiling.min(self.cap_ms))
    }
}

impl Default for BackoffPolicy {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// A retry the caller should schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// Which consecutive retry this is, from 1.
    pub attempt: u32,
    /// How long to wait before it, in milliseconds.
    pub delay_ms: u32,
}

/// The failure count of one source's connection, and when its current connection came up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    policy: BackoffPolicy,
    failures: u32,
    connected_at_ms: Option<i64>,
}

impl Backoff {
    /// No failure yet.
    pub fn new(policy: BackoffPolicy) -> Self {
        Backoff {
            policy,
            failures: 0,
            connected_at_ms: None,
        }
    }

    /// The policy.
    pub fn policy(&self) -> BackoffPolicy {
        self.policy
    }

    /// Consecutive failures so far (0 after a reset).
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// Records that a connection is up (the source receives data) since `now_ms`.
    pub fn connected(&mut self, now_ms: i64) {
        self.connected_at_ms = Some(now_ms);
    }

    /// Records a failure at `now_ms` (a connection lost or never made) and returns the retry to schedule.
    ///
    /// `unit` is a uniform random draw in `[0, 1)` (values outside are clamped, NaN counts as 0). If the
    /// connection had been up for `stable_after_ms`, the count restarts at 1.
    pub fn failed(&mut self, now_ms: i64, unit: f64) -> Retry {
        let stable = self.connected_at_ms.is_some_and(|since| {
            now_ms.saturating_sub(since) >= i64::from(self.policy.stable_after_ms)
        });
        if stable {
            self.failures = 0;
        }
        self.connected_at_ms = None;
        self.failures = self.failures.saturating_add(1);
        let unit = if unit.is_nan() {
            0.0
        } else {
            unit.clamp(0.0, 1.0)
        };
        let ceiling = self.policy.ceiling_ms(self.failures);
        let delay_ms = ((f64::from(ceiling) * unit) as u32).min(ceiling.saturating_sub(1));
        Retry {
            attempt: self.failures,
            delay_ms,
        }
    }

    /// Forgets every failure (the user asked to reconnect now).
    pub fn reset(&mut self) {
        self.failures = 0;
        self.connected_at_ms = None;
    }
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff::new(BackoffPolicy::DEFAULT)
    }
}
