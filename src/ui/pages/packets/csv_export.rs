//! The "Export CSV" button: writes the rows the table shows (its filter and mode, newest first) with
//! [`analytics::packet_csv`](crate::analytics::packet_csv) a chunk at a time between frames, then hands the
//! chunks to the browser as one Blob downloaded through an object URL.

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};

use super::feed::Feed;
use crate::analytics::packet_csv::{header, push_row};
use crate::filter::Mode;
use crate::ui::state::StoreHandle;
use crate::ui::widgets::format::count;

/// Rows written between two frames.
const CHUNK_ROWS: usize = 20_000;

/// The export button with its progress.
#[component]
pub fn CsvExport(
    /// The feed whose rows are exported.
    feed: Feed,
) -> impl IntoView {
    let store = expect_context::<StoreHandle>();
    let progress = RwSignal::new(None::<(usize, usize)>);
    let failed = RwSignal::new(None::<String>);
    let export = move |_| {
        if progress.get_untracked().is_some() {
            return;
        }
        let rows = feed.rows();
        let mode = feed.mode.get_untracked();
        let total = rows.len();
        failed.set(None);
        progress.set(Some((0, total)));
        spawn_local(async move {
            let parts = js_sys::Array::new();
            parts.push(&JsValue::from_str(header(mode)));
            let mut done = 0;
            while done < total {
                let end = (done + CHUNK_ROWS).min(total);
                let chunk = store
                    .read_untracked(|store| {
                        let mut out = String::new();
                        for index in done..end {
                            let id = rows.get(store, index).and_then(|row| match mode {
                                Mode::Transmissions => row.tx(store).map(|tx| tx.0),
                                Mode::Observations => row.obs().map(|obs| obs.0),
                            });
                            if let Some(id) = id {
                                push_row(&mut out, store, mode, id);
                            }
                        }
                        out
                    })
                    .unwrap_or_default();
                parts.push(&JsValue::from_str(&chunk));
                done = end;
                if progress.try_set(Some((done, total))).is_some() {
                    return;
                }
                TimeoutFuture::new(0).await;
            }
            let name = match mode {
                Mode::Transmissions => "meshscope-packets.csv",
                Mode::Observations => "meshscope-observations.csv",
            };
            if let Err(error) = download(&parts, name) {
                failed.set(Some(
                    error.as_string().unwrap_or_else(|| format!("{error:?}")),
                ));
            }
            progress.set(None);
        });
    };
    view! {
        <button
            class="csv-export"
            data-testid="export-csv"
            title="Download the rows shown (this filter and view) as CSV"
            disabled=move || progress.with(Option::is_some)
            on:click=export
        >
            {move || match progress.get() {
                Some((done, total)) => format!("Exporting {} of {}", count(done as u64), count(total as u64)),
                None => String::from("⤓ Export CSV"),
            }}
        </button>
        {move || failed.get().map(|error| view! {
            <span class="bad" role="alert">"Export failed: " {error}</span>
        })}
    }
}

/// Offers `parts` (strings) as a CSV download named `name`.
fn download(parts: &js_sys::Array, name: &str) -> Result<(), JsValue> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    let revoke = url.clone();
    spawn_local(async move {
        TimeoutFuture::new(10_000).await;
        let _ = web_sys::Url::revoke_object_url(&revoke);
    });
    Ok(())
}
