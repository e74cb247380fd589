//! Adding a channel key: `#name`, a hex or base64 secret with an optional name, or a
//! `meshcore://channel/add` link. The key stays in this browser tab; adding it decrypts the stored packets it
//! opens at once, and the form says how many.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::channel_href;
use crate::protocol::crypto::{ChannelSpec, KeyError};
use crate::store::ChannelAdded;
use crate::ui::state::StoreHandle;
use crate::ui::widgets::format::count;

/// What the last submission did.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    /// The text was refused.
    Refused(String),
    /// The key was added (or known).
    Added {
        /// The channel's name.
        name: String,
        /// What the store did.
        added: ChannelAdded,
    },
}

/// The spec of the form's fields: the channel text, and a name for a bare secret.
fn spec_of(text: &str, name: &str) -> Result<ChannelSpec, KeyError> {
    let (text, name) = (text.trim(), name.trim());
    let bare_secret =
        !(text.starts_with('#') || text.starts_with("meshcore://") || text.contains('='));
    if bare_secret && !name.is_empty() {
        ChannelSpec::parse(&format!("{name}={text}"))
    } else {
        ChannelSpec::parse(text)
    }
}

/// Adds `spec` to the store; `None` if the store is busy.
pub(super) fn add(store: StoreHandle, spec: &ChannelSpec) -> Option<ChannelAdded> {
    store.write(|store| store.add_channel_spec(spec))
}

/// The sentence that reports an addition.
pub(super) fn report(name: &str, added: ChannelAdded) -> String {
    if added.new {
        format!(
            "Added {name}: {} stored packet{} decrypted.",
            count(added.decrypted as u64),
            if added.decrypted == 1 { "" } else { "s" }
        )
    } else {
        format!("{name} is already known: nothing new to decrypt.")
    }
}

/// The form.
#[component]
pub fn AddChannelForm() -> impl IntoView {
    let store = expect_context::<StoreHandle>();
    let navigate = use_navigate();
    let text = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Outcome>);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        match spec_of(&text.get_untracked(), &name.get_untracked()) {
            Err(error) => outcome.set(Some(Outcome::Refused(error.to_string()))),
            Ok(spec) => {
                if let Some(added) = add(store, &spec) {
                    let stored_name = store
                        .read_untracked(|store| {
                            store.channels().get(added.id).map(|info| info.name.clone())
                        })
                        .flatten()
                        .unwrap_or(spec.name);
                    text.set(String::new());
                    name.set(String::new());
                    navigate(&channel_href(&stored_name), Default::default());
                    outcome.set(Some(Outcome::Added {
                        name: stored_name,
                        added,
                    }));
                }
            }
        }
    };
    view! {
        <form class="panel add-channel" on:submit=on_submit data-testid="add-channel">
            <h2>"Add a channel"</h2>
            <label>
                "Channel"
                <input
                    type="text"
                    data-testid="channel-input"
                    placeholder="#name, secret (hex or base64), or meshcore://channel/add link"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || text.get()
                    on:input=move |event| {
                        text.set(event_target_value(&event));
                        outcome.set(None);
                    }
                    aria-invalid=move || matches!(outcome.get(), Some(Outcome::Refused(_))).to_string()
                />
            </label>
            <label>
                "Name (for a secret)"
                <input
                    type="text"
                    data-testid="channel-name-input"
                    placeholder="optional"
                    autocomplete="off"
                    prop:value=move || name.get()
                    on:input=move |event| name.set(event_target_value(&event))
                />
            </label>
            <button type="submit" data-testid="channel-add">"Add"</button>
            {move || outcome.get().map(|outcome| match outcome {
                Outcome::Refused(error) => view! { <p class="error" role="alert" data-testid="channel-error">{error}</p> }.into_any(),
                Outcome::Added { name, added } => view! {
                    <p class="outcome" role="status" data-testid="channel-added" data-decrypted=added.decrypted>{report(&name, added)}</p>
                }.into_any(),
            })}
            <p class="hint">"Keys stay in this browser tab and are never sent anywhere."</p>
        </form>
    }
}

/// The view of a `#name` address whose channel is not added yet: one button adds it.
#[component]
pub fn AddNamedChannel(
    /// The `#name`.
    name: String,
) -> impl IntoView {
    let store = expect_context::<StoreHandle>();
    let result = RwSignal::new(None::<String>);
    let label = format!("Add {name}");
    let on_click = {
        let name = name.clone();
        move |_| {
            let text = match ChannelSpec::parse(&name) {
                Ok(spec) => add(store, &spec).map(|added| report(&name, added)),
                Err(error) => Some(error.to_string()),
            };
            result.set(text);
        }
    };
    view! {
        <div class="empty" data-testid="channel-not-added">
            <p>"The channel “"{name.clone()}"” is not added yet. Its key comes from its name, so it can be added right away."</p>
            <button type="button" data-testid="channel-add-named" on:click=on_click>{label}</button>
            {move || result.get().map(|text| view! { <p class="outcome">{text}</p> })}
        </div>
    }
}
