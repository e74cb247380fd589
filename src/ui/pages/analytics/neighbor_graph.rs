//! The Neighbor graph tab: who hears whom directly, from zero-hop adverts, first hops and observers' last
//! hops. Resolved edges first (by score), then hops that stayed ambiguous or unknown, with their candidates.

use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::components::A;

use super::Computing;
use super::labels::{dash, fixed, utc};
use crate::analytics::Graph;
use crate::analytics::neighbors::{EdgeEntry, EdgeMethod, NeighborGraph, VertexEntry};
use crate::recompute::Snapshots;
use crate::ui::widgets::format::count;

/// Rows shown in the edge table (the snapshot holds up to `neighbors::MAX_EDGES`).
const SHOWN_EDGES: usize = 300;

/// The neighbor graph as a table.
#[component]
pub fn NeighborGraphTab() -> impl IntoView {
    let snapshots = expect_context::<Snapshots>();
    move || match snapshots.graph.get() {
        None => view! { <Computing /> }.into_any(),
        Some(graph) => view! { <NeighborGraphView graph /> }.into_any(),
    }
}

/// The figures and the edge table of one graph snapshot.
#[component]
fn NeighborGraphView(graph: Rc<Graph>) -> impl IntoView {
    let neighbors = &graph.neighbors;
    let stats = &neighbors.stats;
    let rows = neighbors
        .edges
        .iter()
        .take(SHOWN_EDGES)
        .map(|edge| edge_row(neighbors, edge))
        .collect_view();
    view! {
        <section class="panel">
            <h2>"Neighbor graph"</h2>
            <p class="hint" data-testid="graph-stats">{format!(
                "{} nodes with direct links, {} resolved links ({} by neighbour-set similarity), mean degree {:.2}; {} hops still ambiguous, {} naming no known repeater.",
                count(stats.nodes as u64),
                count(stats.edges as u64),
                count(stats.jaccard_edges as u64),
                stats.average_degree,
                count(stats.ambiguous_edges as u64),
                count(stats.unknown_edges as u64),
            )}</p>
            <p class="hint">
                "Score = min(1, observations / 100) × a one-week half-life since last heard. "
                <A href="/map">"See the links on the map"</A>
                "."
            </p>
            <table class="grid" data-testid="graph-edges">
                <thead><tr>
                    <th>"Node"</th><th>"Neighbour"</th><th>"How decided"</th><th class="num">"Observations"</th>
                    <th class="num">"Mean SNR (dB)"</th><th>"Both ways"</th><th>"Last heard (UTC)"</th><th class="num">"Score"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {(neighbors.edges.len() > SHOWN_EDGES).then(|| view! {
                <p class="hint">{format!("The {SHOWN_EDGES} highest scores of {} listed.", count(neighbors.edges.len() as u64))}</p>
            })}
        </section>
    }
}

/// One edge: both ends (the far end of an undecided hop is its prefix and candidates).
fn edge_row(graph: &NeighborGraph, edge: &EdgeEntry) -> impl IntoView + use<> {
    let far = match (
        edge.target.and_then(|index| graph.vertices.get(index)),
        &edge.prefix,
    ) {
        (Some(vertex), _) if edge.method != EdgeMethod::Geography => vertex_link(vertex).into_any(),
        (_, Some(prefix)) => {
            let names: Vec<String> = edge
                .candidates
                .iter()
                .filter_map(|index| graph.vertices.get(*index))
                .map(vertex_name)
                .collect();
            let text = match names.len() {
                0 => format!("{prefix} (no known repeater)"),
                n => format!("{prefix} ({n} candidates)"),
            };
            view! { <span class="mono ambiguous" title=names.join(", ")>{text}</span> }.into_any()
        }
        _ => dash().into_any(),
    };
    let method = match edge.method {
        EdgeMethod::Unique => "unique",
        EdgeMethod::Jaccard => "neighbour sets",
        EdgeMethod::Geography => "geographic guess",
        EdgeMethod::Ambiguous => "ambiguous",
        EdgeMethod::Unknown => "unknown hop",
    };
    let near = graph
        .vertices
        .get(edge.source)
        .map(|vertex| vertex_link(vertex).into_any())
        .unwrap_or_else(|| dash().into_any());
    view! {
        <tr data-method=method>
            <td>{near}</td>
            <td>{far}</td>
            <td>{method}</td>
            <td class="num">{count(edge.observations)}</td>
            <td class="num">{fixed(edge.avg_snr_db, 1)}</td>
            <td>{if edge.bidirectional { "yes" } else { "no" }}</td>
            <td>{utc(edge.last_seen_ms)}</td>
            <td class="num">{format!("{:.2}", edge.score)}</td>
        </tr>
    }
}

/// A vertex's name, or its key's start, or "observer".
fn vertex_name(vertex: &VertexEntry) -> String {
    let label = &vertex.label;
    label
        .name
        .clone()
        .or_else(|| {
            label
                .public_key
                .as_deref()
                .and_then(|key| key.get(..8))
                .map(str::to_owned)
        })
        .unwrap_or_else(|| String::from("observer"))
}

/// A vertex linked to its node page when its key is known.
fn vertex_link(vertex: &VertexEntry) -> impl IntoView + use<> {
    let name = vertex_name(vertex);
    match vertex.label.public_key.clone() {
        Some(key) => view! { <A href=format!("/nodes/{key}")>{name}</A> }.into_any(),
        None => view! { <span>{name}</span> }.into_any(),
    }
}
