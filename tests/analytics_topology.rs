//! The topology key on hand-built stores: hop counts of the longest path per transmission, hops against SNR,
//! top hop hashes with every candidate (a shared prefix is never pinned on one node), degrees from the graph.

mod analytics_graph_support;

use analytics_graph_support::*;
use meshscope::analytics::resolve::{Method, Resolver};
use meshscope::analytics::topology::HopCount;
use meshscope::analytics::{Topology, topology};
use meshscope::protocol::Role;
use meshscope::store::Store;

fn repeater(prefix: u8, salt: u32, name: &str) -> TestNode {
    TestNode::new(&[prefix], salt, name, Role::Repeater, micro(47.6, -122.3))
}

fn of(store: &Store) -> Topology {
    topology(store, &Resolver::at_last_observation(store))
}

#[test]
fn hop_counts_of_the_longest_paths() {
    let r1 = repeater(0xAB, 1, "R1");
    let r2 = repeater(0xAB, 2, "R2");
    let r3 = repeater(0xCD, 3, "R3");
    let r4 = repeater(0xEF, 4, "R4");
    let observers = vec![anonymous_observer("north"), anonymous_observer("south")];
    // Introductions: DIRECT with one hop still to go (5A names nobody): 1 hop each.
    let mut hearings: Vec<Heard> = [&r1, &r2, &r3, &r4]
        .iter()
        .enumerate()
        .map(|(i, node)| {
            heard(
                T0 + i as i64,
                1,
                advert(node, 1_700_000_000, direct(1, &[0x5A])),
            )
        })
        .collect();
    // ACK 1: heard with 1 and 3 hops (longest 3); ACK 2: 2 hops; ACK 3: zero hops (left out).
    let mut low = heard(T0 + HOUR, 0, ack(1, flood(1, &[0xCD, 0xEF, 0xAB])));
    low.snr_db = Some(-4.0);
    hearings.push(low);
    hearings.push(heard(T0 + HOUR, 1, ack(1, flood(1, &[0xCD]))));
    let mut two = heard(T0 + HOUR, 0, ack(2, flood(1, &[0xCD, 0xAB])));
    two.snr_db = Some(2.0);
    hearings.push(two);
    hearings.push(heard(T0 + HOUR, 0, ack(3, ZERO_HOP)));
    // R3 heard directly by north three times, and R4 heard R3's flooded advert: edges R3-north, R3-R4.
    hearings.extend(heard_directly(&r3, 0, T0 + 2 * HOUR, 3));
    hearings.push(heard(
        T0 + 6 * HOUR,
        1,
        advert(&r3, 1_700_100_000, flood(1, &[0xEF])),
    ));
    let store = store_of(&observers, &hearings);
    let t = of(&store);

    // 4 introductions (1 hop), ACK 1 (3), ACK 2 (2), R3's flood (1).
    assert_eq!(t.paths, 7);
    assert_eq!(
        t.hop_distribution,
        [
            HopCount { hops: 1, count: 5 },
            HopCount { hops: 2, count: 1 },
            HopCount { hops: 3, count: 1 }
        ]
    );
    assert!((t.avg_hops - 10.0 / 7.0).abs() < 1e-9);
    assert_eq!((t.median_hops, t.max_hops), (1, 3));
    let three = t.hops_vs_snr.iter().find(|h| h.hops == 3).unwrap();
    assert_eq!((three.count, three.avg_snr_db), (1, -4.0));
    let two = t.hops_vs_snr.iter().find(|h| h.hops == 2).unwrap();
    assert_eq!((two.count, two.avg_snr_db), (1, 2.0));

    // CD is in ACK 1's and ACK 2's paths, AB too (shared by R1 and R2), 5A in the four introductions.
    let cd = t.top_hops.iter().find(|h| h.hop == "cd").unwrap();
    assert_eq!(
        (cd.transmissions, cd.method, cd.node),
        (2, Method::Unique, Some(r3.id(&store)))
    );
    let ab = t.top_hops.iter().find(|h| h.hop == "ab").unwrap();
    assert_eq!(
        (ab.transmissions, ab.method, ab.node),
        (2, Method::Ambiguous, None)
    );
    let names: Vec<_> = ab
        .candidates
        .iter()
        .filter_map(|c| c.name.as_deref())
        .collect();
    assert_eq!(names.len(), 2);
    assert!(names.contains(&"R1") && names.contains(&"R2"));
    let fivea = t.top_hops.iter().find(|h| h.hop == "5a").unwrap();
    assert_eq!((fivea.transmissions, fivea.method), (4, Method::Unknown));
    assert_eq!(t.top_hops[0].hop, "5a", "most transmissions first");

    // R3 has three resolved neighbours (north heard it directly, south heard it as ACK 1's last hop, R4
    // relayed its advert first); R4 two (R3, and south heard it last); AB's edge to north stays ambiguous, so
    // R1 and R2 have none.
    assert_eq!(t.top_degree[0].node.name.as_deref(), Some("R3"));
    assert_eq!(t.top_degree[0].neighbors, 3);
    assert_eq!(t.top_degree[1].node.name.as_deref(), Some("R4"));
    assert_eq!(t.top_degree[1].neighbors, 2);
    assert_eq!(t.degree_distribution, [2, 0, 1, 1]);
}

#[test]
fn an_empty_store_has_no_topology() {
    let t = of(&Store::new());
    assert_eq!((t.paths, t.median_hops, t.max_hops), (0, 0, 0));
    assert_eq!(t.avg_hops, 0.0);
    assert!(
        t.hop_distribution.is_empty() && t.top_hops.is_empty() && t.degree_distribution.is_empty()
    );
}
