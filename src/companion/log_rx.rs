//! `0x88` PUSH_CODE_LOG_RX_DATA (E.5): every LoRa frame the radio receives, with its SNR and RSSI.
//!
//! Layout: `0x88 | snr i8 (dB x4) | rssi i8 (dBm) | raw on-air packet`. The firmware logs before parsing,
//! so the packet may be a duplicate or malformed; it is never decoded here.

use super::code::PushCode;
use super::error::{Result, check};

mod field {
    pub const CODE: usize = 0;
    pub const SNR: usize = 1;
    pub const RSSI: usize = 2;
    pub const PACKET: usize = 3;
}

/// Bytes before the packet.
pub const HEADER_LEN: usize = field::PACKET;

/// A decoded LOG_RX_DATA frame, borrowing the packet bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogRxData<'a> {
    /// SNR in quarter dB, as the firmware sends it (`(int8)(snr * 4)`, truncated toward zero).
    pub snr_quarter_db: i8,
    /// RSSI in dBm.
    pub rssi_dbm: i8,
    /// The raw on-air packet (`meshcore-protocol.md` A), possibly empty or malformed.
    pub packet: &'a [u8],
}

impl<'a> LogRxData<'a> {
    /// Decodes a frame body that starts with `0x88`; fails if it is shorter than [`HEADER_LEN`].
    pub fn parse(frame: &'a [u8]) -> Result<Self> {
        check(frame, PushCode::LogRxData.into(), "snr/rssi", HEADER_LEN)?;
        Ok(LogRxData {
            snr_quarter_db: frame.get(field::SNR).map_or(0, |&byte| byte as i8),
            rssi_dbm: frame.get(field::RSSI).map_or(0, |&byte| byte as i8),
            packet: frame.get(field::PACKET..).unwrap_or_default(),
        })
    }

    /// SNR in dB.
    pub fn snr_db(&self) -> f32 {
        f32::from(self.snr_quarter_db) / 4.0
    }

    /// Length of the frame body [`LogRxData::emit`] writes.
    pub fn buffer_len(&self) -> usize {
        HEADER_LEN + self.packet.len()
    }

    /// Appends the frame body (without the serial header) to `out`.
    pub fn emit(&self, out: &mut Vec<u8>) {
        let mut header = [0; HEADER_LEN];
        header[field::CODE] = PushCode::LogRxData.into();
        header[field::SNR] = self.snr_quarter_db as u8;
        header[field::RSSI] = self.rssi_dbm as u8;
        out.extend_from_slice(&header);
        out.extend_from_slice(self.packet);
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::companion::Error;

    // The spec's illustration: the ACK 0D04B891647EBB40BA70 at SNR 12.0 (0x30) and RSSI -75 (0xB5).
    static FRAME: [u8; 13] = [
        0x88, 0x30, 0xB5, 0x0D, 0x04, 0xB8, 0x91, 0x64, 0x7E, 0xBB, 0x40, 0xBA, 0x70,
    ];

    #[test]
    fn parse_and_emit() {
        let repr = LogRxData::parse(&FRAME).unwrap();
        assert_eq!(repr.snr_quarter_db, 48);
        assert_eq!(repr.snr_db(), 12.0);
        assert_eq!(repr.rssi_dbm, -75);
        assert_eq!(repr.packet, &FRAME[3..]);
        let mut out = Vec::new();
        repr.emit(&mut out);
        assert_eq!(out, FRAME);
        assert_eq!(repr.buffer_len(), FRAME.len());
    }

    #[test]
    fn negative_snr_and_empty_packet() {
        let repr = LogRxData::parse(&[0x88, 0xF6, 0x80]).unwrap();
        assert_eq!(
            (repr.snr_db(), repr.rssi_dbm, repr.packet),
            (-2.5, -128, &[][..])
        );
    }

    #[test]
    fn too_short() {
        assert_eq!(
            LogRxData::parse(&FRAME[..2]),
            Err(Error::Truncated {
                code: 0x88,
                field: "snr/rssi",
                len: 2,
                need: 3
            })
        );
        assert_eq!(
            LogRxData::parse(&[0x84, 0, 0]),
            Err(Error::WrongCode {
                expected: 0x88,
                found: 0x84
            })
        );
        assert_eq!(LogRxData::parse(&[]), Err(Error::Empty));
    }
}
