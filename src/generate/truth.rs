//! [`Truth`]: exactly what a generated dump holds, for tests and analytics checks. Counts are of what was
//! written (after the observer choice of single-radio formats, the serial size limit and the target count),
//! so a parse of the output yields them; the lists of adverts and messages hold everything sent, each marked
//! `heard` when at least one written observation carries it. Serialises to JSON (`meshscope generate
//! --truth FILE`).

use serde::Serialize;

use super::mesh::Mesh;
use super::node::{Clock, HashMode};
use super::traffic::Records;
use crate::hex;
use crate::protocol::Role;

/// What a generated dump holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Truth {
    /// The mesh seed.
    pub seed: u64,
    /// The output format's name (`f1`, `f1-wrapped`, `hex`, `csv`, `serial`, `export`).
    pub format: String,
    /// Start of the traffic, unix ms.
    pub start_ms: i64,
    /// End of the traffic, unix ms: the requested end, or with a target count, where the count was reached
    /// (observations of the last transmissions may come slightly after the requested end).
    pub end_ms: i64,
    /// The factor the traffic options were scaled by to reach a target count (1 without a target).
    pub scale: f64,
    /// Every node, in mesh order (observations and records refer to these indices).
    pub nodes: Vec<NodeTruth>,
    /// Every observer of the mesh.
    pub observers: Vec<ObserverTruth>,
    /// The observers whose hearings the dump holds (single-radio formats hold the first one only).
    pub recorded_observers: Vec<usize>,
    /// The channels, with the messages heard on each.
    pub channels: Vec<ChannelTruth>,
    /// The region scoped packets carry.
    pub region: String,
    /// Every group of repeaters sharing a 1-, 2- or 3-byte key prefix (whatever their hash mode).
    pub collisions: Vec<CollisionTruth>,
    /// Observation records written (duplicates included).
    pub observations: u64,
    /// Of those, redeliveries of the observation before.
    pub duplicates: u64,
    /// Distinct packet hashes written (transmissions, as analyzers count them; each TRACE hop is one).
    pub transmissions: u64,
    /// Transmissions and observations per payload type, by type value.
    pub by_type: Vec<TypeTruth>,
    /// Distinct hashes written with route TRANSPORT_FLOOD or TRANSPORT_DIRECT.
    pub scoped_transmissions: u64,
    /// Observations whose path names the same hop hash twice (a prefix collision looks like a loop).
    pub repeated_hop_observations: u64,
    /// Earliest timestamp written, unix ms (observer clocks).
    pub first_timestamp_ms: Option<i64>,
    /// Latest timestamp written, unix ms (observer clocks).
    pub last_timestamp_ms: Option<i64>,
    /// Adverts sent, in sending order.
    pub adverts: Vec<AdvertTruth>,
    /// Channel messages sent, in sending order (the private channel's too).
    pub channel_messages: Vec<ChannelMessageTruth>,
    /// Direct text messages sent, in sending order (each attempt).
    pub direct_messages: Vec<DirectMessageTruth>,
    /// Observer status lines written (F.1 formats).
    pub statuses: u64,
    /// Deliberately bad lines, with their 1-based line numbers.
    pub bad_lines: Vec<BadLine>,
    /// Serial captures: what else the capture holds besides LOG_RX_DATA frames.
    pub serial: Option<SerialTruth>,
    /// Observations left out because the format cannot carry them (serial: packets of 174 bytes or more).
    pub omitted_observations: u64,
    /// Exchanges the generator failed to build (0 unless the generator has a bug).
    pub build_errors: u64,
}

/// A node.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeTruth {
    /// Upper-case hex of the Ed25519 public key.
    pub public_key: String,
    /// Lower-case hex of the 64-byte MeshCore private key (to open its direct messages).
    pub private_key: String,
    /// The name its adverts carry.
    pub name: String,
    /// `REPEATER`, `CHAT`, `ROOM` or `SENSOR`.
    pub role: String,
    /// What its adverts say about its location (micro-degrees; 0,0 for the node without a fix).
    pub advertised: Option<[i32; 2]>,
    /// True position, km east and north of the centre.
    pub position_km: [f64; 2],
    /// Its path hash mode.
    pub hash_mode: HashMode,
    /// Its clock.
    pub clock: Clock,
    /// Its observer index, if it is an observer.
    pub observer: Option<usize>,
}

/// An observer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObserverTruth {
    /// Its node index.
    pub node: usize,
    /// Its IATA code.
    pub iata: String,
    /// Its collector clock's offset from true time, ms.
    pub clock_offset_ms: i64,
}

/// A channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChannelTruth {
    /// Its name.
    pub name: String,
    /// Its channel hash byte.
    pub hash: u8,
    /// Whether analyzers can know its key.
    pub known: bool,
    /// Lower-case hex of its secret, for known channels only.
    pub key: Option<String>,
    /// Messages heard on it (the dump holds them).
    pub messages: u64,
    /// Distinct senders of those.
    pub senders: u64,
}

/// Repeaters sharing a key prefix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CollisionTruth {
    /// The prefix length in bytes.
    pub bytes: usize,
    /// Upper-case hex of the prefix.
    pub prefix: String,
    /// The repeaters' node indices, ascending.
    pub nodes: Vec<usize>,
}

/// Counts for one payload type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TypeTruth {
    /// The payload type value.
    pub payload_type: u8,
    /// Its firmware name.
    pub name: String,
    /// Distinct hashes written.
    pub transmissions: u64,
    /// Observations written.
    pub observations: u64,
}

/// An advert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdvertTruth {
    /// The advertising node.
    pub node: usize,
    /// When it was sent, true time, unix ms.
    pub sent_ms: i64,
    /// The timestamp it carries.
    pub timestamp: u32,
    /// Its path hash size; `None` for a zero-hop advert.
    pub hash_size: Option<usize>,
    /// Whether the dump holds it.
    pub heard: bool,
}

/// A channel message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChannelMessageTruth {
    /// The channel's name.
    pub channel: String,
    /// The sending node.
    pub sender: usize,
    /// `"<sender name>: <message>"`.
    pub text: String,
    /// The timestamp it carries.
    pub timestamp: u32,
    /// Whether it was region-scoped.
    pub scoped: bool,
    /// Whether the dump holds it.
    pub heard: bool,
}

/// A direct text message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DirectMessageTruth {
    /// The sender.
    pub from: usize,
    /// The recipient.
    pub to: usize,
    /// The text.
    pub text: String,
    /// The timestamp it carries.
    pub timestamp: u32,
    /// The CRC its ACK carries.
    pub ack_crc: u32,
    /// Whether it was flooded.
    pub flood: bool,
    /// Whether it reached the recipient.
    pub delivered: bool,
    /// Whether the dump holds it.
    pub heard: bool,
}

/// A deliberately broken line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BadLine {
    /// Its 1-based line number.
    pub line: u64,
    /// How it is broken.
    pub kind: BadLineKind,
}

/// How a line is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BadLineKind {
    /// A JSON line cut short.
    TruncatedJson,
    /// The packet hex lost a digit.
    OddHex,
    /// A packet hex digit replaced by a non-hex letter.
    BadHexDigit,
    /// The timestamp is not a date.
    BadTimestamp,
}

/// What a serial capture holds besides LOG_RX_DATA frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct SerialTruth {
    /// Bytes between frames that belong to no frame.
    pub garbage_bytes: u64,
    /// Frames of other kinds (pushes, replies, app-to-radio commands).
    pub other_frames: u64,
}

/// The parts of the truth the mesh alone decides.
pub(crate) fn mesh_parts(mesh: &Mesh) -> (Vec<NodeTruth>, Vec<ObserverTruth>, Vec<CollisionTruth>) {
    let nodes = mesh
        .nodes()
        .iter()
        .enumerate()
        .map(|(index, node)| NodeTruth {
            public_key: hex::encode_upper(&node.public_key()),
            private_key: hex::encode_lower(&node.identity.private_key()),
            name: node.name.clone(),
            role: node.role.name().to_owned(),
            advertised: node.advertised.map(|location| [location.lat, location.lon]),
            position_km: [node.position_km.0, node.position_km.1],
            hash_mode: node.hash_mode,
            clock: node.clock,
            observer: mesh.observer_of(index),
        })
        .collect();
    let observers = mesh
        .observers()
        .iter()
        .map(|observer| ObserverTruth {
            node: observer.node,
            iata: observer.iata.clone(),
            clock_offset_ms: observer.clock_offset_ms,
        })
        .collect();
    (nodes, observers, collisions(mesh))
}

/// Groups of repeaters by 1-, 2- and 3-byte key prefix, keeping groups of two or more.
fn collisions(mesh: &Mesh) -> Vec<CollisionTruth> {
    let mut out = Vec::new();
    for bytes in 1..=3 {
        let mut groups: std::collections::BTreeMap<Vec<u8>, Vec<usize>> = Default::default();
        for (index, node) in mesh.nodes().iter().enumerate() {
            if node.role == Role::Repeater {
                groups
                    .entry(node.public_key()[..bytes].to_vec())
                    .or_default()
                    .push(index);
            }
        }
        out.extend(groups.into_iter().filter(|(_, nodes)| nodes.len() > 1).map(
            |(prefix, nodes)| CollisionTruth {
                bytes,
                prefix: hex::encode_upper(&prefix),
                nodes,
            },
        ));
    }
    out
}

/// The records as truth lists, marked heard when their transmission's `written` flag is set, and the channel
/// tallies of the heard messages.
pub(crate) fn record_parts(
    mesh: &Mesh,
    records: &Records,
    written: &[bool],
) -> (
    Vec<AdvertTruth>,
    Vec<ChannelMessageTruth>,
    Vec<DirectMessageTruth>,
    Vec<ChannelTruth>,
) {
    let heard = |transmission: u32| written.get(transmission as usize).copied().unwrap_or(false);
    let adverts = records
        .adverts
        .iter()
        .map(|advert| AdvertTruth {
            node: advert.node,
            sent_ms: advert.sent_ms,
            timestamp: advert.timestamp,
            hash_size: advert.hash_size,
            heard: heard(advert.transmission),
        })
        .collect();
    let mut channels: Vec<ChannelTruth> = mesh
        .channels()
        .iter()
        .map(|channel| ChannelTruth {
            name: channel.name.clone(),
            hash: channel.key.hash(),
            known: channel.known,
            key: channel
                .known
                .then(|| hex::encode_lower(channel.key.secret())),
            messages: 0,
            senders: 0,
        })
        .collect();
    let mut senders = std::collections::BTreeSet::new();
    let mut messages = Vec::new();
    for message in &records.channel_messages {
        let was_heard = heard(message.transmission);
        if let Some(channel) = channels.get_mut(message.channel).filter(|_| was_heard) {
            channel.messages += 1;
            if senders.insert((message.channel, message.sender)) {
                channel.senders += 1;
            }
        }
        messages.push(ChannelMessageTruth {
            channel: mesh
                .channels()
                .get(message.channel)
                .map_or_else(String::new, |channel| channel.name.clone()),
            sender: message.sender,
            text: message.text.clone(),
            timestamp: message.timestamp,
            scoped: message.scoped,
            heard: was_heard,
        });
    }
    let direct = records
        .direct_messages
        .iter()
        .map(|message| DirectMessageTruth {
            from: message.from,
            to: message.to,
            text: message.text.clone(),
            timestamp: message.timestamp,
            ack_crc: message.ack_crc,
            flood: message.flood,
            delivered: message.delivered,
            heard: heard(message.transmission),
        })
        .collect();
    (adverts, messages, direct, channels)
}
