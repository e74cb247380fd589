//! Queries: exact observation bytes, decoding again, time ranges, indexes, aggregates, memory.

mod store_support;

use meshscope::protocol::{PayloadRepr, PayloadType, Route, TransportCodes};
use meshscope::store::aggregates::HOUR_MS;
use meshscope::store::{ObserverId, PathKind};
use store_support::*;

#[test]
fn every_observation_rebuilds_its_exact_bytes() {
    let mut hearings = mixed_hearings(300, 3);
    // Transport codes that differ from the first copy's, and a header that differs (flood vs transport flood).
    let scoped = |scope| {
        ack(
            77,
            Via {
                route: Route::TransportFlood(TransportCodes { scope, reserved: 0 }),
                hash_size: 2,
                path: &[0xAB, 0xCD],
            },
        )
    };
    hearings.push(heard(1, 0, &scoped(1)));
    hearings.push(heard(2, 1, &scoped(2)));
    hearings.push(heard(3, 2, &ack(77, flood_sized(2, &[0xAB, 0xCD]))));
    let store = store_of(&hearings);
    assert_eq!(store.observations().variant_count(), 2);
    assert_eq!(store.repeats(), 0);
    assert_eq!(store.observation_count(), hearings.len());
    let mut raw = Vec::new();
    let mismatches: Vec<usize> = (0..store.observation_count())
        .filter(|&i| {
            raw.clear();
            !store.observation_raw(meshscope::store::ObsId(i as u32), &mut raw)
                || raw != hearings[i].packet
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "observations rebuilt wrong: {mismatches:?}"
    );
    assert!(!store.observation_raw(meshscope::store::ObsId(99_999), &mut raw));
}

#[test]
fn decode_again_and_longest_path() {
    let packet_short = ack(5, flood(&[0x01]));
    let packet_long = ack(5, flood(&[0x01, 0x02, 0x03]));
    let store = store_of(&[
        heard(0, 0, &packet_short),
        heard(1, 1, &packet_long),
        heard(2, 2, &packet_short),
    ]);
    let tx = store.by_time()[0];
    let decoded = store.decode(tx).unwrap();
    assert!(matches!(decoded.packet.payload, PayloadRepr::Ack(ack) if ack.crc == 5));
    assert_eq!(
        decoded.hash,
        meshscope::protocol::decode(&packet_long).unwrap().hash
    );
    let row = store.transmission(tx).unwrap();
    let (hops, obs) = row.longest_path.unwrap();
    assert_eq!(
        (hops, store.observation(obs).unwrap().observer),
        (3, ObserverId(1))
    );
    let observers: Vec<ObserverId> = store
        .observations_of(tx)
        .map(|o| store.observation(o).unwrap().observer)
        .collect();
    assert_eq!(
        observers,
        [ObserverId(2), ObserverId(1), ObserverId(0)],
        "newest first"
    );
    assert_eq!(store.find_transmission(row.hash), Some(tx));
    let path = store.observation_path(obs).unwrap();
    assert_eq!(path.kind(PayloadType::Ack), PathKind::Hops);
    assert_eq!(path.bytes, [1, 2, 3]);
}

#[test]
fn time_ranges_and_indexes() {
    let store = store_of(&mixed_hearings(1_200, 4));
    let all = store.by_time();
    assert_eq!(all.len(), store.transmission_count());
    let second_hour = store.by_time_range(T0 + HOUR_MS, T0 + 2 * HOUR_MS);
    assert!(!second_hour.is_empty());
    for &tx in second_hour {
        let first = store.transmission(tx).unwrap().first_seen_ms;
        assert!((T0 + HOUR_MS..T0 + 2 * HOUR_MS).contains(&first));
    }
    let newest_first: Vec<_> = all.iter().rev().take(3).collect();
    assert_eq!(newest_first.len(), 3);
    let by_type: usize = (0..16u8)
        .map(|bits| store.txs_by_type(PayloadType::from_bits(bits)).len())
        .sum();
    assert_eq!(by_type, store.transmission_count());
    assert_eq!(
        store.txs_by_datagram_src(0x55).len(),
        store.txs_by_type(PayloadType::TxtMsg).len()
    );
    assert!(!store.txs_with_hop(&[0x22]).is_empty());
    assert!(!store.txs_with_hop(&[0xAB, 0xCD]).is_empty());
    let per_observer: usize = (0..4)
        .map(|o| store.obs_by_observer(ObserverId(o)).count())
        .sum();
    assert_eq!(per_observer, store.observation_count());
    let hours = store.aggregates().hourly.buckets();
    assert_eq!(hours.len(), 4);
    let (first, last) = store.time_span().unwrap();
    assert_eq!(first, T0);
    assert!(last < T0 + 4 * HOUR_MS);
    let tally = store.aggregates().observers.get(ObserverId(0)).unwrap();
    assert_eq!(tally.observations, 300);
    assert!(tally.mean_snr_db().is_some());
    check_consistency(&store);
}

#[test]
fn memory_is_accounted() {
    let store = store_of(&mixed_hearings(40_000, 12));
    let usage = store.memory();
    let parts = usage.transmissions
        + usage.raw_bytes
        + usage.transmission_maps
        + usage.observations
        + usage.variants
        + usage.paths
        + usage.indexes
        + usage.aggregates
        + usage.nodes
        + usage.observers
        + usage.channels
        + usage.strings
        + usage.malformed;
    assert_eq!(usage.total, parts);
    assert_eq!(usage.observation_count, store.observation_count());
    // Observation columns: 26 bytes a row, plus at most one partly filled chunk per column.
    let columns = usage.observations as f64 / usage.observation_count as f64;
    assert!(
        (26.0..=40.0).contains(&columns),
        "{columns} bytes per observation in columns"
    );
    assert!(usage.bytes_per_observation() > columns);
}

#[test]
fn revision_moves_with_every_change_and_only_then() {
    let mut store = meshscope::store::Store::new();
    let start = store.revision();
    let hearings = mixed_hearings(50, 1);
    ingest(&mut store, &hearings);
    let after_ingest = store.revision();
    assert!(after_ingest > start);
    let _ = store.transmission_count();
    let _ = store.memory();
    assert_eq!(store.revision(), after_ingest, "reading changes nothing");
    let key = meshscope::protocol::crypto::ChannelKey::from_hashtag("#test");
    store.add_channel("#test", key);
    assert!(store.revision() > after_ingest);
    let before_budget = store.revision();
    store.set_budget(Some(1));
    assert!(store.revision() > before_budget);
    assert_eq!(
        store.transmission_count(),
        0,
        "a 1-byte budget evicts everything"
    );
}
