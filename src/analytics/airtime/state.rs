//! [`AirtimeState`]: the exact sums behind an airtime snapshot, folded one observation at a time so that a
//! recompute reads only the observations added since the last one.

use super::hours::{HourTallies, Tally};
use super::{Airtime, AirtimeOptions, MAX_HOURS, RadioSettings, snapshot};
use crate::analytics::emitter::{
    PathFacts, Sender, extend_path_facts, length_without_path, originator, sender_of,
};
use crate::analytics::watermark::{Watermark, chunks_from};
use crate::protocol::{PayloadType, RouteType};
use crate::store::aggregates::HOUR_MS;
use crate::store::hasher::FastMap;
use crate::store::{Store, TxId};

/// No sender: in a per-path cache, not known yet; in an emission, none (unattributed).
pub(super) const NONE: u32 = u32::MAX;

/// One observer's hearings.
#[derive(Debug, Clone, Default)]
pub(super) struct ObserverSums {
    pub total: Tally,
    pub hours: HourTallies,
}

/// One sender's emissions (a sender is an originator or a last hop hash, before the node table says which
/// node it is).
#[derive(Debug, Clone)]
pub(super) struct SenderSums {
    pub sender: Sender,
    pub total: Tally,
    pub originated: Tally,
    pub hours: HourTallies,
}

/// One emission: a transmission sent over a path, counted once however many observers heard it.
#[derive(Debug, Clone, Copy)]
struct Emission {
    path: u32,
    sender: u32,
    tally: Tally,
}

/// The sums behind [`airtime`](super::airtime), kept between computes: [`update`](AirtimeState::update) folds
/// the observations added since the last call (all of them after an eviction or a clear, or when the radio
/// settings changed), [`snapshot`](AirtimeState::snapshot) turns senders into emitters with the nodes known
/// then. A snapshot equals [`airtime`](super::airtime) of the same store, however the observations arrived.
///
/// Cost: an update reads each new observation once (the first, of a whole store, is the full pass) and keeps
/// each transmission's emissions (a few words each); a snapshot is proportional to the observers, senders
/// and hours, not to the observations.
#[derive(Debug, Clone, Default)]
pub struct AirtimeState {
    pub(super) radio: Option<RadioSettings>,
    watermark: Watermark,
    facts: Vec<PathFacts>,
    /// By on-air length: payload symbols (lengths past 255 bytes are not counted, as before).
    symbols: Vec<u32>,
    /// By transmission: its length without its path (`u16::MAX` when its bytes do not parse).
    base: Vec<u16>,
    pub(super) heard: Tally,
    pub(super) attributed: Tally,
    pub(super) unattributed: Tally,
    pub(super) observers: Vec<ObserverSums>,
    pub(super) senders: Vec<SenderSums>,
    sender_index: FastMap<Sender, u32>,
    /// By path id: the sender of its flood copies with hops (`NONE` until seen).
    sender_of_path: Vec<u32>,
    /// By path id: the transmission (plus one) whose emission over it was counted last.
    path_mark: Vec<u32>,
    /// By transmission: its emissions.
    emissions: Vec<Vec<Emission>>,
    /// By transmission: the UTC hour its emissions count in (the hour it was first heard).
    tx_hour: Vec<i64>,
}

impl AirtimeState {
    /// A state that has read nothing.
    pub fn new() -> Self {
        AirtimeState::default()
    }

    /// Folds at most `limit` of the observations `store` gained since the last update with `radio` (starting
    /// again from the first if the store was evicted from, cleared, or is another store, or if `radio`
    /// differs from the last update's). Returns whether every observation of `store` is now folded.
    pub fn update(&mut self, store: &Store, radio: &RadioSettings, limit: usize) -> bool {
        if !self.watermark.continues(store) || self.radio != Some(*radio) {
            *self = AirtimeState::new();
            self.radio = Some(*radio);
            self.symbols = (0..=255).map(|len| radio.payload_symbols(len)).collect();
        }
        extend_path_facts(store, &mut self.facts);
        self.sender_of_path.resize(self.facts.len(), NONE);
        self.path_mark.resize(self.facts.len(), 0);
        let txs = store.transmissions();
        let known = self.base.len() as u32..txs.len() as u32;
        self.base.extend(known.map(|tx| {
            txs.raw(TxId(tx))
                .and_then(length_without_path)
                .map_or(u16::MAX, |len| len.min(usize::from(u16::MAX - 1)) as u16)
        }));
        self.emissions.resize(txs.len(), Vec::new());
        self.tx_hour.resize(txs.len(), i64::MIN);
        let observers = store.observers().len().max(self.observers.len());
        self.observers.resize(observers, ObserverSums::default());
        // Hours before the newest hour's window can never be in a snapshot again (the newest only moves on
        // until an eviction, which starts the state again).
        let floor = store.time_span().map_or(i64::MIN, |(_, last)| {
            last.div_euclid(HOUR_MS) - (MAX_HOURS - 1)
        });
        let start = self.watermark.observations();
        let end = start.saturating_add(limit).min(store.observation_count());
        let obs = store.observations();
        let columns = chunks_from(obs.tx_column(), start)
            .zip(chunks_from(obs.path_column(), start))
            .zip(chunks_from(obs.observer_column(), start))
            .zip(chunks_from(obs.time_column(), start))
            .flat_map(|(((txs, paths), observers), times)| {
                txs.iter().zip(paths).zip(observers).zip(times)
            })
            .take(end - start);
        for (((&tx, &path), &observer), &time) in columns {
            let Some(tally) = self.on_air(tx, path) else {
                continue;
            };
            self.heard.add(tally);
            if let Some(sums) = self.observers.get_mut(usize::from(observer)) {
                sums.total.add(tally);
                sums.hours.add(time.div_euclid(HOUR_MS), floor, tally);
            }
            let first_seen = txs.first_seen(TxId(tx)).unwrap_or(time);
            self.emit(
                store,
                tx,
                path,
                tally,
                first_seen.div_euclid(HOUR_MS),
                floor,
            );
        }
        for sums in &mut self.observers {
            sums.hours.prune(floor);
        }
        for sums in &mut self.senders {
            sums.hours.prune(floor);
        }
        self.watermark = Watermark::at(store, end);
        end == store.observation_count()
    }

    /// The tally of a hearing of `tx` over `path`: `None` when its length is not known.
    fn on_air(&self, tx: u32, path: u32) -> Option<Tally> {
        let base = *self.base.get(tx as usize)?;
        let fact = self.facts.get(path as usize)?;
        if base == u16::MAX {
            return None;
        }
        let symbols = *self
            .symbols
            .get(usize::from(base) + usize::from(fact.bytes))?;
        Some(Tally::one(symbols))
    }

    /// Counts the emission of `tx` over `path` unless counted before, in `hour` (its first hearing's); moves
    /// the transmission's emissions to `hour` if it was first heard earlier than they were counted at.
    fn emit(&mut self, store: &Store, tx: u32, path: u32, tally: Tally, hour: i64, floor: i64) {
        let Some(&counted_at) = self.tx_hour.get(tx as usize) else {
            return;
        };
        if counted_at != i64::MIN && counted_at != hour {
            self.move_emissions(tx, counted_at, hour, floor);
        }
        if let Some(at) = self.tx_hour.get_mut(tx as usize) {
            *at = hour;
        }
        let Some(mark) = self.path_mark.get_mut(path as usize) else {
            return;
        };
        if *mark == tx.wrapping_add(1) {
            return;
        }
        *mark = tx.wrapping_add(1);
        let Some(list) = self.emissions.get(tx as usize) else {
            return;
        };
        if list.iter().any(|emission| emission.path == path) {
            return;
        }
        let sender = self.sender(store, tx, path);
        if let Some(list) = self.emissions.get_mut(tx as usize) {
            list.push(Emission {
                path,
                sender,
                tally,
            });
        }
        let zero_hop = self.facts.get(path as usize).is_some_and(|f| f.hops == 0);
        match self.senders.get_mut(sender as usize) {
            Some(sums) => {
                self.attributed.add(tally);
                sums.total.add(tally);
                sums.hours.add(hour, floor, tally);
                if zero_hop {
                    sums.originated.add(tally);
                }
            }
            None => self.unattributed.add(tally),
        }
    }

    /// Moves the hourly tallies of `tx`'s emissions from hour `from` to hour `to`.
    fn move_emissions(&mut self, tx: u32, from: i64, to: i64, floor: i64) {
        let Some(list) = self.emissions.get(tx as usize) else {
            return;
        };
        for emission in list {
            if let Some(sums) = self.senders.get_mut(emission.sender as usize) {
                sums.hours.sub(from, emission.tally);
                sums.hours.add(to, floor, emission.tally);
            }
        }
    }

    /// The sender index of `tx`'s copies over `path` (registering a new sender), `NONE` for none.
    fn sender(&mut self, store: &Store, tx: u32, path: u32) -> u32 {
        let (Some(header), Some(&fact)) = (
            store.transmissions().header(TxId(tx)),
            self.facts.get(path as usize),
        ) else {
            return NONE;
        };
        let kind = PayloadType::from_header(header);
        let route = RouteType::from_header(header);
        let by_path = fact.hops > 0 && route.is_flood() && kind != PayloadType::Trace;
        let cached = self.sender_of_path.get(path as usize).copied();
        if by_path && let Some(sender) = cached.filter(|&sender| sender != NONE) {
            return sender;
        }
        let origin = if fact.hops == 0 {
            originator(store, TxId(tx), kind)
        } else {
            None
        };
        let Some(sender) = sender_of(kind, route, fact, origin) else {
            return NONE;
        };
        let next = self.senders.len() as u32;
        let index = *self.sender_index.entry(sender).or_insert(next);
        if index == next {
            self.senders.push(SenderSums {
                sender,
                total: Tally::default(),
                originated: Tally::default(),
                hours: HourTallies::default(),
            });
        }
        if by_path && let Some(cache) = self.sender_of_path.get_mut(path as usize) {
            *cache = index;
        }
        index
    }

    /// The snapshot of what was folded with `options` (whose radio should be the last update's), senders
    /// merged into emitters with `store`'s nodes as they are now. `store` is the store of the last
    /// [`update`](AirtimeState::update).
    pub fn snapshot(&self, store: &Store, options: &AirtimeOptions) -> Airtime {
        snapshot::snapshot(self, store, options)
    }

    /// Emissions counted.
    pub(super) fn emission_count(&self) -> u64 {
        self.attributed.packets + self.unattributed.packets
    }
}
