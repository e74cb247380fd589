//! [`MqttSession`]: one MQTT 3.1.1 client connection, sans I/O. Bytes from the broker in (split or
//! coalesced anywhere), publishes and bytes to send out, timers as deadlines the caller polls.
//!
//! The session sends CONNECT (clean session) at [`MqttSession::start`], SUBSCRIBE after a successful
//! CONNACK, PUBACK for each QoS 1 publish, and PINGREQ on the keep-alive; a PINGRESP that does not
//! come in time, a refused CONNACK or SUBACK, or a malformed packet ends it with an [`MqttFault`].

use mqtt_protocol_core::mqtt::connection::{ConnectionOptions, Event, TimerKind};
use mqtt_protocol_core::mqtt::packet::{
    GenericPacketTrait, Packet, Qos, SubEntry, SubOpts, v3_1_1,
};
use mqtt_protocol_core::mqtt::result_code::{ConnectReturnCode, MqttError};
use mqtt_protocol_core::mqtt::{Connection, Version, common::Cursor, role::Client};

use super::fault::MqttFault;
use super::options::MqttOptions;
use super::topic::is_valid_topic_name;

/// The largest packet accepted from the broker: 256 KiB (an F.1 message is a few hundred bytes). A
/// larger one ends the session before any buffer is allocated for it.
pub const MAX_PACKET_LEN: u32 = 256 << 10;

/// How far the session has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MqttPhase {
    /// [`MqttSession::start`] was not called.
    Idle,
    /// CONNECT sent, waiting for CONNACK.
    Connecting,
    /// CONNACK accepted, SUBSCRIBE sent, waiting for SUBACK.
    Subscribing,
    /// SUBACK accepted: publishes flow.
    Subscribed,
    /// Ended; [`MqttSession::fault`] says why. The caller closes the socket.
    Ended,
}

/// One client connection's protocol state.
pub struct MqttSession {
    connection: Connection<Client>,
    options: MqttOptions,
    phase: MqttPhase,
    timers: Vec<(TimerKind, i64)>,
    outgoing: Vec<u8>,
    fault: Option<MqttFault>,
    firing: Option<TimerKind>,
}

impl core::fmt::Debug for MqttSession {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("MqttSession")
            .field("phase", &self.phase)
            .field("timers", &self.timers)
            .field("fault", &self.fault)
            .finish_non_exhaustive()
    }
}

impl MqttSession {
    /// A session for `options`; fails on options the broker could never accept (see
    /// [`MqttOptions::validate`]).
    pub fn new(options: MqttOptions) -> Result<Self, MqttFault> {
        options.validate()?;
        let limits = ConnectionOptions::new().maximum_packet_size_recv(MAX_PACKET_LEN);
        let mut connection = Connection::<Client>::with_options(Version::V3_1_1, limits);
        connection.set_auto_pub_response(true);
        connection.set_pingresp_recv_timeout(u64::from(options.pingresp_timeout_ms));
        Ok(MqttSession {
            connection,
            options,
            phase: MqttPhase::Idle,
            timers: Vec::new(),
            outgoing: Vec::new(),
            fault: None,
            firing: None,
        })
    }

    /// How far the session has come.
    pub fn phase(&self) -> MqttPhase {
        self.phase
    }

    /// Why the session ended, once it has.
    pub fn fault(&self) -> Option<MqttFault> {
        self.fault
    }

    /// The options it was made with.
    pub fn options(&self) -> &MqttOptions {
        &self.options
    }

    /// Queues CONNECT (once the socket is open).
    pub fn start(&mut self, now_ms: i64) {
        if self.phase != MqttPhase::Idle {
            return;
        }
        self.phase = MqttPhase::Connecting;
        let connect = self.options.connect_packet();
        match connect {
            Ok(connect) => {
                let events = self.connection.checked_send(connect);
                self.handle(events, now_ms, &mut |_, _| {});
            }
            Err(error) => self.end(MqttFault::Protocol(error)),
        }
    }

    /// Reads bytes from the broker (any part of the stream: a packet may span calls, a call may hold
    /// several), calling `on_publish(topic, payload)` for each PUBLISH. Stops at the end of the
    /// session.
    pub fn receive(&mut self, bytes: &[u8], now_ms: i64, on_publish: &mut dyn FnMut(&str, &[u8])) {
        let mut cursor = Cursor::new(bytes);
        while self.phase != MqttPhase::Ended && (cursor.position() as usize) < bytes.len() {
            let before = cursor.position();
            let events = self.connection.recv(&mut cursor);
            self.handle(events, now_ms, on_publish);
            if cursor.position() == before {
                break;
            }
        }
    }

    /// The earliest timer deadline (unix milliseconds), if any: call [`MqttSession::poll`] then.
    pub fn next_deadline(&self) -> Option<i64> {
        self.timers.iter().map(|&(_, at)| at).min()
    }

    /// Fires the timers due at `now_ms`: PINGREQ on the keep-alive, the end of the session when a
    /// PINGRESP is late.
    pub fn poll(&mut self, now_ms: i64) {
        while self.phase != MqttPhase::Ended {
            let Some(index) = self.timers.iter().position(|&(_, at)| at <= now_ms) else {
                return;
            };
            let (kind, _) = self.timers.swap_remove(index);
            self.firing = Some(kind);
            let events = self.connection.notify_timer_fired(kind);
            self.handle(events, now_ms, &mut |_, _| {});
            self.firing = None;
        }
    }

    /// Queues a QoS 0 PUBLISH of `payload` on `topic` (a topic name, no wildcards), retained by the
    /// broker if `retain`. Only once subscribed.
    pub fn publish(
        &mut self,
        topic: &str,
        payload: &[u8],
        retain: bool,
        now_ms: i64,
    ) -> Result<(), MqttFault> {
        if !is_valid_topic_name(topic) {
            return Err(MqttFault::BadTopic);
        }
        if self.phase != MqttPhase::Subscribed {
            return Err(MqttFault::NotConnected);
        }
        let publish = v3_1_1::Publish::builder()
            .topic_name(topic)
            .map_err(|_| MqttFault::BadTopic)?
            .qos(Qos::AtMostOnce)
            .retain(retain)
            .payload(payload.to_vec())
            .build()
            .map_err(|_| MqttFault::BadTopic)?;
        let events = self.connection.checked_send(publish);
        self.handle(events, now_ms, &mut |_, _| {});
        Ok(())
    }

    /// Takes the bytes queued for the broker.
    pub fn take_outgoing(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.outgoing)
    }

    /// Records that the socket closed: the session ends with `fault` unless it had ended already.
    pub fn closed(&mut self, fault: MqttFault) {
        let events = self.connection.notify_closed();
        self.handle(events, 0, &mut |_, _| {});
        self.end(fault);
    }

    /// Applies the connection's events. A close request ends the session after the batch, with the
    /// error reported beside it (the library reports some errors without closing: those are ignored).
    fn handle(&mut self, events: Vec<Event>, now_ms: i64, on_publish: &mut dyn FnMut(&str, &[u8])) {
        let mut close = false;
        let mut error = None;
        for event in events {
            match event {
                Event::RequestSendPacket { packet, .. } => {
                    self.outgoing.extend(packet.to_continuous_buffer());
                }
                Event::NotifyPacketReceived(packet) => self.received(packet, now_ms, on_publish),
                Event::RequestTimerReset { kind, duration_ms } => {
                    self.timers.retain(|&(timer, _)| timer != kind);
                    let duration = i64::try_from(duration_ms).unwrap_or(i64::MAX);
                    self.timers.push((kind, now_ms.saturating_add(duration)));
                }
                Event::RequestTimerCancel(kind) => self.timers.retain(|&(timer, _)| timer != kind),
                Event::NotifyError(reported) => error = Some(reported),
                Event::RequestClose => close = true,
                Event::NotifyPacketIdReleased(_) => {}
            }
        }
        if close {
            let fault = match (self.firing, error) {
                (Some(TimerKind::PingrespRecv), _) => MqttFault::PingTimeout,
                (_, Some(error)) => MqttFault::Protocol(error),
                (_, None) => MqttFault::Protocol(MqttError::ProtocolError),
            };
            self.end(fault);
        }
    }

    fn received(&mut self, packet: Packet, now_ms: i64, on_publish: &mut dyn FnMut(&str, &[u8])) {
        match packet {
            Packet::V3_1_1Connack(connack) => match connack.return_code() {
                ConnectReturnCode::Accepted => self.subscribe(now_ms),
                refused => self.end(MqttFault::ConnectRefused(refused as u8)),
            },
            Packet::V3_1_1Suback(suback) => {
                if suback.return_codes().iter().all(|code| code.is_success()) {
                    self.phase = MqttPhase::Subscribed;
                } else {
                    self.end(MqttFault::SubscribeRefused);
                }
            }
            Packet::V3_1_1Publish(publish) if self.phase != MqttPhase::Ended => {
                on_publish(publish.topic_name(), publish.payload().as_slice());
            }
            _ => {}
        }
    }

    fn subscribe(&mut self, now_ms: i64) {
        let subscribe = self.connection.acquire_packet_id().and_then(|id| {
            let options = SubOpts::new().set_qos(Qos::AtLeastOnce);
            let entry = SubEntry::new(self.options.filter.as_str(), options)?;
            v3_1_1::Subscribe::builder()
                .entries(vec![entry])
                .packet_id(id)
                .build()
        });
        match subscribe {
            Ok(subscribe) => {
                self.phase = MqttPhase::Subscribing;
                let events = self.connection.checked_send(subscribe);
                self.handle(events, now_ms, &mut |_, _| {});
            }
            Err(error) => self.end(MqttFault::Protocol(error)),
        }
    }

    /// Ends the session with `fault`, unless it had ended already (the first fault is the cause).
    fn end(&mut self, fault: MqttFault) {
        if self.phase == MqttPhase::Ended {
            return;
        }
        self.phase = MqttPhase::Ended;
        self.fault = Some(fault);
        self.timers.clear();
    }
}
