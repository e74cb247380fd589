//! `0x84` PUSH_CODE_RAW_DATA (E.5): a RAW_CUSTOM payload addressed to this radio.
//!
//! Layout: `0x84 | snr i8 (dB x4) | rssi i8 (dBm) | reserved (0xFF) | payload`.

use super::code::PushCode;
use super::error::{Result, check};

mod field {
    pub const SNR: usize = 1;
    pub const RSSI: usize = 2;
    pub const PAYLOAD: usize = 4;
}

/// A decoded RAW_DATA frame, borrowing the payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawData<'a> {
    /// SNR in quarter dB.
    pub snr_quarter_db: i8,
    /// RSSI in dBm.
    pub rssi_dbm: i8,
    /// The packet payload (not the whole packet).
    pub payload: &'a [u8],
}

impl<'a> RawData<'a> {
    /// Decodes a frame body that starts with `0x84`; the reserved byte is not checked.
    pub fn parse(frame: &'a [u8]) -> Result<Self> {
        check(frame, PushCode::RawData.into(), "reserved", field::PAYLOAD)?;
        Ok(RawData {
            snr_quarter_db: frame.get(field::SNR).map_or(0, |&byte| byte as i8),
            rssi_dbm: frame.get(field::RSSI).map_or(0, |&byte| byte as i8),
            payload: frame.get(field::PAYLOAD..).unwrap_or_default(),
        })
    }

    /// SNR in dB.
    pub fn snr_db(&self) -> f32 {
        f32::from(self.snr_quarter_db) / 4.0
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::companion::Error;

    #[test]
    fn parse() {
        let repr = RawData::parse(&[0x84, 0x1A, 0xC4, 0xFF, 0x01, 0x02]).unwrap();
        assert_eq!(
            (repr.snr_db(), repr.rssi_dbm, repr.payload),
            (6.5, -60, &[1, 2][..])
        );
        assert_eq!(
            RawData::parse(&[0x84, 0x1A, 0xC4]),
            Err(Error::Truncated {
                code: 0x84,
                field: "reserved",
                len: 3,
                need: 4
            })
        );
    }
}
