//! Clock skew on hand-built stores with known clocks: observer calibration with known collector offsets,
//! corrected skews, per-node median/mean/last/recent, every severity, unset clocks, a bimodal clock, drift with
//! a known slope, forged adverts left out.

mod store_support;

use meshscope::analytics::clock_skew;
use meshscope::analytics::clock_skew::{NodeSkew, Severity};
use meshscope::hex;
use meshscope::protocol::crypto::Identity;
use meshscope::store::Store;
use store_support::{Heard, T0, advert, flood, forged_advert, identity, store_of};

/// T0 in unix seconds.
const T0_S: u32 = (T0 / 1000) as u32;
const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
/// Collector clock offsets of observers 0, 1 and 2, ms: exact, 2 s ahead, 1 s behind.
const OFFSETS_MS: [i64; 3] = [0, 2_000, -1_000];

/// An advert of `node` sent at true time `T0 + at_ms` with `timestamp`, heard by `observers` (each at the true
/// time plus its collector offset; observer 3 is exact but never shares an advert).
fn advert_heard(node: &Identity, timestamp: u32, at_ms: i64, observers: &[u32]) -> Vec<Heard> {
    let packet = advert(node, timestamp, "n", None, flood(&[]));
    observers
        .iter()
        .map(|&observer| Heard {
            time_ms: T0 + at_ms + OFFSETS_MS.get(observer as usize).copied().unwrap_or(0),
            observer,
            snr_db: Some(1.0),
            rssi_dbm: Some(-100),
            packet: packet.clone(),
        })
        .collect()
}

/// `count` adverts of `node`, `every_ms` apart from T0, heard by all three observers; `skew(k, at_ms)` gives
/// the k-th timestamp.
fn series(
    node: &Identity,
    count: i64,
    every_ms: i64,
    skew: impl Fn(i64, i64) -> u32,
) -> Vec<Heard> {
    (0..count)
        .flat_map(|k| advert_heard(node, skew(k, k * every_ms), k * every_ms, &[0, 1, 2]))
        .collect()
}

fn at(seconds_after_t0: i64, skew_s: i64) -> u32 {
    (i64::from(T0_S) + seconds_after_t0 + skew_s) as u32
}

fn node<'a>(nodes: &'a [NodeSkew], identity: &Identity) -> &'a NodeSkew {
    let key = hex::encode_lower(&identity.public_key());
    nodes.iter().find(|n| n.public_key == key).unwrap()
}

fn fleet() -> (Store, Vec<Identity>) {
    let ids: Vec<Identity> = (1..=11).map(identity).collect();
    let mut hearings = Vec::new();
    // 0: 3 s ahead, 13 adverts half an hour apart.
    hearings.extend(series(&ids[0], 13, 30 * MINUTE, |_, ms| at(ms / 1000, 3)));
    // 1: 10 s ahead at T0, gaining a second an hour (24 s a day).
    hearings.extend(series(&ids[1], 9, HOUR, |k, ms| at(ms / 1000, 10 + k)));
    // 2: 10 minutes ahead; 3: 3 hours behind; 4: 60 days ahead.
    hearings.extend(series(&ids[2], 3, HOUR, |_, ms| at(ms / 1000, 600)));
    hearings.extend(series(&ids[3], 3, HOUR, |_, ms| at(ms / 1000, -10_800)));
    hearings.extend(series(&ids[4], 3, HOUR, |_, ms| at(ms / 1000, 60 * 86_400)));
    // 5: never set, counts seconds since boot; 6: set to 2021.
    hearings.extend(series(&ids[5], 4, HOUR, |_, ms| 5_000 + (ms / 1000) as u32));
    hearings.extend(series(&ids[6], 3, HOUR, |_, ms| {
        at(ms / 1000, -3 * 365 * 86_400)
    }));
    // 7: 1 s ahead, but every third timestamp is seconds since boot.
    hearings.extend(series(&ids[7], 12, 30 * MINUTE, |k, ms| {
        if k % 3 == 2 {
            900 + (ms / 1000) as u32
        } else {
            at(ms / 1000, 1)
        }
    }));
    // 8: 5 s ahead, heard only by observer 1 (2 s ahead): calibration corrects it.
    hearings.extend(advert_heard(&ids[8], at(0, 5), 0, &[1]));
    // 9: 5 s ahead, heard only by observer 3, which is never calibrated.
    hearings.extend(advert_heard(&ids[9], at(0, 5), 0, &[3]));
    // 10: forged adverts only.
    hearings.push(Heard {
        time_ms: T0,
        observer: 0,
        snr_db: None,
        rssi_dbm: None,
        packet: forged_advert(&ids[10], at(0, 0), "fake", flood(&[])),
    });
    (store_of(&hearings), ids)
}

#[test]
fn observers_are_calibrated() {
    let (store, _) = fleet();
    let snapshot = clock_skew(&store);
    let offsets: Vec<(Option<&str>, f64)> = snapshot
        .observers
        .iter()
        .map(|o| (o.name.as_deref(), o.offset_s))
        .collect();
    assert_eq!(
        offsets,
        [
            (Some("obs1"), 2.0),
            (Some("obs2"), -1.0),
            (Some("obs0"), 0.0)
        ]
    );
    // Every advert heard by all three: 13 + 9 + 4 × 3 + 4 + 12.
    assert!(snapshot.observers.iter().all(|o| o.samples == 50));
}

#[test]
fn skews_and_severities() {
    let (store, ids) = fleet();
    let snapshot = clock_skew(&store);
    let nodes = &snapshot.nodes;
    assert_eq!(nodes.len(), 10, "the forged node has no clock sample");
    let steady = node(nodes, &ids[0]);
    assert_eq!(
        (steady.severity, steady.skew_s, steady.samples),
        (Severity::Ok, Some(3.0), 13)
    );
    assert_eq!(
        (
            steady.median_skew_s,
            steady.mean_skew_s,
            steady.last_skew_s,
            steady.recent_median_skew_s
        ),
        (Some(3.0), Some(3.0), Some(3.0), Some(3.0))
    );
    assert_eq!((steady.judged_samples, steady.good_fraction), (12, 1.0));
    assert_eq!(steady.drift_s_per_day, Some(0.0));
    assert!(steady.calibrated);
    assert_eq!(steady.last_advert_timestamp, at(6 * 3600, 3));
    let drifting = node(nodes, &ids[1]);
    assert_eq!(
        (drifting.median_skew_s, drifting.last_skew_s),
        (Some(14.0), Some(18.0))
    );
    // The last two samples within an hour: (17 + 18) / 2.
    assert_eq!(drifting.recent_median_skew_s, Some(17.5));
    let drift = drifting.drift_s_per_day.unwrap();
    assert!((drift - 24.0).abs() < 1e-6, "{drift}");
    let severities: Vec<(Severity, Option<f64>)> = ids[2..=6]
        .iter()
        .map(|id| node(nodes, id))
        .map(|n| (n.severity, n.skew_s))
        .collect();
    assert_eq!(
        severities,
        [
            (Severity::Warning, Some(600.0)),
            (Severity::Critical, Some(-10_800.0)),
            (Severity::Absurd, Some(5_184_000.0)),
            (Severity::NoClock, None),
            (Severity::NoClock, Some(-94_608_000.0)),
        ]
    );
    let unset = node(nodes, &ids[5]);
    assert_eq!(
        (unset.samples, unset.unset_samples, unset.median_skew_s),
        (4, 4, None)
    );
    assert_eq!(unset.drift_s_per_day, None);
    let bimodal = node(nodes, &ids[7]);
    assert_eq!(
        (bimodal.severity, bimodal.skew_s, bimodal.unset_samples),
        (Severity::BimodalClock, Some(1.0), 4)
    );
    assert!((bimodal.good_fraction - 8.0 / 12.0).abs() < 1e-12);
    assert_eq!(bimodal.drift_s_per_day, None);
    let corrected = node(nodes, &ids[8]);
    assert_eq!((corrected.skew_s, corrected.calibrated), (Some(5.0), true));
    let uncorrected = node(nodes, &ids[9]);
    assert_eq!(
        (uncorrected.skew_s, uncorrected.calibrated),
        (Some(5.0), false)
    );
    let counts = snapshot.counts;
    assert_eq!(
        (
            counts.ok,
            counts.warning,
            counts.critical,
            counts.absurd,
            counts.no_clock,
            counts.bimodal_clock
        ),
        (4, 1, 1, 1, 2, 1)
    );
    let json = serde_json::to_value(bimodal).unwrap();
    assert_eq!(json["severity"], "bimodal_clock");
}

#[test]
fn a_reset_clock_is_judged_after_the_reset() {
    // Unset for four adverts, then set 2 s ahead for three: a clock that got set, not a bimodal one.
    let id = identity(40);
    let hearings = series(&id, 7, 30 * MINUTE, |k, ms| {
        if k < 4 {
            100 + (ms / 1000) as u32
        } else {
            at(ms / 1000, 2)
        }
    });
    let snapshot = clock_skew(&store_of(&hearings));
    let node = &snapshot.nodes[0];
    assert_eq!(
        (node.severity, node.skew_s, node.judged_samples),
        (Severity::Ok, Some(2.0), 3)
    );
}

#[test]
fn an_empty_store_has_no_clocks() {
    let snapshot = clock_skew(&Store::new());
    assert!(snapshot.nodes.is_empty() && snapshot.observers.is_empty());
    assert_eq!(snapshot.counts.ok, 0);
}
