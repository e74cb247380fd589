//! The most common hop hashes in observed paths.

use super::per_node::name;
use crate::hex;
use crate::store::Store;
use crate::store::index::HopHash;
use serde::Serialize;

/// Hop hashes listed in [`HashSizes::top_hops`](super::HashSizes::top_hops).
pub const TOP_HOPS: usize = 50;

/// One hop hash and how often it was heard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopHop {
    /// The hop hash, upper-case hex (2, 4 or 6 digits).
    pub hop: String,
    /// Its size in bytes: the path hash size of the packets it was in.
    pub size: usize,
    /// Transmissions whose observed paths hold it.
    pub transmissions: usize,
    /// Observations whose paths hold it.
    pub observations: u64,
    /// Known nodes whose public key starts with it (more than one: the hop is ambiguous).
    pub candidates: usize,
    /// The name of the only candidate, when there is exactly one.
    pub name: Option<String>,
}

/// The `limit` hop hashes in the most transmissions (ties by bytes), and the number of distinct hop hashes.
pub(super) fn top_hops(store: &Store, limit: usize) -> (Vec<TopHop>, usize) {
    let index = &store.indexes().hop;
    let mut counted: Vec<(usize, HopHash)> = index
        .iter()
        .map(|(hop, entry)| (entry.transmissions().len(), hop))
        .collect();
    let distinct = counted.len();
    let order = |a: &(usize, HopHash), b: &(usize, HopHash)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
    if counted.len() > limit && limit > 0 {
        counted.select_nth_unstable_by(limit - 1, order);
    }
    counted.truncate(limit);
    counted.sort_unstable_by(order);
    let top = counted
        .into_iter()
        .map(|(transmissions, hop)| {
            let bytes = hop.as_bytes();
            let candidates = store.candidates(bytes);
            let only = match candidates {
                [only] => store.node(*only).and_then(|node| name(store, node)),
                _ => None,
            };
            TopHop {
                hop: hex::encode_upper(bytes),
                size: hop.size(),
                transmissions,
                observations: index.get(bytes).map_or(0, |entry| entry.observations),
                candidates: candidates.len(),
                name: only,
            }
        })
        .collect();
    (top, distinct)
}
