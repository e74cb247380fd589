//! The stats and engine analytics never panic, whatever the store holds: random adverts (any timestamp), messages and ACKs
//! over random paths, heard at any time (i64 extremes included) by up to 70 observers with any SNR and RSSI
//! (NaN, infinities, the extremes), plus random bytes; and `now_ms` anywhere. Their counts stay consistent.

mod store_support;

use meshscope::analytics::{
    AirtimeOptions, AnomalyOptions, NeighborOptions, airtime, anomalies, channel_stats, clock_skew,
    neighbor_signal, observers, overview, rf,
};
use meshscope::protocol::crypto::ChannelKey;
use meshscope::store::{ObserverKind, Store};
use proptest::prelude::*;
use store_support::{Heard, ack, advert, batch, flood, group_text, identity, observers as infos};

fn packet() -> impl Strategy<Value = Vec<u8>> {
    let path = prop::collection::vec(any::<u8>(), 0..6);
    prop_oneof![
        (0u8..6, any::<u32>(), path.clone()).prop_map(|(node, timestamp, path)| advert(
            &identity(node),
            timestamp,
            "n",
            None,
            flood(&path)
        )),
        (any::<u32>(), path.clone()).prop_map(|(crc, path)| ack(crc, flood(&path))),
        (any::<u32>(), path).prop_map(|(timestamp, path)| {
            group_text(&ChannelKey::public(), timestamp, "Ann", "hi", flood(&path))
        }),
        prop::collection::vec(any::<u8>(), 1..40),
    ]
}

fn time() -> impl Strategy<Value = i64> {
    prop_oneof![
        Just(i64::MIN),
        Just(i64::MAX),
        -10_000_000i64..10_000_000,
        1_700_000_000_000i64..1_700_100_000_000,
        any::<i64>(),
    ]
}

fn snr() -> impl Strategy<Value = Option<f32>> {
    prop_oneof![
        Just(None),
        Just(Some(f32::NAN)),
        Just(Some(f32::INFINITY)),
        Just(Some(-1e30)),
        (-30.0f32..30.0).prop_map(Some),
    ]
}

fn hearing() -> impl Strategy<Value = Heard> {
    (time(), 0u32..70, snr(), any::<Option<i16>>(), packet()).prop_map(
        |(time_ms, observer, snr_db, rssi_dbm, packet)| Heard {
            time_ms,
            observer,
            snr_db,
            rssi_dbm,
            packet,
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn never_panic(hearings in prop::collection::vec(hearing(), 0..60), now in time()) {
        let mut store = Store::new();
        store.ingest(&batch(&hearings), &infos(70), ObserverKind::Mqtt);
        let view = overview(&store, now);
        let hops: u64 = view.hop_distribution.iter().map(|h| h.transmissions).sum();
        prop_assert!(hops <= view.totals.transmissions);
        let signal = rf(&store);
        prop_assert_eq!(signal.observations, store.observation_count() as u64);
        let stats = channel_stats(&store);
        prop_assert!(stats.summary.decryptable <= stats.summary.active);
        for entry in observers(&store, now) {
            prop_assert!(entry.unique_transmissions <= entry.observations);
            prop_assert!(entry.last_hour <= entry.observations);
        }
        let clocks = clock_skew(&store);
        let counts = clocks.counts;
        let total = counts.ok + counts.warning + counts.critical + counts.absurd + counts.no_clock
            + counts.bimodal_clock;
        prop_assert_eq!(total, clocks.nodes.len());
        serde_json::to_string(&view).unwrap();
        serde_json::to_string(&signal).unwrap();
        serde_json::to_string(&clocks).unwrap();
        let observations = store.observation_count() as u64;
        let air = airtime(&store, &AirtimeOptions { duty_cycle_limit_pct: 0.0, ..AirtimeOptions::default() });
        prop_assert!(air.emissions <= observations);
        prop_assert!(air.warnings.len() <= air.warning_count);
        let odd = anomalies(&store, &AnomalyOptions { storm_paths: 2, flood_max_hops: 2, ..AnomalyOptions::default() });
        prop_assert!(odd.repeated_hop_observations + odd.long_path_observations <= 2 * observations);
        let neighbors = neighbor_signal(&store, &NeighborOptions::default());
        let heard: u64 = neighbors.observers.iter().map(|o| o.hearings).sum();
        prop_assert!(heard <= observations);
        serde_json::to_string(&air).unwrap();
        serde_json::to_string(&odd).unwrap();
        serde_json::to_string(&neighbors).unwrap();
    }
}
