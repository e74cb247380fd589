//! How one transmission spreads over the air, as a small discrete-event simulation: every transmitted copy is
//! heard by each linked node whose reception succeeds (an arrival), and arrivals are handled in time order.
//!
//! - Flood (protocol A.3): a repeater forwards the first copy it hears, once, after a random delay,
//!   appending the first `hash_size` bytes of its own key, unless the path already has `hop_limit` hops.
//!   The sender picked `hash_size` for the whole packet.
//! - Direct: the path lists the repeaters still to go; only the next one forwards, removing itself. The
//!   destination takes the copy whose path is empty.
//! - Trace (protocol D.1): the route is in the payload; each relay in turn appends the SNR it heard the
//!   packet at (one byte, dB × 4) and forwards.
//!
//! Observers log every copy they hear, duplicates and echoes included (the firmware logs a frame before it
//! parses it); the traffic code reads deliveries, relay SNRs and neighbours from the arrivals. A node never
//! hears its own transmission. Receptions that cannot matter (a companion that is neither an observer nor
//! watched) are not drawn at all.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::mesh::Mesh;
use super::radio::{self, Signal};
use super::rng::Rng;
use crate::protocol::MAX_PATH_SIZE;

/// How a packet travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Travel<'r> {
    /// Flooded with `hash_size`-byte hop hashes, up to `hop_limit` hops.
    Flood {
        /// 1, 2 or 3.
        hash_size: usize,
        /// Repeaters do not forward a copy with this many hops.
        hop_limit: usize,
    },
    /// Sent along `route` (repeater node indices, first hop first; empty for zero-hop) to `dest`.
    Direct {
        /// The repeaters to go through.
        route: &'r [usize],
        /// 1, 2 or 3.
        hash_size: usize,
        /// The node it is for (`None` for what any neighbour may take: zero-hop adverts, discovery).
        dest: Option<usize>,
    },
    /// A TRACE through `route`, back to its originator; the path collects one SNR byte per relay.
    Trace {
        /// The relays, in order.
        route: &'r [usize],
    },
}

/// One transmitted copy of the packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Copy {
    /// The node that sent it.
    pub sender: usize,
    /// When it started, µs.
    pub start_us: i64,
    /// The copy it was forwarded from (`None` for the originator's).
    pub parent: Option<usize>,
    /// Hops so far: flood hashes appended, direct route entries consumed, trace SNRs appended.
    pub hops: usize,
    path: [u8; MAX_PATH_SIZE],
    path_len: usize,
}

impl Copy {
    /// The path bytes this copy is sent with.
    pub fn path(&self) -> &[u8] {
        self.path.get(..self.path_len).unwrap_or_default()
    }
}

/// One successful reception of a copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arrival {
    /// Index into [`Propagation::copies`].
    pub copy: usize,
    /// The receiving node.
    pub receiver: usize,
    /// When the reception ended, µs.
    pub at_us: i64,
    /// What the receiver measured.
    pub signal: Signal,
}

/// Everything one transmission did; buffers are reused from one transmission to the next.
#[derive(Debug, Clone, Default)]
pub struct Propagation {
    /// Every copy sent, the originator's first.
    pub copies: Vec<Copy>,
    /// The receptions that matter, in time order: by observers, by the watched node, and by repeaters that
    /// may act on the copy (forward it, or answer a zero-hop packet). Other nodes' receptions are not drawn.
    pub arrivals: Vec<Arrival>,
    /// For a direct packet or a trace: the arrival that delivered it to its destination (for a trace, back to
    /// its originator), if any.
    pub delivered: Option<usize>,
    first: Vec<Option<usize>>,
    landings: BinaryHeap<(Reverse<i64>, Reverse<usize>)>,
}

/// Air time of a packet of `len` bytes, µs (a LoRa link of a few hundred bits per second).
pub fn airtime_us(len: usize) -> i64 {
    90_000 + 5_500 * len as i64
}

/// How long a repeater waits before forwarding a flood copy it heard with `signal`: the firmware's receive
/// delay, longer for weaker signals (`calcRxDelay`: `(base^(0.85 - score) - 1) × airtime`, here linear in
/// the score, from 0 at the reception threshold to 1 at +10 dB), then a random retransmit delay of up to
/// 2.5 air times (`getRetransmitDelay`). Strong links forward first, so floods take shorter, better hops.
fn flood_delay_us(air_us: i64, signal: Signal, rng: &mut Rng) -> i64 {
    let score = ((signal.snr_db() - radio::THRESHOLD_SNR) / 22.0).clamp(0.0, 1.0);
    let rx_delay = 4.0 * (0.85 - score).max(0.0);
    (air_us as f64 * (rx_delay + rng.uniform(0.0, 2.5))) as i64
}

/// One transmission to simulate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Launch<'t> {
    /// The originating node.
    pub origin: usize,
    /// When it starts, µs.
    pub start_us: i64,
    /// Bytes of the packet without its path.
    pub len: usize,
    /// How it travels.
    pub travel: Travel<'t>,
    /// A node whose first arrival is wanted (see [`Propagation::first_arrival`]).
    pub watch: Option<usize>,
}

impl Propagation {
    /// The first arrival at `node`, any copy (for floods: when and by which path it first got the packet).
    /// Known for observers, repeaters and the watched node.
    pub fn first_arrival(&self, node: usize) -> Option<&Arrival> {
        self.arrivals.get(self.first.get(node).copied().flatten()?)
    }

    /// The repeaters a copy went through, first hop first.
    pub fn relays(&self, copy: usize) -> Vec<usize> {
        let mut relays = Vec::new();
        let mut at = self.copies.get(copy);
        while let Some(current) = at {
            match current.parent {
                Some(parent) => {
                    relays.push(current.sender);
                    at = self.copies.get(parent);
                }
                None => at = None,
            }
        }
        relays.reverse();
        relays
    }

    /// Simulates `launch`.
    pub fn run(&mut self, mesh: &Mesh, rng: &mut Rng, launch: &Launch<'_>) {
        self.copies.clear();
        self.arrivals.clear();
        self.delivered = None;
        self.first.clear();
        self.first.resize(mesh.nodes().len(), None);
        self.landings.clear();
        let mut first_copy = Copy {
            sender: launch.origin,
            start_us: launch.start_us,
            parent: None,
            hops: 0,
            path: [0; MAX_PATH_SIZE],
            path_len: 0,
        };
        if let Travel::Direct {
            route, hash_size, ..
        } = launch.travel
        {
            for &hop in route {
                push_hash(&mut first_copy, mesh, hop, hash_size);
            }
        }
        self.launch(first_copy, launch.len);
        while let Some((Reverse(end_us), Reverse(copy))) = self.landings.pop() {
            self.land(mesh, rng, copy, end_us, launch);
        }
    }

    /// Records a copy and schedules the end of its transmission.
    fn launch(&mut self, copy: Copy, len: usize) {
        let end_us = copy.start_us + airtime_us(len + copy.path_len);
        let id = self.copies.len();
        self.copies.push(copy);
        self.landings.push((Reverse(end_us), Reverse(id)));
    }

    /// The end of copy `copy`'s transmission: every node that matters, in link order, tries to receive it.
    fn land(&mut self, mesh: &Mesh, rng: &mut Rng, copy: usize, end_us: i64, run: &Launch<'_>) {
        let Some(sent) = self.copies.get(copy).copied() else {
            return;
        };
        for link in mesh.links(sent.sender) {
            let receiver = link.to as usize;
            if !self.matters(mesh, &sent, receiver, run) {
                continue;
            }
            if let Some(signal) = radio::receive(link.mean_snr, rng) {
                let arrival = Arrival {
                    copy,
                    receiver,
                    at_us: end_us,
                    signal,
                };
                self.arrive(mesh, rng, arrival, run);
            }
        }
    }

    /// Whether `receiver`'s reception of `sent` can matter: observers log everything, the watched node's
    /// first arrival is wanted, and repeaters matter while they may forward or answer.
    fn matters(&self, mesh: &Mesh, sent: &Copy, receiver: usize, run: &Launch<'_>) -> bool {
        if mesh.observer_of(receiver).is_some() || Some(receiver) == run.watch {
            return true;
        }
        let repeater = mesh
            .nodes()
            .get(receiver)
            .is_some_and(|node| node.is_repeater());
        match run.travel {
            Travel::Flood { .. } => {
                repeater
                    && receiver != run.origin
                    && self.first.get(receiver).is_some_and(Option::is_none)
            }
            Travel::Direct { route, dest, .. } => match route.get(sent.hops) {
                Some(&next) => next == receiver,
                None => dest == Some(receiver) || (route.is_empty() && repeater),
            },
            Travel::Trace { route } => match route.get(sent.hops) {
                Some(&next) => next == receiver,
                None => receiver == run.origin,
            },
        }
    }

    fn arrive(&mut self, mesh: &Mesh, rng: &mut Rng, arrival: Arrival, run: &Launch<'_>) {
        let index = self.arrivals.len();
        self.arrivals.push(arrival);
        let receiver = arrival.receiver;
        let is_first = self.first.get(receiver).is_some_and(Option::is_none);
        if is_first && let Some(slot) = self.first.get_mut(receiver) {
            *slot = Some(index);
        }
        let Some(heard) = self.copies.get(arrival.copy).copied() else {
            return;
        };
        let air_us = airtime_us(run.len + heard.path_len);
        let forward = match run.travel {
            Travel::Flood {
                hash_size,
                hop_limit,
            } => {
                let fits = heard.path_len + hash_size <= MAX_PATH_SIZE;
                let repeats = mesh
                    .nodes()
                    .get(receiver)
                    .is_some_and(|node| node.is_repeater());
                if !(is_first
                    && repeats
                    && receiver != run.origin
                    && heard.hops < hop_limit
                    && fits)
                {
                    return;
                }
                let mut copy = child(&heard, arrival.copy, receiver);
                push_hash(&mut copy, mesh, receiver, hash_size);
                Some((copy, flood_delay_us(air_us, arrival.signal, rng)))
            }
            Travel::Direct {
                route,
                hash_size,
                dest,
            } => match route.get(heard.hops) {
                Some(&next) if next == receiver => {
                    let mut copy = child(&heard, arrival.copy, receiver);
                    copy.path_len = 0;
                    for &hop in route.get(heard.hops + 1..).unwrap_or_default() {
                        push_hash(&mut copy, mesh, hop, hash_size);
                    }
                    Some((
                        copy,
                        30_000 + (air_us as f64 * rng.uniform(0.0, 0.5)) as i64,
                    ))
                }
                Some(_) => None,
                None => {
                    if self.delivered.is_none() && dest == Some(receiver) {
                        self.delivered = Some(index);
                    }
                    None
                }
            },
            Travel::Trace { route } => match route.get(heard.hops) {
                Some(&next) if next == receiver => {
                    let mut copy = child(&heard, arrival.copy, receiver);
                    if let Some(slot) = copy.path.get_mut(copy.path_len) {
                        *slot = arrival.signal.snr_quarter_db as u8;
                        copy.path_len += 1;
                    }
                    Some((
                        copy,
                        30_000 + (air_us as f64 * rng.uniform(0.0, 0.5)) as i64,
                    ))
                }
                Some(_) => None,
                None => {
                    if self.delivered.is_none() && receiver == run.origin {
                        self.delivered = Some(index);
                    }
                    None
                }
            },
        };
        if let Some((copy, delay_us)) = forward {
            let start_us = arrival.at_us + delay_us;
            self.launch(Copy { start_us, ..copy }, run.len);
        }
    }
}

/// A copy of `heard` (copy `parent`) forwarded by `sender`: one hop further, with the same path for the
/// caller to extend (or rewrite).
fn child(heard: &Copy, parent: usize, sender: usize) -> Copy {
    Copy {
        sender,
        start_us: 0,
        parent: Some(parent),
        hops: heard.hops + 1,
        ..*heard
    }
}

/// Appends the first `hash_size` bytes of `node`'s key to the copy's path (a full path is left as it is).
fn push_hash(copy: &mut Copy, mesh: &Mesh, node: usize, hash_size: usize) {
    let Some(node) = mesh.nodes().get(node) else {
        return;
    };
    let key = node.public_key();
    let end = copy.path_len + hash_size;
    if let (Some(slot), Some(hash)) = (copy.path.get_mut(copy.path_len..end), key.get(..hash_size))
    {
        slot.copy_from_slice(hash);
        copy.path_len = end;
    }
}
