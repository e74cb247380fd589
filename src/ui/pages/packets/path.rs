//! A heard path, hop by hop, resolved by the shared hop resolver (`analytics::resolve`, one per store
//! revision in the `resolver` snapshot): a decided hop shows its node's name linked to its page, an
//! undecided one its prefix and how many nodes it could be, with every candidate and the method in its
//! tooltip.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::analytics::resolve::{Candidate, Method, Resolution, ResolvedPath, Resolver};
use crate::hex;
use crate::store::{NodeId, ObsId, Store};

/// How one path hop is shown.
#[derive(Debug, Clone, PartialEq)]
pub enum PathHop {
    /// The resolver chose a node (uniquely, by neighbor evidence, or by geography).
    Decided {
        /// The hop hash in hex.
        prefix: String,
        /// The node's name (its key prefix when it advertised none).
        name: String,
        /// The node's public key in hex, for its page.
        key: String,
        /// How it was chosen.
        method: Method,
        /// 0..1.
        confidence: f32,
        /// The other candidates' names.
        others: Vec<String>,
    },
    /// Several nodes could have relayed it; nothing decides.
    Ambiguous {
        /// The hop hash in hex.
        prefix: String,
        /// Every candidate's name.
        candidates: Vec<String>,
    },
    /// No advertised forwarding node has this prefix, or the resolver is not built yet.
    Unknown {
        /// The hop hash in hex.
        prefix: String,
        /// The resolver was not available.
        pending: bool,
    },
}

impl PathHop {
    /// The tooltip: the prefix, the decision, the method and every candidate.
    pub fn title(&self) -> String {
        match self {
            PathHop::Decided {
                prefix,
                name,
                method,
                confidence,
                others,
                ..
            } => {
                let mut title = format!(
                    "{prefix}: {name} ({}, confidence {:.0}%)",
                    method_name(*method),
                    confidence * 100.0
                );
                if !others.is_empty() {
                    title.push_str(&format!("; other candidates: {}", others.join(", ")));
                }
                title
            }
            PathHop::Ambiguous { prefix, candidates } => format!(
                "{prefix}: ambiguous, {} candidates: {}",
                candidates.len(),
                candidates.join(", ")
            ),
            PathHop::Unknown {
                prefix,
                pending: true,
            } => format!("{prefix}: resolving…"),
            PathHop::Unknown { prefix, .. } => {
                format!("{prefix}: no advertised repeater has this prefix")
            }
        }
    }
}

/// What a method is called in tooltips.
pub fn method_name(method: Method) -> &'static str {
    match method {
        Method::Unique => "unique",
        Method::NeighborEvidence => "neighbor evidence",
        Method::Geography => "geography",
        Method::Ambiguous => "ambiguous",
        Method::Unknown => "unknown",
    }
}

/// The hops observation `obs` heard, resolved by `resolver` (prefixes only while it is `None`); empty for
/// TRACE, whose path bytes are SNRs.
pub fn observation_hops(store: &Store, resolver: Option<&Resolver>, obs: ObsId) -> Vec<PathHop> {
    let Some(resolver) = resolver else {
        let (Some(path), Some(kind)) = (
            store.observation_path(obs),
            store
                .observations()
                .tx(obs)
                .and_then(|tx| store.transmissions().payload_type(tx)),
        ) else {
            return Vec::new();
        };
        return path
            .hops(kind)
            .map(|hop| PathHop::Unknown {
                prefix: hex::encode_upper(hop),
                pending: true,
            })
            .collect();
    };
    let mut path = ResolvedPath::new();
    if !resolver.resolve_observation(store, obs, &mut path) {
        return Vec::new();
    }
    path.hops()
        .iter()
        .enumerate()
        .map(|(index, hop)| {
            path_hop(
                store,
                &Resolution {
                    hop: *hop,
                    candidates: path.candidates(index).to_vec(),
                },
            )
        })
        .collect()
}

/// One resolved hop as shown.
pub fn path_hop(store: &Store, resolution: &Resolution) -> PathHop {
    let prefix = hex::encode_upper(resolution.hop.hop.as_bytes());
    let names = |candidates: &mut dyn Iterator<Item = &Candidate>| -> Vec<String> {
        candidates.map(|c| node_name(store, c.node)).collect()
    };
    match (resolution.hop.method.is_decided(), resolution.hop.node) {
        (true, Some(node)) => PathHop::Decided {
            prefix,
            name: node_name(store, node),
            key: store
                .node(node)
                .map(|n| hex::encode_lower(&n.public_key))
                .unwrap_or_default(),
            method: resolution.hop.method,
            confidence: resolution.hop.confidence,
            others: names(&mut resolution.candidates.iter().filter(|c| c.node != node)),
        },
        _ if resolution.candidates.is_empty() => PathHop::Unknown {
            prefix,
            pending: false,
        },
        _ => PathHop::Ambiguous {
            prefix,
            candidates: names(&mut resolution.candidates.iter()),
        },
    }
}

/// A node's name, or its key prefix when it advertised none.
fn node_name(store: &Store, id: NodeId) -> String {
    let Some(node) = store.node(id) else {
        return String::from("?");
    };
    match node.name.and_then(|name| store.string(name)) {
        Some(name) => name.to_owned(),
        None => hex::encode_upper(node.public_key.get(..4).unwrap_or_default()),
    }
}

/// A path: each hop as a chip; "direct" when it has none. `long` spells out
/// "n candidates" (the detail page); the table says `×n`.
#[component]
pub fn PathView(
    /// The hops.
    hops: Vec<PathHop>,
    /// Whether to spell out candidate counts.
    #[prop(optional)]
    long: bool,
) -> impl IntoView {
    if hops.is_empty() {
        return view! { <span class="muted">"direct"</span> }.into_any();
    }
    hops.into_iter()
        .map(|hop| {
            let title = hop.title();
            match hop {
                PathHop::Decided {
                    name, key, method, ..
                } => {
                    let class = if method == Method::Geography {
                        "hop named guess"
                    } else {
                        "hop named"
                    };
                    view! {
                        <A href=format!("/nodes/{key}") attr:class=class attr:title=title>{name}</A>
                    }
                    .into_any()
                }
                PathHop::Ambiguous { prefix, candidates } => {
                    let count = if long {
                        format!(" ({} candidates)", candidates.len())
                    } else {
                        format!("×{}", candidates.len())
                    };
                    view! {
                        <span class="hop ambiguous" title=title>
                            {prefix}<span class="cands">{count}</span>
                        </span>
                    }
                    .into_any()
                }
                PathHop::Unknown { prefix, .. } => {
                    view! { <span class="hop unknown" title=title>{prefix}</span> }.into_any()
                }
            }
        })
        .collect_view()
        .into_any()
}
