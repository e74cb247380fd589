//! `0x89` PUSH_CODE_TRACE_DATA (E.5, D.1): a TRACE this radio started came back.
//!
//! Layout: `0x89 | reserved | route_len u8 | flags | tag u32 | auth u32 | route[route_len] |
//! snrs[route_len >> (flags & 3)] (dB x4) | final_snr (dB x4)`.

use super::code::PushCode;
use super::error::{Error, Result, check};
use super::le_u32;

mod field {
    use core::ops::Range;
    pub const ROUTE_LEN: usize = 2;
    pub const FLAGS: usize = 3;
    pub const TAG: Range<usize> = 4..8;
    pub const AUTH: Range<usize> = 8..12;
    pub const ROUTE: usize = 12;
}

/// Bytes before the route.
pub const HEADER_LEN: usize = field::ROUTE;

/// A decoded TRACE_DATA frame, borrowing the route and SNRs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TraceData<'a> {
    /// Flags; bits 0-1 give the route hash size as `1 << (flags & 3)`.
    pub flags: u8,
    /// The trace tag the sender chose.
    pub tag: u32,
    /// The auth code.
    pub auth_code: u32,
    /// The route hashes, `route.len() / hash_size()` of them.
    pub route: &'a [u8],
    /// One SNR per hop in quarter dB (as `u8`; read with [`TraceData::snr_db`]).
    pub snrs: &'a [u8],
    /// SNR of the final reception by this radio, quarter dB.
    pub final_snr_quarter_db: i8,
}

impl<'a> TraceData<'a> {
    /// Decodes a frame body that starts with `0x89`.
    pub fn parse(frame: &'a [u8]) -> Result<Self> {
        let code = PushCode::TraceData.into();
        check(frame, code, "tag/auth", HEADER_LEN)?;
        let flags = frame.get(field::FLAGS).copied().unwrap_or_default();
        let route_len = usize::from(frame.get(field::ROUTE_LEN).copied().unwrap_or_default());
        let snr_count = route_len >> (flags & 3);
        let route_end = HEADER_LEN + route_len;
        let snrs_end = route_end + snr_count;
        let truncated = |field, need| Error::Truncated {
            code,
            field,
            len: frame.len(),
            need,
        };
        let route = frame
            .get(HEADER_LEN..route_end)
            .ok_or(truncated("route", route_end))?;
        let snrs = frame
            .get(route_end..snrs_end)
            .ok_or(truncated("snrs", snrs_end))?;
        let final_snr = frame
            .get(snrs_end)
            .ok_or(truncated("final_snr", snrs_end + 1))?;
        Ok(TraceData {
            flags,
            tag: le_u32(frame.get(field::TAG).unwrap_or_default()),
            auth_code: le_u32(frame.get(field::AUTH).unwrap_or_default()),
            route,
            snrs,
            final_snr_quarter_db: *final_snr as i8,
        })
    }

    /// Bytes per route hash: 1, 2, 4 or 8.
    pub fn hash_size(&self) -> usize {
        1 << (self.flags & 3)
    }

    /// The SNR into hop `index` in dB, if there is one.
    pub fn snr_db(&self, index: usize) -> Option<f32> {
        self.snrs.get(index).map(|&snr| f32::from(snr as i8) / 4.0)
    }

    /// The final SNR in dB.
    pub fn final_snr_db(&self) -> f32 {
        f32::from(self.final_snr_quarter_db) / 4.0
    }
}

#[cfg(test)]
mod test {
    use super::*;

    // Route 67 33 D6 (1-byte hashes), hop SNRs 12.0, 11.25, 3.25, final SNR -2.0.
    static FRAME: [u8; 19] = [
        0x89, 0x00, 0x03, 0x00, 0x59, 0xFE, 0xE7, 0xB1, 0x01, 0x00, 0x00, 0x00, 0x67, 0x33, 0xD6,
        0x30, 0x2D, 0x0D, 0xF8,
    ];

    #[test]
    fn parse() {
        let trace = TraceData::parse(&FRAME).unwrap();
        assert_eq!(
            (trace.tag, trace.auth_code, trace.hash_size()),
            (0xB1E7FE59, 1, 1)
        );
        assert_eq!(trace.route, &[0x67, 0x33, 0xD6]);
        assert_eq!(
            (
                trace.snr_db(0),
                trace.snr_db(1),
                trace.snr_db(2),
                trace.snr_db(3)
            ),
            (Some(12.0), Some(11.25), Some(3.25), None)
        );
        assert_eq!(trace.final_snr_db(), -2.0);
    }

    #[test]
    fn two_byte_hashes_halve_the_snrs() {
        let frame = [
            0x89, 0, 4, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0xAA, 0xBB, 0xCC, 0xDD, 0x10, 0x20, 0x30,
        ];
        let trace = TraceData::parse(&frame).unwrap();
        assert_eq!(
            (
                trace.hash_size(),
                trace.route.len(),
                trace.snrs,
                trace.final_snr_quarter_db
            ),
            (2, 4, &[0x10, 0x20][..], 0x30)
        );
    }

    #[test]
    fn truncated() {
        assert_eq!(
            TraceData::parse(&FRAME[..18]),
            Err(Error::Truncated {
                code: 0x89,
                field: "final_snr",
                len: 18,
                need: 19
            })
        );
        assert_eq!(
            TraceData::parse(&FRAME[..14]),
            Err(Error::Truncated {
                code: 0x89,
                field: "route",
                len: 14,
                need: 15
            })
        );
        assert_eq!(
            TraceData::parse(&FRAME[..11]),
            Err(Error::Truncated {
                code: 0x89,
                field: "tag/auth",
                len: 11,
                need: 12
            })
        );
    }
}
