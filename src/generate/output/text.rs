//! Hex lines and CSV (`timestamp,snr,rssi,hex`), and the small number and hex writers the text formats
//! share (no `format!` on the per-line path).

use crate::generate::air::Heard;
use crate::time::civil_from_days;

/// The CSV header line.
pub const CSV_HEADER: &[u8] = b"timestamp,snr,rssi,hex\n";

/// Appends `heard`'s packet as an upper-case hex line.
pub fn hex_line(heard: &Heard<'_>, out: &mut Vec<u8>) {
    push_hex(heard.packet, out);
    out.push(b'\n');
}

/// Appends `timestamp,snr,rssi,hex` for `heard`: RFC 3339 UTC with milliseconds, SNR in dB, RSSI in dBm.
pub fn csv_line(heard: &Heard<'_>, out: &mut Vec<u8>) {
    rfc3339_ms(heard.timestamp_us.div_euclid(1000), out);
    out.push(b',');
    snr_text(heard.signal.snr_quarter_db, out);
    out.push(b',');
    push_number(out, i64::from(heard.signal.rssi_dbm));
    out.push(b',');
    push_hex(heard.packet, out);
    out.push(b'\n');
}

/// Appends `unix_ms` as [`Rfc3339Ms`](crate::time::Rfc3339Ms) writes it (`2026-01-01T00:00:00.123Z`),
/// without the formatting machinery.
pub fn rfc3339_ms(unix_ms: i64, out: &mut Vec<u8>) {
    date_time(unix_ms.div_euclid(1000), out);
    out.push(b'.');
    push_padded(out, unix_ms.rem_euclid(1000), 3);
    out.push(b'Z');
}

/// Appends the UTC date and time of `unix_s` as `YYYY-MM-DDTHH:MM:SS`.
pub fn date_time(unix_s: i64, out: &mut Vec<u8>) {
    let (year, month, day) = civil_from_days(unix_s.div_euclid(86_400));
    let in_day = unix_s.rem_euclid(86_400);
    push_padded(out, year, 4);
    out.push(b'-');
    push_padded(out, i64::from(month), 2);
    out.push(b'-');
    push_padded(out, i64::from(day), 2);
    out.push(b'T');
    push_padded(out, in_day / 3600, 2);
    out.push(b':');
    push_padded(out, in_day / 60 % 60, 2);
    out.push(b':');
    push_padded(out, in_day % 60, 2);
}

/// Appends upper-case hex of `bytes`.
pub fn push_hex(bytes: &[u8], out: &mut Vec<u8>) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let start = out.len();
    out.resize(start + bytes.len() * 2, 0);
    if let Some(tail) = out.get_mut(start..) {
        for (pair, &byte) in tail.chunks_exact_mut(2).zip(bytes) {
            pair[0] = DIGITS[usize::from(byte >> 4)];
            pair[1] = DIGITS[usize::from(byte & 0x0F)];
        }
    }
}

/// Appends `value` in decimal.
pub fn push_number(out: &mut Vec<u8>, value: i64) {
    if value < 0 {
        out.push(b'-');
    }
    let mut digits = [0u8; 20];
    let mut rest = value.unsigned_abs();
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// Appends a non-negative `value` with at least `width` digits, zero-padded.
pub fn push_padded(out: &mut Vec<u8>, value: i64, width: usize) {
    let mut digits = [b'0'; 20];
    let mut rest = value.unsigned_abs();
    let mut at = digits.len();
    while rest > 0 {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    let start = at.min(digits.len() - width.min(digits.len()));
    out.extend_from_slice(&digits[start..]);
}

/// Appends an SNR given in quarter dB as Python's `str(float)` writes it: `12.5`, `-7.25`, `4.0`.
pub fn snr_text(quarter_db: i8, out: &mut Vec<u8>) {
    if quarter_db < 0 {
        out.push(b'-');
    }
    let magnitude = quarter_db.unsigned_abs();
    push_number(out, i64::from(magnitude / 4));
    out.extend_from_slice(match magnitude % 4 {
        0 => b".0".as_slice(),
        1 => b".25",
        2 => b".5",
        _ => b".75",
    });
}

#[cfg(test)]
mod test {
    use super::*;

    fn text(write: impl Fn(&mut Vec<u8>)) -> String {
        let mut out = Vec::new();
        write(&mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers() {
        assert_eq!(text(|out| push_number(out, -128)), "-128");
        assert_eq!(text(|out| push_number(out, 0)), "0");
        assert_eq!(text(|out| push_padded(out, 7, 2)), "07");
        assert_eq!(text(|out| push_padded(out, 0, 6)), "000000");
        assert_eq!(text(|out| push_padded(out, 2026, 4)), "2026");
        assert_eq!(text(|out| push_hex(&[0x0D, 0xAB], out)), "0DAB");
    }

    #[test]
    fn timestamps_like_the_time_module() {
        for ms in [
            0,
            1_767_225_600_123,
            1_704_110_400_000,
            951_782_400_999,
            4_102_444_799_999,
        ] {
            assert_eq!(
                text(|out| rfc3339_ms(ms, out)),
                crate::time::Rfc3339Ms(ms).to_string()
            );
        }
    }

    #[test]
    fn snr_like_python() {
        for (quarters, expected) in [
            (50, "12.5"),
            (-29, "-7.25"),
            (16, "4.0"),
            (0, "0.0"),
            (-1, "-0.25"),
            (-128, "-32.0"),
        ] {
            assert_eq!(text(|out| snr_text(quarters, out)), expected);
            assert_eq!(expected.parse::<f32>().unwrap(), f32::from(quarters) / 4.0);
        }
    }
}
