//! Serial captures: LOG_RX_DATA frames become observations; other frames and garbage are counted.

mod ingest_support;

use ingest_support::{parse_chunked, parse_cut, parse_every_way};
use meshscope::companion::{Direction, LogRxData, encode_frame};
use meshscope::ingest::{Batch, Format, Observation, ObserverInfo, Options, Parser};
use proptest::prelude::*;

fn options() -> Options {
    Options {
        base_time_ms: 1_704_110_400_000,
        default_observer: ObserverInfo {
            id: Some([0x5A; 32]),
            name: Some("USB radio".into()),
            iata: None,
        },
        ..Options::default()
    }
}

fn log_frame(snr_quarter_db: i8, rssi_dbm: i8, packet: &[u8], out: &mut Vec<u8>) {
    let mut body = Vec::new();
    LogRxData {
        snr_quarter_db,
        rssi_dbm,
        packet,
    }
    .emit(&mut body);
    encode_frame(Direction::FromRadio, &body, out).unwrap();
}

#[test]
fn spec_illustration_and_friends() {
    let mut input = b"\r\nboot\r\n".to_vec(); // 8 bytes of garbage
    input.extend_from_slice(&[
        0x3E, 0x0D, 0x00, 0x88, 0x30, 0xB5, 0x0D, 0x04, 0xB8, 0x91, 0x64, 0x7E, 0xBB, 0x40, 0xBA,
        0x70,
    ]);
    encode_frame(Direction::FromRadio, &[0x83], &mut input).unwrap(); // MSG_WAITING: skipped
    encode_frame(Direction::ToRadio, &[0x16, 0x03], &mut input).unwrap(); // an echoed command: skipped
    input.extend_from_slice(&[0x3E, 0x00, 0x00]); // empty frame
    log_frame(-10, -100, &[0x11, 0x00, 0xAA], &mut input);
    let parsed = parse_every_way(Format::SerialCapture, options(), &input);
    assert_eq!(parsed.bad_lines(), Vec::<String>::new());
    let meta: Vec<Observation> = parsed.observations.iter().map(|(o, _)| *o).collect();
    assert_eq!(
        meta,
        vec![
            Observation {
                timestamp_ms: 1_704_110_400_000,
                snr_db: Some(12.0),
                rssi_dbm: Some(-75),
                observer: 0,
                source: 8
            },
            Observation {
                timestamp_ms: 1_704_110_400_001,
                snr_db: Some(-2.5),
                rssi_dbm: Some(-100),
                observer: 0,
                source: 36
            },
        ]
    );
    assert_eq!(parsed.packets_hex(), vec!["0D04B891647EBB40BA70", "1100AA"]);
    assert_eq!(parsed.observers, vec![options().default_observer]);
    assert_eq!(
        (parsed.stats.observations, parsed.stats.frames_skipped),
        (2, 2)
    );

    let mut parser = Parser::with_options(Format::SerialCapture, options());
    let mut batch = Batch::new();
    parser.feed(&input, &mut batch);
    parser.finish(&mut batch);
    let framing = parser.framer_stats();
    assert_eq!(
        (
            framing.frames,
            framing.garbage_bytes,
            framing.empty_frames,
            framing.oversize
        ),
        (4, 8, 1, 0)
    );
}

#[test]
fn malformed_empty_and_truncated_frames() {
    let mut input = Vec::new();
    encode_frame(Direction::FromRadio, &[0x88, 0x30], &mut input).unwrap(); // 0: too short
    encode_frame(Direction::FromRadio, &[0x88, 0x30, 0xB5], &mut input).unwrap(); // 5: no packet
    log_frame(4, -50, &[0x0D], &mut input); // 11: good
    input.extend_from_slice(&[0x3E, 0x0A, 0x00, 0x88, 0x00]); // 18: cut off
    let parsed = parse_every_way(Format::SerialCapture, options(), &input);
    assert_eq!(
        parsed.bad_lines(),
        vec![
            "byte 0: frame 0x88 ends at byte 2 inside snr/rssi (needs 3 bytes)",
            "byte 5: empty packet",
            "byte 18: record ends early (truncated)",
        ]
    );
    assert_eq!(parsed.packets_hex(), vec!["0D"]);
    assert_eq!(parsed.observations[0].0.source, 11);
}

#[test]
fn frames_up_to_the_bound_but_packets_up_to_255() {
    let mut input = vec![0x3E, 0x05, 0x01, 0x88, 0x00, 0x00]; // 261-byte frame: a 258-byte packet
    input.extend(std::iter::repeat_n(0x42, 258));
    log_frame(0, 0, &[0x0D], &mut input);
    let parsed = parse_every_way(Format::SerialCapture, options(), &input);
    assert_eq!(
        parsed.bad_lines(),
        vec!["byte 0: packet of 258 bytes is longer than 255"]
    );
    assert_eq!(parsed.packets_hex(), vec!["0D"]);
}

proptest! {
    #[test]
    fn captures_round_trip_with_any_chunking(
        frames in prop::collection::vec((any::<i8>(), any::<i8>(), prop::collection::vec(any::<u8>(), 1..=173)), 0..20),
        cuts in prop::collection::vec(0usize..4000, 0..10),
    ) {
        let mut input = Vec::new();
        for (snr, rssi, packet) in &frames {
            log_frame(*snr, *rssi, packet, &mut input);
        }
        let mut cuts = cuts;
        cuts.sort_unstable();
        let parsed = parse_cut(Format::SerialCapture, options(), &input, &cuts);
        for chunk in [1, 7, 4096] {
            prop_assert_eq!(&parse_chunked(Format::SerialCapture, options(), &input, chunk), &parsed);
        }
        prop_assert_eq!(parsed.bad_lines(), Vec::<String>::new());
        let back: Vec<(i8, i8, Vec<u8>)> = parsed
            .observations
            .iter()
            .map(|(o, packet)| ((o.snr_db.unwrap() * 4.0) as i8, o.rssi_dbm.unwrap() as i8, packet.clone()))
            .collect();
        prop_assert_eq!(back, frames);
    }

    #[test]
    fn arbitrary_bytes_never_panic(input in prop::collection::vec(any::<u8>(), 0..3000), chunk in 1usize..64) {
        let whole = parse_chunked(Format::SerialCapture, options(), &input, input.len().max(1));
        prop_assert_eq!(parse_chunked(Format::SerialCapture, options(), &input, chunk), whole);
    }
}
