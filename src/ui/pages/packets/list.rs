//! The Packets page (`/packets`): filter box, the grouped / per-observation toggle (`?view=observations`),
//! live/pause, CSV export, the virtualized list newest first, the decode box.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::cells::{Cells, ROW_HEIGHT, header};
use super::csv_export::CsvExport;
use super::decode_box::DecodeBox;
use super::feed::Feed;
use super::filter_bar::FilterBar;
use super::rows::Rows;
use crate::filter::Mode;
use crate::recompute::Snapshots;
use crate::ui::state::StoreHandle;
use crate::ui::widgets::format::count;
use crate::ui::widgets::query_link::query_href;
use crate::ui::widgets::virtual_table::VirtualTable;

/// The `view` query value of one row per observation (grouped by transmission otherwise).
const OBSERVATIONS_VIEW: &str = "observations";

/// The Packets page.
#[component]
pub fn PacketsPage() -> impl IntoView {
    let store = expect_context::<StoreHandle>();
    let query = use_query_map();
    let filter_text =
        Signal::derive(move || query.with(|query| query.get("filter").unwrap_or_default()));
    let mode = Signal::derive(move || {
        query.with(|query| match query.get_str("view") {
            Some(OBSERVATIONS_VIEW) => Mode::Observations,
            _ => Mode::Transmissions,
        })
    });
    let feed = Feed::new(store, mode, filter_text);
    let held = move || store.read(|store| store.transmission_count()).unwrap_or(0);
    view! {
        <div class="packets-page">
            <h1>"Packets"</h1>
            <FilterBar applied=filter_text />
            <Show when=move || { held() > 0 } fallback=EmptyState>
                <div class="packets-tools">
                    <ModeToggle mode />
                    <CsvExport feed />
                </div>
                <FeedStatus feed />
                <PacketTable feed />
            </Show>
            <DecodeBox />
        </div>
    }
}

/// What to do when the store holds nothing.
#[component]
fn EmptyState() -> impl IntoView {
    view! {
        <section class="empty" data-testid="packets-empty">
            <p>"No packets yet."</p>
            <p>
                "Open " <A href="/sources">"Sources"</A>
                " and press \u{201c}Load sample data\u{201d}, load a packet dump, or connect a radio."
            </p>
        </section>
    }
}

/// Grouped by transmission or one row per observation, as links that keep the rest of the query.
#[component]
fn ModeToggle(
    /// The mode shown.
    mode: Signal<Mode>,
) -> impl IntoView {
    let query = use_query_map();
    let href = move |value: Option<&str>| {
        query.with(|query| query_href("/packets", query, &[("view", value.map(String::from))]))
    };
    view! {
        <nav class="mode-toggle" aria-label="Rows">
            <A
                href=move || href(None)
                attr:class=move || if mode.get() == Mode::Transmissions { "selected" } else { "" }
                attr:aria-current=move || (mode.get() == Mode::Transmissions).then_some("true")
                attr:data-testid="view-grouped"
            >
                "Grouped by transmission"
            </A>
            <A
                href=move || href(Some(OBSERVATIONS_VIEW))
                attr:class=move || if mode.get() == Mode::Observations { "selected" } else { "" }
                attr:aria-current=move || (mode.get() == Mode::Observations).then_some("true")
                attr:data-testid="view-observations"
            >
                "One row per observation"
            </A>
        </nav>
    }
}

/// Row count, filter progress and the live/pause toggle.
#[component]
fn FeedStatus(feed: Feed) -> impl IntoView {
    let shown = move || feed.rows().len();
    let noun = move || match feed.mode.get() {
        Mode::Transmissions => " transmissions",
        Mode::Observations => " observations",
    };
    view! {
        <div class="feed-status">
            <span>
                <strong data-testid="packets-count">{move || count(shown() as u64)}</strong>
                {noun}
                {move || feed.filter.with(|f| f.as_ref().is_ok_and(|f| !f.is_all())).then_some(" match")}
            </span>
            {move || feed.scanning.get().map(|progress| view! {
                <span class="muted" data-testid="filter-progress">
                    {format!(" · filtering {} of {}", count(progress.done as u64), count(progress.total as u64))}
                </span>
            })}
            {move || feed.applied_in_ms.get().map(|ms| view! {
                <span class="muted">{format!(" · filtered in {ms:.0} ms")}</span>
            })}
            <button
                class="pause"
                data-testid="pause"
                aria-pressed=move || feed.is_paused().to_string()
                on:click=move |_| if feed.is_paused() { feed.resume() } else { feed.pause() }
            >
                {move || if feed.is_paused() { "▶ Live" } else { "⏸ Pause" }}
            </button>
            {move || feed.is_paused().then(|| view! {
                <span class="waiting" data-testid="waiting">
                    {format!("paused · {} new", count(feed.waiting() as u64))}
                </span>
            })}
        </div>
    }
}

/// The virtualized list; Enter or a double click opens a packet, ArrowRight/ArrowLeft show its hearings.
#[component]
fn PacketTable(feed: Feed) -> impl IntoView {
    let store = expect_context::<StoreHandle>();
    let snapshots = expect_context::<Snapshots>();
    let selected = RwSignal::new(None::<usize>);
    let navigate = use_navigate();
    let rows = Signal::derive(move || feed.layout().len());
    let tx_at = move |index: usize| {
        let row = feed.row(index)?;
        store.read_untracked(|store| row.tx(store)).flatten()
    };
    let on_open = Callback::new(move |index: usize| {
        let hash = tx_at(index).and_then(|tx| {
            store
                .read_untracked(|store| store.transmissions().hash(tx))
                .flatten()
        });
        if let Some(hash) = hash {
            navigate(&format!("/packets/{hash}"), Default::default());
        }
    });
    let on_expand = Callback::new(move |(index, expand): (usize, bool)| {
        if let Some(tx) = tx_at(index) {
            feed.set_expanded(tx, expand);
        }
    });
    let render_row = move |index: usize| {
        move || {
            let resolver = snapshots.resolver.get();
            feed.row(index)
                .and_then(|row| {
                    store
                        .read(|store| Cells::new(store, resolver.as_deref(), row))
                        .flatten()
                })
                .map(Cells::view)
        }
    };
    view! {
        <VirtualTable
            rows
            row_height=ROW_HEIGHT
            selected
            on_open
            on_expand
            render_row
            header=std::sync::Arc::new(move || (move || header(feed.mode.get())).into_any())
            label="Packets"
            class="packets-table"
        />
        <p class="muted keys">"↑/↓ select · Enter opens · →/← show or hide each hearing"</p>
        {move || (feed.rows().len() == 0 && !matches!(feed.rows(), Rows::Pending)).then(|| view! {
            <p class="empty" data-testid="no-match">"No packet matches this filter."</p>
        })}
    }
}
