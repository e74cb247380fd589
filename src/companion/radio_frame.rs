//! Any radio-to-app frame, decoded by its code byte into the kinds a packet analyzer needs.

use super::code::{ErrorCode, PushCode, RadioCode, ResponseCode};
use super::device_info::DeviceInfo;
use super::error::{Error, Result};
use super::le_u32;
use super::log_rx::LogRxData;
use super::raw_data::RawData;
use super::self_info::SelfInfo;
use super::trace_data::TraceData;

/// A decoded radio-to-app frame body (code byte first), borrowing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RadioFrame<'a> {
    /// `0x00` OK, with the optional u32 some replies carry.
    Ok(Option<u32>),
    /// `0x01` ERR, with its optional error code.
    Err(Option<ErrorCode>),
    /// `0x0D` DEVICE_INFO.
    DeviceInfo(DeviceInfo<'a>),
    /// `0x05` SELF_INFO.
    SelfInfo(SelfInfo<'a>),
    /// `0x88` LOG_RX_DATA: a received packet with SNR and RSSI.
    LogRxData(LogRxData<'a>),
    /// `0x89` TRACE_DATA.
    TraceData(TraceData<'a>),
    /// `0x84` RAW_DATA.
    RawData(RawData<'a>),
    /// Any other frame, undecoded.
    Other {
        /// Its code byte.
        code: RadioCode,
        /// The whole body, code byte included.
        body: &'a [u8],
    },
}

impl<'a> RadioFrame<'a> {
    /// Decodes a frame body by its code byte; fails if it is empty or too short for its kind.
    pub fn parse(body: &'a [u8]) -> Result<Self> {
        let first = *body.first().ok_or(Error::Empty)?;
        let code = RadioCode::from(first);
        Ok(match code {
            RadioCode::Response(ResponseCode::Ok) => RadioFrame::Ok(body.get(1..5).map(le_u32)),
            RadioCode::Response(ResponseCode::Err) => {
                RadioFrame::Err(body.get(1).map(|&code| code.into()))
            }
            RadioCode::Response(ResponseCode::DeviceInfo) => {
                RadioFrame::DeviceInfo(DeviceInfo::parse(body)?)
            }
            RadioCode::Response(ResponseCode::SelfInfo) => {
                RadioFrame::SelfInfo(SelfInfo::parse(body)?)
            }
            RadioCode::Push(PushCode::LogRxData) => RadioFrame::LogRxData(LogRxData::parse(body)?),
            RadioCode::Push(PushCode::TraceData) => RadioFrame::TraceData(TraceData::parse(body)?),
            RadioCode::Push(PushCode::RawData) => RadioFrame::RawData(RawData::parse(body)?),
            code => RadioFrame::Other { code, body },
        })
    }

    /// The frame's code byte.
    pub fn code(&self) -> RadioCode {
        match self {
            RadioFrame::Ok(_) => RadioCode::Response(ResponseCode::Ok),
            RadioFrame::Err(_) => RadioCode::Response(ResponseCode::Err),
            RadioFrame::DeviceInfo(_) => RadioCode::Response(ResponseCode::DeviceInfo),
            RadioFrame::SelfInfo(_) => RadioCode::Response(ResponseCode::SelfInfo),
            RadioFrame::LogRxData(_) => RadioCode::Push(PushCode::LogRxData),
            RadioFrame::TraceData(_) => RadioCode::Push(PushCode::TraceData),
            RadioFrame::RawData(_) => RadioCode::Push(PushCode::RawData),
            RadioFrame::Other { code, .. } => *code,
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn ok_and_err() {
        assert_eq!(RadioFrame::parse(&[0x00]), Ok(RadioFrame::Ok(None)));
        assert_eq!(
            RadioFrame::parse(&[0x00, 0x10, 0x27, 0, 0]),
            Ok(RadioFrame::Ok(Some(10_000)))
        );
        assert_eq!(RadioFrame::parse(&[0x01]), Ok(RadioFrame::Err(None)));
        assert_eq!(
            RadioFrame::parse(&[0x01, 0x06]),
            Ok(RadioFrame::Err(Some(ErrorCode::IllegalArg)))
        );
    }

    #[test]
    fn dispatch() {
        let frame = [0x88, 0x30, 0xB5, 0x0D];
        let parsed = RadioFrame::parse(&frame).unwrap();
        assert_eq!(
            parsed,
            RadioFrame::LogRxData(LogRxData {
                snr_quarter_db: 48,
                rssi_dbm: -75,
                packet: &[0x0D]
            })
        );
        assert_eq!(parsed.code(), RadioCode::Push(PushCode::LogRxData));
        let other = [0x83];
        assert_eq!(
            RadioFrame::parse(&other),
            Ok(RadioFrame::Other {
                code: RadioCode::Push(PushCode::MsgWaiting),
                body: &other
            })
        );
        assert_eq!(RadioFrame::parse(&[]), Err(Error::Empty));
        assert_eq!(
            RadioFrame::parse(&[0x88, 0x30]),
            Err(Error::Truncated {
                code: 0x88,
                field: "snr/rssi",
                len: 2,
                need: 3
            })
        );
    }
}
