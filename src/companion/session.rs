//! The companion session a live serial source drives (sans-I/O): bytes from the radio in, events out,
//! and the bytes to write to the radio.
//!
//! The radio pushes LOG_RX_DATA for every packet it hears even before (or without) a handshake, so every
//! event is reported in every phase; the handshake only adds DEVICE_INFO and SELF_INFO.

use super::code::{ErrorCode, RadioCode};
use super::command::Command;
use super::device_info::DeviceInfo;
use super::error::Error;
use super::framing::{Deframer, Direction, FramerStats, PendingFrame};
use super::log_rx::LogRxData;
use super::radio_frame::RadioFrame;
use super::raw_data::RawData;
use super::self_info::SelfInfo;
use super::trace_data::TraceData;

/// How far the handshake has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// [`Session::start`] was not called.
    NotStarted,
    /// DEVICE_QUERY and APP_START were sent; SELF_INFO has not arrived yet.
    Handshaking,
    /// SELF_INFO arrived.
    Ready,
}

/// Something the radio said, borrowing the frame until the next [`Session::receive`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Event<'a> {
    /// The reply to DEVICE_QUERY.
    DeviceInfo(DeviceInfo<'a>),
    /// The reply to APP_START.
    SelfInfo(SelfInfo<'a>),
    /// A received packet with SNR and RSSI (LOG_RX_DATA).
    Packet(LogRxData<'a>),
    /// A finished trace (TRACE_DATA).
    Trace(TraceData<'a>),
    /// A RAW_CUSTOM payload for this radio (RAW_DATA).
    RawData(RawData<'a>),
    /// An OK reply.
    Ok(Option<u32>),
    /// An ERR reply.
    RadioError(Option<ErrorCode>),
    /// A frame too short for its kind; it is skipped.
    Malformed {
        /// Stream offset of the frame's start byte.
        offset: u64,
        /// What was wrong.
        error: Error,
    },
    /// Any other frame, undecoded.
    Other {
        /// Its code byte.
        code: RadioCode,
        /// The whole body.
        body: &'a [u8],
    },
}

/// The session state machine over one serial connection.
#[derive(Debug, Clone)]
pub struct Session {
    deframer: Deframer,
    phase: Phase,
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

impl Session {
    /// A session that reads radio-to-app frames only (`<` bytes from the radio are garbage).
    pub fn new() -> Self {
        Session {
            deframer: Deframer::only(Direction::FromRadio),
            phase: Phase::NotStarted,
        }
    }

    /// Appends DEVICE_QUERY then APP_START to `out`, for the caller to write to the port.
    pub fn start(&mut self, out: &mut Vec<u8>) {
        for command in Command::HANDSHAKE {
            let emitted = command.emit(out);
            debug_assert!(
                emitted.is_ok(),
                "the handshake's constant arguments always fit a frame"
            );
        }
        self.phase = Phase::Handshaking;
    }

    /// How far the handshake has come.
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// Framing counters (frames, garbage bytes, empty and oversize frames).
    pub fn framer_stats(&self) -> FramerStats {
        self.deframer.stats()
    }

    /// A frame begun but not finished by the bytes received so far.
    pub fn pending(&self) -> Option<PendingFrame> {
        self.deframer.pending()
    }

    /// Consumes bytes from the radio up to the end of the next frame, or all of them.
    ///
    /// Returns how many bytes were consumed and the event of the frame completed, if any. Call again
    /// with the rest until it is empty.
    pub fn receive<'a>(&'a mut self, input: &'a [u8]) -> (usize, Option<Event<'a>>) {
        let (used, frame) = self.deframer.feed(input);
        let Some(frame) = frame else {
            return (used, None);
        };
        let event = match RadioFrame::parse(frame.body) {
            Ok(RadioFrame::SelfInfo(info)) => {
                self.phase = Phase::Ready;
                Event::SelfInfo(info)
            }
            Ok(RadioFrame::DeviceInfo(info)) => Event::DeviceInfo(info),
            Ok(RadioFrame::LogRxData(packet)) => Event::Packet(packet),
            Ok(RadioFrame::TraceData(trace)) => Event::Trace(trace),
            Ok(RadioFrame::RawData(raw)) => Event::RawData(raw),
            Ok(RadioFrame::Ok(value)) => Event::Ok(value),
            Ok(RadioFrame::Err(code)) => Event::RadioError(code),
            Ok(RadioFrame::Other { code, body }) => Event::Other { code, body },
            Err(error) => Event::Malformed {
                offset: frame.offset,
                error,
            },
        };
        (used, Some(event))
    }
}
