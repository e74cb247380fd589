//! Routing anomalies on hand-built stores (loops with 2-byte hashes, likely collisions with 1-byte hashes,
//! DIRECT paths ignored, long and full paths, storms, silent repeaters) and on generated traffic against the
//! generator's count of repeated-hop observations and a brute-force scan.

mod engine_support;
mod store_support;

use meshscope::analytics::anomalies::{LongReason, RepeatKind};
use meshscope::analytics::{AnomalyOptions, anomalies};
use meshscope::hex;
use meshscope::protocol::{PayloadType, Route};
use meshscope::store::{ObsId, Store, TxId};
use store_support::{Via, ack, advert, flood, flood_sized, heard, identity, store_of};

#[test]
fn empty_store_has_no_anomalies() {
    let snapshot = anomalies(&Store::new(), &AnomalyOptions::default());
    assert!(snapshot.repeated_hops.is_empty() && snapshot.long_paths.is_empty());
    assert!(snapshot.storms.is_empty() && snapshot.silent_repeaters.is_empty());
    assert_eq!(
        (snapshot.repeated_hop_observations, snapshot.storm_count),
        (0, 0)
    );
}

#[test]
fn loops_collisions_and_direct_paths() {
    let looped = ack(1, flood_sized(2, &[0xAA, 0xBB, 0xCC, 0xDD, 0xAA, 0xBB]));
    let collided = ack(2, flood(&[0x11, 0x22, 0x11]));
    let direct = ack(
        3,
        Via {
            route: Route::Direct,
            hash_size: 1,
            path: &[0x33, 0x44, 0x33],
        },
    );
    let store = store_of(&[
        heard(0, 0, &looped),
        heard(10, 1, &looped),
        heard(20, 0, &collided),
        heard(30, 0, &direct),
    ]);
    let snapshot = anomalies(&store, &AnomalyOptions::default());
    assert_eq!(
        snapshot.repeated_hop_observations, 3,
        "the DIRECT path is hops to go, not a loop"
    );
    let [first, second] = snapshot.repeated_hops.as_slice() else {
        panic!("two repeated hops: {:?}", snapshot.repeated_hops);
    };
    assert_eq!((first.hop.as_str(), first.kind), ("aabb", RepeatKind::Loop));
    assert_eq!((first.observations, first.transmissions), (2, 1));
    assert_eq!(first.example_path, ["aabb", "ccdd", "aabb"]);
    let hash = store.transmissions().hash(tx_of(&store, &looped)).unwrap();
    assert_eq!(first.evidence, [hash.to_string()]);
    assert_eq!(
        (second.hop.as_str(), second.kind, second.observations),
        ("11", RepeatKind::LikelyPrefixCollision, 1)
    );
}

/// The transmission whose first copy is `packet`.
fn tx_of(store: &Store, packet: &[u8]) -> TxId {
    (0..store.transmission_count() as u32)
        .map(TxId)
        .find(|&tx| store.raw(tx) == Some(packet))
        .unwrap()
}

#[test]
fn long_and_full_paths() {
    let full_hops: Vec<u8> = (0..64u8).collect();
    let full = ack(1, flood_sized(2, &full_hops));
    let four = ack(2, flood(&[1, 2, 3, 4]));
    let three = ack(3, flood(&[5, 6, 7]));
    let store = store_of(&[
        heard(0, 0, &full),
        heard(1, 0, &four),
        heard(2, 1, &four),
        heard(3, 0, &three),
    ]);
    let options = AnomalyOptions {
        flood_max_hops: 3,
        ..AnomalyOptions::default()
    };
    let snapshot = anomalies(&store, &options);
    assert_eq!(snapshot.long_path_observations, 3);
    let listed: Vec<(usize, usize, LongReason, u64)> = snapshot
        .long_paths
        .iter()
        .map(|p| (p.hops, p.hash_size, p.reason, p.observations))
        .collect();
    assert_eq!(
        listed,
        [
            (32, 2, LongReason::OverLimit, 1),
            (4, 1, LongReason::OverLimit, 2)
        ]
    );
    let default = anomalies(&store, &AnomalyOptions::default());
    let reasons: Vec<(usize, LongReason)> = default
        .long_paths
        .iter()
        .map(|p| (p.hops, p.reason))
        .collect();
    assert_eq!(
        reasons,
        [(32, LongReason::Full)],
        "64 path bytes leave no room"
    );
}

#[test]
fn storms_need_distinct_paths() {
    let paths: [&[u8]; 4] = [&[], &[0x10], &[0x10, 0x20], &[0x30]];
    let mut hearings = Vec::new();
    for (at, path) in paths.iter().enumerate() {
        hearings.push(heard(at as i64, (at % 2) as u32, &ack(1, flood(path))));
        // The second ACK is heard as often, always over the same path.
        hearings.push(heard(at as i64, at as u32, &ack(2, flood(&[0x40]))));
    }
    let store = store_of(&hearings);
    let options = AnomalyOptions {
        storm_paths: 4,
        ..AnomalyOptions::default()
    };
    let snapshot = anomalies(&store, &options);
    assert_eq!(snapshot.storm_count, 1);
    let storm = &snapshot.storms[0];
    assert_eq!(
        (storm.paths, storm.observations, storm.observers),
        (4, 4, 2)
    );
    assert_eq!(storm.payload_type, PayloadType::Ack.name());
    let tighter = anomalies(
        &store,
        &AnomalyOptions {
            storm_paths: 5,
            ..options
        },
    );
    assert_eq!(tighter.storm_count, 0);
}

#[test]
fn silent_repeaters_never_appear_in_a_path() {
    let (a, b) = (identity(1), identity(2));
    let pa = a.public_key()[0];
    assert_ne!(pa, b.public_key()[0]);
    let store = store_of(&[
        heard(0, 0, &advert(&a, 1, "A", None, flood(&[]))),
        heard(10, 0, &advert(&b, 2, "B", None, flood(&[]))),
        heard(20, 0, &advert(&b, 3, "B", None, flood(&[]))),
        heard(30, 1, &ack(9, flood(&[pa]))),
    ]);
    let snapshot = anomalies(&store, &AnomalyOptions::default());
    assert_eq!(snapshot.silent_repeater_count, 1);
    let silent = &snapshot.silent_repeaters[0];
    assert_eq!(silent.public_key, hex::encode_lower(&b.public_key()));
    assert_eq!(
        (
            silent.name.as_deref(),
            silent.adverts,
            silent.evidence.len()
        ),
        (Some("B"), 2, 2)
    );
}

#[test]
fn generated_traffic_matches_the_truth_and_brute_force() {
    let (truth, store) = engine_support::generated();
    let snapshot = anomalies(
        &store,
        &AnomalyOptions {
            top: 10_000,
            ..AnomalyOptions::default()
        },
    );
    // Brute force: every flood observation whose hops repeat.
    let mut repeated = 0;
    for index in 0..store.observation_count() as u32 {
        let row = store.observation(ObsId(index)).unwrap();
        let kind = store.transmissions().payload_type(row.tx).unwrap();
        if !store.transmissions().route_type(row.tx).unwrap().is_flood()
            || kind == PayloadType::Trace
        {
            continue;
        }
        let path = store.paths().get(row.path).unwrap();
        let hops: Vec<&[u8]> = path.hops(kind).collect();
        if (1..hops.len()).any(|i| hops[..i].contains(&hops[i])) {
            repeated += 1;
        }
    }
    assert_eq!(snapshot.repeated_hop_observations, repeated);
    // The generator counts every route and redelivered duplicates; the store keeps one of each hearing.
    assert!(truth.repeated_hop_observations >= repeated);
    assert!(repeated > 0, "the mesh has 1-byte collisions");
    let listed: u64 = snapshot.repeated_hops.iter().map(|r| r.observations).sum();
    assert!(
        listed >= repeated,
        "each repeating observation is in at least one group"
    );
    for entry in &snapshot.repeated_hops {
        assert!(entry.evidence.len() <= 5 && !entry.evidence.is_empty());
    }
    for silent in &snapshot.silent_repeaters {
        let key = hex::decode(&silent.public_key).unwrap();
        for size in 1..=3 {
            assert!(store.txs_with_hop(&key[..size]).is_empty());
        }
    }
}
