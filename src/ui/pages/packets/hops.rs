//! Node hash labels: what a datagram's source or destination hash (or a trace's route hash) is shown as.
//!
//! Datagram endpoints may be any role (companions included), which the hop resolver never proposes, so these
//! are looked up among every known node: named only when exactly one known node has that prefix; when several
//! share it, the prefix is shown marked ambiguous with every candidate listed; a prefix no known node has stays
//! a prefix. Path hops go through the resolver instead ([`super::path`]).

use crate::hex;
use crate::store::Store;

/// How one node hash is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HopLabel {
    /// Exactly one known node has the prefix.
    Named {
        /// The prefix in hex.
        prefix: String,
        /// The node's name (or its key prefix when it advertised none).
        name: String,
    },
    /// Several nodes have the prefix: it cannot be told which relayed.
    Ambiguous {
        /// The prefix in hex.
        prefix: String,
        /// The candidates' names.
        candidates: Vec<String>,
    },
    /// No known node has the prefix.
    Unknown {
        /// The prefix in hex.
        prefix: String,
    },
}

impl HopLabel {
    /// The text in the path column.
    pub fn text(&self) -> &str {
        match self {
            HopLabel::Named { name, .. } => name,
            HopLabel::Ambiguous { prefix, .. } | HopLabel::Unknown { prefix } => prefix,
        }
    }
}

/// The label of node hash `hop` (1-3 bytes).
pub fn hash_label(store: &Store, hop: &[u8]) -> HopLabel {
    let prefix = hex::encode_upper(hop);
    let name_of = |id| {
        let node = store.node(id)?;
        Some(match node.name.and_then(|name| store.string(name)) {
            Some(name) => name.to_owned(),
            None => hex::encode_upper(node.public_key.get(..4).unwrap_or_default()),
        })
    };
    match store.candidates(hop) {
        [] => HopLabel::Unknown { prefix },
        [only] => HopLabel::Named {
            name: name_of(*only).unwrap_or_else(|| prefix.clone()),
            prefix,
        },
        several => HopLabel::Ambiguous {
            candidates: several.iter().filter_map(|&id| name_of(id)).collect(),
            prefix,
        },
    }
}
