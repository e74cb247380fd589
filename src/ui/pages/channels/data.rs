//! What the Channels page shows beyond the `channels` snapshot, read from the store's indexes: the channel an
//! address names, each channel's last activity, the group packets no known key opens (per hash byte), and a
//! page of one channel's messages.
//!
//! Seam: the `channels` snapshot is gaining last activity and the encrypted entries (`hash XX`); when it
//! carries them, [`encrypted`] and [`last_activity`] give way to its fields.

use crate::hex;
use crate::store::{ChannelId, MessageKind, Store, TxId};

/// A known channel as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownChannel {
    /// Its id.
    pub id: ChannelId,
    /// Its name.
    pub name: String,
    /// Its hash byte.
    pub hash: u8,
    /// Decrypted messages.
    pub messages: usize,
    /// When its newest message was first heard, unix ms.
    pub last_ms: Option<i64>,
}

/// Group packets with one hash byte that no known key opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EncryptedChannel {
    /// The hash byte.
    pub hash: u8,
    /// Packets.
    pub packets: usize,
    /// When the newest was first heard, unix ms.
    pub last_ms: Option<i64>,
}

/// What a `/channels/<name or hash>` address names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    /// A known channel.
    Known(ChannelId),
    /// A hash byte with packets no key opens.
    Encrypted(u8),
}

/// One message as listed.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageRow {
    /// Its transmission's hash, lower-case hex.
    pub hash: String,
    /// The sender's name as written in the message (unauthenticated).
    pub sender: Option<String>,
    /// The text; for GRP_DATA a description.
    pub text: String,
    /// First heard, unix ms.
    pub time_ms: i64,
    /// The sender's clock, unix seconds (0 when absent).
    pub sender_timestamp: u32,
    /// Hops of the longest observed path.
    pub hops: u8,
    /// The best SNR any observer heard it with, dB.
    pub best_snr_db: Option<f32>,
    /// Observations (hearings).
    pub observations: u32,
    /// Distinct observers.
    pub observers: usize,
}

/// The channels the store knows, in the order added, with their message counts and last activity.
pub fn known(store: &Store) -> Vec<KnownChannel> {
    let channels = store.channels();
    channels
        .iter()
        .map(|(id, info)| KnownChannel {
            id,
            name: info.name.clone(),
            hash: info.hash,
            messages: channels.messages(id).len(),
            last_ms: last_activity(store, id),
        })
        .collect()
}

/// When the newest message of channel `id` was first heard.
pub fn last_activity(store: &Store, id: ChannelId) -> Option<i64> {
    let channels = store.channels();
    channels
        .messages(id)
        .iter()
        .filter_map(|&message| {
            store
                .transmissions()
                .first_seen(channels.message(message)?.tx)
        })
        .next_back()
}

/// Every hash byte with group packets that no known key opens, ascending.
pub fn encrypted(store: &Store) -> Vec<EncryptedChannel> {
    store
        .indexes()
        .channel_hash
        .iter()
        .filter_map(|(hash, _)| {
            let mut packets = 0;
            let mut last_ms = None;
            for tx in store.undecrypted(hash) {
                packets += 1;
                last_ms = last_ms.max(store.transmissions().first_seen(tx));
            }
            (packets > 0).then_some(EncryptedChannel {
                hash,
                packets,
                last_ms,
            })
        })
        .collect()
}

/// The channel an address names: a known channel's name (decoded, any case), else a 2-digit hash byte with
/// packets no key opens, else a known channel with that hash byte.
pub fn select(store: &Store, text: &str) -> Option<Selection> {
    let channels = store.channels();
    if let Some((id, _)) = channels
        .iter()
        .find(|(_, info)| info.name == text)
        .or_else(|| {
            channels
                .iter()
                .find(|(_, info)| info.name.eq_ignore_ascii_case(text))
        })
    {
        return Some(Selection::Known(id));
    }
    let mut byte = [0];
    let hash = *hex::decode_to_slice(text.as_bytes(), &mut byte)
        .ok()?
        .first()?;
    if store.undecrypted(hash).next().is_some() {
        return Some(Selection::Encrypted(hash));
    }
    channels
        .iter()
        .find(|(_, info)| info.hash == hash)
        .map(|(id, _)| Selection::Known(id))
}

/// The `count` messages of channel `id` before the newest `skip`, oldest first.
pub fn messages(store: &Store, id: ChannelId, skip: usize, count: usize) -> Vec<MessageRow> {
    let list = store.messages(id);
    let end = list.len().saturating_sub(skip);
    let start = end.saturating_sub(count);
    list.get(start..end)
        .unwrap_or_default()
        .iter()
        .filter_map(|&id| {
            let message = store.message(id)?;
            let text = match message.kind {
                MessageKind::Text { .. } => store
                    .channels()
                    .message_text(id)
                    .unwrap_or_default()
                    .to_owned(),
                MessageKind::Data { data_type, len } => {
                    format!("(data type {data_type:#06x}, {len} bytes)")
                }
            };
            Some(message_row(
                store,
                message.tx,
                text,
                message.sender_timestamp,
                message
                    .sender
                    .and_then(|s| store.string(s))
                    .map(str::to_owned),
            ))
        })
        .collect()
}

/// The newest `count` packets with hash byte `hash` that no known key opens, before the newest `skip`, oldest
/// first.
pub fn encrypted_packets(store: &Store, hash: u8, skip: usize, count: usize) -> Vec<MessageRow> {
    let mut txs: Vec<TxId> = store.undecrypted(hash).collect();
    let end = txs.len().saturating_sub(skip);
    txs.truncate(end);
    let start = end.saturating_sub(count);
    txs.drain(..start);
    txs.into_iter()
        .map(|tx| message_row(store, tx, String::from("(encrypted)"), 0, None))
        .collect()
}

fn message_row(
    store: &Store,
    tx: TxId,
    text: String,
    sender_timestamp: u32,
    sender: Option<String>,
) -> MessageRow {
    let row = store.transmission(tx);
    let observations = store.observations();
    let mut observers: Vec<u32> = Vec::new();
    let mut best_snr_db: Option<f32> = None;
    for obs in store.observations_of(tx) {
        if let Some(observer) = observations.observer(obs) {
            observers.push(observer.0);
        }
        if let Some(snr) = observations.snr_db(obs) {
            best_snr_db = Some(best_snr_db.map_or(snr, |best| best.max(snr)));
        }
    }
    observers.sort_unstable();
    observers.dedup();
    MessageRow {
        hash: row.map(|r| r.hash.to_string()).unwrap_or_default(),
        sender,
        text,
        time_ms: row.map_or(0, |r| r.first_seen_ms),
        sender_timestamp,
        hops: row.and_then(|r| r.longest_path).map_or(0, |(hops, _)| hops),
        best_snr_db,
        observations: row.map_or(0, |r| r.observations),
        observers: observers.len(),
    }
}
