//! The paths observers see are physically consistent: flood hops are repeaters in radio range of each other,
//! appended in order with the sender's hash size and within the hop limit; direct paths list the repeaters
//! still to go; trace paths hold one SNR per relay; every hearing is from a node in range of the observer.

use std::collections::{HashMap, HashSet};

use meshscope::generate::{Heard, Mesh, MeshOptions, Simulation, TrafficOptions};
use meshscope::protocol::{Packet, PayloadRepr, PayloadType, RouteType, decode};

fn mesh() -> Mesh {
    Mesh::new(&MeshOptions {
        seed: 11,
        nodes: 50,
        ..MeshOptions::default()
    })
}

fn traffic() -> TrafficOptions {
    TrafficOptions {
        duration_ms: 3 * 3_600_000,
        conversations_per_hour: 150.0,
        duplicate_rate: 0.01,
        ..TrafficOptions::default()
    }
}

fn linked(mesh: &Mesh, a: usize, b: usize) -> bool {
    mesh.links(a).iter().any(|link| link.to as usize == b)
}

/// The repeaters whose key starts with `hop`.
fn repeaters_for(mesh: &Mesh, hop: &[u8]) -> Vec<usize> {
    (0..mesh.nodes().len())
        .filter(|&i| mesh.nodes()[i].is_repeater() && mesh.nodes()[i].public_key().starts_with(hop))
        .collect()
}

/// Checks a flood path: each hop is a repeater, consecutive hops can hear each other, the first hop hears
/// the originator, and the last hop is the node that sent this copy.
fn check_flood(mesh: &Mesh, heard: &Heard<'_>, packet: &Packet<&[u8]>, hop_limit: usize) {
    let size = packet.path_len().hash_size().unwrap();
    let hops: Vec<&[u8]> = packet.path().chunks(size).collect();
    assert!(hops.len() <= hop_limit);
    assert_eq!(hops.len(), packet.path_len().hash_count());
    let Some(last) = hops.last() else {
        assert_eq!(heard.transmitter, heard.origin);
        return;
    };
    assert!(
        mesh.nodes()[heard.transmitter]
            .public_key()
            .starts_with(last)
    );
    assert!(mesh.nodes()[heard.transmitter].is_repeater());
    let first = repeaters_for(mesh, hops[0]);
    assert!(
        first.iter().any(|&r| linked(mesh, r, heard.origin)),
        "first hop out of range of the origin"
    );
    for pair in hops.windows(2) {
        let (from, to) = (repeaters_for(mesh, pair[0]), repeaters_for(mesh, pair[1]));
        assert!(!from.is_empty() && !to.is_empty());
        assert!(
            from.iter().any(|&a| to.iter().any(|&b| linked(mesh, a, b))),
            "consecutive hops out of range"
        );
    }
}

#[test]
fn observed_paths_are_consistent() {
    let mesh = mesh();
    let traffic = traffic();
    let all: Vec<usize> = (0..mesh.observers().len()).collect();
    let mut simulation = Simulation::new(&mesh, &traffic, &all);
    let mut sizes: HashMap<[u8; 8], usize> = HashMap::new();
    let mut paths: HashMap<([u8; 8], usize), HashSet<Vec<u8>>> = HashMap::new();
    let mut previous: Option<(i64, usize, Vec<u8>)> = None;
    let (mut floods, mut directs, mut traces, mut duplicates) = (0, 0, 0, 0);
    while let Some(heard) = simulation.next_heard() {
        let observer = mesh.observers()[heard.observer].node;
        assert_ne!(observer, heard.transmitter, "a node never hears itself");
        assert!(
            linked(&mesh, observer, heard.transmitter),
            "heard from out of range"
        );
        if let Some((time, _, _)) = &previous {
            assert!(heard.true_us >= *time, "out of time order");
        }
        if heard.duplicate {
            let (time, obs, packet) = previous.clone().unwrap();
            assert_eq!(
                (time, obs, packet.as_slice()),
                (heard.true_us, heard.observer, heard.packet)
            );
            duplicates += 1;
        }
        previous = Some((heard.true_us, heard.observer, heard.packet.to_vec()));
        let decoded = decode(heard.packet).unwrap();
        assert_eq!(decoded.hash, heard.hash);
        let packet = Packet::new_checked(heard.packet).unwrap();
        match (packet.route_type().is_flood(), packet.payload_type()) {
            (_, PayloadType::Trace) => {
                let PayloadRepr::Trace(trace) = decoded.packet.payload else {
                    unreachable!()
                };
                let relays: Vec<&[u8]> = trace.route_hashes().collect();
                let done = packet.path().len();
                assert!(done <= relays.len());
                match done {
                    0 => assert_eq!(heard.transmitter, heard.origin),
                    n => assert!(
                        mesh.nodes()[heard.transmitter]
                            .public_key()
                            .starts_with(relays[n - 1])
                    ),
                }
                traces += 1;
            }
            (true, _) => {
                let size = packet.path_len().hash_size().unwrap();
                assert_eq!(
                    *sizes.entry(heard.hash.0).or_insert(size),
                    size,
                    "hash size changed within a packet"
                );
                check_flood(&mesh, &heard, &packet, traffic.hop_limit);
                paths
                    .entry((heard.hash.0, heard.observer))
                    .or_default()
                    .insert(packet.path().to_vec());
                floods += 1;
            }
            (false, _) => {
                assert!(matches!(
                    packet.route_type(),
                    RouteType::Direct | RouteType::TransportDirect
                ));
                let size = packet.path_len().hash_size().unwrap();
                for hop in packet.path().chunks(size) {
                    assert!(
                        !repeaters_for(&mesh, hop).is_empty(),
                        "direct hop is not a repeater"
                    );
                }
                if heard.transmitter != heard.origin {
                    assert!(mesh.nodes()[heard.transmitter].is_repeater());
                }
                directs += 1;
            }
        }
    }
    assert!(
        floods > 1000 && directs > 100 && traces > 10 && duplicates > 0,
        "{floods} {directs} {traces} {duplicates}"
    );
    // Observers hear most floods several times, by different paths.
    let multi = paths.values().filter(|set| set.len() > 1).count();
    assert!(multi * 2 > paths.len(), "{multi} of {}", paths.len());
    assert_eq!(simulation.records().build_errors, 0);
}

#[test]
fn prefix_collisions_show_as_repeated_hops() {
    let mesh = mesh();
    let all: Vec<usize> = (0..mesh.observers().len()).collect();
    let mut simulation = Simulation::new(&mesh, &traffic(), &all);
    let mut repeated = 0;
    while let Some(heard) = simulation.next_heard() {
        let packet = Packet::new_checked(heard.packet).unwrap();
        if !packet.route_type().is_flood() {
            continue;
        }
        let size = packet.path_len().hash_size().unwrap();
        let hops: Vec<&[u8]> = packet.path().chunks(size).collect();
        if (0..hops.len()).any(|i| hops[i + 1..].contains(&hops[i])) {
            // Only distinct repeaters sharing a prefix can do this: a repeater forwards a packet once.
            let hop = hops
                .iter()
                .find(|hop| hops.iter().filter(|h| h == hop).count() > 1)
                .unwrap();
            assert!(repeaters_for(&mesh, hop).len() > 1);
            repeated += 1;
        }
    }
    assert!(repeated > 0);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]

    /// Any seed and any mesh size, down to two nodes, gives decodable packets and no build error.
    #[test]
    fn any_seed_and_size_works(seed in proptest::prelude::any::<u64>(), nodes in 2usize..90, observers in 1usize..7) {
        let mesh = Mesh::new(&MeshOptions {
            seed,
            nodes,
            observers,
            ..MeshOptions::default()
        });
        proptest::prop_assert_eq!(mesh.observers().len(), observers.min(nodes));
        let traffic = TrafficOptions {
            duration_ms: 1_800_000,
            ..TrafficOptions::default()
        };
        let all: Vec<usize> = (0..mesh.observers().len()).collect();
        let mut simulation = Simulation::new(&mesh, &traffic, &all);
        while let Some(heard) = simulation.next_heard() {
            proptest::prop_assert_eq!(decode(heard.packet).map(|d| d.hash), Ok(heard.hash));
        }
        proptest::prop_assert_eq!(simulation.records().build_errors, 0);
    }
}
