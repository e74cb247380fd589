//! `0x05` RESP_CODE_SELF_INFO (E.2), the reply to APP_START: the radio's own identity and settings.
//!
//! Layout: `0x05 | adv_type | tx_power i8 | max_tx_power i8 | pubkey[32] | lat i32 | lon i32 (x1e6) |
//! multi_acks | adv_loc_policy | telemetry_modes | manual_add_contacts | freq u32 (kHz) | bw u32 (Hz) |
//! sf | cr | name (rest of the frame, no terminator)`.

use std::borrow::Cow;

use super::code::ResponseCode;
use super::error::{Error, Result, check};
use super::{le_u32, text_until_nul};

mod field {
    use core::ops::Range;
    pub const ADV_TYPE: usize = 1;
    pub const TX_POWER: usize = 2;
    pub const MAX_TX_POWER: usize = 3;
    pub const PUBLIC_KEY: Range<usize> = 4..36;
    pub const LATITUDE: Range<usize> = 36..40;
    pub const LONGITUDE: Range<usize> = 40..44;
    pub const MULTI_ACKS: usize = 44;
    pub const ADV_LOC_POLICY: usize = 45;
    pub const TELEMETRY_MODES: usize = 46;
    pub const MANUAL_ADD_CONTACTS: usize = 47;
    pub const FREQUENCY: Range<usize> = 48..52;
    pub const BANDWIDTH: Range<usize> = 52..56;
    pub const SPREADING_FACTOR: usize = 56;
    pub const CODING_RATE: usize = 57;
    pub const NAME: usize = 58;
}

/// Bytes before the name.
pub const HEADER_LEN: usize = field::NAME;

/// A decoded SELF_INFO frame, borrowing the key and name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SelfInfo<'a> {
    /// What the node advertises as (1 = chat for a companion).
    pub adv_type: u8,
    /// Configured TX power, dBm.
    pub tx_power_dbm: i8,
    /// The board's maximum TX power, dBm.
    pub max_tx_power_dbm: i8,
    /// The node's Ed25519 public key.
    pub public_key: &'a [u8; 32],
    /// Latitude in micro-degrees.
    pub latitude_e6: i32,
    /// Longitude in micro-degrees.
    pub longitude_e6: i32,
    /// Extra ACK transmissions.
    pub multi_acks: u8,
    /// Whether adverts carry the location (0 = none).
    pub adv_loc_policy: u8,
    /// Telemetry modes: environment in bits 4-5, location in bits 2-3, base in bits 0-1.
    pub telemetry_modes: u8,
    /// Bit 0 set: contacts are added manually.
    pub manual_add_contacts: u8,
    /// Radio frequency in kHz (869525 for 869.525 MHz).
    pub frequency_khz: u32,
    /// Bandwidth in Hz (250000 for 250 kHz).
    pub bandwidth_hz: u32,
    /// LoRa spreading factor.
    pub spreading_factor: u8,
    /// LoRa coding rate.
    pub coding_rate: u8,
    name: &'a [u8],
}

impl<'a> SelfInfo<'a> {
    /// Decodes a frame body that starts with `0x05`; fails if it is shorter than [`HEADER_LEN`].
    pub fn parse(frame: &'a [u8]) -> Result<Self> {
        let code = ResponseCode::SelfInfo.into();
        check(frame, code, "name", HEADER_LEN)?;
        let public_key = frame
            .get(field::PUBLIC_KEY)
            .and_then(|key| key.try_into().ok())
            .ok_or(Error::Truncated {
                code,
                field: "public_key",
                len: frame.len(),
                need: HEADER_LEN,
            })?;
        let byte = |at: usize| frame.get(at).copied().unwrap_or_default();
        let word = |range: core::ops::Range<usize>| le_u32(frame.get(range).unwrap_or_default());
        Ok(SelfInfo {
            adv_type: byte(field::ADV_TYPE),
            tx_power_dbm: byte(field::TX_POWER) as i8,
            max_tx_power_dbm: byte(field::MAX_TX_POWER) as i8,
            public_key,
            latitude_e6: word(field::LATITUDE) as i32,
            longitude_e6: word(field::LONGITUDE) as i32,
            multi_acks: byte(field::MULTI_ACKS),
            adv_loc_policy: byte(field::ADV_LOC_POLICY),
            telemetry_modes: byte(field::TELEMETRY_MODES),
            manual_add_contacts: byte(field::MANUAL_ADD_CONTACTS),
            frequency_khz: word(field::FREQUENCY),
            bandwidth_hz: word(field::BANDWIDTH),
            spreading_factor: byte(field::SPREADING_FACTOR),
            coding_rate: byte(field::CODING_RATE),
            name: frame.get(field::NAME..).unwrap_or_default(),
        })
    }

    /// The node name (lossy UTF-8, up to the first NUL if any).
    pub fn name(&self) -> Cow<'a, str> {
        text_until_nul(self.name)
    }

    /// Latitude in degrees.
    pub fn latitude(&self) -> f64 {
        f64::from(self.latitude_e6) / 1e6
    }

    /// Longitude in degrees.
    pub fn longitude(&self) -> f64 {
        f64::from(self.longitude_e6) / 1e6
    }
}

#[cfg(test)]
mod test {
    use super::*;

    /// A SELF_INFO built by hand per the layout: 869.525 MHz, 250 kHz, SF 11, CR 5, "Base Camp".
    fn frame() -> Vec<u8> {
        let mut frame = vec![0x05, 1, 22, 30];
        frame.extend((0..32).map(|i| 0xA0 + i as u8));
        frame.extend_from_slice(&47_543_968i32.to_le_bytes());
        frame.extend_from_slice(&(-122_108_616i32).to_le_bytes());
        frame.extend_from_slice(&[2, 1, 0b0001_0110, 1]);
        frame.extend_from_slice(&869_525u32.to_le_bytes());
        frame.extend_from_slice(&250_000u32.to_le_bytes());
        frame.extend_from_slice(&[11, 5]);
        frame.extend_from_slice("Base Camp".as_bytes());
        frame
    }

    #[test]
    fn parse() {
        let frame = frame();
        let info = SelfInfo::parse(&frame).unwrap();
        assert_eq!(
            (info.adv_type, info.tx_power_dbm, info.max_tx_power_dbm),
            (1, 22, 30)
        );
        assert_eq!(info.public_key[0], 0xA0);
        assert_eq!(info.public_key[31], 0xBF);
        assert_eq!(
            (info.latitude_e6, info.longitude_e6),
            (47_543_968, -122_108_616)
        );
        assert_eq!(info.latitude(), 47.543968);
        assert_eq!(
            (
                info.multi_acks,
                info.adv_loc_policy,
                info.telemetry_modes,
                info.manual_add_contacts
            ),
            (2, 1, 0x16, 1)
        );
        assert_eq!((info.frequency_khz, info.bandwidth_hz), (869_525, 250_000));
        assert_eq!((info.spreading_factor, info.coding_rate), (11, 5));
        assert_eq!(info.name(), "Base Camp");
    }

    #[test]
    fn empty_name_and_lossy_text() {
        let mut frame = frame();
        frame.truncate(HEADER_LEN);
        assert_eq!(SelfInfo::parse(&frame).unwrap().name(), "");
        frame.extend_from_slice(&[b'A', 0xFF, b'B', 0, b'C']);
        assert_eq!(SelfInfo::parse(&frame).unwrap().name(), "A\u{FFFD}B");
    }

    #[test]
    fn truncated() {
        let frame = frame();
        assert_eq!(
            SelfInfo::parse(&frame[..57]),
            Err(Error::Truncated {
                code: 0x05,
                field: "name",
                len: 57,
                need: 58
            })
        );
    }
}
