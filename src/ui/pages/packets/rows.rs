//! Which packet is at which row of the list: the base rows (every transmission or observation, or the ids a
//! filter matched), newest first, with the observations of expanded transmissions inserted under them.
//! Everything is an index lookup: no list of all rows is built.

use std::rc::Rc;

use crate::filter::Mode;
use crate::store::{ObsId, Store, TxId};

/// The base rows, newest first.
#[derive(Debug, Clone, PartialEq)]
pub enum Rows {
    /// The first `count` transmissions of the store's time order: row `i` is `by_time[count - 1 - i]`.
    AllTransmissions(usize),
    /// The first `count` observations: row `i` is observation `count - 1 - i`.
    AllObservations(usize),
    /// The ids a filter matched, in [`Matcher::ids`](crate::filter::Matcher::ids) order: row `i` is
    /// `ids[len - 1 - i]`.
    Matched(Mode, Rc<Vec<u32>>),
    /// A filter's first scan is still running.
    Pending,
}

/// What one row shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// A transmission with all its observations.
    Transmission(TxId),
    /// One observation (one row per observation).
    Observation(ObsId),
    /// Observation `nth` (newest first) of an expanded transmission, under it.
    Heard {
        /// The transmission.
        tx: TxId,
        /// The observation.
        obs: ObsId,
    },
}

impl Row {
    /// The transmission shown.
    pub fn tx(self, store: &Store) -> Option<TxId> {
        match self {
            Row::Transmission(tx) | Row::Heard { tx, .. } => Some(tx),
            Row::Observation(obs) => store.observations().tx(obs),
        }
    }

    /// The observation shown, if the row is one.
    pub fn obs(self) -> Option<ObsId> {
        match self {
            Row::Transmission(_) => None,
            Row::Observation(obs) | Row::Heard { obs, .. } => Some(obs),
        }
    }
}

impl Rows {
    /// The number of rows.
    pub fn len(&self) -> usize {
        match self {
            Rows::AllTransmissions(count) | Rows::AllObservations(count) => *count,
            Rows::Matched(_, ids) => ids.len(),
            Rows::Pending => 0,
        }
    }

    /// Row `index`.
    pub fn get(&self, store: &Store, index: usize) -> Option<Row> {
        let from_end = |len: usize| len.checked_sub(index + 1);
        match self {
            Rows::AllTransmissions(count) => {
                let at = from_end(*count)?;
                store.by_time().get(at).copied().map(Row::Transmission)
            }
            Rows::AllObservations(count) => Some(Row::Observation(ObsId(from_end(*count)? as u32))),
            Rows::Matched(mode, ids) => {
                let id = *ids.get(from_end(ids.len())?)?;
                Some(match mode {
                    Mode::Transmissions => Row::Transmission(TxId(id)),
                    Mode::Observations => Row::Observation(ObsId(id)),
                })
            }
            Rows::Pending => None,
        }
    }

    /// The row of transmission `tx`, when these are transmission rows and it is among them.
    fn index_of(&self, store: &Store, tx: TxId) -> Option<usize> {
        let key = |id: TxId| (store.transmissions().first_seen(id), id);
        let wanted = key(tx);
        let (position, len) = match self {
            Rows::AllTransmissions(count) => {
                let order = store.by_time().get(..*count)?;
                let p = order.partition_point(|&id| key(id) < wanted);
                (order.get(p) == Some(&tx)).then_some((p, order.len()))?
            }
            Rows::Matched(Mode::Transmissions, ids) => {
                let p = ids.partition_point(|&id| key(TxId(id)) < wanted);
                (ids.get(p) == Some(&tx.0)).then_some((p, ids.len()))?
            }
            _ => return None,
        };
        Some(len - 1 - position)
    }
}

/// The rows with expanded transmissions' observations inserted under them.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    rows: Rows,
    /// Per expanded transmission, in row order: its base row and how many observations follow it.
    inserts: Vec<(usize, TxId, usize)>,
}

impl Layout {
    /// `rows` with the observations of `expanded` (those among the rows) under them.
    pub fn new(store: &Store, rows: Rows, expanded: &[TxId]) -> Layout {
        let mut inserts: Vec<(usize, TxId, usize)> = expanded
            .iter()
            .filter_map(|&tx| {
                let index = rows.index_of(store, tx)?;
                let count = store.transmissions().observation_count(tx)? as usize;
                Some((index, tx, count))
            })
            .collect();
        inserts.sort_unstable();
        Layout { rows, inserts }
    }

    /// `rows` with nothing expanded.
    pub fn new_empty(rows: Rows) -> Layout {
        Layout {
            rows,
            inserts: Vec::new(),
        }
    }

    /// The number of rows shown.
    pub fn len(&self) -> usize {
        self.rows.len()
            + self
                .inserts
                .iter()
                .map(|&(_, _, count)| count)
                .sum::<usize>()
    }

    /// Row `index` as shown.
    pub fn get(&self, store: &Store, index: usize) -> Option<Row> {
        let mut inserted = 0;
        for &(base, tx, count) in &self.inserts {
            let at = base + inserted;
            if index <= at {
                break;
            }
            if index <= at + count {
                let obs = store.observations_of(tx).nth(index - at - 1)?;
                return Some(Row::Heard { tx, obs });
            }
            inserted += count;
        }
        self.rows.get(store, index - inserted)
    }
}
