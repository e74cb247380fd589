//! The discovery panel: guesses names for the hash bytes whose packets no known key opens (the built-in list,
//! the user's words, optionally every short name), in slices of a few milliseconds between frames, with a
//! progress bar and Cancel; each channel found has an "Add channel" button that adds it like the form does.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use super::add_form::{add, report};
use super::channel_href;
use crate::analytics::channel_discovery::{
    self, DiscoveryOptions, FoundChannel, MAX_BRUTE_FORCE_LEN, Origin, Progress, Search,
    brute_force_count,
};
use crate::protocol::crypto::ChannelSpec;
use crate::recompute::precise_now_ms as now_ms;
use crate::ui::state::StoreHandle;
use crate::ui::widgets::format::count;
use crate::yield_now::yield_now;

/// Longest time one slice of the search runs before yielding to the page, ms.
const SLICE_MS: f64 = 8.0;
/// Names tried between clock reads.
const STEP_NAMES: u64 = 128;
/// The brute force bound offered first: every name of up to 4 letters (1.7M names) takes a few seconds.
const DEFAULT_BRUTE_FORCE_LEN: u8 = 4;

/// Where the search is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    /// Not started.
    Idle,
    /// Running since `started_ms` (`performance.now()`).
    Running { started_ms: f64 },
    /// Cancelled.
    Cancelled,
    /// Finished in `elapsed_ms`.
    Done { elapsed_ms: f64 },
}

/// The shared state of the panel and its running search.
#[derive(Clone, Copy)]
struct Discovery {
    phase: RwSignal<Phase>,
    progress: RwSignal<Option<Progress>>,
    found: RwSignal<Vec<FoundChannel>>,
    /// Bumped by each start and cancel: a search whose number is not current stops.
    run: StoredValue<u64>,
}

impl Discovery {
    /// Runs `search` in slices until it ends, is cancelled or the panel is gone.
    fn drive(self, mut search: Search, run: u64) {
        let started_ms = now_ms();
        self.phase.set(Phase::Running { started_ms });
        self.found.set(Vec::new());
        self.progress.set(Some(search.progress()));
        spawn_local(async move {
            loop {
                if self.run.try_get_value() != Some(run) {
                    return;
                }
                let slice_start = now_ms();
                let progress = loop {
                    let progress = search.step(STEP_NAMES);
                    if progress.done() || now_ms() - slice_start >= SLICE_MS {
                        break progress;
                    }
                };
                if self.found.with_untracked(Vec::len) != search.found().len()
                    && self.found.try_set(search.found().to_vec()).is_some()
                {
                    return;
                }
                if self.progress.try_set(Some(progress)).is_some() {
                    return;
                }
                if progress.done() {
                    let elapsed_ms = now_ms() - started_ms;
                    let _ = self.phase.try_set(Phase::Done { elapsed_ms });
                    return;
                }
                yield_now().await;
            }
        });
    }
}

/// The panel.
#[component]
pub fn DiscoveryPanel() -> impl IntoView {
    let store = expect_context::<StoreHandle>();
    let words = RwSignal::new(String::new());
    let brute_force_len = RwSignal::new(DEFAULT_BRUTE_FORCE_LEN);
    let discovery = Discovery {
        phase: RwSignal::new(Phase::Idle),
        progress: RwSignal::new(None),
        found: RwSignal::new(Vec::new()),
        run: StoredValue::new(0),
    };
    let running = move || matches!(discovery.phase.get(), Phase::Running { .. });
    let start = move |_| {
        let options = DiscoveryOptions {
            words: words.get_untracked().lines().map(str::to_owned).collect(),
            brute_force_len: brute_force_len.get_untracked(),
        };
        let Some(search) = store.read_untracked(|store| channel_discovery::search(store, &options))
        else {
            return;
        };
        discovery.run.update_value(|run| *run += 1);
        discovery.drive(search, discovery.run.get_value());
    };
    let cancel = move |_| {
        discovery.run.update_value(|run| *run += 1);
        discovery.phase.set(Phase::Cancelled);
    };
    view! {
        <section class="panel discovery" data-testid="discovery">
            <h2>"Discover channel names"</h2>
            <p class="hint">"Hashtag channels take their key from their name: names are guessed and each key's MAC checked on the captured packets. Private channels cannot be found."</p>
            <label>
                "More names to try (one per line)"
                <textarea
                    data-testid="discovery-words"
                    rows="2"
                    spellcheck="false"
                    placeholder="#ourclub"
                    prop:value=move || words.get()
                    on:input=move |event| words.set(event_target_value(&event))
                ></textarea>
            </label>
            <label>
                "Also try every short name"
                <select
                    data-testid="discovery-brute-force"
                    on:change=move |event| {
                        brute_force_len.set(event_target_value(&event).parse().unwrap_or(0));
                    }
                >
                    {(0..=MAX_BRUTE_FORCE_LEN).map(|len| {
                        let label = match len {
                            0 => String::from("no"),
                            len => format!("up to {len} letters ({} names)", count(brute_force_count(len))),
                        };
                        view! { <option value=len.to_string() selected=len == DEFAULT_BRUTE_FORCE_LEN>{label}</option> }
                    }).collect_view()}
                </select>
            </label>
            <div class="row">
                <button type="button" data-testid="discovery-start" on:click=start disabled=running>"Search"</button>
                <button type="button" data-testid="discovery-cancel" on:click=cancel disabled=move || !running()>"Cancel"</button>
            </div>
            <DiscoveryProgress discovery />
            <FoundList found=discovery.found />
        </section>
    }
}

/// The progress bar and what the search did.
#[component]
fn DiscoveryProgress(discovery: Discovery) -> impl IntoView {
    move || {
        let progress = discovery.progress.get()?;
        let status = match discovery.phase.get() {
            Phase::Idle => String::new(),
            Phase::Running { started_ms } => format!(
                "{} of {} names tried · {:.1} s",
                count(progress.tried),
                count(progress.total),
                (now_ms() - started_ms) / 1000.0
            ),
            Phase::Cancelled => format!(
                "Cancelled after {} of {} names.",
                count(progress.tried),
                count(progress.total)
            ),
            Phase::Done { elapsed_ms } => format!(
                "{} names tried in {:.1} s: {} found.",
                count(progress.tried),
                elapsed_ms / 1000.0,
                progress.found
            ),
        };
        let elapsed = match discovery.phase.get() {
            Phase::Done { elapsed_ms } => format!("{elapsed_ms:.0}"),
            _ => String::new(),
        };
        let phase = match discovery.phase.get() {
            Phase::Idle => "idle",
            Phase::Running { .. } => "running",
            Phase::Cancelled => "cancelled",
            Phase::Done { .. } => "done",
        };
        Some(view! {
            <div class="progress" data-testid="discovery-progress" data-phase=phase data-tried=progress.tried data-total=progress.total data-elapsed-ms=elapsed>
                <progress max="1" value=progress.fraction()></progress>
                <div class="progress-label" role="status"><span data-testid="discovery-status">{status}</span></div>
            </div>
        })
    }
}

/// The channels found, each with an "Add channel" button.
#[component]
fn FoundList(found: RwSignal<Vec<FoundChannel>>) -> impl IntoView {
    view! {
        <ul class="plain" data-testid="discovery-found">
            <For each=move || found.get() key=|channel| channel.name.clone() let:channel>
                <FoundItem channel />
            </For>
        </ul>
    }
}

/// One channel found.
#[component]
fn FoundItem(channel: FoundChannel) -> impl IntoView {
    let store = expect_context::<StoreHandle>();
    let navigate = use_navigate();
    let outcome = RwSignal::new(None::<String>);
    let name = channel.name.clone();
    let on_click = move |_| {
        let text = match ChannelSpec::parse(&name) {
            Ok(spec) => add(store, &spec).map(|added| report(&name, added)),
            Err(error) => Some(error.to_string()),
        };
        outcome.set(text);
        navigate(&channel_href(&name), Default::default());
    };
    let origin = match channel.origin {
        Origin::BuiltIn => "built-in list",
        Origin::UserWord => "your words",
        Origin::BruteForce => "short names",
    };
    let evidence = format!(
        "hash {:02X} · MAC verified on {} of {} sampled packets · {} packets · from {origin}",
        channel.hash,
        channel.verified,
        channel.checked,
        count(channel.packets as u64),
    );
    view! {
        <li class="channel-item" data-testid="discovery-item" data-name=channel.name.clone()>
            <span class="channel-name">{channel.name.clone()}</span>
            <span class="hint">{evidence}</span>
            <button type="button" data-testid="discovery-add" on:click=on_click disabled=move || outcome.get().is_some()>"Add channel"</button>
            {move || outcome.get().map(|text| view! { <span class="outcome" data-testid="discovery-added">{text}</span> })}
        </li>
    }
}
