//! Adding a channel key: stored group packets with its hash byte that no earlier key opened are decrypted at
//! once, so a key given after a capture was loaded shows that capture's messages.

use super::Store;
use super::ids::{ChannelId, TxId};
use crate::protocol::crypto::{ChannelKey, ChannelSpec};
use crate::protocol::{Packet, PacketRepr, PayloadRepr};

/// The result of [`Store::add_channel`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChannelAdded {
    /// The channel's id (the existing one if the key was known).
    pub id: ChannelId,
    /// Whether the key was new.
    pub new: bool,
    /// Stored packets it decrypted.
    pub decrypted: usize,
}

impl Store {
    /// Adds a channel key named `name` and decrypts the stored packets it opens. A known key keeps its id and
    /// first name and decrypts nothing new.
    pub fn add_channel(&mut self, name: &str, key: ChannelKey) -> ChannelAdded {
        let (id, new) = self.channels.add(name, key);
        self.revision += 1;
        let mut decrypted = 0;
        if new {
            let pending: Vec<TxId> = self.undecrypted(key.hash()).collect();
            for tx in pending {
                decrypted += usize::from(self.decrypt_with(id, tx));
            }
        }
        ChannelAdded { id, new, decrypted }
    }

    /// Adds a parsed channel text (`#name`, a secret, `NAME=SECRET`, a link), as [`Store::add_channel`].
    pub fn add_channel_spec(&mut self, spec: &ChannelSpec) -> ChannelAdded {
        self.add_channel(&spec.name, spec.key)
    }

    /// Opens stored group packet `tx` with channel `id`; whether it opened.
    fn decrypt_with(&mut self, id: ChannelId, tx: TxId) -> bool {
        let Some(raw) = self.txs.raw(tx) else {
            return false;
        };
        let Ok(packet) = Packet::new_checked(raw).and_then(|view| PacketRepr::parse(&view)) else {
            return false;
        };
        let kind = packet.payload_type();
        let message = match &packet.payload {
            PayloadRepr::GrpTxt(group) | PayloadRepr::GrpData(group) => {
                self.channels
                    .open_with(id, tx, kind, group, &mut self.strings)
            }
            _ => None,
        };
        match message {
            Some(message) => {
                self.txs.set_subject(tx, message.0);
                true
            }
            None => false,
        }
    }
}
