//! F.1 lines as `meshcore-packet-capture` publishes them (protocol F.1): Python's `json.dumps` of a dict of
//! strings, so `", "` and `": "` separators and non-ASCII escaped as `\uXXXX` (UTF-16, lower-case hex);
//! `timestamp` is `datetime.isoformat()` in UTC with microseconds; `time` and `date` are `%H:%M:%S` and
//! `%d/%m/%Y`; `SNR` is Python's `str(float)`, `RSSI` `str(int)`; `path` only for route `D`.

use super::text::{date_time, push_hex, push_number, push_padded, snr_text};
use crate::generate::air::Heard;
use crate::protocol::{Packet, PayloadType, RouteType};
use crate::time::civil_from_days;

/// Who publishes a line: the observer's name, key and region.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// The observer's name.
    pub name: &'a str,
    /// Its public key.
    pub key: [u8; 32],
    /// Its IATA code.
    pub iata: &'a str,
    /// Its hardware model (status messages).
    pub model: &'a str,
}

/// The start of every `packets` line of `origin`, up to the timestamp's opening quote (and, if `wrapped`,
/// the MQTT topic wrapper before it): the same for all its lines, so it is built once.
pub fn packet_prefix(origin: &Origin<'_>, wrapped: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    if wrapped {
        topic_start(origin, "packets", &mut out);
    }
    out.extend_from_slice(b"{\"origin\": ");
    python_string(origin.name, &mut out);
    out.extend_from_slice(b", \"origin_id\": \"");
    push_hex(&origin.key, &mut out);
    out.extend_from_slice(b"\", \"timestamp\": \"");
    out
}

/// Appends the `packets` message of `heard` after its observer's [`packet_prefix`] (wrapped if `wrapped`,
/// as the prefix is) and a newline.
pub fn packet_line(heard: &Heard<'_>, prefix: &[u8], wrapped: bool, out: &mut Vec<u8>) {
    out.extend_from_slice(prefix);
    iso_timestamp(heard.timestamp_us, out);
    out.extend_from_slice(b"\", \"type\": \"PACKET\", \"direction\": \"rx\", \"time\": \"");
    let (days, seconds) = split_day(heard.timestamp_us);
    push_padded(out, seconds / 3600, 2);
    out.push(b':');
    push_padded(out, seconds / 60 % 60, 2);
    out.push(b':');
    push_padded(out, seconds % 60, 2);
    out.extend_from_slice(b"\", \"date\": \"");
    let (year, month, day) = civil_from_days(days);
    push_padded(out, i64::from(day), 2);
    out.push(b'/');
    push_padded(out, i64::from(month), 2);
    out.push(b'/');
    push_padded(out, year, 4);
    out.extend_from_slice(b"\", \"len\": \"");
    push_number(out, heard.packet.len() as i64);
    out.extend_from_slice(b"\", \"packet_type\": \"");
    push_number(out, i64::from(heard.payload_type.bits()));
    let packet = Packet::new_checked(heard.packet).ok();
    let route = packet.as_ref().map(|packet| packet.route_type());
    out.extend_from_slice(b"\", \"route\": \"");
    out.push(match route {
        Some(RouteType::Flood | RouteType::TransportFlood) => b'F',
        Some(RouteType::Direct) => b'D',
        Some(RouteType::TransportDirect) => b'T',
        None => b'U',
    });
    out.extend_from_slice(b"\", \"payload_len\": \"");
    push_number(
        out,
        packet.as_ref().map_or(0, |packet| packet.payload().len()) as i64,
    );
    out.extend_from_slice(b"\", \"raw\": \"");
    push_hex(heard.packet, out);
    out.extend_from_slice(b"\", \"SNR\": \"");
    snr_text(heard.signal.snr_quarter_db, out);
    out.extend_from_slice(b"\", \"RSSI\": \"");
    push_number(out, i64::from(heard.signal.rssi_dbm));
    out.extend_from_slice(b"\", \"hash\": \"");
    push_hex(&heard.hash.0, out);
    out.push(b'"');
    if let (Some(RouteType::Direct), Some(packet)) = (route, &packet) {
        out.extend_from_slice(b", \"path\": \"");
        let size = match packet.payload_type() {
            PayloadType::Trace => 1,
            _ => packet.path_len().hash_size().unwrap_or(1),
        };
        for (index, hop) in packet.path().chunks(size).enumerate() {
            if index > 0 {
                out.push(b',');
            }
            push_hex(hop, out);
        }
        out.push(b'"');
    }
    out.push(b'}');
    if wrapped {
        out.push(b'}');
    }
    out.push(b'\n');
}

/// Appends an `online` status message of `origin` at `timestamp_us` (wrapped if `wrapped`) and a newline.
pub fn status_line(timestamp_us: i64, origin: &Origin<'_>, wrapped: bool, out: &mut Vec<u8>) {
    if wrapped {
        topic_start(origin, "status", out);
    }
    out.extend_from_slice(b"{\"status\": \"online\", \"timestamp\": \"");
    iso_timestamp(timestamp_us, out);
    out.extend_from_slice(b"\", \"origin\": ");
    python_string(origin.name, out);
    out.extend_from_slice(b", \"origin_id\": \"");
    push_hex(&origin.key, out);
    out.extend_from_slice(b"\", \"model\": ");
    python_string(origin.model, out);
    out.extend_from_slice(
        b", \"firmware_version\": \"v1.17.1\", \"radio\": \"910.525,62.5,7,5\", \
          \"client_version\": \"meshcore-packet-capture/1.9.0\"}",
    );
    if wrapped {
        out.push(b'}');
    }
    out.push(b'\n');
}

/// `{"topic": "meshcore/<IATA>/<KEY>/<kind>", "payload": ` (the caller closes the outer object).
fn topic_start(origin: &Origin<'_>, kind: &str, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"topic\": \"meshcore/");
    python_string_body(origin.iata, out);
    out.push(b'/');
    push_hex(&origin.key, out);
    out.push(b'/');
    out.extend_from_slice(kind.as_bytes());
    out.extend_from_slice(b"\", \"payload\": ");
}

/// Days since 1970 and seconds into the day of `unix_us`.
fn split_day(unix_us: i64) -> (i64, i64) {
    let seconds = unix_us.div_euclid(1_000_000);
    (seconds.div_euclid(86_400), seconds.rem_euclid(86_400))
}

/// `YYYY-MM-DDTHH:MM:SS.ffffff+00:00`.
pub fn iso_timestamp(unix_us: i64, out: &mut Vec<u8>) {
    date_time(unix_us.div_euclid(1_000_000), out);
    out.push(b'.');
    push_padded(out, unix_us.rem_euclid(1_000_000), 6);
    out.extend_from_slice(b"+00:00");
}

/// `text` as a JSON string the way Python's `json.dumps` writes it (`ensure_ascii`).
fn python_string(text: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    python_string_body(text, out);
    out.push(b'"');
}

fn python_string_body(text: &str, out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let unit = |code: u16, out: &mut Vec<u8>| {
        out.extend_from_slice(b"\\u");
        for shift in [12, 8, 4, 0] {
            out.push(HEX[usize::from((code >> shift) & 0xF)]);
        }
    };
    for character in text.chars() {
        match character {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            '\u{8}' => out.extend_from_slice(b"\\b"),
            '\u{c}' => out.extend_from_slice(b"\\f"),
            ' '..='~' => out.push(character as u8),
            other => {
                let mut units = [0; 2];
                for &code in other.encode_utf16(&mut units).iter() {
                    unit(code, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn python_escapes() {
        let mut out = Vec::new();
        python_string("Café 🏕 \"x\"\\\u{1}", &mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#""Caf\u00e9 \ud83c\udfd5 \"x\"\\\u0001""#
        );
    }

    #[test]
    fn timestamps() {
        let mut out = Vec::new();
        iso_timestamp(1_767_225_600_000_000 + 3_723_000_042, &mut out);
        assert_eq!(out, b"2026-01-01T01:02:03.000042+00:00");
    }
}
