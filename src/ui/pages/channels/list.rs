//! The channel list: known channels with message counts and last activity, then the hash bytes whose packets
//! no known key opens.

use leptos::prelude::*;
use leptos_router::components::A;

use super::data::{EncryptedChannel, KnownChannel, Selection, encrypted, known};
use super::{channel_href, is_selected};
use crate::recompute::Snapshots;
use crate::ui::state::StoreHandle;
use crate::ui::widgets::format::count;
use crate::ui::widgets::relative_time::RelativeTime;

/// Every channel, the selected one marked.
#[component]
pub fn ChannelList(
    /// The selected channel.
    selection: Memo<Option<Selection>>,
) -> impl IntoView {
    let store = expect_context::<StoreHandle>();
    let snapshots = expect_context::<Snapshots>();
    let known = Memo::new(move |_| store.read(known).unwrap_or_default());
    let encrypted = Memo::new(move |_| store.read(encrypted).unwrap_or_default());
    // The snapshot refreshes less often than the store: its sender count is shown only while it describes the
    // same messages the list counts.
    let senders = move |index: usize, channel: &KnownChannel| {
        snapshots.channels.get().and_then(|channels| {
            channels
                .get(index)
                .filter(|c| c.name == channel.name && c.messages == channel.messages)
                .map(|c| c.senders)
        })
    };
    view! {
        <nav class="panel channel-list" aria-label="Channels" data-testid="channel-list">
            <h2>"Channels"</h2>
            <ul class="plain">
                {move || known.get().into_iter().enumerate().map(|(index, channel)| {
                    let selected = is_selected(selection.get(), Selection::Known(channel.id));
                    let senders = senders(index, &channel);
                    view! { <KnownItem channel selected senders /> }
                }).collect_view()}
            </ul>
            <Show when=move || encrypted.with(|e| !e.is_empty())>
                <h3>"Encrypted"</h3>
                <p class="hint">"Packets no known key opens, by channel hash byte. Add the channel's #name or secret below to read them."</p>
                <ul class="plain" data-testid="encrypted-list">
                    {move || encrypted.get().into_iter().map(|channel| {
                        let selected = is_selected(selection.get(), Selection::Encrypted(channel.hash));
                        view! { <EncryptedItem channel selected /> }
                    }).collect_view()}
                </ul>
            </Show>
        </nav>
    }
}

/// A known channel.
#[component]
fn KnownItem(
    /// The channel.
    channel: KnownChannel,
    /// Whether it is the one shown.
    selected: bool,
    /// Distinct senders, from the snapshot.
    senders: Option<usize>,
) -> impl IntoView {
    let detail = match senders {
        Some(senders) => format!(
            "{} messages · {} senders",
            count(channel.messages as u64),
            count(senders as u64)
        ),
        None => format!("{} messages", count(channel.messages as u64)),
    };
    let href = channel_href(&channel.name);
    let hash = format!(" {:02X}", channel.hash);
    let messages = channel.messages;
    let last_ms = channel.last_ms;
    let name = channel.name;
    let data_name = name.clone();
    view! {
        <li class="channel-item" class:selected=selected data-channel=data_name data-messages=messages data-senders=senders>
            <A href=href>
                <span class="channel-name">{name}</span>
                <span class="hint mono">{hash}</span>
            </A>
            <span class="hint">
                {detail}
                {last_ms.map(|ms| view! { " · "<RelativeTime unix_ms=ms /> })}
            </span>
        </li>
    }
}

/// A hash byte with packets no key opens.
#[component]
fn EncryptedItem(
    /// The hash byte and its packets.
    channel: EncryptedChannel,
    /// Whether it is the one shown.
    selected: bool,
) -> impl IntoView {
    let hex = format!("{:02x}", channel.hash);
    view! {
        <li class="channel-item encrypted" class:selected=selected data-hash=hex.clone() data-packets=channel.packets>
            <A href=channel_href(&hex)>
                <span class="channel-name">{format!("hash {:02X}", channel.hash)}</span>
            </A>
            <span class="hint">
                {format!("{} packets", count(channel.packets as u64))}
                {channel.last_ms.map(|ms| view! { " · "<RelativeTime unix_ms=ms /> })}
            </span>
        </li>
    }
}
