//! Every generated packet is one the firmware accepts: it decodes, adverts verify, channel messages open with
//! their channel's key (and the private channel's only with its key), direct messages open with the nodes'
//! keys and their ACK CRCs match, scoped packets carry the region's code; and what a parse of the dump yields
//! agrees with the truth.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use meshscope::generate::{Mesh, MeshOptions, OutputOptions, TrafficOptions, Truth, write_dump};
use meshscope::hex;
use meshscope::ingest::{Batch, Format, Parser};
use meshscope::protocol::crypto::{ChannelKey, Identity, Keyring, RegionKey, ack, advert_sig};
use meshscope::protocol::payload::advert;
use meshscope::protocol::plain::{PlainRepr, path_return};
use meshscope::protocol::{Packet, PayloadRepr, PayloadType, decode};

/// A 4-hour run over 40 nodes, parsed back: the mesh, the truth and every packet.
fn dump() -> (Mesh, Truth, Vec<Vec<u8>>) {
    let mesh = Mesh::new(&MeshOptions {
        seed: 3,
        nodes: 40,
        observers: 3,
        ..MeshOptions::default()
    });
    let traffic = TrafficOptions {
        duration_ms: 4 * 3_600_000,
        conversations_per_hour: 120.0,
        ..TrafficOptions::default()
    };
    let mut out = Vec::new();
    let truth = write_dump(&mesh, &traffic, &OutputOptions::default(), &mut out).unwrap();
    let mut parser = Parser::new(Format::F1Json);
    let mut batch = Batch::new();
    parser.feed(&out, &mut batch);
    parser.finish(&mut batch);
    assert!(
        batch.bad_records.is_empty(),
        "{:?}",
        batch.bad_records.first()
    );
    let packets = batch.iter().map(|(_, packet)| packet.to_vec()).collect();
    (mesh, truth, packets)
}

#[test]
fn every_packet_decodes_and_counts_match_the_truth() {
    let (_, truth, packets) = dump();
    assert_eq!(truth.build_errors, 0);
    assert_eq!(packets.len() as u64, truth.observations);
    let mut hashes = HashSet::new();
    let mut by_type: BTreeMap<u8, (u64, u64)> = BTreeMap::new();
    let mut scoped = HashSet::new();
    for packet in &packets {
        let decoded =
            decode(packet).unwrap_or_else(|err| panic!("{}: {err}", hex::encode_upper(packet)));
        let view = Packet::new_checked(&packet[..]).unwrap();
        assert_eq!(view.hash(), decoded.hash);
        let entry = by_type
            .entry(decoded.packet.payload_type().bits())
            .or_default();
        entry.1 += 1;
        if hashes.insert(decoded.hash) {
            entry.0 += 1;
        }
        if decoded.packet.route.transport_codes().is_some() {
            scoped.insert(decoded.hash);
        }
    }
    assert_eq!(hashes.len() as u64, truth.transmissions);
    assert_eq!(scoped.len() as u64, truth.scoped_transmissions);
    let expected: BTreeMap<u8, (u64, u64)> = truth
        .by_type
        .iter()
        .map(|kind| (kind.payload_type, (kind.transmissions, kind.observations)))
        .collect();
    assert_eq!(by_type, expected);
    // Every kind the brief asks for is there.
    for kind in [0, 1, 2, 3, 4, 5, 7, 8, 9, 11] {
        assert!(expected.contains_key(&kind), "payload type {kind} missing");
    }
}

#[test]
fn adverts_verify_and_match_the_truth() {
    let (_, truth, packets) = dump();
    let mut seen = BTreeSet::new();
    for packet in &packets {
        let view = Packet::new_checked(&packet[..]).unwrap();
        if view.payload_type() != PayloadType::Advert {
            continue;
        }
        let payload = advert::Packet::new_checked(view.payload()).unwrap();
        if seen.insert((payload.public_key(), payload.timestamp())) {
            assert!(
                advert_sig::verify_payload(&payload),
                "{}",
                hex::encode_upper(packet)
            );
        }
    }
    let expected: BTreeSet<([u8; 32], u32)> = truth
        .adverts
        .iter()
        .filter(|advert| advert.heard)
        .map(|advert| {
            let key = hex::decode(&truth.nodes[advert.node].public_key).unwrap();
            (key.try_into().unwrap(), advert.timestamp)
        })
        .collect();
    assert_eq!(seen, expected);
    assert!(
        truth
            .adverts
            .iter()
            .any(|advert| advert.hash_size.is_none())
    );
    assert!(
        truth
            .adverts
            .iter()
            .any(|advert| advert.hash_size == Some(2))
    );
}

#[test]
fn channel_messages_open_with_their_keys() {
    let (mesh, truth, packets) = dump();
    let mut everything = Keyring::new();
    let mut known = Keyring::new();
    for channel in mesh.channels() {
        everything.add_channel(&channel.name, channel.key);
        if channel.known {
            let key = truth
                .channels
                .iter()
                .find(|c| c.name == channel.name)
                .unwrap();
            let secret = hex::decode(key.key.as_ref().unwrap()).unwrap();
            known.add_channel(&channel.name, ChannelKey::from_secret(&secret).unwrap());
        }
    }
    let private = mesh
        .channels()
        .iter()
        .find(|channel| !channel.known)
        .unwrap();
    let mut opened = BTreeSet::new();
    let mut unreadable = 0;
    for packet in &packets {
        let decoded = decode(packet).unwrap();
        let PayloadRepr::GrpTxt(group) = decoded.packet.payload else {
            continue;
        };
        let found = everything
            .open_group(&group)
            .expect("every channel message opens with its channel");
        let Some(Ok(PlainRepr::Text(text))) =
            PlainRepr::parse(PayloadType::GrpTxt, found.plaintext.as_bytes())
        else {
            panic!("not a text message");
        };
        opened.insert((
            found.channel.name().to_owned(),
            text.text_lossy().into_owned(),
        ));
        if found.channel.name() == private.name {
            assert!(known.open_group(&group).is_none());
            assert_eq!(group.channel_hash, private.key.hash());
            unreadable += 1;
        } else {
            assert_eq!(
                known.open_group(&group).unwrap().channel.name(),
                found.channel.name()
            );
        }
    }
    assert!(unreadable > 0);
    let expected: BTreeSet<(String, String)> = truth
        .channel_messages
        .iter()
        .filter(|message| message.heard)
        .map(|message| (message.channel.clone(), message.text.clone()))
        .collect();
    assert_eq!(opened, expected);
    for channel in &truth.channels {
        let messages = truth
            .channel_messages
            .iter()
            .filter(|m| m.heard && m.channel == channel.name)
            .count();
        assert_eq!(channel.messages, messages as u64);
    }
    assert!(
        truth
            .channel_messages
            .iter()
            .any(|m| m.text.contains("pong"))
    );
}

#[test]
fn direct_messages_open_and_acks_match() {
    let (_, truth, packets) = dump();
    let identity = |node: usize| {
        Identity::from_private_key(&hex::decode(&truth.nodes[node].private_key).unwrap()).unwrap()
    };
    let key = |node: usize| -> [u8; 32] {
        hex::decode(&truth.nodes[node].public_key)
            .unwrap()
            .try_into()
            .unwrap()
    };
    let mut keyrings: HashMap<(usize, usize), Keyring> = HashMap::new();
    let mut keyring = |to: usize, from: usize| {
        keyrings
            .entry((to, from))
            .or_insert_with(|| {
                let mut keyring = Keyring::new();
                keyring.set_identity(identity(to));
                keyring.add_contact(key(from)).unwrap();
                keyring
            })
            .clone()
    };
    let crcs: HashSet<u32> = truth.direct_messages.iter().map(|m| m.ack_crc).collect();
    let mut texts = BTreeSet::new();
    let mut acks_in_paths = 0;
    for packet in packets.iter().collect::<BTreeSet<_>>() {
        let decoded = decode(packet).unwrap();
        match decoded.packet.payload {
            PayloadRepr::TxtMsg(datagram) => {
                let message = truth
                    .direct_messages
                    .iter()
                    .filter(|m| {
                        key(m.from)[0] == datagram.src_hash && key(m.to)[0] == datagram.dest_hash
                    })
                    .find_map(|m| {
                        keyring(m.to, m.from)
                            .open_datagram(&datagram)
                            .map(|opened| (m, opened))
                    });
                let (message, opened) = message.expect("every direct message opens");
                let Some(Ok(PlainRepr::Text(text))) =
                    PlainRepr::parse(PayloadType::TxtMsg, opened.plaintext.as_bytes())
                else {
                    panic!("not text");
                };
                let crc = ack::text_ack_crc(
                    text.timestamp,
                    text.flags(),
                    &text.text_lossy(),
                    &key(message.from),
                );
                assert!(crcs.contains(&crc));
                texts.insert((
                    message.from,
                    message.to,
                    text.text_lossy().into_owned(),
                    text.timestamp,
                ));
            }
            PayloadRepr::Ack(acked) => assert!(crcs.contains(&acked.crc)),
            PayloadRepr::Path(datagram) => {
                // A PATH goes from the recipient back to the sender: open it as the sender.
                let opened = truth
                    .direct_messages
                    .iter()
                    .filter(|m| {
                        key(m.to)[0] == datagram.src_hash && key(m.from)[0] == datagram.dest_hash
                    })
                    .find_map(|m| keyring(m.from, m.to).open_datagram(&datagram));
                if let Some(opened) = opened {
                    let plain =
                        path_return::Packet::new_checked(opened.plaintext.as_bytes()).unwrap();
                    let repr = path_return::Repr::parse(&plain).unwrap();
                    if repr.extra_payload_type() == Some(PayloadType::Ack) {
                        let crc = u32::from_le_bytes(repr.extra[..4].try_into().unwrap());
                        if crcs.contains(&crc) {
                            acks_in_paths += 1;
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let expected: BTreeSet<_> = truth
        .direct_messages
        .iter()
        .filter(|m| m.heard)
        .map(|m| (m.from, m.to, m.text.clone(), m.timestamp))
        .collect();
    assert_eq!(texts, expected);
    assert!(acks_in_paths > 0);
}

#[test]
fn scoped_packets_carry_the_region_code() {
    let (_, truth, packets) = dump();
    let region = RegionKey::new(&truth.region);
    let mut scoped = 0;
    for packet in &packets {
        let view = Packet::new_checked(&packet[..]).unwrap();
        if let Some(codes) = view.transport_codes() {
            assert_eq!(
                codes.scope,
                region.code(view.payload_type(), view.payload())
            );
            assert_eq!(codes.reserved, 0);
            scoped += 1;
        }
    }
    assert!(scoped > 0);
    assert!(truth.channel_messages.iter().any(|message| message.scoped));
}
