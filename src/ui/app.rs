use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;

use crate::recompute::{Refresh, Slot};
use crate::ui::pages::{
    AnalyticsPage, ChannelsPage, MapPage, NodesPage, NotFound, PacketsPage, SourcesPage,
};

/// How often the status snapshot is recomputed.
const STATUS_PERIOD_MS: u32 = 1_000;

/// What the status line shows: the latest recompute of the status snapshot.
pub struct Status {
    /// How many times the snapshot has been computed since the app started.
    pub generation: u64,
    /// When it was computed, in milliseconds since the Unix epoch.
    pub computed_at_ms: f64,
}

/// The snapshot slots, provided once by [`App`]. `Copy`, so closures capture it freely.
#[derive(Clone, Copy)]
pub struct Snapshots {
    status: StoredValue<Slot<Status>, LocalStorage>,
    status_changed: Trigger,
}

impl Snapshots {
    /// Subscribes the caller, then a borrow and an `Rc` clone: nothing is computed here.
    pub fn status(&self) -> Option<std::rc::Rc<Status>> {
        self.status_changed.track();
        self.status.with_value(Slot::latest)
    }
}

/// The whole app: top bar, routed page, status line.
#[component]
pub fn App() -> impl IntoView {
    let slot = Slot::empty();
    let status_changed = Trigger::new();
    let generation = std::cell::Cell::new(0u64);
    let refresh = Refresh::start(slot.clone(), status_changed, STATUS_PERIOD_MS, move || {
        generation.set(generation.get() + 1);
        Some(Status {
            generation: generation.get(),
            computed_at_ms: js_sys::Date::now(),
        })
    });
    StoredValue::new_local(refresh);
    provide_context(Snapshots {
        status: StoredValue::new_local(slot),
        status_changed,
    });

    view! {
        <Router>
            <TopBar />
            <main class="page">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=PacketsPage />
                    <Route path=path!("/packets") view=PacketsPage />
                    <Route path=path!("/nodes") view=NodesPage />
                    <Route path=path!("/map") view=MapPage />
                    <Route path=path!("/channels") view=ChannelsPage />
                    <Route path=path!("/analytics") view=AnalyticsPage />
                    <Route path=path!("/sources") view=SourcesPage />
                </Routes>
            </main>
            <StatusLine />
        </Router>
    }
}

/// The product name and the navigation links.
#[component]
fn TopBar() -> impl IntoView {
    view! {
        <header class="topbar">
            <A href="/" attr:class="brand">"MeshScope"</A>
            <nav class="nav" aria-label="Main">
                <A href="/packets">"Packets"</A>
                <A href="/nodes">"Nodes"</A>
                <A href="/map">"Map"</A>
                <A href="/channels">"Channels"</A>
                <A href="/analytics">"Analytics"</A>
                <A href="/sources">"Sources"</A>
            </nav>
        </header>
    }
}

/// A one-line summary of the engine's state at the bottom of every page.
#[component]
fn StatusLine() -> impl IntoView {
    let snapshots = expect_context::<Snapshots>();
    view! {
        <footer class="statusline" data-testid="status-line">
            {move || match snapshots.status() {
                Some(status) => format!(
                    "snapshot #{} computed at {}",
                    status.generation,
                    clock_time(status.computed_at_ms),
                ),
                None => String::from("starting"),
            }}
        </footer>
    }
}

/// `HH:MM:SS` in UTC of a Unix time in milliseconds.
fn clock_time(unix_ms: f64) -> String {
    let seconds_of_day = (unix_ms / 1000.0).rem_euclid(86_400.0) as u32;
    format!(
        "{:02}:{:02}:{:02} UTC",
        seconds_of_day / 3600,
        seconds_of_day / 60 % 60,
        seconds_of_day % 60
    )
}
