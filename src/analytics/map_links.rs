//! Links between located nodes for the map, from direct evidence only, until the neighbor graph
//! (`analytics::neighbors`) replaces it.
//!
//! Two kinds of evidence, each naming both ends by a full key or by a hop prefix that exactly one known node
//! has (a prefix several nodes share is never pinned on one):
//! - a zero-hop advert: the observer that heard it (when the observer's key is a known node) is the
//!   advertiser's neighbour;
//! - a transmission's longest observed path: consecutive hops are neighbours, and for a flood the originator
//!   (adverts, ANON_REQs) is the first hop's neighbour and the last hop the observer's.
//!
//! One pass over the transmissions (the longest path of each) and over the observations of adverts only.

use crate::protocol::{PayloadType, RouteType};
use crate::store::hasher::FastMap;
use crate::store::{NodeId, ObsId, Store, Subject, TxId};

/// What a link rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LinkSource {
    /// An advert heard with no hop by an observer that is a known node.
    ZeroHop,
    /// Adjacent entries of an observed path.
    Path,
}

/// Two nodes heard as neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapLink {
    /// One end (the lower id).
    pub a: NodeId,
    /// The other end.
    pub b: NodeId,
    /// Transmissions that show the link.
    pub transmissions: u32,
    /// The strongest evidence: zero-hop when any advert showed it.
    pub source: LinkSource,
}

/// Every link, by `(a, b)`.
pub fn map_links(store: &Store) -> Vec<MapLink> {
    let mut tally = LinkTally::default();
    for index in 0..store.transmission_count() {
        tally.add(store, TxId(index as u32));
    }
    tally.finish()
}

/// [`map_links`] a transmission at a time: [`add`](LinkTally::add) each, in any order, then
/// [`finish`](LinkTally::finish).
#[derive(Debug, Default)]
pub struct LinkTally {
    links: FastMap<(NodeId, NodeId), MapLink>,
}

impl LinkTally {
    /// Adds the links transmission `tx` shows; returns the observations it read (at least 1).
    pub fn add(&mut self, store: &Store, tx: TxId) -> usize {
        let txs = store.transmissions();
        let Some(kind) = txs.payload_type(tx) else {
            return 1;
        };
        let originator = match store.subject(tx) {
            Some(Subject::Node(node)) => Some(node),
            _ => None,
        };
        let mut read = 1;
        if kind == PayloadType::Advert
            && let Some(node) = originator
        {
            read += txs.observation_count(tx).unwrap_or(0) as usize;
            for neighbour in zero_hop_observers(store, tx) {
                self.link(node, neighbour, LinkSource::ZeroHop);
            }
        }
        let Some((_, obs)) = txs.longest_path(tx) else {
            return read;
        };
        let flood = txs.route_type(tx).is_some_and(RouteType::is_flood);
        let ends = flood.then(|| (originator, observer_node(store, obs)));
        path_links(store, obs, kind, ends, &mut |a, b, source| {
            self.link(a, b, source)
        });
        read
    }

    /// Every link added, by `(a, b)`.
    pub fn finish(self) -> Vec<MapLink> {
        let mut out: Vec<MapLink> = self.links.into_values().collect();
        out.sort_by_key(|link| (link.a, link.b));
        out
    }

    fn link(&mut self, x: NodeId, y: NodeId, source: LinkSource) {
        if x == y {
            return;
        }
        let (a, b) = if x.0 < y.0 { (x, y) } else { (y, x) };
        let link = self.links.entry((a, b)).or_insert(MapLink {
            a,
            b,
            transmissions: 0,
            source,
        });
        link.transmissions += 1;
        link.source = link.source.min(source);
    }
}

/// The known node that the observer of `obs` is.
fn observer_node(store: &Store, obs: ObsId) -> Option<NodeId> {
    let observer = store.observers().get(store.observations().observer(obs)?)?;
    store.node_by_key(observer.public_key.as_ref()?)
}

/// The observer nodes that heard advert `tx` with no hop.
fn zero_hop_observers(store: &Store, tx: TxId) -> impl Iterator<Item = NodeId> + '_ {
    store.observations_of(tx).filter_map(move |obs| {
        let path = store.observation_path(obs)?;
        (path.hop_count() == 0).then(|| observer_node(store, obs))?
    })
}

/// The node a hop names, when exactly one known node has that prefix.
fn unique(store: &Store, hop: &[u8]) -> Option<NodeId> {
    match store.candidates(hop) {
        [node] => Some(*node),
        _ => None,
    }
}

/// Adds the links of the path observation `obs` heard: adjacent unique hops, and with `ends` (floods) the
/// originator to the first hop and the last hop to the observer.
fn path_links(
    store: &Store,
    obs: ObsId,
    kind: PayloadType,
    ends: Option<(Option<NodeId>, Option<NodeId>)>,
    add: &mut impl FnMut(NodeId, NodeId, LinkSource),
) {
    let Some(path) = store.observation_path(obs) else {
        return;
    };
    let mut previous = None;
    let mut first = true;
    for hop in path.hops(kind) {
        let node = unique(store, hop);
        if first
            && let Some((Some(origin), _)) = ends
            && let Some(node) = node
        {
            add(origin, node, LinkSource::Path);
        }
        if let (Some(a), Some(b)) = (previous, node) {
            add(a, b, LinkSource::Path);
        }
        previous = node;
        first = false;
    }
    if let (Some((_, Some(observer))), Some(last)) = (ends, previous) {
        add(last, observer, LinkSource::Path);
    }
}
