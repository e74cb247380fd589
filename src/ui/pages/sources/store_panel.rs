//! What the store holds: the figures, its memory and the memory budget.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::recompute::Snapshots;
use crate::ui::persist::{PersistState, Persistence};
use crate::ui::state::StoreHandle;
use crate::ui::widgets::download::save_file;
use crate::ui::widgets::format::{bytes, count};
use crate::yield_now::yield_now;

/// Observations written per slice of an export: a few milliseconds each, so the page stays responsive.
const EXPORT_SLICE: usize = 20_000;

/// The store's figures and its memory budget.
#[component]
pub fn StorePanel() -> impl IntoView {
    let snapshots = expect_context::<Snapshots>();
    let store = expect_context::<StoreHandle>();
    let persistence = expect_context::<Persistence>();
    let summary = move || snapshots.summary.get();
    let figure = move |pick: fn(&crate::analytics::Summary) -> u64| {
        move || summary().map_or(0, |summary| pick(&summary)).to_string()
    };
    let on_budget = move |event: leptos::ev::Event| {
        let text = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|input| input.value())
            .unwrap_or_default();
        let budget = text
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|megabytes| *megabytes > 0.0)
            .map(|megabytes| (megabytes * 1e6) as usize);
        store.write(|store| store.set_budget(budget));
        if let Ok(json) = serde_json::to_string(&budget) {
            persistence.save_setting("budget", json);
        }
    };
    let on_clear = move |_| {
        let confirmed = web_sys::window()
            .and_then(|window| {
                window
                    .confirm_with_message("Forget every packet held and saved in this browser?")
                    .ok()
            })
            .unwrap_or(false);
        if confirmed {
            persistence.clear();
            store.write(|store| store.clear());
        }
    };
    let budget_value = move || {
        summary()
            .and_then(|summary| summary.budget_bytes)
            .map(|budget| (budget / 1_000_000).to_string())
            .unwrap_or_default()
    };

    view! {
        <section class="panel">
            <h2>"Store"</h2>
            <dl class="stats">
                <div><dt>"Observations"</dt><dd data-testid="stat-observations">{figure(|s| s.observations as u64)}</dd></div>
                <div><dt>"Transmissions"</dt><dd data-testid="stat-transmissions">{figure(|s| s.transmissions as u64)}</dd></div>
                <div><dt>"Nodes"</dt><dd data-testid="stat-nodes">{figure(|s| s.nodes as u64)}</dd></div>
                <div><dt>"Observers"</dt><dd data-testid="stat-observers">{figure(|s| s.observers as u64)}</dd></div>
                <div><dt>"Bad records"</dt><dd data-testid="stat-bad-records">{figure(|s| s.bad_records)}</dd></div>
                <div><dt>"Repeats not stored"</dt><dd data-testid="stat-repeats">{figure(|s| s.repeats)}</dd></div>
            </dl>
            <p data-testid="store-memory">
                {move || summary().map(|summary| {
                    let mut text = format!("Store memory {}", bytes(summary.memory_bytes as u64));
                    if let Some(budget) = summary.budget_bytes {
                        text.push_str(&format!(" of a {} budget", bytes(budget as u64)));
                    }
                    text.push_str(&format!("; wasm heap {}", bytes(wasm_heap_bytes())));
                    text
                })}
            </p>
            <p data-testid="store-evicted">
                {move || summary().filter(|s| s.evicted.transmissions > 0).map(|summary| format!(
                    "The memory budget evicted the oldest {} transmissions ({} observations).",
                    count(summary.evicted.transmissions),
                    count(summary.evicted.observations),
                ))}
            </p>
            <p data-testid="store-nodes-refused">
                {move || summary().filter(|s| s.nodes_refused > 0).map(|summary| format!(
                    "The node table is full ({} nodes): {} packets from new keys were not added as nodes; the packets themselves are kept.",
                    count(summary.nodes as u64),
                    count(summary.nodes_refused),
                ))}
            </p>
            <label>
                "Memory budget (MB) "
                <input
                    type="number"
                    min="1"
                    step="1"
                    placeholder="none"
                    data-testid="memory-budget"
                    prop:value=budget_value
                    on:change=on_budget
                />
            </label>
            <p class="hint" data-testid="persist-state">
                {move || match persistence.state.get() {
                    PersistState::Restoring => String::from("Reading back what this browser saved…"),
                    PersistState::Saving { restored, saved_bytes } => format!(
                        "Saved in this browser as it arrives: {} observations restored at start, {} saved since.",
                        count(restored),
                        bytes(saved_bytes),
                    ),
                    PersistState::Off(reason) => reason,
                }}
            </p>
            <div class="row">
                <ExportButton />
                <button data-testid="clear-data" on:click=on_clear>"Clear data"</button>
            </div>
        </section>
    }
}

/// The size of the wasm linear memory: what the tab really holds for the engine.
fn wasm_heap_bytes() -> u64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .ok()
        .and_then(|memory| memory.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
        .map_or(0, |buffer| buffer.byte_length() as u64)
}

/// Saves every observation held as a MeshScope export (channel names, never keys), which any MeshScope reads
/// back into the same store. Written in slices between frames.
#[component]
fn ExportButton() -> impl IntoView {
    let store = expect_context::<StoreHandle>();
    let progress = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let on_export = move |_| {
        if progress.get_untracked().is_some() {
            return;
        }
        done.set(None);
        let created_ms = js_sys::Date::now() as i64;
        let total = store
            .read_untracked(|store| store.observation_count())
            .unwrap_or(0);
        progress.set(Some(String::from("Exporting…")));
        spawn_local(async move {
            let mut parts = Vec::new();
            let mut header = Vec::new();
            store.read_untracked(|store| store.write_export_header(created_ms, &mut header));
            parts.push(header);
            let mut start = 0;
            while start < total {
                let end = (start + EXPORT_SLICE).min(total);
                let mut part = Vec::new();
                store
                    .read_untracked(|store| store.write_export_observations(start..end, &mut part));
                parts.push(part);
                start = end;
                progress.set(Some(format!(
                    "Exporting… {} of {} observations",
                    count(start as u64),
                    count(total as u64)
                )));
                yield_now().await;
            }
            let name = format!("meshscope-export-{}.jsonl", file_stamp(created_ms));
            let outcome = save_file(&name, "application/x-ndjson", &parts)
                .map(|()| format!("Saved {} observations as {name}.", count(total as u64)))
                .unwrap_or_else(|error| format!("Not saved: {error}."));
            progress.set(None);
            done.set(Some(outcome));
        });
    };
    view! {
        <button data-testid="export-store" on:click=on_export prop:disabled=move || progress.with(Option::is_some)>
            "Export all (MeshScope JSON Lines)"
        </button>
        {move || progress.get().map(|text| view! { <span class="hint" data-testid="export-progress">{text}</span> })}
        {move || done.get().map(|text| view! { <span class="hint" data-testid="export-outcome">{text}</span> })}
    }
}

/// `YYYYMMDD-HHMMSS` of `unix_ms`, UTC, for file names.
fn file_stamp(unix_ms: i64) -> String {
    let iso = crate::time::format_rfc3339_ms(unix_ms);
    iso.get(..19)
        .unwrap_or(&iso)
        .replace(['-', ':'], "")
        .replace('T', "-")
}
