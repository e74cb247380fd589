//! Shared by the engine analytics tests (airtime, anomalies, neighbour signal, incremental states, the graph
//! job): generated meshes as dumps and in stores, two identities whose keys share a first byte, and
//! brute-force scans of the observation columns.

#![allow(dead_code)]

use meshscope::generate::{Mesh, MeshOptions, OutputOptions, TrafficOptions, Truth, write_dump};
use meshscope::ingest::{Batch, Format, Parser};
use meshscope::protocol::crypto::Identity;
use meshscope::store::{ObserverKind, Store};

/// Six hours of a 30-node mesh with 4 observers and a few 1-byte prefix collisions.
pub fn generated() -> (Truth, Store) {
    let (truth, dump) = dump(11, 30, 6);
    let mut store = Store::new();
    ingest_all(&mut store, &dump);
    (truth, store)
}

/// `hours` of a `nodes`-node mesh with 4 observers from `seed`, as F.1 JSON Lines, and what was generated.
pub fn dump(seed: u64, nodes: usize, hours: i64) -> (Truth, Vec<u8>) {
    let mesh = Mesh::new(&MeshOptions {
        seed,
        nodes,
        observers: 4,
        ..MeshOptions::default()
    });
    let traffic = TrafficOptions {
        duration_ms: hours * 3_600_000,
        ..TrafficOptions::default()
    };
    let mut dump = Vec::new();
    let truth = write_dump(&mesh, &traffic, &OutputOptions::default(), &mut dump).unwrap();
    (truth, dump)
}

/// Ingests the F.1 JSON Lines `dump` into `store`, 64 KiB at a time.
pub fn ingest_all(store: &mut Store, dump: &[u8]) {
    let mut parser = Parser::new(Format::F1Json);
    let mut batch = Batch::new();
    for chunk in dump.chunks(1 << 16) {
        parser.feed(chunk, &mut batch);
        store.ingest(&batch, parser.observers(), ObserverKind::Mqtt);
        batch.clear();
    }
    parser.finish(&mut batch);
    store.ingest(&batch, parser.observers(), ObserverKind::Mqtt);
}

/// Two seeds (above 10) whose identities' public keys share their first byte.
pub fn colliding_seeds() -> (u8, u8) {
    let mut first_of: [Option<u8>; 256] = [None; 256];
    for seed in 11..=255u8 {
        let byte = Identity::from_seed(&[seed; 32]).public_key()[0];
        match first_of[byte as usize] {
            Some(other) => return (other, seed),
            None => first_of[byte as usize] = Some(seed),
        }
    }
    unreachable!(
        "245 keys over 256 first bytes: a pair exists with overwhelming odds for these seeds"
    )
}
