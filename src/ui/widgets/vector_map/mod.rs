//! An offline vector map in SVG: markers projected with Web Mercator onto a view fitted to them, line layers
//! (links, a packet's route), a lat/lon graticule and a scale bar; drag to pan, wheel, buttons or keys to zoom
//! (arrows pan, `+`/`-` zoom, `0` fits, Escape closes the popup); click a marker to select it and show the
//! caller's popup beside it. OpenStreetMap tiles are drawn only when the caller turns them on: no request is
//! made otherwise.

mod layers;

use std::sync::Arc;

use leptos::prelude::*;

use super::last_measured::LastMeasured;
use super::role_marker::Shape;
use crate::analytics::projection::{Bounds, View};
pub use layers::{MapLayer, MapLine};

/// Pixels kept free around the markers when the view is fitted to them.
const FIT_MARGIN: f64 = 28.0;
/// A press that moves less than this many pixels is a click, not a drag.
const CLICK_SLOP: f64 = 4.0;
/// Pixels an arrow key pans.
const KEY_PAN: f64 = 60.0;
/// Zoom factor of one wheel notch, button or key.
const ZOOM_STEP: f64 = 1.5;

thread_local! {
    /// The last measured size of each map with a `size_key`.
    static MEASURED: LastMeasured<(f64, f64)> = const { LastMeasured::new() };
}

/// A marker.
#[derive(Debug, Clone, PartialEq)]
pub struct MapMarker {
    /// What the caller knows it by (a node's key); selection reports it.
    pub id: String,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// Its shape.
    pub shape: Shape,
    /// Drawn faded (a stale node).
    pub faded: bool,
    /// Drawn larger with an outline (on a selected route, the node of a page).
    pub highlighted: bool,
    /// Its tooltip (a node's name).
    pub label: String,
}

/// A drag in progress: where it started and how far it has moved, pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Drag {
    start: (f64, f64),
    offset: (f64, f64),
}

/// The map. The caller's `children` are the popup of the selected marker (read `selected` to know which).
#[component]
pub fn VectorMap(
    /// The markers.
    #[prop(into)]
    markers: Signal<Arc<Vec<MapMarker>>>,
    /// Line layers, drawn under the markers in order.
    #[prop(into, optional)]
    layers: Signal<Arc<Vec<MapLayer>>>,
    /// The selected marker's id; clicking a marker sets it, clicking the background clears it.
    #[prop(optional)]
    selected: Option<RwSignal<Option<String>>>,
    /// Whether to draw OpenStreetMap tiles under the map (network requests).
    #[prop(into, optional)]
    tiles: Signal<bool>,
    /// Whether drag, wheel, keys and buttons move the view.
    #[prop(default = true)]
    interactive: bool,
    /// Maps with the same key start at the size the last one measured, so that a page opened again draws its
    /// map once; a map without one draws once it is measured.
    #[prop(optional)]
    size_key: Option<&'static str>,
    /// The popup of the selected marker.
    #[prop(optional)]
    children: Option<ChildrenFn>,
) -> impl IntoView {
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    let size = RwSignal::new(size_key.and_then(|key| MEASURED.with(|sizes| sizes.get(key))));
    let chosen = RwSignal::new(None::<View>);
    let drag = RwSignal::new(None::<Drag>);
    let dragged = StoredValue::new(false);
    let selected = selected.unwrap_or_else(|| RwSignal::new(None));

    let measure = move || {
        if let Some(svg) = svg_ref.get_untracked() {
            let rect = svg.get_bounding_client_rect();
            let measured = (rect.width(), rect.height());
            if measured.0 > 0.0 && measured.1 > 0.0 && size.get_untracked() != Some(measured) {
                size.set(Some(measured));
                if let Some(key) = size_key {
                    MEASURED.with(|sizes| sizes.set(key, measured));
                }
            }
        }
    };
    svg_ref.on_load(move |_| request_animation_frame(measure));
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    let view = Memo::new(move |_| {
        let (width, height) = size.get()?;
        match chosen.get() {
            Some(view) => Some(View {
                width,
                height,
                ..view
            }),
            None => {
                let markers = markers.get();
                let bounds = Bounds::of(markers.iter().map(|m| (m.lat, m.lon)))?;
                Some(View::fit(bounds, width, height, FIT_MARGIN))
            }
        }
    });
    let change = move |change: &dyn Fn(View) -> View| {
        if let Some(current) = view.get_untracked() {
            chosen.set(Some(change(current)));
        }
    };
    let local = move |client_x: f64, client_y: f64| {
        svg_ref.get_untracked().map_or((0.0, 0.0), |svg| {
            let rect = svg.get_bounding_client_rect();
            (client_x - rect.left(), client_y - rect.top())
        })
    };
    let zoom_at_centre = move |factor: f64| {
        change(&|v| v.zoomed(factor, v.width / 2.0, v.height / 2.0));
    };
    let end_drag = move || {
        if let Some(Drag { offset, .. }) = drag.get_untracked() {
            drag.set(None);
            if offset != (0.0, 0.0) {
                change(&|v| v.panned(offset.0, offset.1));
            }
        }
    };

    let on_pointer_down = move |event: leptos::ev::PointerEvent| {
        if !interactive || event.button() != 0 {
            return;
        }
        dragged.set_value(false);
        let start = (event.client_x(), event.client_y());
        drag.set(Some(Drag {
            start,
            offset: (0.0, 0.0),
        }));
    };
    let on_pointer_move = move |event: leptos::ev::PointerEvent| {
        let Some(current) = drag.get_untracked() else {
            return;
        };
        let offset = (
            event.client_x() - current.start.0,
            event.client_y() - current.start.1,
        );
        if offset.0.hypot(offset.1) > CLICK_SLOP {
            dragged.set_value(true);
        }
        if dragged.get_value() {
            drag.set(Some(Drag { offset, ..current }));
        }
    };
    let on_wheel = move |event: leptos::ev::WheelEvent| {
        if !interactive {
            return;
        }
        event.prevent_default();
        let factor = if event.delta_y() < 0.0 {
            ZOOM_STEP
        } else {
            1.0 / ZOOM_STEP
        };
        let (x, y) = local(event.client_x(), event.client_y());
        change(&|v| v.zoomed(factor, x, y));
    };
    let on_key = move |event: leptos::ev::KeyboardEvent| {
        if !interactive {
            return;
        }
        match event.key().as_str() {
            "ArrowLeft" => change(&|v| v.panned(KEY_PAN, 0.0)),
            "ArrowRight" => change(&|v| v.panned(-KEY_PAN, 0.0)),
            "ArrowUp" => change(&|v| v.panned(0.0, KEY_PAN)),
            "ArrowDown" => change(&|v| v.panned(0.0, -KEY_PAN)),
            "+" | "=" => zoom_at_centre(ZOOM_STEP),
            "-" | "_" => zoom_at_centre(1.0 / ZOOM_STEP),
            "0" => chosen.set(None),
            "Escape" => selected.set(None),
            _ => return,
        }
        event.prevent_default();
    };
    let on_background = move |_| {
        if !dragged.get_value() {
            selected.set(None);
        }
    };

    let pan_transform = move || {
        drag.get()
            .map(|d| format!("translate({:.1} {:.1})", d.offset.0, d.offset.1))
            .unwrap_or_default()
    };
    let popup_at = move || {
        let id = selected.get()?;
        let view = view.get()?;
        let markers = markers.get();
        let marker = markers.iter().find(|m| m.id == id)?;
        let (x, y) = view.to_screen(marker.lat, marker.lon);
        let (dx, dy) = drag.get().map_or((0.0, 0.0), |d| d.offset);
        Some(popup_style(x + dx, y + dy, view.width))
    };

    view! {
        <div
            class="vector-map"
            class:interactive=interactive
            tabindex=if interactive { "0" } else { "-1" }
            aria-label="Map: arrows pan, + and - zoom, 0 fits"
            on:keydown=on_key
        >
            <svg
                node_ref=svg_ref
                class="map-canvas"
                class:dragging=move || drag.with(|d| d.is_some_and(|d| d.offset != (0.0, 0.0)))
                on:pointerdown=on_pointer_down
                on:pointermove=on_pointer_move
                on:pointerup=move |_| end_drag()
                on:pointerleave=move |_| end_drag()
                on:pointercancel=move |_| end_drag()
                on:wheel=on_wheel
            >
                <rect class="map-background" width="100%" height="100%" on:click=on_background />
                <g transform=pan_transform>
                    {move || view.get().map(|view| view! {
                        <Tiles view tiles />
                        <Graticule view />
                        <Layers view layers />
                        <Markers view markers selected dragged />
                    })}
                </g>
                {move || view.get().map(|view| view! { <ScaleBar view /> })}
            </svg>
            <Show when=move || interactive>
                <div class="map-buttons">
                    <button type="button" title="Zoom in (+)" on:click=move |_| zoom_at_centre(ZOOM_STEP)>"+"</button>
                    <button type="button" title="Zoom out (-)" on:click=move |_| zoom_at_centre(1.0 / ZOOM_STEP)>"−"</button>
                    <button type="button" title="Fit all (0)" data-testid="map-fit" on:click=move |_| chosen.set(None)>"⤢"</button>
                </div>
            </Show>
            <Show when=move || tiles.get()>
                <p class="map-attribution">"Tiles © OpenStreetMap contributors"</p>
            </Show>
            {move || {
                let style = popup_at()?;
                let children = children.clone()?;
                Some(view! {
                    <div class="map-popup" style=style>
                        {children()}
                    </div>
                })
            }}
        </div>
    }
}

/// OpenStreetMap tiles under everything, when turned on.
#[component]
fn Tiles(view: View, tiles: Signal<bool>) -> impl IntoView {
    move || {
        tiles.get().then(|| {
            let images = view
                .tiles()
                .into_iter()
                .map(|tile| {
                    let href = format!(
                        "https://tile.openstreetmap.org/{}/{}/{}.png",
                        tile.z, tile.x, tile.y
                    );
                    view! {
                        <image
                            class="tile"
                            href=href
                            x=format!("{:.1}", tile.left)
                            y=format!("{:.1}", tile.top)
                            width=format!("{:.1}", tile.size + 0.5)
                            height=format!("{:.1}", tile.size + 0.5)
                        />
                    }
                })
                .collect_view();
            view! { <g class="tiles">{images}</g> }
        })
    }
}

/// Lines of latitude and longitude with their labels.
#[component]
fn Graticule(view: View) -> impl IntoView {
    let (path, labels) = layers::graticule(&view);
    let labels = labels
        .into_iter()
        .map(|label| {
            view! {
                <text class="graticule-label" x=format!("{:.1}", label.x) y=format!("{:.1}", label.y)>
                    {label.text}
                </text>
            }
        })
        .collect_view();
    view! {
        <g class="graticule">
            <path d=path />
            {labels}
        </g>
    }
}

/// The caller's line layers.
#[component]
fn Layers(view: View, layers: Signal<Arc<Vec<MapLayer>>>) -> impl IntoView {
    move || {
        layers
            .get()
            .iter()
            .map(|layer| view! { <path class=layer.class d=layers::lines_path(&view, &layer.lines) /> })
            .collect_view()
    }
}

/// The markers; the highlighted ones last, so they are on top.
#[component]
fn Markers(
    view: View,
    markers: Signal<Arc<Vec<MapMarker>>>,
    selected: RwSignal<Option<String>>,
    dragged: StoredValue<bool>,
) -> impl IntoView {
    move || {
        let markers = markers.get();
        let mut ordered: Vec<&MapMarker> = markers.iter().collect();
        ordered.sort_by_key(|m| m.highlighted);
        ordered
            .into_iter()
            .map(|marker| {
                let (x, y) = view.to_screen(marker.lat, marker.lon);
                let id = marker.id.clone();
                let is_selected = {
                    let id = id.clone();
                    move || selected.with(|s| s.as_deref() == Some(id.as_str()))
                };
                view! {
                    <g
                        class=format!("marker {}", marker.shape.class())
                        class:faded=marker.faded
                        class:highlighted=marker.highlighted
                        class:selected=is_selected
                        data-id=marker.id.clone()
                        transform=format!("translate({x:.1} {y:.1})")
                        on:click=move |_| {
                            if !dragged.get_value() {
                                selected.set(Some(id.clone()));
                            }
                        }
                    >
                        <path d=marker.shape.path() />
                        <title>{marker.label.clone()}</title>
                    </g>
                }
            })
            .collect_view()
    }
}

/// A round distance and its bar, bottom left.
#[component]
fn ScaleBar(view: View) -> impl IntoView {
    let bar = view.scale_bar(120.0);
    let y = view.height - 12.0;
    view! {
        <g class="scale-bar" data-testid="map-scale" transform=format!("translate(12 {y:.1})")>
            <path d=format!("M0 -5V0H{:.1}V-5", bar.px) />
            <text x="0" y="-8">{bar.label}</text>
        </g>
    }
}

/// Room a popup needs above its marker and beside it, pixels (it flips below or aside near the edges).
const POPUP_ROOM_PX: (f64, f64) = (150.0, 140.0);

/// The popup's position for a marker at `(x, y)` on a map `width` pixels wide: above the marker, or below it
/// near the top edge, and kept inside the left and right edges.
fn popup_style(x: f64, y: f64, width: f64) -> String {
    let (room_above, room_aside) = POPUP_ROOM_PX;
    let across = if x < room_aside {
        "-14px"
    } else if x > width - room_aside {
        "calc(-100% + 14px)"
    } else {
        "-50%"
    };
    let down = if y < room_above {
        "14px"
    } else {
        "calc(-100% - 14px)"
    };
    format!("left:{x:.0}px;top:{y:.0}px;transform:translate({across},{down})")
}
