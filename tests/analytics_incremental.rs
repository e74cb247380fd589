//! Incremental analytics: a state updated after each of several ingests gives the same snapshot as the
//! analytic computed from scratch on the same store, on generated traffic, after an eviction, after a clear,
//! with hearings out of time order, and when the node table changes what a prefix names. Each state
//! is folded in small slices, as the browser's recomputer folds it.

mod engine_support;
mod store_support;

use meshscope::analytics::{
    AirtimeOptions, AirtimeState, AnomaliesState, AnomalyOptions, NeighborOptions,
    NeighborSignalState, RadioSettings, airtime, anomalies, neighbor_signal,
};
use meshscope::ingest::{Batch, Format, Parser};
use meshscope::store::{ObserverKind, Store};
use store_support::{Heard, ack, advert, flood, heard, identity, ingest};

/// Large lists, so that every emitter and neighbour is compared.
fn options() -> (AirtimeOptions, NeighborOptions) {
    (
        AirtimeOptions {
            top: 10_000,
            duty_cycle_limit_pct: 0.01,
            ..AirtimeOptions::default()
        },
        NeighborOptions {
            observers: 10_000,
            neighbors: 10_000,
        },
    )
}

/// A low storm threshold and long lists, so that generated traffic has storms and every entry is compared.
fn anomaly_options() -> AnomalyOptions {
    AnomalyOptions {
        storm_paths: 4,
        top: 10_000,
        evidence: 3,
        ..AnomalyOptions::default()
    }
}

/// Observations each state folds per update: small and odd, so that slices split transmissions.
const SLICE: usize = 333;

/// The incremental states, updated together.
struct States {
    airtime: AirtimeState,
    neighbors: NeighborSignalState,
    anomalies: AnomaliesState,
}

impl Default for States {
    fn default() -> Self {
        States {
            airtime: AirtimeState::default(),
            neighbors: NeighborSignalState::default(),
            anomalies: AnomaliesState::new(anomaly_options()),
        }
    }
}

impl States {
    /// Updates both states and checks them against the analytics computed from scratch.
    fn check(&mut self, store: &Store, when: &str) {
        let (airtime_options, neighbor_options) = options();
        let most_updates = store.observation_count() / SLICE + 2;
        let caught_up = (1..=most_updates).any(|_| {
            let airtime = self.airtime.update(store, &airtime_options.radio, SLICE);
            let neighbors = self.neighbors.update(store, SLICE);
            let anomalies = self.anomalies.update(store, SLICE);
            airtime && neighbors && anomalies
        });
        assert!(caught_up, "caught up in {most_updates} slices {when}");
        assert_eq!(
            self.airtime.snapshot(store, &airtime_options),
            airtime(store, &airtime_options),
            "airtime {when}"
        );
        assert_eq!(
            self.neighbors.snapshot(store, &neighbor_options),
            neighbor_signal(store, &neighbor_options),
            "neighbor signal {when}"
        );
        assert_eq!(
            self.anomalies.snapshot(store),
            anomalies(store, &anomaly_options()),
            "anomalies {when}"
        );
    }
}

/// A generated 30-node dump of a few hours.
fn dump(seed: u64, hours: i64) -> Vec<u8> {
    engine_support::dump(seed, 30, hours).1
}

/// Ingests `dump` into `store` in `pieces` parts, checking `states` after each.
fn ingest_in_pieces(store: &mut Store, states: &mut States, dump: &[u8], pieces: usize) {
    let mut parser = Parser::new(Format::F1Json);
    let mut batch = Batch::new();
    let size = dump.len().div_ceil(pieces).max(1);
    for (index, chunk) in dump.chunks(size).enumerate() {
        parser.feed(chunk, &mut batch);
        store.ingest(&batch, parser.observers(), ObserverKind::Mqtt);
        batch.clear();
        states.check(store, &format!("after piece {index}"));
    }
    parser.finish(&mut batch);
    store.ingest(&batch, parser.observers(), ObserverKind::Mqtt);
    states.check(store, "after the last piece");
}

#[test]
fn batches_equal_from_scratch_on_generated_traffic() {
    let mut store = Store::new();
    let mut states = States::default();
    states.check(&store, "on an empty store");
    ingest_in_pieces(&mut store, &mut states, &dump(11, 6), 7);
    assert!(store.observation_count() > 1_000);
    let (airtime_options, _) = options();
    let snapshot = states.airtime.snapshot(&store, &airtime_options);
    assert!(snapshot.emissions > 0 && !snapshot.nodes.is_empty() && snapshot.warning_count > 0);
    let found = states.anomalies.snapshot(&store);
    assert!(
        found.storm_count > 0 && found.repeated_hop_observations > 0,
        "storms and repeated hops to compare: {found:?}"
    );
    let mut fresh = AnomaliesState::new(anomaly_options());
    assert!(
        !fresh.update(&store, SLICE),
        "one slice is not the whole store"
    );
    assert_ne!(fresh.snapshot(&store), found, "a partial fold is partial");
}

#[test]
fn eviction_and_clear_start_again() {
    let mut store = Store::new();
    let mut states = States::default();
    ingest_in_pieces(&mut store, &mut states, &dump(12, 4), 3);
    let before = store.observation_count();
    let budget = store.memory().total * 6 / 10;
    store.set_budget(Some(budget));
    assert!(store.observation_count() < before, "the budget evicts");
    states.check(&store, "after an eviction");
    store.set_budget(None);
    ingest_in_pieces(&mut store, &mut states, &dump(13, 2), 2);
    store.clear();
    states.check(&store, "after a clear");
    // Refilled with other traffic up to about as many observations as before the clear.
    ingest_in_pieces(&mut store, &mut states, &dump(14, 4), 3);
}

#[test]
fn a_state_follows_a_different_store() {
    let mut first = Store::new();
    let mut second = Store::new();
    let mut states = States::default();
    ingest_in_pieces(&mut first, &mut states, &dump(15, 2), 2);
    ingest_in_pieces(&mut second, &mut States::default(), &dump(16, 3), 1);
    states.check(&second, "switched to another store");
}

#[test]
fn radio_changes_and_out_of_order_hearings() {
    let (a, b) = (identity(1), identity(2));
    let b_hash = b.public_key()[0];
    let mut store = Store::new();
    let mut states = States::default();
    let late: Vec<Heard> = vec![
        heard(7_200_000, 0, &advert(&b, 10, "B", None, flood(&[]))),
        heard(7_200_500, 1, &ack(7, flood(&[b_hash]))),
        heard(7_201_000, 2, &ack(7, flood(&[b_hash, 0x77]))),
    ];
    ingest(&mut store, &late);
    states.check(&store, "late hearings first");
    // The same ACK heard an hour earlier: its emissions move to that hour; A's advert appears.
    let early: Vec<Heard> = vec![
        heard(3_000_000, 0, &ack(7, flood(&[b_hash]))),
        heard(3_100_000, 1, &advert(&a, 11, "A", None, flood(&[b_hash]))),
    ];
    ingest(&mut store, &early);
    states.check(&store, "an earlier hearing of a known transmission");
    let (mut airtime_options, _) = options();
    airtime_options.radio = RadioSettings::preset("USA/Canada (Recommended)").unwrap();
    assert!(
        states
            .airtime
            .update(&store, &airtime_options.radio, usize::MAX)
    );
    assert_eq!(
        states.airtime.snapshot(&store, &airtime_options),
        airtime(&store, &airtime_options),
        "another radio starts again"
    );
}

#[test]
fn a_new_advert_resolves_a_prefix_counted_before() {
    let (a, b) = (identity(1), identity(2));
    let a_hash = a.public_key()[0];
    let mut store = Store::new();
    let mut states = States::default();
    ingest(&mut store, &[heard(0, 0, &ack(1, flood(&[a_hash])))]);
    states.check(&store, "prefix unknown");
    ingest(
        &mut store,
        &[
            heard(1_000, 1, &advert(&a, 5, "A", None, flood(&[]))),
            heard(2_000, 0, &advert(&b, 6, "B", None, flood(&[a_hash]))),
        ],
    );
    states.check(&store, "prefix now A's");
    let (airtime_options, _) = options();
    let snapshot = states.airtime.snapshot(&store, &airtime_options);
    let a_entry = snapshot
        .nodes
        .iter()
        .find(|n| n.emitter.name.as_deref() == Some("A"))
        .unwrap();
    assert_eq!(
        a_entry.emissions, 3,
        "its advert and the two copies it forwarded"
    );
}
