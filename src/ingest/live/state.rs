//! What a live source is doing, as the app shows it, and the counters it keeps.

use core::fmt;
use std::collections::VecDeque;

/// The state of a live source. Every failure ends up here (or as a counted bad message), never as a
/// panic.
#[derive(Debug, Clone, PartialEq)]
pub enum SourceState {
    /// Opening the socket or the serial port.
    Connecting,
    /// Open, and the protocol handshake is under way: MQTT CONNECT/SUBSCRIBE, or the radio's
    /// DEVICE_QUERY/APP_START.
    Handshaking,
    /// Receiving.
    Live {
        /// When the source became live, unix milliseconds.
        since_ms: i64,
        /// Packets per second over the last few seconds.
        packets_per_second: f32,
    },
    /// The connection failed or was lost; a retry is scheduled.
    Retrying {
        /// Which consecutive retry is scheduled, from 1.
        attempt: u32,
        /// Its delay, milliseconds from when this state was set.
        in_ms: u32,
        /// Why the last connection ended.
        reason: String,
    },
    /// The serial device went away (unplugged, or a read error). What was received is kept; the app
    /// may reconnect the same or another port.
    Unplugged {
        /// What the browser said.
        reason: String,
    },
    /// Stopped for good: by the user, or after a failure that retrying cannot fix (a refused login, a
    /// malformed URL, a port that would not open).
    Stopped {
        /// Why.
        reason: String,
    },
}

impl SourceState {
    /// Whether packets are flowing.
    pub fn is_live(&self) -> bool {
        matches!(self, SourceState::Live { .. })
    }
}

impl fmt::Display for SourceState {
    /// One line for the status bar, e.g. `live, 3.5 packets/s` or `retry 2 in 1.2 s: closed (code 1006)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceState::Connecting => write!(f, "connecting"),
            SourceState::Handshaking => write!(f, "handshaking"),
            SourceState::Live {
                packets_per_second, ..
            } => write!(f, "live, {packets_per_second:.1} packets/s"),
            SourceState::Retrying {
                attempt,
                in_ms,
                reason,
            } => write!(
                f,
                "retry {attempt} in {:.1} s: {reason}",
                f64::from(*in_ms) / 1000.0
            ),
            SourceState::Unplugged { reason } => write!(f, "unplugged: {reason}"),
            SourceState::Stopped { reason } => write!(f, "stopped: {reason}"),
        }
    }
}

/// What a live source counted since it was created (over every reconnection).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LiveCounters {
    /// Messages received: WebSocket messages, MQTT publishes, or radio frames.
    pub messages: u64,
    /// Bytes received, framing included.
    pub bytes: u64,
    /// Observations produced.
    pub packets: u64,
    /// Observer status records produced.
    pub statuses: u64,
    /// Bad records reported; each is in a drained batch's `bad_records` with its reason.
    pub bad: u64,
    /// Messages skipped on purpose: MQTT topics other than `packets`, `raw` and `status`, export
    /// headers, radio frames other than packets.
    pub ignored: u64,
    /// Serial bytes outside frames (line noise, a frame cut by a reconnect), skipped.
    pub skipped_bytes: u64,
    /// Observations dropped because the pending buffer was full (the app did not drain it).
    pub dropped: u64,
    /// Connections made (the first one included).
    pub connections: u32,
}

/// Packets per second from the packet count sampled about once a second.
///
/// The rate is the count's increase over the samples of the last `window_ms`; the first sample
/// gives 0.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RateMeter {
    samples: VecDeque<(i64, u64)>,
}

impl RateMeter {
    /// The span the rate is averaged over: 5 s.
    pub const WINDOW_MS: i64 = 5_000;

    /// An empty meter.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `count` at `now_ms` and returns the rate, per second.
    pub fn sample(&mut self, now_ms: i64, count: u64) -> f32 {
        while self
            .samples
            .front()
            .is_some_and(|&(at, _)| now_ms.saturating_sub(at) > Self::WINDOW_MS)
        {
            self.samples.pop_front();
        }
        self.samples.push_back((now_ms, count));
        let Some(&(first_at, first_count)) = self.samples.front() else {
            return 0.0;
        };
        let elapsed_ms = now_ms.saturating_sub(first_at);
        if elapsed_ms <= 0 {
            return 0.0;
        }
        count.saturating_sub(first_count) as f32 * 1000.0 / elapsed_ms as f32
    }

    /// Forgets every sample (a new connection).
    pub fn reset(&mut self) {
        self.samples.clear();
    }
}
