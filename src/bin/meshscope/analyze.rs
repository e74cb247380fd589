//! `meshscope analyze FILE...`: ingests dump files into a store and prints what it holds: a readable summary, or
//! one JSON object built from one struct per key (`analyze/*.rs`).

mod errors;
mod text;

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::time::Instant;

use meshscope::analytics;
use meshscope::analytics::packet_csv;
use meshscope::filter::Mode;
use meshscope::ingest::{Batch, DETECT_LEN, Format, ObserverInfo, Options, Parser};
use meshscope::protocol::PacketHash;
use meshscope::protocol::crypto::{ChannelSpec, parse_secret};
use meshscope::store::{ObserverKind, Store};
use meshscope::time::parse_rfc3339_ms;
use serde::Serialize;

const HELP: &str = "\
usage: meshscope analyze FILE... [--format F] [--channel TEXT]... [--budget BYTES] [--json] [--messages]
                         [--now TIME] [--packet HASH] [--node KEY] [--radio SETTINGS] [--duty-limit PCT]
                         [--stats] [--csv FILE] [--csv-observations FILE] [--words FILE] [--brute-force N]
                         [--compare A,B]

Ingests the files (streamed in 1 MiB chunks) into one store and prints a summary.
options:
  --format F        f1 | hex | serial | export (default: detected per file from its first bytes)
  --channel TEXT    a channel key: #name, NAME=SECRET, a 16/32-byte secret in hex or base64 (named
                    \"hash XX\"), or a meshcore://channel/add link (repeatable; Public is built in)
  --budget BYTES    bound the store's memory; the oldest transmissions are evicted (and counted)
  --json            print one JSON object: summary, errors (first 1000), payload_types, nodes,
                    node_status, hash_sizes, hash_collisions, prefix_tool, observers, channels,
                    neighbors, distance, topology, route_patterns, overview, rf, channel_summary,
                    clock_skew, airtime, anomalies, neighbor_signal, channel_discovery (and
                    packet_detail, node_detail, observer_compare)
  --messages        --json: add channel_messages, each channel's latest 500 messages
  --now TIME        the present for statuses and activity, RFC 3339 (default: the last observation)
  --packet HASH     add the packet page of the packet with this 16-hex-digit hash as packet_detail
  --node KEY        add the node page of the node with this 64-hex-digit public key as node_detail
  --radio SETTINGS  airtime: the mesh's radio as MHZ,KHZ,SF,CR (e.g. 910.525,62.5,7,5) or a preset name
                    (default EU/UK (Narrow))
  --duty-limit PCT  airtime: the duty-cycle limit, percent of an hour (default 10)
  --stats           print elapsed time, records per second and store bytes per observation to stderr
  --csv FILE        also write the packet table to FILE as CSV, one row per transmission, in the Packets
                    page's order (newest first)
  --csv-observations FILE
                    also write the packet table to FILE as CSV, one row per observation, in the Packets
                    page's order (latest stored first)
  --words FILE      channel_discovery: also try these hashtag names (one per line, # optional)
  --brute-force N   channel_discovery: also try every [a-z0-9] name of 1 to N letters (N <= 4)
  --compare A,B     add observer_compare of observers A and B (each a name, key hex prefix or id)";

/// Bytes read from a file at a time.
const CHUNK: usize = 1 << 20;
/// Errors listed in the report (all are counted).
const MAX_ERRORS: usize = 1000;

/// The parsed command line.
struct Arguments {
    files: Vec<String>,
    format: Option<Format>,
    channels: Vec<String>,
    budget: Option<usize>,
    json: bool,
    messages: bool,
    now_ms: Option<i64>,
    stats: bool,
    packet: Option<PacketHash>,
    node: Option<[u8; 32]>,
    airtime: analytics::AirtimeOptions,
    csv: Option<String>,
    csv_observations: Option<String>,
    discovery: analytics::DiscoveryOptions,
    compare: Option<(String, String)>,
}

/// The JSON report: one struct per key.
#[derive(Serialize)]
struct Report {
    summary: analytics::Summary,
    errors: Vec<errors::ErrorEntry>,
    payload_types: Vec<analytics::PayloadTypeEntry>,
    nodes: Vec<analytics::NodeEntry>,
    node_status: analytics::NodeStatus,
    hash_sizes: analytics::HashSizes,
    hash_collisions: analytics::HashCollisions,
    prefix_tool: analytics::PrefixTool,
    observers: Vec<analytics::ObserverEntry>,
    channels: Vec<analytics::ChannelEntry>,
    neighbors: analytics::NeighborGraph,
    distance: analytics::Distance,
    topology: analytics::Topology,
    route_patterns: analytics::RoutePatterns,
    #[serde(skip_serializing_if = "Option::is_none")]
    packet_detail: Option<analytics::PacketDetail>,
    #[serde(skip_serializing_if = "Option::is_none")]
    node_detail: Option<analytics::NodeDetail>,
    overview: analytics::Overview,
    rf: analytics::RfSnapshot,
    channel_summary: analytics::channel_stats::ChannelSummary,
    channel_messages: Option<Vec<analytics::channel_stats::ChannelMessages>>,
    clock_skew: analytics::ClockSkew,
    airtime: analytics::Airtime,
    anomalies: analytics::Anomalies,
    neighbor_signal: analytics::NeighborSignal,
    channel_discovery: analytics::ChannelDiscovery,
    #[serde(skip_serializing_if = "Option::is_none")]
    observer_compare: Option<analytics::ObserverCompare>,
}

/// Runs `analyze` with the arguments after the subcommand.
pub fn run(args: &[String]) -> Result<(), String> {
    let Some(arguments) = parse_arguments(args)? else {
        println!("{HELP}");
        return Ok(());
    };
    let mut store = Store::new();
    for text in &arguments.channels {
        let spec = channel_spec(text)?;
        store.add_channel_spec(&spec);
    }
    store.set_budget(arguments.budget);
    let started = Instant::now();
    let mut errors = errors::Collector::new(MAX_ERRORS);
    let mut records = 0;
    for file in &arguments.files {
        records += ingest_file(&mut store, file, arguments.format, &mut errors)?;
    }
    let elapsed = started.elapsed().as_secs_f64();
    // A dump is analysed as of its last observation (or --now), not of the wall clock.
    let now_ms = arguments
        .now_ms
        .or_else(|| store.time_span().map(|(_, last)| last))
        .unwrap_or(0);
    let nodes = analytics::nodes(&store, now_ms);
    let resolver = analytics::Resolver::new(&store, now_ms);
    let channel_stats = analytics::channel_stats(&store);
    let observer_compare = match &arguments.compare {
        Some((a, b)) => Some(analytics::observer_compare(
            &store,
            observer_named(&store, a)?,
            observer_named(&store, b)?,
        )),
        None => None,
    };
    let report = Report {
        summary: analytics::summary(&store),
        errors: errors.into_entries(),
        payload_types: analytics::payload_types(&store),
        node_status: analytics::node_status(&nodes),
        nodes,
        hash_sizes: analytics::hash_sizes(&store, now_ms),
        hash_collisions: analytics::hash_collisions(&store, now_ms),
        prefix_tool: analytics::prefix_tool(&store),
        observers: analytics::observers(&store, now_ms),
        channels: channel_stats.channels,
        neighbors: analytics::neighbors(&store, now_ms),
        distance: analytics::distance(&store, &resolver),
        topology: analytics::topology(&store, &resolver),
        route_patterns: analytics::route_patterns(&store, &resolver),
        packet_detail: arguments
            .packet
            .and_then(|hash| analytics::packet_detail(&store, &resolver, hash)),
        node_detail: arguments
            .node
            .and_then(|key| analytics::node_detail(&store, &resolver, &key, now_ms)),
        overview: analytics::overview(&store, now_ms),
        rf: analytics::rf(&store),
        channel_summary: channel_stats.summary,
        channel_messages: arguments.messages.then_some(channel_stats.messages),
        clock_skew: analytics::clock_skew(&store),
        airtime: analytics::airtime(&store, &arguments.airtime),
        anomalies: analytics::anomalies(&store, &analytics::AnomalyOptions::default()),
        neighbor_signal: analytics::neighbor_signal(&store, &analytics::NeighborOptions::default()),
        channel_discovery: analytics::channel_discovery(&store, &arguments.discovery),
        observer_compare,
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if arguments.json {
        serde_json::to_writer(&mut out, &report).map_err(|err| err.to_string())?;
        writeln!(out).map_err(|err| err.to_string())?;
    } else {
        write_text(&report, &mut out).map_err(|err| err.to_string())?;
    }
    out.flush().map_err(|err| err.to_string())?;
    if let Some(file) = &arguments.csv {
        write_csv(&store, Mode::Transmissions, file)?;
    }
    if let Some(file) = &arguments.csv_observations {
        write_csv(&store, Mode::Observations, file)?;
    }
    if arguments.stats {
        let usage = store.memory();
        eprintln!(
            "analyze: {records} records in {elapsed:.3} s ({:.0} records/s); store {:.1} MB, {:.1} bytes/observation",
            records as f64 / elapsed.max(1e-9),
            usage.total as f64 / 1e6,
            usage.bytes_per_observation(),
        );
    }
    Ok(())
}

/// Writes the packet table of `mode`, newest first, to `file` as CSV.
fn write_csv(store: &Store, mode: Mode, file: &str) -> Result<(), String> {
    let csv = match mode {
        Mode::Transmissions => {
            packet_csv::packets_csv(store, mode, store.by_time().iter().rev().map(|tx| tx.0))
        }
        Mode::Observations => {
            let count = store.observation_count() as u32;
            packet_csv::packets_csv(store, mode, (0..count).rev())
        }
    };
    std::fs::write(file, csv).map_err(|err| format!("{file}: {err}"))
}

/// The arguments, or `None` for `--help`.
fn parse_arguments(args: &[String]) -> Result<Option<Arguments>, String> {
    let mut arguments = Arguments {
        files: Vec::new(),
        format: None,
        channels: Vec::new(),
        budget: None,
        json: false,
        messages: false,
        now_ms: None,
        stats: false,
        packet: None,
        node: None,
        airtime: analytics::AirtimeOptions::default(),
        csv: None,
        csv_observations: None,
        discovery: analytics::DiscoveryOptions::default(),
        compare: None,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--help" | "-h" => return Ok(None),
            "--json" => arguments.json = true,
            "--messages" => arguments.messages = true,
            "--now" => {
                let text = value("--now")?;
                let now = parse_rfc3339_ms(text).map_err(|err| format!("--now {text:?}: {err}"))?;
                arguments.now_ms = Some(now);
            }
            "--stats" => arguments.stats = true,
            "--csv" => arguments.csv = Some(value("--csv")?.clone()),
            "--csv-observations" => {
                arguments.csv_observations = Some(value("--csv-observations")?.clone());
            }
            "--format" => {
                arguments.format = Some(match value("--format")?.as_str() {
                    "f1" => Format::F1Json,
                    "hex" => Format::HexLines,
                    "serial" => Format::SerialCapture,
                    "export" => Format::Export,
                    other => return Err(format!("--format {other:?}: f1, hex, serial or export")),
                });
            }
            "--channel" => arguments.channels.push(value("--channel")?.clone()),
            "--packet" => {
                let text = value("--packet")?;
                let hash = text
                    .parse()
                    .map_err(|_| format!("--packet {text:?}: not a 16-hex-digit packet hash"))?;
                arguments.packet = Some(hash);
            }
            "--node" => {
                let text = value("--node")?;
                let mut key = [0; 32];
                meshscope::hex::decode_to_slice(text.as_bytes(), &mut key)
                    .ok()
                    .filter(|bytes| bytes.len() == 32)
                    .ok_or_else(|| format!("--node {text:?}: not a 64-hex-digit public key"))?;
                arguments.node = Some(key);
            }
            "--radio" => {
                let text = value("--radio")?;
                arguments.airtime.radio = text
                    .parse()
                    .map_err(|err| format!("--radio {text:?}: {err}"))?;
            }
            "--duty-limit" => {
                let text = value("--duty-limit")?;
                arguments.airtime.duty_cycle_limit_pct = text
                    .parse::<f64>()
                    .ok()
                    .filter(|pct| *pct > 0.0 && *pct <= 100.0)
                    .ok_or_else(|| {
                        format!("--duty-limit {text:?}: a percentage above 0, at most 100")
                    })?;
            }
            "--words" => {
                let path = value("--words")?;
                let text = std::fs::read_to_string(path)
                    .map_err(|err| format!("--words {path}: {err}"))?;
                arguments
                    .discovery
                    .words
                    .extend(text.lines().map(str::to_owned));
            }
            "--brute-force" => {
                let text = value("--brute-force")?;
                arguments.discovery.brute_force_len = text
                    .parse()
                    .ok()
                    .filter(|&len| len <= analytics::channel_discovery::MAX_BRUTE_FORCE_LEN)
                    .ok_or_else(|| format!("--brute-force {text:?}: a length from 0 to 4"))?;
            }
            "--compare" => {
                let text = value("--compare")?;
                let (a, b) = text
                    .split_once(',')
                    .ok_or_else(|| format!("--compare {text:?}: two observers as A,B"))?;
                arguments.compare = Some((a.to_owned(), b.to_owned()));
            }
            "--budget" => {
                let text = value("--budget")?;
                let bytes = text
                    .parse()
                    .map_err(|_| format!("--budget {text:?}: not a byte count"))?;
                arguments.budget = Some(bytes);
            }
            option if option.starts_with("--") => {
                return Err(format!("unknown option {option}\n{HELP}"));
            }
            file => arguments.files.push(file.to_owned()),
        }
    }
    if arguments.files.is_empty() {
        return Err(format!("no files given\n{HELP}"));
    }
    Ok(Some(arguments))
}

/// The observer `text` names (see [`analytics::find_observer`]).
fn observer_named(store: &Store, text: &str) -> Result<meshscope::store::ObserverId, String> {
    analytics::find_observer(store, text).ok_or_else(|| {
        let names: Vec<String> = store
            .observers()
            .iter()
            .map(|(id, o)| format!("{} ({})", o.name.as_deref().unwrap_or("?"), id.0))
            .collect();
        format!(
            "--compare: no observer {text:?}; observers: {}",
            names.join(", ")
        )
    })
}

/// A channel text; a bare secret is named after its hash byte.
fn channel_spec(text: &str) -> Result<ChannelSpec, String> {
    let mut spec = ChannelSpec::parse(text).map_err(|err| format!("--channel {text:?}: {err}"))?;
    if let Ok(key) = parse_secret(text.trim()) {
        spec.name = format!("hash {:02x}", key.hash());
    }
    Ok(spec)
}

/// Streams one file into the store; returns the records read (observations, statuses and bad records).
fn ingest_file(
    store: &mut Store,
    path: &str,
    format: Option<Format>,
    errors: &mut errors::Collector,
) -> Result<u64, String> {
    let mut file = File::open(path).map_err(|err| format!("{path}: {err}"))?;
    let modified_ms = file
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |since| since.as_millis() as i64);
    let mut chunk = vec![0; CHUNK];
    let mut len = read_full(&mut file, &mut chunk).map_err(|err| format!("{path}: {err}"))?;
    let format = match format {
        Some(format) => format,
        None => Format::detect(chunk.get(..len.min(DETECT_LEN)).unwrap_or_default())
            .map_err(|err| format!("{path}: {err}"))?,
    };
    let name = std::path::Path::new(path).file_name().map_or_else(
        || path.to_owned(),
        |name| name.to_string_lossy().into_owned(),
    );
    let options = Options {
        base_time_ms: modified_ms,
        default_observer: ObserverInfo {
            id: None,
            name: Some(name),
            iata: None,
        },
        ..Options::default()
    };
    let mut parser = Parser::with_options(format, options);
    let mut batch = Batch::new();
    let mut records = 0;
    while len > 0 {
        parser.feed(chunk.get(..len).unwrap_or_default(), &mut batch);
        records += absorb(store, &parser, &batch, path, format, errors);
        batch.clear();
        len = read_full(&mut file, &mut chunk).map_err(|err| format!("{path}: {err}"))?;
    }
    parser.finish(&mut batch);
    records += absorb(store, &parser, &batch, path, format, errors);
    Ok(records)
}

/// Ingests one batch and collects its errors; returns its record count.
fn absorb(
    store: &mut Store,
    parser: &Parser,
    batch: &Batch,
    path: &str,
    format: Format,
    errors: &mut errors::Collector,
) -> u64 {
    let malformed_before = store.malformed().packets().len();
    store.ingest(batch, parser.observers(), ObserverKind::File);
    store.ingest_statuses(&batch.statuses, parser.observers(), ObserverKind::File);
    let malformed = store
        .malformed()
        .packets()
        .get(malformed_before..)
        .unwrap_or_default();
    errors.add(path, format, &batch.bad_records, malformed);
    (batch.records().len() + batch.statuses.len() + batch.bad_records.len()) as u64
}

/// Fills `buffer` from `file` as far as it goes; returns the bytes read (0 at the end).
fn read_full(file: &mut File, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read(buffer.get_mut(filled..).unwrap_or_default())? {
            0 => break,
            read => filled += read,
        }
    }
    Ok(filled)
}

/// The readable report.
fn write_text(report: &Report, out: &mut impl Write) -> std::io::Result<()> {
    text::write_summary(&report.summary, out)?;
    text::write_payload_types(&report.payload_types, out)?;
    text::write_channels(&report.channels, out)?;
    text::write_observers(&report.observers, out)?;
    text::write_nodes(&report.nodes, out)?;
    errors::write_text(&report.errors, report.summary.bad_records, out)
}
