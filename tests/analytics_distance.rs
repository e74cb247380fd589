//! The distance key on hand-built stores: confident legs only, link types, the observer's leg and its SNR,
//! ambiguous hops that break the chain, geographic guesses counted apart, the 300 km limit, missing and 0,0
//! positions, empty stores.

mod analytics_graph_support;

use analytics_graph_support::*;
use meshscope::analytics::geo::haversine_km;
use meshscope::analytics::resolve::Resolver;
use meshscope::analytics::{Distance, distance};
use meshscope::protocol::Role;
use meshscope::store::Store;

const SEATTLE: (f64, f64) = (47.60, -122.33);
const NORTH: (f64, f64) = (47.655, -122.33);
const TACOMA: (f64, f64) = (47.25, -122.44);
const PORTLAND: (f64, f64) = (45.52, -122.68);
const SPOKANE: (f64, f64) = (47.66, -117.43);

fn repeater(prefix: u8, salt: u32, name: &str, at: (f64, f64)) -> TestNode {
    TestNode::new(&[prefix], salt, name, Role::Repeater, micro(at.0, at.1))
}

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

fn of(store: &Store) -> Distance {
    distance(store, &Resolver::at_last_observation(store))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

#[test]
fn confident_legs_by_link_type() {
    let origin = TestNode::new(
        &[0x11],
        5,
        "Origin",
        Role::Chat,
        micro(SEATTLE.0, SEATTLE.1),
    );
    let r3 = repeater(0xCD, 3, "R3", NORTH);
    let r4 = repeater(0xEF, 4, "R4", TACOMA);
    let listener = repeater(0x33, 6, "Listener", PORTLAND);
    let observers = vec![listener.observer(), anonymous_observer("intro")];
    let mut hearings = introduce(&[&r3, &r4, &listener], 1);
    let mut copy = heard(
        T0 + HOUR,
        0,
        advert(&origin, 1_700_000_100, flood(1, &[0xCD, 0xEF])),
    );
    copy.snr_db = Some(-7.5);
    hearings.push(copy);
    let store = store_of(&observers, &hearings);
    let d = of(&store);

    let (cr, rr, obs_leg) = (
        haversine_km(SEATTLE, NORTH),
        haversine_km(NORTH, TACOMA),
        haversine_km(TACOMA, PORTLAND),
    );
    assert_eq!((d.summary.legs, d.summary.paths), (3, 1));
    assert!(close(d.summary.max_km, obs_leg));
    assert!(close(d.summary.avg_km, (cr + rr + obs_leg) / 3.0));
    assert_eq!(
        (d.summary.dropped_over_limit, d.summary.unconfident_legs),
        (0, 0)
    );
    let types: Vec<_> = d
        .by_link_type
        .iter()
        .map(|t| (t.link_type, t.count))
        .collect();
    assert_eq!(types, [("R-R", 2), ("C-R", 1)]);
    let rr_stats = &d.by_link_type[0];
    assert!(close(rr_stats.min_km, rr) && close(rr_stats.max_km, obs_leg));
    assert!(close(rr_stats.median_km, obs_leg), "sorted[n / 2] of two");

    // Longest first; only the observer's leg carries an SNR.
    let links: Vec<_> = d
        .longest_links
        .iter()
        .map(|l| (l.from, l.to, l.link_type))
        .collect();
    assert_eq!(
        links,
        [
            (r4.id(&store), listener.id(&store), "R-R"),
            (r3.id(&store), r4.id(&store), "R-R"),
            (origin.id(&store), r3.id(&store), "C-R"),
        ]
    );
    assert_eq!(d.longest_links[0].best_snr_db, Some(-7.5));
    assert_eq!(d.longest_links[1].best_snr_db, None);
    assert_eq!(d.longest_paths.len(), 1);
    assert!(close(d.longest_paths[0].total_km, cr + rr + obs_leg));
    assert_eq!((d.longest_paths[0].legs, d.longest_paths[0].hops), (3, 2));
    assert_eq!(d.histogram.iter().map(|b| b.count).sum::<u64>(), 3);
    assert_eq!(d.histogram.len(), 25);
    assert!(close(d.histogram[0].x, cr));
    assert_eq!(
        d.histogram[24].count, 1,
        "the longest leg is in the last bin"
    );
    assert_eq!(d.over_time.len(), 1);
    assert_eq!(
        (d.over_time[0].hour_ms, d.over_time[0].count),
        (T0 + HOUR, 3)
    );
    assert_eq!(d.nodes.len(), 4);
}

#[test]
fn ambiguous_hops_break_the_chain_and_guesses_count_apart() {
    let r1 = repeater(0xAB, 1, "R1", SEATTLE);
    let r2 = repeater(0xAB, 2, "R2", SEATTLE);
    let r3 = repeater(0xCD, 3, "R3", NORTH);
    let r4 = repeater(0xEF, 4, "R4", TACOMA);
    let r5 = repeater(0x77, 5, "R5", SEATTLE);
    let r6 = repeater(0x77, 7, "R6", PORTLAND);
    let observers = vec![anonymous_observer("north"), anonymous_observer("intro")];
    let mut hearings = introduce(&[&r1, &r2, &r3, &r4, &r5, &r6], 1);
    // CD → AB (R1 or R2, both in Seattle: ambiguous) → EF: no leg at all.
    hearings.push(heard(T0 + HOUR, 0, ack(1, flood(1, &[0xCD, 0xAB, 0xEF]))));
    // EF → 77 (Seattle by geography against Portland): a guessed leg, left out.
    hearings.push(heard(T0 + HOUR, 0, ack(2, flood(1, &[0xEF, 0x77]))));
    let store = store_of(&observers, &hearings);
    let d = of(&store);
    assert_eq!((d.summary.legs, d.summary.paths), (0, 0));
    assert_eq!(d.summary.unconfident_legs, 1);
    assert!(d.longest_links.is_empty() && d.histogram.is_empty() && d.by_link_type.is_empty());
}

#[test]
fn legs_over_the_limit_are_dropped_and_unlocated_nodes_make_none() {
    let far = TestNode::new(&[0x44], 8, "Far", Role::Chat, micro(SPOKANE.0, SPOKANE.1));
    let nofix = TestNode::new(&[0x45], 9, "NoFix", Role::Chat, Some((0, 0)));
    let unlocated = TestNode::new(&[0x46], 10, "Unlocated", Role::Chat, None);
    let listener = repeater(0x33, 6, "Listener", SEATTLE);
    let observers = vec![listener.observer(), anonymous_observer("intro")];
    let mut hearings = introduce(&[&listener], 1);
    for (i, node) in [&far, &nofix, &unlocated].into_iter().enumerate() {
        hearings.push(heard(
            T0 + HOUR + i as i64,
            0,
            advert(node, 1_700_000_100, ZERO_HOP),
        ));
    }
    let store = store_of(&observers, &hearings);
    let d = of(&store);
    assert!(haversine_km(SPOKANE, SEATTLE) > 300.0);
    assert_eq!(d.summary.dropped_over_limit, 1);
    assert_eq!((d.summary.legs, d.summary.unconfident_legs), (0, 0));
}

#[test]
fn an_empty_store_has_no_distances() {
    let d = of(&Store::new());
    assert_eq!(d.summary.legs, 0);
    assert_eq!(d.summary.avg_km, 0.0);
    assert!(d.longest_links.is_empty() && d.longest_paths.is_empty() && d.over_time.is_empty());
}
