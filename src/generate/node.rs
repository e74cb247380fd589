//! One generated node: identity, role, name, position, path hash mode and clock.

use serde::Serialize;

use crate::protocol::crypto::Identity;
use crate::protocol::{Location, Role};

/// A node of the generated mesh.
#[derive(Debug, Clone)]
pub struct Node {
    /// Its key pair: the public key is its id, the private key signs its adverts and opens its messages.
    pub identity: Identity,
    /// The name its adverts carry (already cut to fit the advert).
    pub name: String,
    /// Repeater, companion (`Chat`), room server or sensor.
    pub role: Role,
    /// Where it really is, in km east and north of the mesh centre (radio links are computed from this).
    pub position_km: (f64, f64),
    /// What its adverts say: `None` (no location flag), `Some(0,0)` for a node without a fix, or its position.
    pub advertised: Option<Location>,
    /// The path hash size it picks for the packets it originates (protocol A.3).
    pub hash_mode: HashMode,
    /// How its clock relates to true time (advert and message timestamps).
    pub clock: Clock,
    /// Antenna and site gain over a handheld, in dB (repeaters sit high).
    pub gain_db: f64,
    /// How often it starts conversations, relative to the others.
    pub activity: f64,
}

impl Node {
    /// The Ed25519 public key.
    pub fn public_key(&self) -> [u8; 32] {
        self.identity.public_key()
    }

    /// Its 1-byte hash: the first byte of its key.
    pub fn hash_byte(&self) -> u8 {
        self.identity.public_key()[0]
    }

    /// Whether it forwards floods and direct packets.
    pub fn is_repeater(&self) -> bool {
        self.role == Role::Repeater
    }
}

/// The path hash size a node uses: fixed, or alternating between two sizes from one flood advert to the
/// next (the "flip-flop" that hash-size analytics flag). Serialises as `{"fixed": 1}` or `{"flip_flop": [1, 2]}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HashMode {
    /// Always this size (1, 2 or 3 bytes).
    Fixed(u8),
    /// The first size for even-numbered flood adverts (0, 2, 4...), the second for odd ones.
    FlipFlop(u8, u8),
}

impl HashMode {
    /// The size used for the node's `advert_index`-th flood advert (0-based) and the packets it sends after it.
    pub fn size(self, advert_index: u64) -> usize {
        let size = match self {
            HashMode::Fixed(size) => size,
            HashMode::FlipFlop(even, odd) => {
                if advert_index.is_multiple_of(2) {
                    even
                } else {
                    odd
                }
            }
        };
        usize::from(size)
    }
}

/// How a node's clock relates to true time; timestamps it writes (adverts, messages) follow it. Serialises as
/// `{"skewed": {"offset_s": 420}}` and the like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Clock {
    /// Set from a phone or GPS: off by a few seconds.
    Accurate {
        /// Seconds ahead of true time (negative: behind).
        offset_s: i64,
    },
    /// Set wrong, by minutes to months.
    Skewed {
        /// Seconds ahead of true time.
        offset_s: i64,
    },
    /// Set right once, then drifting.
    Drifting {
        /// Seconds ahead at the start of the traffic.
        offset_s: i64,
        /// Seconds gained per day.
        drift_s_per_day: i64,
    },
    /// Never set: it counts seconds since boot from 1970.
    NoClock {
        /// Seconds since boot when the traffic starts.
        uptime_s: i64,
    },
    /// Right most of the time, but every third timestamp (samples 2, 5, 8...) is written after a reboot
    /// lost the time: seconds since boot.
    Bimodal {
        /// Seconds ahead of true time when set.
        offset_s: i64,
        /// Seconds since boot when the traffic starts.
        uptime_s: i64,
    },
}

impl Clock {
    /// The unix time this clock shows at true time `true_ms`, for a traffic starting at `start_ms`, for the
    /// node's `sample`-th timestamp (only [`Clock::Bimodal`] looks at it). Clamped to the `u32` range.
    pub fn timestamp(self, true_ms: i64, start_ms: i64, sample: u64) -> u32 {
        let true_s = true_ms.div_euclid(1000);
        let elapsed_s = (true_ms - start_ms).div_euclid(1000);
        let shown = match self {
            Clock::Accurate { offset_s } | Clock::Skewed { offset_s } => true_s + offset_s,
            Clock::Drifting {
                offset_s,
                drift_s_per_day,
            } => true_s + offset_s + elapsed_s * drift_s_per_day / 86_400,
            Clock::NoClock { uptime_s } => uptime_s + elapsed_s,
            Clock::Bimodal { offset_s, uptime_s } => {
                if sample % 3 == 2 {
                    uptime_s + elapsed_s
                } else {
                    true_s + offset_s
                }
            }
        };
        shown.clamp(0, i64::from(u32::MAX)) as u32
    }
}

#[cfg(test)]
mod test {
    use super::*;

    const START: i64 = 1_767_225_600_000;

    #[test]
    fn flip_flop_alternates() {
        let mode = HashMode::FlipFlop(1, 2);
        let sizes: Vec<usize> = (0..4).map(|i| mode.size(i)).collect();
        assert_eq!(sizes, [1, 2, 1, 2]);
        assert_eq!(HashMode::Fixed(3).size(7), 3);
    }

    #[test]
    fn clocks() {
        let later = START + 86_400_000 + 500;
        let true_s = (later / 1000) as u32;
        assert_eq!(
            Clock::Accurate { offset_s: -3 }.timestamp(later, START, 0),
            true_s - 3
        );
        assert_eq!(
            Clock::Skewed { offset_s: 420 }.timestamp(later, START, 0),
            true_s + 420
        );
        let drifting = Clock::Drifting {
            offset_s: 5,
            drift_s_per_day: 300,
        };
        assert_eq!(drifting.timestamp(later, START, 0), true_s + 305);
        assert_eq!(
            Clock::NoClock { uptime_s: 100 }.timestamp(later, START, 0),
            86_500
        );
        let bimodal = Clock::Bimodal {
            offset_s: 1,
            uptime_s: 10,
        };
        assert_eq!(bimodal.timestamp(later, START, 1), true_s + 1);
        assert_eq!(bimodal.timestamp(later, START, 2), 86_410);
        assert_eq!(
            Clock::Skewed {
                offset_s: -i64::from(u32::MAX) * 2
            }
            .timestamp(later, START, 0),
            0
        );
    }
}
