//! A small builder for the graph analytics tests: nodes with chosen key prefixes and roles, their adverts,
//! packets along chosen paths, observers, and a store that ingests them.

#![allow(dead_code)]

use meshscope::ingest::{Batch, Observation, ObserverInfo};
use meshscope::protocol::crypto::{Identity, advert_sig};
use meshscope::protocol::{
    AckRepr, AppDataRepr, Location, Packet, PacketRepr, PayloadRepr, Role, Route, encode_packet,
};
use meshscope::store::{NodeId, ObsId, ObserverId, ObserverKind, Store, TxId};

/// 2024-01-01T00:00:00Z in unix ms.
pub const T0: i64 = 1_704_067_200_000;
/// An hour in ms.
pub const HOUR: i64 = 3_600_000;

/// A node of a test mesh.
#[derive(Debug, Clone)]
pub struct TestNode {
    pub identity: Identity,
    pub name: String,
    pub role: Role,
    /// Micro-degrees; `Some((0, 0))` is an advertised "no fix".
    pub location: Option<(i32, i32)>,
}

impl TestNode {
    /// A node whose public key starts with `prefix`, found by trying seeds from `salt` on.
    pub fn new(
        prefix: &[u8],
        salt: u32,
        name: &str,
        role: Role,
        location: Option<(i32, i32)>,
    ) -> TestNode {
        let identity = identity_with_prefix(prefix, salt);
        TestNode {
            identity,
            name: name.to_owned(),
            role,
            location,
        }
    }

    pub fn key(&self) -> [u8; 32] {
        self.identity.public_key()
    }

    /// The first `size` bytes of its key: its hop hash.
    pub fn hash(&self, size: usize) -> Vec<u8> {
        self.key()[..size].to_vec()
    }

    /// Its id in `store` (it must have advertised).
    pub fn id(&self, store: &Store) -> NodeId {
        store.node_by_key(&self.key()).expect("the node advertised")
    }

    /// Its observer description, to make it an observer.
    pub fn observer(&self) -> ObserverInfo {
        ObserverInfo {
            id: Some(self.key()),
            name: Some(self.name.clone()),
            iata: Some("SEA".into()),
        }
    }
}

/// An identity whose public key starts with `prefix` (at most 2 bytes make this quick).
pub fn identity_with_prefix(prefix: &[u8], salt: u32) -> Identity {
    for attempt in 0u32.. {
        let mut seed = [0u8; 32];
        seed[..4].copy_from_slice(&salt.to_le_bytes());
        seed[4..8].copy_from_slice(&attempt.to_le_bytes());
        let identity = Identity::from_seed(&seed);
        if identity.public_key().starts_with(prefix) {
            return identity;
        }
    }
    unreachable!("some seed gives any prefix")
}

/// Micro-degrees of a position in degrees.
pub fn micro(lat: f64, lon: f64) -> Option<(i32, i32)> {
    Some(((lat * 1e6).round() as i32, (lon * 1e6).round() as i32))
}

/// A packet's route and path.
#[derive(Debug, Clone, Copy)]
pub struct Via<'a> {
    pub route: Route,
    pub hash_size: usize,
    pub path: &'a [u8],
}

/// A flood along `path` of `hash_size`-byte hops.
pub fn flood(hash_size: usize, path: &[u8]) -> Via<'_> {
    Via {
        route: Route::Flood,
        hash_size,
        path,
    }
}

/// A DIRECT packet with `path` (the hops still to go) of `hash_size`-byte hops.
pub fn direct(hash_size: usize, path: &[u8]) -> Via<'_> {
    Via {
        route: Route::Direct,
        hash_size,
        path,
    }
}

/// Zero hops, flooded (as it leaves its originator).
pub const ZERO_HOP: Via<'static> = Via {
    route: Route::Flood,
    hash_size: 1,
    path: &[],
};

fn encode(via: Via<'_>, payload: PayloadRepr<'_>) -> Vec<u8> {
    let repr = PacketRepr::with_path(via.route, via.hash_size, via.path, payload).unwrap();
    let mut out = Vec::new();
    encode_packet(&repr, &mut out).unwrap();
    out
}

/// A signed advert of `node` carrying `timestamp`.
pub fn advert(node: &TestNode, timestamp: u32, via: Via<'_>) -> Vec<u8> {
    let app_data = AppDataRepr {
        role: node.role,
        location: node.location.map(|(lat, lon)| Location { lat, lon }),
        feature1: None,
        feature2: None,
        name: Some(node.name.as_bytes()),
    };
    let repr = advert_sig::sign(&node.identity, timestamp, app_data).unwrap();
    encode(via, PayloadRepr::Advert(repr))
}

/// An ACK with `crc` (each crc a distinct transmission).
pub fn ack(crc: u32, via: Via<'_>) -> Vec<u8> {
    encode(via, PayloadRepr::Ack(AckRepr { crc, extra: &[] }))
}

/// One hearing.
#[derive(Debug, Clone)]
pub struct Heard {
    pub time_ms: i64,
    pub observer: u32,
    pub snr_db: Option<f32>,
    pub rssi_dbm: Option<i16>,
    pub packet: Vec<u8>,
}

/// `packet` heard by observer `observer` (an index into the observer list) at `time_ms`, SNR 6 dB, RSSI -95.
pub fn heard(time_ms: i64, observer: u32, packet: Vec<u8>) -> Heard {
    Heard {
        time_ms,
        observer,
        snr_db: Some(6.0),
        rssi_dbm: Some(-95),
        packet,
    }
}

/// A store holding `hearings`, with `observers` as MQTT observers (the hearings index them).
pub fn store_of(observers: &[ObserverInfo], hearings: &[Heard]) -> Store {
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
    let mut store = Store::new();
    let report = store.ingest(&batch, observers, ObserverKind::Mqtt);
    assert_eq!(report.malformed, 0, "test packets decode");
    store
}

/// An observer that is no node: named `name`, with no key.
pub fn anonymous_observer(name: &str) -> ObserverInfo {
    ObserverInfo {
        id: None,
        name: Some(name.to_owned()),
        iata: Some("SEA".into()),
    }
}

/// `count` zero-hop adverts of `node` heard by `observer`, an hour apart from `start_ms`.
pub fn heard_directly(node: &TestNode, observer: u32, start_ms: i64, count: u32) -> Vec<Heard> {
    (0..count)
        .map(|i| {
            let time = start_ms + i64::from(i) * HOUR;
            heard(time, observer, advert(node, (time / 1000) as u32, ZERO_HOP))
        })
        .collect()
}

/// The transmission of `packet` in `store`.
pub fn tx_of(store: &Store, packet: &[u8]) -> TxId {
    let hash = Packet::new_checked(packet).unwrap().hash();
    store
        .find_transmission(hash)
        .expect("the packet was ingested")
}

/// The observer named `name` in `store`.
pub fn observer_named(store: &Store, name: &str) -> ObserverId {
    store
        .observers()
        .iter()
        .find(|(_, observer)| observer.name.as_deref() == Some(name))
        .map(|(id, _)| id)
        .expect("the observer heard something")
}

/// The observation of `packet` by the observer named `name`.
pub fn observation_of(store: &Store, packet: &[u8], name: &str) -> ObsId {
    let observer = observer_named(store, name);
    store
        .observations_of(tx_of(store, packet))
        .find(|&obs| store.observation(obs).map(|row| row.observer) == Some(observer))
        .expect("the observer heard the packet")
}
