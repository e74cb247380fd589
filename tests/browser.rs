//! Browser tests: run in headless Chromium with `cargo test --target wasm32-unknown-unknown --features web
//! --test browser` (ChromeDriver from `CHROMEDRIVER`).
#![cfg(target_arch = "wasm32")]

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use meshscope::analytics::{self, AnomalyOptions};
use meshscope::generate::{Mesh, MeshOptions, OutputOptions, TrafficOptions, write_dump};
use meshscope::ingest::{Batch, Format, Parser};
use meshscope::recompute::{
    AnalyticsSettings, Clock, Intervals, Recomputer, Refresh, Slot, Snapshots,
};
use meshscope::store::{ObserverKind, Store};
use meshscope::ui::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn refresh_swaps_on_its_interval_and_stops_when_dropped() {
    let owner = Owner::new();
    owner.set();
    let slot = Slot::empty();
    let changed = Trigger::new();
    let computes = Rc::new(Cell::new(0u32));
    let counter = Rc::clone(&computes);
    let refresh = Refresh::start(slot.clone(), changed, 20, move || {
        counter.set(counter.get() + 1);
        Some(counter.get())
    });
    assert_eq!(
        slot.latest().as_deref(),
        Some(&1),
        "the first compute runs at start"
    );

    TimeoutFuture::new(130).await;
    let while_running = computes.get();
    assert!(
        while_running >= 4,
        "only {while_running} computes in 130 ms at 20 ms"
    );
    assert_eq!(slot.latest().as_deref(), Some(&while_running));

    drop(refresh);
    let at_stop = computes.get();
    TimeoutFuture::new(100).await;
    assert_eq!(
        computes.get(),
        at_stop,
        "a dropped refresh must not tick again"
    );
}

#[wasm_bindgen_test]
async fn a_failed_compute_keeps_the_previous_snapshot() {
    let owner = Owner::new();
    owner.set();
    let slot = Slot::empty();
    let calls = Rc::new(Cell::new(0u32));
    let counter = Rc::clone(&calls);
    let _refresh = Refresh::start(slot.clone(), Trigger::new(), 20, move || {
        counter.set(counter.get() + 1);
        (counter.get() == 1).then_some("first")
    });
    TimeoutFuture::new(80).await;
    assert!(calls.get() >= 3);
    assert_eq!(slot.latest().as_deref(), Some(&"first"));
}

/// A store of a generated mesh's two hours, filled to 20,000 observations.
fn generated_store() -> Store {
    let mesh = Mesh::new(&MeshOptions {
        nodes: 20,
        observers: 3,
        ..MeshOptions::default()
    });
    let traffic = TrafficOptions {
        duration_ms: 2 * 3_600_000,
        ..TrafficOptions::default()
    };
    let mut dump = Vec::new();
    let output = OutputOptions {
        target_observations: Some(20_000),
        ..OutputOptions::default()
    };
    write_dump(&mesh, &traffic, &output, &mut dump).unwrap();
    let mut parser = Parser::new(Format::F1Json);
    let mut batch = Batch::new();
    parser.feed(&dump, &mut batch);
    parser.finish(&mut batch);
    let mut store = Store::new();
    store.ingest(&batch, parser.observers(), ObserverKind::Mqtt);
    store
}

#[wasm_bindgen_test]
async fn costly_analytics_compute_in_slices_once_viewed_and_equal_a_whole_compute() {
    let owner = Owner::new();
    owner.set();
    let store = generated_store();
    let observations = store.observation_count();
    assert!(observations > 10_000, "{observations} observations");
    let store = Rc::new(RefCell::new(store));
    let snapshots = Snapshots::new();
    let recomputer = Recomputer::start(
        Rc::clone(&store),
        snapshots,
        Intervals::default(),
        Clock::default(),
        AnalyticsSettings::default(),
    );
    TimeoutFuture::new(700).await;
    assert!(
        snapshots.graph.latest().is_none() && snapshots.insights.latest().is_none(),
        "computed only once a view asks"
    );
    assert!(snapshots.graph.get().is_none() && snapshots.insights.get().is_none());
    for _ in 0..300 {
        if snapshots.graph.latest().is_some() && snapshots.insights.latest().is_some() {
            break;
        }
        TimeoutFuture::new(100).await;
    }
    let (graph, insights) = (snapshots.graph.latest(), snapshots.insights.latest());
    let (Some(graph), Some(insights)) = (graph, insights) else {
        panic!("graph and insights not computed in 30 s");
    };
    let timings = recomputer.timings().all();
    let insights_timing = timings.iter().find(|t| t.name == "insights").unwrap();
    assert!(
        insights_timing.last_slices > 1,
        "{observations} observations folded in one slice: {insights_timing:?}"
    );
    let store = store.borrow();
    let now_ms = store.time_span().map_or(0, |(_, last)| last);
    assert_eq!(*graph, analytics::graph(&store, now_ms));
    assert_eq!(
        insights.anomalies,
        analytics::anomalies(&store, &AnomalyOptions::default())
    );
}

#[wasm_bindgen_test]
async fn yield_now_lets_other_tasks_run() {
    let ran = Rc::new(Cell::new(false));
    let flag = Rc::clone(&ran);
    let _timeout = gloo_timers::callback::Timeout::new(0, move || flag.set(true));
    // A yield made of microtasks alone would finish every round before the timer's task runs.
    for _ in 0..10_000 {
        meshscope::yield_now::yield_now().await;
        if ran.get() {
            break;
        }
    }
    assert!(
        ran.get(),
        "a timer queued before the yields ran between them"
    );
}

#[wasm_bindgen_test]
async fn app_mounts_with_the_navigation() {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let host = document.create_element("div").expect("a div");
    document
        .body()
        .expect("a body")
        .append_child(&host)
        .expect("appended");
    let _mounted = leptos::mount::mount_to(host.clone().unchecked_into(), App);
    TimeoutFuture::new(0).await;

    let links = host.query_selector_all("nav.nav a").expect("a selector");
    let names: Vec<String> = (0..links.length())
        .filter_map(|i| links.item(i))
        .filter_map(|n| n.text_content())
        .collect();
    assert_eq!(
        names,
        [
            "Packets",
            "Nodes",
            "Map",
            "Channels",
            "Analytics",
            "Sources"
        ]
    );
    let brand = host
        .query_selector(".brand")
        .ok()
        .flatten()
        .and_then(|b| b.text_content());
    assert_eq!(brand.as_deref(), Some("MeshScope"));
}
