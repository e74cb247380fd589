//! Channels: the keys the store decrypts group packets with, and the decrypted [`Message`]s.
//!
//! The built-in Public channel is always known. Users add channels at any time
//! ([`Store::add_channel`](crate::store::Store::add_channel)); adding one decrypts the stored group packets with
//! its hash byte that no earlier key opened. Group packets no key opens stay listed by hash byte
//! ([`Store::undecrypted`](crate::store::Store::undecrypted)).

mod message;

pub(crate) use message::read_plaintext;
pub use message::{Message, MessageKind};

use super::arena::ByteArena;
use super::column::Column;
use super::ids::{ChannelId, MessageId, NONE, TxId};
use super::interner::Interner;
use crate::protocol::crypto::{ChannelKey, Keyring};
use crate::protocol::{GroupRepr, PayloadType};

/// The name of the built-in channel.
pub const PUBLIC_NAME: &str = "Public";

/// A channel the store knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelInfo {
    /// The name the user gave (`Public`, `#bot`, ...).
    pub name: String,
    /// The channel hash byte.
    pub hash: u8,
    /// The key.
    pub key: ChannelKey,
}

/// Channel keys and decrypted messages.
#[derive(Debug, Clone)]
pub struct Channels {
    keyring: Keyring,
    infos: Vec<ChannelInfo>,
    messages: Column<Message>,
    by_channel: Vec<Vec<MessageId>>,
    texts: ByteArena,
}

impl Default for Channels {
    fn default() -> Self {
        Channels::new()
    }
}

impl Channels {
    /// Only the Public channel.
    pub fn new() -> Self {
        let mut channels = Channels {
            keyring: Keyring::new(),
            infos: Vec::new(),
            messages: Column::new(),
            by_channel: Vec::new(),
            texts: ByteArena::new(),
        };
        channels.add(PUBLIC_NAME, ChannelKey::public());
        channels
    }

    /// Adds a channel; a key already known keeps its first name. Returns its id and whether it is new.
    pub(crate) fn add(&mut self, name: &str, key: ChannelKey) -> (ChannelId, bool) {
        if let Some(index) = self.infos.iter().position(|info| info.key == key) {
            return (ChannelId(index as u32), false);
        }
        self.keyring.add_channel(name, key);
        self.infos.push(ChannelInfo {
            name: name.to_owned(),
            hash: key.hash(),
            key,
        });
        self.by_channel.push(Vec::new());
        (ChannelId(self.infos.len() as u32 - 1), true)
    }

    /// The keyring (every channel key, ciphers keyed).
    pub fn keyring(&self) -> &Keyring {
        &self.keyring
    }

    /// The number of channels.
    pub fn len(&self) -> usize {
        self.infos.len()
    }

    /// Whether there are none (never: Public is built in).
    pub fn is_empty(&self) -> bool {
        self.infos.is_empty()
    }

    /// The channel `id`.
    pub fn get(&self, id: ChannelId) -> Option<&ChannelInfo> {
        self.infos.get(id.index())
    }

    /// Every channel with its id, in the order added.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (ChannelId, &ChannelInfo)> + '_ {
        self.infos
            .iter()
            .enumerate()
            .map(|(index, info)| (ChannelId(index as u32), info))
    }

    /// The message `id`.
    pub fn message(&self, id: MessageId) -> Option<Message> {
        self.messages.get(id.index())
    }

    /// The text of message `id` (after the sender's `": "`); empty for GRP_DATA.
    pub fn message_text(&self, id: MessageId) -> Option<&str> {
        let bytes = self.texts.get(self.message(id)?.text)?;
        std::str::from_utf8(bytes).ok()
    }

    /// The number of messages over all channels.
    pub fn message_count(&self) -> usize {
        self.messages.len()
    }

    /// The messages of channel `id`, in the order decrypted (unique transmissions).
    pub fn messages(&self, id: ChannelId) -> &[MessageId] {
        self.by_channel.get(id.index()).map_or(&[], Vec::as_slice)
    }

    /// The number of distinct sender names on channel `id`.
    pub fn senders(&self, id: ChannelId) -> usize {
        let mut senders: Vec<u32> = self
            .messages(id)
            .iter()
            .filter_map(|&m| self.message(m)?.sender)
            .map(|s| s.0)
            .collect();
        senders.sort_unstable();
        senders.dedup();
        senders.len()
    }

    /// Opens `group` (a GRP_TXT or GRP_DATA payload of `tx`) with the first channel whose MAC verifies, and
    /// stores the message.
    pub(crate) fn open(
        &mut self,
        tx: TxId,
        payload_type: PayloadType,
        group: &GroupRepr,
        strings: &mut Interner,
    ) -> Option<MessageId> {
        let found = self.keyring.open_group(group)?;
        let channel = self
            .infos
            .iter()
            .position(|info| info.key == *found.channel.key())?;
        let opened = read_plaintext(payload_type, found.plaintext.as_bytes())?;
        let message = opened.store(tx, ChannelId(channel as u32), &mut self.texts, strings);
        Some(self.push(message))
    }

    /// Opens `group` with channel `id` only, and stores the message.
    pub(crate) fn open_with(
        &mut self,
        id: ChannelId,
        tx: TxId,
        payload_type: PayloadType,
        group: &GroupRepr,
        strings: &mut Interner,
    ) -> Option<MessageId> {
        let info = self.infos.get(id.index())?;
        if info.hash != group.channel_hash {
            return None;
        }
        let plaintext = info.key.cipher().open(group.mac, group.ciphertext)?;
        let opened = read_plaintext(payload_type, plaintext.as_bytes())?;
        let message = opened.store(tx, id, &mut self.texts, strings);
        Some(self.push(message))
    }

    fn push(&mut self, message: Message) -> MessageId {
        let id = MessageId(self.messages.push(message) as u32);
        if let Some(list) = self.by_channel.get_mut(message.channel.index()) {
            list.push(id);
        }
        id
    }

    /// Keeps the messages whose transmission survives eviction (`tx_remap[old]` is the new id or `NONE`), in
    /// order, with their texts; returns `(new message id, new tx)` for each kept message, for the caller to
    /// point the transmissions at.
    pub(crate) fn compact(&mut self, tx_remap: &[u32]) -> Vec<(MessageId, TxId)> {
        let mut kept = Vec::new();
        let mut compactor = self.texts.compactor();
        let mut write = 0;
        for read in 0..self.messages.len() {
            let Some(mut message) = self.messages.get(read) else {
                break;
            };
            let new_tx = tx_remap.get(message.tx.index()).copied().unwrap_or(NONE);
            if new_tx == NONE {
                continue;
            }
            message.tx = TxId(new_tx);
            message.text = compactor.keep(message.text).unwrap_or_default();
            self.messages.set(write, message);
            kept.push((MessageId(write as u32), message.tx));
            write += 1;
        }
        compactor.finish();
        self.messages.truncate(write);
        for list in &mut self.by_channel {
            list.clear();
        }
        for index in 0..write {
            if let Some(message) = self.messages.get(index)
                && let Some(list) = self.by_channel.get_mut(message.channel.index())
            {
                list.push(MessageId(index as u32));
            }
        }
        kept
    }

    /// Estimated heap bytes.
    pub fn heap_bytes(&self) -> usize {
        self.messages.heap_bytes()
            + self.texts.heap_bytes()
            + self
                .by_channel
                .iter()
                .map(|l| l.capacity() * 4)
                .sum::<usize>()
            + self.infos.capacity() * size_of::<ChannelInfo>()
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::protocol::crypto::seal;

    #[test]
    fn opens_with_the_right_channel() {
        let mut channels = Channels::new();
        let mut strings = Interner::new();
        let test = ChannelKey::from_hashtag("#test");
        let sealed = seal::seal_group_message(&test, 1_700_000_000, "Ann", "hello").unwrap();
        let group = seal::group(test.hash(), &sealed);
        assert_eq!(
            channels.open(TxId(0), PayloadType::GrpTxt, &group, &mut strings),
            None
        );
        let (id, new) = channels.add("#test", test);
        assert!(new);
        assert_eq!(channels.add("again", test), (id, false));
        let message = channels
            .open_with(id, TxId(0), PayloadType::GrpTxt, &group, &mut strings)
            .unwrap();
        assert_eq!(channels.message_text(message), Some("hello"));
        let stored = channels.message(message).unwrap();
        assert_eq!(
            (stored.channel, stored.sender_timestamp),
            (id, 1_700_000_000)
        );
        assert_eq!(channels.messages(id), [message]);
        assert_eq!(channels.senders(id), 1);
        let again = channels.open(TxId(1), PayloadType::GrpTxt, &group, &mut strings);
        assert!(again.is_some());
        assert_eq!(
            channels.get(ChannelId(0)).map(|c| c.name.as_str()),
            Some(PUBLIC_NAME)
        );
        // Public cannot open it.
        assert_eq!(
            channels.open_with(
                ChannelId(0),
                TxId(0),
                PayloadType::GrpTxt,
                &group,
                &mut strings
            ),
            None
        );
    }

    #[test]
    fn compaction_keeps_surviving_messages() {
        let mut channels = Channels::new();
        let mut strings = Interner::new();
        let public = ChannelKey::public();
        for i in 0..6u32 {
            let sealed = seal::seal_group_message(&public, i, "Bo", &format!("m{i}")).unwrap();
            let group = seal::group(public.hash(), &sealed);
            channels
                .open(TxId(i), PayloadType::GrpTxt, &group, &mut strings)
                .unwrap();
        }
        let remap = [NONE, 0, NONE, 1, 2, NONE];
        let kept = channels.compact(&remap);
        assert_eq!(
            kept,
            [
                (MessageId(0), TxId(0)),
                (MessageId(1), TxId(1)),
                (MessageId(2), TxId(2))
            ]
        );
        let texts: Vec<&str> = (0..3)
            .filter_map(|m| channels.message_text(MessageId(m)))
            .collect();
        assert_eq!(texts, ["m1", "m3", "m4"]);
        assert_eq!(channels.messages(ChannelId(0)).len(), 3);
    }
}
