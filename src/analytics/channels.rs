//! The `channels` key: every known channel with its decrypted messages and distinct senders.

use crate::store::Store;
use serde::Serialize;

/// One channel.
#[derive(Debug, Serialize)]
pub struct ChannelEntry {
    /// `Public`, `#name`, a given name, or `hash XX`.
    pub name: String,
    /// The channel hash byte, two lower-case hex digits.
    pub hash: String,
    /// Unique decrypted transmissions.
    pub messages: usize,
    /// Distinct sender names.
    pub senders: usize,
}

/// Every channel, in the order added (Public first).
pub fn channels(store: &Store) -> Vec<ChannelEntry> {
    let channels = store.channels();
    channels
        .iter()
        .map(|(id, info)| ChannelEntry {
            name: info.name.clone(),
            hash: format!("{:02x}", info.hash),
            messages: channels.messages(id).len(),
            senders: channels.senders(id),
        })
        .collect()
}
