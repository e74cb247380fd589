//! Hop resolution on hand-built stores: a 1-byte prefix shared by two repeaters stays ambiguous unless evidence
//! or geography decides, companions never become hops, rooms only when no repeater matches, the forward and
//! backward passes, DIRECT paths, unreliable hops, unlocated and 0,0 positions, unknown prefixes.

mod analytics_graph_support;

use analytics_graph_support::*;
use meshscope::analytics::resolve::{HopContext, Method, ResolvedPath, Resolver, Vertex};
use meshscope::protocol::Role;
use meshscope::store::index::HopHash;
use meshscope::store::{NodeId, Store};

/// Seattle, 6 km north of it, Portland (about 235 km south).
const SEATTLE: (f64, f64) = (47.60, -122.33);
const NORTH: (f64, f64) = (47.655, -122.33);
const PORTLAND: (f64, f64) = (45.52, -122.68);

fn repeater(prefix: u8, salt: u32, name: &str, at: (f64, f64)) -> TestNode {
    TestNode::new(&[prefix], salt, name, Role::Repeater, micro(at.0, at.1))
}

/// Advertises `nodes` without teaching the graph anything: DIRECT adverts with a hop still to go.
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

/// Observers: 0 "north" and 1 "south" (no keys), 2 "intro" (used to introduce nodes).
fn observers() -> Vec<meshscope::ingest::ObserverInfo> {
    vec![
        anonymous_observer("north"),
        anonymous_observer("south"),
        anonymous_observer("intro"),
    ]
}

fn resolve(store: &Store, packet: &[u8], observer: &str) -> ResolvedPath {
    let resolver = Resolver::at_last_observation(store);
    let mut path = ResolvedPath::new();
    assert!(resolver.resolve_observation(
        store,
        observation_of(store, packet, observer),
        &mut path
    ));
    path
}

#[test]
fn a_shared_prefix_stays_ambiguous_without_evidence() {
    let r1 = repeater(0xAB, 1, "R1", SEATTLE);
    let r2 = repeater(0xAB, 2, "R2", PORTLAND);
    let packet = ack(1, flood(1, &[0xAB]));
    let mut hearings = introduce(&[&r1, &r2], 2);
    hearings.push(heard(T0 + HOUR, 0, packet.clone()));
    let store = store_of(&observers(), &hearings);
    assert_ne!(r1.key(), r2.key());
    let path = resolve(&store, &packet, "north");
    let hop = path.hops()[0];
    assert_eq!(
        (hop.method, hop.node, hop.confidence),
        (Method::Ambiguous, None, 0.5)
    );
    assert_eq!(hop.confident(), None);
    let mut candidates: Vec<NodeId> = path.candidates(0).iter().map(|c| c.node).collect();
    candidates.sort();
    let mut expected = vec![r1.id(&store), r2.id(&store)];
    expected.sort();
    assert_eq!(candidates, expected);
    assert!(path.candidates(0).iter().all(|c| c.confidence == 0.5));
}

#[test]
fn neighbor_evidence_decides_where_the_observer_heard_the_repeater() {
    let r1 = repeater(0xAB, 1, "R1", SEATTLE);
    let r2 = repeater(0xAB, 2, "R2", PORTLAND);
    let packet = ack(1, flood(1, &[0xAB]));
    let mut hearings = introduce(&[&r1, &r2], 2);
    // The north observer heard R1's zero-hop adverts three times.
    hearings.extend(heard_directly(&r1, 0, T0 + HOUR, 3));
    hearings.push(heard(T0 + 5 * HOUR, 0, packet.clone()));
    hearings.push(heard(T0 + 5 * HOUR, 1, packet.clone()));
    let store = store_of(&observers(), &hearings);
    let north = resolve(&store, &packet, "north");
    let hop = north.hops()[0];
    assert_eq!(hop.method, Method::NeighborEvidence);
    assert_eq!(hop.confident(), Some(r1.id(&store)));
    assert!(hop.confidence > 0.5 && hop.confidence <= 0.95, "{hop:?}");
    assert_eq!(north.candidates(0)[0].node, r1.id(&store));
    // The south observer never heard R1 directly: no evidence there.
    let south = resolve(&store, &packet, "south");
    assert_eq!(south.hops()[0].method, Method::Ambiguous);
}

#[test]
fn evidence_needs_three_observations() {
    let r1 = repeater(0xAB, 1, "R1", SEATTLE);
    let r2 = repeater(0xAB, 2, "R2", PORTLAND);
    let packet = ack(1, flood(1, &[0xAB]));
    let mut hearings = introduce(&[&r1, &r2], 2);
    hearings.extend(heard_directly(&r1, 0, T0 + HOUR, 2));
    hearings.push(heard(T0 + 5 * HOUR, 0, packet.clone()));
    let store = store_of(&observers(), &hearings);
    assert_eq!(
        resolve(&store, &packet, "north").hops()[0].method,
        Method::Ambiguous
    );
}

#[test]
fn a_companion_sharing_a_prefix_never_becomes_a_hop() {
    let repeater = repeater(0xCD, 1, "R3", SEATTLE);
    let companion = TestNode::new(&[0xCD], 2, "Alice", Role::Chat, micro(SEATTLE.0, SEATTLE.1));
    let lonely = TestNode::new(&[0xCE], 3, "Bob", Role::Chat, None);
    let sensor = TestNode::new(&[0xCF], 4, "Thermo", Role::Sensor, None);
    let via_cd = ack(1, flood(1, &[0xCD]));
    let via_ce = ack(2, flood(1, &[0xCE, 0xCF]));
    let mut hearings = introduce(&[&repeater, &lonely, &sensor], 2);
    // Plenty of evidence that the north observer hears the companion.
    hearings.extend(heard_directly(&companion, 0, T0 + HOUR, 5));
    hearings.push(heard(T0 + 9 * HOUR, 0, via_cd.clone()));
    hearings.push(heard(T0 + 9 * HOUR, 0, via_ce.clone()));
    let store = store_of(&observers(), &hearings);
    let path = resolve(&store, &via_cd, "north");
    let hop = path.hops()[0];
    assert_eq!(
        (hop.method, hop.node),
        (Method::Unique, Some(repeater.id(&store)))
    );
    assert_eq!(hop.confidence, 1.0);
    assert_eq!(path.candidates(0).len(), 1);
    // Prefixes of a companion and a sensor only: nobody advertised forwards them.
    let path = resolve(&store, &via_ce, "north");
    assert!(
        path.hops()
            .iter()
            .all(|hop| hop.method == Method::Unknown && hop.node.is_none())
    );
    assert!(path.candidates(0).is_empty());
}

#[test]
fn rooms_are_candidates_only_when_no_repeater_matches() {
    let room = TestNode::new(&[0xEE], 1, "Room", Role::Room, None);
    let other_room = TestNode::new(&[0xE0], 2, "Room 2", Role::Room, None);
    let repeater = repeater(0xE0, 3, "R7", SEATTLE);
    let packet = ack(1, flood(1, &[0xEE, 0xE0]));
    let mut hearings = introduce(&[&room, &other_room, &repeater], 2);
    hearings.push(heard(T0 + HOUR, 0, packet.clone()));
    let store = store_of(&observers(), &hearings);
    let path = resolve(&store, &packet, "north");
    assert_eq!(path.hops()[0].node, Some(room.id(&store)));
    assert_eq!(path.hops()[0].method, Method::Unique);
    assert_eq!(path.hops()[1].node, Some(repeater.id(&store)));
    assert_eq!(path.candidates(1).len(), 1);
}

#[test]
fn geography_guesses_on_a_convincing_gap() {
    let r1 = repeater(0xAB, 1, "R1", SEATTLE);
    let r2 = repeater(0xAB, 2, "R2", PORTLAND);
    let r6 = repeater(0x22, 3, "R6", NORTH);
    let packet = ack(1, flood(1, &[0x22, 0xAB]));
    let mut hearings = introduce(&[&r1, &r2, &r6], 2);
    hearings.push(heard(T0 + HOUR, 1, packet.clone()));
    let store = store_of(&observers(), &hearings);
    let path = resolve(&store, &packet, "south");
    let hop = path.hops()[1];
    assert_eq!(
        (hop.method, hop.node),
        (Method::Geography, Some(r1.id(&store)))
    );
    assert!(hop.confidence > 0.5 && hop.confidence <= 0.9, "{hop:?}");
    assert!(!hop.unreliable);
    assert_eq!(hop.confident(), None, "a guess is not confident");
    let total: f32 = path.candidates(1).iter().map(|c| c.confidence).sum();
    assert!((total - 1.0).abs() < 1e-4);
}

#[test]
fn unlocated_and_zero_positions_block_geography() {
    let r1 = repeater(0xAB, 1, "R1", SEATTLE);
    let r2 = TestNode::new(&[0xAB], 2, "R2", Role::Repeater, Some((0, 0)));
    let r6 = repeater(0x22, 3, "R6", NORTH);
    let r5 = TestNode::new(&[0x33], 4, "R5", Role::Repeater, None);
    let packet = ack(1, flood(1, &[0x22, 0xAB]));
    let after_unlocated = ack(2, flood(1, &[0x33, 0xAB]));
    let mut hearings = introduce(&[&r1, &r2, &r6, &r5], 2);
    hearings.push(heard(T0 + HOUR, 1, packet.clone()));
    hearings.push(heard(T0 + HOUR, 1, after_unlocated.clone()));
    let store = store_of(&observers(), &hearings);
    assert_eq!(
        store.node(r2.id(&store)).unwrap().location,
        None,
        "0,0 is no fix"
    );
    // R2 could be anywhere: no guess.
    assert_eq!(
        resolve(&store, &packet, "south").hops()[1].method,
        Method::Ambiguous
    );
    // The hop before is unlocated: nothing to measure from.
    let path = resolve(&store, &after_unlocated, "south");
    assert_eq!(path.hops()[0].method, Method::Unique);
    assert_eq!(path.hops()[1].method, Method::Ambiguous);
    assert!(!path.hops()[0].unreliable);
}

#[test]
fn hops_far_from_every_neighbour_are_unreliable() {
    let r9 = repeater(0x23, 1, "R9", SEATTLE);
    let r6 = repeater(0x22, 2, "R6", NORTH);
    let r8 = repeater(0x88, 3, "R8", PORTLAND);
    let packet = ack(1, flood(1, &[0x23, 0x22, 0x88]));
    let mut hearings = introduce(&[&r9, &r6, &r8], 2);
    hearings.push(heard(T0 + HOUR, 1, packet.clone()));
    let store = store_of(&observers(), &hearings);
    let path = resolve(&store, &packet, "south");
    let flags: Vec<bool> = path.hops().iter().map(|hop| hop.unreliable).collect();
    assert_eq!(flags, [false, false, true]);
    assert_eq!(path.hops()[2].method, Method::Unique);
    assert_eq!(path.hops()[2].confident(), None);
    assert!(!path.all_confident());
    assert_eq!(path.hops()[1].confident(), Some(r6.id(&store)));
}

#[test]
fn the_backward_pass_uses_what_the_forward_pass_decided() {
    // Two pairs of repeaters share 0xAB and 0x44; R6 (0x22) is unique.
    let r1 = repeater(0xAB, 1, "R1", SEATTLE);
    let r2 = repeater(0xAB, 2, "R2", PORTLAND);
    let r10 = repeater(0x44, 3, "R10", NORTH);
    let r11 = repeater(0x44, 4, "R11", PORTLAND);
    let r6 = repeater(0x22, 5, "R6", NORTH);
    let packet = ack(1, flood(1, &[0xAB, 0x44, 0x22]));
    let observers = vec![
        anonymous_observer("north"),
        anonymous_observer("south"),
        anonymous_observer("intro"),
        r10.observer(),
        r11.observer(),
    ];
    let mut hearings = introduce(&[&r1, &r2, &r10, &r11, &r6], 2);
    // R10 hears R1, R11 hears R2 (three times each): the first hop alone cannot choose.
    hearings.extend(heard_directly(&r1, 3, T0 + HOUR, 3));
    hearings.extend(heard_directly(&r2, 4, T0 + HOUR, 3));
    // R6 relayed R10's adverts six times.
    for i in 0..6 {
        let time = T0 + (10 + i) * HOUR;
        hearings.push(heard(
            time,
            2,
            advert(&r10, (time / 1000) as u32, flood(1, &[0x22])),
        ));
    }
    hearings.push(heard(T0 + 20 * HOUR, 1, packet.clone()));
    let store = store_of(&observers, &hearings);
    let path = resolve(&store, &packet, "south");
    let nodes: Vec<Option<NodeId>> = path.hops().iter().map(|hop| hop.confident()).collect();
    assert_eq!(
        nodes,
        [
            Some(r1.id(&store)),
            Some(r10.id(&store)),
            Some(r6.id(&store))
        ]
    );
    let methods: Vec<Method> = path.hops().iter().map(|hop| hop.method).collect();
    assert_eq!(
        methods,
        [
            Method::NeighborEvidence,
            Method::NeighborEvidence,
            Method::Unique
        ]
    );
}

#[test]
fn a_direct_path_does_not_make_the_observer_a_neighbour() {
    let r1 = repeater(0xAB, 1, "R1", SEATTLE);
    let r2 = repeater(0xAB, 2, "R2", PORTLAND);
    let packet = ack(1, direct(1, &[0xAB]));
    let mut hearings = introduce(&[&r1, &r2], 2);
    hearings.extend(heard_directly(&r1, 0, T0 + HOUR, 4));
    hearings.push(heard(T0 + 9 * HOUR, 0, packet.clone()));
    let store = store_of(&observers(), &hearings);
    assert_eq!(
        resolve(&store, &packet, "north").hops()[0].method,
        Method::Ambiguous
    );
}

#[test]
fn one_hop_with_context() {
    let r1 = repeater(0xAB, 1, "R1", SEATTLE);
    let r2 = repeater(0xAB, 2, "R2", PORTLAND);
    let r6 = repeater(0x22, 3, "R6", NORTH);
    let mut hearings = introduce(&[&r1, &r2, &r6], 2);
    hearings.extend(heard_directly(&r1, 0, T0 + HOUR, 3));
    let store = store_of(&observers(), &hearings);
    let resolver = Resolver::at_last_observation(&store);
    let hop = HopHash::new(&[0xAB]).unwrap();
    let north = observer_named(&store, "north");
    let context = HopContext {
        observer: Some(north),
        ..HopContext::default()
    };
    let resolution = resolver.resolve_hop(hop, &context);
    assert_eq!(resolution.hop.method, Method::NeighborEvidence);
    assert_eq!(resolution.hop.node, Some(r1.id(&store)));
    assert_eq!(resolution.candidates.len(), 2);
    let alone = resolver.resolve_hop(hop, &HopContext::default());
    assert_eq!(alone.hop.method, Method::Ambiguous);
    // Geography from a decided previous hop near Seattle.
    let near = [r6.id(&store)];
    let context = HopContext {
        previous: &near,
        ..HopContext::default()
    };
    let guess = resolver.resolve_hop(hop, &context).hop;
    assert_eq!(
        (guess.method, guess.node),
        (Method::Geography, Some(r1.id(&store)))
    );
    let unknown = resolver.resolve_hop(HopHash::new(&[0x77]).unwrap(), &HopContext::default());
    assert_eq!(
        (unknown.hop.method, unknown.candidates.len()),
        (Method::Unknown, 0)
    );
    assert_eq!(resolver.observer_vertex(north), Vertex::Observer(north));
    assert_eq!(resolver.candidates(&[0xAB]).len(), 2);
}

#[test]
fn an_empty_store_resolves_nothing() {
    let store = Store::new();
    let resolver = Resolver::at_last_observation(&store);
    let mut path = ResolvedPath::new();
    assert!(!resolver.resolve_observation(&store, meshscope::store::ObsId(0), &mut path));
    assert!(path.is_empty());
    let context = meshscope::analytics::resolve::PathContext {
        route: meshscope::protocol::RouteType::Flood,
        observer: None,
        originator: None,
    };
    resolver.resolve_path(&[1, 2, 3, 4], 2, &context, &mut path);
    assert_eq!(path.len(), 2);
    assert!(path.hops().iter().all(|hop| hop.method == Method::Unknown));
    // A hash size outside 1-3 resolves no hop.
    resolver.resolve_path(&[1, 2, 3, 4], 4, &context, &mut path);
    assert!(path.is_empty());
    assert!(resolver.graph().edges().is_empty());
}
