//! Receive-time stamping of JSON messages that carry no timestamp.
//!
//! The file parsers require a timestamp on every F.1 packet and export line (a file has no clock of
//! its own). A live message does: the time it arrived. Only a message the parser rejected for a
//! missing timestamp comes here, so the feeds that stamp their messages (all known ones) never pay
//! for the rewrite.

use serde_json::{Map, Value};

/// The message with `"timestamp": received_ms` (unix milliseconds) added where the F.1 and export
/// parsers read it: inside the `payload` of a `{"topic", "payload"}` wrapper (an object, or a string
/// holding one), else at the top level. `None` if the message is not a JSON object, or already has a
/// timestamp there (`null` counts as none).
pub fn stamp_missing_timestamp(message: &[u8], received_ms: i64) -> Option<Vec<u8>> {
    let Value::Object(mut object) = serde_json::from_slice(message).ok()? else {
        return None;
    };
    match object.get_mut("payload") {
        Some(Value::Object(payload)) => insert_timestamp(payload, received_ms)?,
        Some(Value::String(text)) => {
            let Value::Object(mut payload) = serde_json::from_str(text).ok()? else {
                return None;
            };
            insert_timestamp(&mut payload, received_ms)?;
            *text = serde_json::to_string(&payload).ok()?;
        }
        Some(_) => return None,
        None => insert_timestamp(&mut object, received_ms)?,
    }
    serde_json::to_vec(&object).ok()
}

/// Sets the timestamp if the object has none or `null`.
fn insert_timestamp(object: &mut Map<String, Value>, received_ms: i64) -> Option<()> {
    if object
        .get("timestamp")
        .is_some_and(|value| !value.is_null())
    {
        return None;
    }
    object.insert("timestamp".to_owned(), Value::from(received_ms));
    Some(())
}
