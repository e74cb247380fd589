//! A companion-radio serial capture (protocol E.1, E.5): each hearing as a `>` frame holding `0x88`
//! LOG_RX_DATA (`snr i8 ×4 | rssi i8 | packet`), and, when asked, the other things a capture holds: pushes,
//! replies, app-to-radio commands, and stray bytes between frames.

use crate::companion::framing::MAX_FRAME_SIZE;
use crate::companion::log_rx::HEADER_LEN;
use crate::companion::{CommandCode, Direction, LogRxData, PushCode, ResponseCode, encode_frame};
use crate::generate::air::Heard;
use crate::generate::rng::Rng;

/// Whether a packet of `len` bytes fits a LOG_RX_DATA frame (the firmware drops 174 bytes and more).
pub fn carries(len: usize) -> bool {
    len + HEADER_LEN <= MAX_FRAME_SIZE
}

/// Appends the LOG_RX_DATA frame of `heard`; fails for a packet too long for a frame.
pub fn log_frame(heard: &Heard<'_>, out: &mut Vec<u8>) -> crate::companion::Result<()> {
    let log = LogRxData {
        snr_quarter_db: heard.signal.snr_quarter_db,
        rssi_dbm: heard.signal.rssi_dbm,
        packet: heard.packet,
    };
    let mut body = Vec::with_capacity(log.buffer_len());
    log.emit(&mut body);
    encode_frame(Direction::FromRadio, &body, out)
}

/// Appends 1-8 bytes that belong to no frame (never a start byte, so no frame hides in them); returns how
/// many.
pub fn garbage(rng: &mut Rng, out: &mut Vec<u8>) -> u64 {
    let count = rng.between(1, 8) as u64;
    for _ in 0..count {
        let byte = rng.below(256) as u8;
        out.push(match byte {
            b'<' | b'>' => byte ^ 0x40,
            other => other,
        });
    }
    count
}

/// Appends one frame of another kind: an advert push, a message-waiting push, a battery reply, a
/// no-more-messages reply, or the app's sync command.
pub fn other_frame(rng: &mut Rng, out: &mut Vec<u8>) -> crate::companion::Result<()> {
    match rng.below(5) {
        0 => {
            let mut body = vec![u8::from(PushCode::Advert)];
            body.extend_from_slice(&rng.bytes32());
            encode_frame(Direction::FromRadio, &body, out)
        }
        1 => encode_frame(Direction::FromRadio, &[u8::from(PushCode::MsgWaiting)], out),
        2 => {
            let mut body = vec![u8::from(ResponseCode::BattAndStorage)];
            body.extend_from_slice(&(rng.between(3_500, 4_200) as u16).to_le_bytes());
            body.extend_from_slice(&(rng.between(10, 900) as u32).to_le_bytes());
            body.extend_from_slice(&1_024u32.to_le_bytes());
            encode_frame(Direction::FromRadio, &body, out)
        }
        3 => encode_frame(
            Direction::FromRadio,
            &[u8::from(ResponseCode::NoMoreMessages)],
            out,
        ),
        _ => encode_frame(
            Direction::ToRadio,
            &[u8::from(CommandCode::SyncNextMessage)],
            out,
        ),
    }
}
