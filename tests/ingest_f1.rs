//! F.1 observer JSON Lines: the feed's string-valued fields, wrappers, status messages, bad lines.

mod ingest_support;

use ingest_support::{parse, parse_chunked, parse_cut, parse_every_way};
use meshscope::ingest::{BadReason, Format, Observation, ObserverInfo, Options, Position};
use meshscope::time::Rfc3339Ms;
use proptest::prelude::*;

const KEY_A: &str = "7E7662676F7F0850A8A355BAAFBFC1EB7B4174C340442D7D7161C9474A2C9400";
const KEY_B: &str = "AB00000000000000000000000000000000000000000000000000000000000001";

fn key(hex: &str) -> [u8; 32] {
    let mut key = [0; 32];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap();
    }
    key
}

/// A line as meshcore-packet-capture writes it, every value a string, with a `decoded` object.
fn packet_line(
    origin: &str,
    origin_id: &str,
    time: &str,
    snr: &str,
    rssi: &str,
    raw: &str,
) -> String {
    format!(
        r#"{{"origin":"{origin}","origin_id":"{origin_id}","timestamp":"{time}","type":"PACKET","direction":"rx","time":"12:00:00","date":"01/01/2024","len":"10","packet_type":"3","route":"F","payload_len":"4","raw":"{raw}","SNR":"{snr}","RSSI":"{rssi}","hash":"0123456789ABCDEF","decoded":{{"type":"ACK","nested":{{"a":[1,2,{{"b":null}}]}}}}}}"#
    )
}

#[test]
fn feed_lines_with_observers_interned_once() {
    let input = [
        packet_line(
            "Hilltop",
            KEY_A,
            "2024-01-01T12:00:00.000000+00:00",
            "12.5",
            "-65",
            "0D04B891647EBB40BA70",
        ),
        packet_line(
            "Base",
            KEY_B,
            "2024-01-01T12:00:01.250000+00:00",
            "Unknown",
            "Unknown",
            "1100AABB",
        ),
        packet_line(
            "Hilltop",
            KEY_A,
            "2024-01-01T13:00:00-01:00",
            "-7.25",
            "-110",
            "0d04",
        ),
    ]
    .join("\n");
    let parsed = parse_every_way(Format::F1Json, Options::default(), input.as_bytes());
    assert_eq!(parsed.bad_lines(), Vec::<String>::new());
    let meta: Vec<Observation> = parsed.observations.iter().map(|(o, _)| *o).collect();
    assert_eq!(
        meta,
        vec![
            Observation {
                timestamp_ms: 1_704_110_400_000,
                snr_db: Some(12.5),
                rssi_dbm: Some(-65),
                observer: 0,
                source: 1
            },
            Observation {
                timestamp_ms: 1_704_110_401_250,
                snr_db: None,
                rssi_dbm: None,
                observer: 1,
                source: 2
            },
            Observation {
                timestamp_ms: 1_704_117_600_000,
                snr_db: Some(-7.25),
                rssi_dbm: Some(-110),
                observer: 0,
                source: 3
            },
        ]
    );
    assert_eq!(
        parsed.packets_hex(),
        vec!["0D04B891647EBB40BA70", "1100AABB", "0D04"]
    );
    assert_eq!(
        parsed.observers,
        vec![
            ObserverInfo {
                id: Some(key(KEY_A)),
                name: Some("Hilltop".into()),
                iata: None
            },
            ObserverInfo {
                id: Some(key(KEY_B)),
                name: Some("Base".into()),
                iata: None
            },
        ]
    );
    assert_eq!(
        (
            parsed.stats.lines,
            parsed.stats.observations,
            parsed.stats.bad_records
        ),
        (3, 3, 0)
    );
}

#[test]
fn lower_case_keys_numbers_and_escapes() {
    let input = concat!(
        r#"{"origin":"Hill\"top\u00e9","timestamp":1704110400,"snr":11.75,"rssi":-80,"raw":"0D04"}"#,
        "\n",
        r#"{"timestamp":"2024-01-01T12:00:00Z","SNR":null,"raw":"\u0030D04"}"#,
    );
    let parsed = parse_every_way(Format::F1Json, Options::default(), input.as_bytes());
    assert_eq!(parsed.bad_lines(), Vec::<String>::new());
    assert_eq!(parsed.observations[0].0.snr_db, Some(11.75));
    assert_eq!(parsed.observations[0].0.rssi_dbm, Some(-80));
    assert_eq!(parsed.observations[0].0.timestamp_ms, 1_704_110_400_000);
    assert_eq!(parsed.observers[0].name.as_deref(), Some("Hill\"topé"));
    // No origin at all: the default observer.
    assert_eq!(parsed.observations[1].0.observer, 1);
    assert_eq!(parsed.observers[1], ObserverInfo::default());
    assert_eq!(parsed.packets_hex(), vec!["0D04", "0D04"]);
}

#[test]
fn wrapper_with_object_and_string_payloads_and_raw_messages() {
    let topic = format!("meshcore/SEA/{KEY_A}/packets");
    let object = format!(
        r#"{{"topic":"{topic}","payload":{{"origin":"Hilltop","timestamp":"2024-01-01T12:00:00Z","SNR":"5","RSSI":"-90","raw":"0D04"}}}}"#
    );
    let string = format!(
        r#"{{"topic":"meshcore/PDX/{KEY_B}/packets","payload":"{{\"origin\":\"Base\",\"timestamp\":\"2024-01-01T12:00:00Z\",\"raw\":\"1100\"}}"}}"#
    );
    let raw = format!(
        r#"{{"topic":"meshcore/SEA/{KEY_A}/raw","payload":{{"origin":"Hilltop","origin_id":"{KEY_A}","timestamp":"2024-01-01T12:00:00Z","type":"RAW","data":"AABB"}}}}"#
    );
    let bare_raw = format!(
        r#"{{"origin":"Hilltop","origin_id":"{KEY_A}","timestamp":"2024-01-01T12:00:00Z","type":"RAW","data":"CCDD"}}"#
    );
    let input = [object, string, raw, bare_raw].join("\r\n");
    let parsed = parse_every_way(Format::F1Json, Options::default(), input.as_bytes());
    assert_eq!(parsed.bad_lines(), Vec::<String>::new());
    assert_eq!(parsed.packets_hex(), vec!["0D04", "1100", "AABB", "CCDD"]);
    let observers: Vec<u32> = parsed
        .observations
        .iter()
        .map(|(o, _)| o.observer)
        .collect();
    assert_eq!(observers, vec![0, 1, 0, 0]);
    assert_eq!(
        parsed.observers,
        vec![
            ObserverInfo {
                id: Some(key(KEY_A)),
                name: Some("Hilltop".into()),
                iata: Some("SEA".into())
            },
            ObserverInfo {
                id: Some(key(KEY_B)),
                name: Some("Base".into()),
                iata: Some("PDX".into())
            },
        ]
    );
}

#[test]
fn status_messages_are_observer_records() {
    let input = format!(
        "{}\n{}\n",
        format_args!(
            r#"{{"status":"online","timestamp":"2024-01-01T12:00:00Z","origin":"Hilltop","origin_id":"{KEY_A}","model":"Heltec V3","firmware_version":"v1.17.1","radio":"869.525,250,11,5","client_version":"capture/1.2","stats":{{"uptime":5}}}}"#
        ),
        format_args!(
            r#"{{"topic":"meshcore/SEA/{KEY_A}/status","payload":{{"status":"offline"}}}}"#
        ),
    );
    let parsed = parse_every_way(Format::F1Json, Options::default(), input.as_bytes());
    assert_eq!(parsed.bad_lines(), Vec::<String>::new());
    assert_eq!(parsed.observations.len(), 0);
    assert_eq!(parsed.statuses.len(), 2);
    let online = &parsed.statuses[0];
    assert_eq!(
        (
            online.observer,
            online.line,
            online.online,
            online.timestamp_ms
        ),
        (0, 1, Some(true), Some(1_704_110_400_000))
    );
    assert_eq!(online.model.as_deref(), Some("Heltec V3"));
    assert_eq!(online.firmware_version.as_deref(), Some("v1.17.1"));
    assert_eq!(online.radio.as_deref(), Some("869.525,250,11,5"));
    assert_eq!(online.client_version.as_deref(), Some("capture/1.2"));
    let offline = &parsed.statuses[1];
    assert_eq!(
        (
            offline.observer,
            offline.online,
            offline.timestamp_ms,
            offline.model.as_deref()
        ),
        (0, Some(false), None, None)
    );
    assert_eq!(parsed.observers[0].iata.as_deref(), Some("SEA"));
    assert_eq!(parsed.stats.statuses, 2);
}

#[test]
fn every_bad_line_kind_keeps_its_neighbours() {
    let good = |n: u32| {
        format!(r#"{{"origin":"Hilltop","timestamp":"2024-01-01T12:00:00Z","raw":"0D{n:02X}"}}"#)
    };
    let lines = [
        good(1),                                                                          // 1
        r#"{"origin":"Hilltop","timestamp":"2024-01-01T12:00:00Z","raw":"0D0"}"#.into(),  // 2
        r#"{"origin":"Hilltop","timestamp":"2024-01-01T12:00:00Z","raw":"0DXY"}"#.into(), // 3
        r#"{"origin":"Hilltop","timestamp":"2024-01-01T12:00:00Z"}"#.into(), // 4 (not a packet)
        r#"{"origin":"Hilltop","timestamp":"2024-01-01T25:00:00Z","raw":"0D"}"#.into(), // 5
        r#"{"origin":"Hilltop","raw":"0D"}"#.into(),                         // 6
        r#"{"origin":"Hilltop","timestamp":"2024-01-01T12:00:00Z","raw":"0D""#.into(), // 7: no }
        "[1, 2]".into(),                                                     // 8
        r#"{"timestamp":"2024-01-01T12:00:00Z","SNR":"loud","raw":"0D"}"#.into(), // 9
        r#"{"timestamp":"2024-01-01T12:00:00Z","raw":12}"#.into(),           // 10
        r#"{"origin_id":"XYZ","timestamp":"2024-01-01T12:00:00Z","raw":"0D"}"#.into(), // 11
        r#"{"timestamp":"2024-01-01T12:00:00Z","raw":""}"#.into(),           // 12
        format!(
            r#"{{"timestamp":"2024-01-01T12:00:00Z","raw":"{}"}}"#,
            "00".repeat(256)
        ), // 13
        r#"{"topic":"nope","raw":"0D"}"#.into(),                             // 14
        r#"{"timestamp":"2024-01-01T12:00:00Z","raw":0D}"#.into(),           // 15
        good(2),                                                             // 16
        r#"{"origin":"Hilltop","timestamp":"2024-01-01T12:00:00Z","raw":"0D"#.into(), // 17: cut off
    ];
    let parsed = parse_every_way(
        Format::F1Json,
        Options::default(),
        lines.join("\n").as_bytes(),
    );
    assert_eq!(parsed.packets_hex(), vec!["0D01", "0D02"]);
    assert_eq!(
        parsed
            .observations
            .iter()
            .map(|(o, _)| o.source)
            .collect::<Vec<_>>(),
        vec![1, 16]
    );
    assert_eq!(
        parsed.bad_lines(),
        vec![
            "line 2: raw: odd number of hex digits at column 63",
            "line 3: raw: bad hex digit at column 65",
            "line 4: neither a packet nor a status message",
            "line 5: timestamp: bad timestamp: hour out of range at column 45",
            "line 6: timestamp: missing",
            "line 7: record ends early (truncated) at column 65",
            "line 8: not a JSON object at column 1",
            "line 9: SNR: not a number in range",
            "line 10: raw: wrong JSON type",
            "line 11: origin_id: observer key is not 64 hex digits at column 15",
            "line 12: raw: empty packet at column 44",
            "line 13: raw: packet of 256 bytes is longer than 255 at column 44",
            "line 14: topic: topic is not meshcore/<IATA>/<KEY>/<kind> at column 11",
            "line 15: invalid JSON at column 44",
            "line 17: record ends early (truncated) at column 64",
        ]
    );
    assert_eq!(
        parsed.bad.iter().map(|b| b.position).collect::<Vec<_>>()[0],
        Position::Line(2)
    );
    assert_eq!(
        (
            parsed.stats.lines,
            parsed.stats.bad_records,
            parsed.stats.observations
        ),
        (17, 15, 2)
    );
}

#[test]
fn invalid_utf8_is_reported_with_its_column() {
    let mut input =
        br#"{"origin":"Hilltop","timestamp":"2024-01-01T12:00:00Z","raw":"0D01"}"#.to_vec();
    input.extend_from_slice(b"\n{\"origin\":\"Hill\xFFtop\"}\n");
    input.extend_from_slice(br#"{"timestamp":"2024-01-01T12:00:00Z","raw":"0D02"}"#);
    let parsed = parse_every_way(Format::F1Json, Options::default(), &input);
    assert_eq!(
        parsed.bad_lines(),
        vec!["line 2: invalid UTF-8 at column 16"]
    );
    assert_eq!(parsed.packets_hex(), vec!["0D01", "0D02"]);
}

#[test]
fn a_long_line_is_skipped_without_buffering_it() {
    let good = r#"{"timestamp":"2024-01-01T12:00:00Z","raw":"0D01"}"#;
    let long = format!(
        r#"{{"timestamp":"2024-01-01T12:00:00Z","decoded":"{}","raw":"0D02"}}"#,
        "x".repeat(500)
    );
    let input = format!("{good}\n{long}\n{good}\n");
    let options = Options {
        max_line_len: 100,
        ..Options::default()
    };
    let parsed = parse_every_way(Format::F1Json, options, input.as_bytes());
    assert_eq!(
        parsed.bad_lines(),
        vec![format!(
            "line 2: line of {} bytes is too long, skipped",
            long.len()
        )]
    );
    assert_eq!(parsed.packets_hex(), vec!["0D01", "0D01"]);
    assert_eq!(parsed.observations[1].0.source, 3);
}

#[test]
fn crlf_blank_lines_and_a_byte_order_mark() {
    let input = "\u{FEFF}{\"timestamp\":\"2024-01-01T12:00:00Z\",\"raw\":\"0D01\"}\r\n\r\n   \r\n{\"timestamp\":\"2024-01-01T12:00:00Z\",\"raw\":\"0D02\"}\r\n";
    let parsed = parse_every_way(Format::F1Json, Options::default(), input.as_bytes());
    assert_eq!(parsed.bad_lines(), Vec::<String>::new());
    assert_eq!(parsed.packets_hex(), vec!["0D01", "0D02"]);
    assert_eq!(parsed.observations[1].0.source, 4);
    assert_eq!((parsed.stats.lines, parsed.stats.skipped_lines), (4, 2));
}

/// `(timestamp ms, SNR quarter dB, RSSI, observer 0..3, packet)`: one observation to write as F.1.
type F1Record = (i64, Option<i16>, Option<i16>, usize, Vec<u8>);

fn f1_records() -> impl Strategy<Value = Vec<F1Record>> {
    let record = (
        0i64..4_102_444_800_000,
        prop::option::of(-512i16..512),
        prop::option::of(-200i16..0),
        0usize..3,
        prop::collection::vec(any::<u8>(), 1..=255),
    );
    prop::collection::vec(record, 0..12)
}

/// Writes an F.1 line the way the feed does: every value a string, microseconds and an offset.
fn f1_line(record: &F1Record) -> String {
    let (time, snr, rssi, observer, packet) = record;
    let names = ["Hilltop", "Base", "Ridge"];
    let keys = [
        KEY_A,
        KEY_B,
        "00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF",
    ];
    let iso = Rfc3339Ms(*time).to_string();
    let micros = format!("{}000+00:00", iso.trim_end_matches('Z'));
    let snr = snr
        .map(|q| (f32::from(q) / 4.0).to_string())
        .unwrap_or_else(|| "Unknown".into());
    let rssi = rssi
        .map(|r| r.to_string())
        .unwrap_or_else(|| "Unknown".into());
    let raw: String = packet.iter().map(|b| format!("{b:02X}")).collect();
    packet_line(
        names[*observer],
        keys[*observer],
        &micros,
        &snr,
        &rssi,
        &raw,
    )
}

proptest! {
    #[test]
    fn written_records_read_back_with_any_chunking(records in f1_records(), cuts in prop::collection::vec(0usize..20_000, 0..10)) {
        let input: String = records.iter().map(|record| f1_line(record) + "\n").collect();
        let mut cuts = cuts;
        cuts.sort_unstable();
        let parsed = parse_cut(Format::F1Json, Options::default(), input.as_bytes(), &cuts);
        for chunk in [1, 7, 4096] {
            prop_assert_eq!(&parse_chunked(Format::F1Json, Options::default(), input.as_bytes(), chunk), &parsed);
        }
        prop_assert_eq!(parsed.bad_lines(), Vec::<String>::new());
        let back: Vec<F1Record> = parsed
            .observations
            .iter()
            .map(|(o, packet)| {
                let name = parsed.observers[o.observer as usize].name.as_deref().unwrap_or_default();
                let observer = ["Hilltop", "Base", "Ridge"].iter().position(|n| *n == name).unwrap_or(9);
                (o.timestamp_ms, o.snr_db.map(|s| (s * 4.0) as i16), o.rssi_dbm, observer, packet.clone())
            })
            .collect();
        prop_assert_eq!(back, records);
    }

    #[test]
    fn arbitrary_bytes_never_panic(input in prop::collection::vec(any::<u8>(), 0..3000), chunk in 1usize..64) {
        let options = Options { max_line_len: 256, ..Options::default() };
        let whole = parse_chunked(Format::F1Json, options.clone(), &input, input.len().max(1));
        prop_assert_eq!(parse_chunked(Format::F1Json, options, &input, chunk), whole);
    }

    #[test]
    fn random_chunking_of_feed_lines(cuts in prop::collection::vec(0usize..2000, 0..30)) {
        let lines: Vec<String> = (0..8)
            .map(|i| packet_line("Hilltop", KEY_A, "2024-01-01T12:00:00.5+00:00", "1.25", "-99", &format!("0D{i:02X}AA")))
            .collect();
        let input = lines.join("\n");
        let whole = parse(Format::F1Json, input.as_bytes());
        prop_assert_eq!(whole.observations.len(), 8);
        let mut cuts = cuts;
        cuts.sort_unstable();
        prop_assert_eq!(parse_cut(Format::F1Json, Options::default(), input.as_bytes(), &cuts), whole);
    }
}

#[test]
fn not_a_packet_reason_is_distinct() {
    let parsed = parse(
        Format::F1Json,
        br#"{"topic":"meshcore/SEA/AB/neighbors","payload":{"x":1}}"#,
    );
    assert_eq!(parsed.bad.len(), 1);
    assert_eq!(parsed.bad[0].reason, BadReason::NotAPacket);
}
