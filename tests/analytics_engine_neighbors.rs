//! Neighbour signal on hand-built stores (zero-hop originators, unique and ambiguous last hops, unknown
//! prefixes, DIRECT copies skipped, hourly points, degrading, stable and unknown trends) and on generated
//! traffic against a brute-force count.

mod engine_support;
mod store_support;

use meshscope::analytics::neighbor_signal::{Direction, TREND_MIN_HEARINGS};
use meshscope::analytics::{NeighborOptions, neighbor_signal};
use meshscope::protocol::{PayloadType, Route};
use meshscope::store::{ObsId, Store};
use store_support::{Heard, Via, ack, advert, flood, heard, identity, store_of};

const HOUR: i64 = 3_600_000;

fn with_snr(mut h: Heard, snr: f32, rssi: i16) -> Heard {
    h.snr_db = Some(snr);
    h.rssi_dbm = Some(rssi);
    h
}

#[test]
fn empty_store_has_no_neighbours() {
    let snapshot = neighbor_signal(&Store::new(), &NeighborOptions::default());
    assert!(snapshot.observers.is_empty());
}

#[test]
fn neighbours_series_and_trends() {
    let (a, b) = (identity(1), identity(2));
    let (c1, c2) = engine_support::colliding_seeds();
    let (c1, c2) = (identity(c1), identity(c2));
    let pb = b.public_key()[0];
    let shared = c1.public_key()[0];
    let unknown = (0..=255u8)
        .find(|byte| ![a.public_key()[0], pb, shared].contains(byte))
        .unwrap();
    let mut hearings = vec![
        heard(0, 1, &advert(&b, 1, "B", None, flood(&[]))),
        heard(0, 1, &advert(&c1, 1, "C1", None, flood(&[]))),
        heard(0, 1, &advert(&c2, 1, "C2", None, flood(&[]))),
    ];
    for hour in 0..12i64 {
        // A's zero-hop adverts fade by 0.5 dB an hour: -12 dB a day.
        let snr = 10.0 - 0.5 * hour as f32;
        hearings.push(with_snr(
            heard(
                hour * HOUR,
                0,
                &advert(&a, hour as u32 + 10, "A", None, flood(&[])),
            ),
            snr,
            -80,
        ));
        // B relays ACKs at a steady 5 dB.
        hearings.push(with_snr(
            heard(hour * HOUR + 1, 0, &ack(hour as u32, flood(&[0x99, pb]))),
            5.0,
            -90,
        ));
    }
    hearings.push(heard(5, 0, &ack(100, flood(&[shared]))));
    hearings.push(heard(6, 0, &ack(101, flood(&[unknown]))));
    // DIRECT paths list hops to go: no sender.
    let direct = Via {
        route: Route::Direct,
        hash_size: 1,
        path: &[pb],
    };
    hearings.push(heard(7, 0, &ack(102, direct)));
    let store = store_of(&hearings);
    let snapshot = neighbor_signal(&store, &NeighborOptions::default());
    let observer = snapshot
        .observers
        .iter()
        .find(|o| o.name.as_deref() == Some("obs0"))
        .unwrap();
    assert_eq!((observer.hearings, observer.neighbor_count), (26, 4));
    let by_name = |name: &str| {
        observer
            .neighbors
            .iter()
            .find(|n| n.emitter.name.as_deref() == Some(name))
            .unwrap()
    };

    let a_entry = by_name("A");
    assert_eq!((a_entry.zero_hop, a_entry.last_hop), (12, 0));
    assert_eq!(a_entry.hours.len(), 12);
    assert_eq!(a_entry.hours[3].snr_db, Some(8.5));
    assert_eq!(a_entry.hours[3].rssi_dbm, Some(-80.0));
    assert_eq!(a_entry.hours[3].hour_start_ms, store_support::T0 + 3 * HOUR);
    let slope = a_entry.trend.slope_db_per_day.unwrap();
    assert!((slope + 12.0).abs() < 1e-6, "slope {slope}");
    assert_eq!(a_entry.trend.direction, Direction::Degrading);
    assert!((a_entry.snr_db.unwrap() - 7.25).abs() < 1e-9);

    let b_entry = by_name("B");
    assert_eq!(
        (b_entry.zero_hop, b_entry.last_hop, b_entry.ambiguous),
        (0, 12, false)
    );
    assert_eq!(b_entry.trend.direction, Direction::Stable);
    assert!(b_entry.trend.slope_db_per_day.unwrap().abs() < 1e-9);

    let ambiguous = observer
        .neighbors
        .iter()
        .find(|n| n.emitter.candidates == 2)
        .unwrap();
    assert!(ambiguous.ambiguous && ambiguous.emitter.public_key.is_none());
    assert_eq!(ambiguous.emitter.prefix, format!("{shared:02x}"));
    assert_eq!(ambiguous.trend.direction, Direction::Unknown, "one hearing");
    let stranger = observer
        .neighbors
        .iter()
        .find(|n| n.emitter.candidates == 0)
        .unwrap();
    assert!(!stranger.ambiguous);
    assert_eq!(stranger.emitter.prefix, format!("{unknown:02x}"));
    assert!(
        observer
            .neighbors
            .windows(2)
            .all(|w| w[0].zero_hop + w[0].last_hop >= w[1].zero_hop + w[1].last_hop)
    );

    let other = snapshot
        .observers
        .iter()
        .find(|o| o.name.as_deref() == Some("obs1"))
        .unwrap();
    assert_eq!(other.neighbor_count, 3);
    let limited = neighbor_signal(
        &store,
        &NeighborOptions {
            observers: 1,
            neighbors: 2,
        },
    );
    assert_eq!(limited.observers.len(), 1);
    assert_eq!(
        (
            limited.observers[0].name.as_deref(),
            limited.observers[0].neighbors.len()
        ),
        (Some("obs0"), 2)
    );
}

#[test]
fn too_few_hearings_or_too_short_a_span_give_no_trend() {
    let a = identity(1);
    let hearings: Vec<Heard> = (0..TREND_MIN_HEARINGS as i64)
        .map(|i| {
            with_snr(
                heard(i * 60_000, 0, &advert(&a, i as u32, "A", None, flood(&[]))),
                i as f32,
                -70,
            )
        })
        .collect();
    let snapshot = neighbor_signal(&store_of(&hearings), &NeighborOptions::default());
    let entry = &snapshot.observers[0].neighbors[0];
    assert_eq!(
        entry.trend.direction,
        Direction::Unknown,
        "ten hearings within ten minutes"
    );
    assert_eq!(entry.trend.slope_db_per_day, None);
}

#[test]
fn generated_traffic_counts_every_hearing_with_a_sender() {
    let (_, store) = engine_support::generated();
    let options = NeighborOptions {
        observers: 100,
        neighbors: 10_000,
    };
    let snapshot = neighbor_signal(&store, &options);
    let mut expected = vec![0u64; store.observers().len()];
    for index in 0..store.observation_count() as u32 {
        let row = store.observation(ObsId(index)).unwrap();
        let txs = store.transmissions();
        let kind = txs.payload_type(row.tx).unwrap();
        let hops = store.paths().get(row.path).unwrap().hop_count();
        let counted = kind != PayloadType::Trace
            && if hops == 0 {
                matches!(kind, PayloadType::Advert | PayloadType::AnonReq)
                    && txs.subject(row.tx).is_some()
            } else {
                txs.route_type(row.tx).unwrap().is_flood()
            };
        expected[row.observer.0 as usize] += u64::from(counted);
    }
    for observer in &snapshot.observers {
        assert_eq!(
            observer.hearings, expected[observer.id as usize],
            "observer {}",
            observer.id
        );
        let listed: u64 = observer
            .neighbors
            .iter()
            .map(|n| n.zero_hop + n.last_hop)
            .sum();
        assert_eq!(listed, observer.hearings);
        for neighbor in &observer.neighbors {
            let per_hour: u64 = neighbor.hours.iter().map(|h| u64::from(h.hearings)).sum();
            assert_eq!(per_hour, neighbor.zero_hop + neighbor.last_hop);
        }
    }
    assert_eq!(
        snapshot.observers.len(),
        expected.iter().filter(|&&n| n > 0).count()
    );
    assert!(
        snapshot
            .observers
            .iter()
            .any(|o| o.neighbors.iter().any(|n| n.zero_hop > 0))
    );
}
