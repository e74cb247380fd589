//! Storms: transmissions heard over at least `storm_paths` distinct paths. Only the transmissions with that
//! many observations are walked, and distinct paths and observers are counted with a mark per path and per
//! observer (the transmission that last set it), without sorting.

use super::{AnomalyOptions, Storm};
use crate::store::{Store, TxId};

/// The storms, most paths first (at most `top`), and how many there are.
pub(super) fn storms(store: &Store, options: &AnomalyOptions) -> (Vec<Storm>, usize) {
    let txs = store.transmissions();
    let observations = store.observations();
    let threshold = options.storm_paths.max(1);
    // Marks: the transmission id plus one that last counted this path or observer.
    let mut path_mark: Vec<u32> = vec![0; store.paths().len()];
    let mut observer_mark: Vec<u32> = vec![0; store.observers().len()];
    // (paths, observers, first seen, transmission)
    let mut found: Vec<(usize, usize, i64, TxId)> = Vec::new();
    for tx in (0..txs.len() as u32).map(TxId) {
        let count = txs.observation_count(tx).unwrap_or(0);
        if (count as usize) < threshold {
            continue;
        }
        let mark = tx.0 + 1;
        let (mut paths, mut observers) = (0, 0);
        for id in store.observations_of(tx) {
            if let Some(slot) = observations
                .path(id)
                .and_then(|p| path_mark.get_mut(p.index()))
                && *slot != mark
            {
                *slot = mark;
                paths += 1;
            }
            if let Some(slot) = observations
                .observer(id)
                .and_then(|o| observer_mark.get_mut(o.index()))
                && *slot != mark
            {
                *slot = mark;
                observers += 1;
            }
        }
        if paths >= threshold {
            found.push((paths, observers, txs.first_seen(tx).unwrap_or(0), tx));
        }
    }
    let count = found.len();
    found.sort_by(|a, b| b.0.cmp(&a.0).then(a.2.cmp(&b.2)).then(a.3.cmp(&b.3)));
    found.truncate(options.top);
    let storms = found
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
