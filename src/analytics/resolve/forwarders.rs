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

/// Keys (first three bytes, big-endian in a `u32`) in sorted order, with their nodes, and where each first
/// byte's keys start (so a 1-byte hop is two loads, a longer one a short binary search).
#[derive(Debug, Clone)]
struct Tier {
    keys: Vec<u32>,
    nodes: Vec<NodeId>,
    starts: Box<[u32; 257]>,
}

impl Default for Tier {
    fn default() -> Self {
        Tier::new(Vec::new())
    }
}

impl Tier {
    fn new(mut entries: Vec<(u32, NodeId)>) -> Tier {
        entries.sort_unstable();
        let keys: Vec<u32> = entries.iter().map(|(key, _)| *key).collect();
        let mut starts = Box::new([0u32; 257]);
        for (byte, start) in starts.iter_mut().enumerate() {
            *start = keys.partition_point(|key| (key >> 16) < byte as u32) as u32;
        }
        Tier {
            keys,
            nodes: entries.iter().map(|(_, node)| *node).collect(),
            starts,
        }
    }

    /// The nodes whose key starts with `hop` (1-3 bytes).
    fn matching(&self, hop: &[u8]) -> &[NodeId] {
        let Some(&first) = hop.first() else {
            return &[];
        };
        let bucket = |byte: usize| self.starts.get(byte).copied().unwrap_or(0) as usize;
        let (mut start, mut end) = (bucket(usize::from(first)), bucket(usize::from(first) + 1));
        if hop.len() > 1 {
            let shift = 8 * (3 - hop.len().min(3)) as u32;
            let low = hop
                .iter()
                .fold(0u32, |key, &byte| key << 8 | u32::from(byte))
                << shift;
            let high = low + (1 << shift);
            let keys = self.keys.get(start..end).unwrap_or_default();
            let from = keys.partition_point(|&key| key < low);
            let to = keys.partition_point(|&key| key < high);
            (start, end) = (start + from, start + to);
        }
        self.nodes.get(start..end).unwrap_or_default()
    }
}

impl Forwarders {
    /// The forwarding nodes of `store`, by the role of their latest valid advert.
    pub fn new(store: &Store) -> Forwarders {
        let mut repeaters = Vec::new();
        let mut rooms = Vec::new();
        for (id, node) in store.nodes().iter() {
            let [a, b, c, ..] = node.public_key;
            let key = u32::from_be_bytes([0, a, b, c]);
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

/// Whether a node whose latest valid advert gave `role` can be named by a hop: repeaters and rooms.
pub fn can_forward(role: Option<Role>) -> bool {
    matches!(role, Some(Role::Repeater | Role::Room))
}

#[cfg(test)]
mod test {
    use super::*;

    fn key([a, b, c]: [u8; 3]) -> u32 {
        u32::from_be_bytes([0, a, b, c])
    }

    fn tier(keys: &[[u8; 3]]) -> Tier {
        Tier::new(
            keys.iter()
                .enumerate()
                .map(|(i, bytes)| (key(*bytes), NodeId(i as u32)))
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
        assert_eq!(tier.matching(&[0xFF, 0xFF, 0xFF]), []);
        assert_eq!(tier.matching(&[0x10, 0, 0]), [NodeId(3)]);
        assert_eq!(Tier::default().matching(&[0x10]), []);
    }

    #[test]
    fn rooms_only_when_no_repeater_matches() {
        let forwarders = Forwarders {
            repeaters: tier(&[[0xAB, 0, 0]]),
            rooms: Tier::new(vec![
                (key([0xAB, 1, 0]), NodeId(5)),
                (key([0xCD, 0, 0]), NodeId(6)),
            ]),
        };
        assert_eq!(forwarders.candidates(&[0xAB]), [NodeId(0)]);
        assert_eq!(forwarders.candidates(&[0xAB, 1]), [NodeId(5)]);
        assert_eq!(forwarders.candidates(&[0xCD]), [NodeId(6)]);
        assert_eq!(forwarders.candidates(&[]), []);
        assert_eq!(forwarders.candidates(&[1, 2, 3, 4]), []);
    }
}
