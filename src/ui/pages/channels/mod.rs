//! The Channels page (`/channels`, `/channels/<name or hash byte>`): the known channels with their message
//! counts and last activity, the hash bytes whose packets no known key opens, a chat view of the selected
//! channel, and a form to add a channel key (which decrypts the stored packets it opens at once).

mod add_form;
mod data;
mod discovery;
mod list;
mod messages;

use leptos::either::EitherOf4;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::analytics::contact_link::percent_encode;
use crate::ui::state::StoreHandle;
use add_form::{AddChannelForm, AddNamedChannel};
use data::{Selection, select};
use discovery::DiscoveryPanel;
use list::ChannelList;
use messages::MessageList;

/// The address of a channel's view: its name (or hash byte) percent-encoded.
pub fn channel_href(name: &str) -> String {
    format!("/channels/{}", percent_encode(name))
}

/// The Channels page.
#[component]
pub fn ChannelsPage() -> impl IntoView {
    let store = expect_context::<StoreHandle>();
    let params = use_params_map();
    let wanted = Memo::new(move |_| params.with(|p| p.get("channel")).map(|text| decode(&text)));
    let selection = Memo::new(move |_| {
        let text = wanted.get()?;
        store.read(|store| select(store, &text)).flatten()
    });
    let has_encrypted = move || {
        store
            .read(|store| !data::encrypted(store).is_empty())
            .unwrap_or(false)
    };
    let has_packets = move || {
        store
            .read(|store| store.transmission_count() > 0)
            .unwrap_or(false)
    };

    view! {
        <h1>"Channels"</h1>
        <div class="channels">
            <aside class="channel-side">
                <ChannelList selection />
                <Show when=has_encrypted>
                    <DiscoveryPanel />
                </Show>
                <AddChannelForm />
            </aside>
            <section class="channel-main">
                {move || match (wanted.get(), selection.get()) {
                    (_, Some(selection)) => EitherOf4::A(view! { <MessageList selection /> }),
                    (None, None) => EitherOf4::B(view! {
                        <div class="empty" data-testid="channel-none">
                            {if has_packets() {
                                "Pick a channel to read its messages."
                            } else {
                                "No packets yet: load a packet dump or the sample data on the Sources page, or connect a radio. Public and #hashtag channel messages are decrypted as they arrive."
                            }}
                            " "
                            <A href="/sources">"Go to Sources"</A>
                        </div>
                    }),
                    (Some(name), None) if name.starts_with('#') => EitherOf4::C(view! { <AddNamedChannel name /> }),
                    (Some(name), None) => EitherOf4::D(view! {
                        <div class="empty" data-testid="channel-unknown">
                            <p>"No channel “"{name}"” is known, and no packet has that hash byte."</p>
                            <p>"Add its key with the form, or pick a channel from the list."</p>
                        </div>
                    }),
                }}
            </section>
        </div>
    }
}

/// `text` with `%XX` escapes decoded (the router may hand over a still-encoded segment).
fn decode(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let escaped = (byte == b'%')
            .then(|| bytes.get(at + 1..at + 3))
            .flatten()
            .and_then(|digits| std::str::from_utf8(digits).ok())
            .and_then(|digits| u8::from_str_radix(digits, 16).ok());
        match escaped {
            Some(value) => {
                out.push(value);
                at += 3;
            }
            None => {
                out.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether `selection` is the channel of `id`/`hash` (for marking the list).
fn is_selected(selection: Option<Selection>, item: Selection) -> bool {
    selection == Some(item)
}
