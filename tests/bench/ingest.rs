//! Ingest throughput: F.1 JSON Lines (about 500 bytes a line, as the observer feed writes them, with a
//! `decoded` object) parsed into a `Batch`: JSON, hex, observer interning and push, end to end.
//! Target: at least 1,000,000 observations per second natively.
//!
//! `serde_baseline` deserializes the same lines into a struct of six `&str` fields and nothing else: the
//! floor any serde-based ingest sits on (performance.md measured it at 2.86 M/s on an idle machine).
//! Compare the two when the machine is busy: the ratio holds where absolute figures do not.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use meshscope::ingest::{Batch, Format, Parser};

const LINES: usize = 20_000;
const CHUNK: usize = 1 << 20;

/// A deterministic pseudo-random generator, so the input is the same at every run.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// F.1 lines from 40 observers, packets of 20 to 140 bytes (mean 80, as in performance.md).
fn f1_input() -> Vec<u8> {
    let mut state = 0x9E37_79B9_7F4A_7C15;
    let observers: Vec<(String, String)> = (0..40)
        .map(|i| {
            let key: String = (0..32)
                .map(|_| format!("{:02X}", next(&mut state) as u8))
                .collect();
            (format!("Observer {i}"), key)
        })
        .collect();
    let mut input = Vec::new();
    for i in 0..LINES {
        let (name, key) = &observers[next(&mut state) as usize % observers.len()];
        let len = 20 + next(&mut state) as usize % 121;
        let raw: String = (0..len)
            .map(|_| format!("{:02X}", next(&mut state) as u8))
            .collect();
        let snr = (next(&mut state) % 120) as f32 / 4.0 - 10.0;
        let rssi = -30 - (next(&mut state) % 90) as i32;
        let second = i % 60;
        let line = format!(
            r#"{{"origin":"{name}","origin_id":"{key}","timestamp":"2024-01-01T12:00:{second:02}.{i:06}+00:00","type":"PACKET","direction":"rx","time":"12:00:{second:02}","date":"01/01/2024","len":"{len}","packet_type":"5","route":"F","payload_len":"{}","raw":"{raw}","SNR":"{snr}","RSSI":"{rssi}","hash":"{:016X}","decoded":{{"type":"GRP_TXT","channel_hash":"11","path":["AB","CD"]}}}}"#,
            len - 2,
            next(&mut state)
        );
        input.extend_from_slice(line.as_bytes());
        input.push(b'\n');
    }
    input
}

fn parse_all(input: &[u8], batch: &mut Batch) -> usize {
    let mut parser = Parser::new(Format::F1Json);
    let mut observations = 0;
    for chunk in input.chunks(CHUNK) {
        parser.feed(chunk, batch);
        observations += batch.records().len();
        batch.clear();
    }
    parser.finish(batch);
    observations + batch.records().len()
}

fn f1_json_lines(c: &mut Criterion) {
    let input = f1_input();
    let mut batch = Batch::new();
    assert_eq!(parse_all(&input, &mut batch), LINES);
    let mean = input.len() / LINES;
    let mut group = c.benchmark_group("ingest");
    group.throughput(Throughput::Elements(LINES as u64));
    group.bench_function(format!("f1_json_lines_{mean}B"), |b| {
        b.iter(|| black_box(parse_all(black_box(&input), &mut batch)))
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
    let input = f1_input();
    let lines: Vec<&[u8]> = input
        .split(|&byte| byte == b'\n')
        .filter(|line| !line.is_empty())
        .collect();
    let mut group = c.benchmark_group("ingest");
    group.throughput(Throughput::Elements(lines.len() as u64));
    group.bench_function("serde_baseline", |b| {
        b.iter(|| {
            let parsed = lines
                .iter()
                .filter(|line| serde_json::from_slice::<Borrowed<'_>>(line).is_ok())
                .count();
            black_box(parsed)
        })
    });
    group.finish();
}

criterion_group!(benches, f1_json_lines, serde_baseline);
criterion_main!(benches);
