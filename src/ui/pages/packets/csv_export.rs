//! The "Export CSV" button: writes the rows the table shows (its filter and mode, newest first) with
//! [`analytics::packet_csv`](crate::analytics::packet_csv) a chunk at a time between frames, then hands the
//! chunks to the browser as one file download.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::feed::Feed;
use crate::analytics::packet_csv::{header, push_row};
use crate::filter::Mode;
use crate::ui::state::StoreHandle;
use crate::ui::widgets::download::save_file;
use crate::ui::widgets::format::count;
use crate::yield_now::yield_now;

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
            let mut parts = vec![header(mode).as_bytes().to_vec()];
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
                parts.push(chunk.into_bytes());
                done = end;
                if progress.try_set(Some((done, total))).is_some() {
                    return;
                }
                yield_now().await;
            }
            let name = match mode {
                Mode::Transmissions => "meshscope-packets.csv",
                Mode::Observations => "meshscope-observations.csv",
            };
            if let Err(error) = save_file(name, "text/csv;charset=utf-8", &parts) {
                failed.set(Some(error));
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
