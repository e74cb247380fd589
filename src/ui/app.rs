use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;

use crate::recompute::{AnalyticsSettings, Clock, Intervals, Recomputer, Snapshots};
use crate::store::Store;
use crate::ui::live::{LiveSources, connect_from_query};
use crate::ui::pages::{
    AnalyticsPage, ChannelsPage, MapPage, NodeDetailPage, NodesPage, NotFound, PacketPage,
    PacketsPage, SourcesPage,
};
use crate::ui::persist::{Journal, Persistence};
use crate::ui::state::StoreHandle;
use crate::ui::widgets::format::{bytes, count};

/// The whole app: top bar, routed page, status line. Owns the store and the recomputer.
#[component]
pub fn App() -> impl IntoView {
    let store = Rc::new(RefCell::new(Store::new()));
    let snapshots = Snapshots::new();
    let clock = Clock::default();
    let settings = AnalyticsSettings::default();
    let recomputer = Recomputer::start(
        Rc::clone(&store),
        snapshots,
        Intervals::default(),
        clock.clone(),
        settings.clone(),
    );
    let timings = recomputer.timings();
    provide_context(StoredValue::new_local(timings.clone()));
    StoredValue::new_local(recomputer);
    let journal = Rc::new(RefCell::new(Journal::default()));
    let store = StoreHandle::new(store, Rc::clone(&journal), snapshots, timings);
    let live = LiveSources::new(store, clock.clone(), settings.clone());
    connect_from_query(live);
    let persistence = Persistence::start(journal, store, live, settings.clone());
    Effect::new(move |_| {
        let feeds = live.feeds();
        if let Ok(json) = serde_json::to_string(&feeds) {
            persistence.save_setting("feeds", json);
        }
    });
    provide_context(StoredValue::new_local(clock));
    provide_context(StoredValue::new_local(settings));
    provide_context(snapshots);
    provide_context(store);
    provide_context(live);
    provide_context(persistence);

    view! {
        <Router>
            <TopBar />
            <main class="page">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=PacketsPage />
                    <Route path=path!("/packets") view=PacketsPage />
                    <Route path=path!("/packets/:hash") view=PacketPage />
                    <Route path=path!("/nodes") view=NodesPage />
                    <Route path=path!("/nodes/:key") view=NodeDetailPage />
                    <Route path=path!("/map") view=MapPage />
                    <Route path=path!("/channels/:channel?") view=ChannelsPage />
                    <Route path=path!("/analytics") view=AnalyticsPage />
                    <Route path=path!("/analytics/:tab") view=AnalyticsPage />
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

/// A one-line summary of the store at the bottom of every page, from the summary snapshot.
#[component]
fn StatusLine() -> impl IntoView {
    let snapshots = expect_context::<Snapshots>();
    view! {
        <footer class="statusline" data-testid="status-line">
            {move || match snapshots.summary.get() {
                Some(summary) => format!(
                    "{} observations · {} transmissions · {} nodes · {} observers · store {} · revision {}",
                    count(summary.observations as u64),
                    count(summary.transmissions as u64),
                    count(summary.nodes as u64),
                    count(summary.observers as u64),
                    bytes(summary.memory_bytes as u64),
                    summary.revision,
                ),
                None => String::from("starting"),
            }}
        </footer>
    }
}
