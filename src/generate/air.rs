//! From transmissions to observations: [`Air::send`] runs a transmission's propagation, encodes the copies
//! that observers heard (with the protocol encoder, so every byte is firmware-valid) and queues one
//! observation per hearing; [`Air::pop`] hands them out in time order.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::mesh::Mesh;
use super::propagate::{Arrival, Launch, Propagation, Travel};
use super::radio::Signal;
use super::rng::Rng;
use crate::protocol::{
    MAX_PACKET_LEN, PacketHash, PacketRepr, PathLen, PayloadRepr, PayloadType, Result, Route,
    encode_packet,
};

/// What a transmission carries, owned: how it is routed and its payload bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// Route type and transport codes.
    pub route: Route,
    /// The payload type.
    pub payload_type: PayloadType,
    /// The emitted payload.
    pub payload: Vec<u8>,
}

impl Frame {
    /// The frame of `payload` sent with `route`.
    pub fn new(route: Route, payload: &PayloadRepr<'_>) -> Frame {
        let mut bytes = vec![0; payload.buffer_len()];
        payload.emit(&mut bytes);
        Frame {
            route,
            payload_type: payload.payload_type(),
            payload: bytes,
        }
    }

    /// Bytes of the packet without its path: header, transport codes, `path_len` and payload.
    fn len_without_path(&self) -> usize {
        let codes = if self.route.transport_codes().is_some() {
            4
        } else {
            0
        };
        2 + codes + self.payload.len()
    }
}

/// Who sends a frame, when, how, and whose first arrival is wanted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sending<'t> {
    /// The originating node.
    pub origin: usize,
    /// When, µs.
    pub at_us: i64,
    /// How it travels.
    pub travel: Travel<'t>,
    /// A node whose first arrival is wanted.
    pub watch: Option<usize>,
}

/// One hearing of a copy by an observer, as [`Simulation::next_heard`](super::Simulation::next_heard) hands
/// it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heard<'a> {
    /// When the observer logged it, by the observer's clock (true time plus its offset), µs.
    pub timestamp_us: i64,
    /// When it was logged in true time, µs.
    pub true_us: i64,
    /// The observer (an index into [`Mesh::observers`]).
    pub observer: usize,
    /// SNR and RSSI of the last link.
    pub signal: Signal,
    /// The packet as heard.
    pub packet: &'a [u8],
    /// Its firmware packet hash.
    pub hash: PacketHash,
    /// Its payload type.
    pub payload_type: PayloadType,
    /// The node that transmitted this copy.
    pub transmitter: usize,
    /// The node that originated the transmission.
    pub origin: usize,
    /// The transmission's number, in the order transmissions were sent (0-based).
    pub transmission: u32,
    /// Whether this is a redelivery of the observation just before it.
    pub duplicate: bool,
}

/// A queued observation.
#[derive(Debug, Clone)]
struct Pending {
    timestamp_us: i64,
    true_us: i64,
    observer: usize,
    signal: Signal,
    hash: PacketHash,
    payload_type: PayloadType,
    transmitter: usize,
    origin: usize,
    transmission: u32,
    duplicate: bool,
    len: usize,
    bytes: [u8; MAX_PACKET_LEN],
}

/// An unused slot.
const EMPTY: Pending = Pending {
    timestamp_us: 0,
    true_us: 0,
    observer: 0,
    signal: Signal {
        snr_quarter_db: 0,
        rssi_dbm: 0,
    },
    hash: PacketHash([0; 8]),
    payload_type: PayloadType::Req,
    transmitter: 0,
    origin: 0,
    transmission: 0,
    duplicate: false,
    len: 0,
    bytes: [0; MAX_PACKET_LEN],
};

/// What one transmission reached: the arrival at a destination, with the path it came by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// When it arrived, µs.
    pub at_us: i64,
    /// The repeaters it went through, first hop first.
    pub relays: Vec<usize>,
    /// The path bytes of the copy that arrived.
    pub path: Vec<u8>,
    /// How the destination heard it.
    pub signal: Signal,
}

/// The air: propagation, the queue of observations, and which observers' hearings are kept.
#[derive(Debug, Clone)]
pub struct Air {
    propagation: Propagation,
    recorded: Vec<bool>,
    duplicate_rate: f64,
    transmissions: u32,
    heap: BinaryHeap<(Reverse<i64>, Reverse<u64>, usize)>,
    slots: Vec<Pending>,
    free: Vec<usize>,
    sequence: u64,
    copy_ranges: Vec<Option<(usize, usize)>>,
    scratch: Vec<u8>,
}

impl Air {
    /// An empty air keeping the hearings of the observers in `recorded` (indices into the mesh's observers).
    pub fn new(mesh: &Mesh, recorded: &[usize], duplicate_rate: f64) -> Air {
        let mut keep = vec![false; mesh.observers().len()];
        for &observer in recorded {
            if let Some(slot) = keep.get_mut(observer) {
                *slot = true;
            }
        }
        Air {
            propagation: Propagation::default(),
            recorded: keep,
            duplicate_rate,
            transmissions: 0,
            heap: BinaryHeap::new(),
            slots: Vec::new(),
            free: Vec::new(),
            sequence: 0,
            copy_ranges: Vec::new(),
            scratch: Vec::new(),
        }
    }

    /// Transmissions sent so far.
    pub fn transmissions(&self) -> u32 {
        self.transmissions
    }

    /// The propagation of the last transmission sent.
    pub fn last(&self) -> &Propagation {
        &self.propagation
    }

    /// Sends `frame` as `sending` says, queues what observers heard, and returns the transmission's number. Every observer's hearing draws the same random numbers whether it is recorded
    /// or not, so the recorded set never changes the rest of the traffic.
    pub fn send(
        &mut self,
        mesh: &Mesh,
        rng: &mut Rng,
        frame: &Frame,
        sending: Sending<'_>,
    ) -> Result<u32> {
        let Sending {
            origin,
            at_us,
            travel,
            watch,
        } = sending;
        let payload = PayloadRepr::parse(frame.payload_type, &frame.payload)?;
        let hash_size = match travel {
            Travel::Flood { hash_size, .. } | Travel::Direct { hash_size, .. } => hash_size,
            Travel::Trace { .. } => 1,
        };
        let transmission = self.transmissions;
        self.transmissions += 1;
        let launch = Launch {
            origin,
            start_us: at_us,
            len: frame.len_without_path(),
            travel,
            watch,
        };
        self.propagation.run(mesh, rng, &launch);
        self.scratch.clear();
        self.copy_ranges.clear();
        self.copy_ranges.resize(self.propagation.copies.len(), None);
        let fixed_hash = PacketHash::compute(frame.payload_type, PathLen(0), &frame.payload);
        let mut failure = None;
        for index in 0..self.propagation.arrivals.len() {
            let arrival = self.propagation.arrivals[index];
            let Some(observer) = mesh.observer_of(arrival.receiver) else {
                continue;
            };
            let latency_us = rng.between(0, 25_000);
            let duplicate = rng.chance(self.duplicate_rate);
            if !self.recorded.get(observer).copied().unwrap_or(false) {
                continue;
            }
            let copy = self.propagation.copies[arrival.copy];
            let range = match self.copy_ranges[arrival.copy] {
                Some(range) => range,
                None => {
                    let start = self.scratch.len();
                    let repr = PacketRepr::with_path(frame.route, hash_size, copy.path(), payload)
                        .and_then(|repr| encode_packet(&repr, &mut self.scratch));
                    if let Err(error) = repr {
                        failure = Some(error);
                        continue;
                    }
                    self.copy_ranges[arrival.copy] = Some((start, self.scratch.len()));
                    (start, self.scratch.len())
                }
            };
            let hash = if frame.payload_type == PayloadType::Trace {
                PacketHash::compute(
                    PayloadType::Trace,
                    PathLen(copy.path().len() as u8),
                    &frame.payload,
                )
            } else {
                fixed_hash
            };
            let true_us = arrival.at_us + latency_us;
            let offset_us = mesh
                .observers()
                .get(observer)
                .map_or(0, |o| o.clock_offset_ms * 1000);
            let Some(bytes) = self.scratch.get(range.0..range.1) else {
                continue;
            };
            for duplicate in [false, true].into_iter().take(1 + usize::from(duplicate)) {
                let slot = self.free.pop().unwrap_or_else(|| {
                    self.slots.push(EMPTY);
                    self.slots.len() - 1
                });
                let Some(pending) = self.slots.get_mut(slot) else {
                    continue;
                };
                pending.timestamp_us = true_us + offset_us;
                pending.true_us = true_us;
                pending.observer = observer;
                pending.signal = arrival.signal;
                pending.hash = hash;
                pending.payload_type = frame.payload_type;
                pending.transmitter = copy.sender;
                pending.origin = origin;
                pending.transmission = transmission;
                pending.duplicate = duplicate;
                pending.len = bytes.len();
                if let Some(out) = pending.bytes.get_mut(..bytes.len()) {
                    out.copy_from_slice(bytes);
                }
                self.heap
                    .push((Reverse(true_us), Reverse(self.sequence), slot));
                self.sequence += 1;
            }
        }
        match failure {
            Some(error) => Err(error),
            None => Ok(transmission),
        }
    }

    /// The first arrival of the last transmission at `node`, any copy: how a flood first reached it.
    pub fn first_arrival(&self, node: usize) -> Option<Delivery> {
        let propagation = &self.propagation;
        self.delivery_of(propagation.first_arrival(node)?)
    }

    /// The arrival that delivered the last direct packet to its destination (a trace: back to its
    /// originator).
    pub fn delivered(&self) -> Option<Delivery> {
        let propagation = &self.propagation;
        self.delivery_of(propagation.arrivals.get(propagation.delivered?)?)
    }

    fn delivery_of(&self, arrival: &Arrival) -> Option<Delivery> {
        let copy = self.propagation.copies.get(arrival.copy)?;
        Some(Delivery {
            at_us: arrival.at_us,
            relays: self.propagation.relays(arrival.copy),
            path: copy.path().to_vec(),
            signal: arrival.signal,
        })
    }

    /// The true time of the earliest queued observation.
    pub fn next_time(&self) -> Option<i64> {
        self.heap.peek().map(|(Reverse(time), _, _)| *time)
    }

    /// Takes the earliest queued observation out of the queue; it stays readable through [`Air::heard`]
    /// until [`Air::release`].
    pub fn pop(&mut self) -> Option<usize> {
        self.heap.pop().map(|(_, _, slot)| slot)
    }

    /// The observation in `slot`.
    pub fn heard(&self, slot: usize) -> Option<Heard<'_>> {
        let pending = self.slots.get(slot)?;
        Some(Heard {
            timestamp_us: pending.timestamp_us,
            true_us: pending.true_us,
            observer: pending.observer,
            signal: pending.signal,
            packet: pending.bytes.get(..pending.len)?,
            hash: pending.hash,
            payload_type: pending.payload_type,
            transmitter: pending.transmitter,
            origin: pending.origin,
            transmission: pending.transmission,
            duplicate: pending.duplicate,
        })
    }

    /// Frees `slot` for reuse.
    pub fn release(&mut self, slot: usize) {
        self.free.push(slot);
    }
}
