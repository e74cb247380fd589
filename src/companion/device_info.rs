//! `0x0D` RESP_CODE_DEVICE_INFO (E.2), the reply to DEVICE_QUERY.
//!
//! Layout: `0x0D | fw_ver_code`, then from firmware version code 3 on: `max_contacts/2 | max_channels |
//! ble_pin u32 | build_date char[12] | model char[40] | version char[20]`, then `client_repeat` (v9+) and
//! `path_hash_mode` (v10+). Text fields are NUL-padded and decoded as lossy UTF-8.

use std::borrow::Cow;

use super::code::ResponseCode;
use super::error::{Error, Result, check};
use super::{first_byte, le_u32, text_until_nul};

mod field {
    use core::ops::Range;
    pub const FW_VER_CODE: usize = 1;
    pub const MAX_CONTACTS_HALF: usize = 2;
    pub const MAX_CHANNELS: usize = 3;
    pub const BLE_PIN: Range<usize> = 4..8;
    pub const BUILD_DATE: Range<usize> = 8..20;
    pub const MODEL: Range<usize> = 20..60;
    pub const VERSION: Range<usize> = 60..80;
    pub const CLIENT_REPEAT: usize = 80;
    pub const PATH_HASH_MODE: usize = 81;
}

/// The first firmware version code that sends [`DeviceDetails`].
pub const DETAILS_SINCE_VERSION: u8 = 3;

/// A decoded DEVICE_INFO frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeviceInfo<'a> {
    /// `FIRMWARE_VER_CODE` (13 for v1.17.1).
    pub fw_ver_code: u8,
    /// Everything after the version code; `None` before version code 3.
    pub details: Option<DeviceDetails<'a>>,
}

/// The DEVICE_INFO fields of firmware version code 3 and later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeviceDetails<'a> {
    /// Contact table size (the frame carries half of it).
    pub max_contacts: u16,
    /// Channel slots.
    pub max_channels: u8,
    /// BLE pairing pin, 0 when unset.
    pub ble_pin: u32,
    build_date: &'a [u8],
    model: &'a [u8],
    version: &'a [u8],
    /// Whether client repeat is on, when the frame has the byte (firmware v9+).
    pub client_repeat: Option<bool>,
    /// The path hash mode (hash size minus one), when the frame has the byte (firmware v10+).
    pub path_hash_mode: Option<u8>,
}

impl<'a> DeviceInfo<'a> {
    /// Decodes a frame body that starts with `0x0D`. The v9/v10 trailing bytes are read when present.
    pub fn parse(frame: &'a [u8]) -> Result<Self> {
        let code = ResponseCode::DeviceInfo.into();
        check(frame, code, "fw_ver_code", field::FW_VER_CODE + 1)?;
        let fw_ver_code = frame.get(field::FW_VER_CODE).copied().unwrap_or_default();
        if fw_ver_code < DETAILS_SINCE_VERSION {
            return Ok(DeviceInfo {
                fw_ver_code,
                details: None,
            });
        }
        let field = |range: core::ops::Range<usize>, name| {
            frame.get(range.clone()).ok_or(Error::Truncated {
                code,
                field: name,
                len: frame.len(),
                need: range.end,
            })
        };
        let max_contacts_half = field(
            field::MAX_CONTACTS_HALF..field::MAX_CONTACTS_HALF + 1,
            "max_contacts",
        )?;
        let max_channels = field(field::MAX_CHANNELS..field::MAX_CHANNELS + 1, "max_channels")?;
        let pin = field(field::BLE_PIN, "ble_pin")?;
        let details = DeviceDetails {
            max_contacts: u16::from(first_byte(max_contacts_half)) * 2,
            max_channels: first_byte(max_channels),
            ble_pin: le_u32(pin),
            build_date: field(field::BUILD_DATE, "build_date")?,
            model: field(field::MODEL, "model")?,
            version: field(field::VERSION, "version")?,
            client_repeat: frame.get(field::CLIENT_REPEAT).map(|&byte| byte != 0),
            path_hash_mode: frame.get(field::PATH_HASH_MODE).copied(),
        };
        Ok(DeviceInfo {
            fw_ver_code,
            details: Some(details),
        })
    }
}

impl<'a> DeviceDetails<'a> {
    /// The firmware build date, e.g. `14 Aug 2026`.
    pub fn build_date(&self) -> Cow<'a, str> {
        text_until_nul(self.build_date)
    }

    /// The manufacturer and model name.
    pub fn model(&self) -> Cow<'a, str> {
        text_until_nul(self.model)
    }

    /// The firmware version string, e.g. `v1.17.1`.
    pub fn version(&self) -> Cow<'a, str> {
        text_until_nul(self.version)
    }
}

#[cfg(test)]
mod test {
    use super::*;

    /// A v13 DEVICE_INFO built by hand per the layout: 350 contacts, 40 channels, pin 123456.
    fn frame() -> Vec<u8> {
        let mut frame = vec![0x0D, 13, 175, 40];
        frame.extend_from_slice(&123_456u32.to_le_bytes());
        let mut text = |value: &str, width: usize| {
            frame.extend_from_slice(value.as_bytes());
            frame.extend(std::iter::repeat_n(0, width - value.len()));
        };
        text("14 Aug 2026", 12);
        text("Heltec V3", 40);
        text("v1.17.1", 20);
        frame.extend_from_slice(&[1, 1]);
        frame
    }

    #[test]
    fn parse_v13() {
        let frame = frame();
        assert_eq!(frame.len(), 82);
        let info = DeviceInfo::parse(&frame).unwrap();
        assert_eq!(info.fw_ver_code, 13);
        let details = info.details.unwrap();
        assert_eq!(
            (details.max_contacts, details.max_channels, details.ble_pin),
            (350, 40, 123_456)
        );
        assert_eq!(details.build_date(), "14 Aug 2026");
        assert_eq!(details.model(), "Heltec V3");
        assert_eq!(details.version(), "v1.17.1");
        assert_eq!(
            (details.client_repeat, details.path_hash_mode),
            (Some(true), Some(1))
        );
    }

    #[test]
    fn trailing_fields_are_optional() {
        let frame = frame();
        let details = DeviceInfo::parse(&frame[..80]).unwrap().details.unwrap();
        assert_eq!(
            (details.client_repeat, details.path_hash_mode),
            (None, None)
        );
        let details = DeviceInfo::parse(&frame[..81]).unwrap().details.unwrap();
        assert_eq!(
            (details.client_repeat, details.path_hash_mode),
            (Some(true), None)
        );
    }

    #[test]
    fn old_firmware_sends_the_version_only() {
        assert_eq!(
            DeviceInfo::parse(&[0x0D, 2]),
            Ok(DeviceInfo {
                fw_ver_code: 2,
                details: None
            })
        );
    }

    #[test]
    fn truncated() {
        let frame = frame();
        assert_eq!(
            DeviceInfo::parse(&frame[..79]),
            Err(Error::Truncated {
                code: 0x0D,
                field: "version",
                len: 79,
                need: 80
            })
        );
        assert_eq!(
            DeviceInfo::parse(&frame[..6]),
            Err(Error::Truncated {
                code: 0x0D,
                field: "ble_pin",
                len: 6,
                need: 8
            })
        );
        assert_eq!(
            DeviceInfo::parse(&[0x0D]),
            Err(Error::Truncated {
                code: 0x0D,
                field: "fw_ver_code",
                len: 1,
                need: 2
            })
        );
    }
}
