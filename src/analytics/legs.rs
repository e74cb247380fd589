//! The radio legs of a resolved path: consecutive points on air (originator, hops, observer) whose nodes are
//! decided and located, with their great-circle length. Shared by [`packet_detail`](mod@super::packet_detail) and
//! [`distance`](mod@super::distance).
//!
//! Difference from CoreScope (`computeDistancesForTx`): a hop without a decided, located node breaks the chain
//! instead of being skipped, so a leg always joins two radios that heard each other directly; CoreScope's
//! chain skips such hops and measures between radios that were never adjacent on air.

use crate::analytics::resolve::{PathContext, ResolvedPath, Resolver, Vertex};
use crate::store::{NodeId, ObsId, Store, TxId};

/// Each transmission's longest-path observation with its hop count, in observation order: reading the
/// observation columns in that order is a forward sweep, where transmission order would jump about 1.3 M
/// rows at random (a cache miss per column per transmission).
pub fn longest_in_observation_order(store: &Store) -> Vec<(ObsId, TxId, u8)> {
    let txs = store.transmissions();
    let mut longest: Vec<(ObsId, TxId, u8)> = (0..txs.len() as u32)
        .map(TxId)
        .filter_map(|tx| txs.longest_path(tx).map(|(hops, obs)| (obs, tx, hops)))
        .collect();
    longest.sort_unstable_by_key(|&(obs, _, _)| obs.0);
    longest
}

/// One leg between adjacent radios of a path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Leg {
    /// The sending end.
    pub from: NodeId,
    /// The receiving end.
    pub to: NodeId,
    /// The hop index of the receiving end, `None` when it is the observer.
    pub to_hop: Option<usize>,
    /// Great-circle length, km.
    pub km: f64,
    /// Both ends are known exactly (originator, observer node) or resolved confidently
    /// ([`HopResolution::confident`](crate::analytics::resolve::HopResolution::confident)).
    pub confident: bool,
}

/// Calls `f` with each leg of `path` (resolved in `context`) whose ends are decided and located, in path order.
/// Only a flood makes the originator adjacent to the first hop and the observer to the last (a DIRECT path
/// lists the hops still to go); a zero-hop flood with a located originator and observer node is one leg. A hop
/// repeated back to back (a likely prefix collision) makes no leg to itself.
pub fn legs(
    resolver: &Resolver,
    context: &PathContext,
    path: &ResolvedPath,
    mut f: impl FnMut(Leg),
) {
    let flood = context.route.is_flood();
    let originator = context.originator.filter(|_| flood);
    let observer = context
        .observer
        .map(|observer| resolver.observer_vertex(observer))
        .and_then(|vertex| match vertex {
            Vertex::Node(node) => Some(node),
            Vertex::Observer(_) => None,
        })
        .filter(|_| flood);
    // The previous point: its node (if decided) and whether it is confident.
    let mut previous: Option<(NodeId, bool)> = originator.map(|node| (node, true));
    let mut step = |previous: &mut Option<(NodeId, bool)>, next: Option<(NodeId, bool)>, to_hop| {
        if let (Some((from, from_sure)), Some((to, to_sure))) = (*previous, next)
            && from != to
            && let (Some(a), Some(b)) = (resolver.spot(from), resolver.spot(to))
        {
            f(Leg {
                from,
                to,
                to_hop,
                km: a.km_to(&b),
                confident: from_sure && to_sure,
            });
        }
        *previous = next;
    };
    for (index, hop) in path.hops().iter().enumerate() {
        let next = hop.node.map(|node| (node, hop.confident().is_some()));
        step(&mut previous, next, Some(index));
    }
    if let Some(observer) = observer {
        step(&mut previous, Some((observer, true)), None);
    }
}
