//! [`Mesh`]: the nodes, their radio links, the observers among them and the channels they talk on, all
//! derived from [`MeshOptions`].

use super::keys;
use super::layout;
use super::names;
use super::node::{HashMode, Node};
use super::options::MeshOptions;
use super::radio::{self, Link};
use super::rng::Rng;
use crate::ingest::ObserverInfo;
use crate::protocol::Role;
use crate::protocol::crypto::{ChannelKey, Identity};

/// Most candidate keys tried for a 1-byte collision (256 are needed on average).
const ONE_BYTE_TRIES: u64 = 1 << 14;
/// Most candidate keys tried for a 2-byte collision (65,536 on average).
const TWO_BYTE_TRIES: u64 = 1 << 22;
/// Observer hardware models, given in turn.
const MODELS: [&str; 5] = [
    "Heltec V3",
    "RAK4631",
    "Station G2",
    "T-Beam Supreme",
    "Xiao S3 WIO",
];
/// Observer collector clock offsets in milliseconds, given in turn (the first observer is exact).
const OBSERVER_OFFSETS_MS: [i64; 6] = [0, 1_500, -800, 0, 2_500, -300];

/// A node that logs what it hears and publishes it, as the community's MQTT observers do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observer {
    /// The node (an index into [`Mesh::nodes`]).
    pub node: usize,
    /// Its region's IATA code (the MQTT topic's second level).
    pub iata: String,
    /// How far its collector's clock is ahead of true time, ms: every timestamp it writes is shifted so.
    pub clock_offset_ms: i64,
    /// Its radio's hardware model (in status messages).
    pub model: &'static str,
}

/// A group channel nodes talk on.
#[derive(Debug, Clone)]
pub struct Channel {
    /// `Public`, a `#hashtag` name, or a private channel's name.
    pub name: String,
    /// Its key.
    pub key: ChannelKey,
    /// Whether an analyzer can know the key (Public and hashtags); the private channel's key is not shared.
    pub known: bool,
    /// What people say on it (`#bot` is special: pings and the bot's replies).
    pub texts: &'static [&'static str],
    /// How often a channel message goes to this channel, relative to the others.
    pub weight: f64,
}

/// A generated mesh. Equal [`MeshOptions`] give an identical mesh on every platform.
#[derive(Debug, Clone)]
pub struct Mesh {
    options: MeshOptions,
    nodes: Vec<Node>,
    links: Vec<Vec<Link>>,
    observers: Vec<Observer>,
    observer_of: Vec<Option<usize>>,
    channels: Vec<Channel>,
    bot: Option<usize>,
}

impl Mesh {
    /// Builds the mesh: roles, positions, identities (with the deliberate prefix collisions), names, hash
    /// modes, clocks, links, observers and channels.
    pub fn new(options: &MeshOptions) -> Mesh {
        let mut layout_rng = Rng::stream(options.seed, 1);
        let mut key_rng = Rng::stream(options.seed, 2);
        let mut link_rng = Rng::stream(options.seed, 3);
        let roles = layout::roles(options.nodes, options.repeater_share);
        let positions = layout::positions(&roles, options.spread_km, &mut layout_rng);
        let bot = roles.iter().position(|role| *role == Role::Chat);
        let names = layout::names(&roles, bot, &mut layout_rng);
        let mut modes = layout::hash_modes(&roles, &mut layout_rng);
        let clocks = layout::clocks(roles.len(), &mut layout_rng);
        let advertised = layout::advertised(&roles, &positions, options.centre, &mut layout_rng);
        let mut identities = identities(&roles, &mut key_rng);
        collide(
            options,
            &roles,
            &positions,
            &mut identities,
            &mut modes,
            &mut key_rng,
        );
        let mut nodes: Vec<Node> = Vec::with_capacity(roles.len());
        for (index, identity) in identities.into_iter().enumerate() {
            let role = roles[index];
            let gain_db = match role {
                Role::Repeater => 8.0 + layout_rng.uniform(0.0, 4.0),
                Role::Room => 6.0,
                Role::Sensor => 2.0,
                _ => layout_rng.uniform(-2.0, 2.0),
            };
            nodes.push(Node {
                identity,
                name: names[index].clone(),
                role,
                position_km: positions[index],
                advertised: advertised[index],
                hash_mode: modes[index],
                clock: clocks[index],
                gain_db,
                activity: 1.0 / (1.0 + layout_rng.below(roles.len() as u64) as f64),
            });
        }
        let links = radio::links(&nodes, &mut link_rng);
        let observers = pick_observers(options, &nodes);
        let mut observer_of = vec![None; nodes.len()];
        for (index, observer) in observers.iter().enumerate() {
            observer_of[observer.node] = Some(index);
        }
        let channels = channels(&mut key_rng);
        Mesh {
            options: options.clone(),
            nodes,
            links,
            observers,
            observer_of,
            channels,
            bot,
        }
    }

    /// The options it was built from.
    pub fn options(&self) -> &MeshOptions {
        &self.options
    }

    /// Every node, repeaters first, then room servers, sensors and companions.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The links of `node`, strongest first (empty for an index out of range).
    pub fn links(&self, node: usize) -> &[Link] {
        self.links.get(node).map_or(&[], Vec::as_slice)
    }

    /// The observers.
    pub fn observers(&self) -> &[Observer] {
        &self.observers
    }

    /// The observer index of `node`, if it is an observer.
    pub fn observer_of(&self, node: usize) -> Option<usize> {
        self.observer_of.get(node).copied().flatten()
    }

    /// The channels: Public, `#test`, `#bot`, `#seattle`, and a private one with an unshared key.
    pub fn channels(&self) -> &[Channel] {
        &self.channels
    }

    /// The companion that answers `!ping` on `#bot`, if the mesh has a companion.
    pub fn bot(&self) -> Option<usize> {
        self.bot
    }

    /// Observer `index` as the ingest parser describes observers: key, name and IATA code.
    pub fn observer_info(&self, index: usize) -> Option<ObserverInfo> {
        let observer = self.observers.get(index)?;
        let node = self.nodes.get(observer.node)?;
        Some(ObserverInfo {
            id: Some(node.public_key()),
            name: Some(node.name.clone()),
            iata: Some(observer.iata.clone()),
        })
    }
}

/// A random identity per node; repeaters get distinct first key bytes while that is easy, so that the only
/// 1-byte collisions among repeaters are the deliberate ones.
fn identities(roles: &[Role], rng: &mut Rng) -> Vec<Identity> {
    let repeaters = roles.iter().filter(|role| **role == Role::Repeater).count();
    let mut used = [false; 256];
    let mut out = Vec::with_capacity(roles.len());
    for role in roles {
        let mut identity = keys::random_identity(rng);
        if *role == Role::Repeater && repeaters <= 128 {
            for _ in 0..64 {
                if !used[usize::from(identity.public_key()[0])] {
                    break;
                }
                identity = keys::random_identity(rng);
            }
            used[usize::from(identity.public_key()[0])] = true;
        }
        out.push(identity);
    }
    out
}

/// Gives pairs of repeaters the same 1-byte (then 2-byte) key prefix, and picks the flip-floppers. The first
/// 1-byte pair is the two repeaters closest to 12 km apart, so floods crossing both show a hop prefix twice
/// (a seeming loop). Pair members get a fixed hash size equal to the collision's size.
fn collide(
    options: &MeshOptions,
    roles: &[Role],
    positions: &[(f64, f64)],
    identities: &mut [Identity],
    modes: &mut [HashMode],
    rng: &mut Rng,
) {
    // 3-byte repeaters keep their mode: pairs and flip-floppers come from the others.
    let mut free: Vec<usize> = (0..roles.len())
        .filter(|&i| roles[i] == Role::Repeater && modes[i] != HashMode::Fixed(3))
        .collect();
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    if options.one_byte_collisions > 0
        && let Some((a, b)) = pair_near(&free, positions, 12.0)
    {
        pairs.push((a, b, 1));
        free.retain(|&i| i != a && i != b);
    }
    let wanted = [
        (options.one_byte_collisions.saturating_sub(1), 1),
        (options.two_byte_collisions, 2),
    ];
    for (count, bytes) in wanted {
        for _ in 0..count {
            if free.len() < 2 {
                break;
            }
            let a = free.remove(rng.index(free.len()));
            let b = free.remove(rng.index(free.len()));
            pairs.push((a, b, bytes));
        }
    }
    for (a, b, bytes) in pairs {
        let prefix = identities[a].public_key();
        let tries = if bytes == 1 {
            ONE_BYTE_TRIES
        } else {
            TWO_BYTE_TRIES
        };
        if let Some(identity) = keys::grind(rng, &prefix[..bytes], tries) {
            identities[b] = identity;
            modes[a] = HashMode::Fixed(bytes as u8);
            modes[b] = HashMode::Fixed(bytes as u8);
        }
    }
    let flip_floppers = if roles.len() >= 40 { 2 } else { 1 };
    for (index, mode) in [HashMode::FlipFlop(1, 2), HashMode::FlipFlop(2, 3)]
        .into_iter()
        .enumerate()
        .take(flip_floppers)
    {
        if let Some(&node) = free.get(index) {
            modes[node] = mode;
        }
    }
}

/// The two of `candidates` whose distance is closest to `target_km`.
fn pair_near(
    candidates: &[usize],
    positions: &[(f64, f64)],
    target_km: f64,
) -> Option<(usize, usize)> {
    let mut best: Option<(f64, usize, usize)> = None;
    for (i, &a) in candidates.iter().enumerate() {
        for &b in &candidates[i + 1..] {
            let (dx, dy) = (
                positions[a].0 - positions[b].0,
                positions[a].1 - positions[b].1,
            );
            let miss = ((dx * dx + dy * dy).sqrt() - target_km).abs();
            if best.is_none_or(|(best_miss, _, _)| miss < best_miss) {
                best = Some((miss, a, b));
            }
        }
    }
    best.map(|(_, a, b)| (a, b))
}

/// Observers: repeaters spread as far apart as possible (starting nearest the centre), and, with three
/// observers or more, the last one a companion (the one nearest the centre).
fn pick_observers(options: &MeshOptions, nodes: &[Node]) -> Vec<Observer> {
    let wanted = options.observers.min(nodes.len());
    // Squared distance: `hypot` is a platform library call, and the order is the same.
    let distance_from_centre = |node: &Node| {
        let (x, y) = node.position_km;
        x * x + y * y
    };
    let nearest_centre = |role: Role| {
        (0..nodes.len())
            .filter(|&i| nodes[i].role == role)
            .min_by(|&a, &b| {
                distance_from_centre(&nodes[a]).total_cmp(&distance_from_centre(&nodes[b]))
            })
    };
    let companion = if wanted >= 3 {
        nearest_centre(Role::Chat)
    } else {
        None
    };
    let from_repeaters = wanted - usize::from(companion.is_some());
    let mut chosen: Vec<usize> = nearest_centre(Role::Repeater)
        .into_iter()
        .take(from_repeaters)
        .collect();
    while chosen.len() < from_repeaters {
        let gap = |i: usize| {
            chosen
                .iter()
                .map(|&c| radio::distance_km(&nodes[i], &nodes[c]))
                .fold(f64::INFINITY, f64::min)
        };
        let farthest = |repeaters_only: bool| {
            (0..nodes.len())
                .filter(|&i| !chosen.contains(&i) && Some(i) != companion)
                .filter(|&i| !repeaters_only || nodes[i].is_repeater())
                .max_by(|&a, &b| gap(a).total_cmp(&gap(b)).then(b.cmp(&a)))
        };
        match farthest(true).or_else(|| farthest(false)) {
            Some(next) => chosen.push(next),
            None => break,
        }
    }
    chosen.extend(companion);
    chosen
        .into_iter()
        .enumerate()
        .map(|(index, node)| Observer {
            node,
            iata: options
                .iata
                .get(index % options.iata.len().max(1))
                .cloned()
                .unwrap_or_else(|| "SEA".to_owned()),
            clock_offset_ms: OBSERVER_OFFSETS_MS[index % OBSERVER_OFFSETS_MS.len()],
            model: MODELS[index % MODELS.len()],
        })
        .collect()
}

/// The channels and how much each is used.
fn channels(rng: &mut Rng) -> Vec<Channel> {
    let mut secret = [0; 16];
    rng.fill(&mut secret);
    let private =
        ChannelKey::from_secret(&secret).unwrap_or_else(|_| ChannelKey::from_hashtag("#ops"));
    let known = |name: &str, key, texts, weight| Channel {
        name: name.to_owned(),
        key,
        known: true,
        texts,
        weight,
    };
    vec![
        known("Public", ChannelKey::public(), names::PUBLIC_TEXTS, 45.0),
        known(
            "#test",
            ChannelKey::from_hashtag("#test"),
            names::TEST_TEXTS,
            15.0,
        ),
        known("#bot", ChannelKey::from_hashtag("#bot"), &[], 12.0),
        known(
            "#seattle",
            ChannelKey::from_hashtag("#seattle"),
            names::SEATTLE_TEXTS,
            18.0,
        ),
        Channel {
            name: "Ops".to_owned(),
            key: private,
            known: false,
            texts: names::PRIVATE_TEXTS,
            weight: 10.0,
        },
    ]
}
