//! The `hash_collisions` key (CoreScope's "Hash Issues" tab): repeaters that share a 1-, 2- or 3-byte public
//! key prefix, how far apart they are, how full each prefix space is, and which repeaters and rooms flip-flop
//! between hash sizes.
//!
//! # Who is counted, at each size
//!
//! Only repeaters known by their adverts, as in CoreScope (issue #441: the other roles do not relay). A
//! prefix seen on the air that matches no advert is not a node (the node table lists those as path-only).
//!
//! **Every repeater counts in all three tables, whatever its own hash mode.** The firmware's routing rule
//! decides this: a relay appends its hash at the *packet's* size (`Mesh::routeRecvPacket` copies
//! `getPathHashSize()` bytes of its own key) and a DIRECT hop is matched at the packet's size
//! (`isHashMatch(path, getPathHashSize())`). A repeater's configured mode only sets the size of the packets it
//! originates. So two repeaters sharing their first byte are confused in every 1-byte packet, and two sharing
//! their first two bytes in every 2-byte packet from any sender, even when both are set to 1 byte. CoreScope
//! grouped only the repeaters whose own size equals the table's (PR #1591 fixed the 1-byte matrix only); that
//! hides exactly these collisions.
//!
//! The one exception cannot be seen from the data: firmware before v1.13 reads `path_len` as a plain count,
//! so it drops multi-byte packets and never appears in a 2- or 3-byte path. An advert does not carry the
//! firmware version, so such a repeater still counts (the tables are an upper bound); each collision says how
//! many members use the table's size themselves (`using_this_size`) and how many advertised a multi-byte size
//! at least once (`multi_byte_confirmed`, which proves new firmware).
//!
//! # Classes and order
//!
//! Each group of two or more is classed by the largest pairwise distance between members that advertise a
//! position ([`DistanceClass`]; 0,0 is no fix), and the lists run local, regional, distant, incomplete, then
//! by member count (most first), then by prefix.

mod matrix;
mod repeaters;

pub use matrix::{CELL_NODES, FirstByteGroup, PrefixCell};
pub use repeaters::{DistanceClass, LOCAL_KM, PrefixSpace, REGIONAL_KM};
pub(crate) use repeaters::{Repeater, groups, prefix_space, repeaters, spread};

use super::hash_sizes::{advertised_size, node_name, sizes_ever_advertised};
use crate::hex;
use crate::protocol::Role;
use crate::store::Store;
use serde::Serialize;

/// Most collisions listed per size (the stats count all of them).
pub const MAX_COLLISIONS: usize = 1_000;

/// The snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HashCollisions {
    /// Repeaters sharing their first key byte.
    pub one_byte: Vec<Collision>,
    /// Repeaters sharing their first two key bytes.
    pub two_byte: Vec<Collision>,
    /// Repeaters sharing their first three key bytes.
    pub three_byte: Vec<Collision>,
    /// Per size (1, 2, 3): how full the prefix space is.
    pub stats: Vec<SizeStats>,
    /// The 1-byte usage matrix: all 256 first bytes, in order.
    pub one_byte_cells: Vec<PrefixCell>,
    /// The 2-byte usage matrix: one group per first byte that some repeater has, in order.
    pub two_byte_groups: Vec<FirstByteGroup>,
    /// Repeaters and rooms whose advertised size flip-flops (last seven days before `now_ms`).
    pub inconsistent: Vec<InconsistentNode>,
}

/// Repeaters sharing one prefix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Collision {
    /// The prefix, upper-case hex.
    pub prefix: String,
    /// Its length in bytes.
    pub bytes: usize,
    /// The members' public keys (lower-case hex), in key order.
    pub nodes: Vec<String>,
    /// The number of members (CoreScope's `appearances`).
    pub appearances: usize,
    /// The largest distance between two members with a position, km; `None` with fewer than two.
    pub max_distance_km: Option<f64>,
    /// Its class.
    pub class: DistanceClass,
    /// Members that advertise a position.
    pub with_coords: usize,
    /// Members whose own current hash size is `bytes`.
    pub using_this_size: usize,
    /// Members that advertised a 2- or 3-byte size at least once (so run multi-byte firmware).
    pub multi_byte_confirmed: usize,
}

/// One prefix size: how full its space is, and how many repeaters use that size themselves.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SizeStats {
    /// The space (serialised inline).
    #[serde(flatten)]
    pub usage: PrefixSpace,
    /// Repeaters known (all counted at every size).
    pub repeaters: usize,
    /// Of those, repeaters whose own current size is this one.
    pub using_this_size: usize,
}

/// A repeater or room whose advertised hash size flip-flops.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InconsistentNode {
    /// The public key, 64 lower-case hex digits.
    pub public_key: String,
    /// The advertised name.
    pub name: Option<String>,
    /// `REPEATER` or `ROOM`.
    pub role: &'static str,
    /// Its latest size.
    pub hash_size: Option<u8>,
    /// The sizes seen, ascending.
    pub sizes_seen: Vec<u8>,
    /// Sized adverts in the window.
    pub adverts: usize,
}

/// The hash collisions of `store`; `now_ms` places the seven-day window of the hash sizes.
pub fn hash_collisions(store: &Store, now_ms: i64) -> HashCollisions {
    let repeaters = repeaters(store);
    let mut lists: [Vec<Collision>; 3] = Default::default();
    let mut stats = Vec::with_capacity(3);
    for (bytes, list) in (1..=3).zip(lists.iter_mut()) {
        let mut using_this_size = 0;
        for group in groups(&repeaters, bytes) {
            let using = group
                .iter()
                .filter(|r| advertised_size(r.node, now_ms).size == Some(bytes as u8))
                .count();
            using_this_size += using;
            if group.len() > 1 {
                list.push(collision(group, bytes, using));
            }
        }
        list.sort_by(|a, b| {
            (a.class, b.appearances, &a.prefix).cmp(&(b.class, a.appearances, &b.prefix))
        });
        list.truncate(MAX_COLLISIONS);
        stats.push(SizeStats {
            usage: prefix_space(&repeaters, bytes),
            repeaters: repeaters.len(),
            using_this_size,
        });
    }
    let [one_byte, two_byte, three_byte] = lists;
    HashCollisions {
        one_byte,
        two_byte,
        three_byte,
        stats,
        one_byte_cells: matrix::one_byte_cells(&repeaters),
        two_byte_groups: matrix::two_byte_groups(&repeaters),
        inconsistent: inconsistent(store, now_ms),
    }
}

/// The collision entry of `group` (two or more repeaters sharing `bytes` bytes).
fn collision(group: &[Repeater<'_>], bytes: usize, using_this_size: usize) -> Collision {
    let (max_distance_km, class, with_coords) = spread(group);
    Collision {
        prefix: group
            .first()
            .map_or_else(String::new, |r| hex::encode_upper(r.prefix(bytes))),
        bytes,
        nodes: group
            .iter()
            .map(|r| hex::encode_lower(&r.node.public_key))
            .collect(),
        appearances: group.len(),
        max_distance_km,
        class,
        with_coords,
        using_this_size,
        multi_byte_confirmed: group
            .iter()
            .filter(|r| sizes_ever_advertised(r.node).max() >= Some(2))
            .count(),
    }
}

/// Repeaters and rooms whose size flip-flops, in key order.
fn inconsistent(store: &Store, now_ms: i64) -> Vec<InconsistentNode> {
    let mut out: Vec<InconsistentNode> = store
        .nodes()
        .iter()
        .filter_map(|(_, node)| {
            let role = node
                .role
                .filter(|r| matches!(r, Role::Repeater | Role::Room))?;
            let info = advertised_size(node, now_ms);
            info.inconsistent.then(|| InconsistentNode {
                public_key: hex::encode_lower(&node.public_key),
                name: node_name(store, node),
                role: role.name(),
                hash_size: info.size,
                sizes_seen: info.seen.to_vec(),
                adverts: info.adverts,
            })
        })
        .collect();
    out.sort_by(|a, b| a.public_key.cmp(&b.public_key));
    out
}
