//! The Channels tab and the chat view: [`channel_stats`] adds to the channel table ([`channels`]) the overall top
//! senders, the distribution of message lengths, and each known channel's latest messages; [`channel_messages`]
//! pages older ones.
//!
//! Where it differs from CoreScope:
//! - message lengths are the text's bytes after the `"sender: "` prefix (CoreScope measures the whole text,
//!   prefix included), as a distribution and a 20-bin histogram rather than a raw list;
//! - a message is one transmission (the store already merged its hearings); `repeats` is its observation count
//!   and `observers` the number of distinct observers (CoreScope lists their names: the packet view has them);
//! - only text messages (GRP_TXT) are listed and measured; GRP_DATA is counted in the channel table only.
//!
//! [`channels`]: super::channels::channels

use serde::Serialize;

use super::channels::{
    ChannelEntry, SenderCount, TOP_SENDERS, encrypted_entries, known_channel, named,
};
use super::rf::distribution::{Bins, Stats};
use crate::hex;
use crate::store::{ChannelId, MessageId, MessageKind, Store, StrId};

/// Messages per channel kept in the snapshot (the latest).
pub const LATEST_MESSAGES: usize = 500;
/// Bins of the message length histogram.
pub const LENGTH_BINS: usize = 20;

/// The Channels tab's snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelStats {
    /// The channel table (the `channels` key).
    pub channels: Vec<ChannelEntry>,
    /// Totals over every channel.
    pub summary: ChannelSummary,
    /// Per known channel, its latest text messages (the chat view).
    pub messages: Vec<ChannelMessages>,
}

/// Totals over every channel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelSummary {
    /// Entries with messages (known channels with messages, and encrypted hash bytes).
    pub active: usize,
    /// Of those, known channels.
    pub decryptable: usize,
    /// The most active senders over every known channel (at most [`TOP_SENDERS`]).
    pub top_senders: Vec<SenderCount>,
    /// Text length in bytes after the sender prefix.
    pub message_length: Option<Stats>,
    /// The same, [`LENGTH_BINS`] bins.
    pub message_length_histogram: Option<Bins>,
}

/// One known channel's latest text messages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelMessages {
    /// Its name.
    pub name: String,
    /// Its hash byte, two lower-case hex digits.
    pub hash: String,
    /// Its id, for [`channel_messages`].
    #[serde(skip)]
    pub channel: ChannelId,
    /// Its text messages in all.
    pub total: usize,
    /// The latest [`LATEST_MESSAGES`] of them, oldest first: positions `total - messages.len()..total`.
    pub messages: Vec<ChatMessage>,
}

/// A text message as the chat view shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChatMessage {
    /// Its transmission's packet hash, 16 hex digits.
    pub hash: String,
    /// The sender name before `": "`, if the text had one.
    pub sender: Option<String>,
    /// The text after the sender prefix (untrusted: show as text, never as HTML).
    pub text: String,
    /// The sender's clock, unix seconds.
    pub sender_timestamp: u32,
    /// First heard, unix ms.
    pub first_heard_ms: i64,
    /// Observations.
    pub repeats: u32,
    /// Distinct observers.
    pub observers: u32,
    /// Hops of its longest observed path.
    pub hops: u8,
    /// The best SNR it was heard with, dB.
    pub best_snr: Option<f64>,
}

/// The Channels snapshot of `store`.
pub fn channel_stats(store: &Store) -> ChannelStats {
    let channels = store.channels();
    let mut senders = Vec::new();
    let mut all_senders: Vec<(StrId, u64)> = Vec::new();
    let mut entries = Vec::with_capacity(channels.len());
    let mut messages = Vec::new();
    let mut lengths = [0u64; 256];
    let mut heard_by = Vec::new();
    for (id, _) in channels.iter() {
        let entry = known_channel(store, id, &mut senders);
        all_senders.extend_from_slice(&senders);
        let texts = text_messages(store, id);
        for &message in &texts {
            let len = channels.message_text(message).map_or(0, str::len);
            if let Some(count) = lengths.get_mut(len) {
                *count += 1;
            }
        }
        let start = texts.len().saturating_sub(LATEST_MESSAGES);
        messages.push(ChannelMessages {
            name: entry.name.clone(),
            hash: entry.hash.clone(),
            channel: id,
            total: texts.len(),
            messages: texts
                .get(start..)
                .unwrap_or_default()
                .iter()
                .filter_map(|&message| chat_message(store, message, &mut heard_by))
                .collect(),
        });
        entries.push(entry);
    }
    let decryptable = entries.iter().filter(|e| e.messages > 0).count();
    let encrypted = encrypted_entries(store);
    let active = decryptable + encrypted.len();
    entries.extend(encrypted);
    let length_pairs = lengths
        .iter()
        .enumerate()
        .map(|(len, count)| (len as f64, *count));
    ChannelStats {
        channels: entries,
        summary: ChannelSummary {
            active,
            decryptable,
            top_senders: named(
                store,
                merge_counts(&mut all_senders).iter().take(TOP_SENDERS),
            ),
            message_length: Stats::of_counts(length_pairs.clone()),
            message_length_histogram: Bins::of_counts(length_pairs, LENGTH_BINS),
        },
        messages,
    }
}

/// `counts` with the counts of equal senders added up, most first (ties by id).
fn merge_counts(counts: &mut [(StrId, u64)]) -> Vec<(StrId, u64)> {
    counts.sort_unstable();
    let mut merged: Vec<(StrId, u64)> = Vec::new();
    for &(id, count) in counts.iter() {
        match merged.last_mut() {
            Some((last, total)) if *last == id => *total += count,
            _ => merged.push((id, count)),
        }
    }
    merged.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    merged
}

/// The text messages of `channel` at positions `end - limit..end` (clamped) of its time-ordered list, oldest
/// first: the page before position `end`. The snapshot holds `total - LATEST_MESSAGES..total`; the chat view
/// asks for `channel_messages(store, channel, total - LATEST_MESSAGES, 100)` and so on for older pages.
pub fn channel_messages(
    store: &Store,
    channel: ChannelId,
    end: usize,
    limit: usize,
) -> Vec<ChatMessage> {
    let texts = text_messages(store, channel);
    let end = end.min(texts.len());
    texts
        .get(end.saturating_sub(limit)..end)
        .unwrap_or_default()
        .iter()
        .filter_map(|&message| chat_message(store, message, &mut Vec::new()))
        .collect()
}

/// The text messages of `channel` by (first heard, transmission id).
fn text_messages(store: &Store, channel: ChannelId) -> Vec<MessageId> {
    let channels = store.channels();
    let transmissions = store.transmissions();
    let mut keyed: Vec<(i64, u32, MessageId)> = channels
        .messages(channel)
        .iter()
        .filter_map(|&id| {
            let message = channels.message(id)?;
            if !matches!(message.kind, MessageKind::Text { .. }) {
                return None;
            }
            Some((transmissions.first_seen(message.tx)?, message.tx.0, id))
        })
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, _, id)| id).collect()
}

/// What the chat view shows of `message`; `heard_by` is scratch space.
fn chat_message(store: &Store, id: MessageId, heard_by: &mut Vec<u32>) -> Option<ChatMessage> {
    let channels = store.channels();
    let message = channels.message(id)?;
    let transmissions = store.transmissions();
    let observations = store.observations();
    heard_by.clear();
    let mut best_snr: Option<f32> = None;
    for obs in store.observations_of(message.tx) {
        if let Some(observer) = observations.observer(obs) {
            heard_by.push(observer.0);
        }
        if let Some(snr) = observations.snr_db(obs) {
            best_snr = Some(best_snr.map_or(snr, |best| best.max(snr)));
        }
    }
    heard_by.sort_unstable();
    heard_by.dedup();
    Some(ChatMessage {
        hash: hex::encode_lower(&transmissions.hash(message.tx)?.0),
        sender: message
            .sender
            .and_then(|sender| store.string(sender))
            .map(str::to_owned),
        text: channels.message_text(id).unwrap_or_default().to_owned(),
        sender_timestamp: message.sender_timestamp,
        first_heard_ms: transmissions.first_seen(message.tx)?,
        repeats: transmissions.observation_count(message.tx)?,
        observers: heard_by.len() as u32,
        hops: transmissions
            .longest_path(message.tx)
            .map_or(0, |(hops, _)| hops),
        best_snr: best_snr.map(f64::from),
    })
}
