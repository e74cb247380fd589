//! MQTT 3.1.1 for the MQTT-over-WebSocket source, sans I/O: [`Topic`] parsing, [`MqttOptions`] and the
//! client [`MqttSession`].
//!
//! # Why `mqtt-protocol-core`
//!
//! The packets and the client state machine (framing of a byte stream, CONNECT/CONNACK, SUBSCRIBE,
//! PUBACK, keep-alive and PINGRESP timers) come from `mqtt-protocol-core`, chosen among the codecs that
//! build for `wasm32-unknown-unknown` without tokio:
//!
//! - `mqtt-protocol-core` (MIT, 0.7.x, released through 2025-2026) is sans-I/O by design: bytes in,
//!   events out, timers as requests, which is exactly the shape a browser WebSocket needs. It bounds
//!   the size of a packet before allocating for it, and 200 000 random broker packets fed to it
//!   natively never made it panic. It costs about 130 KB of wasm (measured with `opt-level = "z"`).
//! - `mqttrs` 0.4 (last release 2021) is tiny (about 20 KB) and zero-copy, but it panics on malformed
//!   input from the broker (`B0 01 AB`, an UNSUBACK too short for its packet id, indexes out of
//!   bounds), and a panic kills the page.
//! - `mqttbytes` is deprecated (moved into `rumqttc`, which needs tokio); `mqtt-format` 0.4 is an old
//!   nom-based release under MPL-2.0.
//!
//! Hand-writing the codec was not needed.

pub mod fault;
pub mod options;
pub mod session;
pub mod topic;

pub use fault::MqttFault;
pub use options::MqttOptions;
pub use session::{MAX_PACKET_LEN, MqttPhase, MqttSession};
pub use topic::{DEFAULT_FILTER, Topic, TopicKind, is_valid_filter, is_valid_topic_name};
