//! [`RadioLink`]: a companion radio on a serial port as a packet source, sans I/O. Bytes from the port
//! in, observations into its [`Pending`] buffer, what the radio says about itself into [`RadioInfo`].
//!
//! The radio is the observer of every packet it logs. Its key and name arrive in SELF_INFO, the reply
//! to the handshake, but LOG_RX_DATA frames may come first (the radio pushes them regardless). Those
//! packets are held back until SELF_INFO names the observer, or until [`HANDSHAKE_TIMEOUT_MS`] has
//! passed without it (an old firmware, a radio that ignores the app): then they, and every packet
//! after, go to a provisional observer named [`PROVISIONAL_NAME`].

use super::pending::Pending;
use crate::companion::{Event, Phase, Session};
use crate::ingest::{BadReason, BadRecord, Batch, Observation, ObserverInfo, Position};

/// How long packets wait for SELF_INFO before going to the provisional observer.
pub const HANDSHAKE_TIMEOUT_MS: i64 = 5_000;

/// The name of the observer used when the radio never says who it is.
pub const PROVISIONAL_NAME: &str = "USB radio";

/// Serial framing around a LOG_RX_DATA body: start byte and length.
const FRAME_HEADER_LEN: u64 = 3;

/// What the radio said about itself (DEVICE_INFO and SELF_INFO), as far as it has.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RadioInfo {
    /// The node name (SELF_INFO).
    pub name: Option<String>,
    /// The node's Ed25519 public key (SELF_INFO).
    pub public_key: Option<[u8; 32]>,
    /// Manufacturer and model (DEVICE_INFO, firmware protocol 3 and later).
    pub model: Option<String>,
    /// Firmware version text (DEVICE_INFO).
    pub firmware: Option<String>,
    /// Firmware build date (DEVICE_INFO).
    pub build_date: Option<String>,
    /// The firmware's protocol version code (DEVICE_INFO).
    pub firmware_code: Option<u8>,
    /// Radio frequency, MHz (SELF_INFO).
    pub frequency_mhz: Option<f64>,
    /// Bandwidth, kHz (SELF_INFO).
    pub bandwidth_khz: Option<f64>,
    /// LoRa spreading factor (SELF_INFO).
    pub spreading_factor: Option<u8>,
    /// LoRa coding rate, the `x` of 4/x (SELF_INFO).
    pub coding_rate: Option<u8>,
    /// Transmit power, dBm (SELF_INFO).
    pub tx_power_dbm: Option<i8>,
}

/// One radio's protocol state and what it delivered, kept across reconnections.
#[derive(Debug, Clone)]
pub struct RadioLink {
    session: Session,
    pending: Pending,
    info: RadioInfo,
    observer: Option<u32>,
    held: Batch,
    opened_at_ms: i64,
    stream_offset: u64,
    garbage_seen: u64,
}

impl RadioLink {
    /// A link delivering into `pending`; call [`RadioLink::start`] once the port is open.
    pub fn new(pending: Pending) -> Self {
        RadioLink {
            session: Session::new(),
            pending,
            info: RadioInfo::default(),
            observer: None,
            held: Batch::new(),
            opened_at_ms: 0,
            stream_offset: 0,
            garbage_seen: 0,
        }
    }

    /// Starts a connection at `now_ms`: a fresh framer, and the handshake (DEVICE_QUERY, APP_START)
    /// appended to `out` for the caller to write. The observer is named anew by SELF_INFO (the port
    /// may now be another radio); the received data and the observer table are kept.
    pub fn start(&mut self, now_ms: i64, out: &mut Vec<u8>) {
        if self.session.phase() != Phase::NotStarted {
            self.connection_lost();
        }
        self.session = Session::new();
        self.session.start(out);
        self.pending.counters_mut().connections += 1;
        self.observer = None;
        self.opened_at_ms = now_ms;
        self.stream_offset = 0;
        self.garbage_seen = 0;
    }

    /// Reads bytes from the port received at `now_ms`. Returns whether [`RadioLink::info`] changed.
    pub fn receive(&mut self, bytes: &[u8], now_ms: i64) -> bool {
        self.pending.counters_mut().bytes += bytes.len() as u64;
        let mut changed = false;
        let mut identified = false;
        let mut rest = bytes;
        while !rest.is_empty() {
            let RadioLink {
                session,
                pending,
                info,
                observer,
                held,
                stream_offset,
                ..
            } = self;
            let (used, event) = session.receive(rest);
            *stream_offset += used as u64;
            rest = rest.get(used..).unwrap_or_default();
            let Some(event) = event else {
                continue;
            };
            pending.counters_mut().messages += 1;
            match event {
                Event::Packet(log) => {
                    let frame_start =
                        stream_offset.saturating_sub(FRAME_HEADER_LEN + log.buffer_len() as u64);
                    let observation = Observation {
                        timestamp_ms: now_ms,
                        snr_db: Some(log.snr_db()),
                        rssi_dbm: Some(i16::from(log.rssi_dbm)),
                        observer: observer.unwrap_or_default(),
                        source: frame_start,
                    };
                    let position = Position::Byte(frame_start);
                    match observer {
                        Some(_) => {
                            pending.push(observation, log.packet, position);
                        }
                        None if log.packet.is_empty() || !held.push(observation, log.packet) => {
                            pending.push(observation, log.packet, position);
                        }
                        None => {}
                    }
                }
                Event::DeviceInfo(device) => {
                    info.firmware_code = Some(device.fw_ver_code);
                    if let Some(details) = device.details {
                        info.model = Some(details.model().into_owned());
                        info.firmware = Some(details.version().into_owned());
                        info.build_date = Some(details.build_date().into_owned());
                    }
                    changed = true;
                }
                Event::SelfInfo(me) => {
                    let name = me.name().into_owned();
                    info.name = Some(name.clone());
                    info.public_key = Some(*me.public_key);
                    info.frequency_mhz = Some(f64::from(me.frequency_khz) / 1000.0);
                    info.bandwidth_khz = Some(f64::from(me.bandwidth_hz) / 1000.0);
                    info.spreading_factor = Some(me.spreading_factor);
                    info.coding_rate = Some(me.coding_rate);
                    info.tx_power_dbm = Some(me.tx_power_dbm);
                    let identity = ObserverInfo {
                        id: Some(*me.public_key),
                        name: Some(name),
                        iata: None,
                    };
                    *observer = Some(pending.intern(&identity));
                    changed = true;
                    identified = true;
                }
                Event::Malformed { offset, error } => pending.report(BadRecord {
                    position: Position::Byte(offset),
                    field: None,
                    column: None,
                    reason: BadReason::MalformedFrame(error),
                }),
                Event::Trace(_)
                | Event::RawData(_)
                | Event::Ok(_)
                | Event::RadioError(_)
                | Event::Other { .. } => pending.counters_mut().ignored += 1,
            }
        }
        if identified {
            self.flush_held();
        }
        let garbage = self.session.framer_stats().garbage_bytes;
        self.pending.counters_mut().skipped_bytes += garbage.saturating_sub(self.garbage_seen);
        self.garbage_seen = garbage;
        self.settle(now_ms);
        changed
    }

    /// Gives held packets to the provisional observer once SELF_INFO is overdue at `now_ms`.
    pub fn settle(&mut self, now_ms: i64) {
        if self.observer.is_none()
            && now_ms.saturating_sub(self.opened_at_ms) >= HANDSHAKE_TIMEOUT_MS
        {
            self.observer = Some(self.provisional());
            self.flush_held();
        }
    }

    /// Records that the port closed or was lost: held packets go to the provisional observer (no
    /// SELF_INFO will come on this connection), and a frame cut off by the loss is reported.
    pub fn connection_lost(&mut self) {
        if let Some(frame) = self.session.pending() {
            self.pending.report(BadRecord {
                position: Position::Byte(frame.offset),
                field: None,
                column: None,
                reason: BadReason::Truncated,
            });
        }
        self.session = Session::new();
        if self.observer.is_none() && !self.held.is_empty() {
            self.observer = Some(self.provisional());
        }
        self.flush_held();
    }

    /// What the radio said about itself.
    pub fn info(&self) -> &RadioInfo {
        &self.info
    }

    /// The observer index packets are attributed to, once known.
    pub fn observer(&self) -> Option<u32> {
        self.observer
    }

    /// Packets waiting for the observer to be known.
    pub fn held(&self) -> usize {
        self.held.records().len()
    }

    /// The buffer packets are delivered to.
    pub fn pending(&self) -> &Pending {
        &self.pending
    }

    /// Settles the observer at `now_ms`, then drains the buffer into `deliver` (see
    /// [`Pending::drain`]). Held packets are not delivered before their observer is known.
    pub fn drain(&mut self, now_ms: i64, deliver: impl FnOnce(&Batch, &[ObserverInfo])) {
        self.settle(now_ms);
        self.pending.drain(deliver);
    }

    fn provisional(&mut self) -> u32 {
        self.pending.intern(&ObserverInfo {
            id: None,
            name: Some(PROVISIONAL_NAME.to_owned()),
            iata: None,
        })
    }

    /// Moves held packets to the buffer under the known observer (no-op while it is unknown).
    fn flush_held(&mut self) {
        let Some(observer) = self.observer else {
            return;
        };
        for (observation, packet) in self.held.iter() {
            let observation = Observation {
                observer,
                ..*observation
            };
            self.pending
                .push(observation, packet, Position::Byte(observation.source));
        }
        self.held.clear();
    }
}
