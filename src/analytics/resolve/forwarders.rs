//! [`Forwarders`]: the nodes a hop can name, by key prefix.

use crate::protocol::Role;
use crate::store::{NodeId, Store};

/// The nodes a hop can name: the first three key bytes of each forwarding node, sorted, in two tiers.
///
/// Only nodes that forward packets appear in paths (protocol A.3: each repeater that rebroadcasts appends its
/// hash). Companions (CHAT), sensors, and nodes with no valid advert (so no known role) never do; naming one of
/// them as a hop because it shares a prefix with the real forwarder was CoreScope's bug #935. Repeaters forward.
/// Room servers run the same forwarding code but ship with it off (`simple_room_server`: `_prefs.disable_fwd =
/// 1` until `set repeat on`), so a room is a candidate only for a hop that no advertised repeater matches: such
/// a hop was forwarded by someone with that prefix, and a room that may have forwarding on is a better answer
/// than none (its role travels with it so the reader can judge).
#[derive(Debug, Clone, Default)]
pub struct Forwarders {
    repeaters: Tier,
    rooms: Tier,
}

/// Keys (first three bytes) in sorted order, with their nodes.
#[derive(Debug, Clone, Default)]
struct Tier {
    keys: Vec<[u8; 3]>,
    nodes: Vec<NodeId>,
}

impl Tier {
    fn new(mut entries: Vec<([u8; 3], NodeId)>) -> Tier {
        entries.sort_unstable();
        Tier {
            keys: entries.iter().map(|(key, _)| *key).collect(),
            nodes: entries.iter().map(|(_, node)| *node).collect(),
        }
    }

    fn matching(&self, hop: &[u8]) -> &[NodeId] {
        let n = hop.len();
        let start = self.keys.partition_point(|key| head(key, n) < hop);
        let rest = self.keys.get(start..).unwrap_or_default();
        let len = rest.partition_point(|key| head(key, n) == hop);
        self.nodes.get(start..start + len).unwrap_or_default()
    }
}

impl Forwarders {
    /// The forwarding nodes of `store`, by the role of their latest valid advert.
    pub fn new(store: &Store) -> Forwarders {
        let mut repeaters = Vec::new();
        let mut rooms = Vec::new();
        for (id, node) in store.nodes().iter() {
            let mut key = [0; 3];
            key.copy_from_slice(&node.public_key[..3]);
            match node.role {
                Some(Role::Repeater) => repeaters.push((key, id)),
                Some(Role::Room) => rooms.push((key, id)),
                _ => {}
            }
        }
        Forwarders {
            repeaters: Tier::new(repeaters),
            rooms: Tier::new(rooms),
        }
    }

    /// The nodes hop hash `hop` (1-3 bytes) can name, in key order: the repeaters whose key starts with it, or
    /// when there is none, the rooms. Empty for an empty or longer hop.
    pub fn candidates(&self, hop: &[u8]) -> &[NodeId] {
        if hop.is_empty() || hop.len() > 3 {
            return &[];
        }
        match self.repeaters.matching(hop) {
            [] => self.rooms.matching(hop),
            found => found,
        }
    }
}

/// The first `n` (at most 3) bytes of `key`.
fn head(key: &[u8; 3], n: usize) -> &[u8] {
    key.get(..n).unwrap_or(key)
}

/// Whether a node whose latest valid advert gave `role` can be named by a hop: repeaters and rooms.
pub fn can_forward(role: Option<Role>) -> bool {
    matches!(role, Some(Role::Repeater | Role::Room))
}

#[cfg(test)]
mod test {
    use super::*;

    fn tier(keys: &[[u8; 3]]) -> Tier {
        Tier::new(
            keys.iter()
                .enumerate()
                .map(|(i, key)| (*key, NodeId(i as u32)))
                .collect(),
        )
    }

    #[test]
    fn prefixes_of_each_length() {
        let tier = tier(&[
            [0xAB, 0xCD, 0x01],
            [0xAB, 0x01, 0x00],
            [0xAB, 0xCD, 0x02],
            [0x10, 0, 0],
        ]);
        assert_eq!(tier.matching(&[0xAB]), [NodeId(1), NodeId(0), NodeId(2)]);
        assert_eq!(tier.matching(&[0xAB, 0xCD]), [NodeId(0), NodeId(2)]);
        assert_eq!(tier.matching(&[0xAB, 0xCD, 0x02]), [NodeId(2)]);
        assert_eq!(tier.matching(&[0xAC]), []);
        assert_eq!(tier.matching(&[0xFF]), []);
    }

    #[test]
    fn rooms_only_when_no_repeater_matches() {
        let forwarders = Forwarders {
            repeaters: tier(&[[0xAB, 0, 0]]),
            rooms: Tier::new(vec![([0xAB, 1, 0], NodeId(5)), ([0xCD, 0, 0], NodeId(6))]),
        };
        assert_eq!(forwarders.candidates(&[0xAB]), [NodeId(0)]);
        assert_eq!(forwarders.candidates(&[0xAB, 1]), [NodeId(5)]);
        assert_eq!(forwarders.candidates(&[0xCD]), [NodeId(6)]);
        assert_eq!(forwarders.candidates(&[]), []);
        assert_eq!(forwarders.candidates(&[1, 2, 3, 4]), []);
    }
}
