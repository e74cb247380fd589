//! The Distance tab: how far hops reach, per link type, as a histogram, and the longest links and paths.

use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::components::A;

use super::Computing;
use super::labels::{bars, fixed, node, utc};
use crate::analytics::Graph;
use crate::analytics::resolve::NodeLabel;
use crate::recompute::Snapshots;
use crate::store::NodeId;
use crate::ui::widgets::format::count;
use crate::ui::widgets::histogram::Histogram;

/// Hop distances.
#[component]
pub fn DistanceTab() -> impl IntoView {
    let snapshots = expect_context::<Snapshots>();
    move || match snapshots.graph.get() {
        None => view! { <Computing /> }.into_any(),
        Some(graph) => view! { <DistanceView graph /> }.into_any(),
    }
}

/// The tab's panels for one graph snapshot.
#[component]
fn DistanceView(graph: Rc<Graph>) -> impl IntoView {
    let distance = &graph.distance;
    let summary = &distance.summary;
    let nodes = &distance.nodes;
    view! {
        <section class="panel">
            <h2>"Summary"</h2>
            <table class="grid" data-testid="distance-summary">
                <tbody>
                    <tr><td>"Legs measured"</td><td class="num">{count(summary.legs)}</td></tr>
                    <tr><td>"Transmissions with a leg"</td><td class="num">{count(summary.paths)}</td></tr>
                    <tr><td>"Mean leg (km)"</td><td class="num">{format!("{:.2}", summary.avg_km)}</td></tr>
                    <tr><td>"Longest leg (km)"</td><td class="num">{format!("{:.2}", summary.max_km)}</td></tr>
                    <tr><td>"Dropped as implausible"</td><td class="num">{count(summary.dropped_over_limit)}</td></tr>
                    <tr><td>"Left out, an end only guessed"</td><td class="num">{count(summary.unconfident_legs)}</td></tr>
                </tbody>
            </table>
        </section>
        <section class="panel">
            <h2>"By link type"</h2>
            <p class="hint">"R: repeater, C: companion or room."</p>
            <table class="grid" data-testid="distance-link-types">
                <thead><tr><th>"Link"</th><th class="num">"Legs"</th><th class="num">"Mean (km)"</th><th class="num">"Median (km)"</th><th class="num">"Min (km)"</th><th class="num">"Max (km)"</th></tr></thead>
                <tbody>
                    {distance.by_link_type.iter().map(|entry| view! {
                        <tr>
                            <td>{entry.link_type}</td>
                            <td class="num">{count(entry.count)}</td>
                            <td class="num">{format!("{:.2}", entry.avg_km)}</td>
                            <td class="num">{format!("{:.2}", entry.median_km)}</td>
                            <td class="num">{format!("{:.2}", entry.min_km)}</td>
                            <td class="num">{format!("{:.2}", entry.max_km)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        <section class="panel">
            <h2>"Leg lengths"</h2>
            <Histogram bars=bars(distance.histogram.iter().map(|bin| (bin.x, bin.w, bin.count)), "km") testid="distance-histogram" />
        </section>
        <section class="panel">
            <h2>"Longest links"</h2>
            <table class="grid" data-testid="distance-links">
                <thead><tr><th>"From"</th><th>"To"</th><th>"Link"</th><th class="num">"km"</th><th class="num">"Legs"</th><th class="num">"Best SNR"</th><th>"Last used (UTC)"</th><th>"Sample"</th></tr></thead>
                <tbody>
                    {distance.longest_links.iter().map(|link| { let hash = link.hash.clone(); view! {
                        <tr>
                            <td>{name(nodes, link.from)}</td>
                            <td>{name(nodes, link.to)}</td>
                            <td>{link.link_type}</td>
                            <td class="num">{format!("{:.2}", link.km)}</td>
                            <td class="num">{count(link.legs)}</td>
                            <td class="num">{fixed(link.best_snr_db.map(f64::from), 1)}</td>
                            <td>{utc(link.last_ms)}</td>
                            <td class="mono"><A href=format!("/packets/{hash}")>{hash.clone()}</A></td>
                        </tr>
                    }}).collect_view()}
                </tbody>
            </table>
        </section>
        <section class="panel">
            <h2>"Longest paths"</h2>
            <table class="grid" data-testid="distance-paths">
                <thead><tr><th>"Packet"</th><th class="num">"Total km"</th><th class="num">"Legs"</th><th class="num">"Hops"</th></tr></thead>
                <tbody>
                    {distance.longest_paths.iter().map(|path| { let hash = path.hash.clone(); view! {
                        <tr>
                            <td class="mono"><A href=format!("/packets/{hash}")>{hash.clone()}</A></td>
                            <td class="num">{format!("{:.2}", path.total_km)}</td>
                            <td class="num">{path.legs}</td>
                            <td class="num">{path.hops}</td>
                        </tr>
                    }}).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// The name of node `id` among the snapshot's `nodes`.
fn name(nodes: &[NodeLabel], id: NodeId) -> String {
    nodes
        .iter()
        .find(|label| label.id == id)
        .map_or_else(|| String::from("unknown"), node)
}
