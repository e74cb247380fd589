//! Field values shared by the text formats: timestamps, SNR, RSSI, hex packets, observer keys.

use super::bad_record::BadReason;
use super::batch::{Batch, MAX_PACKET_LEN, Observation};
use super::hex::{self, HexError};
use super::json::Scalar;
use crate::time::parse_rfc3339_ms;

/// Unix times below this are seconds, at or above it milliseconds (1e11 s is the year 5138).
const SECONDS_LIMIT: f64 = 1e11;

/// A bad value: the reason and, when known, the 0-based byte offset inside the value.
pub(crate) type ValueError = (BadReason, Option<usize>);

/// Unix milliseconds from RFC 3339 text, or from unix seconds or milliseconds written as a number.
pub(crate) fn timestamp_from_text(text: &str) -> Result<i64, ValueError> {
    let text = text.trim();
    if text
        .bytes()
        .all(|byte| byte.is_ascii_digit() || byte == b'.' || byte == b'-')
        && !text.is_empty()
    {
        let value: f64 = text
            .parse()
            .map_err(|_| (BadReason::BadTimestamp(None), None))?;
        return unix_number_to_ms(value).ok_or((BadReason::BadTimestamp(None), None));
    }
    parse_rfc3339_ms(text)
        .map_err(|error| (BadReason::BadTimestamp(Some(error.kind)), Some(error.at)))
}

/// Unix milliseconds from a number of seconds (below 1e11) or milliseconds.
pub(crate) fn unix_number_to_ms(value: f64) -> Option<i64> {
    let ms = if value.abs() < SECONDS_LIMIT {
        value * 1000.0
    } else {
        value
    };
    (ms.is_finite() && ms.abs() < 9.0e18).then(|| ms.floor() as i64)
}

/// A required timestamp field: RFC 3339 text or a unix number.
pub(crate) fn timestamp_from_scalar(value: &Scalar<'_>) -> Result<i64, ValueError> {
    match value {
        Scalar::Number(number) => {
            unix_number_to_ms(*number).ok_or((BadReason::BadTimestamp(None), None))
        }
        other => timestamp_from_text(other.required_text().map_err(|reason| (reason, None))?),
    }
}

/// An SNR in dB: a number, numeric text, or `None` for `null`, absent, empty or `Unknown`.
pub(crate) fn snr_from_scalar(value: &Scalar<'_>) -> Result<Option<f32>, BadReason> {
    match value {
        Scalar::Number(number) => finite_f32(*number).map(Some),
        Scalar::Text(text) => snr_from_text(text),
        Scalar::Missing | Scalar::Null => Ok(None),
        Scalar::Other => Err(BadReason::WrongType),
    }
}

/// An RSSI in dBm, rounded to a whole number; `None` as for [`snr_from_scalar`].
pub(crate) fn rssi_from_scalar(value: &Scalar<'_>) -> Result<Option<i16>, BadReason> {
    match value {
        Scalar::Number(number) => whole_i16(*number).map(Some),
        Scalar::Text(text) => rssi_from_text(text),
        Scalar::Missing | Scalar::Null => Ok(None),
        Scalar::Other => Err(BadReason::WrongType),
    }
}

/// SNR text: a number, or `None` for empty or `Unknown` (any case).
pub(crate) fn snr_from_text(text: &str) -> Result<Option<f32>, BadReason> {
    let text = text.trim();
    if is_unknown(text) {
        return Ok(None);
    }
    let value: f64 = text.parse().map_err(|_| BadReason::BadNumber)?;
    finite_f32(value).map(Some)
}

/// RSSI text: a number rounded to a whole dBm, or `None` for empty or `Unknown`.
pub(crate) fn rssi_from_text(text: &str) -> Result<Option<i16>, BadReason> {
    let text = text.trim();
    if is_unknown(text) {
        return Ok(None);
    }
    if let Ok(whole) = text.parse::<i16>() {
        return Ok(Some(whole));
    }
    let value: f64 = text.parse().map_err(|_| BadReason::BadNumber)?;
    whole_i16(value).map(Some)
}

fn is_unknown(text: &str) -> bool {
    text.is_empty() || text.eq_ignore_ascii_case("unknown")
}

fn finite_f32(value: f64) -> Result<f32, BadReason> {
    let value = value as f32;
    if value.is_finite() {
        Ok(value)
    } else {
        Err(BadReason::BadNumber)
    }
}

fn whole_i16(value: f64) -> Result<i16, BadReason> {
    let rounded = value.round();
    if rounded >= f64::from(i16::MIN) && rounded <= f64::from(i16::MAX) {
        Ok(rounded as i16)
    } else {
        Err(BadReason::BadNumber)
    }
}

/// A 64-hex-digit observer key.
pub(crate) fn observer_id(text: &str) -> Result<[u8; 32], BadReason> {
    let mut id = [0; 32];
    if hex::decode_exact(text.as_bytes(), &mut id) {
        Ok(id)
    } else {
        Err(BadReason::BadObserverId)
    }
}

/// Decodes the hex packet `text` straight into `batch` with `observation`.
pub(crate) fn push_hex_packet(
    batch: &mut Batch,
    observation: Observation,
    text: &str,
) -> Result<(), ValueError> {
    let len = batch
        .push_with(observation, |bytes| {
            hex::decode_into(text.as_bytes(), bytes)
        })
        .map_err(|error| match error {
            HexError::OddLength => (BadReason::OddHexLength, None),
            HexError::BadDigit { at } => (BadReason::BadHexDigit, Some(at)),
        })?;
    match len {
        0 => Err((BadReason::EmptyPacket, None)),
        len if len > MAX_PACKET_LEN => Err((BadReason::PacketTooLong { len }, None)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::time::TimeErrorKind;

    #[test]
    fn timestamps() {
        assert_eq!(
            timestamp_from_text("2024-01-01T12:00:00.000000+00:00"),
            Ok(1_704_110_400_000)
        );
        assert_eq!(timestamp_from_text("1704110400"), Ok(1_704_110_400_000));
        assert_eq!(timestamp_from_text("1704110400.25"), Ok(1_704_110_400_250));
        assert_eq!(timestamp_from_text("1704110400123"), Ok(1_704_110_400_123));
        assert_eq!(
            timestamp_from_text("1.2.3"),
            Err((BadReason::BadTimestamp(None), None))
        );
        assert_eq!(
            timestamp_from_text("2024-01-01T25:00:00Z"),
            Err((
                BadReason::BadTimestamp(Some(TimeErrorKind::BadHour)),
                Some(11)
            ))
        );
        assert_eq!(
            timestamp_from_scalar(&Scalar::Number(1_704_110_400.0)),
            Ok(1_704_110_400_000)
        );
        assert_eq!(
            timestamp_from_scalar(&Scalar::Missing),
            Err((BadReason::MissingField, None))
        );
        assert_eq!(
            timestamp_from_scalar(&Scalar::Other),
            Err((BadReason::WrongType, None))
        );
    }

    #[test]
    fn snr_and_rssi() {
        assert_eq!(snr_from_text("12.5"), Ok(Some(12.5)));
        assert_eq!(snr_from_text("Unknown"), Ok(None));
        assert_eq!(snr_from_text(""), Ok(None));
        assert_eq!(snr_from_text("high"), Err(BadReason::BadNumber));
        assert_eq!(snr_from_text("NaN"), Err(BadReason::BadNumber));
        assert_eq!(snr_from_scalar(&Scalar::Number(-7.25)), Ok(Some(-7.25)));
        assert_eq!(snr_from_scalar(&Scalar::Null), Ok(None));
        assert_eq!(rssi_from_text("-65"), Ok(Some(-65)));
        assert_eq!(rssi_from_text("-65.6"), Ok(Some(-66)));
        assert_eq!(rssi_from_text("unknown"), Ok(None));
        assert_eq!(rssi_from_text("-99999"), Err(BadReason::BadNumber));
        assert_eq!(rssi_from_scalar(&Scalar::Number(-100.0)), Ok(Some(-100)));
        assert_eq!(rssi_from_scalar(&Scalar::Other), Err(BadReason::WrongType));
    }

    #[test]
    fn observer_ids() {
        let key = "7E7662676F7F0850A8A355BAAFBFC1EB7B4174C340442D7D7161C9474A2C9400";
        assert_eq!(observer_id(key).map(|id| (id[0], id[31])), Ok((0x7E, 0x00)));
        assert_eq!(observer_id(&key[..62]), Err(BadReason::BadObserverId));
        assert_eq!(observer_id("Hilltop"), Err(BadReason::BadObserverId));
    }
}
