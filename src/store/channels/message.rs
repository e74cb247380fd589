//! [`Message`]: a decrypted group packet, and how a plaintext becomes one.

use std::borrow::Cow;

use crate::protocol::PayloadType;
use crate::protocol::plain::PlainRepr;
use crate::store::arena::{ByteArena, Span};
use crate::store::ids::{ChannelId, StrId, TxId};
use crate::store::interner::Interner;

/// What a decrypted group packet carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    /// GRP_TXT: text, with the flags byte (`txt_type << 2 | attempt`).
    Text {
        /// The plaintext flags byte.
        flags: u8,
    },
    /// GRP_DATA: application data.
    Data {
        /// The application's data type.
        data_type: u16,
        /// The data length in bytes.
        len: u8,
    },
}

/// A decrypted GRP_TXT or GRP_DATA transmission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Message {
    /// Its transmission.
    pub tx: TxId,
    /// The channel whose key opened it.
    pub channel: ChannelId,
    /// The sender's clock, unix seconds (GRP_TXT; 0 for GRP_DATA, whose current format has no timestamp).
    pub sender_timestamp: u32,
    /// The sender name before `": "` in the text (unauthenticated: anyone with the key can write any name).
    pub sender: Option<StrId>,
    /// Text or data.
    pub kind: MessageKind,
    pub(crate) text: Span,
}

/// A message read from a plaintext, before it is stored.
pub(crate) struct Opened<'a> {
    pub(crate) sender_timestamp: u32,
    pub(crate) sender: Option<Cow<'a, str>>,
    pub(crate) text: Cow<'a, str>,
    pub(crate) kind: MessageKind,
}

/// Reads a decrypted group plaintext of `payload_type`; `None` when it does not parse.
pub(crate) fn read_plaintext(payload_type: PayloadType, plaintext: &[u8]) -> Option<Opened<'_>> {
    match PlainRepr::parse(payload_type, plaintext)?.ok()? {
        PlainRepr::Text(text) => {
            let (sender, body) = match text.sender_and_message() {
                Some((sender, body)) => (Some(sender), body),
                None => (None, text.text_lossy()),
            };
            Some(Opened {
                sender_timestamp: text.timestamp,
                sender,
                text: body,
                kind: MessageKind::Text {
                    flags: text.flags(),
                },
            })
        }
        PlainRepr::GroupData(data) => Some(Opened {
            sender_timestamp: 0,
            sender: None,
            text: Cow::Borrowed(""),
            kind: MessageKind::Data {
                data_type: data.data_type,
                len: u8::try_from(data.data.len()).unwrap_or(u8::MAX),
            },
        }),
        _ => None,
    }
}

impl Opened<'_> {
    /// Stores the text and sender of this message for `tx` on `channel`.
    pub(crate) fn store(
        &self,
        tx: TxId,
        channel: ChannelId,
        texts: &mut ByteArena,
        strings: &mut Interner,
    ) -> Message {
        let text = truncate_utf8(&self.text, usize::from(u8::MAX));
        Message {
            tx,
            channel,
            sender_timestamp: self.sender_timestamp,
            sender: self.sender.as_deref().and_then(|name| strings.intern(name)),
            kind: self.kind,
            text: texts.push(text.as_bytes()).unwrap_or_default(),
        }
    }
}

/// The longest prefix of `text` of at most `max` bytes that ends on a character boundary.
fn truncate_utf8(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default()
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn text_splits_sender() {
        // C.5 worked example: ts 1758484279, flags 0, "🌲 Tree: ☁️".
        let plain = crate::hex::decode(
            "3757d06800f09f8cb220547265653a20e29881efb88f000000000000000000000000",
        )
        .unwrap();
        let opened = read_plaintext(PayloadType::GrpTxt, &plain).unwrap();
        assert_eq!(opened.sender_timestamp, 1_758_484_279);
        assert_eq!(opened.sender.as_deref(), Some("🌲 Tree"));
        assert_eq!(opened.text, "☁️");
        assert_eq!(opened.kind, MessageKind::Text { flags: 0 });
        let mut texts = ByteArena::new();
        let mut strings = Interner::new();
        let message = opened.store(TxId(4), ChannelId(0), &mut texts, &mut strings);
        assert_eq!(texts.get(message.text), Some("☁️".as_bytes()));
        assert_eq!(message.sender.and_then(|s| strings.get(s)), Some("🌲 Tree"));
    }

    #[test]
    fn data_and_failures() {
        let opened = read_plaintext(PayloadType::GrpData, &[0x34, 0x12, 2, 9, 9, 0, 0]).unwrap();
        assert_eq!(
            opened.kind,
            MessageKind::Data {
                data_type: 0x1234,
                len: 2
            }
        );
        assert!(read_plaintext(PayloadType::GrpData, &[0x34, 0x12, 9]).is_none());
        assert!(read_plaintext(PayloadType::Ack, &[0; 16]).is_none());
        assert_eq!(truncate_utf8("aé", 2), "a");
    }
}
