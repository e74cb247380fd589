//! The repeaters known by their adverts, in key order, grouped by key prefix, and how far apart the members
//! of a group are.

use crate::analytics::geo::haversine_km;
use crate::protocol::Role;
use crate::store::{Node, Store};
use serde::Serialize;

/// A collision whose members are all within this distance is local, in km.
pub const LOCAL_KM: f64 = 50.0;
/// A collision whose members are all within this distance (and not local) is regional, in km.
pub const REGIONAL_KM: f64 = 200.0;

/// How far apart the members of a prefix group are: their largest pairwise distance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DistanceClass {
    /// Under [`LOCAL_KM`]: they share neighbours, so their hops are truly confused.
    Local,
    /// Under [`REGIONAL_KM`].
    Regional,
    /// [`REGIONAL_KM`] or more: rarely heard by the same nodes.
    Distant,
    /// Fewer than two members advertise a position (0,0 is no fix).
    Incomplete,
}

/// How full one prefix size's space is, over the repeaters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PrefixSpace {
    /// The prefix length in bytes.
    pub bytes: usize,
    /// Possible prefixes: 256, 65,536 or 16,777,216.
    pub space: u64,
    /// Prefixes in use.
    pub used: usize,
    /// `used` as a percentage of `space`.
    pub pct_used: f64,
    /// Prefixes shared by two or more repeaters.
    pub colliding_prefixes: usize,
    /// Repeaters sharing their prefix with another.
    pub colliding_repeaters: usize,
    /// Of the colliding prefixes, those not [`DistanceClass::Distant`]: their repeaters are within
    /// [`REGIONAL_KM`] of each other, or lack positions.
    pub nearby_collisions: usize,
}

/// A repeater known by its adverts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Repeater<'a> {
    pub(crate) node: &'a Node,
}

impl Repeater<'_> {
    /// The first `bytes` bytes of its key.
    pub(crate) fn prefix(&self, bytes: usize) -> &[u8] {
        self.node.public_key.get(..bytes).unwrap_or_default()
    }
}

/// Every node whose latest valid advert says REPEATER, in key order.
pub(crate) fn repeaters(store: &Store) -> Vec<Repeater<'_>> {
    store
        .candidates(&[])
        .iter()
        .filter_map(|&id| {
            Some(Repeater {
                node: store.node(id)?,
            })
        })
        .filter(|repeater| repeater.node.role == Some(Role::Repeater))
        .collect()
}

/// Runs of `repeaters` (in key order) that share their first `bytes` bytes, one per prefix in use.
pub(crate) fn groups<'r, 'a>(
    repeaters: &'r [Repeater<'a>],
    bytes: usize,
) -> impl Iterator<Item = &'r [Repeater<'a>]> {
    repeaters.chunk_by(move |a, b| a.prefix(bytes) == b.prefix(bytes))
}

/// The largest pairwise distance between the members that advertise a position (`None` with fewer than
/// two), its class, and how many have a position.
pub(crate) fn spread(members: &[Repeater<'_>]) -> (Option<f64>, DistanceClass, usize) {
    let positions: Vec<(f64, f64)> = members
        .iter()
        .filter_map(|member| member.node.location?.degrees())
        .collect();
    let mut max: Option<f64> = None;
    for (i, &a) in positions.iter().enumerate() {
        for &b in positions.get(i + 1..).unwrap_or_default() {
            let distance = haversine_km(a, b);
            max = Some(max.map_or(distance, |m| m.max(distance)));
        }
    }
    let class = match max {
        None => DistanceClass::Incomplete,
        Some(km) if km < LOCAL_KM => DistanceClass::Local,
        Some(km) if km < REGIONAL_KM => DistanceClass::Regional,
        Some(_) => DistanceClass::Distant,
    };
    (max, class, positions.len())
}

/// How full the `bytes`-byte space is among `repeaters` (in key order).
pub(crate) fn prefix_space(repeaters: &[Repeater<'_>], bytes: usize) -> PrefixSpace {
    let mut out = PrefixSpace {
        bytes,
        space: 1 << (8 * bytes),
        used: 0,
        pct_used: 0.0,
        colliding_prefixes: 0,
        colliding_repeaters: 0,
        nearby_collisions: 0,
    };
    for group in groups(repeaters, bytes) {
        out.used += 1;
        if group.len() > 1 {
            out.colliding_prefixes += 1;
            out.colliding_repeaters += group.len();
            if spread(group).1 != DistanceClass::Distant {
                out.nearby_collisions += 1;
            }
        }
    }
    out.pct_used = out.used as f64 / out.space as f64 * 100.0;
    out
}
