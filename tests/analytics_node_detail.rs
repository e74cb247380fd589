//! The node page on hand-built stores: adverts, the observers that heard the node (direct SNR apart),
//! neighbours, forwarding sorted by how sure the resolution is (a shared prefix is never its path), companions
//! that share a repeater's prefix, recent packets, status thresholds, unknown keys.

mod analytics_graph_support;

use analytics_graph_support::*;
use meshscope::analytics::neighbors::EdgeMethod;
use meshscope::analytics::node_detail::{
    DEGRADED_MS, INFRA_DEGRADED_MS, INFRA_SILENT_MS, Relation, SILENT_MS, Status,
};
use meshscope::analytics::resolve::{Method, Resolver, Vertex};
use meshscope::analytics::{NodeDetail, node_detail};
use meshscope::protocol::Role;
use meshscope::store::Store;

const SEATTLE: (f64, f64) = (47.60, -122.33);
const NORTH: (f64, f64) = (47.655, -122.33);
const PORTLAND: (f64, f64) = (45.52, -122.68);

fn repeater(prefix: u8, salt: u32, name: &str, at: (f64, f64)) -> TestNode {
    TestNode::new(&[prefix], salt, name, Role::Repeater, micro(at.0, at.1))
}

/// Observers: 0 "north" and 1 "south" (no keys), 2 "intro".
fn observers() -> Vec<meshscope::ingest::ObserverInfo> {
    vec![
        anonymous_observer("north"),
        anonymous_observer("south"),
        anonymous_observer("intro"),
    ]
}

struct Mesh {
    r1: TestNode,
    r2: TestNode,
    r3: TestNode,
    companion: TestNode,
    store: Store,
}

/// R1 (AB, Seattle) and R2 (AB, Portland) share a prefix; north heard R1 directly three times, so north's
/// last hop AB is R1 by neighbor evidence; south heard an AB hop with no evidence (ambiguous). A companion
/// shares R3's prefix CD.
fn mesh() -> Mesh {
    let r1 = repeater(0xAB, 1, "R1", SEATTLE);
    let r2 = repeater(0xAB, 2, "R2", PORTLAND);
    let r3 = repeater(0xCD, 3, "R3", NORTH);
    let companion = TestNode::new(&[0xCD], 9, "Phone", Role::Chat, micro(SEATTLE.0, SEATTLE.1));
    let mut hearings: Vec<Heard> = [&r1, &r2, &r3, &companion]
        .iter()
        .enumerate()
        .map(|(i, node)| {
            heard(
                T0 + i as i64,
                2,
                advert(node, 1_700_000_000, direct(1, &[0x5A])),
            )
        })
        .collect();
    let mut direct = heard_directly(&r1, 0, T0 + HOUR, 3);
    for (i, h) in direct.iter_mut().enumerate() {
        h.snr_db = Some(8.0 + i as f32);
    }
    hearings.extend(direct);
    hearings.push(heard(T0 + 5 * HOUR, 0, ack(1, flood(1, &[0xCD, 0xAB]))));
    hearings.push(heard(T0 + 6 * HOUR, 1, ack(2, flood(1, &[0xAB]))));
    let store = store_of(&observers(), &hearings);
    Mesh {
        r1,
        r2,
        r3,
        companion,
        store,
    }
}

fn detail(store: &Store, node: &TestNode, now_ms: i64) -> NodeDetail {
    let resolver = Resolver::new(store, now_ms);
    node_detail(store, &resolver, &node.key(), now_ms).expect("the node advertised")
}

#[test]
fn identity_adverts_and_observers() {
    let m = mesh();
    let now = T0 + 6 * HOUR;
    let page = detail(&m.store, &m.r1, now);
    assert_eq!(page.node.name.as_deref(), Some("R1"));
    assert_eq!(page.node.role, Some("REPEATER"));
    assert_eq!(page.adverts, 4);
    assert_eq!(page.invalid_adverts, 0);
    assert_eq!(page.latest_signature_valid, Some(true));
    assert_eq!(
        page.recent_adverts_ms,
        [T0 + 3 * HOUR, T0 + 2 * HOUR, T0 + HOUR, T0]
    );
    let [north, intro] = page.heard_by.as_slice() else {
        panic!("two observers: {:?}", page.heard_by);
    };
    assert_eq!(north.observer.name.as_deref(), Some("north"));
    assert_eq!((north.observations, north.direct), (3, 3));
    let snr = north.direct_snr.unwrap();
    assert_eq!((snr.count, snr.mean, snr.min, snr.max), (3, 9.0, 8.0, 10.0));
    assert_eq!(north.avg_rssi_dbm, Some(-95.0));
    assert_eq!(north.last_ms, T0 + 3 * HOUR);
    // The introduction was DIRECT with a hop still to go: not heard from R1 itself.
    assert_eq!(
        (intro.observations, intro.direct, intro.direct_snr),
        (1, 0, None)
    );
    assert_eq!(intro.snr.map(|s| s.mean), Some(6.0));
}

#[test]
fn neighbours_come_from_the_graph() {
    let m = mesh();
    let page = detail(&m.store, &m.r1, T0 + 6 * HOUR);
    let north = m
        .store
        .observers()
        .iter()
        .find(|(_, o)| o.name.as_deref() == Some("north"))
        .unwrap()
        .0;
    let edge = page
        .neighbors
        .iter()
        .find(|n| n.neighbor.as_ref().map(|l| l.vertex) == Some(Vertex::Observer(north)))
        .expect("north heard R1 directly");
    assert_eq!(edge.method, EdgeMethod::Unique);
    assert!(edge.observations >= 3);
    assert_eq!(edge.km, None, "an observer without a node has no position");
    assert!(edge.score > 0.0);
    // R2 was never heard directly by anyone: no edge names it.
    let page = detail(&m.store, &m.r2, T0 + 6 * HOUR);
    assert!(
        page.neighbors
            .iter()
            .all(|n| n.prefix.is_some() || n.method != EdgeMethod::Unique)
    );
}

#[test]
fn forwarding_by_how_sure_the_resolution_is() {
    let m = mesh();
    let now = T0 + 6 * HOUR;
    let r1 = detail(&m.store, &m.r1, now);
    assert_eq!(r1.forwarding.candidate_transmissions, 2);
    assert_eq!(
        (
            r1.forwarding.confident,
            r1.forwarding.guessed,
            r1.forwarding.ambiguous,
            r1.forwarding.elsewhere
        ),
        (1, 0, 1, 0)
    );
    assert_eq!(r1.forwarding.last_ms, Some(T0 + 5 * HOUR));
    let [path] = r1.paths.as_slice() else {
        panic!("one confident path: {:?}", r1.paths);
    };
    assert_eq!(
        (path.path.as_str(), path.hash_size, path.position),
        ("cdab", 1, 1)
    );
    assert_eq!(path.transmissions, 1);
    assert_eq!(path.hops[1].method, Method::NeighborEvidence);
    assert_eq!(path.hops[0].method, Method::Unique);
    // Newest first: the forwarded ACK, then its adverts.
    let relations: Vec<_> = r1
        .recent_packets
        .iter()
        .map(|p| (p.payload_type, p.relation))
        .collect();
    assert_eq!(relations[0], ("ACK", Relation::Forwarded));
    assert_eq!(relations.len(), 5);
    assert!(
        relations[1..]
            .iter()
            .all(|&r| r == ("ADVERT", Relation::Originated))
    );
    // The forwarding is newer than its last advert.
    assert_eq!(r1.last_seen_ms, T0 + 3 * HOUR);
    assert_eq!(r1.last_heard_ms, T0 + 5 * HOUR);

    // R2 shares the prefix: north's AB is R1's, south's stays ambiguous; neither is R2's path.
    let r2 = detail(&m.store, &m.r2, now);
    assert_eq!(
        (
            r2.forwarding.candidate_transmissions,
            r2.forwarding.confident,
            r2.forwarding.ambiguous,
            r2.forwarding.elsewhere
        ),
        (2, 0, 1, 1)
    );
    assert!(r2.paths.is_empty());
    assert_eq!(r2.last_heard_ms, T0 + 1);

    // R3 (CD) forwarded the first ACK; the companion sharing CD never forwards.
    let r3 = detail(&m.store, &m.r3, now);
    assert_eq!((r3.forwarding.confident, r3.paths[0].position), (1, 0));
    let phone = detail(&m.store, &m.companion, now);
    assert_eq!(phone.forwarding.candidate_transmissions, 0);
    assert!(phone.paths.is_empty());
    assert!(
        phone
            .recent_packets
            .iter()
            .all(|p| p.relation == Relation::Originated)
    );
}

#[test]
fn status_ages_by_role() {
    let m = mesh();
    // R1 was last heard forwarding at T0 + 5 h.
    let heard = T0 + 5 * HOUR;
    assert_eq!(
        detail(&m.store, &m.r1, heard + INFRA_DEGRADED_MS - 1).status,
        Status::Active
    );
    assert_eq!(
        detail(&m.store, &m.r1, heard + INFRA_DEGRADED_MS).status,
        Status::Degraded
    );
    assert_eq!(
        detail(&m.store, &m.r1, heard + INFRA_SILENT_MS).status,
        Status::Silent
    );
    // The companion's last advert was at T0 + 3 ms: companions degrade after an hour.
    let phone = T0 + 3;
    assert_eq!(
        detail(&m.store, &m.companion, phone + DEGRADED_MS - 1).status,
        Status::Active
    );
    assert_eq!(
        detail(&m.store, &m.companion, phone + DEGRADED_MS).status,
        Status::Degraded
    );
    assert_eq!(
        detail(&m.store, &m.companion, phone + SILENT_MS).status,
        Status::Silent
    );
    assert_eq!(Status::at(None, 0, DEGRADED_MS - 1), Status::Active);
    assert_eq!(
        Status::at(Some(Role::Room), 0, INFRA_SILENT_MS - 1),
        Status::Degraded
    );
}

#[test]
fn unknown_keys_and_empty_stores_have_no_page() {
    let store = Store::new();
    let resolver = Resolver::at_last_observation(&store);
    assert_eq!(node_detail(&store, &resolver, &[0; 32], 0), None);
    let m = mesh();
    let resolver = Resolver::at_last_observation(&m.store);
    assert_eq!(node_detail(&m.store, &resolver, &[7; 32], T0), None);
}
