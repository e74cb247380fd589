//! MeshScope exports: writer then reader round-trips exactly; the header; bad lines.

mod ingest_support;

use ingest_support::{parse, parse_chunked, parse_cut, parse_every_way};
use meshscope::ingest::{
    Batch, ExportHeader, Format, Observation, ObserverInfo, Options, Parser, write_batch,
    write_header, write_observation,
};
use proptest::prelude::*;

fn observers() -> Vec<ObserverInfo> {
    vec![
        ObserverInfo {
            id: Some([0xAB; 32]),
            name: Some("Hilltop \"1\"".into()),
            iata: Some("SEA".into()),
        },
        ObserverInfo {
            id: None,
            name: Some("Base\tcamp é".into()),
            iata: None,
        },
        ObserverInfo {
            id: Some([0x01; 32]),
            name: None,
            iata: Some("PDX".into()),
        },
        ObserverInfo {
            id: None,
            name: None,
            iata: None,
        },
    ]
}

#[test]
fn header_and_observations() {
    let mut out = Vec::new();
    write_header(&["Public", "#test"], 1_704_110_400_000, &mut out);
    let observation = Observation {
        timestamp_ms: 1_704_110_400_123,
        snr_db: Some(12.5),
        rssi_dbm: Some(-75),
        observer: 0,
        source: 0,
    };
    write_observation(&observation, Some(&observers()[0]), &[0x0D, 0x04], &mut out);
    let text = String::from_utf8(out.clone()).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            r##"{"meshscope_export":1,"channels":["Public","#test"],"created":"2024-01-01T12:00:00.000Z"}"##
        )
    );
    assert_eq!(
        lines.next(),
        Some(format!(r#"{{"timestamp":"2024-01-01T12:00:00.123Z","observer":"{}","observer_name":"Hilltop \"1\"","iata":"SEA","snr":12.5,"rssi":-75,"raw":"0D04"}}"#, "AB".repeat(32)).as_str())
    );

    let mut parser = Parser::new(Format::Export);
    let mut batch = Batch::new();
    parser.feed(&out, &mut batch);
    parser.finish(&mut batch);
    assert_eq!(
        parser.export_header(),
        Some(&ExportHeader {
            version: 1,
            channels: vec!["Public".into(), "#test".into()],
            created_ms: Some(1_704_110_400_000)
        })
    );
    assert_eq!(
        batch
            .iter()
            .map(|(o, p)| (*o, p.to_vec()))
            .collect::<Vec<_>>(),
        vec![(
            Observation {
                source: 2,
                ..observation
            },
            vec![0x0D, 0x04]
        )]
    );
    assert_eq!(parser.stats().skipped_lines, 1);
}

#[test]
fn bad_lines_and_versions() {
    let input = concat!(
        "{\"meshscope_export\":2,\"channels\":[]}\n",
        "{\"timestamp\":\"2024-01-01T12:00:00.000Z\",\"observer\":null,\"snr\":null,\"rssi\":null,\"raw\":\"0D\"}\n",
        "{\"timestamp\":\"2024-01-01T12:00:00.000Z\",\"observer\":\"ABCD\",\"raw\":\"0D\"}\n",
        "{\"timestamp\":\"2024-01-01T12:00:00.000Z\",\"observer\":\"",
        "ZZ",
        "00000000000000000000000000000000000000000000000000000000000000\",\"raw\":\"0D\"}\n",
        "{\"timestamp\":\"2024-01-01T12:00:00.000Z\",\"snr\":\"x\",\"raw\":\"0D\"}\n",
        "{\"timestamp\":\"2024-01-01T12:00:00.000Z\"}\n",
    );
    let parsed = parse_every_way(Format::Export, Options::default(), input.as_bytes());
    assert_eq!(
        parsed.bad_lines(),
        vec![
            "line 1: meshscope_export: unsupported export version",
            "line 4: observer: observer key is not 64 hex digits at column 53",
            "line 5: snr: not a number in range",
            "line 6: raw: missing",
        ]
    );
    assert_eq!(parsed.packets_hex(), vec!["0D", "0D"]);
    // A short non-hex observer is a name.
    assert_eq!(
        parsed.observers,
        vec![
            ObserverInfo::default(),
            ObserverInfo {
                id: None,
                name: Some("ABCD".into()),
                iata: None
            }
        ]
    );
}

/// Observations over the observer table above, with packets.
fn records() -> impl Strategy<Value = Vec<(Observation, Vec<u8>)>> {
    let observation = (
        -62_135_596_800_000i64..253_402_300_800_000,
        prop::option::of(any::<f32>().prop_filter("finite", |snr| snr.is_finite())),
        prop::option::of(any::<i16>()),
        0u32..4,
        prop::collection::vec(any::<u8>(), 1..=255),
    );
    prop::collection::vec(observation, 0..15).prop_map(|records| {
        records
            .into_iter()
            .map(|(timestamp_ms, snr_db, rssi_dbm, observer, packet)| {
                (
                    Observation {
                        timestamp_ms,
                        snr_db,
                        rssi_dbm,
                        observer,
                        source: 0,
                    },
                    packet,
                )
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn export_then_import_round_trips_exactly(records in records(), cuts in prop::collection::vec(0usize..30_000, 0..10)) {
        let observers = observers();
        let mut batch = Batch::new();
        for (observation, packet) in &records {
            prop_assert!(batch.push(*observation, packet));
        }
        let mut out = Vec::new();
        write_header(&["Public"], 0, &mut out);
        write_batch(&batch, &observers, &mut out);

        let mut cuts = cuts;
        cuts.sort_unstable();
        let parsed = parse_cut(Format::Export, Options::default(), &out, &cuts);
        for chunk in [1, 7, 4096] {
            prop_assert_eq!(&parse_chunked(Format::Export, Options::default(), &out, chunk), &parsed);
        }
        prop_assert_eq!(parsed.bad_lines(), Vec::<String>::new());
        prop_assert_eq!(parsed.observations.len(), records.len());
        for ((original, packet), (back, back_packet)) in records.iter().zip(&parsed.observations) {
            prop_assert_eq!(back.timestamp_ms, original.timestamp_ms);
            prop_assert_eq!(back.snr_db.map(f32::to_bits), original.snr_db.map(f32::to_bits));
            prop_assert_eq!(back.rssi_dbm, original.rssi_dbm);
            prop_assert_eq!(&parsed.observers[back.observer as usize], &observers[original.observer as usize]);
            prop_assert_eq!(back_packet, packet);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(input in prop::collection::vec(any::<u8>(), 0..3000), chunk in 1usize..64) {
        let options = Options { max_line_len: 256, ..Options::default() };
        let whole = parse_chunked(Format::Export, options.clone(), &input, input.len().max(1));
        prop_assert_eq!(parse_chunked(Format::Export, options, &input, chunk), whole);
    }
}

#[test]
fn millisecond_timestamps_survive() {
    let input = br#"{"timestamp":"1969-12-31T23:59:59.999Z","observer":"x","observer_name":"x","raw":"0D"}"#;
    let parsed = parse(Format::Export, input);
    assert_eq!(parsed.observations[0].0.timestamp_ms, -1);
}
