//! Hexadecimal text to bytes and back with a 256-entry lookup table (the hot path of every text format).

/// Marks a byte that is not a hex digit in [`DIGITS`].
const INVALID: u8 = 0xFF;

/// The value of each byte as a hex digit, or [`INVALID`].
static DIGITS: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = match byte as u8 {
            digit @ b'0'..=b'9' => digit - b'0',
            letter @ b'a'..=b'f' => letter - b'a' + 10,
            letter @ b'A'..=b'F' => letter - b'A' + 10,
            _ => INVALID,
        };
        byte += 1;
    }
    table
};

/// Why hex text did not decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HexError {
    /// The text has an odd number of characters.
    OddLength,
    /// The byte at this offset of the text is not a hex digit.
    BadDigit { at: usize },
}

/// Appends the bytes `text` spells (either case) to `out`; on error `out` is left as it was.
pub(crate) fn decode_into(text: &[u8], out: &mut Vec<u8>) -> Result<(), HexError> {
    if !text.len().is_multiple_of(2) {
        return Err(HexError::OddLength);
    }
    let start = out.len();
    out.resize(start + text.len() / 2, 0);
    let mut invalid = 0;
    if let Some(target) = out.get_mut(start..) {
        let (pairs, _) = text.as_chunks::<2>();
        for (byte, &[high, low]) in target.iter_mut().zip(pairs) {
            let (high, low) = (DIGITS[usize::from(high)], DIGITS[usize::from(low)]);
            invalid |= high | low;
            *byte = high << 4 | low;
        }
    }
    if invalid & 0xF0 != 0 {
        out.truncate(start);
        let at = text
            .iter()
            .position(|&byte| DIGITS[usize::from(byte)] == INVALID)
            .unwrap_or_default();
        return Err(HexError::BadDigit { at });
    }
    Ok(())
}

/// Decodes `text` into exactly `out.len()` bytes, without allocating; `false` if it does not fit or
/// is not hex.
pub(crate) fn decode_exact(text: &[u8], out: &mut [u8]) -> bool {
    let (pairs, rest) = text.as_chunks::<2>();
    if !rest.is_empty() || pairs.len() != out.len() {
        return false;
    }
    let mut invalid = 0;
    for (byte, &[high, low]) in out.iter_mut().zip(pairs) {
        let (high, low) = (DIGITS[usize::from(high)], DIGITS[usize::from(low)]);
        invalid |= high | low;
        *byte = high << 4 | low;
    }
    invalid & 0xF0 == 0
}

/// Appends `bytes` as upper-case hex to `out`.
pub(crate) fn encode_upper_into(bytes: &[u8], out: &mut Vec<u8>) {
    const UPPER: &[u8; 16] = b"0123456789ABCDEF";
    out.reserve(bytes.len() * 2);
    for &byte in bytes {
        out.push(UPPER[usize::from(byte >> 4)]);
        out.push(UPPER[usize::from(byte & 0x0F)]);
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn decode() {
        let mut out = vec![0xAA];
        assert_eq!(decode_into(b"0D04b891647EBB40BA70", &mut out), Ok(()));
        assert_eq!(
            out,
            [
                0xAA, 0x0D, 0x04, 0xB8, 0x91, 0x64, 0x7E, 0xBB, 0x40, 0xBA, 0x70
            ]
        );
        assert_eq!(decode_into(b"", &mut out), Ok(()));
        assert_eq!(out.len(), 11);
    }

    #[test]
    fn errors_leave_the_output_alone() {
        let mut out = vec![0xAA];
        assert_eq!(decode_into(b"0D0", &mut out), Err(HexError::OddLength));
        assert_eq!(
            decode_into(b"0D0G", &mut out),
            Err(HexError::BadDigit { at: 3 })
        );
        assert_eq!(
            decode_into(b"0D 4", &mut out),
            Err(HexError::BadDigit { at: 2 })
        );
        assert_eq!(
            decode_into("0Dé4".as_bytes(), &mut out),
            Err(HexError::OddLength)
        );
        assert_eq!(
            decode_into("0é0".as_bytes(), &mut out),
            Err(HexError::BadDigit { at: 1 })
        );
        assert_eq!(out, [0xAA]);
    }

    #[test]
    fn exact() {
        let mut out = [0; 2];
        assert!(decode_exact(b"0aFF", &mut out));
        assert_eq!(out, [0x0A, 0xFF]);
        assert!(!decode_exact(b"0aF", &mut out));
        assert!(!decode_exact(b"0aFF00", &mut out));
        assert!(!decode_exact(b"0aFG", &mut out));
    }

    #[test]
    fn every_byte_round_trips() {
        let bytes: Vec<u8> = (0..=255).collect();
        let mut text = Vec::new();
        encode_upper_into(&bytes, &mut text);
        assert_eq!(&text[..6], b"000102");
        assert_eq!(&text[text.len() - 4..], b"FEFF");
        let mut back = Vec::new();
        assert_eq!(decode_into(&text, &mut back), Ok(()));
        assert_eq!(back, bytes);
    }
}
