//! Errors of the companion protocol: what went wrong and at which byte of the frame.

use core::fmt;

/// Why a companion frame could not be decoded or encoded. `Copy`, no allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// The frame has no code byte.
    Empty,
    /// The frame is a different kind than the parser expects.
    WrongCode {
        /// The code the parser handles.
        expected: u8,
        /// The frame's first byte.
        found: u8,
    },
    /// The frame ends at byte `len`, inside `field`, which needs the frame to be `need` bytes long.
    Truncated {
        /// The frame's code byte.
        code: u8,
        /// The field that does not fit.
        field: &'static str,
        /// The frame's length.
        len: usize,
        /// The length the field needs.
        need: usize,
    },
    /// A frame to encode is longer than the firmware accepts.
    TooLong {
        /// The frame's length.
        len: usize,
        /// The largest length allowed.
        max: usize,
    },
    /// A command argument the firmware would reject; `field` names it.
    BadArgument {
        /// The argument at fault.
        field: &'static str,
    },
}

/// Results of this module.
pub type Result<T> = core::result::Result<T, Error>;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Error::Empty => write!(f, "empty frame"),
            Error::WrongCode { expected, found } => {
                write!(
                    f,
                    "frame code 0x{found:02X} where 0x{expected:02X} was expected"
                )
            }
            Error::Truncated {
                code,
                field,
                len,
                need,
            } => {
                write!(
                    f,
                    "frame 0x{code:02X} ends at byte {len} inside {field} (needs {need} bytes)"
                )
            }
            Error::TooLong { len, max } => write!(f, "frame of {len} bytes is longer than {max}"),
            Error::BadArgument { field } => write!(f, "{field}: value the firmware rejects"),
        }
    }
}

impl std::error::Error for Error {}

/// Checks that `frame` starts with `code` and is at least `need` bytes long, blaming `field` if not.
pub(crate) fn check(frame: &[u8], code: u8, field: &'static str, need: usize) -> Result<()> {
    match frame.first() {
        None => Err(Error::Empty),
        Some(&found) if found != code => Err(Error::WrongCode {
            expected: code,
            found,
        }),
        Some(_) if frame.len() < need => Err(Error::Truncated {
            code,
            field,
            len: frame.len(),
            need,
        }),
        Some(_) => Ok(()),
    }
}
