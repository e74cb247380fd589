//! The hash analytics never panic, whatever the store holds and whatever `now_ms` is, and their totals agree
//! with each other. Native only: proptest is a native dev-dependency.
#![cfg(not(target_arch = "wasm32"))]

mod analytics_hash_support;

use analytics_hash_support::*;
use meshscope::analytics::{
    Known, available_prefix, check_prefix, hash_collisions, hash_sizes, node_status, nodes,
    prefix_tool,
};
use meshscope::protocol::Role;
use meshscope::protocol::crypto::Identity;
use proptest::prelude::*;

/// One packet to hear: a kind, a few numbers, a path.
#[derive(Debug, Clone)]
struct Spec {
    kind: u8,
    who: u8,
    number: u32,
    size: usize,
    path: Vec<u8>,
    time_ms: i64,
    observer: u32,
    snr: Option<i8>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        0u8..6,
        0u8..6,
        any::<u32>(),
        1usize..=3,
        proptest::collection::vec(any::<u8>(), 0..10),
        prop_oneof![
            Just(0i64),
            -1_000_000_000i64..4_000_000_000_000,
            Just(i64::MIN / 2)
        ],
        0u32..8,
        proptest::option::of(any::<i8>()),
    )
        .prop_map(
            |(kind, who, number, size, path, time_ms, observer, snr)| Spec {
                kind,
                who,
                number,
                size,
                path,
                time_ms,
                observer,
                snr,
            },
        )
}

fn packet(spec: &Spec, ids: &[Identity]) -> Vec<u8> {
    let whole = spec.path.len() / spec.size * spec.size;
    let path = &spec.path[..whole];
    let via = if spec.number.is_multiple_of(7) {
        ZERO_HOP_DIRECT
    } else {
        flood(spec.size, path)
    };
    let id = &ids[usize::from(spec.who) % ids.len()];
    let role = [Role::Repeater, Role::Room, Role::Chat, Role::Sensor][usize::from(spec.who) % 4];
    let location = match spec.number % 3 {
        0 => None,
        1 => Some((0, 0)),
        _ => Some((
            (spec.number % 90_000_000) as i32,
            -((spec.number % 180_000_000) as i32),
        )),
    };
    let who = Who {
        identity: id,
        name: "n",
        role,
        location,
    };
    match spec.kind {
        0 => advert(who, spec.number, via),
        1 => forged_advert(who, spec.number, via),
        2 => datagram(
            spec.path.first().copied().unwrap_or(0),
            spec.who,
            spec.number,
            via,
        ),
        3 => anon_req(id, spec.who, spec.number, via),
        4 => trace(spec.number, path),
        _ => ack(spec.number, via),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn never_panics_and_agrees(specs in proptest::collection::vec(spec(), 0..40), now in any::<i64>(), seed in any::<u64>()) {
        // Two identities share their first two bytes, so collisions happen.
        let ids: Vec<Identity> = TWO_BYTE_PAIR.iter().copied().chain(7..11).map(identity).collect();
        let hearings: Vec<Heard> = specs
            .iter()
            .map(|s| Heard {
                time_ms: s.time_ms,
                observer: s.observer,
                snr_db: s.snr.map(f32::from),
                packet: packet(s, &ids),
            })
            .collect();
        let store = store_of(&hearings);
        let sizes = hash_sizes(&store, now);
        prop_assert_eq!(sizes.total, sizes.distribution.total());
        prop_assert_eq!(sizes.hourly.iter().map(|h| h.counts.total()).sum::<u64>(), sizes.total);
        let counts = sizes.capability_counts;
        prop_assert_eq!(counts.confirmed + counts.suspected + counts.unknown, store.nodes().len());
        let collisions = hash_collisions(&store, now);
        for (stats, list) in collisions.stats.iter().zip([&collisions.one_byte, &collisions.two_byte, &collisions.three_byte]) {
            prop_assert_eq!(stats.usage.colliding_prefixes, list.len());
            prop_assert!(list.iter().all(|c| c.appearances >= 2 && c.nodes.len() == c.appearances));
        }
        prop_assert_eq!(
            collisions.one_byte_cells.iter().map(|c| c.count).sum::<usize>(),
            collisions.stats[0].repeaters
        );
        let tool = prefix_tool(&store);
        prop_assert_eq!(tool.repeaters, collisions.stats[0].repeaters);
        prop_assert!((1..=3).contains(&tool.recommendation.bytes));
        for bytes in 1..=3 {
            if let Some(free) = available_prefix(&store, bytes, seed) {
                let check = check_prefix(&store, &free.prefix).unwrap();
                prop_assert_eq!(check.sizes.last().map(|m| m.count), Some(0));
            }
        }
        let table = nodes(&store, now);
        prop_assert_eq!(table.iter().filter(|e| e.known != Known::PathOnly).count(), store.nodes().len());
        let status = node_status(&table);
        prop_assert_eq!(status.nodes.total, store.nodes().len());
        prop_assert_eq!(status.nodes.active + status.nodes.degraded + status.nodes.silent, status.nodes.total);
        prop_assert!(serde_json::to_string(&(&sizes, &collisions, &tool, &table, &status)).is_ok());
    }
}
