//! Live messages (WebSocket text and binary, MQTT publishes) into a pending buffer: classification,
//! observers, receive-time stamps, bad messages, draining and the capacity bound.

use meshscope::ingest::live::{
    MessageReader, Pending, TextKind, classify_text, stamp_missing_timestamp,
};
use meshscope::ingest::{
    BadReason, Batch, Format, Observation, ObserverInfo, Position, StatusRecord,
};
use proptest::prelude::*;

/// The spec's illustration packet (an ACK), and a real advert from the vectors.
const ACK: &str = "0D04B891647EBB40BA70";
const ACK_BYTES: [u8; 10] = [0x0D, 0x04, 0xB8, 0x91, 0x64, 0x7E, 0xBB, 0x40, 0xBA, 0x70];
const RECEIVED: i64 = 1_704_110_400_000; // 2024-01-01T12:00:00Z

fn key() -> String {
    "7E7662676F7F0850A8A355BAAFBFC1EB7B4174C340442D7D7161C9474A2C9400".to_owned()
}

fn key_bytes() -> [u8; 32] {
    let mut bytes = [0; 32];
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&key()[2 * i..2 * i + 2], 16).unwrap();
    }
    bytes
}

fn reader() -> MessageReader {
    MessageReader::new(ObserverInfo {
        id: None,
        name: Some("ws://127.0.0.1:8765".into()),
        iata: None,
    })
}

/// Everything drained: observations with packets, statuses, bad records, observers.
#[derive(Debug, Default)]
struct Drained {
    observations: Vec<(Observation, Vec<u8>)>,
    statuses: Vec<StatusRecord>,
    bad: Vec<(Position, Option<&'static str>, BadReason)>,
    observers: Vec<ObserverInfo>,
}

fn drain(pending: &mut Pending) -> Drained {
    let mut drained = Drained::default();
    pending.drain(|batch: &Batch, observers: &[ObserverInfo]| {
        drained.observations = batch.iter().map(|(o, p)| (*o, p.to_vec())).collect();
        drained.statuses = batch.statuses.clone();
        drained.bad = batch
            .bad_records
            .iter()
            .map(|b| (b.position, b.field, b.reason))
            .collect();
        drained.observers = observers.to_vec();
    });
    drained
}

#[test]
fn classification() {
    let kinds = [
        (&b"  \r\n"[..], TextKind::Blank),
        (b"0D04B891647EBB40BA70", TextKind::Lines(Format::HexLines)),
        (
            b"2024-01-01T00:00:00Z,12.5,-75,0D04",
            TextKind::Lines(Format::HexLines),
        ),
        (
            b"{\"origin\":\"x\",\"raw\":\"0D04\"}",
            TextKind::Json(Format::F1Json),
        ),
        (
            b"{\"topic\":\"meshcore/status\",\"payload\":{}}",
            TextKind::Json(Format::F1Json),
        ),
        (b"{\"raw\":\"0D04\"}", TextKind::Json(Format::F1Json)),
        (b"{\"meshscope_export\":1}", TextKind::Json(Format::Export)),
        (
            b"{\"observer\":null,\"observer_name\":\"Hill\",\"raw\":\"0D\"}",
            TextKind::Json(Format::Export),
        ),
        (
            b"{\"origin\":\"x\",\n \"raw\":\"0D\"}",
            TextKind::Json(Format::F1Json),
        ),
        (
            b"{\"meshscope_export\":1}\n{\"raw\":\"0D\"}",
            TextKind::Lines(Format::Export),
        ),
        (
            b"{\"raw\":\"0D\"}\n{\"raw\":\"0E\"}",
            TextKind::Lines(Format::F1Json),
        ),
        (b"{not json", TextKind::Lines(Format::F1Json)),
    ];
    for (message, kind) in kinds {
        assert_eq!(
            classify_text(message),
            kind,
            "{}",
            String::from_utf8_lossy(message)
        );
    }
}

#[test]
fn an_f1_message_names_its_observer_and_keeps_its_timestamp() {
    let mut pending = Pending::default();
    let mut reader = reader();
    let message = format!(
        r#"{{"origin":"Hilltop","origin_id":"{}","timestamp":"2024-01-01T11:59:59.500000+00:00","raw":"{ACK}","SNR":"12.5","RSSI":"-75"}}"#,
        key()
    );
    reader.text(&mut pending, message.as_bytes(), RECEIVED);
    let drained = drain(&mut pending);
    assert_eq!(
        drained.observations,
        vec![(
            Observation {
                timestamp_ms: RECEIVED - 500,
                snr_db: Some(12.5),
                rssi_dbm: Some(-75),
                observer: 0,
                source: 1,
            },
            ACK_BYTES.to_vec()
        )]
    );
    assert_eq!(
        drained.observers,
        vec![ObserverInfo {
            id: Some(key_bytes()),
            name: Some("Hilltop".into()),
            iata: None
        }]
    );
    let counters = pending.counters();
    assert_eq!(
        (counters.messages, counters.packets, counters.bad),
        (1, 1, 0)
    );
    assert_eq!(counters.bytes, message.len() as u64);
}

#[test]
fn messages_without_a_timestamp_get_the_receive_time() {
    let mut pending = Pending::default();
    let mut reader = reader();
    reader.text(
        &mut pending,
        format!(r#"{{"origin":"A","raw":"{ACK}"}}"#).as_bytes(),
        RECEIVED,
    );
    let wrapped = format!(
        r#"{{"topic":"meshcore/SEA/{}/packets","payload":"{{\"raw\":\"{ACK}\"}}"}}"#,
        key()
    );
    reader.text(&mut pending, wrapped.as_bytes(), RECEIVED + 1);
    reader.text(&mut pending, ACK.as_bytes(), RECEIVED + 2);
    reader.text(
        &mut pending,
        format!(r#"{{"observer_name":"B","raw":"{ACK}","timestamp":null}}"#).as_bytes(),
        RECEIVED + 3,
    );
    reader.binary(&mut pending, &ACK_BYTES, RECEIVED + 4);
    let drained = drain(&mut pending);
    assert!(drained.bad.is_empty(), "{:?}", drained.bad);
    let times: Vec<(i64, u64)> = drained
        .observations
        .iter()
        .map(|(o, _)| (o.timestamp_ms - RECEIVED, o.source))
        .collect();
    assert_eq!(times, vec![(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)]);
    let observers: Vec<(Option<&str>, Option<&str>, bool)> = drained
        .observers
        .iter()
        .map(|o| (o.name.as_deref(), o.iata.as_deref(), o.id.is_some()))
        .collect();
    assert_eq!(
        observers,
        vec![
            (Some("A"), None, false),
            (None, Some("SEA"), true),
            (Some("ws://127.0.0.1:8765"), None, false),
            (Some("B"), None, false),
        ]
    );
    let by_observer: Vec<u32> = drained
        .observations
        .iter()
        .map(|(o, _)| o.observer)
        .collect();
    assert_eq!(by_observer, vec![0, 1, 2, 3, 2]);
}

#[test]
fn hex_csv_export_and_multi_line_messages() {
    let mut pending = Pending::default();
    let mut reader = reader();
    reader.text(
        &mut pending,
        format!("2024-01-01T00:00:00Z,-2.25,-101,{ACK}\n").as_bytes(),
        RECEIVED,
    );
    reader.text(
        &mut pending,
        br#"{"meshscope_export":1,"channels":["Public"]}"#,
        RECEIVED,
    );
    let export = format!(
        r#"{{"timestamp":"2024-01-01T12:00:00.123Z","observer":"{}","observer_name":"Hill","iata":"PDX","snr":7.5,"rssi":-90,"raw":"{ACK}"}}"#,
        key()
    );
    reader.text(&mut pending, export.as_bytes(), RECEIVED);
    let lines =
        format!("{{\"raw\":\"{ACK}\",\"origin\":\"C\"}}\n{{\"raw\":\"0D\",\"origin\":\"C\"}}\n");
    reader.text(&mut pending, lines.as_bytes(), RECEIVED);
    let pretty = format!("{{\n  \"origin\": \"D\",\n  \"raw\": \"{ACK}\"\n}}");
    reader.text(&mut pending, pretty.as_bytes(), RECEIVED);
    reader.text(&mut pending, b"\n", RECEIVED);
    let drained = drain(&mut pending);
    let summary: Vec<(u64, i64, Option<f32>, Option<i16>)> = drained
        .observations
        .iter()
        .map(|(o, _)| (o.source, o.timestamp_ms, o.snr_db, o.rssi_dbm))
        .collect();
    assert_eq!(
        summary,
        vec![
            (1, 1_704_067_200_000, Some(-2.25), Some(-101)),
            (3, RECEIVED + 123, Some(7.5), Some(-90)),
            (4, RECEIVED, None, None),
            (4, RECEIVED, None, None),
            (5, RECEIVED, None, None),
        ]
    );
    assert_eq!(drained.observations[3].1, vec![0x0D]);
    let hill = &drained.observers[drained.observations[1].0.observer as usize];
    assert_eq!(
        (hill.name.as_deref(), hill.iata.as_deref()),
        (Some("Hill"), Some("PDX"))
    );
    let counters = pending.counters();
    assert_eq!(
        (counters.messages, counters.packets, counters.ignored),
        (6, 5, 2)
    );
}

#[test]
fn bad_messages_are_counted_with_their_reason_and_message_number() {
    let mut pending = Pending::default();
    let mut reader = reader();
    reader.text(&mut pending, b"{\"raw\":\"0D0\"}", RECEIVED);
    reader.text(&mut pending, b"ZZ", RECEIVED);
    reader.binary(&mut pending, &[], RECEIVED);
    reader.binary(&mut pending, &[0x11; 256], RECEIVED);
    reader.text(
        &mut pending,
        b"{\"timestamp\":\"yesterday\",\"raw\":\"0D\"}",
        RECEIVED,
    );
    reader.text(&mut pending, b"[1,2]", RECEIVED);
    let drained = drain(&mut pending);
    assert!(drained.observations.is_empty());
    assert_eq!(
        drained.bad,
        vec![
            (Position::Line(1), Some("raw"), BadReason::OddHexLength),
            (Position::Line(2), Some("hex"), BadReason::BadHexDigit),
            (Position::Line(3), None, BadReason::EmptyPacket),
            (
                Position::Line(4),
                None,
                BadReason::PacketTooLong { len: 256 }
            ),
            (
                Position::Line(5),
                Some("timestamp"),
                BadReason::BadTimestamp(drained.bad[4].2.clone_kind())
            ),
            (Position::Line(6), None, BadReason::NotAnObject),
        ]
    );
    assert_eq!(pending.counters().bad, 6);
}

/// The timestamp error's kind, whatever it is, for comparing the rest of the record.
trait CloneKind {
    fn clone_kind(&self) -> Option<meshscope::time::TimeErrorKind>;
}

impl CloneKind for BadReason {
    fn clone_kind(&self) -> Option<meshscope::time::TimeErrorKind> {
        match self {
            BadReason::BadTimestamp(kind) => *kind,
            _ => None,
        }
    }
}

/// Observer, timestamp, SNR, RSSI and packet of one observation.
type Seen<'a> = (u32, i64, Option<f32>, Option<i16>, &'a [u8]);

#[test]
fn mqtt_publishes_take_the_observer_from_the_topic() {
    let mut pending = Pending::default();
    let mut reader = reader();
    let topic = format!("meshcore/SEA/{}/packets", key());
    let payload = format!(
        r#"{{"origin":"Hilltop","timestamp":"2024-01-01T12:00:00Z","raw":"{ACK}","SNR":"Unknown","RSSI":"-80"}}"#
    );
    reader.mqtt(&mut pending, &topic, payload.as_bytes(), RECEIVED + 9);
    reader.mqtt(
        &mut pending,
        &format!("meshcore/SEA/{}/raw", key()),
        ACK.as_bytes(),
        RECEIVED + 10,
    );
    reader.mqtt(
        &mut pending,
        &format!("meshcore/SEA/{}/raw", key()),
        &ACK_BYTES,
        RECEIVED + 11,
    );
    reader.mqtt(
        &mut pending,
        &format!("meshcore/SEA/{}/status", key()),
        b"offline",
        RECEIVED,
    );
    let status = r#"{"status":"online","timestamp":"2024-01-01T12:00:00Z","model":"Heltec V3","firmware_version":"v1.9.0","radio":"910.525,62.5,7,5"}"#;
    reader.mqtt(
        &mut pending,
        &format!("meshcore/PDX/{}/status", "AB".repeat(32)),
        status.as_bytes(),
        RECEIVED,
    );
    reader.mqtt(
        &mut pending,
        &format!("meshcore/SEA/{}/neighbors", key()),
        b"{}",
        RECEIVED,
    );
    reader.mqtt(
        &mut pending,
        "meshcore/packets",
        format!(r#"{{"raw":"{ACK}"}}"#).as_bytes(),
        RECEIVED + 12,
    );
    let drained = drain(&mut pending);
    assert!(drained.bad.is_empty(), "{:?}", drained.bad);
    let observations: Vec<Seen<'_>> = drained
        .observations
        .iter()
        .map(|(o, p)| (o.observer, o.timestamp_ms, o.snr_db, o.rssi_dbm, &p[..]))
        .collect();
    assert_eq!(
        observations,
        vec![
            (0, RECEIVED, None, Some(-80), &ACK_BYTES[..]),
            (0, RECEIVED + 10, None, None, &ACK_BYTES[..]),
            (0, RECEIVED + 11, None, None, &ACK_BYTES[..]),
            (2, RECEIVED + 12, None, None, &ACK_BYTES[..]),
        ]
    );
    assert_eq!(
        drained.observers[0],
        ObserverInfo {
            id: Some(key_bytes()),
            name: Some("Hilltop".into()),
            iata: Some("SEA".into())
        }
    );
    assert_eq!(
        drained.observers[2].name.as_deref(),
        Some("ws://127.0.0.1:8765")
    );
    let statuses: Vec<(u32, u64, Option<bool>, Option<&str>)> = drained
        .statuses
        .iter()
        .map(|s| (s.observer, s.line, s.online, s.model.as_deref()))
        .collect();
    assert_eq!(
        statuses,
        vec![
            (0, 4, Some(false), None),
            (1, 5, Some(true), Some("Heltec V3"))
        ]
    );
    assert_eq!(drained.observers[1].iata.as_deref(), Some("PDX"));
    let counters = pending.counters();
    assert_eq!(
        (
            counters.messages,
            counters.packets,
            counters.statuses,
            counters.ignored
        ),
        (7, 4, 2, 1)
    );
}

#[test]
fn draining_hands_over_once_and_keeps_observer_indexes() {
    let mut pending = Pending::default();
    let mut reader = reader();
    reader.text(
        &mut pending,
        format!(r#"{{"origin":"A","raw":"{ACK}"}}"#).as_bytes(),
        RECEIVED,
    );
    let first = drain(&mut pending);
    assert_eq!(first.observations.len(), 1);
    let mut calls = 0;
    pending.drain(|_, _| calls += 1);
    assert_eq!(calls, 0, "nothing new, no delivery");
    reader.text(
        &mut pending,
        format!(r#"{{"origin":"B","raw":"{ACK}"}}"#).as_bytes(),
        RECEIVED,
    );
    reader.text(
        &mut pending,
        format!(r#"{{"origin":"A","raw":"{ACK}"}}"#).as_bytes(),
        RECEIVED,
    );
    let second = drain(&mut pending);
    let observers: Vec<u32> = second
        .observations
        .iter()
        .map(|(o, _)| o.observer)
        .collect();
    assert_eq!(observers, vec![1, 0]);
    assert_eq!(second.observers.len(), 2);
}

#[test]
fn a_full_buffer_drops_and_counts() {
    let mut pending = Pending::new(2);
    let mut reader = reader();
    for _ in 0..3 {
        reader.binary(&mut pending, &ACK_BYTES, RECEIVED);
    }
    reader.binary(&mut pending, &[], RECEIVED);
    let counters = pending.counters();
    assert_eq!(
        (counters.packets, counters.dropped, counters.bad),
        (2, 2, 1)
    );
    assert_eq!(drain(&mut pending).observations.len(), 2);
    reader.binary(&mut pending, &ACK_BYTES, RECEIVED);
    assert_eq!(
        drain(&mut pending).observations.len(),
        1,
        "room again after a drain"
    );
}

#[test]
fn stamping() {
    let stamp = |message: &str| {
        stamp_missing_timestamp(message.as_bytes(), 1_700_000_000_000)
            .map(|bytes| String::from_utf8(bytes).unwrap())
    };
    assert_eq!(
        stamp(r#"{"raw":"0D"}"#).as_deref(),
        Some(r#"{"raw":"0D","timestamp":1700000000000}"#)
    );
    assert_eq!(
        stamp(r#"{"raw":"0D","timestamp":null}"#).as_deref(),
        Some(r#"{"raw":"0D","timestamp":1700000000000}"#)
    );
    assert_eq!(
        stamp(r#"{"topic":"t","payload":{"raw":"0D"}}"#).as_deref(),
        Some(r#"{"payload":{"raw":"0D","timestamp":1700000000000},"topic":"t"}"#)
    );
    assert_eq!(
        stamp(r#"{"topic":"t","payload":"{\"raw\":\"0D\"}"}"#).as_deref(),
        Some(r#"{"payload":"{\"raw\":\"0D\",\"timestamp\":1700000000000}","topic":"t"}"#)
    );
    assert_eq!(
        stamp(r#"{"raw":"0D","timestamp":"2024-01-01T00:00:00Z"}"#),
        None
    );
    assert_eq!(stamp(r#"{"payload":7}"#), None);
    assert_eq!(stamp(r#"[1]"#), None);
    assert_eq!(stamp(r#"{"#), None);
}

proptest! {
    /// Whatever arrives, nothing panics, every message is counted, and every record the buffer holds
    /// indexes an observer it hands over.
    #[test]
    fn any_message_is_counted_and_never_panics(
        messages in proptest::collection::vec(
            (0u8..3, proptest::collection::vec(any::<u8>(), 0..200), "[a-z/+#]{0,30}"),
            0..20,
        ),
    ) {
        let mut pending = Pending::new(50);
        let mut reader = reader();
        for (kind, bytes, topic) in &messages {
            match kind {
                0 => reader.text(&mut pending, bytes, RECEIVED),
                1 => reader.binary(&mut pending, bytes, RECEIVED),
                _ => reader.mqtt(&mut pending, topic, bytes, RECEIVED),
            }
        }
        prop_assert_eq!(pending.counters().messages, messages.len() as u64);
        let drained = drain(&mut pending);
        for (observation, _) in &drained.observations {
            prop_assert!((observation.observer as usize) < drained.observers.len());
        }
    }

    /// An F.1 packet with arbitrary printable text around it parses the same inside a wrapper as bare.
    #[test]
    fn wrapped_and_bare_messages_agree(name in "[ -~&&[^\"\\\\]]{0,20}", snr in -20.0f32..20.0) {
        let bare = format!(r#"{{"origin":"{name}","timestamp":"2024-01-01T00:00:00Z","raw":"{ACK}","SNR":{snr}}}"#);
        let wrapped = format!(r#"{{"topic":"meshcore/SEA/{}/packets","payload":{bare}}}"#, key());
        let mut pending = Pending::default();
        let mut reader = reader();
        reader.text(&mut pending, bare.as_bytes(), RECEIVED);
        reader.text(&mut pending, wrapped.as_bytes(), RECEIVED);
        let drained = drain(&mut pending);
        prop_assert_eq!(drained.observations.len(), 2);
        let (first, second) = (&drained.observations[0], &drained.observations[1]);
        prop_assert_eq!((first.0.timestamp_ms, first.0.snr_db, &first.1), (second.0.timestamp_ms, second.0.snr_db, &second.1));
    }
}
