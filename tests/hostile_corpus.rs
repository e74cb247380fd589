//! Hostile input (issue 8.3): a corpus of nasty inputs through every entry point that takes untrusted bytes
//! (`protocol::decode`, the dissector and the JSON builder; the dump parser in each format; companion framing and
//! the session; `Store::ingest`). Nothing may panic, output stays bounded, errors name what and where, and memory
//! stays bounded (measured by a per-thread allocation counter).
//!
//! Run: `cargo test --test hostile_corpus -- --nocapture` (prints the memory figures).

mod hostile_support;

use hostile_support::{
    FORMATS, Parsed, Rng, check_frames, check_ingest, check_parsed, check_protocol, keyring, parse,
    peak_growth, vectors,
};
use meshscope::companion::{Deframer, encode_frame, framing::Direction};
use meshscope::ingest::observers::MAX_NAME_LEN;
use meshscope::ingest::{
    BadReason, BadRecord, Batch, DEFAULT_MAX_LINE_LEN, Format, Observation, Position, write_header,
    write_observation,
};
use meshscope::protocol::crypto::{Identity, advert_sig};
use meshscope::protocol::{
    AdvertRepr, AppDataRepr, Error, PacketRepr, PayloadRepr, Role, Route, decode, encode_packet,
};
use meshscope::store::nodes::MAX_NODES;
use meshscope::store::{ObsId, ObserverKind, Store};

/// A LOG_RX_DATA frame (SNR 10 dB, RSSI -70 dBm) carrying `packet`.
fn log_rx_frame(packet: &[u8], out: &mut Vec<u8>) {
    let mut body = vec![0x88, 40, (-70i8) as u8];
    body.extend_from_slice(packet);
    encode_frame(Direction::FromRadio, &body, out).unwrap();
}

/// `packets` written in `format`, one record each.
fn dump(format: Format, packets: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    if format == Format::Export {
        write_header(&["Public"], 0, &mut out);
    }
    for (index, packet) in packets.iter().enumerate() {
        let hex = meshscope::hex::encode_upper(packet);
        match format {
            Format::F1Json => out.extend_from_slice(
                format!("{{\"origin\":\"obs\",\"timestamp\":1704110400,\"raw\":\"{hex}\"}}\n")
                    .as_bytes(),
            ),
            Format::HexLines => out.extend_from_slice(format!("{hex}\n").as_bytes()),
            Format::SerialCapture => log_rx_frame(packet, &mut out),
            Format::Export => {
                let observation = Observation {
                    timestamp_ms: 1_700_000_000_000 + index as i64,
                    snr_db: Some(1.0),
                    rssi_dbm: Some(-90),
                    observer: 0,
                    source: 0,
                };
                write_observation(&observation, None, packet, &mut out);
            }
        }
    }
    out
}

/// Parses and checks `input` in `format` whole and in 1-byte chunks (same result), and ingests it.
fn run_format(format: Format, input: &[u8], store: &mut Store) -> Parsed {
    let whole = parse(format, input, input.len());
    check_parsed(format, input, &whole);
    let bytewise = parse(format, input, 1);
    assert_eq!(
        bytewise.batch, whole.batch,
        "{format:?}: chunking changed the result"
    );
    check_ingest(store, &whole);
    whole
}

#[test]
fn every_truncation_of_every_vector() {
    let keys = keyring();
    let vectors = vectors();
    let mut truncations: Vec<&[u8]> = Vec::new();
    for vector in &vectors {
        for cut in 0..=vector.len() {
            check_protocol(&vector[..cut], &keys);
            truncations.extend(vector.get(..cut).filter(|cut| !cut.is_empty()));
        }
    }
    let mut store = Store::new();
    for format in FORMATS {
        let parsed = run_format(format, &dump(format, &truncations), &mut store);
        // Every non-empty cut reaches the store (empty ones cannot be written); none is refused by the parser.
        assert_eq!(
            parsed.batch.records().len(),
            truncations.len(),
            "{format:?}"
        );
        assert!(parsed.batch.bad_records.is_empty(), "{format:?}");
    }
    let malformed = store.malformed().packet_count();
    assert!(malformed > 0 && store.transmission_count() >= vectors.len());
    eprintln!(
        "{} truncations: {} transmissions, {malformed} malformed kept, store {} bytes",
        truncations.len(),
        store.transmission_count(),
        store.memory().total
    );
}

#[test]
fn every_truncation_of_each_record_is_reported_where_it_is() {
    let vector = vectors().swap_remove(0);
    for format in FORMATS {
        let whole = dump(format, &[&vector]);
        // The export header is line 1; the record starts after it.
        let start = match format {
            Format::Export => memchr::memchr(b'\n', &whole).unwrap() + 1,
            _ => 0,
        };
        let record_end = whole.len() - usize::from(format != Format::SerialCapture);
        for cut in start + 1..record_end {
            let input = &whole[..cut];
            let parsed = parse(format, input, input.len());
            check_parsed(format, input, &parsed);
            let expected = match format {
                Format::SerialCapture => Position::Byte(0),
                Format::Export => Position::Line(2),
                _ => Position::Line(1),
            };
            let bad: Vec<&BadRecord> = parsed.batch.bad_records.iter().collect();
            let cut_hex_line = format == Format::HexLines;
            if cut_hex_line && cut % 2 == 0 {
                // An even number of hex digits is a shorter packet, not a bad line.
                assert!(bad.is_empty() && parsed.batch.records().len() == 1);
                continue;
            }
            assert_eq!(bad.len(), 1, "{format:?} cut at {cut}: {bad:?}");
            assert_eq!(bad[0].position, expected, "{format:?} cut at {cut}");
            assert!(parsed.batch.records().is_empty());
        }
    }
}

#[test]
fn random_and_mutated_bytes() {
    let keys = keyring();
    let mut rng = Rng(0x5EED_0001);
    for _ in 0..2_000 {
        let len = rng.below(300);
        check_protocol(&rng.bytes(len), &keys);
    }
    let vectors = vectors();
    for _ in 0..8_000 {
        let mut packet = vectors[rng.below(vectors.len())].clone();
        for _ in 0..=rng.below(4) {
            let at = rng.below(packet.len());
            packet[at] = rng.next() as u8;
        }
        packet.truncate(rng.below(packet.len() + 1));
        check_protocol(&packet, &keys);
    }
    let mut store = Store::new();
    let alphabet = b"{}[]\":,. \n\r\t0123456789ABCDEFabcdefxnultrue\\>\x88<";
    for format in FORMATS {
        let binary = rng.bytes(32 * 1024);
        let text: Vec<u8> = (0..32 * 1024)
            .map(|_| alphabet[rng.below(alphabet.len())])
            .collect();
        for input in [&binary, &text] {
            run_format(format, input, &mut store);
            let (_, growth) = peak_growth(|| parse(format, input, 4096));
            assert!(
                growth < 4 * 1024 * 1024,
                "{format:?}: {growth} bytes for 32 KiB"
            );
        }
    }
    for seed in 0..8 {
        let mut rng = Rng(seed);
        // Random bytes with frame headers sprinkled in, so some frames complete.
        let mut input = rng.bytes(32 * 1024);
        for _ in 0..2_000 {
            let at = rng.below(input.len() - 3);
            input[at] = b'>';
            input[at + 2] = 0;
        }
        let frames = check_frames(&input, 1 + seed as usize * 37);
        assert_eq!(frames, check_frames(&input, input.len()));
    }
    assert!(store.memory().total < 64 * 1024 * 1024);
}

/// 64 MiB of `fill` without a line break, in 64 KiB chunks, then `tail`.
fn feed_long_line(format: Format, fill: u8, tail: &[u8]) -> (Parsed, usize) {
    let chunk = vec![fill; 64 * 1024];
    peak_growth(|| {
        let mut parser = meshscope::ingest::Parser::new(format);
        let mut batch = Batch::new();
        for _ in 0..1024 {
            parser.feed(&chunk, &mut batch);
        }
        parser.feed(tail, &mut batch);
        parser.finish(&mut batch);
        Parsed { batch, parser }
    })
}

#[test]
fn a_64_mib_line_is_skipped_in_bounded_memory() {
    const LEN: u64 = 64 << 20;
    let packet = &vectors()[0];
    for format in [Format::F1Json, Format::HexLines, Format::Export] {
        for tail in [&b""[..], b"\n"] {
            let mut tail = tail.to_vec();
            if !tail.is_empty() {
                tail.extend(dump(format, &[packet]));
            }
            let (parsed, growth) = feed_long_line(format, b'A', &tail);
            let reason = BadReason::LineTooLong { len: LEN };
            assert_eq!(parsed.batch.bad_records.len(), 1, "{format:?}");
            let bad = parsed.batch.bad_records[0];
            assert_eq!((bad.position, bad.reason), (Position::Line(1), reason));
            assert_eq!(
                bad.to_string(),
                format!("line 1: line of {LEN} bytes is too long, skipped")
            );
            // The next line is read: the export header (line 2), then the record.
            let records = usize::from(!tail.is_empty());
            assert_eq!(parsed.batch.records().len(), records, "{format:?}");
            assert!(
                growth < 2 * DEFAULT_MAX_LINE_LEN + (256 << 10),
                "{format:?}: {growth} bytes held for a 64 MiB line"
            );
            eprintln!("64 MiB line, {format:?}: peak heap growth {growth} bytes");
        }
    }
    let (parsed, growth) = feed_long_line(Format::SerialCapture, b'A', b"");
    assert!(parsed.batch.is_empty());
    assert_eq!(parsed.parser.framer_stats().garbage_bytes, LEN);
    assert!(growth < 64 * 1024, "serial capture: {growth} bytes");
    assert!(Format::detect(&vec![b'A'; 1 << 20]).is_ok());
}

#[test]
fn deeply_nested_json() {
    let depth = 100_000;
    let arrays = "[".repeat(depth);
    let in_object = format!("{{\"raw\":{arrays}");
    let objects = "{\"a\":".repeat(depth);
    let mut header = Vec::new();
    write_header(&[], 0, &mut header);
    let mut store = Store::new();
    for format in [Format::F1Json, Format::Export, Format::HexLines] {
        // serde_json skips unknown or unwanted values without recursing, so depth costs no stack: the line is
        // read to its end and reported cut short there.
        for (line, reason, column) in [
            (&arrays, BadReason::NotAnObject, Some(1)),
            (
                &in_object,
                BadReason::Truncated,
                Some(in_object.len() as u32),
            ),
            (&objects, BadReason::Truncated, Some(objects.len() as u32)),
        ] {
            let mut input = if format == Format::Export {
                header.clone()
            } else {
                Vec::new()
            };
            input.extend_from_slice(line.as_bytes());
            input.push(b'\n');
            let parsed = run_format(format, &input, &mut store);
            let bad = parsed.batch.bad_records[0];
            let line_number = if format == Format::Export { 2 } else { 1 };
            assert_eq!(bad.position, Position::Line(line_number));
            if format == Format::HexLines {
                let parity = if line.len() % 2 == 1 {
                    BadReason::OddHexLength
                } else {
                    BadReason::BadHexDigit
                };
                assert_eq!(bad.reason, parity);
            } else {
                assert_eq!(
                    (bad.reason, bad.column),
                    (reason, column),
                    "{format:?} {}",
                    &line[..8]
                );
            }
            let _ = Format::detect(&input);
        }
    }
}

/// An advert of `identity`, signed, with raw `name` bytes (not UTF-8).
fn advert_named(identity: &Identity, name: &[u8]) -> Vec<u8> {
    let app_data = AppDataRepr {
        role: Role::Chat,
        location: None,
        feature1: None,
        feature2: None,
        name: Some(name),
    };
    let advert = advert_sig::sign(identity, 1_700_000_000, app_data).unwrap();
    let mut out = Vec::new();
    encode_packet(
        &PacketRepr::zero_hop(Route::Flood, PayloadRepr::Advert(advert)),
        &mut out,
    )
    .unwrap();
    out
}

#[test]
fn invalid_utf8_names_are_stored_lossily_and_bounded() {
    let keys = keyring();
    let names: [&[u8]; 5] = [
        &[0xFF; 31],
        &[0xC3],
        b"ok\xFFname\xE2\x82",
        &[0xF0, 0x9F, 0x8C],
        b"\xFE\0hidden",
    ];
    let expected = [
        "\u{FFFD}".repeat(31),
        "\u{FFFD}".into(),
        "ok\u{FFFD}name\u{FFFD}".into(),
        "\u{FFFD}".into(),
        "\u{FFFD}".into(),
    ];
    let packets: Vec<Vec<u8>> = names
        .iter()
        .enumerate()
        .map(|(seed, name)| advert_named(&Identity::from_seed(&[seed as u8 + 1; 32]), name))
        .collect();
    let refs: Vec<&[u8]> = packets.iter().map(Vec::as_slice).collect();
    let mut store = Store::new();
    for packet in &refs {
        check_protocol(packet, &keys);
    }
    run_format(Format::HexLines, &dump(Format::HexLines, &refs), &mut store);
    assert_eq!(store.nodes().len(), names.len());
    for ((_, node), expected) in store.nodes().iter().zip(&expected) {
        let name = node.name.and_then(|id| store.string(id)).unwrap();
        assert_eq!(name, expected);
        assert!(name.len() <= 3 * 31);
    }
    // A name too long for app data (32 bytes) cannot be sent at all.
    let app_data = AppDataRepr {
        role: Role::Chat,
        location: None,
        feature1: None,
        feature2: None,
        name: Some(&[0xFF; 32]),
    };
    assert!(advert_sig::sign(&Identity::from_seed(&[9; 32]), 0, app_data).is_err());
    // Invalid UTF-8 in a JSON line is reported at its column.
    let line = b"{\"origin\":\"\xFF\xFE\",\"raw\":\"0D00\"}\n";
    let parsed = run_format(Format::F1Json, line, &mut store);
    let bad = parsed.batch.bad_records[0];
    assert_eq!(
        (bad.position, bad.reason, bad.column),
        (Position::Line(1), BadReason::InvalidUtf8, Some(12))
    );
}

#[test]
fn observer_names_from_the_input_are_capped() {
    let origin = "ö".repeat(400_000);
    let mut input = Vec::new();
    for format in [Format::F1Json, Format::Export] {
        input.clear();
        let mut store = Store::new();
        let line = match format {
            Format::Export => {
                write_header(&[], 0, &mut input);
                format!(
                    "{{\"timestamp\":1700000000000,\"observer_name\":\"{origin}\",\"raw\":\"0D00BB40BA70\"}}\n"
                )
            }
            _ => format!(
                "{{\"origin\":\"{origin}\",\"timestamp\":1704110400,\"raw\":\"0D00BB40BA70\"}}\n"
            ),
        };
        input.extend_from_slice(line.as_bytes());
        let parsed = run_format(format, &input, &mut store);
        assert!(
            parsed.batch.bad_records.is_empty(),
            "{:?}",
            parsed.batch.bad_records
        );
        let expected = "ö".repeat(MAX_NAME_LEN / 2);
        assert_eq!(
            parsed.parser.observers()[0].name.as_deref(),
            Some(expected.as_str())
        );
        let stored: Vec<Option<&str>> = store
            .observers()
            .iter()
            .map(|(_, o)| o.name.as_deref())
            .collect();
        assert_eq!(stored, [Some(expected.as_str())]);
    }
}

#[test]
fn path_lengths_beyond_the_packet() {
    let keys = keyring();
    // FLOOD ACK (header 0x0D): path_len, path, then a 4-byte CRC.
    let ack = |path_len: u8, path: usize| {
        let mut packet = vec![0x0D, path_len];
        packet.extend((0..path).map(|hop| hop as u8));
        // The CRC differs with path_len: the packet hash leaves the path out.
        packet.extend_from_slice(&[0xBB, 0x40, 0xBA, path_len]);
        packet
    };
    let cases: [(Vec<u8>, Option<Error>); 6] = [
        // 63 one-byte hops, the most path_len can count.
        (ack(0x3F, 63), None),
        // 32 two-byte hops: 64 bytes, the most a path may be.
        (ack(0x60, 64), None),
        // 34 three-byte hops: 102 bytes.
        (ack(0xA2, 102), Some(Error::PathTooLong { len: 102, at: 1 })),
        (ack(0xC1, 1), Some(Error::ReservedHashSize { at: 1 })),
        // path_len claims 63 bytes; the packet holds 10 after it (the CRC counted).
        (
            ack(0x3F, 6),
            Some(Error::Truncated {
                field: "path",
                at: 2,
            }),
        ),
        // DIRECT TRACE (header 0x26) counts SNR bytes: 64 is too many.
        (
            vec![0x26, 64, 0, 0],
            Some(Error::TraceCountTooLarge { count: 64, at: 1 }),
        ),
    ];
    let mut store = Store::new();
    for (packet, expected) in &cases {
        check_protocol(packet, &keys);
        assert_eq!(decode(packet).err(), *expected, "{packet:02X?}");
        let mut batch = Batch::new();
        let observation = Observation {
            timestamp_ms: 1,
            snr_db: None,
            rssi_dbm: None,
            observer: 0,
            source: 1,
        };
        assert!(batch.push(observation, packet));
        let report = store.ingest(&batch, &[], ObserverKind::File);
        assert_eq!(report.malformed, u64::from(expected.is_some()));
    }
    assert_eq!(store.transmission_count(), 2);
    let hops = store.observations().len();
    let hops: Vec<usize> = (0..hops as u32)
        .filter_map(|id| store.observation_path(ObsId(id)))
        .map(|path| path.hop_count())
        .collect();
    assert_eq!(hops, [63, 32]);
}

#[test]
fn zero_length_and_oversize_serial_frames() {
    let mut input = Vec::new();
    for _ in 0..10_000 {
        input.extend_from_slice(b">\0\0");
    }
    input.extend_from_slice(b"<\0\0");
    // Oversize header: 0xFFFF bytes announced.
    input.extend_from_slice(b">\xFF\xFF");
    let log_at = input.len() as u64;
    log_rx_frame(&vectors()[5], &mut input);
    // LOG_RX_DATA with no packet, then one too short for its SNR and RSSI.
    let empty_at = input.len() as u64;
    input.extend_from_slice(b">\x03\x00\x88\x28\xBA");
    let short_at = input.len() as u64;
    input.extend_from_slice(b">\x01\x00\x88");
    // A frame cut off by the end of the capture.
    let cut_at = input.len() as u64;
    input.extend_from_slice(b">\x10\x00\x88\x28");
    let mut deframer = Deframer::new();
    let mut rest = &input[..];
    while !rest.is_empty() {
        let (used, _) = deframer.feed(rest);
        rest = &rest[used..];
    }
    let stats = deframer.stats();
    assert_eq!(
        (stats.empty_frames, stats.oversize, stats.frames),
        (10_001, 1, 3)
    );
    assert_eq!(check_frames(&input, 5), 3);
    let mut store = Store::new();
    let parsed = run_format(Format::SerialCapture, &input, &mut store);
    let sources: Vec<u64> = parsed.batch.iter().map(|(o, _)| o.source).collect();
    assert_eq!(sources, [log_at]);
    let bad: Vec<(Position, String)> = parsed
        .batch
        .bad_records
        .iter()
        .map(|bad| (bad.position, bad.to_string()))
        .collect();
    assert_eq!(bad[0].0, Position::Byte(empty_at));
    assert_eq!(bad[1].0, Position::Byte(short_at));
    assert_eq!(bad[2].0, Position::Byte(cut_at));
    assert_eq!(
        bad[2].1,
        format!("byte {cut_at}: record ends early (truncated)")
    );
    assert_eq!(bad.len(), 3, "{bad:?}");
}

#[test]
fn a_flood_of_distinct_nodes_is_capped() {
    const FLOOD: usize = 100_000;
    const BATCH: usize = 10_000;
    const BUDGET: usize = 48 << 20;
    let mut rng = Rng(0xF1_00D);
    let mut store = Store::new();
    store.set_budget(Some(BUDGET));
    let mut new_nodes = 0;
    let mut nodes_bytes_at_cap = None;
    let mut first_key = [0; 32];
    for start in (0..FLOOD).step_by(BATCH) {
        let mut batch = Batch::new();
        for index in start..start + BATCH {
            let mut public_key = [0; 32];
            rng.fill(&mut public_key);
            if index == 0 {
                first_key = public_key;
            }
            let name = format!("fake node {index}");
            // Unsigned: an all-0xFF signature is not even canonical, as cheap to forge as it gets.
            let advert = AdvertRepr {
                public_key,
                timestamp: 1_700_000_000 + index as u32,
                signature: [0xFF; 64],
                app_data: AppDataRepr {
                    role: Role::Repeater,
                    location: None,
                    feature1: None,
                    feature2: None,
                    name: Some(name.as_bytes()),
                },
            };
            let mut packet = Vec::new();
            encode_packet(
                &PacketRepr::zero_hop(Route::Flood, PayloadRepr::Advert(advert)),
                &mut packet,
            )
            .unwrap();
            let observation = Observation {
                timestamp_ms: index as i64,
                snr_db: Some(5.0),
                rssi_dbm: Some(-80),
                observer: 0,
                source: index as u64,
            };
            assert!(batch.push(observation, &packet));
        }
        let report = store.ingest(&batch, &[], ObserverKind::File);
        new_nodes += report.new_nodes;
        let memory = store.memory();
        assert!(
            memory.total <= BUDGET,
            "{} bytes over a {BUDGET} budget",
            memory.total
        );
        assert!(store.nodes().len() <= MAX_NODES);
        if store.nodes().len() == MAX_NODES {
            let at_cap = *nodes_bytes_at_cap.get_or_insert(memory.nodes);
            assert_eq!(memory.nodes, at_cap, "the node table grew past its cap");
        }
        eprintln!(
            "flood {:>6}: {} nodes, {} refused, nodes {} B, strings {} B, total {} B, evicted {} tx",
            start + BATCH,
            store.nodes().len(),
            store.nodes().refused(),
            memory.nodes,
            memory.strings,
            memory.total,
            store.evicted().transmissions
        );
    }
    assert_eq!(store.nodes().len(), MAX_NODES);
    assert_eq!(new_nodes, MAX_NODES as u64);
    assert_eq!(store.nodes().refused(), (FLOOD - MAX_NODES) as u64);
    // Forged adverts name nothing: no string was interned for them.
    assert!(store.strings().is_empty());
    let first = store.nodes().find(&first_key).unwrap();
    assert_eq!(
        store.nodes().get(first).map(|node| node.invalid_adverts),
        Some(1)
    );
}
