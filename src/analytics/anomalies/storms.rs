//! Storms: transmissions heard over at least `storm_paths` distinct paths. Distinct paths and observers are
//! counted with a mark per path and per observer (the walk that last set it), without sorting.

use super::Storm;
use crate::store::hasher::FastMap;
use crate::store::{Store, TxId};

/// Marks for counting distinct paths and observers, reused across walks.
#[derive(Debug, Clone, Default)]
pub(super) struct Marks {
    walk: u32,
    paths: Vec<u32>,
    observers: Vec<u32>,
}

impl Marks {
    /// The distinct paths and observers of `tx`'s observations.
    pub(super) fn count(&mut self, store: &Store, tx: TxId) -> (usize, usize) {
        self.paths.resize(store.paths().len(), 0);
        self.observers.resize(store.observers().len(), 0);
        self.walk = match self.walk.checked_add(1) {
            Some(walk) => walk,
            None => {
                self.paths.fill(0);
                self.observers.fill(0);
                1
            }
        };
        let mark = self.walk;
        let observations = store.observations();
        let (mut paths, mut observers) = (0, 0);
        for id in store.observations_of(tx) {
            if let Some(slot) = observations
                .path(id)
                .and_then(|p| self.paths.get_mut(p.index()))
                && *slot != mark
            {
                *slot = mark;
                paths += 1;
            }
            if let Some(slot) = observations
                .observer(id)
                .and_then(|o| self.observers.get_mut(o.index()))
                && *slot != mark
            {
                *slot = mark;
                observers += 1;
            }
        }
        (paths, observers)
    }
}

/// The storms among `found` (transmission to distinct paths and observers), most paths first (at most
/// `top`), and how many there are.
pub(super) fn ranked_storms(
    store: &Store,
    found: &FastMap<u32, (usize, usize)>,
    top: usize,
) -> (Vec<Storm>, usize) {
    let txs = store.transmissions();
    // (paths, observers, first seen, transmission)
    let mut ranked: Vec<(usize, usize, i64, TxId)> = found
        .iter()
        .map(|(&tx, &(paths, observers))| {
            let tx = TxId(tx);
            (paths, observers, txs.first_seen(tx).unwrap_or(0), tx)
        })
        .collect();
    let count = ranked.len();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.2.cmp(&b.2)).then(a.3.cmp(&b.3)));
    ranked.truncate(top);
    let storms = ranked
        .into_iter()
        .map(|(paths, observers, first_seen_ms, tx)| Storm {
            hash: txs.hash(tx).map(|h| h.to_string()).unwrap_or_default(),
            payload_type: txs.payload_type(tx).map_or("UNKNOWN", |t| t.name()),
            paths,
            observations: txs.observation_count(tx).unwrap_or(0),
            observers,
            first_seen_ms,
        })
        .collect();
    (storms, count)
}
