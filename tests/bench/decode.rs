//! Decoding speed on the benchmark corpus (`protocol::corpus::mixed`: adverts, group texts, ACKs, datagrams,
//! traces; about 80 bytes on average), one thread, no signature checks. Targets: at least 2,000,000 packets/s for
//! decode + packet hash, at least 1,000,000 channel decryptions/s.
//!
//! Run: `cargo bench --bench decode`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use meshscope::hex;
use meshscope::protocol::crypto::{ChannelSpec, Keyring};
use meshscope::protocol::{PayloadRepr, corpus, decode};

const PACKETS: usize = 10_000;

fn decode_and_hash(c: &mut Criterion) {
    let packets = corpus::mixed(PACKETS, 1);
    let lines: Vec<String> = packets.iter().map(|p| hex::encode_upper(p)).collect();
    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Elements(packets.len() as u64));
    group.bench_function("decode+hash", |b| {
        b.iter(|| {
            for packet in &packets {
                let decoded = decode(black_box(packet));
                black_box(decoded.map(|d| d.hash)).ok();
            }
        })
    });
    group.bench_function("hex+decode+hash", |b| {
        let mut buffer = [0u8; 512];
        b.iter(|| {
            for line in &lines {
                if let Ok(bytes) = hex::decode_to_slice(black_box(line.as_bytes()), &mut buffer) {
                    black_box(decode(bytes).map(|d| d.hash)).ok();
                }
            }
        })
    });
    group.finish();
}

fn channel_decryption(c: &mut Criterion) {
    let packets = corpus::mixed(PACKETS, 1);
    let mut keys = Keyring::new();
    for name in corpus::CHANNELS {
        keys.add_channel_spec(
            ChannelSpec::parse(name).unwrap_or_else(|err| panic!("{name}: {err}")),
        );
    }
    let messages: Vec<_> = packets
        .iter()
        .filter_map(|p| match decode(p).ok()?.packet.payload {
            PayloadRepr::GrpTxt(group) => Some(group),
            _ => None,
        })
        .collect();
    assert!(messages.iter().all(|m| keys.open_group(m).is_some()));
    let mut group = c.benchmark_group("channel");
    group.throughput(Throughput::Elements(messages.len() as u64));
    group.bench_function("open_group", |b| {
        b.iter(|| {
            for message in &messages {
                black_box(keys.open_group(black_box(message)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, decode_and_hash, channel_decryption);
criterion_main!(benches);
