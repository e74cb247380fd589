//! The `channels` key and the Channels tab's table (reference 3.3 channels): every known channel with its
//! decrypted messages, distinct senders, last activity, messages per hour and top senders, then one entry per
//! channel hash byte whose packets no known key opens (`hash XX`, `encrypted`).
//!
//! Where it differs from CoreScope: channels are told apart by key, not by hash byte (two channels may share a
//! byte), known channels are listed even before their first message, and the order is the order channels were
//! added (Public first), then encrypted hash bytes ascending; CoreScope sorts by messages.

use serde::Serialize;

use super::rf::MAX_HOURS;
use crate::store::aggregates::HOUR_MS;
use crate::store::{ChannelId, Store, StrId, TxId};

/// Most senders listed per channel and overall.
pub const TOP_SENDERS: usize = 15;

/// One channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChannelEntry {
    /// `Public`, `#name`, a given name, or `hash XX` (a secret given without a name, or an encrypted entry).
    pub name: String,
    /// The channel hash byte, two lower-case hex digits.
    pub hash: String,
    /// Unique transmissions: decrypted ones (GRP_TXT and GRP_DATA), or for an encrypted entry those no key opens.
    pub messages: usize,
    /// Distinct sender names (none for an encrypted entry).
    pub senders: usize,
    /// Whether this entry lists packets no known key opens.
    pub encrypted: bool,
    /// When its latest message was first heard, unix ms.
    pub last_activity_ms: Option<i64>,
    /// Messages per UTC hour (by first heard), oldest first (the latest hours with messages, at most
    /// [`MAX_HOURS`]).
    pub messages_per_hour: Vec<HourMessages>,
    /// The most active senders, most messages first (at most [`TOP_SENDERS`]).
    pub top_senders: Vec<SenderCount>,
}

/// Messages first heard in one hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HourMessages {
    /// The hour's start, unix ms.
    pub hour_ms: i64,
    /// Messages.
    pub messages: u64,
}

/// A sender's message count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SenderCount {
    /// The name before `": "` in the text (unauthenticated: anyone with the key can write any name).
    pub name: String,
    /// Messages.
    pub messages: u64,
}

/// Every known channel, in the order added (Public first), then every channel hash byte with packets no known
/// key opens, ascending.
pub fn channels(store: &Store) -> Vec<ChannelEntry> {
    let mut senders = Vec::new();
    let mut entries: Vec<ChannelEntry> = store
        .channels()
        .iter()
        .map(|(id, _)| known_channel(store, id, &mut senders))
        .collect();
    entries.extend(encrypted_entries(store));
    entries
}

/// The entry of known channel `id`; `senders` receives every sender with its message count, most first.
pub(crate) fn known_channel(
    store: &Store,
    id: ChannelId,
    senders: &mut Vec<(StrId, u64)>,
) -> ChannelEntry {
    let channels = store.channels();
    let (name, hash) = channels
        .get(id)
        .map_or((String::new(), 0), |info| (info.name.clone(), info.hash));
    let messages = channels.messages(id);
    let txs = messages
        .iter()
        .filter_map(|&message| Some(channels.message(message)?.tx));
    let (last_activity_ms, messages_per_hour) = activity(store, txs);
    sender_counts(
        messages
            .iter()
            .filter_map(|&message| channels.message(message)?.sender),
        senders,
    );
    ChannelEntry {
        name,
        hash: format!("{hash:02x}"),
        messages: messages.len(),
        senders: senders.len(),
        encrypted: false,
        last_activity_ms,
        messages_per_hour,
        top_senders: named(store, senders.iter().take(TOP_SENDERS)),
    }
}

/// The channel hash bytes with packets no known key opens, ascending.
pub(crate) fn encrypted_hashes(store: &Store) -> impl Iterator<Item = u8> + '_ {
    store
        .indexes()
        .channel_hash
        .iter()
        .map(|(hash, _)| hash)
        .filter(|&hash| store.undecrypted(hash).next().is_some())
}

/// One encrypted entry per channel hash byte with packets no known key opens, ascending.
pub(crate) fn encrypted_entries(store: &Store) -> Vec<ChannelEntry> {
    let mut undecrypted = Vec::new();
    let mut entries = Vec::new();
    for (hash, _) in store.indexes().channel_hash.iter() {
        undecrypted.clear();
        undecrypted.extend(store.undecrypted(hash));
        if undecrypted.is_empty() {
            continue;
        }
        let (last_activity_ms, messages_per_hour) = activity(store, undecrypted.iter().copied());
        entries.push(ChannelEntry {
            name: format!("hash {hash:02x}"),
            hash: format!("{hash:02x}"),
            messages: undecrypted.len(),
            senders: 0,
            encrypted: true,
            last_activity_ms,
            messages_per_hour,
            top_senders: Vec::new(),
        });
    }
    entries
}

/// The latest first heard of `txs`, and their count per hour (the latest [`MAX_HOURS`] hours).
fn activity(store: &Store, txs: impl Iterator<Item = TxId>) -> (Option<i64>, Vec<HourMessages>) {
    let transmissions = store.transmissions();
    let mut hours: Vec<i64> = txs.filter_map(|tx| transmissions.first_seen(tx)).collect();
    let last = hours.iter().copied().max();
    for time in &mut hours {
        *time = time.div_euclid(HOUR_MS);
    }
    hours.sort_unstable();
    let mut per_hour: Vec<HourMessages> = Vec::new();
    for hour in hours {
        match per_hour.last_mut() {
            Some(last) if last.hour_ms == hour.saturating_mul(HOUR_MS) => last.messages += 1,
            _ => per_hour.push(HourMessages {
                hour_ms: hour.saturating_mul(HOUR_MS),
                messages: 1,
            }),
        }
    }
    let keep = per_hour.len().saturating_sub(MAX_HOURS);
    per_hour.drain(..keep);
    (last, per_hour)
}

/// Fills `out` with each sender of `senders` and its count, most first (ties by id, so by first heard name).
fn sender_counts(senders: impl Iterator<Item = StrId>, out: &mut Vec<(StrId, u64)>) {
    out.clear();
    let mut ids: Vec<StrId> = senders.collect();
    ids.sort_unstable();
    for id in ids {
        match out.last_mut() {
            Some((last, count)) if *last == id => *count += 1,
            _ => out.push((id, 1)),
        }
    }
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
}

/// `counts` with their names.
pub(crate) fn named<'a>(
    store: &Store,
    counts: impl Iterator<Item = &'a (StrId, u64)>,
) -> Vec<SenderCount> {
    counts
        .map(|&(id, messages)| SenderCount {
            name: store.string(id).unwrap_or_default().to_owned(),
            messages,
        })
        .collect()
}
