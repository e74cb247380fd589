//! When things happen: each node's advert timers, and conversations as a Poisson process whose rate follows
//! a daily curve (quiet at night, busiest in the evening, in the centre's solar time).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::{World, advert, channel, control, direct, trace};

/// Relative activity per local hour, midnight first.
const DAILY_CURVE: [f64; 24] = [
    0.30, 0.20, 0.15, 0.10, 0.10, 0.15, 0.35, 0.60, 0.80, 0.90, 1.00, 1.00, 1.05, 1.00, 0.95, 0.95,
    1.00, 1.10, 1.25, 1.35, 1.30, 1.10, 0.80, 0.50,
];

/// Relative frequency of each conversation kind, in the order of [`Conversation`].
const KIND_WEIGHTS: [f64; 6] = [45.0, 20.0, 12.0, 4.0, 6.0, 4.0];

/// A conversation kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Conversation {
    Channel,
    DirectMessage,
    Request,
    Login,
    Trace,
    Discover,
}

const KINDS: [Conversation; 6] = [
    Conversation::Channel,
    Conversation::DirectMessage,
    Conversation::Request,
    Conversation::Login,
    Conversation::Trace,
    Conversation::Discover,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Event {
    FloodAdvert(usize),
    ZeroHopAdvert(usize),
    Conversation,
}

/// The timers, earliest first.
#[derive(Debug, Clone)]
pub struct Schedule {
    heap: BinaryHeap<(Reverse<i64>, Reverse<u64>, Event)>,
    sequence: u64,
    end_us: i64,
    timezone_hours: i64,
    peak_rate_per_us: f64,
}

impl Schedule {
    /// Every node's first adverts (at random phases) and the first conversation.
    pub fn new(world: &mut World<'_>) -> Schedule {
        let traffic = &world.traffic;
        let start_us = traffic.start_ms * 1000;
        let mean = DAILY_CURVE.iter().sum::<f64>() / 24.0;
        let peak = DAILY_CURVE.iter().copied().fold(0.0, f64::max);
        let mut schedule = Schedule {
            heap: BinaryHeap::new(),
            sequence: 0,
            end_us: traffic.end_ms() * 1000,
            timezone_hours: (world.mesh.options().centre.1 / 15.0).round() as i64,
            peak_rate_per_us: traffic.conversations_per_hour.max(0.0) * peak / mean / 3.6e9,
        };
        for node in 0..world.mesh.nodes().len() {
            if let Some(interval) = schedule.advert_interval_us(world, node, false) {
                let at = start_us + (interval as f64 * world.rng.unit()) as i64;
                schedule.push(at, Event::FloodAdvert(node));
            }
            if let Some(interval) = schedule.advert_interval_us(world, node, true) {
                let at = start_us + (interval as f64 * world.rng.unit()) as i64;
                schedule.push(at, Event::ZeroHopAdvert(node));
            }
        }
        if let Some(at) = schedule.next_conversation(world, start_us) {
            schedule.push(at, Event::Conversation);
        }
        schedule
    }

    /// When the next event happens, if before the end.
    pub fn next_time(&self) -> Option<i64> {
        self.heap
            .peek()
            .map(|(Reverse(at), _, _)| *at)
            .filter(|at| *at < self.end_us)
    }

    /// Runs the next event and sets its timer again. An exchange that fails to build is counted in the
    /// records, never silently dropped.
    pub fn run_next(&mut self, world: &mut World<'_>) {
        let Some((Reverse(at), _, event)) = self.heap.pop() else {
            return;
        };
        let result = match event {
            Event::FloodAdvert(node) => advert::flood(world, node, at),
            Event::ZeroHopAdvert(node) => advert::zero_hop(world, node, at),
            Event::Conversation => match KINDS[world.rng.weighted(&KIND_WEIGHTS)] {
                Conversation::Channel => channel::message(world, at),
                Conversation::DirectMessage => direct::text_message(world, at),
                Conversation::Request => direct::request(world, at),
                Conversation::Login => direct::login(world, at),
                Conversation::Trace => trace::trace(world, at),
                Conversation::Discover => control::discover(world, at),
            },
        };
        if result.is_err() {
            world.records.build_errors += 1;
        }
        let next = match event {
            Event::FloodAdvert(node) => self.again(world, node, at, false),
            Event::ZeroHopAdvert(node) => self.again(world, node, at, true),
            Event::Conversation => self.next_conversation(world, at),
        };
        if let Some(next) = next {
            self.push(next, event);
        }
    }

    fn push(&mut self, at: i64, event: Event) {
        self.heap.push((Reverse(at), Reverse(self.sequence), event));
        self.sequence += 1;
    }

    /// The mean advert interval of `node`, µs: flood adverts for every node, zero-hop adverts for repeaters.
    fn advert_interval_us(&self, world: &World<'_>, node: usize, zero_hop: bool) -> Option<i64> {
        let repeater = world.mesh.nodes().get(node)?.is_repeater();
        let traffic = &world.traffic;
        let seconds = match (zero_hop, repeater) {
            (true, true) => traffic.zero_hop_advert_interval_s,
            (true, false) => return None,
            (false, true) => traffic.repeater_advert_interval_s,
            (false, false) => traffic.client_advert_interval_s,
        };
        (seconds.is_finite() && seconds > 0.0).then_some((seconds * 1e6) as i64)
    }

    fn again(&self, world: &mut World<'_>, node: usize, at: i64, zero_hop: bool) -> Option<i64> {
        let interval = self.advert_interval_us(world, node, zero_hop)?;
        Some(at + (interval as f64 * world.rng.uniform(0.8, 1.2)) as i64)
    }

    /// The next conversation after `after`: Poisson at the peak rate, thinned by the daily curve.
    fn next_conversation(&self, world: &mut World<'_>, after: i64) -> Option<i64> {
        if self.peak_rate_per_us <= 0.0 {
            return None;
        }
        let peak = DAILY_CURVE.iter().copied().fold(0.0, f64::max);
        let mut at = after;
        loop {
            at += (world.rng.exponential(1.0 / self.peak_rate_per_us).ceil() as i64).max(1);
            if at >= self.end_us {
                return None;
            }
            let hour = (at.div_euclid(3_600_000_000) + self.timezone_hours).rem_euclid(24) as usize;
            if world.rng.chance(DAILY_CURVE[hour] / peak) {
                return Some(at);
            }
        }
    }
}
