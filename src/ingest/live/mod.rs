//! Live packet sources: a companion radio over Web Serial, a WebSocket feed, an MQTT broker over
//! WebSocket. Each turns what it receives into observations with the parsers the file upload uses.
//!
//! # The contract with the app
//!
//! The app creates a source and keeps it (in a `StoredValue::new_local` or an `Rc`); dropping it stops
//! it: sockets and ports close, timers stop, no callback runs afterwards. Each source
//! - accumulates what it receives in its own [`Pending`] buffer: a [`Batch`](crate::ingest::Batch), the
//!   observer table its records index, and [`LiveCounters`];
//! - hands that over through `drain(|batch, observers| ..)`, which the app calls once per animation
//!   frame to ingest one batch per frame;
//! - shows what it is doing as a Leptos signal of [`SourceState`] (and [`RadioInfo`] for the radio);
//! - never panics: every failure becomes a state, or a counted bad record with its reason.
//!
//! # Layout
//!
//! The protocol halves are plain Rust, tested natively: [`backoff`] (the reconnect policy),
//! [`pending`], [`message`] (classifying and parsing one message), [`stamp`] (receive-time stamps),
//! [`mqtt`] (topics and the MQTT client session), [`radio`] (the companion radio link), [`state`].
//! The browser halves (behind the `web` feature) drive them from web-sys: `socket` (one reconnecting
//! WebSocket), `websocket` (its two faces, `WebSocketSource` and `MqttSource`), `serial` and
//! `serial_port` (`SerialSource`), with `status` (the signals) and `js` (reflection helpers).

pub mod backoff;
pub mod message;
pub mod mqtt;
pub mod pending;
pub mod radio;
pub mod stamp;
pub mod state;

pub use backoff::{Backoff, BackoffPolicy, Retry};
pub use message::{MAX_MESSAGE_LEN, MessageReader, TextKind, classify_text};
pub use mqtt::{MqttFault, MqttOptions, MqttPhase, MqttSession, Topic, TopicKind};
pub use pending::{DEFAULT_CAPACITY, Pending};
pub use radio::{HANDSHAKE_TIMEOUT_MS, PROVISIONAL_NAME, RadioInfo, RadioLink};
pub use stamp::stamp_missing_timestamp;
pub use state::{LiveCounters, RateMeter, SourceState};

#[cfg(feature = "web")]
mod js;
#[cfg(feature = "web")]
mod serial;
#[cfg(feature = "web")]
mod socket;
#[cfg(feature = "web")]
mod status;
#[cfg(feature = "web")]
mod websocket;

#[cfg(feature = "web")]
pub use serial::{SerialError, SerialSource};
#[cfg(feature = "web")]
pub use websocket::{MqttSource, SocketOptions, SourceError, WebSocketSource};
#[cfg(feature = "web")]
mod serial_port;
