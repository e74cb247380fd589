//! Hex lines: bare hex, CSV with timestamps, comments, headers, bad lines, round trips.

mod ingest_support;

use ingest_support::{parse_chunked, parse_cut, parse_every_way};
use meshscope::ingest::{Format, Observation, ObserverInfo, Options};
use meshscope::time::Rfc3339Ms;
use proptest::prelude::*;

fn options() -> Options {
    Options {
        base_time_ms: 1_704_110_400_000,
        default_observer: ObserverInfo {
            id: None,
            name: Some("capture.txt".into()),
            iata: None,
        },
        ..Options::default()
    }
}

#[test]
fn bare_hex_takes_the_synthetic_clock() {
    let input = "# a capture\n0D04B891647EBB40BA70\n\n1100aabb\r\n";
    let parsed = parse_every_way(Format::HexLines, options(), input.as_bytes());
    assert_eq!(parsed.bad_lines(), Vec::<String>::new());
    assert_eq!(
        parsed.packets_hex(),
        vec!["0D04B891647EBB40BA70", "1100AABB"]
    );
    let meta: Vec<Observation> = parsed.observations.iter().map(|(o, _)| *o).collect();
    assert_eq!(
        meta,
        vec![
            Observation {
                timestamp_ms: 1_704_110_400_000,
                snr_db: None,
                rssi_dbm: None,
                observer: 0,
                source: 2
            },
            Observation {
                timestamp_ms: 1_704_110_400_001,
                snr_db: None,
                rssi_dbm: None,
                observer: 0,
                source: 4
            },
        ]
    );
    assert_eq!(parsed.observers, vec![options().default_observer]);
    assert_eq!(parsed.stats.skipped_lines, 2);
}

#[test]
fn csv_with_every_timestamp_kind() {
    let input = "timestamp,snr,rssi,hex\n\
                 2024-01-01T12:00:00.250Z,12.5,-75,0D04\n\
                 1704110401,,,0D05\n\
                 1704110402123, -7.25 , -100 , 0D06 \n\
                 ,Unknown,Unknown,0D07\n\
                 2024-01-01 13:00:00+01:00,1,-1,0D08\n";
    let parsed = parse_every_way(Format::HexLines, options(), input.as_bytes());
    assert_eq!(parsed.bad_lines(), Vec::<String>::new());
    let meta: Vec<(i64, Option<f32>, Option<i16>, u64)> = parsed
        .observations
        .iter()
        .map(|(o, _)| (o.timestamp_ms, o.snr_db, o.rssi_dbm, o.source))
        .collect();
    assert_eq!(
        meta,
        vec![
            (1_704_110_400_250, Some(12.5), Some(-75), 2),
            (1_704_110_401_000, None, None, 3),
            (1_704_110_402_123, Some(-7.25), Some(-100), 4),
            (1_704_110_400_000, None, None, 5),
            (1_704_110_400_000, Some(1.0), Some(-1), 6),
        ]
    );
    assert_eq!(
        parsed.packets_hex(),
        vec!["0D04", "0D05", "0D06", "0D07", "0D08"]
    );
}

#[test]
fn bad_lines_are_reported_and_neighbours_kept() {
    let input = [
        "0D01",                             // 1
        "0D0",                              // 2
        "0D0Z",                             // 3
        "2024-13-01T00:00:00Z,1,2,0D",      // 4
        "1,2,0D",                           // 5
        "2024-01-01T00:00:00Z,loud,2,0D",   // 6
        "2024-01-01T00:00:00Z,1,-99999,0D", // 7
        "",                                 // 8
        &"00".repeat(300),                  // 9
        "2024-01-01T00:00:00Z,1,2,",        // 10
        "0D02",                             // 11
    ]
    .join("\n");
    let parsed = parse_every_way(Format::HexLines, options(), input.as_bytes());
    assert_eq!(
        parsed.bad_lines(),
        vec![
            "line 2: hex: odd number of hex digits at column 1",
            "line 3: hex: bad hex digit at column 4",
            "line 4: timestamp: bad timestamp: month out of range at column 6",
            "line 5: 3 comma-separated fields (expected hex or timestamp,snr,rssi,hex)",
            "line 6: snr: not a number in range at column 22",
            "line 7: rssi: not a number in range at column 24",
            "line 9: hex: packet of 300 bytes is longer than 255 at column 1",
            "line 10: hex: empty packet at column 26",
        ]
    );
    assert_eq!(parsed.packets_hex(), vec!["0D01", "0D02"]);
    assert_eq!(parsed.observations[1].0.source, 11);
}

#[test]
fn invalid_utf8_and_long_lines() {
    let mut input = b"0D01\n0D\xC3\x28\n".to_vec();
    input.extend_from_slice(&[b'A'; 5000]);
    input.extend_from_slice(b"\n0D02");
    let parsed = parse_every_way(
        Format::HexLines,
        Options {
            max_line_len: 600,
            ..options()
        },
        &input,
    );
    assert_eq!(
        parsed.bad_lines(),
        vec![
            "line 2: invalid UTF-8 at column 3",
            "line 3: line of 5000 bytes is too long, skipped"
        ]
    );
    assert_eq!(parsed.packets_hex(), vec!["0D01", "0D02"]);
}

/// `(timestamp ms, snr quarter dB, rssi, packet)`: one record to write as CSV.
type CsvRecord = (i64, Option<i16>, Option<i16>, Vec<u8>);

fn records() -> impl Strategy<Value = Vec<CsvRecord>> {
    let record = (
        0i64..4_102_444_800_000,
        prop::option::of(-512i16..512),
        prop::option::of(-200i16..0),
        prop::collection::vec(any::<u8>(), 1..=255),
    );
    prop::collection::vec(record, 0..20)
}

proptest! {
    #[test]
    fn csv_round_trips_with_any_chunking(records in records(), cuts in prop::collection::vec(0usize..20_000, 0..10)) {
        let mut input = String::from("timestamp,snr,rssi,hex\r\n");
        for (time, snr, rssi, packet) in &records {
            let snr = snr.map(|q| (f32::from(q) / 4.0).to_string()).unwrap_or_default();
            let rssi = rssi.map(|r| r.to_string()).unwrap_or_else(|| "Unknown".into());
            let hex: String = packet.iter().map(|b| format!("{b:02x}")).collect();
            input.push_str(&format!("{},{snr},{rssi},{hex}\r\n", Rfc3339Ms(*time)));
        }
        let mut cuts = cuts;
        cuts.sort_unstable();
        let parsed = parse_cut(Format::HexLines, options(), input.as_bytes(), &cuts);
        for chunk in [1, 7, 4096] {
            prop_assert_eq!(&parse_chunked(Format::HexLines, options(), input.as_bytes(), chunk), &parsed);
        }
        prop_assert_eq!(parsed.bad_lines(), Vec::<String>::new());
        let back: Vec<CsvRecord> = parsed
            .observations
            .iter()
            .map(|(o, packet)| (o.timestamp_ms, o.snr_db.map(|s| (s * 4.0) as i16), o.rssi_dbm, packet.clone()))
            .collect();
        prop_assert_eq!(back, records);
    }

    #[test]
    fn arbitrary_bytes_never_panic(input in prop::collection::vec(any::<u8>(), 0..3000), chunk in 1usize..64) {
        let options = Options { max_line_len: 128, ..options() };
        let whole = parse_chunked(Format::HexLines, options.clone(), &input, input.len().max(1));
        prop_assert_eq!(parse_chunked(Format::HexLines, options, &input, chunk), whole);
    }
}
