//! ADVERT payload (protocol B, ADVERT): `public_key(32) | timestamp u32 | signature(64) | app_data`.
//! The signature covers `public_key || timestamp || app_data[..32]`; checking it is a separate, costly call
//! (`crypto::advert_sig`), never part of decoding.

use core::fmt;

use super::app_data::{self, Repr as AppDataRepr};
use crate::protocol::field::{self as f, Field};
use crate::protocol::{Error, Result};

/// A view over an ADVERT payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

pub(crate) mod field {
    use crate::protocol::field::Field;

    pub const PUBLIC_KEY: Field = 0..32;
    pub const TIMESTAMP: Field = 32..36;
    pub const SIGNATURE: Field = 36..100;
    pub const APP_DATA: usize = SIGNATURE.end;
}

/// Public key, timestamp and signature; the app data may be empty at this level.
pub const MIN_LEN: usize = field::APP_DATA;

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

    /// Proves that the key, timestamp and signature are present.
    pub fn check_len(&self) -> Result<()> {
        let len = self.buffer.as_ref().len();
        f::need(len, field::PUBLIC_KEY, "public_key")?;
        f::need(len, field::TIMESTAMP, "timestamp")?;
        f::need(len, field::SIGNATURE, "signature")
    }

    /// The node's Ed25519 public key; its first bytes are the node's path hash.
    #[inline]
    pub fn public_key(&self) -> [u8; 32] {
        f::array(self.buffer.as_ref(), field::PUBLIC_KEY)
    }

    /// The sender's clock, unix seconds.
    #[inline]
    pub fn timestamp(&self) -> u32 {
        f::u32_le(self.buffer.as_ref(), field::TIMESTAMP)
    }

    /// The Ed25519 signature.
    #[inline]
    pub fn signature(&self) -> [u8; 64] {
        f::array(self.buffer.as_ref(), field::SIGNATURE)
    }

    /// The range of the app data the firmware reads and signs: at most 32 bytes.
    #[inline]
    pub fn app_data_range(&self) -> Field {
        let len = self.buffer.as_ref().len();
        field::APP_DATA..len.min(field::APP_DATA + app_data::MAX_LEN)
    }

    /// The range of bytes after those 32, which the firmware ignores.
    #[inline]
    pub fn excess_range(&self) -> Field {
        self.app_data_range().end..self.buffer.as_ref().len()
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Packet<&'a T> {
    /// The signed app data (at most 32 bytes).
    #[inline]
    pub fn app_data(&self) -> &'a [u8] {
        &self.buffer.as_ref()[self.app_data_range()]
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Packet<T> {
    /// Writes the public key.
    #[inline]
    pub fn set_public_key(&mut self, value: &[u8; 32]) {
        self.buffer.as_mut()[field::PUBLIC_KEY].copy_from_slice(value);
    }

    /// Writes the timestamp.
    #[inline]
    pub fn set_timestamp(&mut self, value: u32) {
        f::put_u32_le(self.buffer.as_mut(), field::TIMESTAMP, value);
    }

    /// Writes the signature.
    #[inline]
    pub fn set_signature(&mut self, value: &[u8; 64]) {
        self.buffer.as_mut()[field::SIGNATURE].copy_from_slice(value);
    }

    /// The app data, for writing.
    #[inline]
    pub fn app_data_mut(&mut self) -> &mut [u8] {
        let range = self.app_data_range();
        &mut self.buffer.as_mut()[range]
    }
}

/// A decoded advert. Bytes beyond the 32 signed app-data bytes are ignored, as the firmware does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repr<'a> {
    /// The node's Ed25519 public key.
    pub public_key: [u8; 32],
    /// The sender's clock, unix seconds (often wrong).
    pub timestamp: u32,
    /// Ed25519 signature over `public_key || timestamp || app_data`.
    pub signature: [u8; 64],
    /// Role, location, features and name.
    pub app_data: AppDataRepr<'a>,
}

impl<'a> Repr<'a> {
    /// Parses an advert; malformed app data (missing flags, or fields the flags announce) is an error.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(packet: &Packet<&'a T>) -> Result<Repr<'a>> {
        packet.check_len()?;
        let app_data = app_data::Packet::new_checked(packet.app_data())
            .and_then(|view| AppDataRepr::parse(&view))
            .map_err(|err: Error| err.shifted(field::APP_DATA))?;
        Ok(Repr {
            public_key: packet.public_key(),
            timestamp: packet.timestamp(),
            signature: packet.signature(),
            app_data,
        })
    }

    /// Bytes needed to emit this payload.
    pub fn buffer_len(&self) -> usize {
        field::APP_DATA + self.app_data.buffer_len()
    }

    /// Writes this payload into a buffer of `buffer_len()` bytes. App data over 32 bytes is written whole, but
    /// receivers read only the first 32 (`encode_packet` refuses it).
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, packet: &mut Packet<T>) {
        packet.set_public_key(&self.public_key);
        packet.set_timestamp(self.timestamp);
        packet.set_signature(&self.signature);
        let app_data = &mut packet.buffer.as_mut()[field::APP_DATA..];
        self.app_data
            .emit(&mut app_data::Packet::new_unchecked(app_data));
    }
}

impl fmt::Display for Repr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} key {:02X}{:02X}…",
            self.app_data, self.public_key[0], self.public_key[1]
        )
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::protocol::Role;

    // The payload of vector `1100E04B13…` (meshcore.js parse_advert.js): CHAT node "Liam Cottle 🤠".
    static PAYLOAD_HEX: &str = "E04B135959FFAC9397B600ADD84822CB8BF4A050A7F40965DD1AB7AEA3DDD3743327E668B5DB95BC8FBC\
        3894B115415D6E4CCA36F9C9E62E923AFD37C3E2A154B27B0C53B6CFDDD45BB3FAF56FDAF08860D985CA2DA44F9DCAC1D7D76FC2B86D7B2\
        6E004814C69616D20436F74746C6520F09FA4A0";

    fn payload_bytes() -> Vec<u8> {
        crate::hex::decode(PAYLOAD_HEX).unwrap()
    }

    fn payload_repr(bytes: &[u8]) -> Repr<'_> {
        Repr {
            public_key: f::array(bytes, 0..32),
            timestamp: 1_759_913_779,
            signature: f::array(bytes, 36..100),
            app_data: AppDataRepr {
                role: Role::Chat,
                location: None,
                feature1: None,
                feature2: None,
                name: Some("Liam Cottle 🤠".as_bytes()),
            },
        }
    }

    #[test]
    fn deconstruct() {
        let bytes = payload_bytes();
        let packet = Packet::new_checked(&bytes[..]).unwrap();
        assert_eq!(packet.public_key()[..4], [0xE0, 0x4B, 0x13, 0x59]);
        assert_eq!(packet.timestamp(), 1_759_913_779);
        assert_eq!(packet.signature()[..2], [0xB5, 0xDB]);
        assert_eq!(packet.app_data().len(), 17);
        assert_eq!(packet.excess_range(), 117..117);
    }

    #[test]
    fn construct() {
        let bytes = payload_bytes();
        let mut out = vec![0xa5; bytes.len()];
        let mut packet = Packet::new_unchecked(&mut out);
        packet.set_public_key(&f::array(&bytes, 0..32));
        packet.set_timestamp(1_759_913_779);
        packet.set_signature(&f::array(&bytes, 36..100));
        packet.app_data_mut().copy_from_slice(&bytes[100..]);
        assert_eq!(out, bytes);
    }

    #[test]
    fn parse() {
        let bytes = payload_bytes();
        let repr = Repr::parse(&Packet::new_checked(&bytes[..]).unwrap()).unwrap();
        assert_eq!(repr, payload_repr(&bytes));
        assert_eq!(repr.to_string(), "CHAT \"Liam Cottle 🤠\" key E04B…");
    }

    #[test]
    fn emit() {
        let bytes = payload_bytes();
        let repr = payload_repr(&bytes);
        let mut out = vec![0xa5; repr.buffer_len()];
        repr.emit(&mut Packet::new_unchecked(&mut out));
        assert_eq!(out, bytes);
    }

    #[test]
    fn truncated() {
        let bytes = payload_bytes();
        let check = |len: usize| Packet::new_checked(&bytes[..len]).err();
        assert_eq!(
            check(31),
            Some(Error::Truncated {
                field: "public_key",
                at: 0
            })
        );
        assert_eq!(
            check(35),
            Some(Error::Truncated {
                field: "timestamp",
                at: 32
            })
        );
        assert_eq!(
            check(99),
            Some(Error::Truncated {
                field: "signature",
                at: 36
            })
        );
        let no_app_data = Packet::new_checked(&bytes[..100]).unwrap();
        assert_eq!(
            Repr::parse(&no_app_data),
            Err(Error::Truncated {
                field: "app_data_flags",
                at: 100
            })
        );
    }

    #[test]
    fn overlong_beyond_32_app_data_bytes_is_ignored() {
        let mut bytes = payload_bytes();
        bytes.extend([b'X'; 20]);
        let packet = Packet::new_checked(&bytes[..]).unwrap();
        assert_eq!(packet.app_data_range(), 100..132);
        assert_eq!(packet.excess_range(), 132..137);
        let repr = Repr::parse(&packet).unwrap();
        assert_eq!(
            repr.app_data.name_text().as_deref(),
            Some("Liam Cottle 🤠XXXXXXXXXXXXXXX")
        );
    }
}
