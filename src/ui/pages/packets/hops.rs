//! Hop labels: what a path hop (a 1-3 byte key prefix) is shown as.
//!
//! This is the seam where the resolver (`analytics::resolve`, with confidences from context) will plug in.
//! Until then a hop is named only when exactly one known node has that prefix; when several share it, the
//! prefix is shown marked ambiguous with every candidate listed; a prefix no known node has stays a prefix.

use crate::hex;
use crate::store::Store;

/// How one hop is shown.
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

    /// The tooltip.
    pub fn title(&self) -> String {
        match self {
            HopLabel::Named { prefix, name } => format!("{prefix}: {name}"),
            HopLabel::Ambiguous { prefix, candidates } => format!(
                "{prefix}: ambiguous, {} nodes have this prefix: {}",
                candidates.len(),
                candidates.join(", ")
            ),
            HopLabel::Unknown { prefix } => format!("{prefix}: no known node has this prefix"),
        }
    }

    /// The CSS class.
    pub fn class(&self) -> &'static str {
        match self {
            HopLabel::Named { .. } => "hop named",
            HopLabel::Ambiguous { .. } => "hop ambiguous",
            HopLabel::Unknown { .. } => "hop unknown",
        }
    }
}

/// The label of hop `hop`.
pub fn hop_label(store: &Store, hop: &[u8]) -> HopLabel {
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
