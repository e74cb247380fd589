//! The extended `nodes` table and `node_status` on hand-built stores: status thresholds per role, evidence
//! from adverts, ANON_REQs, unambiguous hops and datagram hashes, ambiguous hops left unattributed, SNR and
//! observers, signatures, hash size flip-flops, positions (0,0 is no fix) and path-only entries.

mod analytics_hash_support;

use analytics_hash_support::*;
use meshscope::analytics::node_table::{Status, liveness};
use meshscope::analytics::{HashSource, Known, NodeEntry, node_status, nodes};
use meshscope::protocol::Role;
use meshscope::protocol::crypto::Identity;

fn who<'a>(
    identity: &'a Identity,
    name: &'a str,
    role: Role,
    location: Option<(i32, i32)>,
) -> Who<'a> {
    Who {
        identity,
        name,
        role,
        location,
    }
}

fn entry<'a>(table: &'a [NodeEntry], identity: &Identity) -> &'a NodeEntry {
    let key = key_hex(identity);
    table
        .iter()
        .find(|e| e.public_key.as_deref() == Some(key.as_str()))
        .unwrap()
}

#[test]
fn thresholds_depend_on_the_role() {
    let now = T0 + 10 * DAY;
    let minute = 60_000;
    for (infrastructure, age, status) in [
        (true, 23 * HOUR, Status::Active),
        (true, 24 * HOUR, Status::Degraded),
        (true, 71 * HOUR, Status::Degraded),
        (true, 72 * HOUR, Status::Silent),
        (false, 59 * minute, Status::Active),
        (false, HOUR, Status::Degraded),
        (false, 23 * HOUR, Status::Degraded),
        (false, 24 * HOUR, Status::Silent),
        (false, -HOUR, Status::Active),
    ] {
        assert_eq!(
            liveness(infrastructure, now - age, now),
            status,
            "{infrastructure} {age}"
        );
    }
}

#[test]
fn status_per_role_from_the_last_advert() {
    let ids: Vec<Identity> = (10..16).map(identity).collect();
    let now = T0 + 5 * DAY;
    let cases = [
        (Role::Repeater, 25 * HOUR, Status::Degraded),
        (Role::Room, 2 * HOUR, Status::Active),
        (Role::Repeater, 80 * HOUR, Status::Silent),
        (Role::Chat, 30 * 60_000, Status::Active),
        (Role::Chat, 2 * HOUR, Status::Degraded),
        (Role::Sensor, 30 * HOUR, Status::Silent),
    ];
    let hearings: Vec<Heard> = ids
        .iter()
        .zip(cases)
        .map(|(id, (role, age, _))| {
            let at = now - age;
            heard(
                at,
                0,
                advert(who(id, "n", role, None), (at / 1000) as u32, flood(1, &[])),
            )
        })
        .collect();
    let store = store_of(&hearings);
    let table = nodes(&store, now);
    for (id, (role, _, status)) in ids.iter().zip(cases) {
        let row = entry(&table, id);
        assert_eq!((row.role, row.status), (Some(role.name()), status));
    }
    let counts = node_status(&table);
    assert_eq!(
        (
            counts.nodes.total,
            counts.nodes.active,
            counts.nodes.degraded,
            counts.nodes.silent
        ),
        (6, 2, 2, 2)
    );
    let repeaters = counts
        .by_role
        .iter()
        .find(|r| r.role == Some("REPEATER"))
        .unwrap();
    assert_eq!(
        (
            repeaters.counts.total,
            repeaters.counts.degraded,
            repeaters.counts.silent
        ),
        (2, 1, 1)
    );
    assert_eq!(counts.path_only.total, 0);
}

#[test]
fn evidence_beyond_adverts() {
    let now = T0 + 3 * DAY;
    let relay = identity(20);
    let phone = identity(21);
    let rk = relay.public_key();
    let pk = phone.public_key();
    let hearings = vec![
        // The relay advertised two days ago (degraded by that alone), at 0,0 (no fix)...
        heard(
            now - 2 * DAY,
            0,
            advert(
                who(&relay, "Relay", Role::Repeater, Some((0, 0))),
                1,
                flood(1, &[]),
            ),
        ),
        // ...but relayed an hour ago, as the only node with its first byte.
        heard(now - HOUR, 1, ack(7, flood(1, &[rk[0]]))),
        heard(now - HOUR + 5, 2, ack(8, flood(1, &[rk[0], 0x01]))),
        // The phone advertised once, two days ago, heard by two observers with SNR 4 dB...
        heard(
            now - 2 * DAY,
            0,
            advert(
                who(&phone, "Phone", Role::Chat, Some(SEATTLE)),
                2,
                ZERO_HOP_DIRECT,
            ),
        ),
        Heard {
            snr_db: Some(-2.0),
            ..heard(
                now - 2 * DAY + 10,
                3,
                advert(
                    who(&phone, "Phone", Role::Chat, Some(SEATTLE)),
                    2,
                    ZERO_HOP_DIRECT,
                ),
            )
        },
        // ...and sent a datagram ten minutes ago with its first byte as source hash.
        heard(
            now - 10 * 60_000,
            0,
            datagram(0x77, pk[0], 1, flood(1, &[])),
        ),
    ];
    assert_ne!(rk[0], pk[0]);
    let store = store_of(&hearings);
    let table = nodes(&store, now);
    let relay_row = entry(&table, &relay);
    assert_eq!(
        (relay_row.path_transmissions, relay_row.path_ambiguous),
        (2, 0)
    );
    assert_eq!(relay_row.last_heard_ms, now - HOUR + 5);
    assert_eq!(relay_row.first_seen_ms, now - 2 * DAY);
    assert_eq!(relay_row.status, Status::Active);
    assert_eq!(
        (relay_row.lat, relay_row.lon),
        (None, None),
        "0,0 is no fix"
    );
    assert_eq!((relay_row.transmissions, relay_row.observations), (1, 1));
    assert_eq!(relay_row.known, Known::Advert);

    let phone_row = entry(&table, &phone);
    assert_eq!(
        (phone_row.lat, phone_row.lon),
        (Some(47.6062), Some(-122.3321))
    );
    assert_eq!(phone_row.datagrams_sent, 1);
    assert_eq!(phone_row.last_heard_ms, now - 10 * 60_000);
    assert_eq!(phone_row.status, Status::Active);
    assert_eq!(phone_row.avg_snr_db, Some(1.0));
    assert_eq!(phone_row.observers, 2);
    assert_eq!((phone_row.transmissions, phone_row.observations), (1, 2));
    assert_eq!(
        phone_row.hash_size, None,
        "zero-hop DIRECT adverts carry no size"
    );
}

#[test]
fn shared_prefixes_are_not_attributed() {
    let [a, b] = TWO_BYTE_PAIR.map(identity);
    let ak = a.public_key();
    let now = T0 + 4 * DAY;
    let hearings = vec![
        heard(
            T0,
            0,
            advert(who(&a, "A", Role::Repeater, None), 1, flood(1, &[])),
        ),
        heard(
            T0 + 1,
            0,
            advert(who(&b, "B", Role::Repeater, None), 2, flood(1, &[])),
        ),
        // Three days later a 1-byte hop and a 2-byte hop with their shared prefix: attributed to neither.
        heard(T0 + 3 * DAY, 1, ack(1, flood(1, &[ak[0]]))),
        heard(T0 + 3 * DAY, 1, ack(2, flood(2, &[ak[0], ak[1]]))),
    ];
    let table = nodes(&store_of(&hearings), now);
    for (id, advertised_at) in [(&a, T0), (&b, T0 + 1)] {
        let row = entry(&table, id);
        assert_eq!((row.path_transmissions, row.path_ambiguous), (0, 2));
        assert_eq!(row.last_heard_ms, advertised_at);
        assert_eq!(
            row.status,
            Status::Silent,
            "four days without its own evidence"
        );
    }
}

#[test]
fn signatures_keys_and_varying_sizes() {
    let forged = identity(30);
    let asker = identity(31);
    let flipper = identity(32);
    let mut hearings = vec![
        heard(
            T0,
            0,
            forged_advert(who(&forged, "Forged", Role::Chat, None), 1, flood(1, &[])),
        ),
        heard(T0 + 1, 0, anon_req(&asker, 0x42, 1, flood(1, &[]))),
    ];
    for (i, size) in [1, 2, 1].into_iter().enumerate() {
        let at = T0 + i as i64 * HOUR;
        hearings.push(heard(
            at + 2,
            0,
            advert(
                who(&flipper, "Flip", Role::Repeater, None),
                (at / 1000) as u32,
                flood(size, &[]),
            ),
        ));
    }
    let table = nodes(&store_of(&hearings), T0 + 3 * HOUR);
    let forged_row = entry(&table, &forged);
    assert_eq!(
        (forged_row.signature_valid, forged_row.invalid_adverts),
        (Some(false), 1)
    );
    assert_eq!((forged_row.role, forged_row.name.as_deref()), (None, None));
    let asker_row = entry(&table, &asker);
    assert_eq!(
        (asker_row.known, asker_row.adverts, asker_row.transmissions),
        (Known::Key, 0, 1)
    );
    assert_eq!(asker_row.signature_valid, None);
    let flip_row = entry(&table, &flipper);
    assert!(flip_row.hash_size_varies);
    assert_eq!(
        (flip_row.hash_size, flip_row.hash_sizes_seen.clone()),
        (Some(1), vec![1, 2])
    );
    assert_eq!(flip_row.signature_valid, Some(true));
    let status = node_status(&table);
    assert!(
        status
            .by_role
            .iter()
            .any(|r| r.role.is_none() && r.counts.total == 2)
    );
}

/// A path-only entry: source, prefix, path transmissions, datagrams sent, status.
type PathOnlyRow = (Option<HashSource>, Option<String>, u64, u64, Status);

#[test]
fn hashes_of_unknown_nodes_are_listed() {
    let relay = identity(40);
    let rk = relay.public_key();
    // Bytes no known key starts with.
    let unknown = (0..=255u8).find(|&b| b != rk[0]).unwrap();
    let other = (0..=255u8).find(|&b| b != rk[0] && b != unknown).unwrap();
    let now = T0 + 2 * HOUR;
    let hearings = vec![
        heard(
            T0,
            0,
            advert(who(&relay, "Relay", Role::Repeater, None), 1, flood(1, &[])),
        ),
        heard(T0 + HOUR, 0, ack(1, flood(1, &[unknown, rk[0]]))),
        heard(T0 + HOUR + 1, 0, ack(2, flood(1, &[unknown]))),
        heard(
            T0 + 90 * 60_000,
            0,
            datagram(unknown, other, 3, flood(1, &[])),
        ),
    ];
    let table = nodes(&store_of(&hearings), now);
    let path_only: Vec<PathOnlyRow> = table
        .iter()
        .filter(|e| e.known == Known::PathOnly)
        .map(|e| {
            (
                e.prefix_source,
                e.prefix.clone(),
                e.path_transmissions,
                e.datagrams_sent,
                e.status,
            )
        })
        .collect();
    let hex = |b: u8| Some(format!("{b:02X}"));
    assert_eq!(
        path_only,
        [
            // A hop: only repeaters relay, so the infrastructure thresholds apply (an hour old: active).
            (Some(HashSource::Hop), hex(unknown), 2, 0, Status::Active),
            // A datagram source: an end node, degraded after an hour.
            (
                Some(HashSource::DatagramSource),
                hex(other),
                0,
                1,
                Status::Active
            ),
            (
                Some(HashSource::DatagramDestination),
                hex(unknown),
                0,
                0,
                Status::Active
            ),
        ]
    );
    assert!(
        table
            .iter()
            .filter(|e| e.known == Known::PathOnly)
            .all(|e| e.public_key.is_none())
    );
    let status = node_status(&table);
    assert_eq!((status.path_only.total, status.nodes.total), (3, 1));
    let old = nodes(&store_of(&hearings), T0 + 4 * HOUR);
    let statuses: Vec<Status> = old
        .iter()
        .filter(|e| e.known == Known::PathOnly)
        .map(|e| e.status)
        .collect();
    assert_eq!(
        statuses,
        [Status::Active, Status::Degraded, Status::Degraded]
    );
}

#[test]
fn existing_fields_keep_their_names() {
    let relay = identity(50);
    let hearings = vec![heard(
        T0,
        0,
        advert(
            who(
                &relay,
                "Hilltop",
                Role::Repeater,
                Some((47_500_000, -122_250_000)),
            ),
            1,
            flood(2, &[]),
        ),
    )];
    let table = nodes(&store_of(&hearings), T0);
    let json = serde_json::to_value(&table).unwrap();
    let row = &json[0];
    assert_eq!(row["public_key"], key_hex(&relay));
    assert_eq!(row["name"], "Hilltop");
    assert_eq!(row["role"], "REPEATER");
    assert_eq!(
        (row["lat"].as_f64(), row["lon"].as_f64()),
        (Some(47.5), Some(-122.25))
    );
    assert_eq!(row["adverts"], 1);
    assert_eq!(row["hash_size"], 2);
    assert_eq!(row["known"], "advert");
    assert_eq!(row["status"], "active");
}

#[test]
fn an_empty_store() {
    let table = nodes(&store_of(&[]), T0);
    assert!(table.is_empty());
    assert_eq!(node_status(&table), Default::default());
}

/// Mean SNR and observers of `node`'s own packets, by walking their observations.
fn walked(store: &meshscope::store::Store, node: meshscope::store::NodeId) -> (Option<f64>, usize) {
    let (mut sum, mut count, mut observers) = (0.0, 0, std::collections::BTreeSet::new());
    for &tx in store.txs_by_originator(node) {
        for obs in store.observations_of(tx) {
            if let Some(snr) = store.observations().snr_db(obs) {
                sum += f64::from(snr);
                count += 1;
            }
            observers.insert(store.observations().observer(obs).unwrap());
        }
    }
    ((count > 0).then(|| sum / f64::from(count)), observers.len())
}

#[test]
fn signal_and_observers_agree_with_the_observations_before_and_after_eviction() {
    let ids: Vec<Identity> = (60..64).map(identity).collect();
    let mut hearings = Vec::new();
    for round in 0..300u32 {
        let id = &ids[round as usize % ids.len()];
        let at = T0 + i64::from(round) * 60_000;
        let packet = advert(who(id, "n", Role::Repeater, None), round, flood(1, &[0x01]));
        for observer in 0..(1 + round % 5) {
            hearings.push(Heard {
                snr_db: (observer != 2).then_some((round % 17) as f32 - 8.0 + observer as f32),
                ..heard(at + i64::from(observer), observer, packet.clone())
            });
        }
        // Filler traffic so that eviction has something else to weigh.
        hearings.push(heard(at + 30_000, 0, ack(round, flood(1, &[0x02, 0x03]))));
    }
    let mut store = store_of(&hearings);
    let check = |store: &meshscope::store::Store| {
        let table = nodes(store, T0 + DAY);
        for (id, _) in store.nodes().iter() {
            let key = meshscope::hex::encode_lower(&store.node(id).unwrap().public_key);
            let row = table
                .iter()
                .find(|r| r.public_key.as_deref() == Some(key.as_str()))
                .unwrap();
            let (snr, observers) = walked(store, id);
            assert_eq!(row.observers, observers);
            match (row.avg_snr_db, snr) {
                (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{a} {b}"),
                (a, b) => assert_eq!(a, b),
            }
        }
    };
    check(&store);
    let half = store.memory().total / 2;
    let evicted = store.set_budget(Some(half));
    assert!(evicted.observations > 0);
    check(&store);
}
