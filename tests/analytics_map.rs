//! The map's analytics on a small hand-built mesh: located nodes with freshness and observers
//! (`map_nodes`), links from zero-hop adverts and unambiguous adjacent hops (`map_links`), and a packet's route
//! with an ambiguous hop left unplaced (`packet_route`).

mod store_support;

use meshscope::analytics::map_links::{LinkSource, MapLink, map_links};
use meshscope::analytics::map_nodes::map_nodes;
use meshscope::analytics::packet_route::packet_route;
use meshscope::ingest::ObserverInfo;
use meshscope::protocol::crypto::Identity;
use meshscope::store::{NodeId, ObserverKind, Store};
use store_support::{ZERO_HOP_DIRECT, ack, advert, batch, flood, heard, identity};

const HOUR_MS: i64 = 3_600_000;

struct Mesh {
    store: Store,
    a: NodeId,
    b: NodeId,
    c: NodeId,
    d: NodeId,
    d_key: [u8; 32],
    a_key: [u8; 32],
}

/// A (seed 1), B (seed 2, also observer 0), C (shares A's first key byte, heard 100 h before the rest) and D
/// (a distinct first byte); observer 1 is no node.
fn mesh() -> Mesh {
    let a = identity(1);
    let b = identity(2);
    let c_seed = (3..=u8::MAX)
        .find(|&s| identity(s).public_key()[0] == a.public_key()[0])
        .unwrap();
    let c = identity(c_seed);
    let firsts = [a.public_key()[0], b.public_key()[0]];
    let d_seed = (3..=u8::MAX)
        .find(|&s| s != c_seed && !firsts.contains(&identity(s).public_key()[0]))
        .unwrap();
    let d = identity(d_seed);
    let (a_hop, b_hop, d_hop) = (
        [a.public_key()[0]],
        [b.public_key()[0]],
        [d.public_key()[0]],
    );
    let later = 100 * HOUR_MS;
    let hearings = vec![
        heard(
            0,
            1,
            &advert(
                &c,
                1,
                "C",
                Some((47_560_000, -122_400_000)),
                ZERO_HOP_DIRECT,
            ),
        ),
        heard(
            later,
            0,
            &advert(
                &a,
                2,
                "A",
                Some((47_600_000, -122_330_000)),
                ZERO_HOP_DIRECT,
            ),
        ),
        heard(
            later + 1,
            0,
            &advert(
                &b,
                3,
                "B",
                Some((47_650_000, -122_200_000)),
                ZERO_HOP_DIRECT,
            ),
        ),
        heard(
            later + 2,
            1,
            &advert(&d, 4, "D", Some((47_700_000, -122_100_000)), flood(&b_hop)),
        ),
        heard(later + 3, 0, &ack(7, flood(&[d_hop[0], b_hop[0]]))),
        heard(later + 4, 0, &ack(8, flood(&[a_hop[0], d_hop[0]]))),
    ];
    let observers = vec![
        ObserverInfo {
            id: Some(b.public_key()),
            name: Some(String::from("B-obs")),
            iata: None,
        },
        ObserverInfo {
            id: Some([0xEE; 32]),
            name: Some(String::from("elsewhere")),
            iata: None,
        },
    ];
    let mut store = Store::new();
    store.ingest(&batch(&hearings), &observers, ObserverKind::Mqtt);
    let id = |identity: &Identity| store.node_by_key(&identity.public_key()).unwrap();
    Mesh {
        a: id(&a),
        b: id(&b),
        c: id(&c),
        d: id(&d),
        d_key: d.public_key(),
        a_key: a.public_key(),
        store,
    }
}

fn ordered(x: NodeId, y: NodeId) -> (NodeId, NodeId) {
    if x.0 < y.0 { (x, y) } else { (y, x) }
}

#[test]
fn nodes_with_position_freshness_and_observers() {
    let mesh = mesh();
    let nodes = map_nodes(&mesh.store);
    assert_eq!(nodes.len(), 4);
    let find = |id: NodeId| nodes.iter().find(|n| n.id == id).unwrap();
    assert!(find(mesh.b).observer && !find(mesh.a).observer);
    assert!(
        find(mesh.c).stale,
        "C was heard 100 h before the newest data"
    );
    assert!(!find(mesh.a).stale && !find(mesh.d).stale);
    assert_eq!(find(mesh.a).name.as_deref(), Some("A"));
    assert_eq!(find(mesh.a).role, Some("REPEATER"));
    assert!((find(mesh.a).lat - 47.6).abs() < 1e-9);
}

#[test]
fn links_come_from_zero_hop_adverts_and_unique_adjacent_hops() {
    let mesh = mesh();
    let links = map_links(&mesh.store);
    let (ab_a, ab_b) = ordered(mesh.a, mesh.b);
    let (bd_a, bd_b) = ordered(mesh.b, mesh.d);
    let mut expected = vec![
        // A's and B's adverts were heard with no hop by observer B: B's own is no link.
        MapLink {
            a: ab_a,
            b: ab_b,
            transmissions: 1,
            source: LinkSource::ZeroHop,
        },
        // D's advert reached B's hop first; one ACK went D then B (heard by B itself: no link to itself); the
        // other ended at D and was heard by B.
        MapLink {
            a: bd_a,
            b: bd_b,
            transmissions: 3,
            source: LinkSource::Path,
        },
    ];
    expected.sort_by_key(|l| (l.a, l.b));
    assert_eq!(links, expected, "the ambiguous A/C hop links nothing");
}

#[test]
fn a_route_places_unique_hops_and_lists_candidates_of_the_rest() {
    let mesh = mesh();
    let store = &mesh.store;
    let tx = *store.by_time().last().unwrap();
    let route = packet_route(store, tx).unwrap();
    assert_eq!(route.payload_type, "ACK");
    assert_eq!(route.origin, None);
    assert_eq!(route.hops.len(), 2);
    assert_eq!(route.hops[0].prefix, format!("{:02X}", mesh.a_key[0]));
    assert_eq!(route.hops[0].node, None);
    let mut candidates = vec![mesh.a, mesh.c];
    candidates.sort_by_key(|&id| store.node(id).unwrap().public_key);
    assert_eq!(route.hops[0].candidates, candidates);
    assert_eq!(route.hops[1].node, Some(mesh.d));
    assert_eq!(route.hops[1].prefix, format!("{:02X}", mesh.d_key[0]));
    assert_eq!(route.observer.as_deref(), Some("B-obs"));
    assert_eq!(route.observer_node, Some(mesh.b));
    // An advert's route starts at its sender.
    let advert_tx = store.by_time()[3];
    assert_eq!(packet_route(store, advert_tx).unwrap().origin, Some(mesh.d));
}
