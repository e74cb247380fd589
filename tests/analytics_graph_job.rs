//! The graph family computed in slices ([`GraphJob`]) equals each analytic computed at once, on generated
//! traffic; a job leaves out what arrives after it started, and starts again after an eviction.

mod engine_support;

use meshscope::analytics::{
    Graph, GraphJob, Resolver, distance, graph, neighbors, route_patterns, topology,
};
use meshscope::store::Store;

/// A generated 40-node dump of `hours`.
fn dump(seed: u64, hours: i64) -> Vec<u8> {
    engine_support::dump(seed, 40, hours).1
}

/// A store of [`dump`], and its last observation time.
fn generated(seed: u64, hours: i64) -> (Store, i64) {
    let mut store = Store::new();
    ingest(&mut store, &dump(seed, hours));
    let now_ms = store.time_span().map_or(0, |(_, last)| last);
    (store, now_ms)
}

fn ingest(store: &mut Store, dump: &[u8]) {
    engine_support::ingest_all(store, dump);
}

/// Steps `job` with `limit` paths a slice; the graph and the steps it took (three before the paths, a slice of
/// paths each, three that finish).
fn run(job: &mut GraphJob, store: &Store, limit: usize) -> (Graph, usize) {
    let most = store.transmission_count() / limit.max(1) + 7;
    for slice in 1..=most {
        if let Some(graph) = job.step(store, limit) {
            return (graph, slice);
        }
    }
    panic!("not done in {most} slices");
}

#[test]
fn slices_equal_each_analytic_at_once() {
    let (store, now_ms) = generated(21, 6);
    let resolver = Resolver::new(&store, now_ms);
    let mut job = GraphJob::new(&store, now_ms);
    for stage in ["resolver", "neighbor graph", "longest paths"] {
        assert!(
            job.step(&store, 97).is_none(),
            "{stage} is a step of its own"
        );
    }
    let paths = job.progress().1;
    assert!(paths > 500, "{paths} longest paths");
    let (sliced, slices) = run(&mut job, &store, 97);
    assert_eq!(
        slices,
        paths.div_ceil(97) + 3,
        "then distance, topology, routes"
    );
    assert_eq!(job.progress(), (paths, paths));
    assert_eq!(sliced.neighbors, neighbors(&store, now_ms));
    assert_eq!(sliced.distance, distance(&store, &resolver));
    assert_eq!(sliced.topology, topology(&store, &resolver));
    assert_eq!(sliced.route_patterns, route_patterns(&store, &resolver));
    assert!(sliced.distance.summary.legs > 0 && sliced.topology.paths > 0);
    assert!(!sliced.route_patterns.groups.is_empty());
}

#[test]
fn a_job_is_the_store_as_it_started() {
    let (mut store, now_ms) = generated(22, 3);
    let at_start = graph(&store, now_ms);
    let mut job = GraphJob::new(&store, now_ms);
    for _ in 0..4 {
        assert!(job.step(&store, 50).is_none());
    }
    let before = store.transmission_count();
    ingest(&mut store, &dump(23, 2));
    assert!(store.transmission_count() > before, "more traffic arrived");
    let (sliced, _) = run(&mut job, &store, 50);
    assert_eq!(sliced.topology.paths, at_start.topology.paths);
    assert_eq!(sliced.distance, at_start.distance);
}

#[test]
fn an_eviction_starts_the_job_again() {
    let (mut store, now_ms) = generated(24, 4);
    let mut job = GraphJob::new(&store, now_ms);
    for _ in 0..4 {
        assert!(job.step(&store, 50).is_none());
    }
    store.set_budget(Some(store.memory().total / 2));
    let (sliced, _) = run(&mut job, &store, 50);
    assert_eq!(sliced, graph(&store, now_ms));
}
