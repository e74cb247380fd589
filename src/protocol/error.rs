//! Why bytes are not a packet the firmware would accept: what is wrong and at which byte.

use core::fmt;

/// A decoding or encoding error. Offsets count from the first byte of the buffer that was handed in; a payload
/// parser reports payload offsets and the packet parser shifts them ([`Error::shifted`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// The buffer ends before `field`, which starts at byte `at`.
    Truncated {
        /// The field's snake_case name.
        field: &'static str,
        /// Byte offset.
        at: usize,
    },
    /// Header version bits are not `0` (payload v1); the firmware drops such packets.
    UnsupportedVersion {
        /// The version bits.
        version: u8,
    },
    /// The `path_len` byte at `at` uses the reserved hash size `0b11`.
    ReservedHashSize {
        /// Byte offset.
        at: usize,
    },
    /// The path described by the `path_len` byte at `at` is `len` bytes, more than 64.
    PathTooLong {
        /// Length in bytes.
        len: usize,
        /// Byte offset.
        at: usize,
    },
    /// A TRACE `path_len` (a plain SNR count) of `count` is 64 or more.
    TraceCountTooLarge {
        /// The `path_len` value.
        count: u8,
        /// Byte offset.
        at: usize,
    },
    /// The payload, starting at `at`, is `len` bytes, more than 184.
    PayloadTooLong {
        /// Length in bytes.
        len: usize,
        /// Byte offset.
        at: usize,
    },
    /// Payload type `value` (0x0C to 0x0E) is reserved; the firmware ignores such packets.
    ReservedPayloadType {
        /// The 4-bit type.
        value: u8,
    },
    /// `field` at byte `at` holds a value the format does not allow.
    Invalid {
        /// The field's snake_case name.
        field: &'static str,
        /// Byte offset.
        at: usize,
    },
    /// Encoding only: `field` is `len` bytes, more than the `max` that fits.
    TooLong {
        /// The field's snake_case name.
        field: &'static str,
        /// Length in bytes.
        len: usize,
        /// The most that fits.
        max: usize,
    },
}

/// `Result` with [`Error`].
pub type Result<T> = core::result::Result<T, Error>;

impl Error {
    /// The name of the field at fault, in the snake_case used by the dissector and the JSON output.
    pub fn field(&self) -> &'static str {
        match *self {
            Error::Truncated { field, .. } | Error::Invalid { field, .. } => field,
            Error::TooLong { field, .. } => field,
            Error::UnsupportedVersion { .. } | Error::ReservedPayloadType { .. } => "header",
            Error::ReservedHashSize { .. } | Error::TraceCountTooLarge { .. } => "path_len",
            Error::PathTooLong { .. } => "path",
            Error::PayloadTooLong { .. } => "payload",
        }
    }

    /// The byte offset the error points at (0 for encoding errors).
    pub fn offset(&self) -> usize {
        match *self {
            Error::Truncated { at, .. }
            | Error::Invalid { at, .. }
            | Error::ReservedHashSize { at }
            | Error::PathTooLong { at, .. }
            | Error::TraceCountTooLarge { at, .. }
            | Error::PayloadTooLong { at, .. } => at,
            Error::UnsupportedVersion { .. } | Error::ReservedPayloadType { .. } => 0,
            Error::TooLong { .. } => 0,
        }
    }

    /// The same error with its offset moved `by` bytes later, for errors found inside a sub-buffer.
    pub fn shifted(self, by: usize) -> Error {
        match self {
            Error::Truncated { field, at } => Error::Truncated { field, at: at + by },
            Error::Invalid { field, at } => Error::Invalid { field, at: at + by },
            Error::ReservedHashSize { at } => Error::ReservedHashSize { at: at + by },
            Error::PathTooLong { len, at } => Error::PathTooLong { len, at: at + by },
            Error::TraceCountTooLarge { count, at } => {
                Error::TraceCountTooLarge { count, at: at + by }
            }
            Error::PayloadTooLong { len, at } => Error::PayloadTooLong { len, at: at + by },
            other => other,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Error::Truncated { field, at } => {
                write!(f, "truncated: {field} at byte {at} is missing")
            }
            Error::UnsupportedVersion { version } => {
                write!(
                    f,
                    "unsupported payload version {version} (only 0 is in use)"
                )
            }
            Error::ReservedHashSize { at } => {
                write!(
                    f,
                    "reserved path hash size (bits 7:6 = 11) in path_len at byte {at}"
                )
            }
            Error::PathTooLong { len, at } => {
                write!(f, "path of {len} bytes (path_len at byte {at}) exceeds 64")
            }
            Error::TraceCountTooLarge { count, at } => {
                write!(f, "TRACE path_len {count} at byte {at} is not below 64")
            }
            Error::PayloadTooLong { len, at } => {
                write!(f, "payload of {len} bytes at byte {at} exceeds 184")
            }
            Error::ReservedPayloadType { value } => {
                write!(f, "reserved payload type 0x{value:02X}")
            }
            Error::Invalid { field, at } => write!(f, "invalid {field} at byte {at}"),
            Error::TooLong { field, len, max } => {
                write!(f, "{field} of {len} bytes does not fit (at most {max})")
            }
        }
    }
}

impl core::error::Error for Error {}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn names_field_and_offset() {
        let err = Error::Truncated {
            field: "ciphertext",
            at: 4,
        }
        .shifted(2);
        assert_eq!((err.field(), err.offset()), ("ciphertext", 6));
        assert_eq!(
            err.to_string(),
            "truncated: ciphertext at byte 6 is missing"
        );
        let err = Error::ReservedHashSize { at: 1 };
        assert_eq!((err.field(), err.offset()), ("path_len", 1));
    }
}
