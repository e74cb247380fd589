//! The companion-radio serial protocol (`meshcore-protocol.md` section E), as sans-I/O code.
//!
//! - [`framing`]: `<`/`>` framing, [`Deframer`] (bytes in any chunking, frames out) and [`encode_frame`].
//! - [`code`]: command, reply, push and error codes, each with `Unknown(u8)`.
//! - One file per decoded frame: [`LogRxData`] (0x88), [`DeviceInfo`] (0x0D), [`SelfInfo`] (0x05),
//!   [`TraceData`] (0x89), [`RawData`] (0x84); [`RadioFrame`] dispatches on the code byte.
//! - [`Command`]: the commands an analyzer sends, encoded as whole frames.
//! - [`Session`]: the handshake and event stream a live serial source drives.
//!
//! Everything from the radio is untrusted: decoders check lengths and return [`Error`], never panic.

pub mod code;
pub mod command;
pub mod device_info;
pub mod error;
pub mod framing;
pub mod log_rx;
pub mod radio_frame;
pub mod raw_data;
pub mod self_info;
pub mod session;
pub mod trace_data;

use std::borrow::Cow;

pub use code::{CommandCode, ErrorCode, PushCode, RadioCode, ResponseCode};
pub use command::{AdvertScope, Command};
pub use device_info::{DeviceDetails, DeviceInfo};
pub use error::{Error, Result};
pub use framing::{Deframer, Direction, Frame, FramerStats, PendingFrame, encode_frame};
pub use log_rx::LogRxData;
pub use radio_frame::RadioFrame;
pub use raw_data::RawData;
pub use self_info::SelfInfo;
pub use session::{Event, Phase, Session};
pub use trace_data::TraceData;

/// Text up to the first NUL (or the end), as lossy UTF-8.
fn text_until_nul(bytes: &[u8]) -> Cow<'_, str> {
    let end = bytes
        .iter()
        .position(|&byte| byte == 0)
        .unwrap_or(bytes.len());
    String::from_utf8_lossy(bytes.get(..end).unwrap_or_default())
}

/// A little-endian u32 from up to four bytes (missing high bytes read as zero).
fn le_u32(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .rev()
        .fold(0, |value, &byte| value << 8 | u32::from(byte))
}

/// The first byte, or zero.
fn first_byte(bytes: &[u8]) -> u8 {
    bytes.first().copied().unwrap_or_default()
}
