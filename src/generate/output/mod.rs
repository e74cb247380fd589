//! Writing a generated dump in one of the formats MeshScope reads, streamed to any [`Write`], and the
//! [`Truth`] of what was written.
//!
//! Single-radio formats (hex lines, CSV, serial capture) hold the hearings of the first observer only, as a
//! capture from one radio would. A serial capture leaves out packets of 174 bytes or more, as the firmware
//! does (`LOG_RX_DATA` frames are at most 176 bytes).

mod corrupt;
mod f1;
mod serial;
mod sink;
mod text;

use std::io::{self, Write};

use super::mesh::Mesh;
use super::options::TrafficOptions;
use super::simulate::Simulation;
use super::tally::Tally;
use super::truth::{self, Truth};
use crate::ingest;
use sink::Sink;

/// How much longer than asked traffic may run to reach a target count the density estimate fell short of.
const TARGET_OVERRUN: i64 = 2;
/// Observations a second, more precise pilot run aims at when the first was small.
const PILOT_OBSERVATIONS: f64 = 100_000.0;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// F.1 JSON Lines, one `packets` message per line, as the community observers publish them.
    F1,
    /// F.1 wrapped as `{"topic": "meshcore/<IATA>/<KEY>/packets", "payload": {...}}`.
    F1Wrapped,
    /// One packet per line in upper-case hex.
    Hex,
    /// CSV `timestamp,snr,rssi,hex` with a header line.
    Csv,
    /// A companion-radio serial capture: `>` frames of `0x88` LOG_RX_DATA.
    Serial,
    /// MeshScope's export (through [`ingest::export`]).
    Export,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 6] = [
        Format::F1,
        Format::F1Wrapped,
        Format::Hex,
        Format::Csv,
        Format::Serial,
        Format::Export,
    ];

    /// Its command-line name: `f1`, `f1-wrapped`, `hex`, `csv`, `serial` or `export`.
    pub fn name(self) -> &'static str {
        match self {
            Format::F1 => "f1",
            Format::F1Wrapped => "f1-wrapped",
            Format::Hex => "hex",
            Format::Csv => "csv",
            Format::Serial => "serial",
            Format::Export => "export",
        }
    }

    /// The format named `name` (see [`Format::name`]).
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|format| format.name() == name)
    }

    /// The ingest format that reads it.
    pub fn ingest_format(self) -> ingest::Format {
        match self {
            Format::F1 | Format::F1Wrapped => ingest::Format::F1Json,
            Format::Hex | Format::Csv => ingest::Format::HexLines,
            Format::Serial => ingest::Format::SerialCapture,
            Format::Export => ingest::Format::Export,
        }
    }

    /// Whether it holds one radio's hearings (no observer field).
    pub fn is_single_radio(self) -> bool {
        matches!(self, Format::Hex | Format::Csv | Format::Serial)
    }

    /// Whether it can carry a packet of `len` bytes.
    pub fn carries(self, len: usize) -> bool {
        self != Format::Serial || serial::carries(len)
    }
}

/// How to write a dump.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputOptions {
    /// The format.
    pub format: Format,
    /// Write exactly this many observations: the conversation rate is scaled (measured by pilot runs) so
    /// that they span about the traffic's duration, and the traffic runs on past its end if it has to (up to twice
    /// the duration; the truth's `end_ms` says where it stopped).
    pub target_observations: Option<u64>,
    /// Probability of a deliberately bad line before each observation line (text formats; never line 1).
    pub bad_line_rate: f64,
    /// F.1 formats: an `online` status message per observer at the start and every 6 hours.
    pub status_messages: bool,
    /// Serial capture: other frames and garbage bytes between frames.
    pub serial_noise: bool,
}

impl Default for OutputOptions {
    /// F.1, no target, no bad lines, no status messages, no serial noise.
    fn default() -> OutputOptions {
        OutputOptions {
            format: Format::F1,
            target_observations: None,
            bad_line_rate: 0.0,
            status_messages: false,
            serial_noise: false,
        }
    }
}

/// The observers whose hearings a format holds.
pub fn recorded_observers(mesh: &Mesh, format: Format) -> Vec<usize> {
    let count = if format.is_single_radio() {
        1
    } else {
        mesh.observers().len()
    };
    (0..count.min(mesh.observers().len())).collect()
}

/// Generates the traffic over `mesh` and writes it to `out` as `options` say; returns what was written.
pub fn write_dump<W: Write>(
    mesh: &Mesh,
    traffic: &TrafficOptions,
    options: &OutputOptions,
    out: W,
) -> io::Result<Truth> {
    let format = options.format;
    let recorded = recorded_observers(mesh, format);
    let (traffic, scale) = match options.target_observations {
        Some(target) => {
            let scale = scale_for(mesh, traffic, &recorded, format, target);
            let mut scaled = traffic.scaled(scale);
            scaled.duration_ms = traffic.duration_ms.saturating_mul(TARGET_OVERRUN);
            (scaled, scale)
        }
        None => (traffic.clone(), 1.0),
    };
    let mut simulation = Simulation::new(mesh, &traffic, &recorded);
    let mut sink = Sink::new(mesh, options, &recorded, traffic.start_ms, out);
    sink.begin()?;
    let mut tally = Tally::default();
    let mut omitted = 0;
    let mut end_ms = traffic.end_ms();
    while let Some(heard) = simulation.next_heard() {
        if options
            .target_observations
            .is_some_and(|target| tally.observations >= target)
        {
            end_ms = heard.true_us.div_euclid(1000);
            break;
        }
        if !format.carries(heard.packet.len()) {
            omitted += 1;
            continue;
        }
        sink.observation(&heard)?;
        tally.record(&heard);
    }
    let written = sink.finish()?;
    let (nodes, observers, collisions) = truth::mesh_parts(mesh);
    let records = simulation.records();
    let (adverts, channel_messages, direct_messages, channels) =
        truth::record_parts(mesh, records, &tally.written);
    Ok(Truth {
        seed: mesh.options().seed,
        format: format.name().to_owned(),
        start_ms: traffic.start_ms,
        end_ms,
        scale,
        nodes,
        observers,
        recorded_observers: recorded,
        channels,
        region: traffic.region.clone(),
        collisions,
        observations: tally.observations,
        duplicates: tally.duplicates,
        transmissions: tally.transmissions(),
        by_type: tally_types(&tally),
        scoped_transmissions: tally.scoped(),
        repeated_hop_observations: tally.repeated_hops,
        first_timestamp_ms: tally.span_ms.map(|(first, _)| first),
        last_timestamp_ms: tally.span_ms.map(|(_, last)| last),
        adverts,
        channel_messages,
        direct_messages,
        statuses: written.statuses,
        bad_lines: written.bad_lines,
        serial: written.serial,
        omitted_observations: omitted,
        build_errors: records.build_errors,
    })
}

fn tally_types(tally: &Tally) -> Vec<truth::TypeTruth> {
    tally
        .by_type
        .iter()
        .enumerate()
        .filter(|(_, (_, observations))| *observations > 0)
        .map(|(value, &(transmissions, observations))| {
            let kind = crate::protocol::PayloadType::from_bits(value as u8);
            truth::TypeTruth {
                payload_type: value as u8,
                name: kind.name().to_owned(),
                transmissions,
                observations,
            }
        })
        .collect()
}

/// The conversation-rate factor that makes `traffic` give about `target` observations in `format`. Counts
/// grow linearly with it over a fixed part (adverts), so pilot runs that write nothing measure both: one
/// without conversations, one at the given rate, and, when those were small, one closer to the target.
/// 0 when adverts alone reach the target.
fn scale_for(
    mesh: &Mesh,
    traffic: &TrafficOptions,
    recorded: &[usize],
    format: Format,
    target: u64,
) -> f64 {
    let target = target as f64;
    let fixed = count(mesh, &traffic.scaled(0.0), recorded, format) as f64;
    let at_one = count(mesh, traffic, recorded, format) as f64;
    let mut per_unit = at_one - fixed;
    if per_unit <= 0.0 {
        return 1.0;
    }
    if target > 2.0 * at_one && at_one < PILOT_OBSERVATIONS {
        let pilot = (PILOT_OBSERVATIONS.min(target) - fixed).max(0.0) / per_unit;
        let measured = count(mesh, &traffic.scaled(pilot), recorded, format) as f64;
        if pilot > 0.0 && measured > fixed {
            per_unit = (measured - fixed) / pilot;
        }
    }
    ((target - fixed) / per_unit).max(0.0)
}

/// How many observations `traffic` gives in `format`.
fn count(mesh: &Mesh, traffic: &TrafficOptions, recorded: &[usize], format: Format) -> u64 {
    let mut simulation = Simulation::new(mesh, traffic, recorded);
    let mut count = 0;
    while let Some(heard) = simulation.next_heard() {
        count += u64::from(format.carries(heard.packet.len()));
    }
    count
}
