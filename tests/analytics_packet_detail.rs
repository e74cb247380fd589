//! The packet page on hand-built stores: every observation with its own path, ambiguous hops with every
//! candidate, legs between adjacent located radios only, the originator, spread, TRACE paths, unknown hashes.

mod analytics_graph_support;

use analytics_graph_support::*;
use meshscope::analytics::geo::haversine_km;
use meshscope::analytics::resolve::{Method, Resolver, Vertex};
use meshscope::analytics::{PacketDetail, packet_detail};
use meshscope::protocol::{Packet, PacketHash, Role};
use meshscope::store::Store;

const SEATTLE: (f64, f64) = (47.60, -122.33);
const NORTH: (f64, f64) = (47.655, -122.33);
const PORTLAND: (f64, f64) = (45.52, -122.68);
const TACOMA: (f64, f64) = (47.25, -122.44);

fn repeater(prefix: u8, salt: u32, name: &str, at: (f64, f64)) -> TestNode {
    TestNode::new(&[prefix], salt, name, Role::Repeater, micro(at.0, at.1))
}

fn hash_of(packet: &[u8]) -> PacketHash {
    Packet::new_checked(packet).unwrap().hash()
}

fn detail(store: &Store, packet: &[u8]) -> PacketDetail {
    let resolver = Resolver::at_last_observation(store);
    packet_detail(store, &resolver, hash_of(packet)).expect("the packet is stored")
}

/// Adverts `nodes` through a hop (DIRECT, one hop still to go), which teaches the graph nothing.
fn introduce(nodes: &[&TestNode], observer: u32) -> Vec<Heard> {
    nodes
        .iter()
        .enumerate()
        .map(|(i, node)| {
            heard(
                T0 + i as i64,
                observer,
                advert(node, 1_700_000_000, direct(1, &[0x5A])),
            )
        })
        .collect()
}

#[test]
fn every_observation_with_every_candidate() {
    let r1 = repeater(0xAB, 1, "R1", SEATTLE);
    let r2 = repeater(0xAB, 2, "R2", PORTLAND);
    let r3 = repeater(0xCD, 3, "R3", NORTH);
    let r4 = repeater(0xEF, 4, "R4", TACOMA);
    let observers = vec![
        anonymous_observer("north"),
        anonymous_observer("south"),
        anonymous_observer("intro"),
    ];
    let mut hearings = introduce(&[&r1, &r2, &r3, &r4], 2);
    let long = ack(7, flood(1, &[0xCD, 0xEF, 0xAB]));
    let short = ack(7, flood(1, &[0xCD]));
    hearings.push(heard(T0 + HOUR + 2_500, 1, long.clone()));
    let mut first = heard(T0 + HOUR, 0, short.clone());
    first.snr_db = Some(-3.25);
    first.rssi_dbm = Some(-110);
    hearings.push(first);
    let store = store_of(&observers, &hearings);
    assert_eq!(hash_of(&long), hash_of(&short));
    let page = detail(&store, &long);

    assert_eq!(page.payload_type, "ACK");
    assert_eq!(page.route_type, "FLOOD");
    assert_eq!(page.originator, None);
    assert_eq!(
        (page.first_seen_ms, page.last_seen_ms),
        (T0 + HOUR, T0 + HOUR + 2_500)
    );
    assert_eq!(page.spread_ms, 2_500);
    assert_eq!((page.observations, page.observers), (2, 2));
    assert_eq!(page.hops_range, Some((1, 3)));
    assert_eq!(page.hash, meshscope::hex::encode_lower(&hash_of(&long).0));

    // Earliest first: north's one-hop copy, then south's three hops.
    let [north, south] = page.heard.as_slice() else {
        panic!("two observations: {:?}", page.heard);
    };
    assert_eq!(north.observer.name.as_deref(), Some("north"));
    assert_eq!((north.time_ms, north.delay_ms), (T0 + HOUR, 0));
    assert_eq!((north.snr_db, north.rssi_dbm), (Some(-3.25), Some(-110)));
    assert_eq!((north.path.as_str(), north.hash_size), ("cd", 1));
    assert!(!north.longest);
    assert_eq!(south.delay_ms, 2_500);
    assert_eq!(south.path, "cdefab");
    assert!(south.longest);

    let [cd, ef, ab] = south.hops.as_slice() else {
        panic!("three hops");
    };
    assert_eq!(
        (cd.hop.method, cd.hop.node),
        (Method::Unique, Some(r3.id(&store)))
    );
    assert_eq!(
        (ef.hop.method, ef.hop.node),
        (Method::Unique, Some(r4.id(&store)))
    );
    // AB: Seattle (R1) is 40 km from Tacoma, Portland (R2) 193 km: geography guesses R1, not confident.
    assert_eq!(
        (ab.hop.method, ab.hop.node),
        (Method::Geography, Some(r1.id(&store)))
    );
    assert_eq!(ab.hop.confident(), None);
    let mut candidates: Vec<_> = ab.candidates.iter().map(|c| c.node).collect();
    candidates.sort();
    let mut expected = vec![r1.id(&store), r2.id(&store)];
    expected.sort();
    assert_eq!(candidates, expected);
    assert_eq!(ab.candidates[0].node, r1.id(&store), "the chosen one first");

    // Legs: R3 → R4 (confident), R4 → R1 (a guess); no originator or observer node to reach.
    let [first_leg, second_leg] = south.legs.as_slice() else {
        panic!("two legs: {:?}", south.legs);
    };
    assert_eq!(
        (first_leg.from, first_leg.to, first_leg.to_hop),
        (r3.id(&store), r4.id(&store), Some(1))
    );
    assert!((first_leg.km - haversine_km(NORTH, TACOMA)).abs() < 1e-6);
    assert!(first_leg.confident);
    assert_eq!(
        (second_leg.from, second_leg.to),
        (r4.id(&store), r1.id(&store))
    );
    assert!(!second_leg.confident);

    // Every named node is labelled once.
    let mut labelled: Vec<_> = page.nodes.iter().map(|n| n.id).collect();
    labelled.dedup();
    assert_eq!(labelled.len(), 4);
    let names: Vec<_> = page
        .nodes
        .iter()
        .filter_map(|n| n.name.as_deref())
        .collect();
    for name in ["R1", "R2", "R3", "R4"] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
}

#[test]
fn an_unresolved_hop_breaks_the_legs() {
    let r1 = repeater(0xAB, 1, "R1", SEATTLE);
    let r2 = repeater(0xAB, 2, "R2", SEATTLE);
    let r3 = repeater(0xCD, 3, "R3", NORTH);
    let r4 = repeater(0xEF, 4, "R4", TACOMA);
    let observers = vec![anonymous_observer("north"), anonymous_observer("intro")];
    let mut hearings = introduce(&[&r1, &r2, &r3, &r4], 1);
    // R1 and R2 are both in Seattle: nothing decides AB, so R3 → ? → R4 has no leg (CoreScope measured R3 → R4).
    let packet = ack(9, flood(1, &[0xCD, 0xAB, 0xEF]));
    hearings.push(heard(T0 + HOUR, 0, packet.clone()));
    let store = store_of(&observers, &hearings);
    let page = detail(&store, &packet);
    let hops = &page.heard[0].hops;
    assert_eq!(hops[1].hop.method, Method::Ambiguous);
    assert_eq!(hops[1].hop.node, None);
    assert_eq!(hops[1].candidates.len(), 2);
    assert!(hops[1].candidates.iter().all(|c| c.confidence == 0.5));
    assert!(page.heard[0].legs.is_empty());
}

#[test]
fn adverts_measure_from_the_originator_to_the_observer_node() {
    let origin = TestNode::new(
        &[0x11],
        5,
        "Origin",
        Role::Chat,
        micro(SEATTLE.0, SEATTLE.1),
    );
    let r3 = repeater(0xCD, 3, "R3", NORTH);
    let listener = TestNode::new(
        &[0x33],
        6,
        "Listener",
        Role::Repeater,
        micro(TACOMA.0, TACOMA.1),
    );
    let observers = vec![listener.observer(), anonymous_observer("intro")];
    let mut hearings = introduce(&[&r3, &listener], 1);
    let packet = advert(&origin, 1_700_000_100, flood(1, &[0xCD]));
    hearings.push(heard(T0 + HOUR, 0, packet.clone()));
    let zero = advert(&origin, 1_700_000_200, ZERO_HOP);
    hearings.push(heard(T0 + 2 * HOUR, 0, zero.clone()));
    let store = store_of(&observers, &hearings);

    let page = detail(&store, &packet);
    let originator = page
        .originator
        .as_ref()
        .expect("an advert has an originator");
    assert_eq!(originator.name.as_deref(), Some("Origin"));
    assert_eq!(page.payload_type, "ADVERT");
    let heard = &page.heard[0];
    assert_eq!(heard.observer.vertex, Vertex::Node(listener.id(&store)));
    let legs: Vec<_> = heard
        .legs
        .iter()
        .map(|l| (l.from, l.to, l.to_hop))
        .collect();
    assert_eq!(
        legs,
        [
            (origin.id(&store), r3.id(&store), Some(0)),
            (r3.id(&store), listener.id(&store), None)
        ]
    );
    assert!((heard.legs[0].km - haversine_km(SEATTLE, NORTH)).abs() < 1e-6);
    assert!((heard.legs[1].km - haversine_km(NORTH, TACOMA)).abs() < 1e-6);
    assert!(heard.legs.iter().all(|l| l.confident));

    // Zero hops: the listener heard the originator directly.
    let page = detail(&store, &zero);
    let heard = &page.heard[0];
    assert!(heard.hops.is_empty());
    assert_eq!(page.hops_range, Some((0, 0)));
    assert_eq!(heard.legs.len(), 1);
    assert!((heard.legs[0].km - haversine_km(SEATTLE, TACOMA)).abs() < 1e-6);
}

#[test]
fn no_fix_means_no_leg() {
    // 0,0 is an advertised "no fix".
    let origin = TestNode::new(&[0x11], 5, "Origin", Role::Chat, Some((0, 0)));
    let r3 = repeater(0xCD, 3, "R3", NORTH);
    let observers = vec![anonymous_observer("north"), anonymous_observer("intro")];
    let mut hearings = introduce(&[&r3], 1);
    let packet = advert(&origin, 1_700_000_100, flood(1, &[0xCD]));
    hearings.push(heard(T0 + HOUR, 0, packet.clone()));
    let store = store_of(&observers, &hearings);
    let page = detail(&store, &packet);
    let originator = page.originator.as_ref().unwrap();
    assert_eq!((originator.lat, originator.lon), (None, None));
    assert!(page.heard[0].legs.is_empty());
    assert_eq!(page.heard[0].hops[0].hop.method, Method::Unique);
}

#[test]
fn unknown_packets_and_empty_stores_have_no_page() {
    let store = Store::new();
    let resolver = Resolver::at_last_observation(&store);
    assert_eq!(packet_detail(&store, &resolver, PacketHash([0; 8])), None);
    let r3 = repeater(0xCD, 3, "R3", NORTH);
    let store = store_of(&[anonymous_observer("intro")], &introduce(&[&r3], 0));
    let resolver = Resolver::at_last_observation(&store);
    assert_eq!(packet_detail(&store, &resolver, PacketHash([1; 8])), None);
}
