//! Hex lines: one packet per line as hex, or CSV `timestamp,snr,rssi,hex`.
//!
//! The timestamp is RFC 3339 or unix seconds or milliseconds; an empty one (or a bare hex line) takes
//! the parser's synthetic clock. SNR and RSSI may be empty or `Unknown`. Blank lines, `#` comments and
//! a `timestamp,...` header line are skipped.

use super::bad_record::BadReason;
use super::batch::{Batch, Observation};
use super::context::{Context, Fault, Outcome};
use super::values::{
    ValueError, push_hex_packet, rssi_from_text, snr_from_text, timestamp_from_text,
};

/// Parses one hex line into `out`.
pub(crate) fn parse_line(
    context: &mut Context,
    number: u64,
    text: &str,
    out: &mut Batch,
) -> Result<Outcome, Fault> {
    let line = text.as_bytes();
    let trimmed = text.trim();
    if trimmed.starts_with('#') || is_header(trimmed) {
        return Ok(Outcome::Skipped);
    }
    let mut fields = trimmed.split(',');
    let (timestamp_ms, snr_db, rssi_dbm, hex) =
        match (fields.next(), fields.next(), fields.next(), fields.next()) {
            (Some(hex), None, None, None) => (context.next_synthetic_time(), None, None, hex),
            (Some(time), Some(snr), Some(rssi), Some(hex)) if fields.next().is_none() => {
                let time = time.trim();
                let timestamp_ms = if time.is_empty() {
                    context.next_synthetic_time()
                } else {
                    timestamp_from_text(time)
                        .map_err(|error| Fault::field("timestamp", line, Some(time), error))?
                };
                let snr = snr_from_text(snr)
                    .map_err(|reason| Fault::field("snr", line, Some(snr), (reason, None)))?;
                let rssi = rssi_from_text(rssi)
                    .map_err(|reason| Fault::field("rssi", line, Some(rssi), (reason, None)))?;
                (timestamp_ms, snr, rssi, hex)
            }
            _ => {
                return Err(Fault::record(BadReason::FieldCount {
                    found: trimmed.split(',').count(),
                }));
            }
        };
    let hex = hex.trim();
    let observation = Observation {
        timestamp_ms,
        snr_db,
        rssi_dbm,
        observer: context.default_observer(),
        source: number,
    };
    push_hex_packet(out, observation, hex)
        .map_err(|error: ValueError| Fault::field("hex", line, Some(hex), error))?;
    Ok(Outcome::Observation)
}

/// Whether the line is the CSV header `timestamp,snr,rssi,hex` (any case, any spacing).
fn is_header(line: &str) -> bool {
    let mut names = line.split(',').map(str::trim);
    ["timestamp", "snr", "rssi", "hex"].iter().all(|name| {
        names
            .next()
            .is_some_and(|found| found.eq_ignore_ascii_case(name))
    }) && names.next().is_none()
}
