//! The hash analytics on generated traffic, against the generator's truth: the collisions among the
//! repeaters whose adverts were heard (whatever their hash modes), each node's advertised size and
//! flip-flop flag, capability, the distribution checked against a decode of every observation, and the node
//! table.

mod analytics_hash_support;

use std::collections::{BTreeMap, BTreeSet};

use meshscope::analytics::hash_sizes::CapabilityStatus;
use meshscope::analytics::node_table::Status;
use meshscope::analytics::{Known, hash_collisions, hash_sizes, nodes};
use meshscope::generate::{Mesh, MeshOptions, OutputOptions, TrafficOptions, Truth, write_dump};
use meshscope::ingest::{Batch, Format, Parser};
use meshscope::protocol::{PayloadType, decode};
use meshscope::store::{ObserverKind, Store};

/// Twelve hours of the default mesh (60 nodes, 4 observers, with deliberate collisions and flip-floppers).
fn generated() -> (Store, Truth) {
    let mesh = Mesh::new(&MeshOptions::default());
    let traffic = TrafficOptions {
        duration_ms: 12 * 3_600_000,
        ..TrafficOptions::default()
    }
    .scaled(0.5);
    let mut dump = Vec::new();
    let truth = write_dump(&mesh, &traffic, &OutputOptions::default(), &mut dump).unwrap();
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
    assert_eq!(
        store.observation_count() as u64 + store.repeats(),
        truth.observations
    );
    (store, truth)
}

fn now(store: &Store) -> i64 {
    store.time_span().unwrap().1
}

/// The sized adverts heard of each node, in sending order.
fn heard_sizes(truth: &Truth) -> BTreeMap<usize, Vec<u8>> {
    let mut out: BTreeMap<usize, Vec<u8>> = BTreeMap::new();
    for advert in truth.adverts.iter().filter(|a| a.heard) {
        if let Some(size) = advert.hash_size {
            out.entry(advert.node).or_default().push(size as u8);
        }
    }
    out
}

#[test]
fn generated_traffic_matches_the_truth() {
    let (store, truth) = generated();
    let now = now(&store);
    let key = |node: usize| truth.nodes[node].public_key.to_lowercase();
    let advertised: BTreeSet<usize> = truth
        .adverts
        .iter()
        .filter(|a| a.heard)
        .map(|a| a.node)
        .collect();

    // Collisions: the truth's groups among repeaters heard advertising, at each size.
    let mut expected: BTreeSet<(usize, String, Vec<String>)> = BTreeSet::new();
    for group in &truth.collisions {
        let members: Vec<String> = group
            .nodes
            .iter()
            .filter(|n| advertised.contains(n))
            .map(|&n| key(n))
            .collect();
        if members.len() > 1 {
            let mut members = members;
            members.sort();
            expected.insert((group.bytes, group.prefix.clone(), members));
        }
    }
    let snapshot = hash_collisions(&store, now);
    let found: BTreeSet<(usize, String, Vec<String>)> =
        [&snapshot.one_byte, &snapshot.two_byte, &snapshot.three_byte]
            .into_iter()
            .flatten()
            .map(|c| (c.bytes, c.prefix.clone(), c.nodes.clone()))
            .collect();
    assert_eq!(found, expected);
    assert!(
        expected.iter().any(|(bytes, _, _)| *bytes == 2),
        "the default mesh has a 2-byte pair"
    );
    // The 2-byte pair's members use 2 bytes, so they count in the 1-byte table too, as they should.
    let two = snapshot.two_byte.first().unwrap();
    assert!(snapshot.one_byte.iter().any(|c| c.nodes == two.nodes));

    // Sizes: each node's latest heard sized advert, its sizes, and the flip-flop rule on the truth.
    let sizes = hash_sizes(&store, now);
    let by_key: BTreeMap<String, _> = sizes
        .nodes
        .iter()
        .map(|n| (n.public_key.clone(), n))
        .collect();
    let mut flagged = 0;
    for (node, list) in heard_sizes(&truth) {
        let entry = by_key
            .get(&key(node))
            .unwrap_or_else(|| panic!("node {node} missing"));
        let seen: BTreeSet<u8> = list.iter().copied().collect();
        let changes = list.windows(2).filter(|w| w[0] != w[1]).count();
        let flip_flop = list.len() >= 3 && seen.len() >= 2 && changes >= 2;
        assert_eq!(Some(&entry.hash_size), list.last(), "node {node}");
        assert_eq!(
            entry.sizes_seen,
            seen.iter().copied().collect::<Vec<u8>>(),
            "node {node}"
        );
        assert_eq!(entry.inconsistent, flip_flop, "node {node}");
        flagged += usize::from(flip_flop);
        if let meshscope::generate::HashMode::Fixed(size) = truth.nodes[node].hash_mode {
            assert_eq!(
                (entry.hash_size, entry.inconsistent),
                (size, false),
                "node {node}"
            );
        }
        let capability = sizes
            .capability
            .iter()
            .find(|c| c.public_key == key(node))
            .unwrap();
        if seen.iter().any(|&s| s >= 2) {
            assert_eq!(
                capability.status,
                CapabilityStatus::Confirmed,
                "node {node}"
            );
        } else {
            assert_ne!(
                capability.status,
                CapabilityStatus::Confirmed,
                "node {node}"
            );
        }
    }
    assert!(flagged >= 1, "a flip-flopper is flagged");
    assert_eq!(sizes.nodes.len(), heard_sizes(&truth).len());

    // The distribution, against a decode of every observation's exact bytes.
    let mut longest: BTreeMap<u32, (usize, usize)> = BTreeMap::new();
    let mut raw = Vec::new();
    for index in 0..store.observation_count() as u32 {
        let obs = meshscope::store::ObsId(index);
        raw.clear();
        assert!(store.observation_raw(obs, &mut raw));
        let packet = decode(&raw).unwrap().packet;
        if packet.payload_type() == PayloadType::Trace {
            continue;
        }
        let tx = store.observation(obs).unwrap().tx.0;
        let (hops, size) = (
            packet.path_len.hash_count(),
            packet.path_len.hash_size().unwrap(),
        );
        let best = longest.entry(tx).or_insert((0, size));
        if hops > best.0 {
            *best = (hops, size);
        }
    }
    let mut expected_sizes = [0u64; 4];
    for (hops, size) in longest.values() {
        if *hops > 0 {
            expected_sizes[*size] += 1;
        }
    }
    let distribution = sizes.distribution;
    assert_eq!(
        [distribution.one, distribution.two, distribution.three],
        [expected_sizes[1], expected_sizes[2], expected_sizes[3]]
    );
    assert!(expected_sizes[3] > 0, "3-byte senders exist");
    let hourly: u64 = sizes.hourly.iter().map(|h| h.counts.total()).sum();
    assert_eq!(hourly, sizes.total);

    // The node table: every node known, with its truth role and name; every repeater heard advertising in
    // the last twelve hours is active.
    let table = nodes(&store, now);
    for row in table.iter().filter(|r| r.known != Known::PathOnly) {
        let key = row.public_key.as_deref().unwrap().to_uppercase();
        let node = truth.nodes.iter().find(|n| n.public_key == key).unwrap();
        if row.known == Known::Advert {
            assert_eq!(row.role, Some(node.role.as_str()));
            assert_eq!(row.name.as_deref(), Some(node.name.as_str()));
        }
        if row.role == Some("REPEATER") {
            assert_eq!(row.status, Status::Active, "{}", node.name);
        }
        assert!(row.last_heard_ms <= now && row.first_seen_ms <= row.last_heard_ms);
    }
    assert!(table.iter().filter(|r| r.known == Known::Advert).count() >= advertised.len());
}
