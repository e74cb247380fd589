//! Silent repeaters: nodes advertised as repeaters whose 1-, 2- and 3-byte key prefixes appear in no path.

use super::{AnomalyOptions, SilentRepeater, hashes};
use crate::store::{NodeId, Store};
use crate::{hex, protocol};

/// The silent repeaters, most adverts first (at most `top`), and how many there are.
pub(super) fn silent_repeaters(
    store: &Store,
    options: &AnomalyOptions,
) -> (Vec<SilentRepeater>, usize) {
    let hops = &store.indexes().hop;
    let mut silent: Vec<(u32, NodeId)> = store
        .nodes()
        .iter()
        .filter(|(_, node)| node.role == Some(protocol::Role::Repeater))
        .filter(|(_, node)| {
            (1..=3).all(|size| {
                node.public_key
                    .get(..size)
                    .is_none_or(|prefix| hops.get(prefix).is_none())
            })
        })
        .map(|(id, node)| (node.adverts, id))
        .collect();
    let count = silent.len();
    silent.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    silent.truncate(options.top);
    let out = silent
        .into_iter()
        .filter_map(|(_, id)| {
            let node = store.nodes().get(id)?;
            let adverts = store.txs_by_originator(id);
            let start = adverts.len().saturating_sub(options.evidence);
            Some(SilentRepeater {
                public_key: hex::encode_lower(&node.public_key),
                name: node.name.and_then(|n| store.string(n)).map(str::to_owned),
                adverts: node.adverts,
                last_advert_ms: node.latest_advert_ms,
                evidence: hashes(store, adverts.get(start..).unwrap_or_default()),
            })
        })
        .collect();
    (out, count)
}
