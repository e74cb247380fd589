//! Decrypted text of a GRP_TXT (protocol C.5) or TXT_MSG (B.1):
//! `timestamp u32 | flags = (txt_type << 2) | attempt | [sender key prefix(4), signed only] | text`, the text
//! ending at the first NUL. A TXT_MSG retried more than 3 times carries `NUL, attempt` after the text.

use core::fmt;
use std::borrow::Cow;

use crate::protocol::Result;
use crate::protocol::field::{self as f, Field};

/// Bits 2-7 of the flags byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextType {
    /// 0: plain text (the only type groups accept).
    Plain,
    /// 1: CLI command data.
    CliData,
    /// 2: signed plain text; a 4-byte sender key prefix precedes the text (room servers).
    SignedPlain,
    /// Any other value.
    Unknown(u8),
}

impl TextType {
    /// The type in bits 2-7 of `flags`.
    pub const fn from_flags(flags: u8) -> TextType {
        match flags >> 2 {
            0 => TextType::Plain,
            1 => TextType::CliData,
            2 => TextType::SignedPlain,
            other => TextType::Unknown(other),
        }
    }

    /// The 6-bit value.
    pub const fn bits(self) -> u8 {
        match self {
            TextType::Plain => 0,
            TextType::CliData => 1,
            TextType::SignedPlain => 2,
            TextType::Unknown(bits) => bits & 0x3F,
        }
    }

    /// `PLAIN`, `CLI_DATA`, `SIGNED_PLAIN` or `UNKNOWN`.
    pub const fn name(self) -> &'static str {
        match self {
            TextType::Plain => "PLAIN",
            TextType::CliData => "CLI_DATA",
            TextType::SignedPlain => "SIGNED_PLAIN",
            TextType::Unknown(_) => "UNKNOWN",
        }
    }
}

/// A view over a decrypted text plaintext.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

pub(crate) mod field {
    use crate::protocol::field::Field;

    pub const TIMESTAMP: Field = 0..4;
    pub const FLAGS: usize = 4;
    pub const SENDER_PREFIX: Field = 5..9; // signed plain only
    pub const TEXT: usize = 5; // after the prefix when signed
}

/// Timestamp and flags.
pub const MIN_LEN: usize = field::TEXT;

impl<T: AsRef<[u8]>> Packet<T> {
    /// Wraps `buffer` without checks.
    pub const fn new_unchecked(buffer: T) -> Packet<T> {
        Packet { buffer }
    }

    /// Wraps untrusted bytes: `Ok` means no accessor panics.
    pub fn new_checked(buffer: T) -> Result<Packet<T>> {
        let packet = Packet::new_unchecked(buffer);
        packet.check_len()?;
        Ok(packet)
    }

    /// Proves that the timestamp, flags and, for signed text, the sender prefix are present.
    pub fn check_len(&self) -> Result<()> {
        let len = self.buffer.as_ref().len();
        f::need(len, field::TIMESTAMP, "timestamp")?;
        f::need(len, f::byte(field::FLAGS), "flags")?;
        if self.text_type() == TextType::SignedPlain {
            f::need(len, field::SENDER_PREFIX, "sender_prefix")?;
        }
        Ok(())
    }

    /// The sender's clock, unix seconds.
    #[inline]
    pub fn timestamp(&self) -> u32 {
        f::u32_le(self.buffer.as_ref(), field::TIMESTAMP)
    }

    /// The flags byte.
    #[inline]
    pub fn flags(&self) -> u8 {
        self.buffer.as_ref()[field::FLAGS]
    }

    /// Bits 2-7 of the flags.
    #[inline]
    pub fn text_type(&self) -> TextType {
        TextType::from_flags(self.flags())
    }

    /// Bits 0-1 of the flags: the send attempt (0-3).
    #[inline]
    pub fn attempt(&self) -> u8 {
        self.flags() & 0x03
    }

    /// Signed text: the first four bytes of the author's public key.
    #[inline]
    pub fn sender_prefix(&self) -> Option<[u8; 4]> {
        (self.text_type() == TextType::SignedPlain)
            .then(|| f::array(self.buffer.as_ref(), field::SENDER_PREFIX))
    }

    /// The text's range: from after the flags (and prefix) up to the first NUL or the end.
    #[inline]
    pub fn text_range(&self) -> Field {
        let data = self.buffer.as_ref();
        let start = if self.text_type() == TextType::SignedPlain {
            field::SENDER_PREFIX.end
        } else {
            field::TEXT
        };
        let len = data.get(start..).map_or(0, |rest| {
            rest.iter().position(|&b| b == 0).unwrap_or(rest.len())
        });
        start..start + len
    }

    /// TXT_MSG: the byte after the text's NUL, when non-zero: the attempt number of a message retried more than
    /// 3 times.
    #[inline]
    pub fn extended_attempt(&self) -> Option<u8> {
        self.buffer
            .as_ref()
            .get(self.text_range().end + 1)
            .copied()
            .filter(|&b| b != 0)
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Packet<&'a T> {
    /// The text bytes (UTF-8 expected).
    #[inline]
    pub fn text(&self) -> &'a [u8] {
        &self.buffer.as_ref()[self.text_range()]
    }
}

/// A decoded text plaintext. Bytes after the text (zero padding) are ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repr<'a> {
    /// The sender's clock, unix seconds.
    pub timestamp: u32,
    /// The text type.
    pub text_type: TextType,
    /// The send attempt, 0-3.
    pub attempt: u8,
    /// Signed text: the author's key prefix. Must be `Some` exactly when `text_type` is `SignedPlain`.
    pub sender_prefix: Option<[u8; 4]>,
    /// The text without its NUL; it contains no NUL.
    pub text: &'a [u8],
    /// The attempt number hidden after the text, non-zero.
    pub extended_attempt: Option<u8>,
}

impl<'a> Repr<'a> {
    /// Parses a text plaintext.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(packet: &Packet<&'a T>) -> Result<Repr<'a>> {
        packet.check_len()?;
        Ok(Repr {
            timestamp: packet.timestamp(),
            text_type: packet.text_type(),
            attempt: packet.attempt(),
            sender_prefix: packet.sender_prefix(),
            text: packet.text(),
            extended_attempt: packet.extended_attempt(),
        })
    }

    /// The text with invalid UTF-8 replaced.
    pub fn text_lossy(&self) -> Cow<'a, str> {
        String::from_utf8_lossy(self.text)
    }

    /// A group message split on the first `": "` into sender name and message; `None` without the separator.
    pub fn sender_and_message(&self) -> Option<(Cow<'a, str>, Cow<'a, str>)> {
        let at = self.text.windows(2).position(|pair| pair == b": ")?;
        let (sender, rest) = self.text.split_at(at);
        Some((
            String::from_utf8_lossy(sender),
            String::from_utf8_lossy(rest.get(2..).unwrap_or_default()),
        ))
    }

    /// The flags byte this value emits.
    pub fn flags(&self) -> u8 {
        (self.text_type.bits() << 2) | (self.attempt & 0x03)
    }

    /// Bytes needed to emit this value (before encryption pads it).
    pub fn buffer_len(&self) -> usize {
        field::TEXT
            + self.sender_prefix.map_or(0, |_| 4)
            + self.text.len()
            + self.extended_attempt.map_or(0, |_| 2)
    }

    /// Writes this value into a buffer of `buffer_len()` bytes.
    pub fn emit(&self, buffer: &mut [u8]) {
        f::put_u32_le(buffer, field::TIMESTAMP, self.timestamp);
        buffer[field::FLAGS] = self.flags();
        let mut at = field::TEXT;
        if let Some(prefix) = self.sender_prefix {
            buffer[field::SENDER_PREFIX].copy_from_slice(&prefix);
            at = field::SENDER_PREFIX.end;
        }
        buffer[at..at + self.text.len()].copy_from_slice(self.text);
        if let Some(attempt) = self.extended_attempt {
            at += self.text.len();
            buffer[at] = 0;
            buffer[at + 1] = attempt;
        }
    }
}

impl fmt::Display for Repr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.text_lossy())
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::protocol::Error;

    // Decrypted GRP_TXT of the protocol C.5 worked example: ts 1758484279, flags 0, "🌲 Tree: ☁️", zero padding.
    static PLAIN_HEX: &str = "3757d06800f09f8cb220547265653a20e29881efb88f000000000000000000000000";

    fn plain_repr(text: &[u8]) -> Repr<'_> {
        Repr {
            timestamp: 1_758_484_279,
            text_type: TextType::Plain,
            attempt: 0,
            sender_prefix: None,
            text,
            extended_attempt: None,
        }
    }

    #[test]
    fn deconstruct() {
        let bytes = crate::hex::decode(PLAIN_HEX).unwrap();
        let packet = Packet::new_checked(&bytes[..]).unwrap();
        assert_eq!(packet.timestamp(), 1_758_484_279);
        assert_eq!(
            (packet.flags(), packet.text_type(), packet.attempt()),
            (0, TextType::Plain, 0)
        );
        assert_eq!(packet.sender_prefix(), None);
        assert_eq!(packet.text(), "🌲 Tree: ☁️".as_bytes());
        assert_eq!(packet.extended_attempt(), None);
    }

    #[test]
    fn parse_and_split() {
        let bytes = crate::hex::decode(PLAIN_HEX).unwrap();
        let repr = Repr::parse(&Packet::new_checked(&bytes[..]).unwrap()).unwrap();
        assert_eq!(repr, plain_repr("🌲 Tree: ☁️".as_bytes()));
        let (sender, message) = repr.sender_and_message().unwrap();
        assert_eq!((sender.as_ref(), message.as_ref()), ("🌲 Tree", "☁️"));
        assert_eq!(
            plain_repr(b"a: b: c")
                .sender_and_message()
                .map(|(s, m)| (s.into_owned(), m.into_owned())),
            Some(("a".into(), "b: c".into()))
        );
        assert_eq!(plain_repr(b"no separator").sender_and_message(), None);
    }

    #[test]
    fn emit() {
        let bytes = crate::hex::decode(PLAIN_HEX).unwrap();
        let repr = plain_repr("🌲 Tree: ☁️".as_bytes());
        let mut out = vec![0xa5; repr.buffer_len()];
        repr.emit(&mut out);
        assert_eq!(out, bytes[..repr.buffer_len()]);
    }

    #[test]
    fn signed_and_retried() {
        let repr = Repr {
            timestamp: 7,
            text_type: TextType::SignedPlain,
            attempt: 3,
            sender_prefix: Some([1, 2, 3, 4]),
            text: b"hi",
            extended_attempt: Some(5),
        };
        let mut out = vec![0xa5; repr.buffer_len()];
        repr.emit(&mut out);
        assert_eq!(out, [7, 0, 0, 0, 0x0B, 1, 2, 3, 4, b'h', b'i', 0, 5]);
        out.extend([0; 3]);
        assert_eq!(
            Repr::parse(&Packet::new_checked(&out[..]).unwrap()),
            Ok(repr)
        );
    }

    #[test]
    fn truncated() {
        let check = |bytes: &[u8]| Packet::new_checked(bytes).err();
        assert_eq!(
            check(&[1, 2, 3]),
            Some(Error::Truncated {
                field: "timestamp",
                at: 0
            })
        );
        assert_eq!(
            check(&[1, 2, 3, 4]),
            Some(Error::Truncated {
                field: "flags",
                at: 4
            })
        );
        assert_eq!(
            check(&[1, 2, 3, 4, 0x08, 1]),
            Some(Error::Truncated {
                field: "sender_prefix",
                at: 5
            })
        );
        assert_eq!(
            Packet::new_checked(&[1, 2, 3, 4, 0][..]).unwrap().text(),
            b""
        );
    }
}
