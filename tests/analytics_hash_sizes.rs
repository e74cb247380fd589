//! `hash_sizes` on hand-built stores: the distribution by longest path (TRACE and zero-hop paths left out),
//! per hour, per node over seven days (zero-hop DIRECT adverts carry no size, older adverts are ignored,
//! flip-flops flagged, a single change not), repeaters, adopters, top hops and capability.

mod analytics_hash_support;

use analytics_hash_support::*;
use meshscope::analytics::hash_sizes;
use meshscope::analytics::hash_sizes::{CapabilityStatus, Evidence};
use meshscope::protocol::Role;
use meshscope::protocol::crypto::Identity;

fn chat<'a>(identity: &'a Identity, name: &'a str) -> Who<'a> {
    Who {
        identity,
        name,
        role: Role::Chat,
        location: None,
    }
}

#[test]
fn distribution_counts_transmissions_by_their_longest_path() {
    let hearings = vec![
        // Heard with no hops by one observer and two 1-byte hops by another: counts once, as 1 byte.
        heard(T0, 0, ack(1, flood(1, &[]))),
        heard(T0 + 10, 1, ack(1, flood(1, &[0x11, 0x22]))),
        // 2-byte and 3-byte paths.
        heard(T0 + 20, 0, ack(2, flood(2, &[0x11, 0x22]))),
        heard(T0 + 30, 0, ack(3, flood(2, &[0x33, 0x44, 0x55, 0x66]))),
        heard(T0 + HOUR, 0, ack(4, flood(3, &[1, 2, 3]))),
        // Never heard with a hop: not counted, whatever its size bits say.
        heard(T0 + HOUR, 0, ack(5, flood(3, &[]))),
        // TRACE: its path bytes are SNRs.
        heard(T0 + HOUR, 0, trace(9, &[0x10, 0x20, 0x30])),
        // Arrives last but was heard an hour before the rest (an observer's late upload).
        heard(T0 - HOUR, 2, ack(6, flood(1, &[0x77]))),
    ];
    let store = store_of(&hearings);
    let snapshot = hash_sizes(&store, T0 + 2 * HOUR);
    assert_eq!(snapshot.total, 5);
    assert_eq!(
        (
            snapshot.distribution.one,
            snapshot.distribution.two,
            snapshot.distribution.three
        ),
        (2, 2, 1)
    );
    let hours: Vec<(i64, u64, u64, u64)> = snapshot
        .hourly
        .iter()
        .map(|h| (h.hour_ms, h.counts.one, h.counts.two, h.counts.three))
        .collect();
    assert_eq!(
        hours,
        [(T0 - HOUR, 1, 0, 0), (T0, 1, 2, 0), (T0 + HOUR, 0, 0, 1)]
    );
    let json = serde_json::to_value(&snapshot).unwrap();
    assert_eq!(
        json["distribution"],
        serde_json::json!({"1": 2, "2": 2, "3": 1})
    );
    assert_eq!(json["hourly"][2]["3"], 1);
    assert_eq!(json["hourly"][2]["hour_ms"], T0 + HOUR);
}

#[test]
fn per_node_size_from_recent_sized_adverts() {
    let a = identity(1);
    let now = T0 + 10 * DAY;
    let advert_at =
        |who: Who<'_>, at: i64, via: Via<'_>| heard(at, 0, advert(who, (at / 1000) as u32, via));
    let hearings = vec![
        // 3 bytes nine days ago (outside the window), 2 bytes six days ago, then a zero-hop DIRECT advert
        // (path_len 0x00, no size) yesterday: the size is 2.
        advert_at(repeater(&a, "A", None), now - 9 * DAY, flood(3, &[1, 2, 3])),
        advert_at(repeater(&a, "A", None), now - 6 * DAY, flood(2, &[])),
        advert_at(repeater(&a, "A", None), now - DAY, ZERO_HOP_DIRECT),
    ];
    let store = store_of(&hearings);
    let snapshot = hash_sizes(&store, now);
    let node = &snapshot.nodes[0];
    assert_eq!((node.hash_size, node.adverts), (2, 1));
    assert_eq!(node.sizes_seen, [2]);
    assert!(!node.inconsistent);
    assert_eq!(snapshot.distribution_by_repeaters.two, 1);
    let adopter = &snapshot.multi_byte_adopters[0];
    assert_eq!((adopter.hash_size, adopter.adverts), (2, 3));
    assert_eq!(adopter.last_seen_ms, now - DAY);
    // A week later nothing is recent: no size, the repeater is counted without one.
    let later = hash_sizes(&store, now + 7 * DAY);
    assert!(later.nodes.is_empty() && later.multi_byte_adopters.is_empty());
    assert_eq!(later.repeaters_without_size, 1);
    // The capability does not expire: 3 bytes were advertised once.
    assert_eq!(later.capability[0].status, CapabilityStatus::Confirmed);
    assert_eq!(later.capability[0].max_hash_size, Some(3));
}

#[test]
fn only_zero_hop_direct_adverts_leave_no_size() {
    let a = identity(2);
    let b = identity(3);
    let hearings = vec![
        heard(T0, 0, advert(chat(&a, "a"), 1, ZERO_HOP_DIRECT)),
        // A flood advert as it leaves its sender: no hops, but the size bits say 2 bytes.
        heard(T0 + 1, 0, advert(chat(&b, "b"), 1, flood(2, &[]))),
    ];
    let snapshot = hash_sizes(&store_of(&hearings), T0 + HOUR);
    assert_eq!(snapshot.nodes.len(), 1);
    assert_eq!(snapshot.nodes[0].public_key, key_hex(&b));
    assert_eq!(snapshot.nodes[0].hash_size, 2);
    assert_eq!(snapshot.total, 0, "no transmission has a hop");
}

#[test]
fn flip_flops_are_flagged_and_one_change_is_not() {
    let flipper = identity(4);
    let changer = identity(5);
    let mut hearings = Vec::new();
    for (i, (flip, change)) in [(1, 1), (2, 1), (1, 2), (2, 2)].into_iter().enumerate() {
        let at = T0 + i as i64 * HOUR;
        let stamp = (at / 1000) as u32;
        hearings.push(heard(
            at,
            0,
            advert(repeater(&flipper, "f", None), stamp, flood(flip, &[])),
        ));
        hearings.push(heard(
            at + 1,
            0,
            advert(repeater(&changer, "c", None), stamp, flood(change, &[])),
        ));
    }
    let snapshot = hash_sizes(&store_of(&hearings), T0 + 4 * HOUR);
    let by_key = |identity: &Identity| {
        let key = key_hex(identity);
        snapshot
            .nodes
            .iter()
            .find(|n| n.public_key == key)
            .unwrap()
            .clone()
    };
    let flip = by_key(&flipper);
    assert!(flip.inconsistent);
    assert_eq!(
        (flip.hash_size, flip.sizes_seen, flip.adverts),
        (2, vec![1, 2], 4)
    );
    let change = by_key(&changer);
    assert!(
        !change.inconsistent,
        "one change of size is a reconfiguration"
    );
    assert_eq!((change.hash_size, change.sizes_seen), (2, vec![1, 2]));
    assert_eq!(snapshot.inconsistent, 1);
}

#[test]
fn top_hops_and_capability() {
    let [x, y] = TWO_BYTE_PAIR.map(identity);
    let lone = identity(6);
    let silent = identity(7);
    let confirmed = identity(8);
    let xk = x.public_key();
    let lk = lone.public_key();
    let x2 = [xk[0], xk[1]];
    let l2 = [lk[0], lk[1]];
    let mut hearings = vec![
        heard(T0, 0, advert(repeater(&x, "X", None), 1, flood(1, &[]))),
        heard(T0 + 1, 0, advert(repeater(&y, "Y", None), 2, flood(1, &[]))),
        heard(
            T0 + 2,
            0,
            advert(repeater(&lone, "Lone", None), 3, flood(1, &[])),
        ),
        heard(
            T0 + 3,
            0,
            advert(repeater(&silent, "Silent", None), 4, flood(1, &[])),
        ),
        heard(
            T0 + 4,
            0,
            advert(repeater(&confirmed, "Confirmed", None), 5, flood(2, &[])),
        ),
    ];
    // 2-byte packets through X's (and Y's) prefix three times, through Lone's once.
    for n in 0..3 {
        let path = [x2[0], x2[1], l2[0], l2[1]];
        let path = if n == 0 { &path[..] } else { &path[..2] };
        hearings.push(heard(T0 + 100 + n, 1, ack(100 + n as u32, flood(2, path))));
    }
    let store = store_of(&hearings);
    let snapshot = hash_sizes(&store, T0 + HOUR);
    let tops: Vec<(String, usize, usize, usize, Option<String>)> = snapshot
        .top_hops
        .iter()
        .map(|h| {
            (
                h.hop.clone(),
                h.size,
                h.transmissions,
                h.candidates,
                h.name.clone(),
            )
        })
        .collect();
    let hex = meshscope::hex::encode_upper;
    assert_eq!(
        tops,
        [
            (hex(&x2), 2, 3, 2, None),
            (hex(&l2), 2, 1, 1, Some("Lone".to_owned()))
        ]
    );
    assert_eq!(snapshot.top_hops[0].observations, 3);
    assert_eq!(snapshot.distinct_hops, 2);

    let status = |identity: &Identity| {
        let key = key_hex(identity);
        let entry = snapshot
            .capability
            .iter()
            .find(|c| c.public_key == key)
            .unwrap();
        (
            entry.status,
            entry.evidence,
            entry.max_hash_size,
            entry.shared_prefix,
        )
    };
    assert_eq!(
        status(&confirmed),
        (
            CapabilityStatus::Confirmed,
            Some(Evidence::Advert),
            Some(2),
            false
        )
    );
    assert_eq!(
        status(&lone),
        (
            CapabilityStatus::Suspected,
            Some(Evidence::Path),
            Some(2),
            false
        )
    );
    // X and Y share the prefix: both suspected, and flagged, since the evidence may be either's.
    assert_eq!(
        status(&x),
        (
            CapabilityStatus::Suspected,
            Some(Evidence::Path),
            Some(2),
            true
        )
    );
    assert!(status(&y).3, "Y shares the prefix");
    assert_eq!(
        status(&silent),
        (CapabilityStatus::Unknown, None, Some(1), false)
    );
    let order: Vec<CapabilityStatus> = snapshot.capability.iter().map(|c| c.status).collect();
    assert!(order.windows(2).all(|w| w[0] <= w[1]), "{order:?}");
    let counts = snapshot.capability_counts;
    assert_eq!(
        (counts.confirmed, counts.suspected, counts.unknown),
        (1, 3, 1)
    );
}

#[test]
fn an_empty_store() {
    let snapshot = hash_sizes(&store_of(&[]), T0);
    assert_eq!(snapshot.total, 0);
    assert!(
        snapshot.hourly.is_empty() && snapshot.nodes.is_empty() && snapshot.top_hops.is_empty()
    );
    assert_eq!(snapshot.capability_counts.unknown, 0);
}
