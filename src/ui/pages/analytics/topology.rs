//! The Topology tab: hop counts, repeater degrees, busiest hop hashes and the most common routes. A hop hash
//! that names several repeaters is shown as ambiguous with its candidates, never resolved silently.

use leptos::prelude::*;

use super::Computing;
use super::labels::node;
use crate::analytics::Graph;
use crate::analytics::resolve::NodeLabel;
use crate::analytics::route_patterns::Pattern;
use crate::recompute::Snapshots;
use crate::ui::widgets::format::count;
use crate::ui::widgets::histogram::{Bar, Histogram};
use crate::ui::widgets::share_bar::ShareBar;

/// Hop counts, degrees and route patterns.
#[component]
pub fn TopologyTab() -> impl IntoView {
    let snapshots = expect_context::<Snapshots>();
    move || match snapshots.graph.get() {
        None => view! { <Computing /> }.into_any(),
        Some(graph) => view! { <TopologyView graph /> }.into_any(),
    }
}

/// The tab's panels for one graph snapshot.
#[component]
fn TopologyView(graph: std::rc::Rc<Graph>) -> impl IntoView {
    let topology = &graph.topology;
    let hop_bars = topology
        .hop_distribution
        .iter()
        .map(|entry| Bar {
            label: format!(
                "{} hop{}",
                entry.hops,
                if entry.hops == 1 { "" } else { "s" }
            ),
            count: entry.count,
        })
        .collect();
    let degree_bars = topology
        .degree_distribution
        .iter()
        .enumerate()
        .map(|(degree, nodes)| Bar {
            label: format!("degree {degree}"),
            count: *nodes,
        })
        .collect();
    view! {
        <section class="panel">
            <h2>"Hop counts"</h2>
            <p class="hint" data-testid="hop-summary">{format!(
                "{} paths with at least one hop: mean {:.2} hops, median {}, longest {}.",
                count(topology.paths),
                topology.avg_hops,
                topology.median_hops,
                topology.max_hops,
            )}</p>
            <Histogram bars=hop_bars testid="hop-histogram" />
            <table class="grid" data-testid="hop-distribution">
                <thead><tr><th class="num">"Hops"</th><th class="num">"Transmissions"</th><th>"Share"</th></tr></thead>
                <tbody>
                    {topology.hop_distribution.iter().map(|entry| view! {
                        <tr>
                            <td class="num">{entry.hops}</td>
                            <td class="num">{count(entry.count)}</td>
                            <td><ShareBar part=entry.count whole=topology.paths /></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        <section class="panel">
            <h2>"Repeater degrees"</h2>
            <p class="hint">"Resolved neighbours of each forwarding node in the neighbour graph; forwarding nodes per degree below."</p>
            <Histogram bars=degree_bars testid="degree-histogram" />
            <table class="grid" data-testid="repeater-degrees">
                <thead><tr><th>"Node"</th><th>"Role"</th><th class="num">"Neighbours"</th><th class="num">"Observations"</th></tr></thead>
                <tbody>
                    {topology.top_degree.iter().map(|entry| view! {
                        <tr>
                            <td title=entry.node.public_key.clone()>{node(&entry.node)}</td>
                            <td>{entry.node.role.unwrap_or("")}</td>
                            <td class="num">{entry.neighbors}</td>
                            <td class="num">{count(entry.observations)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        <section class="panel">
            <h2>"Busiest hop hashes"</h2>
            <table class="grid" data-testid="topology-hops">
                <thead><tr><th>"Hop"</th><th>"Node"</th><th class="num">"Transmissions"</th><th class="num">"Observations"</th></tr></thead>
                <tbody>
                    {topology.top_hops.iter().map(|hop| view! {
                        <tr>
                            <td class="mono">{hop.hop.clone()}</td>
                            <td title=candidate_names(&hop.candidates)>{candidates(&hop.candidates)}</td>
                            <td class="num">{count(hop.transmissions)}</td>
                            <td class="num">{count(hop.observations)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        <RoutePatterns graph=graph.clone() />
    }
}

/// The route pattern groups.
#[component]
fn RoutePatterns(graph: std::rc::Rc<Graph>) -> impl IntoView {
    let patterns = &graph.route_patterns;
    view! {
            <section class="panel">
                <h2>"Route patterns"</h2>
                <p class="hint">{format!(
                    "Runs of hops in the longest path of {} transmissions with at least 2 hops. A hop naming one repeater shows its name; an ambiguous run is marked.",
                    count(patterns.total_paths),
                )}</p>
                {patterns.groups.iter().map(|group| view! {
                    <h3>{if group.min_len == group.max_len {
                        format!("{} hops", group.min_len)
                    } else {
                        format!("{} to {} hops", group.min_len, group.max_len)
                    }}</h3>
                    {if group.patterns.is_empty() {
                        view! { <p class="hint">"None."</p> }.into_any()
                    } else {
                        view! {
    <table class="grid" data-testid=format!("route-patterns-{}", group.min_len)>
                        <thead><tr><th>"Route"</th><th class="num">"Transmissions"</th><th class="num">"Share"</th><th>"Notes"</th></tr></thead>
                        <tbody>
                            {group.patterns.iter().map(|pattern| view! {
                                <tr>
                                    <td class="route">{route(pattern, &patterns.nodes)}</td>
                                    <td class="num">{count(pattern.count)}</td>
                                    <td class="num">{format!("{:.1}%", pattern.pct)}</td>
                                    <td>{notes(pattern)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                        }
                        .into_any()
                    }}
                }).collect_view()}
            </section>
        }
}

/// A run of hops as `hash name → hash name …`, names only for hops naming exactly one repeater.
fn route(pattern: &Pattern, nodes: &[NodeLabel]) -> String {
    pattern
        .hops
        .iter()
        .zip(
            pattern
                .nodes
                .iter()
                .map(Some)
                .chain(core::iter::repeat(None)),
        )
        .map(|(hop, id)| {
            let label = id
                .copied()
                .flatten()
                .and_then(|id| nodes.iter().find(|label| label.id == id));
            match label {
                Some(label) => format!("{hop} {}", node(label)),
                None => hop.clone(),
            }
        })
        .collect::<Vec<_>>()
        .join(" → ")
}

/// Flags of a pattern.
fn notes(pattern: &Pattern) -> String {
    let mut notes = Vec::new();
    if pattern.ambiguous {
        notes.push("ambiguous hop");
    }
    if pattern.self_loop {
        notes.push("repeats a hop");
    }
    notes.join(", ")
}

/// The node a hop hash names: its name when one, "unknown" when none, "ambiguous: n candidates" otherwise.
fn candidates(candidates: &[NodeLabel]) -> String {
    match candidates {
        [] => String::from("unknown"),
        [one] => node(one),
        many => format!("ambiguous: {} candidates", many.len()),
    }
}

/// Every candidate's name, for a tooltip.
fn candidate_names(candidates: &[NodeLabel]) -> String {
    candidates.iter().map(node).collect::<Vec<_>>().join(", ")
}
