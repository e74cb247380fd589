//! The dump formats and their detection from a file's first bytes.

use core::fmt;

use crate::companion::framing::{DEFAULT_MAX_LEN, HEADER_LEN, START_FROM_RADIO};

/// How many leading bytes [`Format::detect`] looks at (pass at least this many, or the whole file).
pub const DETECT_LEN: usize = 4096;

/// A dump format the parser reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// F.1 observer JSON Lines (MQTT `packets`, `raw`, `status` messages, bare or wrapped).
    F1Json,
    /// One hex packet per line, or CSV `timestamp,snr,rssi,hex`.
    HexLines,
    /// A binary companion-radio serial capture (`>` frames; LOG_RX_DATA become observations).
    SerialCapture,
    /// MeshScope's own export (JSON Lines with a `meshscope_export` header).
    Export,
}

/// Why [`Format::detect`] could not tell the format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetectError {
    /// Nothing but whitespace (or nothing at all).
    Empty,
    /// Something else; holds up to 8 of the first bytes seen, for the message.
    Unrecognized {
        /// The first bytes (after a UTF-8 byte order mark and leading blank lines).
        first: [u8; 8],
        /// How many of `first` are real.
        len: u8,
    },
}

impl Format {
    /// Guesses the format from the first bytes of a file (up to [`DETECT_LEN`]):
    /// binary with a `>` frame header: a serial capture; a first non-blank line that is a JSON object:
    /// an export if it has `"meshscope_export"`, else F.1; a line of hex, CSV or a `#` comment: hex lines.
    pub fn detect(prefix: &[u8]) -> Result<Format, DetectError> {
        let prefix = prefix.get(..DETECT_LEN).unwrap_or(prefix);
        let text = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
        let is_binary = text
            .iter()
            .any(|&byte| byte < 0x20 && !matches!(byte, b'\t' | b'\n' | b'\r'));
        if is_binary {
            return if has_frame_header(text) {
                Ok(Format::SerialCapture)
            } else {
                Err(unrecognized(text))
            };
        }
        let start = text.iter().position(|byte| !byte.is_ascii_whitespace());
        let Some(line) = start.and_then(|start| text.get(start..)) else {
            return Err(DetectError::Empty);
        };
        let line = line.split(|&byte| byte == b'\n').next().unwrap_or(line);
        match line.first() {
            Some(b'{') if memchr::memmem::find(line, b"\"meshscope_export\"").is_some() => {
                Ok(Format::Export)
            }
            Some(b'{') => Ok(Format::F1Json),
            Some(b'#') => Ok(Format::HexLines),
            Some(byte) if byte.is_ascii_hexdigit() => Ok(Format::HexLines),
            Some(_)
                if line
                    .get(..9)
                    .is_some_and(|start| start.eq_ignore_ascii_case(b"timestamp")) =>
            {
                Ok(Format::HexLines)
            }
            _ => Err(unrecognized(line)),
        }
    }

    /// A short name for messages (`F.1 JSON`, `hex lines`, `serial capture`, `MeshScope export`).
    pub fn name(self) -> &'static str {
        match self {
            Format::F1Json => "F.1 JSON",
            Format::HexLines => "hex lines",
            Format::SerialCapture => "serial capture",
            Format::Export => "MeshScope export",
        }
    }
}

/// Whether `bytes` holds a radio-to-app frame header: `>`, then a length of 1 to
/// [`DEFAULT_MAX_LEN`].
fn has_frame_header(bytes: &[u8]) -> bool {
    bytes.windows(HEADER_LEN).any(|window| match window {
        &[START_FROM_RADIO, low, high] => {
            (1..=DEFAULT_MAX_LEN).contains(&usize::from(u16::from_le_bytes([low, high])))
        }
        _ => false,
    })
}

fn unrecognized(bytes: &[u8]) -> DetectError {
    let mut first = [0; 8];
    let len = bytes.len().min(first.len());
    for (slot, &byte) in first.iter_mut().zip(bytes) {
        *slot = byte;
    }
    DetectError::Unrecognized {
        first,
        len: len as u8,
    }
}

impl fmt::Display for DetectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DetectError::Empty => write!(f, "the input is empty"),
            DetectError::Unrecognized { first, len } => {
                let seen = first.get(..usize::from(len)).unwrap_or_default();
                write!(
                    f,
                    "not a MeshCore dump (JSON Lines, hex lines, serial capture or export): starts with"
                )?;
                for byte in seen {
                    write!(f, " {byte:02X}")?;
                }
                write!(f, " \"{}\"", seen.escape_ascii())
            }
        }
    }
}

impl std::error::Error for DetectError {}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn detects_each_format() {
        let serial = [0x3E, 0x0D, 0x00, 0x88, 0x30, 0xB5, 0x0D, 0x04];
        assert_eq!(Format::detect(&serial), Ok(Format::SerialCapture));
        assert_eq!(
            Format::detect(b"\n{\"meshscope_export\":1}\n"),
            Ok(Format::Export)
        );
        assert_eq!(
            Format::detect(b"\xEF\xBB\xBF{\"origin\":\"x\",\"raw\":\"0D\"}"),
            Ok(Format::F1Json)
        );
        assert_eq!(
            Format::detect(b"0D04B891647EBB40BA70\n"),
            Ok(Format::HexLines)
        );
        assert_eq!(Format::detect(b"# capture\n0D04\n"), Ok(Format::HexLines));
        assert_eq!(
            Format::detect(b"Timestamp,SNR,RSSI,hex\n"),
            Ok(Format::HexLines)
        );
        assert_eq!(
            Format::detect(b"2024-01-01T00:00:00Z,1,2,0D\n"),
            Ok(Format::HexLines)
        );
    }

    #[test]
    fn says_what_it_saw() {
        assert_eq!(Format::detect(b" \r\n\t"), Err(DetectError::Empty));
        assert_eq!(Format::detect(b""), Err(DetectError::Empty));
        let zip = Format::detect(b"PK\x03\x04\x14\x00\x00\x00\x08\x00").unwrap_err();
        assert_eq!(
            zip.to_string(),
            "not a MeshCore dump (JSON Lines, hex lines, serial capture or export): starts with 50 4B 03 04 14 00 00 00 \"PK\\x03\\x04\\x14\\x00\\x00\\x00\""
        );
        assert!(matches!(
            Format::detect(b"<html>"),
            Err(DetectError::Unrecognized { len: 6, .. })
        ));
    }
}
