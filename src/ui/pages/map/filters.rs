//! The map's filters, kept in the query string: node categories (`?roles=repeater,room`), freshness
//! (`?fresh=fresh` or `stale`) and links (`?links=off`); plus the OpenStreetMap toggle, which stays local.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use crate::analytics::map_data::MapData;
use crate::analytics::map_nodes::MapNode;
use crate::recompute::Analytic;
use crate::ui::widgets::format::count;
use crate::ui::widgets::query_link::query_href;
use crate::ui::widgets::role_marker::{Shape, ShapeIcon};

/// What a marker stands for: observers first, else the advertised role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// A repeater.
    Repeater,
    /// A companion.
    Companion,
    /// A room server.
    Room,
    /// A sensor.
    Sensor,
    /// A node whose key is an observer's.
    Observer,
    /// No known role.
    Unknown,
}

impl Category {
    /// Every category, in the filter bar's order.
    pub const ALL: [Category; 6] = [
        Category::Repeater,
        Category::Companion,
        Category::Room,
        Category::Sensor,
        Category::Observer,
        Category::Unknown,
    ];

    /// The category of `node`.
    pub fn of(node: &MapNode) -> Category {
        if node.observer {
            return Category::Observer;
        }
        match node.role {
            Some("REPEATER") => Category::Repeater,
            Some("CHAT") => Category::Companion,
            Some("ROOM") => Category::Room,
            Some("SENSOR") => Category::Sensor,
            _ => Category::Unknown,
        }
    }

    /// Its name in the query string.
    pub const fn slug(self) -> &'static str {
        match self {
            Category::Repeater => "repeater",
            Category::Companion => "companion",
            Category::Room => "room",
            Category::Sensor => "sensor",
            Category::Observer => "observer",
            Category::Unknown => "unknown",
        }
    }

    /// Its label.
    pub const fn label(self) -> &'static str {
        match self {
            Category::Repeater => "Repeaters",
            Category::Companion => "Companions",
            Category::Room => "Rooms",
            Category::Sensor => "Sensors",
            Category::Observer => "Observers",
            Category::Unknown => "Unknown",
        }
    }

    /// Its marker shape.
    pub const fn shape(self) -> Shape {
        match self {
            Category::Repeater => Shape::Diamond,
            Category::Companion => Shape::Circle,
            Category::Room => Shape::Square,
            Category::Sensor => Shape::Triangle,
            Category::Observer => Shape::Star,
            Category::Unknown => Shape::Ring,
        }
    }

    const fn bit(self) -> u8 {
        match self {
            Category::Repeater => 1,
            Category::Companion => 2,
            Category::Room => 4,
            Category::Sensor => 8,
            Category::Observer => 16,
            Category::Unknown => 32,
        }
    }
}

/// Which freshness is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// Every node.
    All,
    /// Only nodes heard recently.
    Fresh,
    /// Only stale nodes.
    Stale,
}

/// The filters of the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filters {
    categories: u8,
    /// Freshness shown.
    pub freshness: Freshness,
}

impl Filters {
    /// The filters in `query` (every category and freshness when absent).
    pub fn from_query(query: &ParamsMap) -> Filters {
        let categories = match query.get_str("roles") {
            Some(list) => list
                .split(',')
                .filter_map(|slug| Category::ALL.into_iter().find(|c| c.slug() == slug))
                .fold(0, |bits, category| bits | category.bit()),
            None => u8::MAX,
        };
        let freshness = match query.get_str("fresh") {
            Some("fresh") => Freshness::Fresh,
            Some("stale") => Freshness::Stale,
            _ => Freshness::All,
        };
        Filters {
            categories,
            freshness,
        }
    }

    /// Whether `category` is shown.
    pub fn includes(&self, category: Category) -> bool {
        self.categories & category.bit() != 0
    }

    /// Whether `node` is shown.
    pub fn shows(&self, node: &MapNode) -> bool {
        let fresh = match self.freshness {
            Freshness::All => true,
            Freshness::Fresh => !node.stale,
            Freshness::Stale => node.stale,
        };
        fresh && self.includes(Category::of(node))
    }

    /// The `roles` query value with `category` toggled (`None`: every category).
    fn toggled(&self, category: Category) -> Option<String> {
        let bits = self.categories ^ category.bit();
        let all = Category::ALL.iter().fold(0, |b, c| b | c.bit());
        if bits & all == all {
            return None;
        }
        let list: Vec<&str> = Category::ALL
            .into_iter()
            .filter(|c| bits & c.bit() != 0)
            .map(Category::slug)
            .collect();
        Some(if list.is_empty() {
            String::from("none")
        } else {
            list.join(",")
        })
    }
}

/// The filter bar: a toggle chip per category with its count, freshness, links and tiles.
#[component]
pub fn FilterBar(
    /// The filters in force.
    filters: Memo<Filters>,
    /// The map data (for counts).
    data: Analytic<MapData>,
    /// Whether links are drawn.
    show_links: Memo<bool>,
    /// Whether tiles are drawn.
    tiles: RwSignal<bool>,
) -> impl IntoView {
    let query = use_query_map();
    let counts = Memo::new(move |_| {
        let mut counts = [0usize; 6];
        if let Some(data) = data.get() {
            for node in &data.nodes {
                let category = Category::of(node);
                if let Some(at) = Category::ALL.iter().position(|&c| c == category) {
                    counts[at] += 1;
                }
            }
        }
        counts
    });
    let chips = Category::ALL
        .into_iter()
        .enumerate()
        .map(|(index, category)| {
            let href = move || {
                query.with(|q| query_href("/map", q, &[("roles", filters.get().toggled(category))]))
            };
            view! {
                <A
                    href=href
                    attr:class="chip"
                    attr:aria-pressed=move || filters.get().includes(category).to_string()
                    attr:data-category=category.slug()
                >
                    <ShapeIcon shape=category.shape() />
                    {category.label()}
                    " "
                    <span class="tab-count">{move || count(counts.get()[index] as u64)}</span>
                </A>
            }
        })
        .collect_view();
    let freshness = [(Freshness::All, None, "All"), (Freshness::Fresh, Some("fresh"), "Recent"), (Freshness::Stale, Some("stale"), "Stale")]
        .into_iter()
        .map(|(freshness, value, label)| {
            let href = move || query.with(|q| query_href("/map", q, &[("fresh", value.map(str::to_owned))]));
            view! {
                <A href=href attr:class="chip" attr:aria-pressed=move || (filters.get().freshness == freshness).to_string()>
                    {label}
                </A>
            }
        })
        .collect_view();
    let links_href = move || {
        let value = show_links.get().then(|| String::from("off"));
        query.with(|q| query_href("/map", q, &[("links", value)]))
    };
    view! {
        <div class="map-filters" data-testid="map-filters">
            <div class="chips" role="group" aria-label="Node kinds">{chips}</div>
            <div class="chips" role="group" aria-label="Freshness" title="Stale: not heard for 24 h (repeaters and rooms 72 h) before the newest data">
                {freshness}
            </div>
            <div class="chips">
                <A href=links_href attr:class="chip" attr:aria-pressed=move || show_links.get().to_string()>"Links"</A>
                <label class="chip" title="Draws OpenStreetMap tiles under the map: this fetches tiles from the internet">
                    <input type="checkbox" data-testid="map-tiles" prop:checked=move || tiles.get() on:change=move |event| tiles.set(event_target_checked(&event)) />
                    " Street map (online)"
                </label>
            </div>
        </div>
    }
}
