//! The traffic: what nodes send, one module per kind of exchange, over a shared [`World`] (the mesh, the
//! random numbers, the air, learned routes, cached ciphers and the records the truth is built from).

pub mod advert;
pub mod channel;
pub mod control;
pub mod direct;
pub mod schedule;
pub mod trace;

use std::collections::HashMap;

use super::air::{Air, Frame, Sending};
use super::keys::Signer;
use super::mesh::Mesh;
use super::options::TrafficOptions;
use super::propagate::Travel;
use super::rng::Rng;
use crate::protocol::crypto::{Cipher, RegionKey};
use crate::protocol::{Result, Role};

/// Links at least this good (mean SNR, dB) carry direct routes and traces.
pub const GOOD_LINK_SNR: f64 = -4.0;

/// A signed advert that was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdvertRecord {
    /// The transmission number.
    pub transmission: u32,
    /// The advertising node.
    pub node: usize,
    /// When it was sent, true time, ms.
    pub sent_ms: i64,
    /// The timestamp it carries (the node's clock).
    pub timestamp: u32,
    /// The path hash size of a flood advert; `None` for a zero-hop advert (`path_len` 0 says nothing).
    pub hash_size: Option<usize>,
}

/// A channel message that was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelMessageRecord {
    /// The transmission number.
    pub transmission: u32,
    /// The channel (an index into the mesh's channels).
    pub channel: usize,
    /// The sending node.
    pub sender: usize,
    /// The whole text, `"<sender name>: <message>"`.
    pub text: String,
    /// The timestamp it carries (the sender's clock).
    pub timestamp: u32,
    /// Whether it was sent region-scoped (TRANSPORT_FLOOD).
    pub scoped: bool,
}

/// A direct text message that was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectMessageRecord {
    /// The transmission number.
    pub transmission: u32,
    /// The sender.
    pub from: usize,
    /// The recipient.
    pub to: usize,
    /// The text.
    pub text: String,
    /// The timestamp it carries (the sender's clock).
    pub timestamp: u32,
    /// The CRC its ACK carries (protocol B.2).
    pub ack_crc: u32,
    /// Whether it was flooded (else sent along a learned route).
    pub flood: bool,
    /// Whether it reached the recipient.
    pub delivered: bool,
}

/// What was sent, for the truth.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Records {
    /// Adverts, in sending order.
    pub adverts: Vec<AdvertRecord>,
    /// Channel messages, in sending order.
    pub channel_messages: Vec<ChannelMessageRecord>,
    /// Direct text messages, in sending order.
    pub direct_messages: Vec<DirectMessageRecord>,
    /// Exchanges that could not be built (a generator bug if ever non-zero).
    pub build_errors: u64,
}

/// Everything the traffic code reads and changes.
pub struct World<'m> {
    /// The mesh.
    pub mesh: &'m Mesh,
    /// The traffic options.
    pub traffic: TrafficOptions,
    /// The traffic's random numbers.
    pub rng: Rng,
    /// Propagation and the queue of observations.
    pub air: Air,
    /// What was sent.
    pub records: Records,
    /// The scoped floods' region.
    pub region: RegionKey,
    /// Companions, the nodes that chat.
    pub companions: Vec<usize>,
    companion_weights: Vec<f64>,
    routes: HashMap<(usize, usize), Option<Vec<usize>>>,
    ciphers: HashMap<(usize, usize), Cipher>,
    advert_counts: Vec<u64>,
    stamp_counts: Vec<u64>,
    signers: Vec<Option<Signer>>,
}

impl core::fmt::Debug for World<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("World")
            .field("transmissions", &self.air.transmissions())
            .field("routes", &self.routes.len())
            .finish_non_exhaustive()
    }
}

impl<'m> World<'m> {
    /// A world over `mesh` keeping the hearings of the observers in `recorded`.
    pub fn new(mesh: &'m Mesh, traffic: &TrafficOptions, recorded: &[usize]) -> World<'m> {
        let nodes = mesh.nodes();
        let companions: Vec<usize> = (0..nodes.len())
            .filter(|&i| nodes[i].role == Role::Chat && Some(i) != mesh.bot())
            .collect();
        let companion_weights = companions.iter().map(|&i| nodes[i].activity).collect();
        World {
            mesh,
            traffic: traffic.clone(),
            rng: Rng::stream(mesh.options().seed, 4),
            air: Air::new(mesh, recorded, traffic.duplicate_rate),
            records: Records::default(),
            region: RegionKey::new(&traffic.region),
            companions,
            companion_weights,
            routes: HashMap::new(),
            ciphers: HashMap::new(),
            advert_counts: vec![0; nodes.len()],
            stamp_counts: vec![0; nodes.len()],
            signers: (0..nodes.len()).map(|_| None).collect(),
        }
    }

    /// A companion, weighted by activity, other than `except`.
    pub fn pick_companion(&mut self, except: Option<usize>) -> Option<usize> {
        for _ in 0..8 {
            let pick = self
                .companions
                .get(self.rng.weighted(&self.companion_weights))
                .copied();
            if pick != except {
                return pick;
            }
        }
        None
    }

    /// A node of one of `roles`, uniformly, other than `except`.
    pub fn pick_role(&mut self, roles: &[Role], except: usize) -> Option<usize> {
        let nodes = self.mesh.nodes();
        let candidates: Vec<usize> = (0..nodes.len())
            .filter(|&i| i != except && roles.contains(&nodes[i].role))
            .collect();
        self.rng.pick(&candidates).copied()
    }

    /// The path hash size `node` currently sends with (it changes at each flood advert of a flip-flopper).
    pub fn hash_size(&self, node: usize) -> usize {
        let adverts = self.advert_counts.get(node).copied().unwrap_or(0);
        self.mesh
            .nodes()
            .get(node)
            .map_or(1, |n| n.hash_mode.size(adverts.saturating_sub(1)))
    }

    /// Counts a flood advert of `node` and returns the hash size it is sent with.
    pub fn next_advert_hash_size(&mut self, node: usize) -> usize {
        let Some(count) = self.advert_counts.get_mut(node) else {
            return 1;
        };
        let index = *count;
        *count += 1;
        self.mesh
            .nodes()
            .get(node)
            .map_or(1, |n| n.hash_mode.size(index))
    }

    /// The timestamp `node`'s clock writes at true time `at_us`.
    pub fn stamp(&mut self, node: usize, at_us: i64) -> u32 {
        let Some(count) = self.stamp_counts.get_mut(node) else {
            return 0;
        };
        let sample = *count;
        *count += 1;
        let start_ms = self.traffic.start_ms;
        self.mesh.nodes().get(node).map_or(0, |n| {
            n.clock.timestamp(at_us.div_euclid(1000), start_ms, sample)
        })
    }

    /// `node`'s Ed25519 signature of `message` (its signer is set up once); `None` for an unknown node.
    pub fn sign(&mut self, node: usize, message: &[u8]) -> Option<[u8; 64]> {
        let identity = &self.mesh.nodes().get(node)?.identity;
        let signer = self
            .signers
            .get_mut(node)?
            .get_or_insert_with(|| Signer::new(identity));
        Some(signer.sign(message))
    }

    /// The cipher `a` and `b` share (X25519 of their keys, protocol C.4), computed once per pair.
    pub fn cipher(&mut self, a: usize, b: usize) -> Option<Cipher> {
        let key = (a.min(b), a.max(b));
        if let Some(cipher) = self.ciphers.get(&key) {
            return Some(cipher.clone());
        }
        let nodes = self.mesh.nodes();
        let secret = nodes
            .get(a)?
            .identity
            .shared_secret(&nodes.get(b)?.public_key())
            .ok()?;
        let cipher = Cipher::new(&secret);
        self.ciphers.insert(key, cipher.clone());
        Some(cipher)
    }

    /// Sends `frame` from `origin` at `at_us`, noting its first arrival at `watch`; returns the
    /// transmission number.
    pub fn send(
        &mut self,
        origin: usize,
        at_us: i64,
        frame: &Frame,
        travel: Travel<'_>,
        watch: Option<usize>,
    ) -> Result<u32> {
        let sending = Sending {
            origin,
            at_us,
            travel,
            watch,
        };
        self.air.send(self.mesh, &mut self.rng, frame, sending)
    }

    /// A flood from `origin` with its current hash size and the traffic's hop limit.
    pub fn flood(&self, origin: usize) -> Travel<'static> {
        Travel::Flood {
            hash_size: self.hash_size(origin),
            hop_limit: self.traffic.hop_limit,
        }
    }

    /// The route a node would have learned from `from` to `to`: the fewest repeaters over good links (mean
    /// SNR at least [`GOOD_LINK_SNR`]), at most the hop limit; `None` when there is none. Empty when `to` is
    /// a neighbour. Computed once per pair.
    pub fn route(&mut self, from: usize, to: usize) -> Option<Vec<usize>> {
        if let Some(route) = self.routes.get(&(from, to)) {
            return route.clone();
        }
        let route = shortest_route(self.mesh, from, to, self.traffic.hop_limit);
        self.routes.insert((from, to), route.clone());
        route
    }
}

/// Breadth-first search from `from` to `to` through repeaters over good links, in link order (strongest
/// first), so the result is deterministic.
fn shortest_route(mesh: &Mesh, from: usize, to: usize, hop_limit: usize) -> Option<Vec<usize>> {
    let nodes = mesh.nodes();
    let mut parent: Vec<Option<usize>> = vec![None; nodes.len()];
    let mut depth = vec![usize::MAX; nodes.len()];
    *depth.get_mut(from)? = 0;
    let mut queue = std::collections::VecDeque::from([from]);
    while let Some(at) = queue.pop_front() {
        for link in mesh
            .links(at)
            .iter()
            .filter(|link| link.mean_snr >= GOOD_LINK_SNR)
        {
            let next = link.to as usize;
            if next == to {
                let mut route = Vec::new();
                let mut hop = at;
                while hop != from {
                    route.push(hop);
                    hop = parent[hop]?;
                }
                route.reverse();
                return Some(route);
            }
            let repeater = nodes.get(next).is_some_and(|node| node.is_repeater());
            if repeater && depth[next] == usize::MAX && depth[at] < hop_limit {
                depth[next] = depth[at] + 1;
                parent[next] = Some(at);
                queue.push_back(next);
            }
        }
    }
    None
}
