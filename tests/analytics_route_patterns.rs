//! The route_patterns key on hand-built stores: runs of consecutive raw hops in each longest path, counted
//! once per transmission, never merged by resolved name; self-loops and shared prefixes flagged.

mod analytics_graph_support;

use analytics_graph_support::*;
use meshscope::analytics::resolve::Resolver;
use meshscope::analytics::{RoutePatterns, route_patterns};
use meshscope::protocol::Role;
use meshscope::store::Store;

fn repeater(prefix: u8, salt: u32, name: &str) -> TestNode {
    TestNode::new(&[prefix], salt, name, Role::Repeater, micro(47.6, -122.3))
}

fn of(store: &Store) -> RoutePatterns {
    route_patterns(store, &Resolver::at_last_observation(store))
}

#[test]
fn runs_of_raw_hops() {
    let r1 = repeater(0xAB, 1, "R1");
    let r2 = repeater(0xAB, 2, "R2");
    let r3 = repeater(0xCD, 3, "R3");
    let r4 = repeater(0xEF, 4, "R4");
    let observers = vec![anonymous_observer("north"), anonymous_observer("south")];
    // Introductions: one hop each (left out: fewer than 2).
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
    hearings.push(heard(T0 + HOUR, 0, ack(1, flood(1, &[0xCD, 0xEF, 0xAB]))));
    // ACK 1's shorter copy does not count again.
    hearings.push(heard(T0 + HOUR, 1, ack(1, flood(1, &[0xCD, 0xEF]))));
    hearings.push(heard(T0 + HOUR, 0, ack(2, flood(1, &[0xCD, 0xEF]))));
    hearings.push(heard(T0 + HOUR, 1, ack(3, flood(1, &[0xCD, 0xEF, 0xAB]))));
    hearings.push(heard(T0 + HOUR, 1, ack(4, flood(1, &[0xAB, 0xAB]))));
    let store = store_of(&observers, &hearings);
    let p = of(&store);

    assert_eq!(p.total_paths, 4);
    let pairs: Vec<_> = p.groups[0]
        .patterns
        .iter()
        .map(|x| (x.hops.join(","), x.count, x.pct, x.self_loop, x.ambiguous))
        .collect();
    assert_eq!(
        pairs,
        [
            ("cd,ef".to_owned(), 3, 75.0, false, false),
            ("ef,ab".to_owned(), 2, 50.0, false, true),
            ("ab,ab".to_owned(), 1, 25.0, true, true),
        ]
    );
    let cd_ef = &p.groups[0].patterns[0];
    assert_eq!(cd_ef.nodes, [Some(r3.id(&store)), Some(r4.id(&store))]);
    assert_eq!(p.groups[0].patterns[1].nodes, [Some(r4.id(&store)), None]);
    let triples: Vec<_> = p.groups[1]
        .patterns
        .iter()
        .map(|x| (x.hops.join(","), x.count))
        .collect();
    assert_eq!(triples, [("cd,ef,ab".to_owned(), 2)]);
    assert!(p.groups[2].patterns.is_empty() && p.groups[3].patterns.is_empty());
    assert_eq!(
        (p.groups[3].min_len, p.groups[3].max_len),
        (5, 8),
        "CoreScope's bulk groups"
    );
    assert_eq!(p.nodes.len(), 2);
}

#[test]
fn an_empty_store_has_no_patterns() {
    let p = of(&Store::new());
    assert_eq!(p.total_paths, 0);
    assert_eq!(p.groups.len(), 4);
    assert!(p.groups.iter().all(|g| g.patterns.is_empty()));
}
