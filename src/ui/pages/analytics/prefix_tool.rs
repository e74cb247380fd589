//! The Prefix tool tab: which hash size to configure, whether a prefix or key is taken, and a free prefix
//! for a new repeater.

use leptos::prelude::*;

use super::Computing;
use crate::analytics::prefix_tool::{PrefixCheck, Reason};
use crate::analytics::{available_prefix, check_prefix};
use crate::recompute::Snapshots;
use crate::ui::state::StoreHandle;
use crate::ui::widgets::format::count;

/// The recommendation, the prefix check and the prefix generator.
#[component]
pub fn PrefixToolTab() -> impl IntoView {
    let snapshots = expect_context::<Snapshots>();
    view! {
        {move || match snapshots.prefix_tool.get() {
            None => view! { <Computing /> }.into_any(),
            Some(tool) => {
                let advice = &tool.recommendation;
                let why = match advice.reason {
                    Reason::FewRepeaters => "few repeaters, and none nearby share a first byte",
                    Reason::ManyRepeaters => "many repeaters: 1-byte prefixes will collide",
                    Reason::NearbyOneByteCollision => "nearby repeaters share a first byte",
                    Reason::NearbyTwoByteCollision => "nearby repeaters share their first two bytes",
                };
                view! {
                    <section class="panel" data-testid="recommendation">
                        <h2>"Recommended path hash size"</h2>
                        <p class="big">{format!("{} byte{}", advice.bytes, if advice.bytes == 1 { "" } else { "s" })}</p>
                        <p>{format!(
                            "Because {why}. {} repeaters known. At this size a path holds up to {} hops; the longest path seen has {}.",
                            count(tool.repeaters as u64),
                            advice.max_hops,
                            advice.longest_path_hops,
                        )}</p>
                    </section>
                }
                .into_any()
            }
        }}
        <PrefixCheckPanel />
        <FreePrefixPanel />
    }
}

/// Checks a prefix (2, 4 or 6 hex digits) or a whole public key against the repeaters known.
#[component]
fn PrefixCheckPanel() -> impl IntoView {
    let store = expect_context::<StoreHandle>();
    let text = RwSignal::new(String::new());
    let result = move || -> Option<Result<PrefixCheck, String>> {
        let text = text.get();
        if text.trim().is_empty() {
            return None;
        }
        store.read(|store| check_prefix(store, &text).map_err(|error| error.to_string()))
    };
    view! {
        <section class="panel">
            <h2>"Check a prefix or key"</h2>
            <input
                type="text"
                placeholder="e.g. A3, A3F1, or a 64-digit public key"
                aria-label="Prefix or public key"
                data-testid="prefix-input"
                bind:value=text
            />
            {move || match result() {
                None => ().into_any(),
                Some(Err(error)) => view! { <p class="error" data-testid="prefix-error">{error}</p> }.into_any(),
                Some(Ok(check)) => view! {
                    <table class="grid" data-testid="prefix-result">
                        <thead><tr><th>"Prefix"</th><th class="num">"Repeaters with it"</th><th>"Who"</th></tr></thead>
                        <tbody>
                            {check.sizes.into_iter().map(|size| view! {
                                <tr>
                                    <td class="mono">{size.prefix}</td>
                                    <td class="num">{size.count}</td>
                                    <td>{size.repeaters.into_iter().map(|r| r.name.unwrap_or(r.public_key)).collect::<Vec<_>>().join(", ")}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any(),
            }}
        </section>
    }
}

/// Proposes a prefix no repeater has, at the size chosen.
#[component]
fn FreePrefixPanel() -> impl IntoView {
    let store = expect_context::<StoreHandle>();
    let proposal = RwSignal::new(None::<String>);
    let propose = move |bytes: usize| {
        let seed = js_sys::Date::now() as u64;
        let found = store
            .read_untracked(|store| available_prefix(store, bytes, seed))
            .flatten();
        proposal.set(Some(match found {
            Some(free) => format!(
                "{}: free at {} bytes ({} repeaters share its shorter prefixes).",
                free.prefix,
                free.bytes,
                free.shorter_collisions
                    .iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(" / "),
            ),
            None => format!("No free {bytes}-byte prefix."),
        }));
    };
    view! {
        <section class="panel">
            <h2>"Free prefix for a new repeater"</h2>
            <div class="row">
                <button data-testid="free-prefix-2" on:click=move |_| propose(2)>"2 bytes"</button>
                <button data-testid="free-prefix-3" on:click=move |_| propose(3)>"3 bytes"</button>
            </div>
            <p class="mono" data-testid="free-prefix">{move || proposal.get()}</p>
        </section>
    }
}
