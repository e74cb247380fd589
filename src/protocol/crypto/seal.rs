//! Encryption for building packets: plaintext `Repr`s in, MAC and ciphertext out, as the firmware's
//! `createGroupDatagram`, `createDatagram` and `createAnonDatagram` produce them.

use super::{ChannelKey, Cipher, Sealed};
use crate::protocol::plain::{PlainRepr, text};
use crate::protocol::{AnonReqRepr, DatagramRepr, Error, GroupRepr, Result};

/// Encrypts `plain` with `cipher`: the plaintext is emitted, zero padded to whole blocks, encrypted and MACed.
pub fn seal(cipher: &Cipher, plain: &PlainRepr) -> Result<Sealed> {
    let mut buffer = [0; super::MAX_CIPHERTEXT];
    let len = plain.buffer_len();
    let out = buffer.get_mut(..len).ok_or(Error::TooLong {
        field: "plaintext",
        len,
        max: super::MAX_CIPHERTEXT,
    })?;
    plain.emit(out)?;
    cipher.seal(out)
}

/// A channel text message `"<sender>: <message>"` (text type plain, attempt 0), sealed for `key`.
pub fn seal_group_message(
    key: &ChannelKey,
    timestamp: u32,
    sender: &str,
    message: &str,
) -> Result<Sealed> {
    let mut buffer = [0; super::MAX_CIPHERTEXT];
    let len = sender.len() + 2 + message.len();
    let text = buffer.get_mut(..len).ok_or(Error::TooLong {
        field: "text",
        len,
        max: super::MAX_CIPHERTEXT - 5,
    })?;
    text[..sender.len()].copy_from_slice(sender.as_bytes());
    text[sender.len()..sender.len() + 2].copy_from_slice(b": ");
    text[sender.len() + 2..].copy_from_slice(message.as_bytes());
    let repr = text::Repr {
        timestamp,
        text_type: text::TextType::Plain,
        attempt: 0,
        sender_prefix: None,
        text,
        extended_attempt: None,
    };
    seal(&key.cipher(), &PlainRepr::Text(repr))
}

/// The GRP_TXT or GRP_DATA payload carrying `sealed` for a channel with hash `channel_hash`.
pub fn group(channel_hash: u8, sealed: &Sealed) -> GroupRepr<'_> {
    GroupRepr {
        channel_hash,
        mac: sealed.mac,
        ciphertext: sealed.ciphertext(),
    }
}

/// The REQ, RESPONSE, TXT_MSG or PATH payload carrying `sealed` between two key hashes.
pub fn datagram(dest_hash: u8, src_hash: u8, sealed: &Sealed) -> DatagramRepr<'_> {
    DatagramRepr {
        dest_hash,
        src_hash,
        mac: sealed.mac,
        ciphertext: sealed.ciphertext(),
    }
}

/// The ANON_REQ payload carrying `sealed` from `sender_key` to the node with hash `dest_hash`.
pub fn anon_req(dest_hash: u8, sender_key: [u8; 32], sealed: &Sealed) -> AnonReqRepr<'_> {
    AnonReqRepr {
        dest_hash,
        sender_key,
        mac: sealed.mac,
        ciphertext: sealed.ciphertext(),
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::protocol::crypto::Keyring;

    #[test]
    fn group_message_opens() {
        let key = ChannelKey::from_hashtag("#test");
        let sealed = seal_group_message(&key, 1_700_000_000, "Ann", "hello there").unwrap();
        let mut keyring = Keyring::new();
        keyring.add_channel("#test", key);
        let opened = keyring.open_group(&group(key.hash(), &sealed)).unwrap();
        let Some(Ok(PlainRepr::Text(text))) = PlainRepr::parse(
            crate::protocol::PayloadType::GrpTxt,
            opened.plaintext.as_bytes(),
        ) else {
            panic!("not text")
        };
        assert_eq!(text.timestamp, 1_700_000_000);
        assert_eq!(text.text, b"Ann: hello there");
        assert!(seal_group_message(&key, 0, "x", &"y".repeat(180)).is_err());
    }
}
