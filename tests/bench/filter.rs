//! Display filter speed over 1,000,000 transmissions (about 1.3 million observations).
//!
//! The store: unique packets from `protocol::corpus::mixed` (adverts thinned to one in three, as in a real feed;
//! channel messages, ACKs, datagrams, traces), each heard by one of 10 observers, three in ten also by one or
//! two more with a shorter path, one second apart. Each bench applies one filter to the whole store with
//! [`matching`] (a full scan, as when the filter changes), by transmission unless named `by_obs`. The target is
//! 200 ms in the browser for 1 M transmissions; wasm runs at roughly half native speed, so native figures
//! should stay under about 100 ms.

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use meshscope::filter::{Filter, Mode, matching};
use meshscope::ingest::{Batch, Observation, ObserverInfo};
use meshscope::protocol::{PacketRepr, PathLen, PayloadType, corpus, decode, encode_packet};
use meshscope::store::{ObserverKind, Store};

const TRANSMISSIONS: usize = 1_000_000;
const OBSERVERS: u32 = 10;
const IATA: [&str; 5] = ["SEA", "PDX", "SFO", "LAX", "BOS"];
/// 2026-01-01T00:00:00Z.
const T0: i64 = 1_767_225_600_000;

struct Rng(u64);

impl Rng {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound.max(1)
    }
}

fn observers() -> Vec<ObserverInfo> {
    (0..OBSERVERS)
        .map(|i| ObserverInfo {
            id: Some([i as u8 + 1; 32]),
            name: Some(format!("Observer {i}")),
            iata: Some(IATA[i as usize % IATA.len()].into()),
        })
        .collect()
}

/// A store of `transmissions` unique packets; see the module documentation.
fn build_store(transmissions: usize) -> Store {
    let mut rng = Rng(0x5EED_F11E);
    let infos = observers();
    let mut store = Store::new();
    let mut batch = Batch::new();
    let mut done = 0;
    let mut round = 0u64;
    while done < transmissions {
        round += 1;
        for packet in corpus::mixed(10_000, 0xF117 ^ round) {
            if done == transmissions {
                break;
            }
            let Ok(decoded) = decode(&packet) else {
                continue;
            };
            let repr = decoded.packet;
            if repr.payload_type() == PayloadType::Advert && rng.below(3) != 0 {
                continue;
            }
            let hearings = if rng.below(10) < 3 {
                1 + rng.below(2)
            } else {
                0
            };
            let first = rng.below(u64::from(OBSERVERS)) as u32;
            for j in 0..=hearings {
                let size = repr.path_len.hash_size().unwrap_or(1);
                let hops = repr.path_len.hash_count();
                let keep = hops.saturating_sub(j as usize);
                let cut = match PathLen::new(size, keep) {
                    Some(path_len)
                        if repr.route.route_type().is_flood()
                            && repr.payload_type() != PayloadType::Trace =>
                    {
                        PacketRepr {
                            path_len,
                            path: &repr.path[..keep * size],
                            ..repr
                        }
                    }
                    _ => repr,
                };
                let mut bytes = Vec::with_capacity(packet.len());
                if encode_packet(&cut, &mut bytes).is_err() {
                    continue;
                }
                let observation = Observation {
                    timestamp_ms: T0 + done as i64 * 1_000 + j as i64 * 30,
                    snr_db: Some(rng.below(120) as f32 / 4.0 - 15.0),
                    rssi_dbm: Some(-30 - rng.below(90) as i16),
                    observer: (first + j as u32) % OBSERVERS,
                    source: 0,
                };
                batch.push(observation, &bytes);
            }
            done += 1;
            if batch.records().len() >= 20_000 {
                store.ingest(&batch, &infos, ObserverKind::Mqtt);
                batch.clear();
            }
        }
    }
    store.ingest(&batch, &infos, ObserverKind::Mqtt);
    store
}

/// The filters measured: name, text, mode.
const FILTERS: &[(&str, &str, Mode)] = &[
    ("type_advert", "type == ADVERT", Mode::Transmissions),
    (
        "type_and_snr",
        "type == ADVERT && snr > 5",
        Mode::Transmissions,
    ),
    ("snr", "snr > 5", Mode::Transmissions),
    ("observer", "observer == SEA", Mode::Transmissions),
    ("not_heard_by", "!(heard_by == PDX)", Mode::Transmissions),
    ("hops", "hops >= 3", Mode::Transmissions),
    ("path_contains", "path contains A3", Mode::Transmissions),
    ("name_contains", "name contains \"a\"", Mode::Transmissions),
    (
        "channel_text",
        "channel == public && text contains \"the\"",
        Mode::Transmissions,
    ),
    (
        "payload_hex",
        "payload_hex contains 00ff",
        Mode::Transmissions,
    ),
    (
        "combined",
        "(type == GRP_TXT || type == ADVERT) && hops >= 1 && !(observer == PDX) && snr > -5",
        Mode::Transmissions,
    ),
    ("by_obs_snr", "snr > 5", Mode::Observations),
    ("by_obs_type", "type == ADVERT", Mode::Observations),
];

fn benches(c: &mut Criterion) {
    let started = Instant::now();
    let store = build_store(TRANSMISSIONS);
    println!(
        "filter bench store: {} transmissions, {} observations, {} nodes, built in {:.1} s",
        store.transmission_count(),
        store.observation_count(),
        store.nodes().len(),
        started.elapsed().as_secs_f64()
    );
    for (name, text, mode) in FILTERS {
        let filter = Filter::parse(text).expect("bench filters parse");
        let started = Instant::now();
        let matched = matching(&filter, &store, *mode).len();
        println!(
            "  {name:>14}: {matched:>8} matches, first run {:.1} ms   ({text})",
            started.elapsed().as_secs_f64() * 1e3
        );
    }
    let mut group = c.benchmark_group("filter");
    group.sample_size(10);
    group.bench_function("parse", |b| {
        b.iter(|| Filter::parse(black_box(FILTERS[10].1)))
    });
    for (name, text, mode) in FILTERS {
        let filter = Filter::parse(text).expect("bench filters parse");
        group.bench_function(*name, |b| b.iter(|| matching(&filter, &store, *mode).len()));
    }
    group.finish();
}

criterion_group!(filter, benches);
criterion_main!(filter);
