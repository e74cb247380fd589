//! [`SerialSource`]: a companion radio on Web Serial, driving a [`RadioLink`].
//!
//! The port is any object with `open`, `close`, `readable`, `writable` and `addEventListener`: a real
//! `SerialPort` from [`SerialSource::request_port`], or a scripted one in tests. A read loop feeds the
//! link; an unplug (`disconnect` event, a read error, the stream ending) leaves the source
//! `Unplugged` with everything received kept, and [`SerialSource::reconnect`] opens the same or
//! another port. Dropping the source cancels the read, releases the streams and closes the port.

use core::fmt;
use std::cell::RefCell;
use std::future::Future;
use std::rc::{Rc, Weak};

use gloo_timers::callback::Interval;
use js_sys::{Object, Promise};
use leptos::prelude::{ArcRwSignal, Set, Signal};
use wasm_bindgen::JsValue;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::{JsFuture, spawn_local};

use super::js::{call, call_async, error_message, error_name, get, now_ms};
use super::pending::{DEFAULT_CAPACITY, Pending};
use super::radio::{HANDSHAKE_TIMEOUT_MS, RadioInfo, RadioLink};
use super::serial_port::{OpenPort, chunk_bytes, looks_like_port, open};
use super::state::{LiveCounters, SourceState};
use super::status::{Signals, Status};
use crate::companion::{self, AdvertScope, Command};
use crate::ingest::{Batch, ObserverInfo};

/// Why a serial request failed. `Copy`, no allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SerialError {
    /// This browser has no Web Serial (`navigator.serial`): Chromium-based browsers on a secure
    /// origin have it.
    Unsupported,
    /// The user closed the port chooser without choosing.
    NoPortChosen,
    /// The browser refused (no user gesture, or a permissions policy).
    NotAllowed,
    /// `requestPort` failed otherwise.
    RequestFailed,
    /// The object given is not a serial port (no `open`, `close` or `addEventListener`).
    NotAPort,
    /// The port is not open: nothing can be sent.
    NotOpen,
    /// The command's arguments do not fit a frame (see [`Command::emit`]).
    BadCommand(companion::Error),
}

impl fmt::Display for SerialError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SerialError::Unsupported => write!(
                f,
                "this browser has no Web Serial; use a Chromium-based browser"
            ),
            SerialError::NoPortChosen => write!(f, "no port was chosen"),
            SerialError::NotAllowed => write!(f, "the browser did not allow opening a port"),
            SerialError::RequestFailed => write!(f, "the port request failed"),
            SerialError::NotAPort => write!(f, "not a serial port"),
            SerialError::NotOpen => write!(f, "the port is not open"),
            SerialError::BadCommand(error) => write!(f, "command not sent: {error}"),
        }
    }
}

impl std::error::Error for SerialError {}

/// What the read loop and the callbacks share.
struct Shared {
    link: RadioLink,
    port: JsValue,
    open: Option<OpenPort>,
    /// Bumped by every connect and every loss: a read loop or listener of an older one stops.
    generation: u64,
    opened_at_ms: i64,
    status: Status,
    radio: ArcRwSignal<Option<RadioInfo>>,
    _ticker: Interval,
    this: Weak<RefCell<Shared>>,
}

/// A companion radio on a serial port. See the module documentation.
pub struct SerialSource {
    shared: Rc<RefCell<Shared>>,
    signals: Signals,
    radio: ArcRwSignal<Option<RadioInfo>>,
}

impl SerialSource {
    /// Whether this browser has Web Serial.
    pub fn is_supported() -> bool {
        serial().is_ok()
    }

    /// Asks the user for a port. Call it from a click handler: the browser's chooser needs the user
    /// gesture, and the request is made before this returns.
    pub fn request_port() -> impl Future<Output = Result<JsValue, SerialError>> {
        let request = serial().and_then(|serial| {
            call(&serial, "requestPort", &[&Object::new()]).map_err(|_| SerialError::RequestFailed)
        });
        async move {
            let port = JsFuture::from(Promise::resolve(&request?)).await;
            port.map_err(|error| match error_name(&error).as_deref() {
                Some("NotFoundError" | "AbortError") => SerialError::NoPortChosen,
                Some("SecurityError" | "NotAllowedError") => SerialError::NotAllowed,
                _ => SerialError::RequestFailed,
            })
        }
    }

    /// Opens `port` (115200 baud), starts the handshake and the read loop.
    pub fn connect(port: JsValue) -> Result<Self, SerialError> {
        Self::connect_with(port, DEFAULT_CAPACITY)
    }

    /// [`SerialSource::connect`], holding at most `capacity` records between drains.
    pub fn connect_with(port: JsValue, capacity: usize) -> Result<Self, SerialError> {
        if !looks_like_port(&port) {
            return Err(SerialError::NotAPort);
        }
        let status = Status::new(SourceState::Connecting);
        let signals = status.signals();
        let radio = ArcRwSignal::new(None);
        let shared = Rc::new_cyclic(|this: &Weak<RefCell<Shared>>| {
            let weak = this.clone();
            RefCell::new(Shared {
                link: RadioLink::new(Pending::new(capacity)),
                port,
                open: None,
                generation: 0,
                opened_at_ms: 0,
                status,
                radio: radio.clone(),
                _ticker: Interval::new(1_000, move || {
                    with_current(&weak, None, tick);
                }),
                this: this.clone(),
            })
        });
        let source = SerialSource {
            shared,
            signals,
            radio,
        };
        source.reconnect(None)?;
        Ok(source)
    }

    /// Closes the current connection, if any, and opens `port` (or the same port again).
    pub fn reconnect(&self, port: Option<JsValue>) -> Result<(), SerialError> {
        if port.as_ref().is_some_and(|port| !looks_like_port(port)) {
            return Err(SerialError::NotAPort);
        }
        let Ok(mut shared) = self.shared.try_borrow_mut() else {
            return Ok(());
        };
        let closing = shared.open.take().and_then(|mut open| open.release());
        if closing.is_some() {
            shared.link.connection_lost();
        }
        if let Some(port) = port {
            shared.port = port;
        }
        shared.generation += 1;
        shared.status.set(SourceState::Connecting);
        let (weak, generation, port) =
            (shared.this.clone(), shared.generation, shared.port.clone());
        drop(shared);
        spawn_local(async move {
            if let Some(closing) = closing {
                let _ = JsFuture::from(closing).await;
            }
            run(weak, generation, port).await;
        });
        Ok(())
    }

    /// The state as a signal (call inside a reactive owner, once per view): `Connecting`,
    /// `Handshaking` until SELF_INFO (or [`HANDSHAKE_TIMEOUT_MS`]), `Live`, `Unplugged`, `Stopped`.
    pub fn state(&self) -> Signal<SourceState> {
        self.signals.state()
    }

    /// The counters as a signal, refreshed once a second.
    pub fn counters(&self) -> Signal<LiveCounters> {
        self.signals.counters()
    }

    /// What the radio said about itself, once it has.
    pub fn radio(&self) -> Signal<Option<RadioInfo>> {
        self.radio.clone().into()
    }

    /// The counters now.
    pub fn counters_now(&self) -> LiveCounters {
        self.shared
            .try_borrow()
            .map(|shared| shared.link.pending().counters())
            .unwrap_or_default()
    }

    /// Hands what arrived since the last call to `deliver`, with the observer table its records
    /// index. Packets wait for the radio to name itself (see [`RadioLink`]). `deliver` must not call
    /// this source.
    pub fn drain(&self, deliver: impl FnOnce(&Batch, &[ObserverInfo])) {
        if let Ok(mut shared) = self.shared.try_borrow_mut() {
            shared.link.drain(now_ms(), deliver);
        }
    }

    /// Asks the radio to send its advert, to its neighbours or flooded.
    pub fn send_advert(&self, scope: AdvertScope) -> Result<(), SerialError> {
        self.send(Command::SendSelfAdvert(scope))
    }

    /// Asks the radio to send a trace along `route` (whole hashes of `1 << (flags & 3)` bytes); the
    /// answer comes back as TRACE_DATA.
    pub fn send_trace(
        &self,
        tag: u32,
        auth_code: u32,
        flags: u8,
        route: &[u8],
    ) -> Result<(), SerialError> {
        self.send(Command::SendTracePath {
            tag,
            auth_code,
            flags,
            route,
        })
    }

    /// Closes the port; what was received stays drainable, and [`SerialSource::reconnect`] opens it
    /// again.
    pub fn stop(&self) {
        if let Ok(mut shared) = self.shared.try_borrow_mut() {
            if shared.open.take().is_some() {
                shared.link.connection_lost();
            }
            shared.generation += 1;
            shared.status.set(SourceState::Stopped {
                reason: "stopped".to_owned(),
            });
        }
    }

    fn send(&self, command: Command<'_>) -> Result<(), SerialError> {
        let mut frame = Vec::new();
        command.emit(&mut frame).map_err(SerialError::BadCommand)?;
        let shared = self.shared.try_borrow().map_err(|_| SerialError::NotOpen)?;
        let open = shared.open.as_ref().ok_or(SerialError::NotOpen)?;
        open.write(&frame);
        Ok(())
    }
}

/// `navigator.serial`, or [`SerialError::Unsupported`].
fn serial() -> Result<JsValue, SerialError> {
    let navigator = get(&js_sys::global(), "navigator").map_err(|_| SerialError::Unsupported)?;
    match get(&navigator, "serial") {
        Ok(serial) if serial.is_object() => Ok(serial),
        _ => Err(SerialError::Unsupported),
    }
}

/// Runs `f` if the source still exists, is not busy, and (given a generation) is still on it.
fn with_current<T>(
    weak: &Weak<RefCell<Shared>>,
    generation: Option<u64>,
    f: impl FnOnce(&mut Shared) -> T,
) -> Option<T> {
    let shared = weak.upgrade()?;
    let mut shared = shared.try_borrow_mut().ok()?;
    if generation.is_some_and(|generation| generation != shared.generation) {
        return None;
    }
    Some(f(&mut shared))
}

/// Opens the port, locks its streams, writes the handshake, then reads until the port goes away.
async fn run(weak: Weak<RefCell<Shared>>, generation: u64, port: JsValue) {
    let opened = open(&port).await;
    let reader = with_current(&weak, Some(generation), |shared| {
        if let Err(error) = opened {
            shared.generation += 1;
            shared.status.set(SourceState::Stopped {
                reason: format!("could not open the port: {}", error_message(&error)),
            });
            return None;
        }
        let listener = {
            let weak = weak.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |_| {
                with_current(&weak, Some(generation), |shared| {
                    lost(shared, "the device was disconnected")
                });
            })
        };
        match OpenPort::lock(&port, listener) {
            Ok(open) => {
                let now = now_ms();
                let mut handshake = Vec::new();
                shared.link.start(now, &mut handshake);
                open.write(&handshake);
                let reader = open.reader();
                shared.open = Some(open);
                shared.opened_at_ms = now;
                shared.status.set(SourceState::Handshaking);
                Some(reader)
            }
            Err(error) => {
                lost(shared, &error_message(&error));
                None
            }
        }
    })
    .flatten();
    let Some(reader) = reader else {
        return;
    };
    loop {
        let result = call_async(&reader, "read", &[]).await;
        let more = with_current(&weak, Some(generation), |shared| match result {
            Ok(chunk) => match chunk_bytes(&chunk) {
                Some(bytes) => {
                    received(shared, &bytes);
                    true
                }
                None => {
                    lost(shared, "the port closed");
                    false
                }
            },
            Err(error) => {
                lost(shared, &error_message(&error));
                false
            }
        });
        if more != Some(true) {
            return;
        }
    }
}

/// Bytes from the radio: into the link; radio info and the state follow.
fn received(shared: &mut Shared, bytes: &[u8]) {
    let now = now_ms();
    if shared.link.receive(bytes, now) {
        shared.radio.set(Some(shared.link.info().clone()));
    }
    if shared.link.info().public_key.is_some() {
        shared.status.go_live(now);
    }
}

/// The port went away: keep what was received, release the port, show `Unplugged`.
fn lost(shared: &mut Shared, reason: &str) {
    shared.generation += 1;
    shared.open = None;
    shared.link.connection_lost();
    shared.status.set(SourceState::Unplugged {
        reason: reason.to_owned(),
    });
}

/// The one-second tick: live after the handshake deadline even without SELF_INFO; counters and rate.
fn tick(shared: &mut Shared) {
    let now = now_ms();
    let handshaking = shared.status.state() == SourceState::Handshaking;
    if handshaking && now.saturating_sub(shared.opened_at_ms) >= HANDSHAKE_TIMEOUT_MS {
        shared.status.go_live(now);
    }
    let counters = shared.link.pending().counters();
    shared.status.tick(now, counters);
}
