//! A raw companion-radio serial capture: the bytes a radio sent over USB, framed as in E.1.
//!
//! Each `0x88` LOG_RX_DATA frame is one observation with its SNR and RSSI; other frames are skipped
//! and counted, and so are bytes between frames. A capture has no clock: observation `n` (0-based, in
//! frame order) is stamped `Options::base_time_ms + n` milliseconds, which keeps the order and nothing
//! more. Positions are byte offsets of each frame's start byte.

use super::bad_record::{BadReason, BadRecord, Position};
use super::batch::{Batch, MAX_PACKET_LEN, Observation};
use super::context::Context;
use crate::companion::{Deframer, Direction, Frame, LogRxData, PushCode};

/// Feeds capture bytes through `deframer`, pushing observations and bad records to `out`.
pub(crate) fn feed(
    context: &mut Context,
    deframer: &mut Deframer,
    mut chunk: &[u8],
    out: &mut Batch,
) {
    while !chunk.is_empty() {
        let (used, frame) = deframer.feed(chunk);
        if let Some(frame) = frame {
            on_frame(context, frame, out);
        }
        chunk = chunk.get(used..).unwrap_or_default();
    }
}

/// Reports a frame cut off by the end of the capture.
pub(crate) fn finish(context: &mut Context, deframer: &Deframer, out: &mut Batch) {
    if let Some(pending) = deframer.pending() {
        let position = Position::Byte(pending.offset);
        context.report(
            out,
            BadRecord {
                position,
                field: None,
                column: None,
                reason: BadReason::Truncated,
            },
        );
    }
}

fn on_frame(context: &mut Context, frame: Frame<'_>, out: &mut Batch) {
    let is_log = frame.direction == Direction::FromRadio
        && frame.body.first() == Some(&PushCode::LogRxData.into());
    if !is_log {
        context.stats.frames_skipped += 1;
        return;
    }
    let bad = |reason| BadRecord {
        position: Position::Byte(frame.offset),
        field: None,
        column: None,
        reason,
    };
    let log = match LogRxData::parse(frame.body) {
        Ok(log) => log,
        Err(error) => return context.report(out, bad(BadReason::MalformedFrame(error))),
    };
    let observation = Observation {
        timestamp_ms: context.next_synthetic_time(),
        snr_db: Some(log.snr_db()),
        rssi_dbm: Some(i16::from(log.rssi_dbm)),
        observer: context.default_observer(),
        source: frame.offset,
    };
    match log.packet.len() {
        0 => context.report(out, bad(BadReason::EmptyPacket)),
        len if len > MAX_PACKET_LEN => context.report(out, bad(BadReason::PacketTooLong { len })),
        _ => {
            if out.push(observation, log.packet) {
                context.stats.observations += 1;
            }
        }
    }
}
