//! The writer of one dump: lines or frames in the chosen format, with the extras the options ask for (status
//! messages, bad lines, serial noise), counting what it wrote. Its random numbers are its own, so extras
//! never change the traffic.

use std::io::{self, BufWriter, Write};

use super::f1::{self, Origin};
use super::{Format, OutputOptions, corrupt, serial, text};
use crate::generate::air::Heard;
use crate::generate::mesh::Mesh;
use crate::generate::rng::Rng;
use crate::generate::truth::{BadLine, SerialTruth};
use crate::ingest::{self, Observation, ObserverInfo};

/// Time between rounds of status messages, µs.
const STATUS_EVERY_US: i64 = 6 * 3_600_000_000;
/// Chance of stray bytes before a serial frame, with noise on.
const GARBAGE_CHANCE: f64 = 0.02;
/// Chance of another kind of frame before a serial frame, with noise on.
const OTHER_FRAME_CHANCE: f64 = 0.01;

/// What a sink wrote besides observations.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Written {
    /// Status lines.
    pub statuses: u64,
    /// Bad lines.
    pub bad_lines: Vec<BadLine>,
    /// Serial extras, for serial captures.
    pub serial: Option<SerialTruth>,
}

/// A dump being written.
pub struct Sink<'m, W: Write> {
    mesh: &'m Mesh,
    options: OutputOptions,
    recorded: Vec<usize>,
    infos: Vec<Option<ObserverInfo>>,
    prefixes: Vec<Vec<u8>>,
    out: BufWriter<W>,
    rng: Rng,
    buffer: Vec<u8>,
    lines: u64,
    start_ms: i64,
    next_status_us: i64,
    written: Written,
}

impl<'m, W: Write> Sink<'m, W> {
    /// A sink for `mesh`'s observers in `recorded`, for traffic starting at `start_ms`.
    pub fn new(
        mesh: &'m Mesh,
        options: &OutputOptions,
        recorded: &[usize],
        start_ms: i64,
        out: W,
    ) -> Self {
        let serial = (options.format == Format::Serial).then(SerialTruth::default);
        let mut sink = Sink {
            mesh,
            options: options.clone(),
            recorded: recorded.to_vec(),
            infos: (0..mesh.observers().len())
                .map(|i| mesh.observer_info(i))
                .collect(),
            prefixes: Vec::new(),
            out: BufWriter::with_capacity(1 << 16, out),
            rng: Rng::stream(mesh.options().seed, 5),
            buffer: Vec::with_capacity(1024),
            lines: 0,
            start_ms,
            next_status_us: start_ms * 1000,
            written: Written {
                serial,
                ..Written::default()
            },
        };
        let wrapped = options.format == Format::F1Wrapped;
        sink.prefixes = (0..mesh.observers().len())
            .map(|index| {
                sink.origin(index)
                    .map_or_else(Vec::new, |origin| f1::packet_prefix(&origin, wrapped))
            })
            .collect();
        sink
    }

    /// Writes what comes before the first observation: the export header, the CSV header.
    pub fn begin(&mut self) -> io::Result<()> {
        self.buffer.clear();
        match self.options.format {
            Format::Export => {
                let names: Vec<&str> = self
                    .mesh
                    .channels()
                    .iter()
                    .filter(|channel| channel.known)
                    .map(|channel| channel.name.as_str())
                    .collect();
                ingest::write_header(&names, self.start_ms, &mut self.buffer);
            }
            Format::Csv => self.buffer.extend_from_slice(text::CSV_HEADER),
            _ => return Ok(()),
        }
        self.lines += 1;
        self.out.write_all(&self.buffer)
    }

    /// Writes one observation (after any status messages due, and maybe a bad line).
    pub fn observation(&mut self, heard: &Heard<'_>) -> io::Result<()> {
        let format = self.options.format;
        if self.options.status_messages && matches!(format, Format::F1 | Format::F1Wrapped) {
            while heard.true_us >= self.next_status_us {
                self.statuses(self.next_status_us)?;
                self.next_status_us += STATUS_EVERY_US;
            }
        }
        self.buffer.clear();
        if format == Format::Serial {
            return self.frame(heard);
        }
        self.line(heard);
        if self.lines >= 1 && self.rng.chance(self.options.bad_line_rate) {
            let kinds = corrupt::kinds(format);
            if let Some(&kind) = self.rng.pick(kinds)
                && let Some(bad) = corrupt::corrupt(format, kind, &self.buffer, &mut self.rng)
            {
                self.lines += 1;
                self.written.bad_lines.push(BadLine {
                    line: self.lines,
                    kind,
                });
                self.out.write_all(&bad)?;
            }
        }
        self.lines += 1;
        self.out.write_all(&self.buffer)
    }

    /// Flushes and returns what was written besides observations.
    pub fn finish(mut self) -> io::Result<Written> {
        self.out.flush()?;
        Ok(self.written)
    }

    /// Formats `heard` as a line of a text format into the buffer.
    fn line(&mut self, heard: &Heard<'_>) {
        match self.options.format {
            Format::F1 | Format::F1Wrapped => {
                if let Some(prefix) = self.prefixes.get(heard.observer) {
                    let wrapped = self.options.format == Format::F1Wrapped;
                    f1::packet_line(heard, prefix, wrapped, &mut self.buffer);
                }
            }
            Format::Hex => text::hex_line(heard, &mut self.buffer),
            Format::Csv => text::csv_line(heard, &mut self.buffer),
            Format::Export => {
                let observation = Observation {
                    timestamp_ms: heard.timestamp_us.div_euclid(1000),
                    snr_db: Some(f32::from(heard.signal.snr_quarter_db) / 4.0),
                    rssi_dbm: Some(i16::from(heard.signal.rssi_dbm)),
                    observer: heard.observer as u32,
                    source: 0,
                };
                let info = self.infos.get(heard.observer).and_then(Option::as_ref);
                ingest::write_observation(&observation, info, heard.packet, &mut self.buffer);
            }
            Format::Serial => {}
        }
    }

    /// Writes `heard` as a LOG_RX_DATA frame, after noise if asked.
    fn frame(&mut self, heard: &Heard<'_>) -> io::Result<()> {
        if self.options.serial_noise {
            let serial = self.written.serial.get_or_insert_with(SerialTruth::default);
            if self.rng.chance(GARBAGE_CHANCE) {
                serial.garbage_bytes += serial::garbage(&mut self.rng, &mut self.buffer);
            }
            if self.rng.chance(OTHER_FRAME_CHANCE)
                && serial::other_frame(&mut self.rng, &mut self.buffer).is_ok()
            {
                serial.other_frames += 1;
            }
        }
        serial::log_frame(heard, &mut self.buffer)
            .map_err(|error| io::Error::new(io::ErrorKind::InvalidData, error))?;
        self.out.write_all(&self.buffer)
    }

    /// One status line per recorded observer at true time `at_us`.
    fn statuses(&mut self, at_us: i64) -> io::Result<()> {
        for index in 0..self.recorded.len() {
            let observer = self.recorded[index];
            let Some(origin) = self.origin(observer) else {
                continue;
            };
            let offset_us = self
                .mesh
                .observers()
                .get(observer)
                .map_or(0, |o| o.clock_offset_ms * 1000);
            self.buffer.clear();
            f1::status_line(
                at_us + offset_us,
                &origin,
                self.options.format == Format::F1Wrapped,
                &mut self.buffer,
            );
            self.lines += 1;
            self.written.statuses += 1;
            self.out.write_all(&self.buffer)?;
        }
        Ok(())
    }

    /// Name, key, IATA code and model of observer `index`.
    fn origin(&self, index: usize) -> Option<Origin<'m>> {
        let mesh = self.mesh;
        let observer = mesh.observers().get(index)?;
        let node = mesh.nodes().get(observer.node)?;
        Some(Origin {
            name: &node.name,
            key: node.public_key(),
            iata: &observer.iata,
            model: observer.model,
        })
    }
}
