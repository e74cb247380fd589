//! Nodes and prefixes: lookups by key and key prefix (hop resolution), and the node hashes seen on the air
//! that match no known node.

use super::Store;
use super::ids::NodeId;
use super::index::HopHash;
use super::nodes::Node;

/// Where an unknown prefix was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PrefixSource {
    /// A hop in an observed path.
    Hop,
    /// A datagram's source hash.
    DatagramSource,
    /// A datagram's or ANON_REQ's destination hash.
    DatagramDestination,
}

/// A node hash seen on the air that matches no known node's public key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownPrefix {
    /// The hash bytes (1-3).
    pub prefix: HopHash,
    /// Where it was seen.
    pub source: PrefixSource,
    /// First seen, unix ms.
    pub first_seen_ms: i64,
    /// Last seen, unix ms.
    pub last_seen_ms: i64,
    /// Transmissions it appears in.
    pub transmissions: usize,
}

impl Store {
    /// A node.
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id)
    }

    /// The node with this public key.
    pub fn node_by_key(&self, public_key: &[u8; 32]) -> Option<NodeId> {
        self.nodes.find(public_key)
    }

    /// Every node whose public key starts with `prefix`, in key order.
    pub fn candidates(&self, prefix: &[u8]) -> &[NodeId] {
        self.nodes.candidates(prefix)
    }

    /// Hop hashes and datagram hashes seen on the air that match no known node, by source then bytes.
    pub fn unknown_prefixes(&self) -> Vec<UnknownPrefix> {
        let mut out: Vec<UnknownPrefix> = self
            .indexes
            .hop
            .iter()
            .filter(|(hop, _)| self.candidates(hop.as_bytes()).is_empty())
            .map(|(prefix, entry)| UnknownPrefix {
                prefix,
                source: PrefixSource::Hop,
                first_seen_ms: entry.first_seen,
                last_seen_ms: entry.last_seen,
                transmissions: entry.transmissions().len(),
            })
            .collect();
        let datagram = [
            (PrefixSource::DatagramSource, &self.indexes.datagram_src),
            (
                PrefixSource::DatagramDestination,
                &self.indexes.datagram_dest,
            ),
        ];
        for (source, index) in datagram {
            for (byte, entry) in index.iter() {
                let Some(prefix) = HopHash::new(&[byte]) else {
                    continue;
                };
                if self.candidates(&[byte]).is_empty() {
                    out.push(UnknownPrefix {
                        prefix,
                        source,
                        first_seen_ms: entry.first_seen,
                        last_seen_ms: entry.last_seen,
                        transmissions: entry.transmissions().len(),
                    });
                }
            }
        }
        out.sort_by_key(|a| (a.source, a.prefix));
        out
    }
}
