//! Builders for the hash analytics tests: identities with chosen key prefixes, signed adverts of any role,
//! position and path hash size, datagrams and ANON_REQs, hearings and stores.

#![allow(dead_code)]

use meshscope::ingest::{Batch, Observation, ObserverInfo};
use meshscope::protocol::crypto::{Identity, advert_sig};
use meshscope::protocol::{
    AckRepr, AnonReqRepr, AppDataRepr, DatagramRepr, Location, PacketRepr, PayloadRepr, Role,
    Route, TraceRepr, encode_packet,
};
use meshscope::store::{ObserverKind, Store};

/// 2026-01-01T00:00:00Z in unix ms.
pub const T0: i64 = 1_767_225_600_000;
/// An hour and a day in ms.
pub const HOUR: i64 = 3_600_000;
pub const DAY: i64 = 24 * HOUR;

/// The seed of number `n`: `n` little-endian in bytes 0-3, 0x5A in byte 31.
pub fn seed(n: u32) -> [u8; 32] {
    let mut seed = [0; 32];
    seed[..4].copy_from_slice(&n.to_le_bytes());
    seed[31] = 0x5A;
    seed
}

/// The identity of seed number `n`.
pub fn identity(n: u32) -> Identity {
    Identity::from_seed(&seed(n))
}

/// Seed numbers whose keys share their first three bytes, `77 9F 78` (found by a birthday search).
pub const THREE_BYTE_PAIR: [u32; 2] = [1762, 2528];
/// Seed numbers whose keys share their first two bytes, `6B 44`.
pub const TWO_BYTE_PAIR: [u32; 2] = [100_284, 100_319];
/// Seed numbers whose keys share their first two bytes, `DB 29`.
pub const TWO_BYTE_TRIPLE: [u32; 3] = [100_972, 105_642, 108_974];

/// The first seed number from `from` whose key starts with `first` but whose second byte differs from
/// `not_second`'s: a 1-byte (only) collision partner.
pub fn one_byte_partner(first: u8, not_second: u8, from: u32) -> u32 {
    (from..)
        .find(|&n| {
            let key = identity(n).public_key();
            key[0] == first && key[1] != not_second
        })
        .unwrap()
}

/// A node to advertise.
#[derive(Debug, Clone, Copy)]
pub struct Who<'a> {
    pub identity: &'a Identity,
    pub name: &'a str,
    pub role: Role,
    /// Micro-degrees; `Some((0, 0))` is "no fix".
    pub location: Option<(i32, i32)>,
}

/// A repeater at `location` (micro-degrees).
pub fn repeater<'a>(
    identity: &'a Identity,
    name: &'a str,
    location: Option<(i32, i32)>,
) -> Who<'a> {
    Who {
        identity,
        name,
        role: Role::Repeater,
        location,
    }
}

/// How a test packet travels.
#[derive(Debug, Clone, Copy)]
pub struct Via<'a> {
    pub route: Route,
    pub hash_size: usize,
    pub path: &'a [u8],
}

/// A flood of `hash_size`-byte hops `path` (empty: zero hops, still carrying the size).
pub fn flood(hash_size: usize, path: &[u8]) -> Via<'_> {
    Via {
        route: Route::Flood,
        hash_size,
        path,
    }
}

/// A zero-hop DIRECT packet: `path_len` 0x00.
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

/// A signed advert of `who` at `timestamp` (unix seconds).
pub fn advert(who: Who<'_>, timestamp: u32, via: Via<'_>) -> Vec<u8> {
    let app_data = AppDataRepr {
        role: who.role,
        location: who.location.map(|(lat, lon)| Location { lat, lon }),
        feature1: None,
        feature2: None,
        name: Some(who.name.as_bytes()),
    };
    let repr = advert_sig::sign(who.identity, timestamp, app_data).unwrap();
    encode(via, PayloadRepr::Advert(repr))
}

/// The same advert with a flipped signature bit.
pub fn forged_advert(who: Who<'_>, timestamp: u32, via: Via<'_>) -> Vec<u8> {
    let app_data = AppDataRepr {
        role: who.role,
        location: None,
        feature1: None,
        feature2: None,
        name: Some(who.name.as_bytes()),
    };
    let mut repr = advert_sig::sign(who.identity, timestamp, app_data).unwrap();
    repr.signature[5] ^= 1;
    encode(via, PayloadRepr::Advert(repr))
}

/// A TXT_MSG datagram from hash `src` to `dest`; `number` makes it unique.
pub fn datagram(dest: u8, src: u8, number: u32, via: Via<'_>) -> Vec<u8> {
    let [a, b, c, d] = number.to_le_bytes();
    let ciphertext = [a, b, c, d, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7];
    encode(
        via,
        PayloadRepr::TxtMsg(DatagramRepr {
            dest_hash: dest,
            src_hash: src,
            mac: [1, 2],
            ciphertext: &ciphertext,
        }),
    )
}

/// An ANON_REQ from `sender` to hash `dest`; `number` makes it unique.
pub fn anon_req(sender: &Identity, dest: u8, number: u32, via: Via<'_>) -> Vec<u8> {
    let [a, b, c, d] = number.to_le_bytes();
    let ciphertext = [a, b, c, d, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9];
    encode(
        via,
        PayloadRepr::AnonReq(AnonReqRepr {
            dest_hash: dest,
            sender_key: sender.public_key(),
            mac: [3, 4],
            ciphertext: &ciphertext,
        }),
    )
}

/// An ACK with `crc`.
pub fn ack(crc: u32, via: Via<'_>) -> Vec<u8> {
    encode(via, PayloadRepr::Ack(AckRepr { crc, extra: &[] }))
}

/// A DIRECT TRACE whose path holds `snrs` (SNR bytes, not hops).
pub fn trace(tag: u32, snrs: &[u8]) -> Vec<u8> {
    let route = [0xAA, 0xBB, 0xCC];
    let payload = PayloadRepr::Trace(TraceRepr {
        tag,
        auth: 0,
        flags: 0,
        route: &route,
    });
    let repr = PacketRepr::with_path(Route::Direct, 1, snrs, payload).unwrap();
    let mut out = Vec::new();
    encode_packet(&repr, &mut out).unwrap();
    out
}

/// One hearing.
#[derive(Debug, Clone)]
pub struct Heard {
    pub time_ms: i64,
    pub observer: u32,
    pub snr_db: Option<f32>,
    pub packet: Vec<u8>,
}

/// `packet` heard by `observer` at `time_ms`, SNR 4 dB.
pub fn heard(time_ms: i64, observer: u32, packet: Vec<u8>) -> Heard {
    Heard {
        time_ms,
        observer,
        snr_db: Some(4.0),
        packet,
    }
}

/// A store holding `hearings`, heard by observers `obs0`..`obs7`.
pub fn store_of(hearings: &[Heard]) -> Store {
    let mut batch = Batch::new();
    for (line, h) in hearings.iter().enumerate() {
        let observation = Observation {
            timestamp_ms: h.time_ms,
            snr_db: h.snr_db,
            rssi_dbm: Some(-90),
            observer: h.observer,
            source: line as u64 + 1,
        };
        assert!(batch.push(observation, &h.packet));
    }
    let observers: Vec<ObserverInfo> = (0..8u8)
        .map(|i| ObserverInfo {
            id: Some([0xF0 + i; 32]),
            name: Some(format!("obs{i}")),
            iata: Some("SEA".into()),
        })
        .collect();
    let mut store = Store::new();
    let report = store.ingest(&batch, &observers, ObserverKind::Mqtt);
    assert_eq!(report.malformed, 0);
    store
}

/// Lower-case hex of `identity`'s key.
pub fn key_hex(identity: &Identity) -> String {
    meshscope::hex::encode_lower(&identity.public_key())
}

/// Seattle; Tacoma (about 40 km away), Olympia (about 76 km) and Portland (about 234 km), in micro-degrees.
pub const SEATTLE: (i32, i32) = (47_606_200, -122_332_100);
pub const TACOMA: (i32, i32) = (47_252_900, -122_444_300);
pub const OLYMPIA: (i32, i32) = (47_037_900, -122_900_700);
pub const PORTLAND: (i32, i32) = (45_515_200, -122_678_400);
