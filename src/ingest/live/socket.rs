//! [`SocketSource`]: one WebSocket that reconnects with the backoff policy, carrying either plain
//! packet messages or MQTT. [`WebSocketSource`](super::WebSocketSource) and
//! [`MqttSource`](super::MqttSource) are its two faces.
//!
//! The socket's callbacks hold only a weak reference to the shared state, so dropping the source
//! frees it: the socket's handlers are cleared and the socket closed, the retry timeout and the
//! one-second ticker are dropped, and no callback runs afterwards.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo_timers::callback::{Interval, Timeout};
use js_sys::{ArrayBuffer, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{BinaryType, CloseEvent, Event, MessageEvent, WebSocket};

use super::backoff::Backoff;
use super::js::{error_message, now_ms, random_unit};
use super::message::MessageReader;
use super::mqtt::{MqttFault, MqttOptions, MqttPhase, MqttSession};
use super::pending::Pending;
use super::state::SourceState;
use super::status::{Signals, Status};
use super::websocket::SocketOptions;
use crate::ingest::ObserverInfo;

/// How long an MQTT broker has to accept the login and the subscription: 15 s.
const MQTT_HANDSHAKE_TIMEOUT_MS: i64 = 15_000;

/// The WebSocket subprotocol MQTT brokers expect.
const MQTT_SUBPROTOCOL: &str = "mqtt";

/// What runs over the socket.
#[derive(Debug, Clone)]
pub(super) enum Wire {
    /// One packet per message (F.1 JSON, export lines, hex text, binary packets).
    Plain,
    /// MQTT 3.1.1 in binary messages.
    Mqtt(MqttOptions),
}

/// The live socket with its handlers; dropping it clears the handlers and closes the socket.
struct Connection {
    socket: WebSocket,
    opened_at_ms: Option<i64>,
    _on_open: Closure<dyn FnMut(Event)>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut(CloseEvent)>,
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.socket.set_onopen(None);
        self.socket.set_onmessage(None);
        self.socket.set_onclose(None);
        self.socket.set_onerror(None);
        let _ = self.socket.close_with_code(1000);
    }
}

/// Everything the callbacks share.
struct Shared {
    url: String,
    wire: Wire,
    reader: MessageReader,
    pending: Pending,
    backoff: Backoff,
    status: Status,
    connection: Option<Connection>,
    session: Option<MqttSession>,
    retry: Option<Timeout>,
    _ticker: Interval,
    stopped: bool,
    this: Weak<RefCell<Shared>>,
}

/// A reconnecting WebSocket source.
pub(super) struct SocketSource {
    shared: Rc<RefCell<Shared>>,
    signals: Signals,
}

impl SocketSource {
    /// Starts connecting to `url` (already checked to be `ws:` or `wss:`).
    pub(super) fn start(url: &str, wire: Wire, options: SocketOptions) -> SocketSource {
        let observer = options.default_observer.unwrap_or_else(|| ObserverInfo {
            id: None,
            name: Some(url.to_owned()),
            iata: None,
        });
        let status = Status::new(SourceState::Connecting);
        let signals = status.signals();
        let shared = Rc::new_cyclic(|this: &Weak<RefCell<Shared>>| {
            let weak = this.clone();
            RefCell::new(Shared {
                url: url.to_owned(),
                wire,
                reader: MessageReader::new(observer),
                pending: Pending::new(options.capacity),
                backoff: Backoff::new(options.backoff),
                status,
                connection: None,
                session: None,
                retry: None,
                _ticker: Interval::new(1_000, move || with_shared(&weak, tick)),
                stopped: false,
                this: this.clone(),
            })
        });
        connect(&Rc::downgrade(&shared));
        SocketSource { shared, signals }
    }

    /// Runs `f` on the shared state; `None` if it is busy (a call from inside `drain`'s callback).
    fn with<T>(&self, f: impl FnOnce(&mut Shared) -> T) -> Option<T> {
        self.shared
            .try_borrow_mut()
            .ok()
            .map(|mut shared| f(&mut shared))
    }

    pub(super) fn url(&self) -> String {
        self.with(|shared| shared.url.clone()).unwrap_or_default()
    }

    pub(super) fn signals(&self) -> &Signals {
        &self.signals
    }

    pub(super) fn drain(&self, deliver: impl FnOnce(&crate::ingest::Batch, &[ObserverInfo])) {
        self.with(|shared| shared.pending.drain(deliver));
    }

    pub(super) fn counters(&self) -> super::state::LiveCounters {
        self.with(|shared| shared.pending.counters())
            .unwrap_or_default()
    }

    /// Drops the connection and any scheduled retry, and connects again at once.
    pub(super) fn reconnect(&self) {
        let restarted = self.with(|shared| {
            shared.stopped = false;
            shared.retry = None;
            shared.connection = None;
            shared.session = None;
            shared.backoff.reset();
        });
        if restarted.is_some() {
            connect(&Rc::downgrade(&self.shared));
        }
    }

    /// Closes the connection for good (what was received stays drainable).
    pub(super) fn stop(&self, reason: &str) {
        self.with(|shared| {
            shared.stopped = true;
            shared.retry = None;
            shared.connection = None;
            shared.session = None;
            shared.status.set(SourceState::Stopped {
                reason: reason.to_owned(),
            });
        });
    }

    /// Queues an MQTT publish; see [`MqttSession::publish`].
    pub(super) fn publish(
        &self,
        topic: &str,
        payload: &[u8],
        retain: bool,
    ) -> Result<(), MqttFault> {
        self.with(|shared| {
            let session = shared.session.as_mut().ok_or(MqttFault::NotConnected)?;
            session.publish(topic, payload, retain, now_ms())?;
            flush_mqtt(shared);
            Ok(())
        })
        .unwrap_or(Err(MqttFault::NotConnected))
    }
}

/// Runs `f` on the shared state if the source still exists and is not busy.
fn with_shared(weak: &Weak<RefCell<Shared>>, f: impl FnOnce(&mut Shared)) {
    if let Some(shared) = weak.upgrade()
        && let Ok(mut state) = shared.try_borrow_mut()
    {
        f(&mut state);
    }
}

/// Opens a new socket with its handlers.
fn connect(weak: &Weak<RefCell<Shared>>) {
    with_shared(weak, |shared| {
        let weak = &shared.this;
        shared.retry = None;
        shared.connection = None;
        shared.session = None;
        shared.status.set(SourceState::Connecting);
        let socket = match &shared.wire {
            Wire::Plain => WebSocket::new(&shared.url),
            Wire::Mqtt(_) => WebSocket::new_with_str(&shared.url, MQTT_SUBPROTOCOL),
        };
        let socket = match socket {
            Ok(socket) => socket,
            Err(error) => {
                shared.stopped = true;
                shared.status.set(SourceState::Stopped {
                    reason: error_message(&error),
                });
                return;
            }
        };
        socket.set_binary_type(BinaryType::Arraybuffer);
        let on_open = {
            let weak = weak.clone();
            Closure::<dyn FnMut(Event)>::new(move |_| with_shared(&weak, opened))
        };
        let on_message = {
            let weak = weak.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                with_shared(&weak, |shared| received(shared, &event))
            })
        };
        let on_close = {
            let weak = weak.clone();
            Closure::<dyn FnMut(CloseEvent)>::new(move |event: CloseEvent| {
                let reason = match event.reason() {
                    text if text.is_empty() => format!("closed (code {})", event.code()),
                    text => format!("closed (code {}: {text})", event.code()),
                };
                with_shared(&weak, |shared| {
                    lost(shared, &reason, MqttFault::SocketClosed)
                })
            })
        };
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        shared.connection = Some(Connection {
            socket,
            opened_at_ms: None,
            _on_open: on_open,
            _on_message: on_message,
            _on_close: on_close,
        });
    });
}

/// The socket opened: a plain feed is live; MQTT sends CONNECT.
fn opened(shared: &mut Shared) {
    let now = now_ms();
    shared.pending.counters_mut().connections += 1;
    if let Some(connection) = &mut shared.connection {
        connection.opened_at_ms = Some(now);
    }
    match &shared.wire {
        Wire::Plain => {
            shared.backoff.connected(now);
            shared.status.go_live(now);
        }
        Wire::Mqtt(options) => match MqttSession::new(options.clone()) {
            Ok(mut session) => {
                session.start(now);
                shared.session = Some(session);
                shared.status.set(SourceState::Handshaking);
                flush_mqtt(shared);
            }
            Err(fault) => stop_for(shared, fault),
        },
    }
}

/// A message arrived.
fn received(shared: &mut Shared, event: &MessageEvent) {
    let now = now_ms();
    let data = event.data();
    if let Some(text) = data.as_string() {
        match shared.wire {
            Wire::Plain => shared
                .reader
                .text(&mut shared.pending, text.as_bytes(), now),
            // MQTT over WebSocket is binary only (MQTT 3.1.1 section 6).
            Wire::Mqtt(_) => lost(
                shared,
                "the broker sent a text message",
                MqttFault::SocketClosed,
            ),
        }
        return;
    }
    let Some(buffer) = data.dyn_ref::<ArrayBuffer>() else {
        return;
    };
    let bytes = Uint8Array::new(buffer).to_vec();
    let Shared {
        reader,
        pending,
        session,
        wire,
        ..
    } = shared;
    match (wire, session) {
        (Wire::Plain, _) => reader.binary(pending, &bytes, now),
        (Wire::Mqtt(_), Some(session)) => {
            session.receive(&bytes, now, &mut |topic, payload| {
                reader.mqtt(pending, topic, payload, now)
            });
            flush_mqtt(shared);
        }
        (Wire::Mqtt(_), None) => {}
    }
}

/// Sends what the MQTT session queued, then follows its phase: live once subscribed, and the end of
/// the connection when it ended.
fn flush_mqtt(shared: &mut Shared) {
    let Some(session) = &mut shared.session else {
        return;
    };
    let outgoing = session.take_outgoing();
    if !outgoing.is_empty()
        && let Some(connection) = &shared.connection
    {
        let _ = connection.socket.send_with_u8_array(&outgoing);
    }
    match (session.phase(), session.fault()) {
        (MqttPhase::Subscribed, _) => {
            let now = now_ms();
            if !shared.status.state().is_live() {
                shared.backoff.connected(now);
                shared.status.go_live(now);
            }
        }
        (MqttPhase::Ended, Some(fault)) if fault.is_fatal() => stop_for(shared, fault),
        (MqttPhase::Ended, fault) => {
            let reason = fault.map_or_else(|| "session ended".to_owned(), |f| f.to_string());
            schedule_retry(shared, &reason);
        }
        _ => {}
    }
}

/// The connection was lost (closed by the peer, or broken): retry later.
fn lost(shared: &mut Shared, reason: &str, fault: MqttFault) {
    if let Some(session) = &mut shared.session {
        session.closed(fault);
    }
    schedule_retry(shared, reason);
}

/// Drops the connection and schedules the next attempt with the backoff policy.
fn schedule_retry(shared: &mut Shared, reason: &str) {
    shared.connection = None;
    shared.session = None;
    if shared.stopped {
        return;
    }
    let retry = shared.backoff.failed(now_ms(), random_unit());
    shared.status.set(SourceState::Retrying {
        attempt: retry.attempt,
        in_ms: retry.delay_ms,
        reason: reason.to_owned(),
    });
    let weak = shared.this.clone();
    shared.retry = Some(Timeout::new(retry.delay_ms, move || connect(&weak)));
}

/// A failure retrying cannot fix: stop with its reason.
fn stop_for(shared: &mut Shared, fault: MqttFault) {
    shared.stopped = true;
    shared.connection = None;
    shared.session = None;
    shared.retry = None;
    shared.status.set(SourceState::Stopped {
        reason: fault.to_string(),
    });
}

/// The one-second tick: MQTT timers, the MQTT handshake deadline, counters and packet rate.
fn tick(shared: &mut Shared) {
    let now = now_ms();
    if let Some(session) = &mut shared.session {
        session.poll(now);
        let opened_at = shared.connection.as_ref().and_then(|c| c.opened_at_ms);
        let late = opened_at.is_some_and(|at| now.saturating_sub(at) >= MQTT_HANDSHAKE_TIMEOUT_MS);
        if late && session.phase() != MqttPhase::Subscribed && session.phase() != MqttPhase::Ended {
            session.closed(MqttFault::SocketClosed);
            schedule_retry(shared, "the broker did not answer the login in time");
            return;
        }
        flush_mqtt(shared);
    }
    let counters = shared.pending.counters();
    shared.status.tick(now, counters);
}
