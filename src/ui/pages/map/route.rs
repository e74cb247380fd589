//! A packet's route on the map (`/map?packet=<hash>`): its waypoints (originator, hops, observer), the lines
//! between placed waypoints, and a panel that lists every hop, unplaced ones with their candidates.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::analytics::map_data::MapData;
use crate::analytics::packet_route::PacketRoute;
use crate::store::NodeId;
use crate::ui::widgets::vector_map::MapLine;

/// One step of a route.
#[derive(Debug, Clone, PartialEq)]
pub struct Waypoint {
    /// What it is: `origin`, `hop`, `observer`.
    pub kind: &'static str,
    /// The hop hash, for hops.
    pub prefix: Option<String>,
    /// The node it is placed on.
    pub node: Option<NodeId>,
    /// How many known nodes have the hop's prefix.
    pub candidates: usize,
    /// A label: the node's name, the prefix, or the observer's name.
    pub label: String,
    /// Its position, when placed on a located node.
    pub position: Option<(f64, f64)>,
}

/// The waypoints of `route`, first to last.
pub fn waypoints(route: &PacketRoute, data: &MapData) -> Vec<Waypoint> {
    let placed = |node: Option<NodeId>| node.and_then(|id| data.node(id));
    let label = |node: Option<NodeId>, fallback: String| {
        placed(node)
            .and_then(|n| n.name.clone())
            .unwrap_or(fallback)
    };
    let mut out = Vec::new();
    if let Some(origin) = route.origin {
        out.push(Waypoint {
            kind: "origin",
            prefix: None,
            node: Some(origin),
            candidates: 1,
            label: label(Some(origin), String::from("originator")),
            position: placed(Some(origin)).map(|n| (n.lat, n.lon)),
        });
    }
    for hop in &route.hops {
        out.push(Waypoint {
            kind: "hop",
            prefix: Some(hop.prefix.clone()),
            node: hop.node,
            candidates: hop.candidates.len(),
            label: label(hop.node, hop.prefix.clone()),
            position: placed(hop.node).map(|n| (n.lat, n.lon)),
        });
    }
    if route.observer.is_some() || route.observer_node.is_some() {
        out.push(Waypoint {
            kind: "observer",
            prefix: None,
            node: route.observer_node,
            candidates: usize::from(route.observer_node.is_some()),
            label: label(
                route.observer_node,
                route
                    .observer
                    .clone()
                    .unwrap_or_else(|| String::from("observer")),
            ),
            position: placed(route.observer_node).map(|n| (n.lat, n.lon)),
        });
    }
    out
}

/// The lines of a route: between consecutive placed waypoints (`solid`), and across unplaced ones (`gaps`).
pub fn route_lines(waypoints: &[Waypoint]) -> (Vec<MapLine>, Vec<MapLine>) {
    let mut solid = Vec::new();
    let mut gaps = Vec::new();
    let mut previous: Option<(f64, f64)> = None;
    let mut gap = false;
    for waypoint in waypoints {
        match waypoint.position {
            Some(position) => {
                if let Some(from) = previous {
                    let line = MapLine { from, to: position };
                    if gap {
                        gaps.push(line)
                    } else {
                        solid.push(line)
                    }
                }
                previous = Some(position);
                gap = false;
            }
            None => gap = true,
        }
    }
    (solid, gaps)
}

/// The route panel: every waypoint in order, unplaced ones explained.
#[component]
pub fn RoutePanel(
    /// The route.
    route: PacketRoute,
    /// Its waypoints.
    waypoints: Vec<Waypoint>,
) -> impl IntoView {
    let unplaced = waypoints.iter().filter(|w| w.position.is_none()).count();
    let steps = waypoints
        .into_iter()
        .map(|waypoint| {
            let note = match (waypoint.position.is_some(), waypoint.kind, waypoint.candidates) {
                (true, _, _) => String::new(),
                (false, "hop", 0) => String::from(" (no known node has this prefix)"),
                (false, "hop", 1) => String::from(" (its node has no position)"),
                (false, "hop", n) => format!(" (ambiguous: {n} nodes have this prefix)"),
                (false, _, _) => String::from(" (no position)"),
            };
            let href = waypoint
                .prefix
                .clone()
                .filter(|_| waypoint.node.is_none())
                .map(|prefix| format!("/nodes/{prefix}"));
            view! {
                <li class=format!("waypoint {}", waypoint.kind) class:unplaced=waypoint.position.is_none()>
                    {match href {
                        Some(href) => view! { <A href=href>{waypoint.label.clone()}</A> }.into_any(),
                        None => view! { <span>{waypoint.label.clone()}</span> }.into_any(),
                    }}
                    <span class="hint">{note}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="panel route-panel" data-testid="route-panel">
            <h2>
                "Route of "
                <A href=format!("/packets/{}", route.hash) attr:class="mono">{route.hash.clone()}</A>
                " "<span class="hint">{route.payload_type}</span>
            </h2>
            <ol class="route-steps">{steps}</ol>
            <p class="hint" data-testid="route-unplaced" data-count=unplaced>
                {format!("{unplaced} step{} without a place on the map. ", if unplaced == 1 { "" } else { "s" })}
                <A href="/map">"Clear route"</A>
            </p>
        </section>
    }
}
