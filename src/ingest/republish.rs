//! Republishing what a local radio hears as a community observer does (protocol F.1): each packet on
//! `meshcore/{IATA}/{PUBLIC_KEY}/packets` as a JSON object of strings, and the observer's retained `online`
//! status on `meshcore/{IATA}/{PUBLIC_KEY}/status`.
//!
//! The messages follow `meshcore-packet-capture`'s fields and value formats (every value a string, `SNR`
//! and `RSSI` `"Unknown"` when missing, `path` only on direct routes), so CoreScope, the LetsMesh analyzer
//! and MeshScope's own MQTT source read them as they read any observer's.

use serde::Serialize;

use super::Observation;
use crate::hex::encode_upper as upper_hex;
use crate::protocol::{Packet, PayloadType, RouteType};
use crate::time::civil_from_days;

/// Who publishes: the radio's identity and region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObserverIdentity {
    /// The radio's node name.
    pub name: String,
    /// The radio's public key.
    pub public_key: [u8; 32],
    /// The region's IATA code, e.g. `SEA`.
    pub iata: String,
}

/// Why an identity cannot publish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityError {
    /// The IATA code is not 3 to 4 letters or digits (it is a topic level: no `/`, `+` or `#`).
    BadIata,
}

impl std::fmt::Display for IdentityError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IdentityError::BadIata => write!(f, "the region code must be 3 or 4 letters or digits"),
        }
    }
}

impl std::error::Error for IdentityError {}

impl ObserverIdentity {
    /// The identity of the radio `name` with `public_key` in region `iata` (upper-cased).
    pub fn new(name: &str, public_key: [u8; 32], iata: &str) -> Result<Self, IdentityError> {
        let iata = iata.trim().to_ascii_uppercase();
        if !(3..=4).contains(&iata.len()) || !iata.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(IdentityError::BadIata);
        }
        Ok(ObserverIdentity {
            name: name.to_owned(),
            public_key,
            iata,
        })
    }

    /// `meshcore/{IATA}/{PUBLIC_KEY}/packets`.
    pub fn packets_topic(&self) -> String {
        self.topic("packets")
    }

    /// `meshcore/{IATA}/{PUBLIC_KEY}/status`.
    pub fn status_topic(&self) -> String {
        self.topic("status")
    }

    fn topic(&self, kind: &str) -> String {
        format!(
            "meshcore/{}/{}/{kind}",
            self.iata,
            upper_hex(&self.public_key)
        )
    }
}

/// A `packets` message.
#[derive(Serialize)]
struct PacketMessage<'a> {
    origin: &'a str,
    origin_id: String,
    timestamp: String,
    #[serde(rename = "type")]
    kind: &'static str,
    direction: &'static str,
    time: String,
    date: String,
    len: String,
    packet_type: String,
    route: &'static str,
    payload_len: String,
    raw: String,
    #[serde(rename = "SNR")]
    snr: String,
    #[serde(rename = "RSSI")]
    rssi: String,
    hash: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
}

/// The `packets` message for `packet` heard as `observation` by `identity`; `None` when the bytes are not
/// a packet (nothing is published for them).
pub fn packet_message(
    identity: &ObserverIdentity,
    observation: &Observation,
    packet: &[u8],
) -> Option<String> {
    let view = Packet::new_checked(packet).ok()?;
    let route = view.route_type();
    let (days, seconds) = split_day(observation.timestamp_ms);
    let (year, month, day) = civil_from_days(days);
    let path = (route == RouteType::Direct).then(|| {
        let size = match view.payload_type() {
            PayloadType::Trace => 1,
            _ => view.path_len().hash_size().unwrap_or(1),
        };
        view.path()
            .chunks(size)
            .map(upper_hex)
            .collect::<Vec<_>>()
            .join(",")
    });
    let message = PacketMessage {
        origin: &identity.name,
        origin_id: upper_hex(&identity.public_key),
        timestamp: iso_timestamp(observation.timestamp_ms),
        kind: "PACKET",
        direction: "rx",
        time: format!(
            "{:02}:{:02}:{:02}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        ),
        date: format!("{day:02}/{month:02}/{year:04}"),
        len: packet.len().to_string(),
        packet_type: view.payload_type().bits().to_string(),
        route: match route {
            RouteType::Flood | RouteType::TransportFlood => "F",
            RouteType::Direct => "D",
            RouteType::TransportDirect => "T",
        },
        payload_len: view.payload().len().to_string(),
        raw: upper_hex(packet),
        snr: observation
            .snr_db
            .map_or_else(|| "Unknown".to_owned(), |snr| snr.to_string()),
        rssi: observation
            .rssi_dbm
            .map_or_else(|| "Unknown".to_owned(), |rssi| rssi.to_string()),
        hash: upper_hex(&view.hash().0),
        path,
    };
    serde_json::to_string(&message).ok()
}

/// A `status` message.
#[derive(Serialize)]
struct StatusMessage<'a> {
    status: &'static str,
    timestamp: String,
    origin: &'a str,
    origin_id: String,
    model: &'a str,
    firmware_version: &'a str,
    radio: &'a str,
    client_version: &'static str,
}

/// What the status message says about the radio besides its identity.
#[derive(Debug, Clone, Copy, Default)]
pub struct StatusDetails<'a> {
    /// Hardware model.
    pub model: &'a str,
    /// Firmware version.
    pub firmware: &'a str,
    /// `frequency MHz,bandwidth kHz,SF,CR` as the community formats it, e.g. `910.525,62.5,7,5`.
    pub radio: &'a str,
}

/// The retained `online` status of `identity` at `now_ms`.
pub fn status_message(
    identity: &ObserverIdentity,
    details: StatusDetails<'_>,
    now_ms: i64,
) -> String {
    let message = StatusMessage {
        status: "online",
        timestamp: iso_timestamp(now_ms),
        origin: &identity.name,
        origin_id: upper_hex(&identity.public_key),
        model: details.model,
        firmware_version: details.firmware,
        radio: details.radio,
        client_version: concat!("meshscope/", env!("CARGO_PKG_VERSION")),
    };
    serde_json::to_string(&message).unwrap_or_default()
}

/// `2026-01-01T12:00:00.123000+00:00`: Python's `isoformat()` of a UTC time with microseconds.
fn iso_timestamp(unix_ms: i64) -> String {
    let (days, seconds) = split_day(unix_ms);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:06}+00:00",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60,
        unix_ms.rem_euclid(1000) * 1000
    )
}

/// Days since 1970 and seconds into the day of `unix_ms`.
fn split_day(unix_ms: i64) -> (i64, i64) {
    let seconds = unix_ms.div_euclid(1000);
    (seconds.div_euclid(86_400), seconds.rem_euclid(86_400))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{Batch, Format, Parser};

    const KEY: [u8; 32] = [0xAB; 32];

    fn identity() -> ObserverIdentity {
        ObserverIdentity::new("Hill <top>", KEY, "sea").unwrap()
    }

    #[test]
    fn topics_use_the_upper_case_region_and_key() {
        let identity = identity();
        assert_eq!(
            identity.packets_topic(),
            format!("meshcore/SEA/{}/packets", "AB".repeat(32))
        );
        assert!(identity.status_topic().ends_with("/status"));
        for bad in ["", "SE", "SEATL", "S/A", "S+A", "#EA"] {
            assert_eq!(
                ObserverIdentity::new("x", KEY, bad),
                Err(IdentityError::BadIata),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_direct_packet_message_reads_back_as_the_same_observation() {
        // DIRECT TXT_MSG with two 1-byte hops: header 0x0A, path length 2.
        let packet = [
            0x0A, 0x02, 0x3C, 0x7D, 0x11, 0x22, 0x33, 0x44, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06,
        ];
        let observation = Observation {
            timestamp_ms: 1_767_268_800_250,
            snr_db: Some(-7.25),
            rssi_dbm: Some(-112),
            observer: 0,
            source: 0,
        };
        let text = packet_message(&identity(), &observation, &packet).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["timestamp"], "2026-01-01T12:00:00.250000+00:00");
        assert_eq!(json["time"], "12:00:00");
        assert_eq!(json["date"], "01/01/2026");
        assert_eq!(json["route"], "D");
        assert_eq!(json["path"], "3C,7D");
        assert_eq!(json["packet_type"], "2");
        assert_eq!(json["len"], "14");
        assert_eq!(json["payload_len"], "10");
        assert_eq!(json["SNR"], "-7.25");
        assert_eq!(json["RSSI"], "-112");
        assert_eq!(json["origin"], "Hill <top>");
        assert!(json.as_object().unwrap().values().all(|v| v.is_string()));

        let mut parser = Parser::new(Format::F1Json);
        let mut batch = Batch::new();
        parser.feed(format!("{text}\n").as_bytes(), &mut batch);
        let records: Vec<_> = batch.iter().collect();
        assert_eq!(records.len(), 1, "{:?}", batch.bad_records);
        let (read, bytes) = records[0];
        assert_eq!(bytes, packet);
        assert_eq!(read.timestamp_ms, observation.timestamp_ms);
        assert_eq!(read.snr_db, observation.snr_db);
        assert_eq!(read.rssi_dbm, observation.rssi_dbm);
        let observer = &parser.observers()[read.observer as usize];
        assert_eq!(observer.name.as_deref(), Some("Hill <top>"));
    }

    #[test]
    fn flood_packets_have_no_path_field_and_unknown_signal_says_so() {
        // FLOOD ADVERT-sized junk payload with no hops: header 0x11, path length 0.
        let packet = [0x11, 0x00, 0x01, 0x02, 0x03];
        let observation = Observation {
            timestamp_ms: 0,
            snr_db: None,
            rssi_dbm: None,
            observer: 0,
            source: 0,
        };
        let json: serde_json::Value =
            serde_json::from_str(&packet_message(&identity(), &observation, &packet).unwrap())
                .unwrap();
        assert_eq!(json["route"], "F");
        assert!(json.get("path").is_none());
        assert_eq!(json["SNR"], "Unknown");
        assert_eq!(json["RSSI"], "Unknown");
        assert_eq!(json["timestamp"], "1970-01-01T00:00:00.000000+00:00");
    }

    #[test]
    fn bytes_that_are_not_a_packet_publish_nothing() {
        let observation = Observation {
            timestamp_ms: 0,
            snr_db: None,
            rssi_dbm: None,
            observer: 0,
            source: 0,
        };
        assert_eq!(packet_message(&identity(), &observation, &[0x11]), None);
        assert_eq!(packet_message(&identity(), &observation, &[]), None);
    }

    #[test]
    fn the_status_is_online_with_the_radio_settings() {
        let details = StatusDetails {
            model: "Heltec V3",
            firmware: "v1.9.0",
            radio: "910.525,62.5,7,5",
        };
        let json: serde_json::Value =
            serde_json::from_str(&status_message(&identity(), details, 1_767_268_800_000)).unwrap();
        assert_eq!(json["status"], "online");
        assert_eq!(json["radio"], "910.525,62.5,7,5");
        assert_eq!(json["origin_id"], "AB".repeat(32));
        assert_eq!(json["timestamp"], "2026-01-01T12:00:00.000000+00:00");
    }
}
