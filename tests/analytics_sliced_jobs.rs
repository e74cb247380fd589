//! Clock Health ([`ClockSkewJob`]) and the map ([`MapJob`]) computed in slices equal them computed at once,
//! on generated traffic; a job leaves out what arrives after it started, and starts again after an eviction.
//! (The graph family's job has its own file, `analytics_graph_job.rs`.)

mod engine_support;

use meshscope::analytics::map_data::{MapData, MapJob, map_data};
use meshscope::analytics::map_links::map_links;
use meshscope::analytics::{ClockSkew, ClockSkewJob, clock_skew};
use meshscope::store::Store;

fn generated(seed: u64, hours: i64) -> Store {
    let mut store = Store::new();
    engine_support::ingest_all(&mut store, &engine_support::dump(seed, 40, hours).1);
    store
}

/// Calls `step` with `limit` rows a slice until it gives the snapshot; the snapshot and the steps it took.
fn run<T>(store: &Store, limit: usize, mut step: impl FnMut(usize) -> Option<T>) -> (T, usize) {
    let most = store.observation_count() / limit.max(1) + 5;
    for slice in 1..=most {
        if let Some(snapshot) = step(limit) {
            return (snapshot, slice);
        }
    }
    panic!("not done in {most} slices");
}

fn run_clock(job: &mut ClockSkewJob, store: &Store, limit: usize) -> (ClockSkew, usize) {
    run(store, limit, |rows| job.step(store, rows))
}

fn run_map(job: &mut MapJob, store: &Store, limit: usize) -> (MapData, usize) {
    run(store, limit, |rows| job.step(store, rows))
}

#[test]
fn clock_slices_equal_the_snapshot_at_once() {
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
        let (sliced, slices) = run_clock(&mut ClockSkewJob::new(&store), &store, limit);
        assert_eq!(sliced, whole, "{limit} rows a slice");
        assert!(slices > 2, "{limit} rows a slice took {slices} slices");
    }
}

#[test]
fn a_clock_job_is_the_adverts_as_it_started() {
    let mut store = generated(32, 3);
    let at_start = clock_skew(&store);
    let mut job = ClockSkewJob::new(&store);
    assert!(job.step(&store, 10).is_none());
    let before = store.transmission_count();
    engine_support::ingest_all(&mut store, &engine_support::dump(33, 40, 2).1);
    assert!(store.transmission_count() > before, "more traffic arrived");
    let (sliced, _) = run_clock(&mut job, &store, 10);
    let samples = |skew: &ClockSkew| skew.nodes.iter().map(|n| n.samples).sum::<usize>();
    assert_eq!(samples(&sliced), samples(&at_start));
    assert!(samples(&clock_skew(&store)) > samples(&at_start));
}

#[test]
fn an_eviction_starts_a_clock_job_again() {
    let mut store = generated(34, 6);
    let mut job = ClockSkewJob::new(&store);
    for _ in 0..3 {
        assert!(job.step(&store, 50).is_none());
    }
    store.set_budget(Some(store.memory().total / 2));
    let (sliced, _) = run_clock(&mut job, &store, 50);
    assert_eq!(sliced, clock_skew(&store));
}

#[test]
fn map_slices_equal_the_map_at_once() {
    let store = generated(35, 6);
    let whole = map_data(&store);
    assert!(
        whole.nodes.len() >= 20,
        "{} located nodes",
        whole.nodes.len()
    );
    assert!(whole.links.len() >= 30, "{} links", whole.links.len());
    assert_eq!(whole.links, map_links(&store));
    for limit in [1, 64, 1_000] {
        let (sliced, slices) = run_map(&mut MapJob::new(&store), &store, limit);
        assert_eq!(sliced, whole, "{limit} rows a slice");
        assert!(slices > 2, "{limit} rows a slice took {slices} slices");
    }
}

#[test]
fn a_map_job_leaves_out_new_traffic_and_restarts_after_an_eviction() {
    let mut store = generated(36, 3);
    let mut job = MapJob::new(&store);
    assert!(job.step(&store, 10).is_none());
    engine_support::ingest_all(&mut store, &engine_support::dump(37, 40, 2).1);
    let (sliced, _) = run_map(&mut job, &store, 10);
    let tallied = |map: &MapData| map.links.iter().map(|l| l.transmissions).sum::<u32>();
    assert!(
        tallied(&sliced) < tallied(&map_data(&store)),
        "new traffic is left out"
    );

    let mut job = MapJob::new(&store);
    assert!(job.step(&store, 10).is_none());
    store.set_budget(Some(store.memory().total / 2));
    let (sliced, _) = run_map(&mut job, &store, 10);
    assert_eq!(sliced, map_data(&store));
}
