//! The generated mesh has what the analytics need to find: roles in the stated shares, deliberate 1- and
//! 2-byte prefix collisions among repeaters, every path hash size and flip-floppers, skewed and missing
//! clocks, names with non-ASCII, a node without location and one at 0,0, observers with IATA codes; and the
//! truth describes it exactly.

use std::collections::{BTreeMap, HashSet};

use meshscope::generate::{
    Clock, HashMode, Mesh, MeshOptions, OutputOptions, TrafficOptions, write_dump,
};
use meshscope::hex;
use meshscope::protocol::{Location, Role};

fn default_mesh() -> Mesh {
    Mesh::new(&MeshOptions::default())
}

#[test]
fn same_seed_same_mesh() {
    let key = |mesh: &Mesh| {
        mesh.nodes()
            .iter()
            .map(|n| n.public_key())
            .collect::<Vec<_>>()
    };
    let mesh = default_mesh();
    assert_eq!(key(&mesh), key(&default_mesh()));
    let other = Mesh::new(&MeshOptions {
        seed: 2,
        ..MeshOptions::default()
    });
    assert_ne!(key(&mesh), key(&other));
}

#[test]
fn roles_names_and_locations() {
    let mesh = default_mesh();
    let nodes = mesh.nodes();
    assert_eq!(nodes.len(), 60);
    let count = |role| nodes.iter().filter(|node| node.role == role).count();
    assert_eq!(count(Role::Repeater), 24);
    assert!(count(Role::Room) >= 1 && count(Role::Sensor) >= 1);
    assert_eq!(
        count(Role::Chat),
        60 - 24 - count(Role::Room) - count(Role::Sensor)
    );
    let names: HashSet<&str> = nodes.iter().map(|node| node.name.as_str()).collect();
    assert_eq!(names.len(), 60);
    assert!(nodes.iter().any(|node| !node.name.is_ascii()));
    assert!(nodes.iter().all(|node| node.name.len() <= 23));
    let zero = Some(Location { lat: 0, lon: 0 });
    assert_eq!(
        nodes.iter().filter(|node| node.advertised == zero).count(),
        1
    );
    assert!(nodes.iter().any(|node| node.advertised.is_none()));
    // Within the 60 km spread around Seattle.
    for node in nodes
        .iter()
        .filter(|node| node.advertised.is_some() && node.advertised != zero)
    {
        let (lat, lon) = node.advertised.unwrap().degrees().unwrap();
        assert!(
            (47.0..48.2).contains(&lat) && (-123.2..-121.4).contains(&lon),
            "{lat} {lon}"
        );
    }
    assert_eq!(mesh.bot().map(|bot| nodes[bot].role), Some(Role::Chat));
}

#[test]
fn collisions_modes_and_clocks() {
    let mesh = default_mesh();
    let repeaters: Vec<_> = mesh
        .nodes()
        .iter()
        .filter(|node| node.is_repeater())
        .collect();
    let mut by_first: BTreeMap<u8, usize> = BTreeMap::new();
    let mut by_two: BTreeMap<[u8; 2], usize> = BTreeMap::new();
    for node in &repeaters {
        let key = node.public_key();
        *by_first.entry(key[0]).or_default() += 1;
        *by_two.entry([key[0], key[1]]).or_default() += 1;
    }
    // Three 1-byte pairs and one 2-byte pair (which collides at 1 byte too).
    assert_eq!(by_first.values().filter(|&&n| n > 1).count(), 4);
    assert_eq!(by_two.values().filter(|&&n| n > 1).count(), 1);
    let modes: Vec<HashMode> = repeaters.iter().map(|node| node.hash_mode).collect();
    for mode in [
        HashMode::Fixed(1),
        HashMode::Fixed(2),
        HashMode::Fixed(3),
        HashMode::FlipFlop(1, 2),
    ] {
        assert!(modes.contains(&mode), "{mode:?}");
    }
    let clocks: Vec<Clock> = mesh.nodes().iter().map(|node| node.clock).collect();
    assert!(
        clocks
            .iter()
            .any(|clock| matches!(clock, Clock::NoClock { .. }))
    );
    assert!(
        clocks
            .iter()
            .any(|clock| matches!(clock, Clock::Bimodal { .. }))
    );
    assert!(
        clocks
            .iter()
            .any(|clock| matches!(clock, Clock::Drifting { .. }))
    );
    assert_eq!(
        clocks
            .iter()
            .filter(|clock| matches!(clock, Clock::Skewed { .. }))
            .count(),
        4
    );
}

#[test]
fn observers_and_links() {
    let mesh = default_mesh();
    let observers = mesh.observers();
    assert_eq!(observers.len(), 4);
    let nodes: HashSet<usize> = observers.iter().map(|observer| observer.node).collect();
    assert_eq!(nodes.len(), 4);
    assert!(
        observers[..3]
            .iter()
            .all(|o| mesh.nodes()[o.node].is_repeater())
    );
    assert_eq!(mesh.nodes()[observers[3].node].role, Role::Chat);
    let iata: Vec<&str> = observers
        .iter()
        .map(|observer| observer.iata.as_str())
        .collect();
    assert_eq!(iata, ["SEA", "PAE", "TIW", "BFI"]);
    for (index, observer) in observers.iter().enumerate() {
        assert_eq!(mesh.observer_of(observer.node), Some(index));
        assert!(!mesh.links(observer.node).is_empty());
    }
    for a in 0..mesh.nodes().len() {
        for link in mesh.links(a) {
            let back = mesh
                .links(link.to as usize)
                .iter()
                .find(|l| l.to as usize == a)
                .unwrap();
            assert_eq!(back.mean_snr, link.mean_snr);
        }
    }
}

#[test]
fn truth_describes_the_mesh() {
    let mesh = Mesh::new(&MeshOptions {
        nodes: 30,
        ..MeshOptions::default()
    });
    let traffic = TrafficOptions {
        duration_ms: 600_000,
        ..TrafficOptions::default()
    };
    let truth = write_dump(&mesh, &traffic, &OutputOptions::default(), std::io::sink()).unwrap();
    assert_eq!(truth.nodes.len(), 30);
    for (node, described) in mesh.nodes().iter().zip(&truth.nodes) {
        assert_eq!(described.public_key, hex::encode_upper(&node.public_key()));
        assert_eq!(described.name, node.name);
        assert_eq!(described.role, node.role.name());
        assert_eq!(described.hash_mode, node.hash_mode);
    }
    // Every group of repeaters sharing a prefix, recomputed from the keys.
    for bytes in 1..=3 {
        let mut groups: BTreeMap<Vec<u8>, Vec<usize>> = BTreeMap::new();
        for (index, node) in mesh
            .nodes()
            .iter()
            .enumerate()
            .filter(|(_, node)| node.is_repeater())
        {
            groups
                .entry(node.public_key()[..bytes].to_vec())
                .or_default()
                .push(index);
        }
        let expected: Vec<(String, Vec<usize>)> = groups
            .into_iter()
            .filter(|(_, nodes)| nodes.len() > 1)
            .map(|(prefix, nodes)| (hex::encode_upper(&prefix), nodes))
            .collect();
        let described: Vec<(String, Vec<usize>)> = truth
            .collisions
            .iter()
            .filter(|collision| collision.bytes == bytes)
            .map(|collision| (collision.prefix.clone(), collision.nodes.clone()))
            .collect();
        assert_eq!(described, expected);
    }
    let json = serde_json::to_value(&truth).unwrap();
    let nodes = json["nodes"].as_array().unwrap();
    assert!(
        nodes
            .iter()
            .any(|node| node["hash_mode"] == serde_json::json!({"flip_flop": [1, 2]}))
    );
    assert!(
        nodes
            .iter()
            .any(|node| node["hash_mode"] == serde_json::json!({"fixed": 1}))
    );
    let no_clock = nodes
        .iter()
        .find(|node| node["clock"].get("no_clock").is_some())
        .unwrap();
    assert!(no_clock["clock"]["no_clock"]["uptime_s"].as_i64().unwrap() > 0);
}
