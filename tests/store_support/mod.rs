//! Shared helpers for the store tests: packets built with known keys, batches, and a consistency check that
//! every index points at live data and agrees with the columns.

#![allow(dead_code)]

use meshscope::ingest::{Batch, Observation, ObserverInfo};
use meshscope::protocol::crypto::{ChannelKey, Identity, Sealed, advert_sig, seal};
use meshscope::protocol::{
    AckRepr, AppDataRepr, DatagramRepr, Location, PacketRepr, PayloadRepr, PayloadType, Role,
    Route, encode_packet,
};
pub use meshscope::store::Store;
use meshscope::store::{ObsId, ObserverKind, Subject, TxId};

/// 2024-01-01T00:00:00Z in unix ms.
pub const T0: i64 = 1_704_067_200_000;

/// The identity of seed byte `seed`.
pub fn identity(seed: u8) -> Identity {
    Identity::from_seed(&[seed; 32])
}

/// How a test packet travels: route and path (hash size, hop bytes).
#[derive(Debug, Clone, Copy)]
pub struct Via<'a> {
    pub route: Route,
    pub hash_size: usize,
    pub path: &'a [u8],
}

/// A flood with `path` of 1-byte hops.
pub fn flood(path: &[u8]) -> Via<'_> {
    Via {
        route: Route::Flood,
        hash_size: 1,
        path,
    }
}

/// A flood with `path` of `hash_size`-byte hops.
pub fn flood_sized(hash_size: usize, path: &[u8]) -> Via<'_> {
    Via {
        route: Route::Flood,
        hash_size,
        path,
    }
}

/// A zero-hop DIRECT packet.
pub const ZERO_HOP_DIRECT: Via<'static> = Via {
    route: Route::Direct,
    hash_size: 1,
    path: &[],
};

fn encode(via: Via<'_>, payload: PayloadRepr<'_>) -> Vec<u8> {
    let repr = PacketRepr::with_path(via.route, via.hash_size, via.path, payload).unwrap();
    let mut out = Vec::new();
    encode_packet(&repr, &mut out).unwrap();
    out
}

/// A signed advert of `identity` at `timestamp` with `name`, `role` and `location`.
pub fn advert(
    identity: &Identity,
    timestamp: u32,
    name: &str,
    location: Option<(i32, i32)>,
    via: Via<'_>,
) -> Vec<u8> {
    let app_data = AppDataRepr {
        role: Role::Repeater,
        location: location.map(|(lat, lon)| Location { lat, lon }),
        feature1: None,
        feature2: None,
        name: Some(name.as_bytes()),
    };
    let repr = advert_sig::sign(identity, timestamp, app_data).unwrap();
    encode(via, PayloadRepr::Advert(repr))
}

/// The same advert with one signature bit flipped.
pub fn forged_advert(identity: &Identity, timestamp: u32, name: &str, via: Via<'_>) -> Vec<u8> {
    let app_data = AppDataRepr {
        role: Role::Chat,
        location: None,
        feature1: None,
        feature2: None,
        name: Some(name.as_bytes()),
    };
    let mut repr = advert_sig::sign(identity, timestamp, app_data).unwrap();
    repr.signature[10] ^= 1;
    encode(via, PayloadRepr::Advert(repr))
}

/// A GRP_TXT `"sender: text"` on channel `key`.
pub fn group_text(
    key: &ChannelKey,
    timestamp: u32,
    sender: &str,
    text: &str,
    via: Via<'_>,
) -> Vec<u8> {
    let sealed: Sealed = seal::seal_group_message(key, timestamp, sender, text).unwrap();
    encode(via, PayloadRepr::GrpTxt(seal::group(key.hash(), &sealed)))
}

/// An ACK with `crc`.
pub fn ack(crc: u32, via: Via<'_>) -> Vec<u8> {
    encode(via, PayloadRepr::Ack(AckRepr { crc, extra: &[] }))
}

/// A TXT_MSG datagram from `src` to `dest` (opaque ciphertext; `number` makes it unique).
pub fn datagram(dest: u8, src: u8, number: u32, via: Via<'_>) -> Vec<u8> {
    let [a, b, c, d] = number.to_le_bytes();
    let ciphertext = [
        a, b, c, d, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A,
    ];
    let repr = DatagramRepr {
        dest_hash: dest,
        src_hash: src,
        mac: [1, 2],
        ciphertext: &ciphertext,
    };
    encode(via, PayloadRepr::TxtMsg(repr))
}

/// Observers named `obs0`, `obs1`, ... with keys `[i + 1; 32]`.
pub fn observers(count: usize) -> Vec<ObserverInfo> {
    (0..count)
        .map(|i| ObserverInfo {
            id: Some([i as u8 + 1; 32]),
            name: Some(format!("obs{i}")),
            iata: Some("SEA".into()),
        })
        .collect()
}

/// One hearing to put in a batch.
#[derive(Debug, Clone)]
pub struct Heard {
    pub time_ms: i64,
    pub observer: u32,
    pub snr_db: Option<f32>,
    pub rssi_dbm: Option<i16>,
    pub packet: Vec<u8>,
}

/// `packet` heard by `observer` at `T0 + offset_ms`, SNR 5.25 dB, RSSI -90 dBm.
pub fn heard(offset_ms: i64, observer: u32, packet: &[u8]) -> Heard {
    Heard {
        time_ms: T0 + offset_ms,
        observer,
        snr_db: Some(5.25),
        rssi_dbm: Some(-90),
        packet: packet.to_vec(),
    }
}

/// A batch of `hearings`, sources numbered from 1.
pub fn batch(hearings: &[Heard]) -> Batch {
    let mut batch = Batch::new();
    for (line, h) in hearings.iter().enumerate() {
        let observation = Observation {
            timestamp_ms: h.time_ms,
            snr_db: h.snr_db,
            rssi_dbm: h.rssi_dbm,
            observer: h.observer,
            source: line as u64 + 1,
        };
        assert!(batch.push(observation, &h.packet));
    }
    batch
}

/// Ingests `hearings` in one batch with `observers(8)` as MQTT observers.
pub fn ingest(store: &mut Store, hearings: &[Heard]) -> meshscope::store::IngestReport {
    store.ingest(&batch(hearings), &observers(8), ObserverKind::Mqtt)
}

/// A store holding `hearings`.
pub fn store_of(hearings: &[Heard]) -> Store {
    let mut store = Store::new();
    ingest(&mut store, hearings);
    store
}

/// Checks that every index points at live data and agrees with the columns; panics with what is wrong.
pub fn check_consistency(store: &Store) {
    let txs = store.transmission_count();
    let obs = store.observation_count();
    // The time index is a permutation of all transmissions, sorted by (first seen, id).
    let mut order: Vec<TxId> = store.by_time().to_vec();
    let keys: Vec<(i64, TxId)> = order
        .iter()
        .map(|&tx| (store.transmission(tx).unwrap().first_seen_ms, tx))
        .collect();
    assert!(
        keys.windows(2).all(|w| w[0] <= w[1]),
        "time index out of order"
    );
    order.sort();
    assert_eq!(
        order,
        (0..txs as u32).map(TxId).collect::<Vec<_>>(),
        "time index is not a permutation"
    );
    let mut listed = 0;
    let mut seen_obs = vec![false; obs];
    for index in 0..txs as u32 {
        let tx = TxId(index);
        let row = store.transmission(tx).unwrap();
        let list: Vec<ObsId> = store.observations_of(tx).collect();
        assert_eq!(list.len(), row.observations as usize, "{tx}: count");
        assert!(!list.is_empty(), "{tx}: no observations");
        assert!(
            list.windows(2).all(|w| w[0] > w[1]),
            "{tx}: not newest first"
        );
        let times: Vec<i64> = list
            .iter()
            .map(|&o| store.observation(o).unwrap().time_ms)
            .collect();
        assert_eq!(
            row.first_seen_ms,
            *times.iter().min().unwrap(),
            "{tx}: first seen"
        );
        assert_eq!(
            row.last_seen_ms,
            *times.iter().max().unwrap(),
            "{tx}: last seen"
        );
        let (hops, longest) = row.longest_path.unwrap();
        assert!(
            list.contains(&longest),
            "{tx}: longest path observation not its own"
        );
        let max_hops = list
            .iter()
            .map(|&o| store.observation_path(o).unwrap().hop_count())
            .max()
            .unwrap();
        assert_eq!(usize::from(hops), max_hops, "{tx}: longest path");
        assert!(
            store.txs_by_type(row.payload_type).contains(&tx),
            "{tx}: type index"
        );
        let mut raw = Vec::new();
        for &o in &list {
            let observation = store.observation(o).unwrap();
            assert_eq!(observation.tx, tx);
            assert!(!seen_obs[o.index()], "{o} listed twice");
            seen_obs[o.index()] = true;
            assert!(
                store.obs_by_observer(observation.observer).any(|x| x == o),
                "{o}: observer index"
            );
            raw.clear();
            assert!(store.observation_raw(o, &mut raw));
            let decoded = meshscope::protocol::decode(&raw).unwrap();
            assert_eq!(
                decoded.hash, row.hash,
                "{o}: raw bytes decode to another packet"
            );
            if row.payload_type != PayloadType::Trace {
                let path = store.observation_path(o).unwrap();
                for hop in path.hops(row.payload_type) {
                    assert!(store.txs_with_hop(hop).contains(&tx), "{o}: hop index");
                }
            }
        }
        listed += list.len();
        match row.subject {
            Some(Subject::Message(message)) => {
                assert_eq!(store.message(message).unwrap().tx, tx, "{tx}: message");
            }
            Some(Subject::Node(node)) => {
                assert!(store.node(node).is_some(), "{tx}: node");
                assert!(
                    store.txs_by_originator(node).contains(&tx),
                    "{tx}: originator index"
                );
            }
            None => {}
        }
        assert_eq!(store.decode(tx).unwrap().hash, row.hash);
    }
    assert_eq!(listed, obs, "observations not in any list");
    // Every index list is ascending, without duplicates, of live transmissions.
    let live = |list: &[TxId]| {
        list.windows(2).all(|pair| pair[0] < pair[1]) && list.iter().all(|tx| tx.index() < txs)
    };
    for byte in 0..=255u8 {
        assert!(live(store.txs_by_channel_hash(byte)));
        assert!(live(store.txs_by_datagram_src(byte)));
        assert!(live(store.txs_by_datagram_dest(byte)));
    }
    for (_, entry) in store.indexes().hop.iter() {
        assert!(live(entry.transmissions()));
    }
    for (id, _) in store.nodes().iter() {
        assert!(live(store.txs_by_originator(id)));
    }
    for (channel, _) in store.channels().iter() {
        for &message in store.messages(channel) {
            let message = store.message(message).unwrap();
            assert_eq!(
                store.transmissions().subject(message.tx),
                Some(message_index(store, message.tx))
            );
        }
    }
    // Aggregates agree with the columns.
    let aggregates = store.aggregates();
    let counted: u64 = aggregates
        .payload_types
        .iter()
        .map(|(_, c)| c.observations)
        .sum();
    assert_eq!(counted, obs as u64);
    let counted: u64 = aggregates
        .payload_types
        .iter()
        .map(|(_, c)| c.transmissions)
        .sum();
    assert_eq!(counted, txs as u64);
    let per_observer: u64 = aggregates
        .observers
        .as_slice()
        .iter()
        .map(|t| t.observations)
        .sum();
    assert_eq!(per_observer, obs as u64);
    let hourly: u64 = aggregates
        .hourly
        .buckets()
        .iter()
        .map(|b| u64::from(b.observations))
        .sum();
    assert_eq!(hourly, obs as u64);
    let hourly: u64 = aggregates
        .hourly
        .buckets()
        .iter()
        .map(|b| u64::from(b.transmissions))
        .sum();
    assert_eq!(hourly, txs as u64);
}

fn message_index(store: &Store, tx: TxId) -> u32 {
    match store.subject(tx) {
        Some(Subject::Message(message)) => message.0,
        other => panic!("{tx} has subject {other:?}"),
    }
}

/// A transmission by content: hash, first and last seen, observation count, flags, message text.
pub type TxContent = (String, i64, i64, u32, u8, Option<String>);
/// An observation by content: hash, time, observer key, SNR, RSSI, exact bytes.
pub type ObsContent = (
    String,
    i64,
    Option<[u8; 32]>,
    Option<f32>,
    Option<i16>,
    Vec<u8>,
);
/// A node by content: key, name, adverts, hash size.
pub type NodeContent = ([u8; 32], Option<String>, u32, Option<u8>);

/// What a store holds, by content rather than by id: for comparing two stores.
#[derive(Debug, Clone, PartialEq)]
pub struct Contents {
    /// Transmissions in time order.
    pub transmissions: Vec<TxContent>,
    /// Observations in id order.
    pub observations: Vec<ObsContent>,
    /// Nodes in key order.
    pub nodes: Vec<NodeContent>,
    /// Payload type counts: type, transmissions, observations.
    pub payload_types: Vec<(u8, u64, u64)>,
    /// Hourly buckets: hour, transmissions, observations.
    pub hourly: Vec<(i64, u32, u32)>,
    /// SNR histogram.
    pub snr: Vec<(i16, u64)>,
}

/// The contents of `store`.
pub fn contents(store: &Store) -> Contents {
    let transmissions = store
        .by_time()
        .iter()
        .map(|&tx| {
            let row = store.transmission(tx).unwrap();
            let text = match row.subject {
                Some(Subject::Message(m)) => store.channels().message_text(m).map(str::to_owned),
                _ => None,
            };
            (
                row.hash.to_string(),
                row.first_seen_ms,
                row.last_seen_ms,
                row.observations,
                row.flags.0,
                text,
            )
        })
        .collect();
    let observations = (0..store.observation_count() as u32)
        .map(|index| {
            let id = ObsId(index);
            let row = store.observation(id).unwrap();
            let mut raw = Vec::new();
            store.observation_raw(id, &mut raw);
            let observer = store.observers().get(row.observer).unwrap().public_key;
            let hash = store.transmission(row.tx).unwrap().hash.to_string();
            (
                hash,
                row.time_ms,
                observer,
                store.observations().snr_db(id),
                store.observations().rssi_dbm(id),
                raw,
            )
        })
        .collect();
    let mut nodes: Vec<_> = store
        .nodes()
        .iter()
        .map(|(_, node)| {
            let name = node.name.and_then(|n| store.string(n)).map(str::to_owned);
            (node.public_key, name, node.adverts, node.hash_size)
        })
        .collect();
    nodes.sort_by_key(|n| n.0);
    let aggregates = store.aggregates();
    Contents {
        transmissions,
        observations,
        nodes,
        payload_types: aggregates
            .payload_types
            .iter()
            .map(|(kind, count)| (kind.bits(), count.transmissions, count.observations))
            .collect(),
        hourly: aggregates
            .hourly
            .buckets()
            .iter()
            .map(|b| (b.hour, b.transmissions, b.observations))
            .collect(),
        snr: aggregates.snr.iter().collect(),
    }
}

/// Exports `store` and ingests the export into a new store (as MQTT observers, like [`ingest`]).
pub fn reimport(store: &Store) -> Store {
    use meshscope::ingest::{Format, Parser};
    let mut text = Vec::new();
    store.write_export_header(T0, &mut text);
    store.write_export_observations(0..store.observation_count(), &mut text);
    let mut parser = Parser::new(Format::Export);
    let mut batch = Batch::new();
    let mut copy = Store::new();
    for (_, info) in store.channels().iter().skip(1) {
        copy.add_channel(&info.name, info.key);
    }
    for chunk in text.chunks(4096) {
        parser.feed(chunk, &mut batch);
        let report = copy.ingest(&batch, parser.observers(), ObserverKind::Mqtt);
        assert_eq!((report.bad_records, report.malformed), (0, 0));
        batch.clear();
    }
    parser.finish(&mut batch);
    copy.ingest(&batch, parser.observers(), ObserverKind::Mqtt);
    copy
}

/// A varied mix of hearings: adverts (two with 2-byte paths), Public and #test messages, ACKs over several
/// paths, datagrams, heard by 4 observers over `hours` hours.
pub fn mixed_hearings(count: usize, hours: i64) -> Vec<Heard> {
    let test = ChannelKey::from_hashtag("#test");
    let public = ChannelKey::public();
    let paths: [&[u8]; 4] = [&[], &[0x11], &[0x11, 0x22], &[0x33, 0x22, 0x11]];
    (0..count)
        .map(|i| {
            let path = paths[i % paths.len()];
            let packet_number = (i / 3) as u32;
            let packet = match packet_number % 6 {
                0 => advert(
                    &identity((packet_number % 5) as u8),
                    packet_number,
                    "Node",
                    Some((1, 2)),
                    flood(path),
                ),
                1 => group_text(&public, packet_number, "Ann", "public hello", flood(path)),
                2 => group_text(&test, packet_number, "Bo", "test hello", flood(path)),
                3 => datagram(0x44, 0x55, packet_number, flood(path)),
                4 => advert(
                    &identity(9),
                    packet_number,
                    "Two",
                    None,
                    flood_sized(2, &[0xAB, 0xCD]),
                ),
                _ => ack(packet_number, flood(path)),
            };
            let time = (i as i64) * hours * 3_600_000 / count.max(1) as i64;
            Heard {
                time_ms: T0 + time,
                observer: (i % 4) as u32,
                snr_db: Some((i % 40) as f32 / 4.0 - 5.0),
                rssi_dbm: if i % 7 == 0 {
                    None
                } else {
                    Some(-60 - (i % 50) as i16)
                },
                packet,
            }
        })
        .collect()
}
