//! The Channels tab: activity per channel (decrypted ones by name, the rest by hash byte), messages per
//! hour, senders, and a link to each channel's messages.

use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::components::A;

use super::Computing;
use super::labels::utc_or_dash;
use crate::analytics::ChannelEntry;
use crate::recompute::Snapshots;
use crate::ui::pages::channels::channel_href;
use crate::ui::widgets::format::count;
use crate::ui::widgets::sparkline::Sparkline;

/// Channel activity.
#[component]
pub fn ChannelsTab() -> impl IntoView {
    let snapshots = expect_context::<Snapshots>();
    move || match snapshots.channels.get() {
        None => view! { <Computing /> }.into_any(),
        Some(channels) => view! { <ChannelsView channels /> }.into_any(),
    }
}

/// The summary and the table of one channels snapshot.
#[component]
fn ChannelsView(channels: Rc<Vec<ChannelEntry>>) -> impl IntoView {
    let decrypted = channels.iter().filter(|channel| !channel.encrypted);
    let readable: usize = decrypted.clone().map(|channel| channel.messages).sum();
    let unreadable: usize = channels
        .iter()
        .filter(|channel| channel.encrypted)
        .map(|channel| channel.messages)
        .sum();
    let active = channels
        .iter()
        .filter(|channel| channel.messages > 0)
        .count();
    let rows = channels
        .iter()
        .filter(|channel| channel.messages > 0)
        .map(channel_row)
        .collect_view();
    view! {
        <section class="panel">
            <h2>"Channels"</h2>
            <p class="hint" data-testid="channels-summary">{format!(
                "{} channels with traffic: {} messages decrypted, {} in channels no known key opens. Add keys on the Channels page.",
                active,
                count(readable as u64),
                count(unreadable as u64),
            )}</p>
            <table class="grid" data-testid="channels-table">
                <thead><tr>
                    <th>"Channel"</th><th>"Hash"</th><th class="num">"Messages"</th><th class="num">"Senders"</th>
                    <th>"Top senders"</th><th>"Messages per hour"</th><th>"Last message (UTC)"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

/// One channel's row, its name linked to its messages.
fn channel_row(channel: &ChannelEntry) -> impl IntoView + use<> {
    let link = if channel.encrypted {
        channel_href(&channel.hash)
    } else {
        channel_href(&channel.name)
    };
    let senders = channel
        .top_senders
        .iter()
        .take(3)
        .map(|sender| format!("{} ({})", sender.name, sender.messages))
        .collect::<Vec<_>>()
        .join(", ");
    let per_hour: Vec<Option<f64>> = channel
        .messages_per_hour
        .iter()
        .map(|hour| Some(hour.messages as f64))
        .collect();
    let label = format!("{} messages per hour", channel.name);
    let senders_count = if channel.encrypted {
        String::from("–")
    } else {
        count(channel.senders as u64)
    };
    let encrypted = channel.encrypted.to_string();
    let name = channel.name.clone();
    view! {
        <tr data-encrypted=encrypted>
            <td><A href=link>{name}</A></td>
            <td class="mono">{channel.hash.clone()}</td>
            <td class="num">{count(channel.messages as u64)}</td>
            <td class="num">{senders_count}</td>
            <td>{senders}</td>
            <td><Sparkline values=per_hour label /></td>
            <td>{utc_or_dash(channel.last_activity_ms)}</td>
        </tr>
    }
}
