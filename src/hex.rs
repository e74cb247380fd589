//! Hexadecimal text to bytes and back, with a lookup table on the hot path.
//!
//! `hex::decode`-style crates cost about 950 ns for an 80-byte packet; a 256-entry table costs about 70 ns
//! (`performance.md`). Decoding accepts upper and lower case and nothing else (no spaces, no `0x`).

use core::fmt;

/// Why a hex string did not decode. `at` is the byte offset in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HexError {
    /// The text has an odd number of digits.
    OddLength {
        /// Length in bytes.
        len: usize,
    },
    /// The character at `at` is not a hex digit.
    InvalidDigit {
        /// Byte offset.
        at: usize,
    },
    /// The output buffer holds `capacity` bytes, the text needs `needed`.
    BufferTooSmall {
        /// Bytes the text decodes to.
        needed: usize,
        /// Bytes the buffer holds.
        capacity: usize,
    },
}

impl fmt::Display for HexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            HexError::OddLength { len } => write!(f, "odd number of hex digits ({len})"),
            HexError::InvalidDigit { at } => write!(f, "invalid hex digit at character {at}"),
            HexError::BufferTooSmall { needed, capacity } => {
                write!(f, "{needed} bytes do not fit a {capacity}-byte buffer")
            }
        }
    }
}

impl std::error::Error for HexError {}

/// Decodes `text` into `out` and returns the filled prefix; never allocates.
pub fn decode_to_slice<'o>(text: &[u8], out: &'o mut [u8]) -> Result<&'o [u8], HexError> {
    if !text.len().is_multiple_of(2) {
        return Err(HexError::OddLength { len: text.len() });
    }
    let needed = text.len() / 2;
    let capacity = out.len();
    let out = out
        .get_mut(..needed)
        .ok_or(HexError::BufferTooSmall { needed, capacity })?;
    // Branch-free over the bytes; the position of a bad digit is looked for only when there is one.
    let mut seen = 0;
    for (pair, byte) in text.chunks_exact(2).zip(out.iter_mut()) {
        let hi = NIBBLE[usize::from(pair[0])];
        let lo = NIBBLE[usize::from(pair[1])];
        seen |= hi | lo;
        *byte = (hi << 4) | lo;
    }
    if seen & INVALID != 0 {
        let at = text
            .iter()
            .position(|&c| NIBBLE[usize::from(c)] & INVALID != 0)
            .unwrap_or(0);
        return Err(HexError::InvalidDigit { at });
    }
    Ok(out)
}

/// Decodes `text` into a new vector.
pub fn decode(text: &str) -> Result<Vec<u8>, HexError> {
    let mut out = vec![0; text.len() / 2];
    decode_to_slice(text.as_bytes(), &mut out)?;
    Ok(out)
}

/// Appends `bytes` as lower-case hex to `out`.
pub fn write_lower(bytes: &[u8], out: &mut String) {
    write_with(bytes, b"0123456789abcdef", out);
}

/// Appends `bytes` as upper-case hex to `out`.
pub fn write_upper(bytes: &[u8], out: &mut String) {
    write_with(bytes, b"0123456789ABCDEF", out);
}

/// `bytes` as lower-case hex.
pub fn encode_lower(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(2 * bytes.len());
    write_lower(bytes, &mut out);
    out
}

/// `bytes` as upper-case hex.
pub fn encode_upper(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(2 * bytes.len());
    write_upper(bytes, &mut out);
    out
}

fn write_with(bytes: &[u8], digits: &[u8; 16], out: &mut String) {
    out.reserve(2 * bytes.len());
    for &b in bytes {
        out.push(char::from(digits[usize::from(b >> 4)]));
        out.push(char::from(digits[usize::from(b & 0x0f)]));
    }
}

/// Marks a character that is not a hex digit.
const INVALID: u8 = 0x10;

/// Nibble value of each ASCII character, `INVALID` for the rest.
static NIBBLE: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 10 {
        table[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        table[b'a' as usize + i] = 10 + i as u8;
        table[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    table
};

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn decodes_both_cases() {
        assert_eq!(decode("0aFf10").unwrap(), vec![0x0a, 0xff, 0x10]);
        assert_eq!(decode("").unwrap(), Vec::<u8>::new());
    }

    #[test]
    fn rejects_bad_text() {
        assert_eq!(decode("abc"), Err(HexError::OddLength { len: 3 }));
        assert_eq!(decode("0g"), Err(HexError::InvalidDigit { at: 1 }));
        assert_eq!(decode("00 1"), Err(HexError::InvalidDigit { at: 2 }));
        let mut small = [0u8; 1];
        assert_eq!(
            decode_to_slice(b"0011", &mut small),
            Err(HexError::BufferTooSmall {
                needed: 2,
                capacity: 1
            })
        );
    }

    #[test]
    fn encodes_both_cases() {
        assert_eq!(encode_lower(&[0x0a, 0xbc]), "0abc");
        assert_eq!(encode_upper(&[0x0a, 0xbc]), "0ABC");
    }

    #[test]
    fn every_byte_round_trips() {
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(decode(&encode_upper(&all)).unwrap(), all);
        assert_eq!(decode(&encode_lower(&all)).unwrap(), all);
    }
}
