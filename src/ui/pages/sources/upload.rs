//! Packet dumps: a drop zone, a file picker, the sample data, and the progress of the current read.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::ingest::upload::{Ending, Progress, read_bytes, read_file};
use crate::ingest::{BadRecord, Batch, Format, ObserverInfo, Options};
use crate::store::ObserverKind;
use crate::ui::state::StoreHandle;
use crate::ui::widgets::format::{bytes, count, rate};

/// Where the shipped sample dump is served from.
const SAMPLE_URL: &str = "/sample/meshscope-sample.jsonl";
/// Bad records listed on the page (all are counted).
const LISTED_BAD_RECORDS: usize = 100;

/// One bad record as listed: the file it came from and what was wrong where.
#[derive(Clone, PartialEq)]
struct ListedBadRecord {
    file: String,
    record: BadRecord,
}

/// The state of the reads started from this panel.
#[derive(Clone, Copy)]
struct Reads {
    /// The file being read and its progress.
    current: RwSignal<Option<(String, Progress)>>,
    /// How the last read ended, as a sentence.
    outcome: RwSignal<Option<String>>,
    /// The first bad records of the reads so far.
    bad_records: RwSignal<Vec<ListedBadRecord>>,
    /// Set to stop the read in progress.
    cancel: StoredValue<Rc<Cell<bool>>, LocalStorage>,
    /// The format chosen by the user; `None` detects it per file.
    format: RwSignal<Option<Format>>,
}

/// The file panel: drop zone, picker, format override, sample data, progress, bad records.
#[component]
pub fn FileUpload() -> impl IntoView {
    let store = expect_context::<StoreHandle>();
    let reads = Reads {
        current: RwSignal::new(None),
        outcome: RwSignal::new(None),
        bad_records: RwSignal::new(Vec::new()),
        cancel: StoredValue::new_local(Rc::new(Cell::new(false))),
        format: RwSignal::new(None),
    };
    let dragging = RwSignal::new(false);
    let busy = move || reads.current.with(Option::is_some);

    let on_pick = move |event: leptos::ev::Event| {
        let Some(input) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        if let Some(files) = input.files() {
            read_files(store, reads, files_of(&files));
        }
        input.set_value("");
    };
    let on_drop = move |event: leptos::ev::DragEvent| {
        event.prevent_default();
        dragging.set(false);
        if let Some(files) = event.data_transfer().and_then(|data| data.files()) {
            read_files(store, reads, files_of(&files));
        }
    };
    let on_sample = move |_| read_sample(store, reads);
    let on_format = move |event: leptos::ev::Event| {
        let value = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlSelectElement>().ok())
            .map(|select| select.value())
            .unwrap_or_default();
        reads.format.set(format_named(&value));
    };

    view! {
        <section class="panel">
            <h2>"Packet dumps"</h2>
            <div
                class="dropzone"
                class:dragging=move || dragging.get()
                data-testid="drop-zone"
                on:dragover=move |event: leptos::ev::DragEvent| {
                    event.prevent_default();
                    dragging.set(true);
                }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <p>"Drop dump files here, or"</p>
                <label class="button">
                    "Choose files…"
                    <input
                        type="file"
                        multiple
                        data-testid="file-input"
                        class="visually-hidden"
                        on:change=on_pick
                        prop:disabled=busy
                    />
                </label>
                <p class="hint">
                    "Observer MQTT JSON Lines, hex lines or CSV, companion serial captures, MeshScope exports."
                </p>
            </div>
            <div class="row">
                <label>
                    "Format "
                    <select data-testid="format-select" on:change=on_format>
                        <option value="auto">"detect per file"</option>
                        <option value="f1">"observer JSON Lines (F.1)"</option>
                        <option value="hex">"hex lines / CSV"</option>
                        <option value="serial">"companion serial capture"</option>
                        <option value="export">"MeshScope export"</option>
                    </select>
                </label>
                <button data-testid="load-sample" on:click=on_sample prop:disabled=busy>
                    "Load sample data"
                </button>
            </div>
            <ProgressView reads />
            {move || reads.outcome.get().map(|text| view! { <p class="outcome" data-testid="ingest-outcome">{text}</p> })}
            <BadRecordList records=reads.bad_records />
        </section>
    }
}

/// The progress bar of the read in progress, with its rates and a cancel button.
#[component]
fn ProgressView(reads: Reads) -> impl IntoView {
    view! {
        <Show when=move || reads.current.with(Option::is_some)>
            {move || {
                reads
                    .current
                    .get()
                    .map(|(file, progress)| {
                        view! {
                            <div class="progress" data-testid="ingest-progress">
                                <div class="progress-label">
                                    <span class="mono">{file}</span>
                                    <span>
                                        {format!(
                                            "{} of {} · {} records · {} · {}",
                                            bytes(progress.bytes_read),
                                            bytes(progress.total_bytes),
                                            count(progress.records),
                                            rate(progress.records_per_second()),
                                            rate(progress.bytes_per_second()).replace("/s", "B/s"),
                                        )}
                                    </span>
                                </div>
                                <progress max="1" value=progress.fraction()></progress>
                            </div>
                        }
                    })
            }}
            <button
                data-testid="ingest-cancel"
                on:click=move |_| reads.cancel.with_value(|cancel| cancel.set(true))
            >
                "Cancel"
            </button>
        </Show>
    }
}

/// The first bad records of the reads, with file, line and reason.
#[component]
fn BadRecordList(records: RwSignal<Vec<ListedBadRecord>>) -> impl IntoView {
    view! {
        <Show when=move || records.with(|records| !records.is_empty())>
            <h3>"Bad records"</h3>
            <ul class="bad-records" data-testid="bad-records">
                <For
                    each=move || records.get().into_iter().enumerate()
                    key=|(index, _)| *index
                    children=|(_, listed)| view! {
                        <li><span class="mono">{listed.file}</span>": "{listed.record.to_string()}</li>
                    }
                />
            </ul>
        </Show>
    }
}

fn files_of(list: &web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length())
        .filter_map(|index| list.get(index))
        .collect()
}

fn format_named(name: &str) -> Option<Format> {
    match name {
        "f1" => Some(Format::F1Json),
        "hex" => Some(Format::HexLines),
        "serial" => Some(Format::SerialCapture),
        "export" => Some(Format::Export),
        _ => None,
    }
}

/// The options of a read: records that name no observer are attributed to the file.
fn options_for(name: &str) -> Options {
    Options {
        base_time_ms: js_sys::Date::now() as i64,
        default_observer: ObserverInfo {
            id: None,
            name: Some(name.to_owned()),
            iata: None,
        },
        ..Options::default()
    }
}

/// A sink that ingests each batch into the store and lists its first bad records.
fn sink(store: StoreHandle, reads: Reads, file: String) -> impl FnMut(&Batch, &[ObserverInfo]) {
    move |batch, observers| {
        store.ingest(batch, observers, ObserverKind::File);
        if !batch.bad_records.is_empty() {
            reads.bad_records.update(|listed| {
                let room = LISTED_BAD_RECORDS.saturating_sub(listed.len());
                listed.extend(
                    batch
                        .bad_records
                        .iter()
                        .take(room)
                        .map(|record| ListedBadRecord {
                            file: file.clone(),
                            record: *record,
                        }),
                );
            });
        }
    }
}

fn progress_to(reads: Reads, file: String) -> impl FnMut(&Progress) {
    move |progress| reads.current.set(Some((file.clone(), *progress)))
}

fn start(reads: Reads) -> Rc<Cell<bool>> {
    let cancel = Rc::new(Cell::new(false));
    reads.cancel.set_value(Rc::clone(&cancel));
    reads.outcome.set(None);
    cancel
}

fn finish(reads: Reads, file: &str, progress: Progress, ending: Ending) {
    reads.current.set(None);
    let what = format!(
        "{}: {} records, {} bad, in {:.1} s",
        file,
        count(progress.records),
        count(progress.bad_records),
        progress.elapsed_ms / 1000.0
    );
    reads.outcome.set(Some(match ending {
        Ending::Done => what,
        Ending::Cancelled => format!("{what}: cancelled; what was read is kept"),
        Ending::Failed(reason) => format!("{what}: stopped: {reason}"),
    }));
}

/// Reads the files one after the other into the store.
fn read_files(store: StoreHandle, reads: Reads, files: Vec<web_sys::File>) {
    if files.is_empty() {
        return;
    }
    let cancel = start(reads);
    let format = reads.format.get_untracked();
    spawn_local(async move {
        for file in files {
            let name = file.name();
            let (progress, ending) = read_file(
                &file,
                format,
                options_for(&name),
                &cancel,
                sink(store, reads, name.clone()),
                progress_to(reads, name.clone()),
            )
            .await;
            let stop = ending != Ending::Done;
            finish(reads, &name, progress, ending);
            if stop {
                break;
            }
        }
    });
}

/// Fetches the shipped sample dump and reads it into the store.
fn read_sample(store: StoreHandle, reads: Reads) {
    let cancel = start(reads);
    let name = String::from("meshscope-sample.jsonl");
    reads.current.set(Some((name.clone(), Progress::default())));
    spawn_local(async move {
        let (progress, ending) = match fetch_bytes(SAMPLE_URL).await {
            Ok(bytes) => {
                read_bytes(
                    &bytes,
                    None,
                    options_for(&name),
                    &cancel,
                    sink(store, reads, name.clone()),
                    progress_to(reads, name.clone()),
                )
                .await
            }
            Err(reason) => (Progress::default(), Ending::Failed(reason)),
        };
        finish(reads, &name, progress, ending);
    });
}

async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| format!("{url}: the request failed"))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| format!("{url}: not a response"))?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let buffer = response
        .array_buffer()
        .map_err(|_| format!("{url}: no body"))?;
    let buffer = JsFuture::from(buffer)
        .await
        .map_err(|_| format!("{url}: the body could not be read"))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
