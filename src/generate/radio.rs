//! The radio model: a log-distance path loss with a fixed shadowing term per link and fading per reception.
//!
//! Mean SNR of a link, in dB: `REFERENCE_SNR + gain_a + gain_b - 10·EXPONENT·log10(d_km) + shadowing`, with
//! `shadowing` drawn once per link (symmetric). Each reception adds fading (a bell of standard deviation
//! [`FADING_DB`]) and succeeds at [`THRESHOLD_SNR`] or above. Two hilltop repeaters (+8 dB each) reach about
//! 22 km; a handheld reaches a repeater at about 13 km and another handheld at about 8 km.
//!
//! Reported values follow the radio: SNR saturates above 10 dB (LoRa reports at most about 16), and is sent
//! as `(int8)(snr × 4)`, truncated toward zero; RSSI is the noise floor plus the SNR before saturation, in
//! whole dBm within the `int8` range.

use super::fmath;
use super::node::Node;
use super::rng::Rng;

/// Path-loss exponent.
const EXPONENT: f64 = 3.5;
/// Mean SNR at 1 km between two nodes without gain.
const REFERENCE_SNR: f64 = 19.0;
/// Standard deviation of the per-link shadowing, dB.
const SHADOWING_DB: f64 = 5.0;
/// Standard deviation of the per-reception fading, dB.
pub const FADING_DB: f64 = 2.0;
/// Lowest SNR a packet is received at (LoRa at a high spreading factor).
pub const THRESHOLD_SNR: f64 = -12.0;
/// The receiver noise floor, dBm.
const NOISE_FLOOR_DBM: f64 = -116.0;
/// Links weaker than this can never be heard (fading is bounded), so they are not kept.
const KEEP_BELOW_THRESHOLD: f64 = 7.0;

/// A radio link from one node to another.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    /// The node at the other end (an index into the mesh's nodes).
    pub to: u32,
    /// Mean SNR in dB, before fading.
    pub mean_snr: f64,
}

/// One reception: the values a receiver reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signal {
    /// SNR in quarter dB, as the firmware logs it.
    pub snr_quarter_db: i8,
    /// RSSI in dBm.
    pub rssi_dbm: i8,
}

impl Signal {
    /// SNR in dB (a multiple of 0.25).
    pub fn snr_db(self) -> f64 {
        f64::from(self.snr_quarter_db) / 4.0
    }
}

/// Every node's links, strongest first; a link exists when a reception is possible at all.
pub fn links(nodes: &[Node], rng: &mut Rng) -> Vec<Vec<Link>> {
    let mut links = vec![Vec::new(); nodes.len()];
    for (a, node_a) in nodes.iter().enumerate() {
        for (b, node_b) in nodes.iter().enumerate().skip(a + 1) {
            let shadowing = SHADOWING_DB * rng.bell();
            let distance = distance_km(node_a, node_b);
            let mean_snr = mean_snr(distance, node_a.gain_db + node_b.gain_db) + shadowing;
            if mean_snr >= THRESHOLD_SNR - KEEP_BELOW_THRESHOLD {
                links[a].push(Link {
                    to: b as u32,
                    mean_snr,
                });
                links[b].push(Link {
                    to: a as u32,
                    mean_snr,
                });
            }
        }
    }
    for list in &mut links {
        list.sort_by(|x, y| y.mean_snr.total_cmp(&x.mean_snr).then(x.to.cmp(&y.to)));
    }
    links
}

/// Straight-line distance in km (the mesh spans tens of km, where the flat approximation is exact enough).
pub fn distance_km(a: &Node, b: &Node) -> f64 {
    let dx = a.position_km.0 - b.position_km.0;
    let dy = a.position_km.1 - b.position_km.1;
    (dx * dx + dy * dy).sqrt()
}

/// Mean SNR over `d_km` with `gain_db` of antenna and site gain at both ends together, before shadowing.
pub fn mean_snr(d_km: f64, gain_db: f64) -> f64 {
    REFERENCE_SNR + gain_db - 10.0 * EXPONENT * fmath::log10(d_km.max(0.05))
}

/// One reception over a link of `mean_snr`: `None` when fading takes it below the threshold.
pub fn receive(mean_snr: f64, rng: &mut Rng) -> Option<Signal> {
    let snr = mean_snr + FADING_DB * rng.bell();
    if snr < THRESHOLD_SNR {
        return None;
    }
    let reported = if snr > 10.0 {
        (10.0 + (snr - 10.0) / 4.0).min(16.0)
    } else {
        snr
    };
    let rssi = (NOISE_FLOOR_DBM + snr).round().clamp(-127.0, -20.0);
    Some(Signal {
        snr_quarter_db: (reported * 4.0) as i8,
        rssi_dbm: rssi as i8,
    })
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn ranges() {
        // Two repeaters (+16 dB together) at 22 km sit at the threshold; a handheld pair at 7.7 km too.
        assert!((mean_snr(22.0, 16.0) - THRESHOLD_SNR).abs() < 0.1);
        assert!((mean_snr(7.7, 0.0) - THRESHOLD_SNR).abs() < 0.1);
        assert_eq!(mean_snr(0.0, 0.0), mean_snr(0.05, 0.0));
    }

    #[test]
    fn reported_values() {
        let mut rng = Rng::new(5);
        let mut heard = 0;
        for _ in 0..1000 {
            if let Some(signal) = receive(40.0, &mut rng) {
                heard += 1;
                assert!(signal.snr_db() <= 16.0 && signal.snr_db() > 10.0);
                assert!(signal.rssi_dbm <= -20);
            }
            if let Some(signal) = receive(THRESHOLD_SNR - 1.0, &mut rng) {
                assert!(signal.snr_db() >= THRESHOLD_SNR - 0.25);
                assert!(signal.rssi_dbm >= -127 && signal.rssi_dbm <= -120);
            }
        }
        assert_eq!(heard, 1000);
        assert!(receive(THRESHOLD_SNR - FADING_DB * 3.5, &mut rng).is_none());
    }
}
