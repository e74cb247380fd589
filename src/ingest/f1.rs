//! F.1 observer JSON Lines (`meshcore-protocol.md` F.1): MQTT `packets`, `raw` and `status` messages,
//! bare or wrapped as `{"topic": "meshcore/<IATA>/<KEY>/<kind>", "payload": {...} or "<json>"}`.
//!
//! Every value may be a string (as the feed writes them) or a number; `SNR`/`RSSI` (or `snr`/`rssi`) may
//! be `"Unknown"`. Unknown keys, nested objects included, are skipped without being built.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::bad_record::BadReason;
use super::batch::{Batch, Observation, StatusRecord};
use super::context::{Context, Fault, Outcome};
use super::json::{Scalar, column_of, parse_json};
use super::values::{
    observer_id, push_hex_packet, rssi_from_scalar, snr_from_scalar, timestamp_from_scalar,
};

/// The fields of one message that matter; everything else is skipped.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Message<'a> {
    #[serde(borrow)]
    origin: Scalar<'a>,
    #[serde(borrow)]
    origin_id: Scalar<'a>,
    #[serde(borrow)]
    timestamp: Scalar<'a>,
    #[serde(borrow)]
    raw: Scalar<'a>,
    #[serde(borrow)]
    data: Scalar<'a>,
    #[serde(borrow, rename = "SNR", alias = "snr")]
    snr: Scalar<'a>,
    #[serde(borrow, rename = "RSSI", alias = "rssi")]
    rssi: Scalar<'a>,
    #[serde(borrow)]
    status: Scalar<'a>,
    #[serde(borrow)]
    topic: Scalar<'a>,
    #[serde(borrow)]
    payload: Option<&'a RawValue>,
}

/// The fields of a status message, read only for status messages.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct StatusDetails<'a> {
    #[serde(borrow)]
    model: Scalar<'a>,
    #[serde(borrow)]
    firmware_version: Scalar<'a>,
    #[serde(borrow)]
    radio: Scalar<'a>,
    #[serde(borrow)]
    client_version: Scalar<'a>,
}

/// What an MQTT topic says: `meshcore/<IATA>/<KEY>/<kind>` or the legacy `meshcore/<kind>`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Topic<'a> {
    iata: Option<&'a str>,
    key: Option<&'a str>,
    kind: Option<&'a str>,
}

/// Parses one F.1 line into `out`.
pub(crate) fn parse_line(
    context: &mut Context,
    number: u64,
    line: &[u8],
    out: &mut Batch,
) -> Result<Outcome, Fault> {
    let message: Message<'_> = parse_json(line)?;
    let topic_text = message
        .topic
        .text()
        .map_err(|reason| Fault::in_field("topic", reason))?;
    let topic = match topic_text {
        Some(text) => parse_topic(text).ok_or(Fault::field(
            "topic",
            line,
            Some(text),
            (BadReason::BadTopic, None),
        ))?,
        None => Topic::default(),
    };
    let Some(payload) = message.payload else {
        return handle(context, number, line, line, &message, topic, out);
    };
    let inner = payload.get();
    if inner.starts_with('"') {
        let text: String = serde_json::from_str(inner)
            .map_err(|_| Fault::in_field("payload", BadReason::InvalidJson))?;
        let message: Message<'_> = parse_json(text.as_bytes()).map_err(|fault| Fault {
            field: Some("payload"),
            column: None,
            ..fault
        })?;
        handle(context, number, line, text.as_bytes(), &message, topic, out)
    } else {
        let message: Message<'_> = parse_json(inner.as_bytes()).map_err(|fault| {
            let base = column_of(line, inner);
            let column = fault
                .column
                .zip(base)
                .map(|(column, base)| base + column - 1);
            Fault {
                field: Some("payload"),
                column,
                ..fault
            }
        })?;
        handle(
            context,
            number,
            line,
            inner.as_bytes(),
            &message,
            topic,
            out,
        )
    }
}

fn parse_topic(text: &str) -> Option<Topic<'_>> {
    let segments = text.split('/').count();
    let mut from_end = text.rsplit('/');
    let kind = from_end.next();
    match segments {
        2 => Some(Topic {
            kind,
            ..Topic::default()
        }),
        4.. => Some(Topic {
            key: from_end.next(),
            iata: from_end.next(),
            kind,
        }),
        _ => None,
    }
}

/// Turns one decoded message (top-level or wrapped, its JSON in `source`) into an observation or a
/// status record.
fn handle(
    context: &mut Context,
    number: u64,
    line: &[u8],
    source: &[u8],
    message: &Message<'_>,
    topic: Topic<'_>,
    out: &mut Batch,
) -> Result<Outcome, Fault> {
    let is_status = topic.kind == Some("status") || message.status.is_present();
    let is_packet = matches!(topic.kind, Some("packets" | "raw"))
        || message.raw.is_present()
        || message.data.is_present();
    if !is_status && !is_packet {
        return Err(Fault::record(BadReason::NotAPacket));
    }
    let observer = observer(context, line, message, topic)?;
    if is_status && !is_packet {
        return status(number, line, source, message, observer, out);
    }
    let (field, hex) = if message.raw.is_present() {
        ("raw", &message.raw)
    } else {
        ("data", &message.data)
    };
    let hex = hex
        .required_text()
        .map_err(|reason| Fault::in_field(field, reason))?;
    let timestamp = &message.timestamp;
    let timestamp_ms = timestamp_from_scalar(timestamp)
        .map_err(|error| Fault::field("timestamp", line, timestamp.text().ok().flatten(), error))?;
    let snr_db = snr_from_scalar(&message.snr).map_err(|reason| Fault::in_field("SNR", reason))?;
    let rssi_dbm =
        rssi_from_scalar(&message.rssi).map_err(|reason| Fault::in_field("RSSI", reason))?;
    let observation = Observation {
        timestamp_ms,
        snr_db,
        rssi_dbm,
        observer,
        source: number,
    };
    push_hex_packet(out, observation, hex)
        .map_err(|error| Fault::field(field, line, Some(hex), error))?;
    Ok(Outcome::Observation)
}

/// The observer: key from `origin_id` (else the topic), name from `origin`, IATA from the topic.
fn observer(
    context: &mut Context,
    line: &[u8],
    message: &Message<'_>,
    topic: Topic<'_>,
) -> Result<u32, Fault> {
    let name = message
        .origin
        .text()
        .map_err(|reason| Fault::in_field("origin", reason))?;
    let key = match message
        .origin_id
        .text()
        .map_err(|reason| Fault::in_field("origin_id", reason))?
    {
        Some(key) => Some(("origin_id", key)),
        None => topic.key.map(|key| ("topic", key)),
    };
    let id = match key {
        Some((field, key)) => Some(
            observer_id(key)
                .map_err(|reason| Fault::field(field, line, Some(key), (reason, None)))?,
        ),
        None => None,
    };
    if id.is_none() && name.is_none() {
        return Ok(context.default_observer());
    }
    Ok(context.observers.intern(id.as_ref(), name, topic.iata))
}

fn status(
    number: u64,
    line: &[u8],
    source: &[u8],
    message: &Message<'_>,
    observer: u32,
    out: &mut Batch,
) -> Result<Outcome, Fault> {
    let timestamp = &message.timestamp;
    let timestamp_ms = match timestamp {
        Scalar::Missing | Scalar::Null => None,
        _ => Some(timestamp_from_scalar(timestamp).map_err(|error| {
            Fault::field("timestamp", line, timestamp.text().ok().flatten(), error)
        })?),
    };
    // `source` parsed once already, as a `Message`, so this parse succeeds; a detail that is not text
    // (a number, say) is left out.
    let details: StatusDetails<'_> = serde_json::from_slice(source).unwrap_or_default();
    let text = |value: &Scalar<'_>| value.text().ok().flatten().map(str::to_owned);
    let online = match message.status.text().ok().flatten() {
        Some(state) if state.eq_ignore_ascii_case("online") => Some(true),
        Some(state) if state.eq_ignore_ascii_case("offline") => Some(false),
        _ => None,
    };
    out.statuses.push(StatusRecord {
        observer,
        line: number,
        timestamp_ms,
        online,
        model: text(&details.model),
        firmware_version: text(&details.firmware_version),
        radio: text(&details.radio),
        client_version: text(&details.client_version),
    });
    Ok(Outcome::Status)
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn topics() {
        let key = "AB".repeat(32);
        let topic = format!("meshcore/SEA/{key}/packets");
        assert_eq!(
            parse_topic(&topic),
            Some(Topic {
                iata: Some("SEA"),
                key: Some(&key),
                kind: Some("packets")
            })
        );
        assert_eq!(
            parse_topic("meshcore/status"),
            Some(Topic {
                kind: Some("status"),
                ..Topic::default()
            })
        );
        assert_eq!(parse_topic("meshcore"), None);
        assert_eq!(parse_topic("meshcore/SEA/status"), None);
    }
}
