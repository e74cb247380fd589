//! Browser tests: run in headless Chromium with `cargo test --target wasm32-unknown-unknown --features web
//! --test browser` (ChromeDriver from `CHROMEDRIVER`).
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use meshscope::recompute::{Refresh, Slot};
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
