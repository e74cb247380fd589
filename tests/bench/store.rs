//! Store ingest throughput and memory.
//!
//! Input: unique packets from `protocol::corpus::mixed` (signed adverts, channel messages, ACKs, datagrams,
//! traces), each heard by 1-47 of 40 observers (24 on average, like the 1.3 M observations / 55 K transmissions
//! of a production observer feed), each hearing with the flood path cut where that observer heard it.
//!
//! - `store/f1_end_to_end`: F.1 JSON lines in 1 MiB chunks through `ingest::Parser` into a new `Store`: parse,
//!   hex, decode, hash, store, index, verify adverts, decrypt Public messages. Target: 1,000,000 lines/s.
//! - `store/ingest_batches`: the same observations already parsed: the store's share alone.
//! - `store/serde_baseline`: the same lines deserialized into six borrowed `&str` fields and nothing else
//!   (performance.md: 349 ns a line on an idle machine). On a busy machine, the ratio of the end-to-end time to
//!   this baseline, times 349 ns, estimates the idle figure. Before the benches, `calibrate` alternates the
//!   three runs 11 times and prints the median ratios and the estimates they give.
//!
//! Before the benches run, the memory figures are printed: 1.3 M observations of 55 K transmissions (target
//! under 150 MB), and with `STORE_BENCH_10M=1` also 10 M observations (target under 1 GB).

use std::hint::black_box;
use std::time::Instant;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use meshscope::ingest::{Batch, Format, Observation, ObserverInfo, Parser};
use meshscope::protocol::{PacketRepr, PathLen, PayloadType, corpus, decode, encode_packet};
use meshscope::store::{ObserverKind, Store};

const CHUNK: usize = 1 << 20;
const OBSERVERS: usize = 40;
const MEAN_HEARINGS: u64 = 24;
/// 2024-01-01T00:00:00Z.
const T0: i64 = 1_704_067_200_000;

/// A deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }
}

/// One hearing: packet bytes, observer, time, SNR, RSSI.
struct Hearing {
    packet: Vec<u8>,
    observer: u32,
    time_ms: i64,
    snr_db: f32,
    rssi_dbm: i16,
}

/// `transmissions` unique packets, each heard by 1 to 2 × 24 - 1 observers, packets a second apart, observer
/// clocks ±2 s apart. Two in
/// three of the corpus's adverts are left out: the corpus has 30 % adverts, a production feed about 10 %
/// (760 nodes advertising about twice a day in 55 K transmissions over 4.5 days), and each costs an Ed25519
/// verification (37 µs) at ingest.
fn hearings(transmissions: usize, seed: u64, mut each: impl FnMut(Hearing)) -> usize {
    let mut rng = Rng(seed | 1);
    let mut count = 0;
    let mut done = 0;
    let mut round = 0;
    while done < transmissions {
        round += 1;
        for packet in corpus::mixed(10_000, seed ^ round) {
            if done == transmissions {
                break;
            }
            let decoded = decode(&packet).expect("corpus packets decode");
            let repr = decoded.packet;
            if repr.payload_type() == PayloadType::Advert && rng.below(3) != 0 {
                continue;
            }
            let size = repr.path_len.hash_size().unwrap_or(1);
            let hops = repr.path_len.hash_count();
            let base = T0 + done as i64 * 1_000;
            let heard_by = 1 + rng.below(2 * MEAN_HEARINGS - 1);
            let first_observer = rng.below(OBSERVERS as u64);
            let keeps_path =
                repr.payload_type() == PayloadType::Trace || !repr.route.route_type().is_flood();
            for j in 0..heard_by {
                let kept = if keeps_path {
                    hops
                } else {
                    rng.below(hops as u64 + 1) as usize
                };
                let cut = match PathLen::new(size, kept) {
                    Some(path_len) if !keeps_path => PacketRepr {
                        path_len,
                        path: &repr.path[..kept * size],
                        ..repr
                    },
                    _ => repr,
                };
                let mut bytes = Vec::with_capacity(packet.len());
                encode_packet(&cut, &mut bytes).expect("a cut path encodes");
                each(Hearing {
                    packet: bytes,
                    observer: ((first_observer + j) % OBSERVERS as u64) as u32,
                    // Observer clocks disagree by up to ±2 s, so arrival order is not time order.
                    time_ms: base + j as i64 * 40 + rng.below(4_000) as i64 - 2_000,
                    snr_db: (rng.below(120) as f32) / 4.0 - 10.0,
                    rssi_dbm: -30 - rng.below(90) as i16,
                });
                count += 1;
            }
            done += 1;
        }
    }
    count
}

fn observer_key(index: usize) -> String {
    (0..32)
        .map(|b| format!("{:02X}", (index * 37 + b * 11) as u8))
        .collect()
}

/// F.1 JSON lines of the hearings, about 500 bytes each as the observer feed writes them.
fn f1_lines(transmissions: usize) -> (Vec<u8>, usize) {
    let keys: Vec<String> = (0..OBSERVERS).map(observer_key).collect();
    let mut input = Vec::new();
    let lines = hearings(transmissions, 0x5EED, |h| {
        let raw = meshscope::hex::encode_upper(&h.packet);
        let time = meshscope::time::format_rfc3339_ms(h.time_ms);
        let line = format!(
            r#"{{"origin":"Observer {o}","origin_id":"{key}","timestamp":"{time}","type":"PACKET","direction":"rx","time":"12:00:00","date":"01/01/2024","len":"{len}","packet_type":"{kind}","route":"F","payload_len":"{len}","raw":"{raw}","SNR":"{snr}","RSSI":"{rssi}","hash":"0000000000000000"}}"#,
            o = h.observer,
            key = keys[h.observer as usize],
            len = h.packet.len(),
            kind = (h.packet[0] >> 2) & 0x0F,
            snr = h.snr_db,
            rssi = h.rssi_dbm,
        );
        input.extend_from_slice(line.as_bytes());
        input.push(b'\n');
    });
    (input, lines)
}

/// The benchmark's observer table: 40 observers with keys and names.
fn observer_infos() -> Vec<ObserverInfo> {
    (0..OBSERVERS)
        .map(|i| ObserverInfo {
            id: Some([i as u8 + 1; 32]),
            name: Some(format!("Observer {i}")),
            iata: Some("SEA".into()),
        })
        .collect()
}

fn observation_of(h: &Hearing) -> Observation {
    Observation {
        timestamp_ms: h.time_ms,
        snr_db: Some(h.snr_db),
        rssi_dbm: Some(h.rssi_dbm),
        observer: h.observer,
        source: 0,
    }
}

/// The hearings as parser batches of about 10,000 observations, with their observer table.
fn batches(transmissions: usize, seed: u64) -> (Vec<Batch>, Vec<ObserverInfo>, usize) {
    let mut out = vec![Batch::new()];
    let count = hearings(transmissions, seed, |h| {
        if out.last().is_some_and(|b| b.records().len() >= 10_000) {
            out.push(Batch::new());
        }
        if let Some(batch) = out.last_mut() {
            batch.push(observation_of(&h), &h.packet);
        }
    });
    (out, observer_infos(), count)
}

fn ingest_f1(input: &[u8]) -> Store {
    let mut parser = Parser::new(Format::F1Json);
    let mut batch = Batch::new();
    let mut store = Store::new();
    for chunk in input.chunks(CHUNK) {
        parser.feed(chunk, &mut batch);
        store.ingest(&batch, parser.observers(), ObserverKind::Mqtt);
        batch.clear();
    }
    parser.finish(&mut batch);
    store.ingest(&batch, parser.observers(), ObserverKind::Mqtt);
    store
}

fn ingest_batches(batches: &[Batch], observers: &[ObserverInfo]) -> Store {
    let mut store = Store::new();
    for batch in batches {
        store.ingest(batch, observers, ObserverKind::Mqtt);
    }
    store
}

/// A store of the hearings of `transmissions` packets, ingested in batches of 10,000 as they are generated.
fn streamed_store(transmissions: usize, seed: u64) -> (Store, usize) {
    let observers = observer_infos();
    let mut store = Store::new();
    let mut batch = Batch::new();
    let count = hearings(transmissions, seed, |h| {
        batch.push(observation_of(&h), &h.packet);
        if batch.records().len() >= 10_000 {
            store.ingest(&batch, &observers, ObserverKind::Mqtt);
            batch.clear();
        }
    });
    store.ingest(&batch, &observers, ObserverKind::Mqtt);
    (store, count)
}

/// Prints the memory figures of a store of the hearings of `transmissions` packets.
fn report_memory(label: &str, transmissions: usize) {
    let started = Instant::now();
    let (store, count) = streamed_store(transmissions, 0xB16);
    let elapsed = started.elapsed().as_secs_f64();
    let usage = store.memory();
    eprintln!(
        "memory {label}: {} observations, {} transmissions ({count} hearings, {} repeats): {:.1} MB total, \
         {:.1} bytes/observation, {:.0} bytes/transmission; observation columns {:.1} MB, transmissions {:.1} MB \
         + raw {:.1} MB + maps {:.1} MB, paths {:.1} MB ({} paths), indexes {:.1} MB, aggregates {:.2} MB, \
         nodes {:.2} MB; generated and ingested in {:.1} s",
        store.observation_count(),
        store.transmission_count(),
        store.repeats(),
        usage.total as f64 / 1e6,
        usage.bytes_per_observation(),
        usage.bytes_per_transmission(),
        usage.observations as f64 / 1e6,
        usage.transmissions as f64 / 1e6,
        usage.raw_bytes as f64 / 1e6,
        usage.transmission_maps as f64 / 1e6,
        usage.paths as f64 / 1e6,
        store.paths().len(),
        usage.indexes as f64 / 1e6,
        usage.aggregates as f64 / 1e6,
        usage.nodes as f64 / 1e6,
        elapsed,
    );
}

fn memory(_: &mut Criterion) {
    report_memory("1.3M", 55_000);
    if std::env::var_os("STORE_BENCH_10M").is_some() {
        report_memory("10M", 420_000);
    }
}

fn f1_end_to_end(c: &mut Criterion) {
    let (input, lines) = f1_lines(4_200);
    let store = ingest_f1(&input);
    assert_eq!(
        store.observation_count() as u64 + store.repeats(),
        lines as u64
    );
    let mut group = c.benchmark_group("store");
    group.throughput(Throughput::Elements(lines as u64));
    group.sample_size(20);
    group.bench_function(format!("f1_end_to_end_{lines}_lines"), |b| {
        b.iter(|| black_box(ingest_f1(black_box(&input))))
    });
    group.finish();
}

fn store_only(c: &mut Criterion) {
    let (batches, observers, count) = batches(4_200, 0x5EED);
    let mut group = c.benchmark_group("store");
    group.throughput(Throughput::Elements(count as u64));
    group.sample_size(20);
    group.bench_function(format!("ingest_batches_{count}"), |b| {
        b.iter(|| black_box(ingest_batches(black_box(&batches), &observers)))
    });
    group.finish();
}

/// One eviction under a budget (what a live feed at its memory budget pays about every 15 % of the budget):
/// the store of `store_only`, its budget set just under its size, so that the oldest transmissions go down to
/// 85 % of the budget and every index and aggregate is renumbered or recounted (see `store/evict.rs`).
fn evict(c: &mut Criterion) {
    let (batches, observers, _) = batches(4_200, 0x5EED);
    let store = ingest_batches(&batches, &observers);
    // A clone's memory is what it holds, without the ingest's spare capacity.
    let budget = store.clone().memory().total * 95 / 100;
    let evicted = store.clone().set_budget(Some(budget));
    assert!(evicted.observations > 0, "the budget evicts");
    eprintln!(
        "evict: {} observations, budget {:.1} MB: {} observations evicted",
        store.observation_count(),
        budget as f64 / 1e6,
        evicted.observations
    );
    let mut group = c.benchmark_group("store");
    group.sample_size(20);
    group.bench_function("evict_to_85_percent", |b| {
        b.iter_batched(
            || store.clone(),
            |mut store| black_box(store.set_budget(Some(budget))),
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

/// The six fields an observation needs, borrowed.
#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Borrowed<'a> {
    origin: &'a str,
    origin_id: &'a str,
    timestamp: &'a str,
    raw: &'a str,
    #[serde(rename = "SNR")]
    snr: &'a str,
    #[serde(rename = "RSSI")]
    rssi: &'a str,
}

fn serde_baseline(c: &mut Criterion) {
    let (input, count) = f1_lines(4_200);
    let lines: Vec<&[u8]> = input
        .split(|&byte| byte == b'\n')
        .filter(|line| !line.is_empty())
        .collect();
    assert_eq!(lines.len(), count);
    let mut group = c.benchmark_group("store");
    group.throughput(Throughput::Elements(count as u64));
    group.sample_size(20);
    group.bench_function("serde_baseline", |b| {
        b.iter(|| black_box(parse_borrowed(black_box(&lines))))
    });
    group.finish();
}

/// Idle time of the serde baseline per line, performance.md.
const SERDE_IDLE_NS: f64 = 349.0;

fn parse_borrowed(lines: &[&[u8]]) -> usize {
    lines
        .iter()
        .filter(|line| serde_json::from_slice::<Borrowed<'_>>(line).is_ok())
        .count()
}

/// Alternates end-to-end, store-only and baseline runs and prints the median ratios to the baseline, and the
/// idle throughputs they imply: load on a shared machine slows all three alike within a few hundred ms.
fn calibrate(_: &mut Criterion) {
    let (input, count) = f1_lines(4_200);
    let lines: Vec<&[u8]> = input
        .split(|&byte| byte == b'\n')
        .filter(|line| !line.is_empty())
        .collect();
    let (batches, observers, _) = batches(4_200, 0x5EED);
    let mut end_to_end = Vec::new();
    let mut store_only = Vec::new();
    for _ in 0..11 {
        let started = Instant::now();
        black_box(ingest_f1(black_box(&input)));
        let e2e = started.elapsed().as_secs_f64();
        let started = Instant::now();
        black_box(ingest_batches(black_box(&batches), &observers));
        let store = started.elapsed().as_secs_f64();
        let started = Instant::now();
        black_box(parse_borrowed(black_box(&lines)));
        let serde = started.elapsed().as_secs_f64();
        end_to_end.push(e2e / serde);
        store_only.push(store / serde);
    }
    let median = |ratios: &mut Vec<f64>| {
        ratios.sort_by(f64::total_cmp);
        ratios[ratios.len() / 2]
    };
    let (e2e, store) = (median(&mut end_to_end), median(&mut store_only));
    eprintln!(
        "calibrate ({count} lines): end-to-end = {e2e:.2} x serde baseline -> about {:.0} ns, {:.2} M lines/s idle; \
         store only = {store:.2} x -> about {:.0} ns, {:.2} M observations/s idle",
        e2e * SERDE_IDLE_NS,
        1e3 / (e2e * SERDE_IDLE_NS),
        store * SERDE_IDLE_NS,
        1e3 / (store * SERDE_IDLE_NS),
    );
}

criterion_group!(
    benches,
    memory,
    calibrate,
    f1_end_to_end,
    store_only,
    evict,
    serde_baseline
);
criterion_main!(benches);
