//! The "who heard it" map: the observers with a known position (stars), the originator and the relays the
//! legs name, and each observation's legs between located radios (solid when both ends are sure, dashed when
//! geography guessed).

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use crate::analytics::packet_detail::PacketDetail;
use crate::analytics::resolve::{Resolver, Vertex};
use crate::store::NodeId;
use crate::ui::widgets::role_marker::Shape;
use crate::ui::widgets::vector_map::{MapLayer, MapLine, MapMarker, VectorMap};

/// The markers and layers of `detail`: `None` when nothing has a position.
fn map_of(detail: &PacketDetail, resolver: &Resolver) -> Option<(Vec<MapMarker>, Vec<MapLayer>)> {
    let label = |node: NodeId| detail.nodes.iter().find(|label| label.id == node);
    let mut markers: Vec<MapMarker> = Vec::new();
    let mut place =
        |node: NodeId, shape: Option<Shape>, highlighted: bool, name: Option<String>| {
            let Some((lat, lon)) = resolver.position(node) else {
                return;
            };
            let id = format!("node-{}", node.index());
            if let Some(marker) = markers.iter_mut().find(|marker| marker.id == id) {
                marker.highlighted |= highlighted;
                if shape == Some(Shape::Star) {
                    marker.shape = Shape::Star;
                }
                return;
            }
            let known = label(node);
            markers.push(MapMarker {
                id,
                lat,
                lon,
                shape: shape.unwrap_or_else(|| Shape::of_role(known.and_then(|l| l.role))),
                faded: false,
                highlighted,
                label: name
                    .or_else(|| known.and_then(|l| l.name.clone()))
                    .unwrap_or_default(),
            });
        };
    if let Some(origin) = &detail.originator {
        place(origin.id, None, true, origin.name.clone());
    }
    let mut sure = Vec::new();
    let mut guessed = Vec::new();
    for heard in &detail.heard {
        if let Vertex::Node(node) = heard.observer.vertex {
            place(node, Some(Shape::Star), false, heard.observer.name.clone());
        }
        for leg in &heard.legs {
            place(leg.from, None, false, None);
            place(leg.to, None, false, None);
            let (Some(from), Some(to)) = (resolver.position(leg.from), resolver.position(leg.to))
            else {
                continue;
            };
            let line = MapLine { from, to };
            let lines = if leg.confident {
                &mut sure
            } else {
                &mut guessed
            };
            if !lines.contains(&line) {
                lines.push(line);
            }
        }
    }
    if markers.is_empty() {
        return None;
    }
    let layers = vec![
        MapLayer {
            class: "route gap",
            lines: guessed,
        },
        MapLayer {
            class: "route",
            lines: sure,
        },
    ];
    Some((markers, layers))
}

/// The map, or a note saying why there is none.
#[component]
pub fn WhoHeardMap(
    /// The packet.
    detail: PacketDetail,
    /// The resolver its paths were resolved with.
    resolver: Rc<Resolver>,
) -> impl IntoView {
    let link = format!("/map?packet={}", detail.hash);
    match map_of(&detail, &resolver) {
        Some((markers, layers)) => view! {
            <section class="who-heard-map" data-testid="who-heard-map">
                <VectorMap
                    markers=Signal::stored(Arc::new(markers))
                    layers=Signal::stored(Arc::new(layers))
                />
                <p class="hint muted">
                    "★ observers · lines: legs between located radios (dashed: placed by geography) · "
                    <a href=link>"Open on the map"</a>
                </p>
            </section>
        }
        .into_any(),
        None => view! {
            <p class="muted who-heard-map" data-testid="who-heard-nomap">
                "No observer or relay of this packet has an advertised position, so there is nothing to map."
            </p>
        }
        .into_any(),
    }
}
