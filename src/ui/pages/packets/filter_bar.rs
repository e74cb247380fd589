//! The filter box: the draft is parsed as it is typed (errors say where), and applied to the query string
//! (`?filter=`, other parameters kept) on Enter or with the Apply button.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::filter::Filter;
use crate::ui::widgets::query_link::query_href;

/// Examples shown under the box.
const EXAMPLES: &[&str] = &[
    "type == ADVERT && snr > -5",
    "hops >= 3",
    "observer == \"name\"",
    "hash ~ \"ab12\"",
];

/// The filter box for the applied filter `applied` (the query string's).
#[component]
pub fn FilterBar(
    /// The applied filter text.
    #[prop(into)]
    applied: Signal<String>,
) -> impl IntoView {
    let draft = RwSignal::new(applied.get_untracked());
    Effect::new(move |_| draft.set(applied.get()));
    let parsed = Memo::new(move |_| Filter::parse(&draft.get()).err());
    let navigate = use_navigate();
    let query = use_query_map();
    let apply = move || {
        let text = draft.get_untracked();
        let text = text.trim();
        let filter = (!text.is_empty()).then(|| text.to_owned());
        let url =
            query.with_untracked(|query| query_href("/packets", query, &[("filter", filter)]));
        navigate(&url, Default::default());
    };
    let apply_on_enter = apply.clone();
    view! {
        <form
            class="filterbar"
            role="search"
            on:submit=move |event| {
                event.prevent_default();
                apply();
            }
        >
            <input
                type="text"
                class="mono"
                data-testid="filter-input"
                aria-label="Display filter"
                placeholder="Filter: type == ADVERT && snr > -5"
                spellcheck="false"
                autocomplete="off"
                class:invalid=move || parsed.with(Option::is_some)
                prop:value=move || draft.get()
                on:input=move |event| draft.set(event_target_value(&event))
                on:keydown=move |event: leptos::ev::KeyboardEvent| {
                    if event.key() == "Escape" {
                        draft.set(String::new());
                        apply_on_enter();
                    }
                }
            />
            <button type="submit" data-testid="filter-apply">"Apply"</button>
        </form>
        {move || match parsed.get() {
            Some(error) => {
                let caret = format!("{}^", " ".repeat(error.column.saturating_sub(1)));
                view! {
                    <div class="filter-error" role="alert" data-testid="filter-error">
                        <pre class="mono">{draft.get()}"\n"{caret}</pre>
                        <span>{error.to_string()}</span>
                    </div>
                }
                .into_any()
            }
            None => view! {
                <p class="filter-help muted">
                    "e.g. " {EXAMPLES.join("  ·  ")}
                    " — fields: type route hash size observers heard_by name channel text snr rssi hops observer path time"
                </p>
            }
            .into_any(),
        }}
    }
}
