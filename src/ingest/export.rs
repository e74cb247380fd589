//! MeshScope's own export format, JSON Lines: a header line, then one observation per line.
//!
//! ```text
//! {"meshscope_export":1,"channels":["Public","#test"],"created":"2024-01-01T12:00:00.000Z"}
//! {"timestamp":"2024-01-01T12:00:00.123Z","observer":"<64 hex>","observer_name":"Hilltop","iata":"SEA","snr":12.5,"rssi":-75,"raw":"0D04..."}
//! ```
//!
//! `observer` is the observer's key when known, else its name (then `observer_name` repeats it), else
//! `null`. The header lists channel names only, never keys. [`write_header`] and [`write_observation`]
//! write exactly what this reader reads back: timestamps to the millisecond, observers, SNR, RSSI and bytes.

use std::io::Write;

use serde::Deserialize;

use super::bad_record::BadReason;
use super::batch::{Batch, Observation};
use super::context::{Context, Fault, Outcome};
use super::hex::encode_upper_into;
use super::json::{Scalar, parse_json};
use super::observers::ObserverInfo;
use super::values::{
    observer_id, push_hex_packet, rssi_from_scalar, snr_from_scalar, timestamp_from_scalar,
};
use crate::time::{Rfc3339Ms, parse_rfc3339_ms};

/// The export version this module writes and reads.
pub const EXPORT_VERSION: u64 = 1;

/// What an export's header line says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportHeader {
    /// The `meshscope_export` version.
    pub version: u64,
    /// The channel names the exporting session knew.
    pub channels: Vec<String>,
    /// When the export was made, unix milliseconds, if the header says.
    pub created_ms: Option<i64>,
}

/// One export line's fields (header or observation).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Line<'a> {
    #[serde(borrow)]
    meshscope_export: Scalar<'a>,
    #[serde(borrow)]
    timestamp: Scalar<'a>,
    #[serde(borrow)]
    observer: Scalar<'a>,
    #[serde(borrow)]
    observer_name: Scalar<'a>,
    #[serde(borrow)]
    iata: Scalar<'a>,
    #[serde(borrow)]
    snr: Scalar<'a>,
    #[serde(borrow)]
    rssi: Scalar<'a>,
    #[serde(borrow)]
    raw: Scalar<'a>,
}

/// The header's list fields, read only for the header line.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct HeaderLists {
    channels: Vec<String>,
    created: Option<String>,
}

/// Parses one export line into `out`, or into `header` for the header line.
pub(crate) fn parse_line(
    context: &mut Context,
    header: &mut Option<ExportHeader>,
    number: u64,
    line: &[u8],
    out: &mut Batch,
) -> Result<Outcome, Fault> {
    let fields: Line<'_> = parse_json(line)?;
    if fields.meshscope_export.is_present() {
        return parse_header(header, line, &fields.meshscope_export);
    }
    let observer_key = optional_text("observer", &fields.observer)?;
    let observer_name = optional_text("observer_name", &fields.observer_name)?;
    let iata = optional_text("iata", &fields.iata)?;
    let (id, name) = match observer_key {
        None => (None, observer_name),
        Some(key) if observer_name == Some(key) => (None, Some(key)),
        Some(key) if key.len() == 64 => {
            let id = observer_id(key)
                .map_err(|reason| Fault::field("observer", line, Some(key), (reason, None)))?;
            (Some(id), observer_name)
        }
        Some(key) => (None, observer_name.or(Some(key))),
    };
    let observer = if id.is_none() && name.is_none() && iata.is_none() {
        context.default_observer()
    } else {
        context.observers.intern(id.as_ref(), name, iata)
    };
    let timestamp = &fields.timestamp;
    let timestamp_ms = timestamp_from_scalar(timestamp)
        .map_err(|error| Fault::field("timestamp", line, timestamp.text().ok().flatten(), error))?;
    let snr_db = snr_from_scalar(&fields.snr).map_err(|reason| Fault::in_field("snr", reason))?;
    let rssi_dbm =
        rssi_from_scalar(&fields.rssi).map_err(|reason| Fault::in_field("rssi", reason))?;
    let raw = fields
        .raw
        .required_text()
        .map_err(|reason| Fault::in_field("raw", reason))?;
    let observation = Observation {
        timestamp_ms,
        snr_db,
        rssi_dbm,
        observer,
        source: number,
    };
    push_hex_packet(out, observation, raw)
        .map_err(|error| Fault::field("raw", line, Some(raw), error))?;
    Ok(Outcome::Observation)
}

fn optional_text<'a>(field: &'static str, value: &'a Scalar<'_>) -> Result<Option<&'a str>, Fault> {
    value
        .text()
        .map_err(|reason| Fault::in_field(field, reason))
}

fn parse_header(
    header: &mut Option<ExportHeader>,
    line: &[u8],
    version: &Scalar<'_>,
) -> Result<Outcome, Fault> {
    let lists: HeaderLists = serde_json::from_slice(line)
        .map_err(|_| Fault::in_field("channels", BadReason::WrongType))?;
    let created_ms = lists
        .created
        .as_deref()
        .and_then(|created| parse_rfc3339_ms(created).ok());
    let version_number = match version {
        Scalar::Number(number) if number.fract() == 0.0 && *number >= 0.0 => Some(*number as u64),
        _ => None,
    };
    *header = Some(ExportHeader {
        version: version_number.unwrap_or(0),
        channels: lists.channels,
        created_ms,
    });
    if version_number != Some(EXPORT_VERSION) {
        return Err(Fault::in_field(
            "meshscope_export",
            BadReason::UnsupportedVersion,
        ));
    }
    Ok(Outcome::Skipped)
}

/// Appends the header line: version, channel names and creation time.
pub fn write_header(channels: &[&str], created_ms: i64, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"meshscope_export\":");
    let _ = write!(out, "{EXPORT_VERSION}");
    out.extend_from_slice(b",\"channels\":[");
    for (index, channel) in channels.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        write_json_string(channel, out);
    }
    let _ = writeln!(out, "],\"created\":\"{}\"}}", Rfc3339Ms(created_ms));
}

/// Appends one observation line; `observer` is the entry its index points at, if any.
pub fn write_observation(
    observation: &Observation,
    observer: Option<&ObserverInfo>,
    packet: &[u8],
    out: &mut Vec<u8>,
) {
    let _ = write!(
        out,
        "{{\"timestamp\":\"{}\",\"observer\":",
        Rfc3339Ms(observation.timestamp_ms)
    );
    let name = observer.and_then(|observer| observer.name.as_deref());
    match (observer.and_then(|observer| observer.id.as_ref()), name) {
        (Some(id), _) => {
            out.push(b'"');
            encode_upper_into(id, out);
            out.push(b'"');
        }
        (None, Some(name)) => write_json_string(name, out),
        (None, None) => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"observer_name\":");
    write_optional_string(name, out);
    out.extend_from_slice(b",\"iata\":");
    write_optional_string(observer.and_then(|observer| observer.iata.as_deref()), out);
    match observation.snr_db.filter(|snr| snr.is_finite()) {
        Some(snr) => _ = write!(out, ",\"snr\":{snr}"),
        None => out.extend_from_slice(b",\"snr\":null"),
    }
    match observation.rssi_dbm {
        Some(rssi) => _ = write!(out, ",\"rssi\":{rssi}"),
        None => out.extend_from_slice(b",\"rssi\":null"),
    }
    out.extend_from_slice(b",\"raw\":\"");
    encode_upper_into(packet, out);
    out.extend_from_slice(b"\"}\n");
}

/// Appends every observation of `batch`, resolving observer indexes in `observers`.
pub fn write_batch(batch: &Batch, observers: &[ObserverInfo], out: &mut Vec<u8>) {
    for (observation, packet) in batch.iter() {
        write_observation(
            observation,
            observers.get(observation.observer as usize),
            packet,
            out,
        );
    }
}

fn write_optional_string(value: Option<&str>, out: &mut Vec<u8>) {
    match value {
        Some(value) => write_json_string(value, out),
        None => out.extend_from_slice(b"null"),
    }
}

/// Appends `value` as a JSON string, escaping quotes, backslashes and control characters.
fn write_json_string(value: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    for character in value.chars() {
        match character {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            control if u32::from(control) < 0x20 => {
                _ = write!(out, "\\u{:04x}", u32::from(control))
            }
            other => {
                let mut buffer = [0; 4];
                out.extend_from_slice(other.encode_utf8(&mut buffer).as_bytes());
            }
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn header_line() {
        let mut out = Vec::new();
        write_header(&["Public", "#te\"st"], 1_704_110_400_000, &mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"meshscope_export\":1,\"channels\":[\"Public\",\"#te\\\"st\"],\"created\":\"2024-01-01T12:00:00.000Z\"}\n"
        );
    }

    #[test]
    fn observation_line() {
        let observation = Observation {
            timestamp_ms: 1_704_110_400_123,
            snr_db: Some(-7.25),
            rssi_dbm: Some(-75),
            observer: 0,
            source: 1,
        };
        let observer = ObserverInfo {
            id: None,
            name: Some("Hill\ntop".into()),
            iata: None,
        };
        let mut out = Vec::new();
        write_observation(&observation, Some(&observer), &[0x0D, 0xAB], &mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"timestamp\":\"2024-01-01T12:00:00.123Z\",\"observer\":\"Hill\\ntop\",\"observer_name\":\"Hill\\ntop\",\"iata\":null,\"snr\":-7.25,\"rssi\":-75,\"raw\":\"0DAB\"}\n"
        );
    }

    #[test]
    fn control_characters_are_escaped() {
        let mut out = Vec::new();
        write_json_string("a\u{1}é\\", &mut out);
        assert_eq!(String::from_utf8(out).unwrap(), "\"a\\u0001é\\\\\"");
    }
}
