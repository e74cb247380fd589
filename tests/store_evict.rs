//! Eviction under a memory budget: the oldest transmissions go with all their observations, the count is kept,
//! and the store stays consistent; what remains equals a fresh store of the survivors.

mod store_support;

use meshscope::store::budget::EVICT_TO_PERCENT;
use proptest::prelude::*;
use store_support::*;

#[test]
fn evicts_the_oldest_down_to_the_target() {
    let mut store = store_of(&mixed_hearings(30_000, 48));
    let before = store.memory();
    let (txs, obs) = (store.transmission_count(), store.observation_count());
    let budget = before.total / 2;
    let evicted = store.set_budget(Some(budget));
    assert!(evicted.transmissions > 0);
    let after = store.memory();
    assert!(after.total <= budget, "{} > {budget}", after.total);
    assert!(
        after.total >= budget / 100 * EVICT_TO_PERCENT / 2,
        "evicted far too much: {}",
        after.total
    );
    assert_eq!(
        store.transmission_count() as u64 + evicted.transmissions,
        txs as u64
    );
    assert_eq!(
        store.observation_count() as u64 + evicted.observations,
        obs as u64
    );
    assert_eq!(store.evicted(), evicted);
    assert_eq!(store.generation(), 1);
    // The oldest went: every survivor is newer than every evicted transmission.
    let oldest_left = store
        .transmission(store.by_time()[0])
        .unwrap()
        .first_seen_ms;
    assert!(oldest_left > T0);
    check_consistency(&store);
    // What is left is what a store of the survivors holds (nodes excepted: they outlive their adverts).
    let mut expected = contents(&reimport(&store));
    let mut got = contents(&store);
    expected.nodes.clear();
    got.nodes.clear();
    assert_eq!(got, expected);
    // Nodes survive.
    assert_eq!(store.nodes().len(), 6);
}

#[test]
fn ingest_keeps_the_store_under_budget() {
    let hearings = mixed_hearings(20_000, 24);
    let mut store = Store::new();
    store.set_budget(Some(600_000));
    let mut added = 0;
    for chunk in hearings.chunks(1_000) {
        let report = ingest(&mut store, chunk);
        added += report.added;
        assert!(store.memory().total <= 600_000);
    }
    assert!(store.evicted().observations > 0);
    assert_eq!(
        store.observation_count() as u64 + store.evicted().observations,
        added
    );
    check_consistency(&store);
}

#[derive(Debug, Clone)]
enum Step {
    Ingest(Vec<(usize, u32, i64)>),
    Budget(u8),
    Unbounded,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => prop::collection::vec((0usize..240, 0u32..5, -600_000i64..3_600_000), 1..60).prop_map(Step::Ingest),
        1 => (10u8..100).prop_map(Step::Budget),
        1 => Just(Step::Unbounded),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_ingest_and_eviction_keep_invariants(steps in prop::collection::vec(step(), 1..8)) {
        let pool = mixed_hearings(240, 2);
        let mut store = Store::new();
        let mut added = 0;
        for step in steps {
            match step {
                Step::Ingest(picks) => {
                    let hearings: Vec<Heard> = picks
                        .iter()
                        .map(|&(index, observer, shift)| Heard {
                            time_ms: pool[index].time_ms + shift,
                            observer,
                            ..pool[index].clone()
                        })
                        .collect();
                    added += ingest(&mut store, &hearings).added;
                }
                Step::Budget(percent) => {
                    let budget = store.memory().total / 100 * usize::from(percent);
                    store.set_budget(Some(budget));
                    prop_assert!(store.memory().total <= budget || store.transmission_count() == 0);
                }
                Step::Unbounded => {
                    store.set_budget(None);
                }
            }
            check_consistency(&store);
            prop_assert_eq!(store.observation_count() as u64 + store.evicted().observations, added);
        }
    }
}

#[test]
fn clear_forgets_everything_but_the_budget_and_moves_the_revision_on() {
    let mut store = store_of(&mixed_hearings(2_000, 4));
    store.set_budget(Some(50_000_000));
    assert!(store.observation_count() > 0);
    let revision = store.revision();
    store.clear();
    assert_eq!(store.observation_count(), 0);
    assert_eq!(store.transmission_count(), 0);
    assert_eq!(store.nodes().len(), 0);
    assert_eq!(store.budget(), Some(50_000_000));
    assert!(store.revision() > revision);
    let report = ingest(&mut store, &mixed_hearings(100, 1));
    assert!(report.added > 0);
    check_consistency(&store);
}
