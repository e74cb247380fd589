//! `hash_collisions` and `prefix_tool` on hand-built stores: every repeater counted at every size whatever
//! its own hash mode, distance classes with and without positions, the order, the matrices and the stats.

mod analytics_hash_support;

use analytics_hash_support::*;
use meshscope::analytics::hash_collisions::{Collision, DistanceClass};
use meshscope::analytics::{hash_collisions, prefix_tool};
use meshscope::protocol::Role;
use meshscope::protocol::crypto::Identity;

/// An advert of `who` sent and heard once at `T0 + offset`, flooded with `size`-byte hashes and one hop.
fn advertised(who: Who<'_>, size: usize, offset: i64) -> Heard {
    let hop = vec![0xEE; size];
    let timestamp = ((T0 + offset) / 1000) as u32;
    heard(T0 + offset, 0, advert(who, timestamp, flood(size, &hop)))
}

fn keys(identities: &[&Identity]) -> Vec<String> {
    let mut keys: Vec<String> = identities.iter().map(|i| key_hex(i)).collect();
    keys.sort();
    keys
}

fn find<'a>(list: &'a [Collision], prefix: &str) -> &'a Collision {
    list.iter()
        .find(|c| c.prefix == prefix)
        .unwrap_or_else(|| panic!("no collision {prefix} in {list:?}"))
}

#[test]
fn every_repeater_counts_at_every_size_whatever_its_mode() {
    let [a, b] = TWO_BYTE_PAIR.map(identity);
    let [c, d] = THREE_BYTE_PAIR.map(identity);
    let a_key = a.public_key();
    // Shares only the first byte with `a`, and uses 2-byte hashes itself.
    let e = identity(one_byte_partner(a_key[0], a_key[1], 200_000));
    // A companion with `a`'s first byte: companions never relay, so it is no collision.
    let companion = identity(one_byte_partner(a_key[0], a_key[1], 300_000));
    let hearings = vec![
        advertised(repeater(&a, "A", Some(SEATTLE)), 1, 0),
        advertised(repeater(&b, "B", Some(TACOMA)), 1, 1_000),
        advertised(repeater(&c, "C", Some(SEATTLE)), 2, 2_000),
        advertised(repeater(&d, "D", Some(TACOMA)), 3, 3_000),
        advertised(repeater(&e, "E", Some(SEATTLE)), 2, 4_000),
        advertised(
            Who {
                identity: &companion,
                name: "phone",
                role: Role::Chat,
                location: Some(SEATTLE),
            },
            1,
            5_000,
        ),
    ];
    let store = store_of(&hearings);
    let snapshot = hash_collisions(&store, T0 + HOUR);

    // 1 byte: A, B (1-byte mode) and E (2-byte mode) share the first byte; C and D share theirs.
    assert_eq!(snapshot.one_byte.len(), 2, "{:?}", snapshot.one_byte);
    let first = find(&snapshot.one_byte, &format!("{:02X}", a_key[0]));
    assert_eq!(first.nodes, keys(&[&a, &b, &e]));
    assert_eq!((first.appearances, first.bytes), (3, 1));
    assert_eq!(first.using_this_size, 2, "A and B use 1 byte, E uses 2");
    assert_eq!(first.multi_byte_confirmed, 1, "E advertised 2 bytes");
    // 2 bytes: A and B, both in 1-byte mode, collide in every 2-byte packet; C and D too.
    assert_eq!(snapshot.two_byte.len(), 2);
    let pair = find(&snapshot.two_byte, "6B44");
    assert_eq!(pair.nodes, keys(&[&a, &b]));
    assert_eq!((pair.using_this_size, pair.multi_byte_confirmed), (0, 0));
    let deep = find(&snapshot.two_byte, "779F");
    assert_eq!(deep.nodes, keys(&[&c, &d]));
    assert_eq!((deep.using_this_size, deep.multi_byte_confirmed), (1, 2));
    // 3 bytes: only C and D.
    assert_eq!(snapshot.three_byte.len(), 1);
    let three = find(&snapshot.three_byte, "779F78");
    assert_eq!(
        (three.using_this_size, three.class),
        (1, DistanceClass::Local)
    );

    // Stats: five repeaters at every size; the companion is not one.
    let stats: Vec<(usize, usize, usize, usize, usize, u64)> = snapshot
        .stats
        .iter()
        .map(|s| {
            let usage = s.usage;
            let row = (usage.bytes, s.repeaters, s.using_this_size, usage.used);
            (
                row.0,
                row.1,
                row.2,
                row.3,
                usage.colliding_repeaters,
                usage.space,
            )
        })
        .collect();
    assert_eq!(
        stats,
        [
            (1, 5, 2, 2, 5, 256),
            (2, 5, 2, 3, 4, 65_536),
            (3, 5, 1, 4, 2, 16_777_216)
        ]
    );
    assert_eq!(snapshot.stats[0].usage.pct_used, 2.0 / 256.0 * 100.0);
    assert_eq!(snapshot.stats[2].usage.colliding_prefixes, 1);

    // The matrices: 256 cells, the 2-byte groups under each first byte in use.
    assert_eq!(snapshot.one_byte_cells.len(), 256);
    let cell = &snapshot.one_byte_cells[usize::from(a_key[0])];
    assert_eq!((cell.count, cell.nodes.clone()), (3, keys(&[&a, &b, &e])));
    assert_eq!(
        snapshot
            .one_byte_cells
            .iter()
            .map(|c| c.count)
            .sum::<usize>(),
        5
    );
    assert_eq!(snapshot.two_byte_groups.len(), 2);
    let group = snapshot
        .two_byte_groups
        .iter()
        .find(|g| g.first_byte == "6B")
        .unwrap();
    assert_eq!(
        (
            group.repeaters,
            group.prefixes,
            group.collisions,
            group.max_collision
        ),
        (3, 2, 1, 2)
    );
}

#[test]
fn classes_from_positions_and_their_order() {
    // Four 1-byte collisions with distinct first bytes: local, regional, distant, incomplete.
    let bases = [10u32, 20, 30, 40, 50];
    let mut pairs: Vec<(Identity, Identity)> = Vec::new();
    let mut used = Vec::new();
    for base in bases {
        let first = identity(base);
        let key = first.public_key();
        if used.contains(&key[0]) {
            continue;
        }
        used.push(key[0]);
        let partner = identity(one_byte_partner(key[0], key[1], 10_000 + base * 1_000));
        pairs.push((first, partner));
    }
    let places = [
        (Some(SEATTLE), Some(TACOMA)),   // about 40 km: local
        (Some(SEATTLE), Some(OLYMPIA)),  // about 76 km: regional
        (Some(SEATTLE), Some(PORTLAND)), // about 234 km: distant
        (Some(SEATTLE), Some((0, 0))),   // 0,0 is no fix: incomplete
    ];
    let mut hearings = Vec::new();
    for (i, ((x, y), (px, py))) in pairs.iter().zip(places).enumerate() {
        let offset = i as i64 * 10_000;
        hearings.push(advertised(repeater(x, "x", px), 1, offset));
        hearings.push(advertised(repeater(y, "y", py), 1, offset + 1));
    }
    let store = store_of(&hearings);
    let snapshot = hash_collisions(&store, T0 + HOUR);
    let classes: Vec<DistanceClass> = snapshot.one_byte.iter().map(|c| c.class).collect();
    assert_eq!(
        classes,
        [
            DistanceClass::Local,
            DistanceClass::Regional,
            DistanceClass::Distant,
            DistanceClass::Incomplete
        ]
    );
    let distances: Vec<Option<i64>> = snapshot
        .one_byte
        .iter()
        .map(|c| c.max_distance_km.map(|km| km.round() as i64))
        .collect();
    assert_eq!(distances, [Some(40), Some(76), Some(234), None]);
    let with_coords: Vec<usize> = snapshot.one_byte.iter().map(|c| c.with_coords).collect();
    assert_eq!(with_coords, [2, 2, 2, 1]);
    assert!(snapshot.two_byte.is_empty());

    // The prefix tool: 8 repeaters, but nearby 1-byte collisions: 2 bytes.
    let tool = prefix_tool(&store);
    assert_eq!(tool.repeaters, 8);
    assert_eq!(tool.sizes[0].colliding_prefixes, 4);
    assert_eq!(
        tool.sizes[0].nearby_collisions, 3,
        "local, regional, incomplete"
    );
    assert_eq!(tool.recommendation.bytes, 2);
}

#[test]
fn larger_groups_first_within_a_class() {
    let triple = TWO_BYTE_TRIPLE.map(identity);
    let pair = TWO_BYTE_PAIR.map(identity);
    let mut hearings = Vec::new();
    for (i, id) in triple.iter().chain(pair.iter()).enumerate() {
        hearings.push(advertised(repeater(id, "r", Some(SEATTLE)), 1, i as i64));
    }
    let store = store_of(&hearings);
    let snapshot = hash_collisions(&store, T0 + HOUR);
    let order: Vec<(&str, usize)> = snapshot
        .two_byte
        .iter()
        .map(|c| (c.prefix.as_str(), c.appearances))
        .collect();
    assert_eq!(order, [("DB29", 3), ("6B44", 2)]);
    assert_eq!(snapshot.two_byte[0].max_distance_km, Some(0.0));
}

#[test]
fn flip_flopping_repeaters_and_rooms_are_listed() {
    let flipper = identity(500);
    let room = identity(501);
    let steady = identity(502);
    let once = identity(503);
    let mut hearings = Vec::new();
    let sizes = [1, 2, 1, 2];
    for (i, size) in sizes.into_iter().enumerate() {
        let offset = i as i64 * HOUR;
        hearings.push(advertised(repeater(&flipper, "flip", None), size, offset));
        let room_who = Who {
            identity: &room,
            name: "room",
            role: Role::Room,
            location: None,
        };
        hearings.push(advertised(room_who, 3 - size, offset + 1));
        hearings.push(advertised(repeater(&steady, "steady", None), 2, offset + 2));
        // Changes size exactly once: a reconfiguration, not a flip-flop.
        let once_size = if i < 2 { 1 } else { 2 };
        hearings.push(advertised(
            repeater(&once, "once", None),
            once_size,
            offset + 3,
        ));
    }
    let store = store_of(&hearings);
    let snapshot = hash_collisions(&store, T0 + 4 * HOUR);
    let mut listed: Vec<(String, &str, Vec<u8>)> = snapshot
        .inconsistent
        .iter()
        .map(|n| (n.public_key.clone(), n.role, n.sizes_seen.clone()))
        .collect();
    listed.sort();
    let mut expected = vec![
        (key_hex(&flipper), "REPEATER", vec![1, 2]),
        (key_hex(&room), "ROOM", vec![1, 2]),
    ];
    expected.sort();
    assert_eq!(listed, expected);
}

#[test]
fn an_empty_store_gives_empty_tables() {
    let store = store_of(&[]);
    let snapshot = hash_collisions(&store, T0);
    assert!(snapshot.one_byte.is_empty() && snapshot.inconsistent.is_empty());
    assert_eq!(snapshot.one_byte_cells.len(), 256);
    assert!(snapshot.two_byte_groups.is_empty());
    assert!(
        snapshot
            .stats
            .iter()
            .all(|s| s.repeaters == 0 && s.usage.pct_used == 0.0)
    );
}
