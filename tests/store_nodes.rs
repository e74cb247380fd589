//! Nodes from adverts: signatures, names, locations, hash sizes and the flip-flop flag, ANON_REQ senders,
//! prefix candidates and unknown prefixes.

mod store_support;

use meshscope::protocol::crypto::{ChannelKey, seal};
use meshscope::protocol::{Location, PacketRepr, PayloadRepr, Role, Route, encode_packet};
use meshscope::store::{PrefixSource, Subject};
use store_support::*;

fn node_of(store: &Store, seed: u8) -> &meshscope::store::Node {
    let id = store
        .node_by_key(&identity(seed).public_key())
        .expect("node");
    store.node(id).unwrap()
}

#[test]
fn advert_makes_a_node() {
    let hill = identity(1);
    let packet = advert(
        &hill,
        1_700_000_000,
        "Hilltop",
        Some((47_600_000, -122_300_000)),
        flood(&[0x10]),
    );
    let store = store_of(&[heard(0, 0, &packet), heard(50, 1, &packet)]);
    let node = node_of(&store, 1);
    assert_eq!(node.name.and_then(|n| store.string(n)), Some("Hilltop"));
    assert_eq!(node.role, Some(Role::Repeater));
    assert_eq!(
        node.location,
        Some(Location {
            lat: 47_600_000,
            lon: -122_300_000
        })
    );
    assert_eq!((node.adverts, node.invalid_adverts), (1, 0));
    assert_eq!(node.latest_signature_valid, Some(true));
    assert_eq!(node.latest_advert_timestamp, Some(1_700_000_000));
    assert_eq!((node.first_seen, node.last_seen), (T0, T0 + 50));
    assert_eq!(node.hash_size, Some(1));
    assert_eq!(node.clock_samples().len(), 1);
    let tx = store.by_time()[0];
    assert_eq!(
        store.transmission(tx).unwrap().flags.signature_valid(),
        Some(true)
    );
    let id = store.node_by_key(&hill.public_key()).unwrap();
    assert_eq!(store.subject(tx), Some(Subject::Node(id)));
    assert_eq!(store.txs_by_originator(id), [tx]);
    let tally = store.aggregates().nodes.get(id).unwrap();
    assert_eq!((tally.transmissions, tally.observations), (1, 2));
    check_consistency(&store);
}

#[test]
fn zero_lat_lon_is_no_fix() {
    let store = store_of(&[heard(
        0,
        0,
        &advert(&identity(2), 1, "Zero", Some((0, 0)), flood(&[])),
    )]);
    assert_eq!(node_of(&store, 2).location, None);
}

#[test]
fn invalid_signature_is_stored_counted_and_flagged() {
    let node = identity(3);
    let good = advert(
        &node,
        100,
        "Real name",
        Some((1_000_000, 2_000_000)),
        flood(&[]),
    );
    let forged = forged_advert(&node, 200, "Impostor", flood(&[]));
    let store = store_of(&[heard(0, 0, &good), heard(1_000, 0, &forged)]);
    assert_eq!(store.transmission_count(), 2);
    let record = node_of(&store, 3);
    assert_eq!((record.adverts, record.invalid_adverts), (2, 1));
    assert_eq!(record.latest_signature_valid, Some(false));
    assert_eq!(record.name.and_then(|n| store.string(n)), Some("Real name"));
    assert_eq!(record.role, Some(Role::Repeater));
    assert_eq!(
        record.location,
        Some(Location {
            lat: 1_000_000,
            lon: 2_000_000
        })
    );
    let forged_tx = store.by_time()[1];
    assert_eq!(
        store
            .transmission(forged_tx)
            .unwrap()
            .flags
            .signature_valid(),
        Some(false)
    );
}

#[test]
fn zero_hop_direct_adverts_carry_no_hash_size() {
    let node = identity(4);
    let store = store_of(&[
        heard(
            0,
            0,
            &advert(&node, 1, "N", None, flood_sized(2, &[0xAA, 0xBB])),
        ),
        heard(1_000, 0, &advert(&node, 2, "N", None, ZERO_HOP_DIRECT)),
    ]);
    let record = node_of(&store, 4);
    assert_eq!(record.hash_size, Some(2));
    assert_eq!(record.hash_size_history().len(), 1);
    // A zero-hop flood does carry the sender's hash size.
    let flood_zero = store_of(&[heard(
        0,
        0,
        &advert(&node, 3, "N", None, flood_sized(3, &[])),
    )]);
    assert_eq!(node_of(&flood_zero, 4).hash_size, Some(3));
}

#[test]
fn hash_size_flip_flop() {
    let node = identity(5);
    let sized =
        |t: u32, size: usize| advert(&node, t, "F", None, flood_sized(size, &vec![0x42; size]));
    let steady = store_of(&[
        heard(0, 0, &sized(1, 1)),
        heard(10, 0, &sized(2, 2)),
        heard(20, 0, &sized(3, 2)),
    ]);
    assert!(!node_of(&steady, 5).hash_size_inconsistent());
    let flipping = store_of(&[
        heard(0, 0, &sized(1, 1)),
        heard(10, 0, &sized(2, 2)),
        heard(20, 0, &sized(3, 1)),
        // A second observation of the same advert is not a second sample.
        heard(25, 1, &sized(3, 1)),
    ]);
    let record = node_of(&flipping, 5);
    assert!(record.hash_size_inconsistent());
    assert_eq!(record.hash_size_history().len(), 3);
    assert_eq!(record.hash_sizes_seen(), [1, 2]);
    assert_eq!(record.hash_size, Some(1));
}

#[test]
fn anon_req_sender_is_a_node() {
    let sender = identity(6);
    let sealed = seal::seal_group_message(&ChannelKey::public(), 1, "x", "y").unwrap();
    let payload = PayloadRepr::AnonReq(seal::anon_req(0x77, sender.public_key(), &sealed));
    let mut bytes = Vec::new();
    encode_packet(&PacketRepr::zero_hop(Route::Flood, payload), &mut bytes).unwrap();
    let store = store_of(&[heard(0, 0, &bytes)]);
    let record = node_of(&store, 6);
    assert_eq!(
        (record.anon_requests, record.adverts, record.name),
        (1, 0, None)
    );
    let id = store.node_by_key(&sender.public_key()).unwrap();
    assert_eq!(store.txs_by_originator(id).len(), 1);
    assert_eq!(store.txs_by_datagram_dest(0x77).len(), 1);
    check_consistency(&store);
}

#[test]
fn prefixes_known_and_unknown() {
    let node = identity(7);
    let key = node.public_key();
    let store = store_of(&[
        heard(0, 0, &advert(&node, 1, "K", None, flood(&[]))),
        heard(10, 0, &ack(1, flood(&[key[0], 0xEE]))),
        heard(20, 1, &datagram(key[0], 0xEF, 0, flood(&[]))),
    ]);
    let id = store.node_by_key(&key).unwrap();
    assert_eq!(store.candidates(&key[..1]), [id]);
    assert_eq!(store.candidates(&key[..3]), [id]);
    assert_eq!(store.txs_with_hop(&[0xEE]).len(), 1);
    let unknown: Vec<(PrefixSource, Vec<u8>, usize)> = store
        .unknown_prefixes()
        .into_iter()
        .map(|u| (u.source, u.prefix.as_bytes().to_vec(), u.transmissions))
        .collect();
    // The node's own 1-byte hash, as a hop and as a destination, is known; the others are not.
    assert_eq!(
        unknown,
        [
            (PrefixSource::Hop, vec![0xEE], 1),
            (PrefixSource::DatagramSource, vec![0xEF], 1),
        ]
    );
}
