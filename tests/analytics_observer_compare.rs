//! Observer comparison: what A heard, what B heard, and how their hearings of the same transmissions differ,
//! on hand-built hearings with known answers and on generated traffic against a naive count.

mod store_support;

use std::collections::{HashMap, HashSet};

use meshscope::analytics::observer_compare;
use meshscope::analytics::observer_compare::{SnrBin, find_observer};
use meshscope::generate::{Mesh, MeshOptions, OutputOptions, TrafficOptions, write_dump};
use meshscope::ingest::{Batch, Format, Parser};
use meshscope::store::{ObserverId, ObserverKind, Store};
use store_support::*;

fn hearing(offset_ms: i64, observer: u32, snr_db: Option<f32>, packet: &[u8]) -> Heard {
    Heard {
        snr_db,
        ..heard(offset_ms, observer, packet)
    }
}

#[test]
fn hand_built_hearings() {
    let both_same = ack(1, flood(&[0x10]));
    let both_other = ack(2, flood(&[0x10, 0x20]));
    let only_a = datagram(3, 4, 1, flood(&[]));
    let only_b = ack(5, flood(&[]));
    let public = meshscope::protocol::crypto::ChannelKey::public();
    let both_text = group_text(&public, 7, "Ann", "hi", flood(&[0x30]));
    let store = store_of(&[
        hearing(0, 0, Some(5.0), &both_same),
        hearing(40, 1, Some(8.5), &both_same),
        hearing(1000, 1, Some(-2.0), &both_other[..]),
        hearing(1100, 0, Some(1.0), &both_other[..]),
        // B hears the same transmission again later over another path: its earliest hearing counts.
        hearing(1500, 1, Some(20.0), &ack(2, flood(&[0x10]))),
        hearing(2000, 0, Some(3.0), &only_a),
        hearing(3000, 1, Some(3.0), &only_b),
        hearing(4000, 0, None, &both_text),
        hearing(4000, 1, Some(4.0), &both_text),
        // Observer 2 is someone else.
        hearing(5000, 2, Some(0.0), &ack(9, flood(&[]))),
    ]);
    let a = find_observer(&store, "obs0").unwrap();
    let b = find_observer(&store, "obs1").unwrap();
    let compare = observer_compare(&store, a, b);
    assert_eq!((compare.only_a, compare.only_b, compare.both), (1, 1, 3));
    assert_eq!((compare.a.observations, compare.a.transmissions), (4, 4));
    assert_eq!((compare.b.observations, compare.b.transmissions), (5, 4));
    assert_eq!(compare.a.name.as_deref(), Some("obs0"));
    assert_eq!(
        (compare.b.first_ms, compare.b.last_ms),
        (Some(T0 + 40), Some(T0 + 4000))
    );
    // only_a at 2000 falls in B's span; only_b at 3000 in A's.
    assert_eq!(
        (compare.only_a_while_b_active, compare.only_b_while_a_active),
        (1, 1)
    );
    // SNR B−A: +3.5 and −3 (the text message has no SNR at A).
    assert_eq!(compare.snr.compared, 2);
    assert_eq!(compare.snr.mean_db, Some(0.25));
    assert_eq!(compare.snr.median_db, Some(-3.0));
    assert_eq!((compare.snr.b_better, compare.snr.a_better), (1, 1));
    let nonzero: Vec<SnrBin> = compare
        .snr
        .bins
        .iter()
        .copied()
        .filter(|b| b.count > 0)
        .collect();
    assert_eq!(
        nonzero,
        [SnrBin { db: -3, count: 1 }, SnrBin { db: 3, count: 1 }]
    );
    assert_eq!(compare.snr.bins.len(), 40);
    let both = compare.both_heard;
    assert_eq!((both.same_path, both.different_path), (3, 0));
    assert_eq!((both.a_first, both.b_first, both.same_time), (1, 1, 1));
    // Deltas −100, 0, +40: the median is 0.
    assert_eq!(both.median_delta_ms, Some(0));
    let types: Vec<(&str, usize, usize, usize)> = compare
        .payload_types
        .iter()
        .map(|t| (t.payload_type, t.only_a, t.only_b, t.both))
        .collect();
    assert_eq!(
        types,
        [("TXT_MSG", 1, 0, 0), ("ACK", 0, 1, 2), ("GRP_TXT", 0, 0, 1)]
    );
    // Examples newest first.
    let hashes = |examples: &[observer_compare::Example]| -> Vec<String> {
        examples.iter().map(|e| e.hash.clone()).collect()
    };
    let hash_of = |packet: &[u8]| {
        store
            .transmission(
                store
                    .by_time()
                    .iter()
                    .copied()
                    .find(|&tx| store.raw(tx) == Some(packet))
                    .unwrap(),
            )
            .unwrap()
            .hash
            .to_string()
    };
    assert_eq!(hashes(&compare.only_a_examples), [hash_of(&only_a)]);
    assert_eq!(hashes(&compare.only_b_examples), [hash_of(&only_b)]);
    assert_eq!(
        hashes(&compare.both_examples),
        [
            hash_of(&both_text),
            hash_of(&both_other),
            hash_of(&both_same)
        ]
    );
    let example = &compare.both_examples[1];
    assert_eq!(
        example.a.as_ref().map(|h| (h.time_ms, h.snr_db, h.hops)),
        Some((T0 + 1100, Some(1.0), 2))
    );
    assert_eq!(
        example.b.as_ref().map(|h| (h.time_ms, h.snr_db, h.hops)),
        Some((T0 + 1000, Some(-2.0), 2))
    );
    assert_eq!(compare.only_a_examples[0].payload_type, "TXT_MSG");
}

#[test]
fn different_paths_and_hop_counts() {
    let packet = ack(1, flood(&[0x10]));
    let longer = ack(1, flood(&[0x10, 0x22]));
    let store = store_of(&[
        hearing(0, 0, Some(1.0), &packet),
        hearing(10, 1, Some(1.0), &longer),
    ]);
    let compare = observer_compare(&store, ObserverId(0), ObserverId(1));
    assert_eq!(compare.both, 1);
    let both = compare.both_heard;
    assert_eq!((both.same_path, both.different_path), (0, 1));
    assert_eq!((both.a_fewer_hops, both.b_fewer_hops), (1, 0));
    assert_eq!(
        compare.snr.bins.iter().find(|b| b.count > 0),
        Some(&SnrBin { db: 0, count: 1 })
    );
}

#[test]
fn finding_observers_and_unknown_ones() {
    let store = store_of(&[
        heard(0, 0, &ack(1, flood(&[]))),
        heard(0, 3, &ack(2, flood(&[]))),
    ]);
    let obs3 = find_observer(&store, "obs3").unwrap();
    // Keys are [i + 1; 32]: obs3's starts 04.
    assert_eq!(find_observer(&store, "0404"), Some(obs3));
    assert_eq!(find_observer(&store, &obs3.0.to_string()), Some(obs3));
    assert_eq!(find_observer(&store, "nobody"), None);
    assert_eq!(find_observer(&store, "99"), None);
    let compare = observer_compare(&store, obs3, ObserverId(77));
    assert_eq!((compare.only_a, compare.only_b, compare.both), (1, 0, 0));
    assert_eq!(compare.only_a_while_b_active, 0);
    assert!(compare.snr.bins.is_empty());
    assert_eq!(compare.snr.mean_db, None);
    let empty = observer_compare(&Store::new(), ObserverId(0), ObserverId(1));
    assert_eq!((empty.only_a, empty.only_b, empty.both), (0, 0, 0));
    assert!(empty.payload_types.is_empty() && empty.both_examples.is_empty());
}

#[test]
fn generated_traffic_matches_a_naive_count() {
    let mesh = Mesh::new(&MeshOptions {
        seed: 8,
        nodes: 40,
        observers: 3,
        ..MeshOptions::default()
    });
    let traffic = TrafficOptions {
        duration_ms: 4 * 3_600_000,
        ..TrafficOptions::default()
    };
    let mut dump = Vec::new();
    write_dump(&mesh, &traffic, &OutputOptions::default(), &mut dump).unwrap();
    let mut store = Store::new();
    let mut parser = Parser::new(Format::F1Json);
    let mut batch = Batch::new();
    parser.feed(&dump, &mut batch);
    parser.finish(&mut batch);
    store.ingest(&batch, parser.observers(), ObserverKind::Mqtt);
    let (a, b) = (ObserverId(0), ObserverId(1));
    let compare = observer_compare(&store, a, b);
    let mut heard: HashMap<u32, HashSet<u32>> = HashMap::new();
    let obs = store.observations();
    for index in 0..store.observation_count() {
        let row = store
            .observation(meshscope::store::ObsId(index as u32))
            .unwrap();
        heard.entry(row.observer.0).or_default().insert(row.tx.0);
    }
    let (set_a, set_b) = (&heard[&0], &heard[&1]);
    assert_eq!(compare.both, set_a.intersection(set_b).count());
    assert_eq!(compare.only_a, set_a.difference(set_b).count());
    assert_eq!(compare.only_b, set_b.difference(set_a).count());
    assert!(compare.both > 100, "{}", compare.both);
    assert_eq!(
        compare.a.observations,
        obs.observer_column().iter().filter(|&o| o == 0).count()
    );
    let typed: usize = compare
        .payload_types
        .iter()
        .map(|t| t.only_a + t.only_b + t.both)
        .sum();
    assert_eq!(typed, compare.only_a + compare.only_b + compare.both);
    let both = compare.both_heard;
    assert_eq!(both.same_path + both.different_path, compare.both);
    assert_eq!(both.a_first + both.b_first + both.same_time, compare.both);
    let binned: usize = compare.snr.bins.iter().map(|b| b.count).sum();
    assert_eq!(binned, compare.snr.compared);
    assert_eq!(compare.both_examples.len(), 20);
}
