//! [`WebSocketSource`] and [`MqttSource`]: the public faces of a reconnecting WebSocket.

use core::fmt;

use leptos::prelude::Signal;

use super::backoff::BackoffPolicy;
use super::mqtt::{MqttFault, MqttOptions};
use super::socket::{SocketSource, Wire};
use super::state::{LiveCounters, SourceState};
use crate::ingest::{Batch, ObserverInfo};

/// Why a WebSocket source could not be created. `Copy`, no allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceError {
    /// The URL does not start with `ws://` or `wss://`.
    NotWebSocketUrl,
    /// The MQTT options cannot work (see [`MqttOptions::validate`]).
    Mqtt(MqttFault),
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceError::NotWebSocketUrl => write!(f, "not a ws:// or wss:// URL"),
            SourceError::Mqtt(fault) => write!(f, "{fault}"),
        }
    }
}

impl std::error::Error for SourceError {}

/// Settings shared by the WebSocket sources.
#[derive(Debug, Clone, PartialEq)]
pub struct SocketOptions {
    /// The reconnect policy.
    pub backoff: BackoffPolicy,
    /// The most records held between drains (see [`Pending::new`](super::Pending::new)).
    pub capacity: usize,
    /// The observer of messages that name none; `None` names it after the URL.
    pub default_observer: Option<ObserverInfo>,
}

impl Default for SocketOptions {
    fn default() -> Self {
        SocketOptions {
            backoff: BackoffPolicy::DEFAULT,
            capacity: super::pending::DEFAULT_CAPACITY,
            default_observer: None,
        }
    }
}

/// Whether `url` is a WebSocket URL (`ws://` or `wss://`, any case).
fn is_websocket_url(url: &str) -> bool {
    let lower = url.trim().get(..6).unwrap_or_default().to_ascii_lowercase();
    lower.starts_with("ws://") || lower.starts_with("wss://")
}

/// A WebSocket feed of one packet per message: F.1 JSON (bare or `{topic, payload}`), MeshScope export
/// lines, hex text, or binary packets, each message classified on its own (see
/// [`MessageReader`](super::MessageReader)). It reconnects with the backoff policy; dropping it closes
/// the socket and stops every timer.
pub struct WebSocketSource {
    socket: SocketSource,
}

impl WebSocketSource {
    /// Connects to `url` with the default options.
    pub fn connect(url: &str) -> Result<Self, SourceError> {
        Self::connect_with(url, SocketOptions::default())
    }

    /// Connects to `url` with `options` (backoff, buffer capacity, default observer).
    pub fn connect_with(url: &str, options: SocketOptions) -> Result<Self, SourceError> {
        if !is_websocket_url(url) {
            return Err(SourceError::NotWebSocketUrl);
        }
        Ok(WebSocketSource {
            socket: SocketSource::start(url.trim(), Wire::Plain, options),
        })
    }

    /// The URL.
    pub fn url(&self) -> String {
        self.socket.url()
    }

    /// The state as a signal (call inside a reactive owner, once per view).
    pub fn state(&self) -> Signal<SourceState> {
        self.socket.signals().state()
    }

    /// The counters as a signal, refreshed once a second.
    pub fn counters(&self) -> Signal<LiveCounters> {
        self.socket.signals().counters()
    }

    /// The counters now.
    pub fn counters_now(&self) -> LiveCounters {
        self.socket.counters()
    }

    /// Hands what arrived since the last call to `deliver`, with the observer table its records
    /// index; see [`Pending::drain`](super::Pending::drain). `deliver` must not call this source.
    pub fn drain(&self, deliver: impl FnOnce(&Batch, &[ObserverInfo])) {
        self.socket.drain(deliver);
    }

    /// Reconnects now, forgetting the backoff (the user's "retry" button).
    pub fn reconnect(&self) {
        self.socket.reconnect();
    }

    /// Closes the socket and stops retrying; what was received stays drainable.
    pub fn stop(&self) {
        self.socket.stop("stopped");
    }
}

/// An MQTT 3.1.1 broker over WebSocket (subprotocol `mqtt`): CONNECT with a clean session, SUBSCRIBE
/// to the options' filter, each publish on a `packets`, `raw` or `status` topic read as F.1 (see
/// [`MessageReader::mqtt`](super::MessageReader::mqtt)). Keep-alive pings, a late PINGRESP or a lost
/// socket reconnect with the backoff policy; a refused login or subscription stops it.
pub struct MqttSource {
    socket: SocketSource,
}

impl MqttSource {
    /// Connects to the broker at `url` with `mqtt` and the default socket options.
    pub fn connect(url: &str, mqtt: MqttOptions) -> Result<Self, SourceError> {
        Self::connect_with(url, mqtt, SocketOptions::default())
    }

    /// Connects with `options` (backoff, buffer capacity, default observer).
    pub fn connect_with(
        url: &str,
        mqtt: MqttOptions,
        options: SocketOptions,
    ) -> Result<Self, SourceError> {
        if !is_websocket_url(url) {
            return Err(SourceError::NotWebSocketUrl);
        }
        mqtt.validate().map_err(SourceError::Mqtt)?;
        Ok(MqttSource {
            socket: SocketSource::start(url.trim(), Wire::Mqtt(mqtt), options),
        })
    }

    /// A client identifier `meshscope-<random>` for [`MqttOptions`].
    pub fn random_client_id() -> String {
        MqttOptions::client_id(super::js::random_u32())
    }

    /// The broker URL.
    pub fn url(&self) -> String {
        self.socket.url()
    }

    /// The state as a signal (call inside a reactive owner, once per view). `Handshaking` while the
    /// broker has not accepted the login and the subscription.
    pub fn state(&self) -> Signal<SourceState> {
        self.socket.signals().state()
    }

    /// The counters as a signal, refreshed once a second.
    pub fn counters(&self) -> Signal<LiveCounters> {
        self.socket.signals().counters()
    }

    /// The counters now.
    pub fn counters_now(&self) -> LiveCounters {
        self.socket.counters()
    }

    /// Hands what arrived since the last call to `deliver`; see [`WebSocketSource::drain`].
    pub fn drain(&self, deliver: impl FnOnce(&Batch, &[ObserverInfo])) {
        self.socket.drain(deliver);
    }

    /// Publishes `payload` on `topic` (QoS 0), retained if `retain`: to republish packets as an
    /// observer. Fails unless connected and subscribed, or for a topic with wildcards.
    pub fn publish(&self, topic: &str, payload: &[u8], retain: bool) -> Result<(), MqttFault> {
        self.socket.publish(topic, payload, retain)
    }

    /// Reconnects now, forgetting the backoff.
    pub fn reconnect(&self) {
        self.socket.reconnect();
    }

    /// Disconnects and stops retrying; what was received stays drainable.
    pub fn stop(&self) {
        self.socket.stop("stopped");
    }
}
