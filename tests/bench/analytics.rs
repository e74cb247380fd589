//! Analytics snapshot times on a generated production day: `meshscope generate --observations 1300000`
//! (CoreScope's production day: about 53 K transmissions and 1.3 M observations), built once per run, in
//! memory, through the F.1 parser into a `Store`. Target: every snapshot within 5 ms natively.
//!
//! The hash family also runs on a mesh with CoreScope's production node and observer counts (760 nodes, 31
//! observers, over 300 km), since its work grows with nodes more than with observations. The generator's
//! adverts reach every observer over many paths, so a day of 760 nodes holds more advert observations than
//! 1.3 M; six hours of it, filled to 1.3 M with conversations, keep adverts to about a fifth of the
//! observations, as in production.
//!
//! On a busy machine the times stretch: `scan-baseline` (a tight loop summing the SNR of every observation,
//! about 2-4 ms on an idle machine per the brief) measures how much, so each time can be scaled by the
//! baseline's ratio.
//!
//! Run: `cargo bench --bench analytics`.

use std::hint::black_box;
use std::time::Instant;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use meshscope::analytics;
use meshscope::generate::{Mesh, MeshOptions, OutputOptions, TrafficOptions, write_dump};
use meshscope::ingest::{Batch, Format, Parser};
use meshscope::protocol::PayloadType;
use meshscope::store::{ObsId, ObserverKind, Store, TxId};

/// Observations in the generated day.
const DAY_OBSERVATIONS: u64 = 1_300_000;

/// A store of `DAY_OBSERVATIONS` generated over `mesh` in `hours`, and its last observation time.
fn day_store(mesh: &MeshOptions, hours: i64) -> (Store, i64) {
    let started = Instant::now();
    let output = OutputOptions {
        target_observations: Some(DAY_OBSERVATIONS),
        ..OutputOptions::default()
    };
    let mut dump = Vec::new();
    let traffic = TrafficOptions {
        duration_ms: hours * 3_600_000,
        ..TrafficOptions::default()
    };
    write_dump(&Mesh::new(mesh), &traffic, &output, &mut dump).expect("writing to memory");
    let mut parser = Parser::new(Format::F1Json);
    let mut batch = Batch::new();
    let mut store = Store::new();
    for chunk in dump.chunks(1 << 20) {
        parser.feed(chunk, &mut batch);
        store.ingest(&batch, parser.observers(), ObserverKind::Mqtt);
        batch.clear();
    }
    parser.finish(&mut batch);
    store.ingest(&batch, parser.observers(), ObserverKind::Mqtt);
    let now_ms = store.time_span().map_or(0, |(_, last)| last);
    let adverts = store.aggregates().payload_types.get(PayloadType::Advert);
    eprintln!(
        "analytics bench: {} nodes, {} observers, {hours} h: {} observations of {} transmissions ({} and {} of \
         adverts), {} nodes known, built in {:.1} s",
        mesh.nodes,
        mesh.observers,
        store.observation_count(),
        store.transmission_count(),
        adverts.observations,
        adverts.transmissions,
        store.nodes().len(),
        started.elapsed().as_secs_f64()
    );
    (store, now_ms)
}

fn hash_family(c: &mut Criterion) {
    let meshes = [
        ("default", MeshOptions::default(), 24),
        (
            "760-nodes",
            MeshOptions {
                nodes: 760,
                observers: 31,
                spread_km: 300.0,
                ..MeshOptions::default()
            },
            6,
        ),
    ];
    for (label, mesh, hours) in meshes {
        let (store, now) = day_store(&mesh, hours);
        let mut group = c.benchmark_group(format!("analytics-{label}"));
        group.sample_size(30);
        group.bench_function("scan-baseline", |b| {
            let observations = store.observations();
            b.iter(|| {
                let sum: f32 = (0..observations.len() as u32)
                    .filter_map(|index| observations.snr_db(ObsId(index)))
                    .sum();
                black_box(sum)
            })
        });
        group.bench_function("hash_sizes", |b| {
            b.iter(|| black_box(analytics::hash_sizes(black_box(&store), now)))
        });
        group.bench_function("hash_collisions", |b| {
            b.iter(|| black_box(analytics::hash_collisions(black_box(&store), now)))
        });
        group.bench_function("prefix_tool", |b| {
            b.iter(|| black_box(analytics::prefix_tool(black_box(&store))))
        });
        group.bench_function("nodes+node_status", |b| {
            b.iter(|| {
                let table = analytics::nodes(black_box(&store), now);
                black_box(analytics::node_status(&table));
                black_box(table)
            })
        });
        group.bench_function("check_prefix", |b| {
            b.iter(|| black_box(analytics::check_prefix(black_box(&store), "A4")))
        });
        group.bench_function("available_prefix", |b| {
            b.iter(|| black_box(analytics::available_prefix(black_box(&store), 2, 7)))
        });
        group.finish();
    }
}

/// The hop resolver, the neighbor graph and the analytics built on them, on the default mesh's day. The pages
/// are timed at their worst: the packet with the most observations, the repeater whose 1-byte hop hash is in
/// the most paths.
fn graph_family(c: &mut Criterion) {
    let (store, now) = day_store(&MeshOptions::default(), 24);
    let mut group = c.benchmark_group("analytics-graph");
    group.sample_size(30);
    group.bench_function("resolver_new", |b| {
        b.iter(|| black_box(analytics::Resolver::new(black_box(&store), now)))
    });
    group.bench_function("neighbors", |b| {
        b.iter(|| black_box(analytics::neighbors(black_box(&store), now)))
    });
    let resolver = analytics::Resolver::new(&store, now);
    let mut path = analytics::ResolvedPath::new();
    group.bench_function("resolve_every_longest_path", |b| {
        b.iter(|| {
            let mut decided = 0;
            for index in 0..store.transmission_count() as u32 {
                if let Some((_, obs)) = store.transmissions().longest_path(TxId(index)) {
                    resolver.resolve_observation(&store, obs, &mut path);
                    decided += path.hops().iter().filter(|hop| hop.node.is_some()).count();
                }
            }
            black_box(decided)
        })
    });
    group.bench_function("distance", |b| {
        b.iter(|| black_box(analytics::distance(black_box(&store), &resolver)))
    });
    group.bench_function("topology", |b| {
        b.iter(|| black_box(analytics::topology(black_box(&store), &resolver)))
    });
    group.bench_function("route_patterns", |b| {
        b.iter(|| black_box(analytics::route_patterns(black_box(&store), &resolver)))
    });
    // The recomputer's graph job: the whole family at once, and its steps: the resolver and the neighbor
    // graph (above), the longest paths in observation order, and a first slice of 4,096 paths (every
    // resolution still cold).
    group.bench_function("graph", |b| {
        b.iter(|| black_box(analytics::graph(black_box(&store), now)))
    });
    group.bench_function("longest_in_observation_order", |b| {
        b.iter(|| {
            black_box(analytics::legs::longest_in_observation_order(black_box(
                &store,
            )))
        })
    });
    group.bench_function("graph_job_slice_4096", |b| {
        b.iter_batched(
            || {
                let mut job = analytics::GraphJob::new(&store, now);
                for _ in 0..3 {
                    job.step(&store, 4_096);
                }
                job
            },
            |mut job| black_box(job.step(&store, 4_096).is_some()),
            BatchSize::LargeInput,
        )
    });
    let busiest = (0..store.transmission_count() as u32)
        .map(TxId)
        .max_by_key(|&tx| store.transmissions().observation_count(tx))
        .and_then(|tx| store.transmissions().hash(tx))
        .expect("a generated day has packets");
    group.bench_function("packet_detail", |b| {
        b.iter(|| {
            black_box(analytics::packet_detail(
                black_box(&store),
                &resolver,
                busiest,
            ))
        })
    });
    let relay = store
        .nodes()
        .iter()
        .filter(|(_, node)| analytics::resolve::can_forward(node.role))
        .max_by_key(|(_, node)| store.txs_with_hop(&node.public_key[..1]).len())
        .map(|(_, node)| node.public_key)
        .expect("a generated day has repeaters");
    group.bench_function("node_detail", |b| {
        b.iter(|| {
            black_box(analytics::node_detail(
                black_box(&store),
                &resolver,
                &relay,
                now,
            ))
        })
    });
    group.finish();
}

/// Overview, RF, channels, observers, clock skew, on the default mesh's day.
fn stats(c: &mut Criterion) {
    let (store, now) = day_store(&MeshOptions::default(), 24);
    let mut group = c.benchmark_group("analytics-stats");
    group.sample_size(30);
    group.bench_function("scan-baseline", |b| {
        let observations = store.observations();
        b.iter(|| {
            let sum: f32 = (0..observations.len() as u32)
                .filter_map(|index| observations.snr_db(ObsId(index)))
                .sum();
            black_box(sum)
        })
    });
    group.bench_function("overview", |b| {
        b.iter(|| black_box(analytics::overview(black_box(&store), now)))
    });
    group.bench_function("rf", |b| {
        b.iter(|| black_box(analytics::rf(black_box(&store))))
    });
    group.bench_function("channels", |b| {
        b.iter(|| black_box(analytics::channels(black_box(&store))))
    });
    group.bench_function("channel_stats", |b| {
        b.iter(|| black_box(analytics::channel_stats(black_box(&store))))
    });
    group.bench_function("observers", |b| {
        b.iter(|| black_box(analytics::observers(black_box(&store), now)))
    });
    group.bench_function("clock_skew", |b| {
        b.iter(|| black_box(analytics::clock_skew(black_box(&store))))
    });
    group.finish();
}

/// Airtime, anomalies and neighbour signal (issue 9), on the default mesh's day.
fn engine(c: &mut Criterion) {
    let (store, _) = day_store(&MeshOptions::default(), 24);
    let mut group = c.benchmark_group("analytics-engine");
    group.sample_size(30);
    let airtime_options = analytics::AirtimeOptions::default();
    group.bench_function("airtime", |b| {
        b.iter(|| black_box(analytics::airtime(black_box(&store), &airtime_options)))
    });
    let anomaly_options = analytics::AnomalyOptions::default();
    group.bench_function("anomalies", |b| {
        b.iter(|| black_box(analytics::anomalies(black_box(&store), &anomaly_options)))
    });
    let neighbor_options = analytics::NeighborOptions::default();
    group.bench_function("neighbor_signal", |b| {
        b.iter(|| {
            black_box(analytics::neighbor_signal(
                black_box(&store),
                &neighbor_options,
            ))
        })
    });
    // The recomputer's steady state: a state that has folded the store, updated with nothing new, then a
    // snapshot (the first fold of a whole store costs about what `airtime` and `neighbor_signal` do).
    let mut airtime_state = analytics::AirtimeState::new();
    airtime_state.update(&store, &airtime_options.radio, usize::MAX);
    group.bench_function("airtime_tick", |b| {
        b.iter(|| {
            airtime_state.update(black_box(&store), &airtime_options.radio, usize::MAX);
            black_box(airtime_state.snapshot(&store, &airtime_options))
        })
    });
    let mut anomalies_state = analytics::AnomaliesState::new(anomaly_options);
    anomalies_state.update(&store, usize::MAX);
    group.bench_function("anomalies_tick", |b| {
        b.iter(|| {
            anomalies_state.update(black_box(&store), usize::MAX);
            black_box(anomalies_state.snapshot(&store))
        })
    });
    let mut neighbor_state = analytics::NeighborSignalState::new();
    neighbor_state.update(&store, usize::MAX);
    group.bench_function("neighbor_signal_tick", |b| {
        b.iter(|| {
            neighbor_state.update(black_box(&store), usize::MAX);
            black_box(neighbor_state.snapshot(&store, &neighbor_options))
        })
    });
    group.finish();
}

/// Observer comparison of the two busiest observers and channel discovery (issue 9), on the default mesh's
/// day; the brute force of every name up to 4 letters against the day's undecrypted hash bytes.
fn insights(c: &mut Criterion) {
    let (store, _) = day_store(&MeshOptions::default(), 24);
    let mut busiest: Vec<(usize, u32)> = store
        .observers()
        .iter()
        .map(|(id, _)| (store.obs_by_observer(id).count(), id.0))
        .collect();
    busiest.sort_unstable_by(|x, y| y.cmp(x));
    let a = meshscope::store::ObserverId(busiest.first().map_or(0, |b| b.1));
    let b = meshscope::store::ObserverId(busiest.get(1).map_or(1, |b| b.1));
    let mut group = c.benchmark_group("analytics-insights");
    group.sample_size(20);
    group.bench_function("observer_compare", |bench| {
        bench.iter(|| black_box(analytics::observer_compare(black_box(&store), a, b)))
    });
    let listed = analytics::DiscoveryOptions::default();
    group.bench_function("channel_discovery", |bench| {
        bench.iter(|| black_box(analytics::channel_discovery(black_box(&store), &listed)))
    });
    group.sample_size(10);
    let brute = analytics::DiscoveryOptions {
        brute_force_len: 4,
        ..analytics::DiscoveryOptions::default()
    };
    let targets = analytics::channel_discovery::targets(&store);
    group.bench_function("channel_discovery_brute_force_4", |bench| {
        bench.iter(|| {
            let candidates =
                analytics::channel_discovery::Candidates::new(&brute.words, brute.brute_force_len);
            let mut search = analytics::channel_discovery::Search::new(targets.clone(), candidates);
            black_box(search.run())
        })
    });
    group.finish();
}

criterion_group!(benches, hash_family, graph_family, stats, engine, insights);
criterion_main!(benches);
