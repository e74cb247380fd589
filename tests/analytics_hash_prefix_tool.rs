//! `prefix_tool`, `check_prefix` and `available_prefix` on hand-built stores.

mod analytics_hash_support;

use analytics_hash_support::*;
use meshscope::analytics::prefix_tool::{PrefixError, Reason};
use meshscope::analytics::{available_prefix, check_prefix, prefix_tool};
use meshscope::protocol::Role;
use meshscope::protocol::crypto::Identity;

/// Identities with distinct first key bytes, `count` of them, from seed number `from`.
fn distinct_first_bytes(count: usize, from: u32) -> Vec<Identity> {
    let mut used = [false; 256];
    let mut out = Vec::new();
    let mut n = from;
    while out.len() < count {
        let id = identity(n);
        let first = usize::from(id.public_key()[0]);
        if !used[first] {
            used[first] = true;
            out.push(id);
        }
        n += 1;
    }
    out
}

/// One 1-byte flood advert per repeater, at `location`.
fn repeaters_store(ids: &[&Identity], location: Option<(i32, i32)>) -> meshscope::store::Store {
    let hearings: Vec<Heard> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let time = T0 + i as i64 * 1_000;
            let packet = advert(
                repeater(id, "r", location),
                (time / 1000) as u32,
                flood(1, &[]),
            );
            heard(time, 0, packet)
        })
        .collect();
    store_of(&hearings)
}

#[test]
fn recommendation_follows_size_and_nearby_collisions() {
    let few = distinct_first_bytes(19, 1);
    let few_refs: Vec<&Identity> = few.iter().collect();
    let tool = prefix_tool(&repeaters_store(&few_refs, Some(SEATTLE)));
    assert_eq!(tool.repeaters, 19);
    assert_eq!(
        (tool.recommendation.bytes, tool.recommendation.reason),
        (1, Reason::FewRepeaters)
    );
    assert_eq!(tool.recommendation.max_hops, 64);
    assert_eq!(tool.sizes[0].used, 19);

    let many = distinct_first_bytes(20, 1);
    let many_refs: Vec<&Identity> = many.iter().collect();
    let tool = prefix_tool(&repeaters_store(&many_refs, Some(SEATTLE)));
    assert_eq!(
        (tool.recommendation.bytes, tool.recommendation.reason),
        (2, Reason::ManyRepeaters)
    );
    assert_eq!(tool.recommendation.max_hops, 32);

    // Few repeaters, but two nearby share their first two bytes: 3 bytes.
    let pair = TWO_BYTE_PAIR.map(identity);
    let tool = prefix_tool(&repeaters_store(&[&pair[0], &pair[1]], Some(SEATTLE)));
    assert_eq!(
        (tool.recommendation.bytes, tool.recommendation.reason),
        (3, Reason::NearbyTwoByteCollision)
    );
    assert_eq!(tool.sizes[1].colliding_repeaters, 2);
    assert_eq!(tool.recommendation.max_hops, 21);
}

#[test]
fn distant_collisions_do_not_push_the_size_up() {
    let a = identity(7);
    let key = a.public_key();
    let b = identity(one_byte_partner(key[0], key[1], 50_000));
    let hearings = vec![
        heard(
            T0,
            0,
            advert(repeater(&a, "a", Some(SEATTLE)), 1, flood(1, &[])),
        ),
        heard(
            T0 + 1,
            0,
            advert(repeater(&b, "b", Some(PORTLAND)), 2, flood(1, &[])),
        ),
    ];
    let tool = prefix_tool(&store_of(&hearings));
    assert_eq!(tool.sizes[0].colliding_prefixes, 1);
    assert_eq!(tool.sizes[0].nearby_collisions, 0);
    assert_eq!(tool.recommendation.bytes, 1);
    // Without positions, the same collision counts as nearby.
    let hearings = vec![
        heard(T0, 0, advert(repeater(&a, "a", None), 1, flood(1, &[]))),
        heard(T0 + 1, 0, advert(repeater(&b, "b", None), 2, flood(1, &[]))),
    ];
    let tool = prefix_tool(&store_of(&hearings));
    assert_eq!(tool.sizes[0].nearby_collisions, 1);
    assert_eq!(
        (tool.recommendation.bytes, tool.recommendation.reason),
        (2, Reason::NearbyOneByteCollision)
    );
}

#[test]
fn longest_path_is_reported() {
    let a = identity(3);
    let hearings = vec![
        heard(
            T0,
            0,
            advert(repeater(&a, "a", None), 1, flood(1, &[1, 2, 3, 4])),
        ),
        // A TRACE's path bytes are SNRs, not hops.
        heard(T0 + 5, 0, trace(1, &[1, 2, 3, 4, 5, 6, 7, 8])),
    ];
    let tool = prefix_tool(&store_of(&hearings));
    assert_eq!(tool.recommendation.longest_path_hops, 4);
}

#[test]
fn check_prefix_lists_the_repeaters_at_each_size() {
    let [c, d] = THREE_BYTE_PAIR.map(identity);
    let key = c.public_key();
    let e = identity(one_byte_partner(key[0], key[1], 60_000));
    let companion = identity(one_byte_partner(key[0], key[1], 70_000));
    let hearings = vec![
        heard(T0, 0, advert(repeater(&c, "C", None), 1, flood(1, &[]))),
        heard(T0 + 1, 0, advert(repeater(&d, "D", None), 2, flood(1, &[]))),
        heard(T0 + 2, 0, advert(repeater(&e, "E", None), 3, flood(1, &[]))),
        heard(
            T0 + 3,
            0,
            advert(
                Who {
                    identity: &companion,
                    name: "phone",
                    role: Role::Chat,
                    location: None,
                },
                4,
                flood(1, &[]),
            ),
        ),
    ];
    let store = store_of(&hearings);
    let counts = |text: &str| -> Vec<(usize, String, usize)> {
        check_prefix(&store, text)
            .unwrap()
            .sizes
            .into_iter()
            .map(|m| (m.bytes, m.prefix, m.count))
            .collect()
    };
    assert_eq!(counts("77"), [(1, "77".to_owned(), 3)]);
    assert_eq!(
        counts(" 779f "),
        [(1, "77".to_owned(), 3), (2, "779F".to_owned(), 2)]
    );
    assert_eq!(counts("779F78")[2], (3, "779F78".to_owned(), 2));
    // A full key leaves its own repeater out.
    let full = check_prefix(&store, &key_hex(&c)).unwrap();
    assert_eq!(full.input_bytes, 32);
    let third = &full.sizes[2];
    assert_eq!(third.count, 1);
    assert_eq!(third.repeaters[0].public_key, key_hex(&d));
    assert_eq!(third.repeaters[0].name.as_deref(), Some("D"));
    assert_eq!(
        full.sizes[0].count, 2,
        "D and E, not C itself nor the companion"
    );
    assert_eq!(counts("00")[0].2, 0);

    assert_eq!(
        check_prefix(&store, "779"),
        Err(PrefixError::Length { len: 3 })
    );
    assert_eq!(
        check_prefix(&store, "7g"),
        Err(PrefixError::NotHex { at: 1 })
    );
    assert_eq!(
        check_prefix(&store, "").unwrap_err().to_string(),
        "a prefix is 2, 4 or 6 hex digits and a key 64, not 0"
    );
}

#[test]
fn available_prefixes_avoid_every_repeater() {
    let ids = distinct_first_bytes(40, 1);
    let refs: Vec<&Identity> = ids.iter().collect();
    let store = repeaters_store(&refs, None);
    let used: Vec<u8> = ids.iter().map(|id| id.public_key()[0]).collect();
    let mut picks = Vec::new();
    for seed in 0..20 {
        let one = available_prefix(&store, 1, seed).unwrap();
        let byte = meshscope::hex::decode(&one.prefix).unwrap()[0];
        assert!(!used.contains(&byte), "{} is used", one.prefix);
        assert!(one.shorter_collisions.is_empty());
        picks.push(byte);
        let three = available_prefix(&store, 3, seed).unwrap();
        assert_eq!(three.prefix.len(), 6);
        assert_eq!(three.shorter_collisions, [0, 0], "an unused first byte");
        let check = check_prefix(&store, &three.prefix).unwrap();
        assert!(check.sizes.iter().all(|m| m.count == 0));
    }
    picks.sort();
    picks.dedup();
    assert!(picks.len() > 1, "the seed picks among the free prefixes");
    assert_eq!(
        available_prefix(&store, 2, 9),
        available_prefix(&store, 2, 9)
    );
    assert_eq!(available_prefix(&store, 0, 1), None);
    assert_eq!(available_prefix(&store, 4, 1), None);
}

#[test]
fn a_full_first_byte_space_still_has_two_byte_prefixes() {
    let ids = distinct_first_bytes(256, 1);
    let refs: Vec<&Identity> = ids.iter().collect();
    let store = repeaters_store(&refs, None);
    assert_eq!(prefix_tool(&store).sizes[0].used, 256);
    assert_eq!(available_prefix(&store, 1, 3), None);
    let two = available_prefix(&store, 2, 3).unwrap();
    assert_eq!(
        two.shorter_collisions,
        [1],
        "every first byte has one repeater"
    );
    let check = check_prefix(&store, &two.prefix).unwrap();
    assert_eq!((check.sizes[0].count, check.sizes[1].count), (1, 0));
}

#[test]
fn an_empty_store() {
    let store = store_of(&[]);
    let tool = prefix_tool(&store);
    assert_eq!((tool.repeaters, tool.recommendation.bytes), (0, 1));
    assert_eq!(tool.recommendation.longest_path_hops, 0);
    assert!(available_prefix(&store, 2, 0).is_some());
    assert_eq!(check_prefix(&store, "AB").unwrap().sizes[0].count, 0);
}
