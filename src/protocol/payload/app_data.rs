//! ADVERT app data (protocol B, ADVERT): `flags | [lat i32 | lon i32] | [feature1 u16] | [feature2 u16] | [name]`.
//! The low nibble of `flags` is the node role (an enum), the high bits say which fields follow. The firmware reads
//! at most the first 32 bytes (`MAX_ADVERT_DATA_SIZE`); the caller passes only those.

use core::fmt;
use std::borrow::Cow;

use super::role::{Location, Role};
use crate::protocol::Result;
use crate::protocol::field::{self as f, Field};

/// Largest app data the firmware signs and reads.
pub const MAX_LEN: usize = 32;

/// A view over app data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

pub(crate) mod field {
    #![allow(non_snake_case)]
    use crate::protocol::field::Field;

    pub const FLAGS: usize = 0;
    pub const LAT: Field = 1..5;
    pub const LON: Field = 5..9;
    pub const fn FEATURE(at: usize) -> Field {
        at..at + 2
    }
}

/// Flag bits above the role nibble.
pub const HAS_LOCATION: u8 = 0x10;
/// Feature 1 present.
pub const HAS_FEATURE1: u8 = 0x20;
/// Feature 2 present.
pub const HAS_FEATURE2: u8 = 0x40;
/// Name present.
pub const HAS_NAME: u8 = 0x80;

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

    /// Proves that the flags byte and every field it announces are present (the firmware's `isValid`).
    pub fn check_len(&self) -> Result<()> {
        let len = self.buffer.as_ref().len();
        f::need(len, f::byte(field::FLAGS), "app_data_flags")?;
        if self.flags() & HAS_LOCATION != 0 {
            f::need(len, field::LAT, "lat")?;
            f::need(len, field::LON, "lon")?;
        }
        if self.flags() & HAS_FEATURE1 != 0 {
            f::need(len, self.feature1_range(), "feature1")?;
        }
        if self.flags() & HAS_FEATURE2 != 0 {
            f::need(len, self.feature2_range(), "feature2")?;
        }
        Ok(())
    }

    /// The flags byte: role nibble and presence bits.
    #[inline]
    pub fn flags(&self) -> u8 {
        self.buffer.as_ref()[field::FLAGS]
    }

    /// The role in the low nibble of the flags.
    #[inline]
    pub fn role(&self) -> Role {
        Role::from_bits(self.flags())
    }

    /// The location, if the flags announce one.
    #[inline]
    pub fn location(&self) -> Option<Location> {
        let data = self.buffer.as_ref();
        (self.flags() & HAS_LOCATION != 0).then(|| Location {
            lat: f::i32_le(data, field::LAT),
            lon: f::i32_le(data, field::LON),
        })
    }

    /// Feature 1 (reserved), if announced.
    #[inline]
    pub fn feature1(&self) -> Option<u16> {
        (self.flags() & HAS_FEATURE1 != 0)
            .then(|| f::u16_le(self.buffer.as_ref(), self.feature1_range()))
    }

    /// Feature 2 (reserved), if announced.
    #[inline]
    pub fn feature2(&self) -> Option<u16> {
        (self.flags() & HAS_FEATURE2 != 0)
            .then(|| f::u16_le(self.buffer.as_ref(), self.feature2_range()))
    }

    /// Feature 1's range (where it is or would be).
    pub fn feature1_range(&self) -> Field {
        field::FEATURE(if self.flags() & HAS_LOCATION != 0 {
            field::LON.end
        } else {
            field::FLAGS + 1
        })
    }

    /// Feature 2's range (where it is or would be).
    pub fn feature2_range(&self) -> Field {
        let at = self.feature1_range();
        field::FEATURE(if self.flags() & HAS_FEATURE1 != 0 {
            at.end
        } else {
            at.start
        })
    }

    /// The range after the announced fields: the name, if announced.
    pub fn rest_range(&self) -> Field {
        let at = self.feature2_range();
        let start = if self.flags() & HAS_FEATURE2 != 0 {
            at.end
        } else {
            at.start
        };
        start..self.buffer.as_ref().len()
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Packet<&'a T> {
    /// The name bytes as sent (UTF-8 expected, possibly NUL padded), if the flags announce a name.
    #[inline]
    pub fn name(&self) -> Option<&'a [u8]> {
        (self.flags() & HAS_NAME != 0).then(|| &self.buffer.as_ref()[self.rest_range()])
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Packet<T> {
    /// Writes the flags byte; voids `check_len`.
    #[inline]
    pub fn set_flags(&mut self, value: u8) {
        self.buffer.as_mut()[field::FLAGS] = value;
    }

    /// Writes the location; the flags must announce it.
    #[inline]
    pub fn set_location(&mut self, value: Location) {
        f::put_i32_le(self.buffer.as_mut(), field::LAT, value.lat);
        f::put_i32_le(self.buffer.as_mut(), field::LON, value.lon);
    }

    /// Writes feature 1; the flags must announce it.
    #[inline]
    pub fn set_feature1(&mut self, value: u16) {
        let range = self.feature1_range();
        f::put_u16_le(self.buffer.as_mut(), range, value);
    }

    /// Writes feature 2; the flags must announce it.
    #[inline]
    pub fn set_feature2(&mut self, value: u16) {
        let range = self.feature2_range();
        f::put_u16_le(self.buffer.as_mut(), range, value);
    }

    /// The bytes after the announced fields, for writing the name.
    #[inline]
    pub fn rest_mut(&mut self) -> &mut [u8] {
        let range = self.rest_range();
        &mut self.buffer.as_mut()[range]
    }
}

/// Decoded app data. Bytes after the fields of an advert without a name are ignored, as the firmware does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repr<'a> {
    /// The node role.
    pub role: Role,
    /// Position, if sent (0,0 means no fix: see [`Location::degrees`]).
    pub location: Option<Location>,
    /// Reserved feature word 1.
    pub feature1: Option<u16>,
    /// Reserved feature word 2.
    pub feature2: Option<u16>,
    /// Name bytes as sent; see [`Repr::name_text`].
    pub name: Option<&'a [u8]>,
}

impl<'a> Repr<'a> {
    /// Parses app data (the caller has cut it to [`MAX_LEN`]).
    pub fn parse<T: AsRef<[u8]> + ?Sized>(packet: &Packet<&'a T>) -> Result<Repr<'a>> {
        packet.check_len()?;
        Ok(Repr {
            role: packet.role(),
            location: packet.location(),
            feature1: packet.feature1(),
            feature2: packet.feature2(),
            name: packet.name(),
        })
    }

    /// The name as the firmware shows it: up to the first NUL, invalid UTF-8 replaced; `None` when absent or
    /// empty.
    pub fn name_text(&self) -> Option<Cow<'a, str>> {
        let bytes = self.name?;
        let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
        let bytes = bytes.get(..end).filter(|b| !b.is_empty())?;
        Some(String::from_utf8_lossy(bytes))
    }

    /// The flags byte this value emits.
    pub fn flags(&self) -> u8 {
        let mut flags = self.role.bits();
        if self.location.is_some() {
            flags |= HAS_LOCATION;
        }
        if self.feature1.is_some() {
            flags |= HAS_FEATURE1;
        }
        if self.feature2.is_some() {
            flags |= HAS_FEATURE2;
        }
        if self.name.is_some() {
            flags |= HAS_NAME;
        }
        flags
    }

    /// Bytes needed to emit this value.
    pub fn buffer_len(&self) -> usize {
        1 + self.location.map_or(0, |_| 8)
            + self.feature1.map_or(0, |_| 2)
            + self.feature2.map_or(0, |_| 2)
            + self.name.map_or(0, <[u8]>::len)
    }

    /// Writes this value into a buffer of `buffer_len()` bytes.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, packet: &mut Packet<T>) {
        packet.set_flags(self.flags());
        if let Some(location) = self.location {
            packet.set_location(location);
        }
        if let Some(value) = self.feature1 {
            packet.set_feature1(value);
        }
        if let Some(value) = self.feature2 {
            packet.set_feature2(value);
        }
        packet
            .rest_mut()
            .copy_from_slice(self.name.unwrap_or_default());
    }
}

impl fmt::Display for Repr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.role.name())?;
        if let Some(name) = self.name_text() {
            write!(f, " {name:?}")?;
        }
        if let Some((lat, lon)) = self.location.and_then(Location::degrees) {
            write!(f, " @{lat:.6},{lon:.6}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::protocol::Error;

    // App data of vector `11007E76…` (WW7STR/PugetMesh Cougar): flags 0x92 = repeater + location + name.
    static APP_DATA: [u8; 32] = *b"\x92\xa0\x76\xd5\x02\x38\xc5\xb8\xf8WW7STR/PugetMesh Cougar";

    fn app_data_repr() -> Repr<'static> {
        Repr {
            role: Role::Repeater,
            location: Some(Location {
                lat: 47_543_968,
                lon: -122_108_616,
            }),
            feature1: None,
            feature2: None,
            name: Some(b"WW7STR/PugetMesh Cougar"),
        }
    }

    #[test]
    fn deconstruct() {
        let packet = Packet::new_checked(&APP_DATA[..]).unwrap();
        assert_eq!(packet.flags(), 0x92);
        assert_eq!(packet.role(), Role::Repeater);
        assert_eq!(
            packet.location(),
            Some(Location {
                lat: 47_543_968,
                lon: -122_108_616
            })
        );
        assert_eq!(packet.feature1(), None);
        assert_eq!(packet.feature2(), None);
        assert_eq!(packet.name(), Some(&b"WW7STR/PugetMesh Cougar"[..]));
    }

    #[test]
    fn construct() {
        let mut bytes = vec![0xa5; 32];
        let mut packet = Packet::new_unchecked(&mut bytes);
        packet.set_flags(0x92);
        packet.set_location(Location {
            lat: 47_543_968,
            lon: -122_108_616,
        });
        packet
            .rest_mut()
            .copy_from_slice(b"WW7STR/PugetMesh Cougar");
        assert_eq!(bytes, APP_DATA);
    }

    #[test]
    fn parse() {
        let packet = Packet::new_checked(&APP_DATA[..]).unwrap();
        let repr = Repr::parse(&packet).unwrap();
        assert_eq!(repr, app_data_repr());
        assert_eq!(
            repr.location.and_then(Location::degrees),
            Some((47.543968, -122.108616))
        );
        assert_eq!(
            repr.to_string(),
            "REPEATER \"WW7STR/PugetMesh Cougar\" @47.543968,-122.108616"
        );
    }

    #[test]
    fn emit() {
        let repr = app_data_repr();
        let mut bytes = vec![0xa5; repr.buffer_len()];
        repr.emit(&mut Packet::new_unchecked(&mut bytes));
        assert_eq!(bytes, APP_DATA);
    }

    #[test]
    fn features_move_the_name() {
        let bytes = [0xE1, 0x34, 0x12, 0x78, 0x56, b'A', 0];
        let packet = Packet::new_checked(&bytes[..]).unwrap();
        assert_eq!(
            (packet.feature1(), packet.feature2()),
            (Some(0x1234), Some(0x5678))
        );
        let repr = Repr::parse(&packet).unwrap();
        assert_eq!(repr.name_text().as_deref(), Some("A"));
        let mut out = vec![0xa5; repr.buffer_len()];
        repr.emit(&mut Packet::new_unchecked(&mut out));
        assert_eq!(out, bytes);
    }

    #[test]
    fn truncated() {
        let check = |bytes: &[u8]| Packet::new_checked(bytes).err();
        assert_eq!(
            check(&[]),
            Some(Error::Truncated {
                field: "app_data_flags",
                at: 0
            })
        );
        assert_eq!(
            check(&APP_DATA[..4]),
            Some(Error::Truncated {
                field: "lat",
                at: 1
            })
        );
        assert_eq!(
            check(&APP_DATA[..8]),
            Some(Error::Truncated {
                field: "lon",
                at: 5
            })
        );
        assert_eq!(
            check(&[0x21, 0x00]),
            Some(Error::Truncated {
                field: "feature1",
                at: 1
            })
        );
        assert_eq!(
            check(&[0x61, 0x00, 0x00, 0x00]),
            Some(Error::Truncated {
                field: "feature2",
                at: 3
            })
        );
    }

    #[test]
    fn names_as_the_firmware_shows_them() {
        let with = |name: &'static [u8]| {
            Repr {
                name: Some(name),
                ..app_data_repr()
            }
            .name_text()
        };
        assert_eq!(with(b"Hill\0\0").as_deref(), Some("Hill"));
        assert_eq!(with(b"\0").as_deref(), None);
        assert_eq!(with(b"ECOY\xF0\x9F\x8C\xB3").as_deref(), Some("ECOY🌳"));
        assert_eq!(with(b"bad\xFF").as_deref(), Some("bad\u{FFFD}"));
        // Some nodes announce a location of 0,0: no fix.
        assert_eq!(Location { lat: 0, lon: 0 }.degrees(), None);
    }

    #[test]
    fn ignored_tail_without_name() {
        let packet = Packet::new_checked(&[0x02, 0x41, 0x42][..]).unwrap();
        assert_eq!(Repr::parse(&packet).map(|r| r.name), Ok(None));
    }
}
