//! The observer table on hand-built stores: unique transmissions (also past 64 observers, whose bits collide,
//! and after eviction), observations in the last hour against a brute-force count (with observations arriving
//! out of time order), packets per hour, health, kind and the latest status message.

mod store_support;

use meshscope::analytics::observer_stats::{Health, observations_in_last_hour};
use meshscope::analytics::observers;
use meshscope::ingest::StatusRecord;
use meshscope::store::{ObsId, ObserverId, ObserverKind, Store};
use store_support::{Heard, T0, ack, batch, flood, heard, mixed_hearings, observers as infos};

const HOUR: i64 = 3_600_000;
const MINUTE: i64 = 60_000;

/// Distinct transmissions per observer, counted from the columns.
fn unique_by_scan(store: &Store) -> Vec<u64> {
    let mut pairs: Vec<(u32, u32)> = (0..store.observation_count() as u32)
        .map(|index| {
            let row = store.observation(ObsId(index)).unwrap();
            (row.observer.0, row.tx.0)
        })
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut counts = vec![0; store.observers().len()];
    for (observer, _) in pairs {
        counts[observer as usize] += 1;
    }
    counts
}

/// Observations of `observer` from `now - 1 h` to `now`, counted from the columns.
fn last_hour_by_scan(store: &Store, observer: ObserverId, now: i64) -> u64 {
    (0..store.observation_count() as u32)
        .map(|index| store.observation(ObsId(index)).unwrap())
        .filter(|row| row.observer == observer && (now - HOUR..=now).contains(&row.time_ms))
        .count() as u64
}

#[test]
fn unique_transmissions_count_each_packet_once_per_observer() {
    // Observers 0 and 64 share a bit of the transmissions' observer filter.
    let hearings = vec![
        heard(0, 0, &ack(1, flood(&[0x11]))),
        heard(5, 0, &ack(1, flood(&[0x11, 0x22]))),
        heard(7, 64, &ack(1, flood(&[]))),
        heard(9, 64, &ack(1, flood(&[0x33]))),
        heard(10, 0, &ack(2, flood(&[]))),
        heard(11, 1, &ack(2, flood(&[]))),
    ];
    let mut store = Store::new();
    store.ingest(&batch(&hearings), &infos(70), ObserverKind::Mqtt);
    let entries = observers(&store, T0);
    let unique: Vec<(Option<&str>, u64, u64)> = entries
        .iter()
        .map(|e| (e.name.as_deref(), e.observations, e.unique_transmissions))
        .collect();
    assert_eq!(
        unique,
        [
            (Some("obs0"), 3, 2),
            (Some("obs64"), 2, 1),
            (Some("obs1"), 1, 1)
        ]
    );
}

#[test]
fn unique_transmissions_survive_eviction() {
    let mut store = Store::new();
    store.ingest(
        &batch(&mixed_hearings(3_000, 12)),
        &infos(8),
        ObserverKind::Mqtt,
    );
    let unique = |store: &Store| -> Vec<u64> {
        observers(store, T0)
            .iter()
            .map(|e| e.unique_transmissions)
            .collect()
    };
    assert_eq!(unique(&store), unique_by_scan(&store));
    let before = store.memory().total;
    let evicted = store.set_budget(Some(before / 2));
    assert!(evicted.transmissions > 0);
    assert_eq!(unique(&store), unique_by_scan(&store));
}

#[test]
fn last_hour_is_exact_with_disorder() {
    // Times jump back by up to 40 minutes now and then: the walk must look past them.
    let hearings: Vec<Heard> = (0..400)
        .map(|i: i64| {
            let late = if i % 37 == 0 { 40 * MINUTE } else { 0 };
            let mut h = heard(
                i * MINUTE - late,
                (i % 3) as u32,
                &ack(i as u32, flood(&[])),
            );
            h.time_ms = h.time_ms.max(T0);
            h
        })
        .collect();
    let store = store_support::store_of(&hearings);
    for now in (0..420).step_by(7).map(|m| T0 + m * MINUTE) {
        for observer in 0..3 {
            let id = ObserverId(observer);
            assert_eq!(
                observations_in_last_hour(&store, id, now),
                last_hour_by_scan(&store, id, now),
                "observer {observer} at {now}"
            );
        }
    }
    let entry = &observers(&store, T0 + 399 * MINUTE)[0];
    assert_eq!(
        entry.last_hour,
        last_hour_by_scan(&store, ObserverId(0), T0 + 399 * MINUTE)
    );
    assert_eq!(observations_in_last_hour(&store, ObserverId(9), T0), 0);
}

#[test]
fn rates_health_kind_and_status() {
    let mut hearings: Vec<Heard> = (0..10)
        .map(|i| {
            heard(
                i * 12 * MINUTE + 120 * MINUTE,
                0,
                &ack(i as u32, flood(&[])),
            )
        })
        .collect();
    // Observer 1: three packets within ten minutes.
    hearings.extend((0..3).map(|i| heard(i * MINUTE, 1, &ack(100 + i as u32, flood(&[])))));
    let mut store = Store::new();
    let infos = infos(3);
    store.ingest(&batch(&hearings), &infos, ObserverKind::Mqtt);
    let status = StatusRecord {
        observer: 2,
        line: 1,
        timestamp_ms: Some(T0),
        online: Some(true),
        model: Some("Heltec V3".into()),
        firmware_version: Some("v1.17.1".into()),
        radio: Some("910.525,62.5,7,5".into()),
        client_version: None,
    };
    store.ingest_statuses(&[status], &infos, ObserverKind::Mqtt);
    // Observer 0's last packet: T0 + 228 min.
    let now = T0 + 233 * MINUTE;
    let entries = observers(&store, now);
    let zero = &entries[0];
    assert_eq!(
        (zero.first_seen_ms, zero.last_seen_ms),
        (Some(T0 + 120 * MINUTE), Some(T0 + 228 * MINUTE))
    );
    // 10 packets over 108 minutes.
    assert!((zero.packets_per_hour - 10.0 / 1.8).abs() < 1e-9);
    assert_eq!(
        (zero.health, zero.last_hour, zero.kind),
        (Health::Online, 5, "mqtt")
    );
    assert_eq!((zero.mean_snr, zero.mean_rssi), (Some(5.25), Some(-90.0)));
    let one = &entries[1];
    // A burst counts as one hour.
    assert_eq!(
        (one.packets_per_hour, one.health, one.last_hour),
        (3.0, Health::Offline, 0)
    );
    let two = &entries[2];
    assert_eq!(
        (two.observations, two.health, two.first_seen_ms),
        (0, Health::Offline, None)
    );
    let status = two.status.as_ref().unwrap();
    assert_eq!(
        (
            status.model.as_deref(),
            status.firmware_version.as_deref(),
            status.online
        ),
        (Some("Heltec V3"), Some("v1.17.1"), Some(true))
    );
    assert_eq!(
        observers(&store, T0 + 270 * MINUTE)[0].health,
        Health::Stale
    );
    let json = serde_json::to_value(zero).unwrap();
    assert_eq!(
        (&json["health"], &json["iata"]),
        (&"online".into(), &"SEA".into())
    );
}
