//! Repeats: the same hearing twice is stored once and counted; any difference makes two observations.

mod store_support;

use meshscope::protocol::{Route, TransportCodes};
use meshscope::store::dedup::DEDUP_WINDOW_MS;
use store_support::*;

fn ack_via(path: &[u8]) -> Vec<u8> {
    ack(0xDEAD_BEEF, flood(path))
}

#[test]
fn same_copy_twice_is_one() {
    let packet = ack_via(&[0xAA]);
    let mut store = Store::new();
    let report = ingest(
        &mut store,
        &[heard(0, 0, &packet), heard(1_000, 0, &packet)],
    );
    assert_eq!(
        (report.added, report.repeats, report.new_transmissions),
        (1, 1, 1)
    );
    assert_eq!((store.observation_count(), store.repeats()), (1, 1));
    check_consistency(&store);
}

#[test]
fn other_path_is_two() {
    let store = store_of(&[
        heard(0, 0, &ack_via(&[0xAA])),
        heard(10, 0, &ack_via(&[0xAA, 0xBB])),
    ]);
    assert_eq!(
        (
            store.transmission_count(),
            store.observation_count(),
            store.repeats()
        ),
        (1, 2, 0)
    );
    check_consistency(&store);
}

#[test]
fn other_observer_is_two() {
    let packet = ack_via(&[0xAA]);
    let store = store_of(&[heard(0, 0, &packet), heard(0, 1, &packet)]);
    assert_eq!((store.observation_count(), store.repeats()), (2, 0));
}

#[test]
fn outside_the_window_is_two() {
    let packet = ack_via(&[0xAA]);
    let inside = store_of(&[heard(0, 0, &packet), heard(DEDUP_WINDOW_MS, 0, &packet)]);
    assert_eq!(inside.observation_count(), 1);
    let outside = store_of(&[heard(0, 0, &packet), heard(DEDUP_WINDOW_MS + 1, 0, &packet)]);
    assert_eq!((outside.observation_count(), outside.repeats()), (2, 0));
    // An earlier copy outside the window counts too, and moves first seen back.
    let earlier = store_of(&[
        heard(0, 0, &packet),
        heard(-DEDUP_WINDOW_MS - 1, 0, &packet),
    ]);
    assert_eq!(earlier.observation_count(), 2);
    check_consistency(&earlier);
}

#[test]
fn other_transport_codes_are_two() {
    let codes = |scope| {
        ack(
            1,
            Via {
                route: Route::TransportFlood(TransportCodes { scope, reserved: 0 }),
                hash_size: 1,
                path: &[0xAA],
            },
        )
    };
    let store = store_of(&[
        heard(0, 0, &codes(7)),
        heard(5, 0, &codes(8)),
        heard(6, 0, &codes(8)),
    ]);
    assert_eq!(
        (
            store.transmission_count(),
            store.observation_count(),
            store.repeats()
        ),
        (1, 2, 1)
    );
    check_consistency(&store);
}

#[test]
fn a_replayed_dump_adds_nothing() {
    let hearings: Vec<Heard> = (0..20u32)
        .map(|i| {
            heard(
                i64::from(i) * 100,
                i % 3,
                &ack(i / 4, flood(&[i as u8 % 5])),
            )
        })
        .collect();
    let mut store = Store::new();
    let first = ingest(&mut store, &hearings);
    let again = ingest(&mut store, &hearings);
    assert_eq!(first.added, 20);
    assert_eq!(
        (again.added, again.repeats, again.new_transmissions),
        (0, 20, 0)
    );
    assert_eq!(store.observation_count(), 20);
    check_consistency(&store);
}

#[test]
fn the_live_path_reports_each_outcome() {
    use meshscope::ingest::Observation;
    use meshscope::store::{ObserverKind, Outcome};
    let mut store = Store::new();
    let radio = store.intern_observer(&observers(1)[0], ObserverKind::LocalRadio);
    let observation = |offset: i64| Observation {
        timestamp_ms: T0 + offset,
        snr_db: Some(-2.5),
        rssi_dbm: Some(-101),
        observer: 0,
        source: 0,
    };
    let packet = ack_via(&[0x01]);
    let first = store.ingest_one(&observation(0), &packet, radio);
    let Outcome::Added { tx, obs, new: true } = first else {
        panic!("{first:?}")
    };
    assert_eq!(
        store.ingest_one(&observation(5), &packet, radio),
        Outcome::Repeat { of: obs }
    );
    let longer = store.ingest_one(&observation(9), &ack_via(&[0x01, 0x02]), radio);
    assert!(matches!(longer, Outcome::Added { tx: same, new: false, .. } if same == tx));
    assert!(matches!(
        store.ingest_one(&observation(9), &[0x11], radio),
        Outcome::Malformed(_)
    ));
    assert_eq!(
        store.observers().get(radio).map(|o| o.kind),
        Some(ObserverKind::LocalRadio)
    );
    check_consistency(&store);
}
