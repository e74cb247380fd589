//! The Map page (`/map`): located nodes by role (shape and colour) and freshness (stale ones faded), links
//! between neighbours, role and freshness filters (`?roles=`, `?fresh=`), a popup per node, and a packet's
//! route (`?packet=<hash>`). Works offline; OpenStreetMap tiles are an opt-in toggle that is not part of the
//! address, so opening a shared link never makes a network request.

mod filters;
mod route;

use std::str::FromStr;
use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::analytics::map_data::MapData;
use crate::analytics::map_links::LinkSource;
use crate::analytics::map_nodes::MapNode;
use crate::analytics::node_query::role_label;
use crate::analytics::packet_route::packet_route;
use crate::protocol::PacketHash;
use crate::recompute::Snapshots;
use crate::ui::state::StoreHandle;
use crate::ui::widgets::format::count;
use crate::ui::widgets::relative_time::RelativeTime;
use crate::ui::widgets::role_marker::Shape;
use crate::ui::widgets::vector_map::{MapLayer, MapLine, MapMarker, VectorMap};
use filters::{Category, FilterBar, Filters};
use route::{RoutePanel, route_lines, waypoints};

/// The Map page.
#[component]
pub fn MapPage() -> impl IntoView {
    let store = expect_context::<StoreHandle>();
    let data = expect_context::<Snapshots>().map;
    let query = use_query_map();
    let filters = Memo::new(move |_| query.with(Filters::from_query));
    let show_links = Memo::new(move |_| query.with(|q| q.get_str("links") != Some("off")));
    let tiles = RwSignal::new(false);
    let selected = RwSignal::new(query.with_untracked(|q| q.get("node")));

    let route = Memo::new(move |_| {
        let hash = query.with(|q| q.get("packet"))?;
        let hash = PacketHash::from_str(hash.trim()).ok()?;
        store
            .read(|store| {
                store
                    .find_transmission(hash)
                    .and_then(|tx| packet_route(store, tx))
            })
            .flatten()
    });
    let route_waypoints = Memo::new(move |_| {
        let route = route.get()?;
        let data = data.get()?;
        Some(waypoints(&route, &data))
    });

    let markers = Memo::new(move |_| {
        let Some(data) = data.get() else {
            return Arc::new(Vec::new());
        };
        let filters = filters.get();
        let on_route: Vec<_> = route_waypoints
            .get()
            .map(|w| w.iter().filter_map(|w| w.node).collect())
            .unwrap_or_default();
        Arc::new(
            data.nodes
                .iter()
                .filter(|node| filters.shows(node) || on_route.contains(&node.id))
                .map(|node| marker(node, on_route.contains(&node.id)))
                .collect::<Vec<_>>(),
        )
    });
    let layers = Memo::new(move |_| {
        let mut layers = Vec::new();
        if let Some(data) = data.get().filter(|_| show_links.get()) {
            let filters = filters.get();
            let (mut direct, mut paths) = (Vec::new(), Vec::new());
            for link in &data.links {
                let (Some(a), Some(b)) = (data.node(link.a), data.node(link.b)) else {
                    continue;
                };
                if !(filters.shows(a) && filters.shows(b)) {
                    continue;
                }
                let line = MapLine {
                    from: (a.lat, a.lon),
                    to: (b.lat, b.lon),
                };
                match link.source {
                    LinkSource::ZeroHop => direct.push(line),
                    LinkSource::Path => paths.push(line),
                }
            }
            layers.push(MapLayer {
                class: "link",
                lines: paths,
            });
            layers.push(MapLayer {
                class: "link zero-hop",
                lines: direct,
            });
        }
        if let Some(waypoints) = route_waypoints.get() {
            let (solid, gaps) = route_lines(&waypoints);
            layers.push(MapLayer {
                class: "route gap",
                lines: gaps,
            });
            layers.push(MapLayer {
                class: "route",
                lines: solid,
            });
        }
        Arc::new(layers)
    });
    let located = move || data.get().map_or(0, |d| d.nodes.len());
    let shown = move || markers.with(|m| m.len());

    view! {
        <h1>"Map"</h1>
        <Show
            when=move || { located() > 0 }
            fallback=move || {
                let has_data = Signal::derive(move || {
                    store.read(|s| s.transmission_count() > 0).unwrap_or(false)
                });
                view! { <NoMap has_data /> }
            }
        >
            <FilterBar filters data show_links tiles />
            <p class="table-caption" data-testid="map-count">
                {move || format!("{} of {} located nodes shown", count(shown() as u64), count(located() as u64))}
            </p>
            <div class="map-layout">
                <VectorMap markers=markers layers=layers selected tiles=tiles size_key="map">
                    <Popup selected data />
                </VectorMap>
                {move || route.get().zip(route_waypoints.get()).map(|(route, waypoints)| view! { <RoutePanel route waypoints /> })}
            </div>
            <Show when=move || query.with(|q| q.get_str("packet").is_some()) && route.with(Option::is_none)>
                <p class="error" data-testid="route-missing">"No stored packet has that hash."</p>
            </Show>
        </Show>
    }
}

/// The marker of a located node.
fn marker(node: &MapNode, highlighted: bool) -> MapMarker {
    MapMarker {
        id: node.key.clone(),
        lat: node.lat,
        lon: node.lon,
        shape: if node.observer {
            Shape::Star
        } else {
            Shape::of_role(node.role)
        },
        faded: node.stale,
        highlighted,
        label: node
            .name
            .clone()
            .unwrap_or_else(|| node.key.get(..8).unwrap_or_default().to_uppercase()),
    }
}

/// The popup of the selected node.
#[component]
fn Popup(
    /// The selected node's key.
    selected: RwSignal<Option<String>>,
    /// The map data.
    data: crate::recompute::Analytic<MapData>,
) -> impl IntoView {
    move || {
        let key = selected.get()?;
        let data = data.get()?;
        let node = data.nodes.iter().find(|n| n.key == key)?;
        let role = node.role.map_or("Unknown role", role_label);
        let category = Category::of(node);
        Some(view! {
            <div class="popup-body" data-testid="map-popup">
                <strong class="popup-name">{node.name.clone().unwrap_or_else(|| String::from("(unnamed)"))}</strong>
                <span class="hint">{role}{(category == Category::Observer).then_some(" · observer")}</span>
                <span class="hint">"Last heard "<RelativeTime unix_ms=node.last_heard_ms />{node.stale.then_some(" · stale")}</span>
                <A href=format!("/nodes/{}", node.key)>"Node page →"</A>
                <button type="button" class="popup-close" aria-label="Close" on:click=move |_| selected.set(None)>"×"</button>
            </div>
        })
    }
}

/// What to do when no node has a position.
#[component]
fn NoMap(
    /// Whether any packet is loaded.
    has_data: Signal<bool>,
) -> impl IntoView {
    view! {
        <section class="empty" data-testid="map-empty">
            {move || if has_data.get() {
                "No node in the loaded data advertises a position yet."
            } else {
                "Nothing to map yet: nodes with a location appear here once their adverts are heard."
            }}
            <p>"Load a packet dump or the sample data, or connect a radio."</p>
            <A href="/sources">"Go to Sources"</A>
        </section>
    }
}
