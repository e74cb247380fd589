//! Observer comparison: which transmissions observer A heard, which B heard, and for those both heard, how
//! their hearings differ (SNR B−A, path, who heard it first), per payload type, with examples.
//!
//! Each observer's hearing of a transmission is its earliest one (an observer can hear several copies of a
//! flood; the earliest is the one closest to the origin in time). Built on demand from the store's
//! by-observer index: one pass over each observer's observations and one over the transmissions.

use serde::Serialize;

use crate::protocol::PayloadType;
use crate::store::{ObsId, ObserverId, Store, TxId};

/// Examples kept per category (newest first).
pub const EXAMPLES: usize = 20;
/// SNR differences beyond this many dB go into the end bins of the histogram.
pub const SNR_RANGE_DB: i32 = 20;

/// One observer as compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    /// Its id in the store.
    pub id: u32,
    /// Its name, when known.
    pub name: Option<String>,
    /// Its observations.
    pub observations: usize,
    /// Distinct transmissions it heard.
    pub transmissions: usize,
    /// Its first and last observation, unix ms.
    pub first_ms: Option<i64>,
    /// Its last observation, unix ms.
    pub last_ms: Option<i64>,
}

/// One observer's (earliest) hearing of an example transmission.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hearing {
    /// When, unix ms.
    pub time_ms: i64,
    /// SNR, dB, when known.
    pub snr_db: Option<f32>,
    /// Hops in the path it heard.
    pub hops: usize,
}

/// An example transmission.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    /// Its packet hash, 16 hex digits.
    pub hash: String,
    /// Its payload type, as the firmware names it.
    pub payload_type: &'static str,
    /// A's hearing, if A heard it.
    pub a: Option<Hearing>,
    /// B's hearing, if B heard it.
    pub b: Option<Hearing>,
}

/// Counts of one payload type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TypeCounts {
    /// The payload type, as the firmware names it.
    pub payload_type: &'static str,
    /// Heard by A only.
    pub only_a: usize,
    /// Heard by B only.
    pub only_b: usize,
    /// Heard by both.
    pub both: usize,
}

/// One 1-dB bin of SNR differences: `db <= B−A < db + 1` (the end bins also hold everything beyond).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SnrBin {
    /// Lower edge, dB.
    pub db: i32,
    /// Transmissions.
    pub count: usize,
}

/// SNR differences B−A over the transmissions both heard with a known SNR.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SnrDifference {
    /// Transmissions compared.
    pub compared: usize,
    /// Mean, dB.
    pub mean_db: Option<f32>,
    /// Median, dB (the lower middle value for an even count).
    pub median_db: Option<f32>,
    /// B heard it better (difference above 0).
    pub b_better: usize,
    /// A heard it better.
    pub a_better: usize,
    /// 1-dB bins from −[`SNR_RANGE_DB`] to +[`SNR_RANGE_DB`]; empty when nothing was compared.
    pub bins: Vec<SnrBin>,
}

/// Paths and timing of the transmissions both heard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BothHeard {
    /// Heard over the same path (same hop bytes).
    pub same_path: usize,
    /// Heard over different paths.
    pub different_path: usize,
    /// B's path had fewer hops.
    pub b_fewer_hops: usize,
    /// A's path had fewer hops.
    pub a_fewer_hops: usize,
    /// A heard it first.
    pub a_first: usize,
    /// B heard it first.
    pub b_first: usize,
    /// Heard at the same millisecond.
    pub same_time: usize,
    /// Median of B's time − A's time, ms (observer clocks may be offset).
    pub median_delta_ms: Option<i64>,
}

/// The comparison of two observers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObserverCompare {
    /// Observer A.
    pub a: Side,
    /// Observer B.
    pub b: Side,
    /// Transmissions only A heard.
    pub only_a: usize,
    /// Transmissions only B heard.
    pub only_b: usize,
    /// Transmissions both heard.
    pub both: usize,
    /// Of `only_a`, those first heard while B was active (between its first and last observation): B was
    /// listening and missed them.
    pub only_a_while_b_active: usize,
    /// Of `only_b`, those first heard while A was active.
    pub only_b_while_a_active: usize,
    /// SNR differences.
    pub snr: SnrDifference,
    /// Paths and timing.
    pub both_heard: BothHeard,
    /// Per payload type, in type order; types neither heard are left out.
    pub payload_types: Vec<TypeCounts>,
    /// The newest [`EXAMPLES`] transmissions only A heard.
    pub only_a_examples: Vec<Example>,
    /// The newest only B heard.
    pub only_b_examples: Vec<Example>,
    /// The newest both heard.
    pub both_examples: Vec<Example>,
}

/// The observer a text names: an exact name, else a public key's hex prefix (at least 2 digits), else a store
/// id in decimal.
pub fn find_observer(store: &Store, text: &str) -> Option<ObserverId> {
    let observers = store.observers();
    let text = text.trim();
    if let Some((id, _)) = observers
        .iter()
        .find(|(_, o)| o.name.as_deref() == Some(text))
    {
        return Some(id);
    }
    let lower = text.to_ascii_lowercase();
    if lower.len() >= 2 && lower.bytes().all(|b| b.is_ascii_hexdigit()) {
        let by_key = observers.iter().find(|(_, o)| {
            o.public_key
                .is_some_and(|key| crate::hex::encode_lower(&key).starts_with(&lower))
        });
        if let Some((id, _)) = by_key {
            return Some(id);
        }
    }
    let index: u32 = text.parse().ok()?;
    observers.get(ObserverId(index)).map(|_| ObserverId(index))
}

/// Each transmission's earliest observation by `observer` (`None` where it heard none), and the side.
fn earliest(store: &Store, observer: ObserverId) -> (Vec<Option<ObsId>>, Side) {
    let obs = store.observations();
    let mut first: Vec<Option<ObsId>> = vec![None; store.transmission_count()];
    let mut side = Side {
        id: observer.0,
        name: store.observers().get(observer).and_then(|o| o.name.clone()),
        observations: 0,
        transmissions: 0,
        first_ms: None,
        last_ms: None,
    };
    for id in store.obs_by_observer(observer) {
        let (Some(tx), Some(time)) = (obs.tx(id), obs.time(id)) else {
            continue;
        };
        side.observations += 1;
        side.first_ms = Some(side.first_ms.map_or(time, |t| t.min(time)));
        side.last_ms = Some(side.last_ms.map_or(time, |t| t.max(time)));
        let Some(slot) = first.get_mut(tx.index()) else {
            continue;
        };
        match *slot {
            None => {
                side.transmissions += 1;
                *slot = Some(id);
            }
            Some(held) if obs.time(held).is_some_and(|t| time < t) => *slot = Some(id),
            Some(_) => {}
        }
    }
    (first, side)
}

/// Whether `time` falls in a side's active span.
fn active(side: &Side, time: i64) -> bool {
    matches!((side.first_ms, side.last_ms), (Some(first), Some(last)) if first <= time && time <= last)
}

/// Compares observers `a` and `b`. An unknown id compares as an observer that heard nothing.
pub fn observer_compare(store: &Store, a: ObserverId, b: ObserverId) -> ObserverCompare {
    let (first_a, side_a) = earliest(store, a);
    let (first_b, side_b) = earliest(store, b);
    let obs = store.observations();
    let txs = store.transmissions();
    let mut types = [(0usize, 0usize, 0usize); 16];
    let mut snr_quarters: Vec<i32> = Vec::new();
    let mut deltas: Vec<i64> = Vec::new();
    let mut both_heard = BothHeard {
        same_path: 0,
        different_path: 0,
        b_fewer_hops: 0,
        a_fewer_hops: 0,
        a_first: 0,
        b_first: 0,
        same_time: 0,
        median_delta_ms: None,
    };
    let (mut only_a, mut only_b, mut both) = (0, 0, 0);
    let (mut only_a_active, mut only_b_active) = (0, 0);
    for (index, pair) in first_a.iter().zip(&first_b).enumerate() {
        let tx = TxId(index as u32);
        let kind = txs
            .payload_type(tx)
            .map_or(0, |t| usize::from(t.bits() & 0x0F));
        let first_seen = txs.first_seen(tx).unwrap_or(0);
        let Some(counts) = types.get_mut(kind) else {
            continue;
        };
        match pair {
            (Some(_), None) => {
                only_a += 1;
                counts.0 += 1;
                only_a_active += usize::from(active(&side_b, first_seen));
            }
            (None, Some(_)) => {
                only_b += 1;
                counts.1 += 1;
                only_b_active += usize::from(active(&side_a, first_seen));
            }
            (Some(heard_a), Some(heard_b)) => {
                both += 1;
                counts.2 += 1;
                let (Some(row_a), Some(row_b)) = (obs.row(*heard_a), obs.row(*heard_b)) else {
                    continue;
                };
                if let (Some(snr_a), Some(snr_b)) = (obs.snr_db(*heard_a), obs.snr_db(*heard_b)) {
                    snr_quarters.push(((snr_b - snr_a) * 4.0).round() as i32);
                }
                let delta = row_b.time_ms - row_a.time_ms;
                deltas.push(delta);
                match delta.signum() {
                    1 => both_heard.a_first += 1,
                    -1 => both_heard.b_first += 1,
                    _ => both_heard.same_time += 1,
                }
                if row_a.path == row_b.path {
                    both_heard.same_path += 1;
                } else {
                    both_heard.different_path += 1;
                }
                let hops = |id| store.observation_path(id).map_or(0, |p| p.hop_count());
                match hops(*heard_b).cmp(&hops(*heard_a)) {
                    std::cmp::Ordering::Less => both_heard.b_fewer_hops += 1,
                    std::cmp::Ordering::Greater => both_heard.a_fewer_hops += 1,
                    std::cmp::Ordering::Equal => {}
                }
            }
            (None, None) => {}
        }
    }
    both_heard.median_delta_ms = lower_median(&mut deltas);
    let examples = examples(store, &first_a, &first_b);
    ObserverCompare {
        a: side_a,
        b: side_b,
        only_a,
        only_b,
        both,
        only_a_while_b_active: only_a_active,
        only_b_while_a_active: only_b_active,
        snr: snr_difference(&mut snr_quarters),
        both_heard,
        payload_types: types
            .iter()
            .enumerate()
            .filter(|(_, (a, b, both))| a + b + both > 0)
            .map(|(bits, &(only_a, only_b, both))| TypeCounts {
                payload_type: PayloadType::from_bits(bits as u8).name(),
                only_a,
                only_b,
                both,
            })
            .collect(),
        only_a_examples: examples.0,
        only_b_examples: examples.1,
        both_examples: examples.2,
    }
}

/// The lower median of `values` (reordered).
fn lower_median<T: Ord + Copy>(values: &mut [T]) -> Option<T> {
    if values.is_empty() {
        return None;
    }
    let middle = (values.len() - 1) / 2;
    let (_, median, _) = values.select_nth_unstable(middle);
    Some(*median)
}

/// The SNR summary of differences in quarter dB.
fn snr_difference(quarters: &mut [i32]) -> SnrDifference {
    let compared = quarters.len();
    let mean_db = (compared > 0)
        .then(|| quarters.iter().map(|&q| f64::from(q)).sum::<f64>() / compared as f64 / 4.0)
        .map(|mean| mean as f32);
    let bins = if compared == 0 {
        Vec::new()
    } else {
        let mut bins: Vec<SnrBin> = (-SNR_RANGE_DB..SNR_RANGE_DB)
            .map(|db| SnrBin { db, count: 0 })
            .collect();
        for &quarter in quarters.iter() {
            let db = quarter.div_euclid(4).clamp(-SNR_RANGE_DB, SNR_RANGE_DB - 1);
            if let Some(bin) = bins.get_mut((db + SNR_RANGE_DB) as usize) {
                bin.count += 1;
            }
        }
        bins
    };
    SnrDifference {
        compared,
        mean_db,
        median_db: lower_median(quarters).map(|q| q as f32 / 4.0),
        b_better: quarters.iter().filter(|&&q| q > 0).count(),
        a_better: quarters.iter().filter(|&&q| q < 0).count(),
        bins,
    }
}

/// The newest [`EXAMPLES`] transmissions of each category: only A, only B, both.
fn examples(
    store: &Store,
    first_a: &[Option<ObsId>],
    first_b: &[Option<ObsId>],
) -> (Vec<Example>, Vec<Example>, Vec<Example>) {
    let mut out = (Vec::new(), Vec::new(), Vec::new());
    let hearing = |id: Option<ObsId>| {
        let row = store.observation(id?)?;
        Some(Hearing {
            time_ms: row.time_ms,
            snr_db: store.observations().snr_db(id?),
            hops: store.observation_path(id?).map_or(0, |p| p.hop_count()),
        })
    };
    for &tx in store.by_time().iter().rev() {
        if out.0.len() >= EXAMPLES && out.1.len() >= EXAMPLES && out.2.len() >= EXAMPLES {
            break;
        }
        let a = first_a.get(tx.index()).copied().flatten();
        let b = first_b.get(tx.index()).copied().flatten();
        let list = match (a, b) {
            (Some(_), None) => &mut out.0,
            (None, Some(_)) => &mut out.1,
            (Some(_), Some(_)) => &mut out.2,
            (None, None) => continue,
        };
        if list.len() >= EXAMPLES {
            continue;
        }
        let Some(row) = store.transmission(tx) else {
            continue;
        };
        list.push(Example {
            hash: row.hash.to_string(),
            payload_type: row.payload_type.name(),
            a: hearing(a),
            b: hearing(b),
        });
    }
    out
}
