//! The chat view of one channel: messages oldest to newest (newest at the bottom), each with sender, time,
//! text, hops, best SNR and how often it was heard; paged from the newest ("Show older").

use leptos::prelude::*;
use leptos_router::components::A;

use super::data::{MessageRow, Selection, encrypted_packets, messages};
use crate::ui::state::StoreHandle;
use crate::ui::widgets::format::count;
use crate::ui::widgets::relative_time::{RelativeTime, utc};

/// Messages per page.
const PAGE: usize = 100;

/// The selected channel's messages.
#[component]
pub fn MessageList(
    /// The channel.
    selection: Selection,
) -> impl IntoView {
    let store = expect_context::<StoreHandle>();
    let shown = RwSignal::new(PAGE);
    let header = move || {
        store.read(|store| match selection {
            Selection::Known(id) => {
                let info = store.channels().get(id);
                let name = info.map(|i| i.name.clone()).unwrap_or_default();
                let hash = info.map_or(0, |i| i.hash);
                (name, format!("hash {hash:02X}"), store.messages(id).len())
            }
            Selection::Encrypted(hash) => (
                format!("hash {hash:02X}"),
                String::from("no known key opens these packets"),
                store.undecrypted(hash).count(),
            ),
        })
    };
    let rows = Memo::new(move |_| {
        let limit = shown.get();
        store
            .read(|store| match selection {
                Selection::Known(id) => messages(store, id, 0, limit),
                Selection::Encrypted(hash) => encrypted_packets(store, hash, 0, limit),
            })
            .unwrap_or_default()
    });
    let list_ref = NodeRef::<leptos::html::Ol>::new();
    list_ref.on_load(move |list| {
        request_animation_frame(move || list.set_scroll_top(f64::from(list.scroll_height())));
    });
    let total = move || header().map_or(0, |(_, _, total)| total);

    view! {
        <div class="panel channel-view" data-testid="channel-view">
            {move || header().map(|(name, detail, total)| view! {
                <h2 data-testid="channel-title">{name}</h2>
                <p class="hint">{detail}" · "<span data-testid="channel-total">{count(total as u64)}</span>" messages"</p>
            })}
            {matches!(selection, Selection::Encrypted(_)).then(|| view! {
                <p class="hint">"If you know this channel, add its #name or secret in the form to decrypt these packets."</p>
            })}
            <Show when=move || { shown.get() < total() }>
                <button type="button" class="more" on:click=move |_| shown.update(|n| *n += PAGE)>"Show older"</button>
            </Show>
            <ol class="messages" node_ref=list_ref data-testid="channel-messages">
                {move || rows.get().into_iter().map(|row| view! { <MessageItem row /> }).collect_view()}
            </ol>
            <Show when=move || total() == 0>
                <p class="hint">"No messages on this channel yet."</p>
            </Show>
        </div>
    }
}

/// One message.
#[component]
fn MessageItem(
    /// The message.
    row: MessageRow,
) -> impl IntoView {
    let sent = if row.sender_timestamp > 0 {
        format!(
            "sender clock {}",
            utc(i64::from(row.sender_timestamp) * 1000)
        )
    } else {
        String::new()
    };
    let heard = format!(
        "{} hop{} · {} · heard {}× by {} observer{}",
        row.hops,
        if row.hops == 1 { "" } else { "s" },
        row.best_snr_db
            .map_or_else(|| String::from("SNR ?"), |snr| format!("SNR {snr:.1} dB")),
        count(u64::from(row.observations)),
        row.observers,
        if row.observers == 1 { "" } else { "s" },
    );
    view! {
        <li class="message">
            <div class="message-head">
                <span class="sender" data-testid="message-sender">{row.sender.unwrap_or_else(|| String::from("(no sender)"))}</span>
                <span class="hint" title=sent><RelativeTime unix_ms=row.time_ms /></span>
                <A href=format!("/packets/{}", row.hash) attr:class="hint mono">{row.hash.get(..8).unwrap_or_default().to_owned()}</A>
            </div>
            <p class="text" data-testid="message-text">{row.text}</p>
            <div class="hint meta">{heard}</div>
        </li>
    }
}
