//! Every output format is deterministic and parses back, with the ingest parser, to the observations the
//! simulation produced; the truth's counts, bad lines, status messages and serial extras are what the parser
//! finds.

use meshscope::generate::output::recorded_observers;
use meshscope::generate::truth::BadLineKind;
use meshscope::generate::{
    Mesh, MeshOptions, OutputFormat, OutputOptions, Simulation, TrafficOptions, Truth, write_dump,
};
use meshscope::ingest::{
    BadReason, BadRecord, Batch, Observation, ObserverInfo, Options, Parser, ParserStats, Position,
};

/// Base time the parser gives observations without a clock.
const BASE_MS: i64 = 1_000;

fn mesh() -> Mesh {
    Mesh::new(&MeshOptions {
        seed: 21,
        nodes: 30,
        observers: 3,
        ..MeshOptions::default()
    })
}

fn traffic() -> TrafficOptions {
    TrafficOptions {
        duration_ms: 2 * 3_600_000,
        conversations_per_hour: 120.0,
        duplicate_rate: 0.01,
        ..TrafficOptions::default()
    }
}

fn write(mesh: &Mesh, traffic: &TrafficOptions, options: &OutputOptions) -> (Vec<u8>, Truth) {
    let mut out = Vec::new();
    let truth = write_dump(mesh, traffic, options, &mut out).unwrap();
    (out, truth)
}

/// Everything the parser read, fed in 4 KiB chunks.
struct Parsed {
    observations: Vec<(Observation, Vec<u8>)>,
    observers: Vec<ObserverInfo>,
    bad: Vec<BadRecord>,
    statuses: usize,
    stats: ParserStats,
    garbage_bytes: u64,
}

fn parse(format: OutputFormat, input: &[u8]) -> Parsed {
    let options = Options {
        base_time_ms: BASE_MS,
        ..Options::default()
    };
    let mut parser = Parser::with_options(format.ingest_format(), options);
    let mut batch = Batch::new();
    let mut parsed = Parsed {
        observations: Vec::new(),
        observers: Vec::new(),
        bad: Vec::new(),
        statuses: 0,
        stats: ParserStats::default(),
        garbage_bytes: 0,
    };
    let drain = |batch: &mut Batch, parsed: &mut Parsed| {
        parsed.observations.extend(
            batch
                .iter()
                .map(|(observation, packet)| (*observation, packet.to_vec())),
        );
        parsed.bad.append(&mut batch.bad_records);
        parsed.statuses += batch.statuses.len();
        batch.clear();
    };
    for chunk in input.chunks(4096) {
        parser.feed(chunk, &mut batch);
        drain(&mut batch, &mut parsed);
    }
    parser.finish(&mut batch);
    drain(&mut batch, &mut parsed);
    parsed.observers = parser.observers().to_vec();
    parsed.stats = parser.stats();
    parsed.garbage_bytes = parser.framer_stats().garbage_bytes;
    parsed
}

/// One observation as a format can say it: timestamp, SNR, RSSI, observer, packet.
type Seen = (i64, Option<f32>, Option<i16>, ObserverInfo, Vec<u8>);

/// What the simulation produced, as `format` can carry it.
fn expected(mesh: &Mesh, traffic: &TrafficOptions, format: OutputFormat) -> Vec<Seen> {
    let recorded = recorded_observers(mesh, format);
    let mut simulation = Simulation::new(mesh, traffic, &recorded);
    let mut out = Vec::new();
    while let Some(heard) = simulation.next_heard() {
        if !format.carries(heard.packet.len()) {
            continue;
        }
        let synthetic = BASE_MS + out.len() as i64;
        let timestamp = heard.timestamp_us.div_euclid(1000);
        let snr = Some(f32::from(heard.signal.snr_quarter_db) / 4.0);
        let rssi = Some(i16::from(heard.signal.rssi_dbm));
        let mut observer = mesh.observer_info(heard.observer).unwrap();
        let seen = match format {
            OutputFormat::F1 => {
                observer.iata = None;
                (timestamp, snr, rssi, observer)
            }
            OutputFormat::F1Wrapped | OutputFormat::Export => (timestamp, snr, rssi, observer),
            OutputFormat::Csv => (timestamp, snr, rssi, ObserverInfo::default()),
            OutputFormat::Hex => (synthetic, None, None, ObserverInfo::default()),
            OutputFormat::Serial => (synthetic, snr, rssi, ObserverInfo::default()),
        };
        out.push((seen.0, seen.1, seen.2, seen.3, heard.packet.to_vec()));
    }
    out
}

fn seen(parsed: &Parsed) -> Vec<Seen> {
    parsed
        .observations
        .iter()
        .map(|(observation, packet)| {
            let observer = parsed.observers[observation.observer as usize].clone();
            (
                observation.timestamp_ms,
                observation.snr_db,
                observation.rssi_dbm,
                observer,
                packet.clone(),
            )
        })
        .collect()
}

#[test]
fn same_options_same_bytes() {
    let (mesh, traffic) = (mesh(), traffic());
    for format in OutputFormat::ALL {
        let options = OutputOptions {
            format,
            bad_line_rate: 0.01,
            status_messages: true,
            serial_noise: true,
            ..OutputOptions::default()
        };
        let (first, first_truth) = write(&mesh, &traffic, &options);
        let (second, second_truth) = write(&Mesh::new(mesh.options()), &traffic, &options);
        assert!(first == second, "{} differs between runs", format.name());
        assert_eq!(first_truth, second_truth);
        assert!(first.len() > 10_000);
    }
    let other = Mesh::new(&MeshOptions {
        seed: 22,
        ..mesh.options().clone()
    });
    assert_ne!(
        write(&mesh, &traffic, &OutputOptions::default()).0,
        write(&other, &traffic, &OutputOptions::default()).0
    );
}

#[test]
fn every_format_parses_back_to_the_same_observations() {
    let (mesh, traffic) = (mesh(), traffic());
    for format in OutputFormat::ALL {
        let options = OutputOptions {
            format,
            ..OutputOptions::default()
        };
        let (bytes, truth) = write(&mesh, &traffic, &options);
        assert_eq!(OutputFormat::from_name(format.name()), Some(format));
        assert_eq!(
            meshscope::ingest::Format::detect(&bytes),
            Ok(format.ingest_format()),
            "{}",
            format.name()
        );
        let parsed = parse(format, &bytes);
        assert!(
            parsed.bad.is_empty(),
            "{}: {}",
            format.name(),
            parsed.bad[0]
        );
        let want = expected(&mesh, &traffic, format);
        assert_eq!(seen(&parsed).len(), want.len(), "{}", format.name());
        assert!(
            seen(&parsed) == want,
            "{} parses back differently",
            format.name()
        );
        assert_eq!(truth.observations, want.len() as u64);
        assert_eq!(
            truth.recorded_observers.len(),
            if format.is_single_radio() { 1 } else { 3 }
        );
        if format == OutputFormat::Serial {
            assert!(
                truth.omitted_observations > 0,
                "no packet of 174 bytes or more"
            );
        } else {
            assert_eq!(truth.omitted_observations, 0);
        }
    }
}

/// The parser's reason for a line broken as `kind`.
fn reason_fits(kind: BadLineKind, reason: BadReason) -> bool {
    match kind {
        BadLineKind::TruncatedJson => {
            matches!(reason, BadReason::Truncated | BadReason::InvalidJson)
        }
        BadLineKind::OddHex => reason == BadReason::OddHexLength,
        BadLineKind::BadHexDigit => reason == BadReason::BadHexDigit,
        BadLineKind::BadTimestamp => matches!(reason, BadReason::BadTimestamp(_)),
    }
}

#[test]
fn bad_lines_and_statuses_are_where_the_truth_says() {
    let (mesh, traffic) = (mesh(), traffic());
    for format in [
        OutputFormat::F1,
        OutputFormat::F1Wrapped,
        OutputFormat::Csv,
        OutputFormat::Hex,
        OutputFormat::Export,
    ] {
        let options = OutputOptions {
            format,
            bad_line_rate: 0.03,
            status_messages: true,
            ..OutputOptions::default()
        };
        let (bytes, truth) = write(&mesh, &traffic, &options);
        let parsed = parse(format, &bytes);
        assert!(truth.bad_lines.len() > 20, "{}", format.name());
        assert_eq!(parsed.bad.len(), truth.bad_lines.len(), "{}", format.name());
        for (bad, line) in parsed.bad.iter().zip(&truth.bad_lines) {
            assert_eq!(bad.position, Position::Line(line.line), "{}", format.name());
            assert!(
                reason_fits(line.kind, bad.reason),
                "{}: {bad} for {:?}",
                format.name(),
                line.kind
            );
        }
        assert_eq!(parsed.observations.len() as u64, truth.observations);
        assert_eq!(parsed.stats.observations, truth.observations);
        assert_eq!(parsed.statuses as u64, truth.statuses);
        let statuses = match format {
            OutputFormat::F1 | OutputFormat::F1Wrapped => 3,
            _ => 0,
        };
        assert_eq!(
            truth.statuses, statuses,
            "one round of statuses in two hours"
        );
        // A redelivery repeats the line before it. (Hex lines have no clock, and two repeaters sharing a
        // prefix can send byte-identical copies, so there the check cannot tell.)
        if format != OutputFormat::Hex {
            let same = |a: &(Observation, Vec<u8>), b: &(Observation, Vec<u8>)| {
                Observation { source: 0, ..a.0 } == Observation { source: 0, ..b.0 } && a.1 == b.1
            };
            let duplicates = parsed
                .observations
                .windows(2)
                .filter(|pair| same(&pair[0], &pair[1]))
                .count();
            assert_eq!(duplicates as u64, truth.duplicates, "{}", format.name());
        }
    }
}

#[test]
fn serial_noise_is_counted() {
    let (mesh, traffic) = (mesh(), traffic());
    let options = OutputOptions {
        format: OutputFormat::Serial,
        serial_noise: true,
        ..OutputOptions::default()
    };
    let (bytes, truth) = write(&mesh, &traffic, &options);
    let parsed = parse(OutputFormat::Serial, &bytes);
    let serial = truth.serial.unwrap();
    assert!(serial.garbage_bytes > 0 && serial.other_frames > 0);
    assert_eq!(parsed.garbage_bytes, serial.garbage_bytes);
    assert_eq!(parsed.stats.frames_skipped, serial.other_frames);
    assert!(parsed.bad.is_empty());
    assert!(seen(&parsed) == expected(&mesh, &traffic, OutputFormat::Serial));
}

#[test]
fn target_count_is_exact() {
    let mesh = mesh();
    for (format, target) in [(OutputFormat::F1, 2_500), (OutputFormat::Csv, 1_200)] {
        let options = OutputOptions {
            format,
            target_observations: Some(target),
            ..OutputOptions::default()
        };
        let (bytes, truth) = write(&mesh, &traffic(), &options);
        assert_eq!(truth.observations, target);
        assert_eq!(parse(format, &bytes).observations.len() as u64, target);
        assert!(truth.scale != 1.0);
        // The density was chosen for the two hours: the count is reached near their end.
        let span = truth.end_ms - truth.start_ms;
        assert!((5_400_000..=9_000_000).contains(&span), "{span}");
    }
}
