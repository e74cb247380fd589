//! The Analytics page: one tab per analytic family, each rendering its recomputed snapshot. The tab is in
//! the path (`/analytics/<tab>`), so every tab is a deep link.

mod airtime;
mod anomalies;
mod channels;
mod compare;
mod distance;
mod hash_issues;
mod hash_sizes;
mod labels;
mod neighbor_graph;
mod neighbor_signal;
mod observers;
mod overview;
mod prefix_tool;
mod rf;
mod topology;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::recompute::Snapshots;

/// The tabs: path segment, title.
const TABS: [(&str, &str); 14] = [
    ("overview", "Overview"),
    ("hash-sizes", "Hash sizes"),
    ("hash-issues", "Hash issues"),
    ("prefix-tool", "Prefix tool"),
    ("rf", "RF"),
    ("channels", "Channels"),
    ("observers", "Observers"),
    ("topology", "Topology"),
    ("neighbor-graph", "Neighbor graph"),
    ("distance", "Distance"),
    ("airtime", "Airtime"),
    ("anomalies", "Anomalies"),
    ("neighbor-signal", "Neighbor signal"),
    ("compare", "Compare"),
];

/// The tab a path segment names: a tab's own segment, or another name for what a tab shows
/// (`collisions`, `route-patterns`, `clock-skew`, as CoreScope calls them).
fn canonical(segment: &str) -> String {
    match segment {
        "collisions" => "hash-issues",
        "route-patterns" => "topology",
        "clock-skew" => "observers",
        other => other,
    }
    .to_owned()
}

/// The Analytics page, on the tab its path names (Overview by default).
#[component]
pub fn AnalyticsPage() -> impl IntoView {
    let params = use_params_map();
    let snapshots = expect_context::<Snapshots>();
    let tab = move || params.with(|params| canonical(&params.get("tab").unwrap_or_default()));
    let empty = move || {
        snapshots
            .summary
            .get()
            .is_none_or(|summary| summary.observations == 0)
    };
    view! {
        <h1>"Analytics"</h1>
        <nav class="tabs" aria-label="Analytics">
            {TABS
                .iter()
                .map(|(path, title)| {
                    let current = move || {
                        let tab = tab();
                        tab == *path || (tab.is_empty() && *path == "overview")
                    };
                    view! {
                        <A href=format!("/analytics/{path}") attr:class="tab" attr:data-current=move || current().to_string()>
                            {*title}
                        </A>
                    }
                })
                .collect_view()}
        </nav>
        <Show when=move || !empty() fallback=NoData>
            {move || match tab().as_str() {
                "hash-sizes" => view! { <hash_sizes::HashSizesTab /> }.into_any(),
                "hash-issues" => view! { <hash_issues::HashIssuesTab /> }.into_any(),
                "channels" => view! { <channels::ChannelsTab /> }.into_any(),
                "neighbor-graph" => view! { <neighbor_graph::NeighborGraphTab /> }.into_any(),
                "prefix-tool" => view! { <prefix_tool::PrefixToolTab /> }.into_any(),
                "rf" => view! { <rf::RfTab /> }.into_any(),
                "observers" => view! { <observers::ObserversTab /> }.into_any(),
                "topology" => view! { <topology::TopologyTab /> }.into_any(),
                "distance" => view! { <distance::DistanceTab /> }.into_any(),
                "airtime" => view! { <airtime::AirtimeTab /> }.into_any(),
                "anomalies" => view! { <anomalies::AnomaliesTab /> }.into_any(),
                "neighbor-signal" => view! { <neighbor_signal::NeighborSignalTab /> }.into_any(),
                "compare" => view! { <compare::CompareTab /> }.into_any(),
                "" | "overview" => view! { <overview::OverviewTab /> }.into_any(),
                other => view! {
                    <p class="empty" data-testid="unknown-tab">"No analytics tab named “"{other.to_owned()}"”."</p>
                }
                .into_any(),
            }}
        </Show>
    }
}

/// What the page says before any packet arrived.
#[component]
fn NoData() -> impl IntoView {
    view! {
        <section class="empty" data-testid="analytics-empty">
            <p>"No data to analyse yet."</p>
            <p>"Analytics are recomputed in the background once packets arrive."</p>
            <A href="/sources">"Load sample data or connect a source"</A>
        </section>
    }
}

/// "Computing…" until a snapshot exists.
#[component]
fn Computing() -> impl IntoView {
    view! { <p class="hint">"Computing…"</p> }
}
