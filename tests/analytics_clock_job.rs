//! Clock Health computed in slices ([`ClockSkewJob`]) equals it computed at once, on generated traffic; a
//! job leaves out adverts that arrive after it started, and starts again after an eviction.

mod engine_support;

use meshscope::analytics::{ClockSkew, ClockSkewJob, clock_skew};
use meshscope::store::Store;

fn generated(seed: u64, hours: i64) -> Store {
    let mut store = Store::new();
    engine_support::ingest_all(&mut store, &engine_support::dump(seed, 40, hours).1);
    store
}

/// Steps `job` with `limit` rows a slice; the snapshot and the steps it took.
fn run(job: &mut ClockSkewJob, store: &Store, limit: usize) -> (ClockSkew, usize) {
    let most = store.observation_count() / limit.max(1) + 5;
    for slice in 1..=most {
        if let Some(skew) = job.step(store, limit) {
            return (skew, slice);
        }
    }
    panic!("not done in {most} slices");
}

#[test]
fn slices_equal_the_snapshot_at_once() {
    let store = generated(31, 12);
    let whole = clock_skew(&store);
    assert!(
        whole.nodes.len() >= 30,
        "{} nodes judged",
        whole.nodes.len()
    );
    assert!(!whole.observers.is_empty(), "observers calibrated");
    assert!(
        whole
            .nodes
            .iter()
            .any(|node| node.drift_s_per_day.is_some()),
        "some drift measured"
    );
    for limit in [1, 37, 500] {
        let (sliced, slices) = run(&mut ClockSkewJob::new(&store), &store, limit);
        assert_eq!(sliced, whole, "{limit} rows a slice");
        assert!(slices > 2, "{limit} rows a slice took {slices} slices");
    }
}

#[test]
fn a_job_is_the_adverts_as_it_started() {
    let mut store = generated(32, 3);
    let at_start = clock_skew(&store);
    let mut job = ClockSkewJob::new(&store);
    assert!(job.step(&store, 10).is_none());
    let before = store.transmission_count();
    engine_support::ingest_all(&mut store, &engine_support::dump(33, 40, 2).1);
    assert!(store.transmission_count() > before, "more traffic arrived");
    let (sliced, _) = run(&mut job, &store, 10);
    let samples = |skew: &ClockSkew| skew.nodes.iter().map(|n| n.samples).sum::<usize>();
    assert_eq!(samples(&sliced), samples(&at_start));
    assert!(samples(&clock_skew(&store)) > samples(&at_start));
}

#[test]
fn an_eviction_starts_the_job_again() {
    let mut store = generated(34, 6);
    let mut job = ClockSkewJob::new(&store);
    for _ in 0..3 {
        assert!(job.step(&store, 50).is_none());
    }
    store.set_budget(Some(store.memory().total / 2));
    let (sliced, _) = run(&mut job, &store, 50);
    assert_eq!(sliced, clock_skew(&store));
}
