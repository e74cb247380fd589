//! [`MessageReader`]: one WebSocket message or MQTT publish at a time into a [`Pending`] buffer, with the
//! parsers the file upload uses.
//!
//! Each message is classified on its own: a JSON object is an F.1 message (bare, or the
//! `{topic, payload}` wrapper) or a MeshScope export line (or header); other text is hex lines (a bare
//! packet, or CSV `timestamp,snr,rssi,hex`); a binary message is one raw packet. A message that holds
//! several lines is read line by line. Every observation without a timestamp gets the receive time.

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::mqtt::topic::{Topic, TopicKind};
use super::pending::Pending;
use super::stamp::stamp_missing_timestamp;
use crate::ingest::{
    BadReason, Batch, Format, Observation, ObserverInfo, Options, Parser, Position,
};

/// The longest message read: 256 KiB. A longer line is reported as too long.
pub const MAX_MESSAGE_LEN: usize = 256 << 10;

/// What a text message is, decided from its own bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// Blank: skipped.
    Blank,
    /// One JSON value spanning the whole message, read with this format (its line breaks are
    /// whitespace).
    Json(Format),
    /// Lines, read with this format (JSON Lines, or hex lines).
    Lines(Format),
}

/// The keys that tell an export line from an F.1 message.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Keys {
    meshscope_export: Option<IgnoredAny>,
    observer: Option<IgnoredAny>,
    observer_name: Option<IgnoredAny>,
    origin: Option<IgnoredAny>,
    origin_id: Option<IgnoredAny>,
    topic: Option<IgnoredAny>,
}

/// Classifies a text message: a JSON object is an export line if it has `meshscope_export` (the
/// header) or `observer`/`observer_name` without any F.1 key (`origin`, `origin_id`, `topic`), else
/// F.1; anything not starting with `{` is hex lines.
pub fn classify_text(message: &[u8]) -> TextKind {
    let text = message.trim_ascii();
    if text.is_empty() {
        return TextKind::Blank;
    }
    match text.first() {
        Some(b'{') => {}
        Some(b'[') => return TextKind::Lines(Format::F1Json),
        _ => return TextKind::Lines(Format::HexLines),
    }
    if let Some(format) = json_format(text) {
        return TextKind::Json(format);
    }
    let first = text.split(|&byte| byte == b'\n').next().unwrap_or(text);
    let format = json_format(first.trim_ascii()).unwrap_or(Format::F1Json);
    TextKind::Lines(format)
}

/// The format of one JSON object, or `None` if `text` is not one.
fn json_format(text: &[u8]) -> Option<Format> {
    let keys: Keys = serde_json::from_slice(text).ok()?;
    let is_f1 = keys.origin.is_some() || keys.origin_id.is_some() || keys.topic.is_some();
    let is_export = keys.meshscope_export.is_some()
        || (!is_f1 && (keys.observer.is_some() || keys.observer_name.is_some()));
    Some(if is_export {
        Format::Export
    } else {
        Format::F1Json
    })
}

/// Reads messages of one source into its [`Pending`] buffer.
#[derive(Debug, Clone)]
pub struct MessageReader {
    default_observer: ObserverInfo,
    scratch: Batch,
    line: Vec<u8>,
}

impl MessageReader {
    /// A reader that attributes messages naming no observer (hex text, binary packets, F.1 without
    /// `origin`) to `default_observer`, e.g. the feed's URL.
    pub fn new(default_observer: ObserverInfo) -> Self {
        MessageReader {
            default_observer,
            scratch: Batch::new(),
            line: Vec::new(),
        }
    }

    /// Reads a text message received at `received_ms`.
    pub fn text(&mut self, pending: &mut Pending, message: &[u8], received_ms: i64) {
        let number = pending.count_message(message.len());
        match classify_text(message) {
            TextKind::Blank => pending.counters_mut().ignored += 1,
            TextKind::Json(format) => {
                self.line.clear();
                self.line
                    .extend(message.trim_ascii().iter().map(|&byte| match byte {
                        b'\n' | b'\r' => b' ',
                        other => other,
                    }));
                let line = std::mem::take(&mut self.line);
                self.parse(pending, format, &line, number, received_ms);
                self.line = line;
            }
            TextKind::Lines(format) => self.parse(pending, format, message, number, received_ms),
        }
    }

    /// Reads a binary message: the raw bytes of one packet.
    pub fn binary(&mut self, pending: &mut Pending, packet: &[u8], received_ms: i64) {
        let number = pending.count_message(packet.len());
        let observation = Observation {
            timestamp_ms: received_ms,
            snr_db: None,
            rssi_dbm: None,
            observer: pending.intern(&self.default_observer),
            source: number,
        };
        pending.push(observation, packet, Position::Line(number));
    }

    /// Reads an MQTT publish: on a `packets`, `raw` or `status` topic, the payload is read as the F.1
    /// wrapper `{"topic": topic, "payload": payload}`, so the observer's key and IATA code come from the
    /// topic when the payload does not name them. A payload that is not a JSON object is taken as the
    /// packet (`raw`: hex text, or bytes) or the status word (`status`: `online`/`offline`).
    /// Publishes on other topics are counted as ignored.
    pub fn mqtt(&mut self, pending: &mut Pending, topic: &str, payload: &[u8], received_ms: i64) {
        let number = pending.count_message(topic.len() + payload.len());
        let kind = Topic::parse(topic).kind;
        if !kind.is_read() {
            pending.counters_mut().ignored += 1;
            return;
        }
        let mut line = std::mem::take(&mut self.line);
        line.clear();
        line.extend_from_slice(b"{\"topic\":");
        line.extend_from_slice(json_string(topic).as_bytes());
        line.extend_from_slice(b",\"payload\":");
        match std::str::from_utf8(payload).map(str::trim) {
            Ok(object) if object.starts_with('{') => {
                line.extend(object.bytes().map(|byte| match byte {
                    b'\n' | b'\r' => b' ',
                    other => other,
                }));
            }
            text => {
                let (key, value) = match (kind, text) {
                    (TopicKind::Status, Ok(word)) => ("status", word.to_owned()),
                    (TopicKind::Status, Err(_)) => ("status", String::new()),
                    (_, Ok(hex)) => ("raw", hex.to_owned()),
                    (_, Err(_)) => ("raw", crate::hex::encode_upper(payload)),
                };
                line.extend_from_slice(b"{\"");
                line.extend_from_slice(key.as_bytes());
                line.extend_from_slice(b"\":");
                line.extend_from_slice(json_string(&value).as_bytes());
                line.push(b'}');
            }
        }
        line.push(b'}');
        self.parse(pending, Format::F1Json, &line, number, received_ms);
        self.line = line;
    }

    /// Parses `input` (message `number`) into the scratch batch, stamping a missing timestamp with the
    /// receive time, and moves the result into `pending`.
    fn parse(
        &mut self,
        pending: &mut Pending,
        format: Format,
        input: &[u8],
        number: u64,
        received_ms: i64,
    ) {
        let mut parser = self.run(format, input, received_ms);
        let missing_timestamp = |batch: &Batch| {
            batch.bad_records.iter().any(|record| {
                record.field == Some("timestamp") && record.reason == BadReason::MissingField
            })
        };
        let is_json = matches!(format, Format::F1Json | Format::Export);
        if is_json && missing_timestamp(&self.scratch) {
            let stamped = stamp_lines(input, received_ms);
            parser = self.run(format, &stamped, received_ms);
        }
        let before = pending.counters();
        pending.absorb(&self.scratch, parser.observers(), number);
        let after = pending.counters();
        if (after.packets, after.statuses, after.bad, after.dropped)
            == (before.packets, before.statuses, before.bad, before.dropped)
        {
            pending.counters_mut().ignored += 1;
        }
    }

    /// Parses `input` whole into the (cleared) scratch batch and returns the parser, for its observers.
    fn run(&mut self, format: Format, input: &[u8], received_ms: i64) -> Parser {
        self.scratch.clear();
        let mut parser = Parser::with_options(
            format,
            Options {
                max_line_len: MAX_MESSAGE_LEN,
                base_time_ms: received_ms,
                default_observer: self.default_observer.clone(),
            },
        );
        parser.feed(input, &mut self.scratch);
        parser.finish(&mut self.scratch);
        parser
    }
}

/// `input` with each JSON line that lacks a timestamp stamped with `received_ms`; other lines as they
/// were.
fn stamp_lines(input: &[u8], received_ms: i64) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() + 32);
    for line in input.split(|&byte| byte == b'\n') {
        match stamp_missing_timestamp(line, received_ms) {
            Some(stamped) => out.extend_from_slice(&stamped),
            None => out.extend_from_slice(line),
        }
        out.push(b'\n');
    }
    out
}

/// `text` as a JSON string literal, quotes included.
fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| String::from("\"\""))
}
