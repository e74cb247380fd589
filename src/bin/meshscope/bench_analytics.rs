//! `meshscope bench analytics`: every analytic's compute time on a generated day, as the browser's
//! recomputer runs them (whole computes, the sliced jobs' first slice, the incremental states' steady ticks).

use std::hint::black_box;
use std::io::{self, Write};
use std::time::Instant;

use meshscope::analytics::{
    self, AirtimeOptions, AirtimeState, AnomaliesState, AnomalyOptions, ClockSkewJob, GraphJob,
    NeighborOptions, NeighborSignalState, SliceRows,
};
use meshscope::generate::{Mesh, MeshOptions, OutputOptions, TrafficOptions, write_dump};
use meshscope::ingest::{Batch, Format, Parser};
use meshscope::store::{ObserverKind, Store, TxId};

const HELP: &str = "\
usage: meshscope bench analytics [--observations N] [--nodes N] [--observers N] [--hours H]

Generates a mesh's traffic (default: 1,300,000 observations of 60 nodes and 4 observers over 24 h, CoreScope's
production day) straight into a store, then times each analytic once cold and once more, and prints one JSON
line per analytic: {\"analytic\", \"first_ms\", \"again_ms\"}. The recomputer's sliced jobs
(`clock_skew_job`, `graph_job`, `insights_job`) are also run in slices sized as the browser sizes them (rows
adapted to about 4 ms a slice): {\"analytic\", \"slices\", \"longest_slice_ms\", \"total_ms\"};
incremental states report their tick with nothing new (`*_tick`).";

/// Runs `bench analytics` with the arguments after `analytics`.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut observations: u64 = 1_300_000;
    let mut mesh = MeshOptions::default();
    let mut hours: i64 = 24;
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        if flag == "--help" || flag == "-h" {
            println!("{HELP}");
            return Ok(());
        }
        let value = rest
            .next()
            .ok_or_else(|| format!("{flag}: needs a value\n{HELP}"))?;
        let number = || {
            value
                .replace('_', "")
                .parse::<u64>()
                .map_err(|_| format!("{flag} {value:?}: not a whole number"))
        };
        match flag.as_str() {
            "--observations" => observations = number()?,
            "--nodes" => mesh.nodes = number()? as usize,
            "--observers" => mesh.observers = number()? as usize,
            "--hours" => hours = number()? as i64,
            _ => return Err(format!("unknown option {flag}\n{HELP}")),
        }
    }
    let started = Instant::now();
    let store = generated_store(&mesh, hours, observations).map_err(|err| err.to_string())?;
    let now_ms = store.time_span().map_or(0, |(_, last)| last);
    eprintln!(
        "bench analytics: {} observations of {} transmissions, {} nodes, store {:.0} MB, generated and ingested \
         in {:.1} s",
        store.observation_count(),
        store.transmission_count(),
        store.nodes().len(),
        store.memory().total as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    time_all(&store, now_ms);
    Ok(())
}

/// A store fed straight from the generator, a megabyte of F.1 lines at a time.
fn generated_store(mesh: &MeshOptions, hours: i64, observations: u64) -> io::Result<Store> {
    let traffic = TrafficOptions {
        duration_ms: hours * 3_600_000,
        ..TrafficOptions::default()
    };
    let output = OutputOptions {
        target_observations: Some(observations),
        ..OutputOptions::default()
    };
    let mut sink = StoreSink {
        parser: Parser::new(Format::F1Json),
        batch: Batch::new(),
        store: Store::new(),
        pending: Vec::new(),
    };
    write_dump(&Mesh::new(mesh), &traffic, &output, &mut sink)?;
    sink.flush()?;
    sink.parser.finish(&mut sink.batch);
    sink.store
        .ingest(&sink.batch, sink.parser.observers(), ObserverKind::Mqtt);
    Ok(sink.store)
}

/// A writer that parses what it is given into a store.
struct StoreSink {
    parser: Parser,
    batch: Batch,
    store: Store,
    pending: Vec<u8>,
}

impl Write for StoreSink {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(bytes);
        if self.pending.len() >= 1 << 20 {
            self.flush()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.parser.feed(&self.pending, &mut self.batch);
        self.store
            .ingest(&self.batch, self.parser.observers(), ObserverKind::Mqtt);
        self.batch.clear();
        self.pending.clear();
        Ok(())
    }
}

/// Prints `name`'s time cold and again.
fn time<T>(name: &str, mut compute: impl FnMut() -> T) {
    let mut once = || {
        let started = Instant::now();
        black_box(compute());
        started.elapsed().as_secs_f64() * 1e3
    };
    let first = once();
    let again = once();
    println!("{{\"analytic\":\"{name}\",\"first_ms\":{first:.3},\"again_ms\":{again:.3}}}");
}

/// Runs `step` with the rows [`SliceRows`] allows until it says it is done, and prints its slices, longest slice
/// and total time.
fn time_sliced(name: &str, mut step: impl FnMut(usize) -> bool) {
    let (mut slices, mut longest, mut total) = (0u32, 0f64, 0f64);
    let mut rows = SliceRows::default();
    loop {
        let started = Instant::now();
        let done = step(rows.rows());
        let ms = started.elapsed().as_secs_f64() * 1e3;
        rows.took(ms);
        slices += 1;
        longest = longest.max(ms);
        total += ms;
        if done {
            break;
        }
    }
    println!(
        "{{\"analytic\":\"{name}\",\"slices\":{slices},\"longest_slice_ms\":{longest:.3},\"total_ms\":{total:.3}}}"
    );
}

fn time_all(store: &Store, now_ms: i64) {
    time("summary", || analytics::summary(store));
    time("payload_types", || analytics::payload_types(store));
    time("nodes", || analytics::nodes(store, now_ms));
    time("observers", || analytics::observers(store, now_ms));
    time("channels", || analytics::channels(store));
    time("hash_sizes", || analytics::hash_sizes(store, now_ms));
    time("hash_collisions", || {
        analytics::hash_collisions(store, now_ms)
    });
    time("prefix_tool", || analytics::prefix_tool(store));
    time("overview", || analytics::overview(store, now_ms));
    time("rf", || analytics::rf(store));
    time("clock_skew", || analytics::clock_skew(store));
    let mut job = ClockSkewJob::new(store);
    time_sliced("clock_skew_job", |rows| job.step(store, rows).is_some());
    time("resolver", || analytics::Resolver::new(store, now_ms));
    time("graph", || analytics::graph(store, now_ms));
    let mut job = GraphJob::new(store, now_ms);
    time_sliced("graph_job", |rows| job.step(store, rows).is_some());
    let airtime_options = AirtimeOptions::default();
    let anomaly_options = AnomalyOptions::default();
    let neighbor_options = NeighborOptions::default();
    time("airtime", || analytics::airtime(store, &airtime_options));
    time("anomalies", || {
        analytics::anomalies(store, &anomaly_options)
    });
    time("neighbor_signal", || {
        analytics::neighbor_signal(store, &neighbor_options)
    });
    let mut airtime = AirtimeState::new();
    let mut anomalies = AnomaliesState::new(anomaly_options);
    let mut neighbors = NeighborSignalState::new();
    time_sliced("insights_job", |rows| {
        let airtime = airtime.update(store, &airtime_options.radio, rows);
        let anomalies = anomalies.update(store, rows);
        let neighbors = neighbors.update(store, rows);
        airtime && anomalies && neighbors
    });
    let mut airtime = AirtimeState::new();
    airtime.update(store, &airtime_options.radio, usize::MAX);
    time("airtime_tick", || {
        airtime.update(store, &airtime_options.radio, usize::MAX);
        airtime.snapshot(store, &airtime_options)
    });
    let mut anomalies = AnomaliesState::new(anomaly_options);
    anomalies.update(store, usize::MAX);
    time("anomalies_tick", || {
        anomalies.update(store, usize::MAX);
        anomalies.snapshot(store)
    });
    let mut neighbors = NeighborSignalState::new();
    neighbors.update(store, usize::MAX);
    time("neighbor_signal_tick", || {
        neighbors.update(store, usize::MAX);
        neighbors.snapshot(store, &neighbor_options)
    });
    let busiest = (0..store.transmission_count() as u32)
        .map(TxId)
        .max_by_key(|&tx| store.transmissions().observation_count(tx))
        .and_then(|tx| store.transmissions().hash(tx));
    let resolver = analytics::Resolver::new(store, now_ms);
    if let Some(hash) = busiest {
        time("packet_detail", || {
            analytics::packet_detail(store, &resolver, hash)
        });
    }
    let relay = store
        .nodes()
        .iter()
        .filter(|(_, node)| analytics::resolve::can_forward(node.role))
        .max_by_key(|(_, node)| store.txs_with_hop(&node.public_key[..1]).len())
        .map(|(_, node)| node.public_key);
    if let Some(key) = relay {
        time("node_detail", || {
            analytics::node_detail(store, &resolver, &key, now_ms)
        });
    }
}
