//! Storms: transmissions heard over at least `storm_paths` distinct paths. Only the transmissions with that
//! many observations are walked.

use super::{AnomalyOptions, Storm};
use crate::store::{Store, TxId};

/// The storms, most paths first (at most `top`), and how many there are.
pub(super) fn storms(store: &Store, options: &AnomalyOptions) -> (Vec<Storm>, usize) {
    let txs = store.transmissions();
    let observations = store.observations();
    let threshold = options.storm_paths.max(1);
    let mut found: Vec<Storm> = Vec::new();
    let (mut paths, mut observers) = (Vec::new(), Vec::new());
    for tx in (0..txs.len() as u32).map(TxId) {
        let count = txs.observation_count(tx).unwrap_or(0);
        if (count as usize) < threshold {
            continue;
        }
        paths.clear();
        observers.clear();
        for id in store.observations_of(tx) {
            paths.extend(observations.path(id).map(|p| p.0));
            observers.extend(observations.observer(id).map(|o| o.0));
        }
        paths.sort_unstable();
        paths.dedup();
        if paths.len() < threshold {
            continue;
        }
        observers.sort_unstable();
        observers.dedup();
        found.push(Storm {
            hash: txs.hash(tx).map(|h| h.to_string()).unwrap_or_default(),
            payload_type: txs.payload_type(tx).map_or("UNKNOWN", |t| t.name()),
            paths: paths.len(),
            observations: count,
            observers: observers.len(),
            first_seen_ms: txs.first_seen(tx).unwrap_or(0),
        });
    }
    let count = found.len();
    found.sort_by(|a, b| {
        b.paths
            .cmp(&a.paths)
            .then(a.first_seen_ms.cmp(&b.first_seen_ms))
            .then(a.hash.cmp(&b.hash))
    });
    found.truncate(options.top);
    (found, count)
}
