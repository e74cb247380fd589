//! [`MqttFault`]: why an MQTT session ended, or why a request was refused.

use core::fmt;

use mqtt_protocol_core::mqtt::result_code::MqttError;

/// Why an MQTT session ended or a request was refused. `Copy`, no allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MqttFault {
    /// The broker refused the CONNECT with this MQTT 3.1.1 return code (1 protocol version,
    /// 2 identifier rejected, 3 server unavailable, 4 bad user name or password, 5 not authorized).
    ConnectRefused(u8),
    /// The broker refused the subscription (SUBACK 0x80).
    SubscribeRefused,
    /// No PINGRESP came within the deadline after a PINGREQ.
    PingTimeout,
    /// The broker sent something the protocol forbids (a malformed or oversize packet, say).
    Protocol(MqttError),
    /// The socket closed.
    SocketClosed,
    /// The topic filter or topic name is not valid MQTT.
    BadTopic,
    /// The options cannot make a CONNECT: a password without a user name, a keep-alive of 0, a field
    /// longer than MQTT allows.
    BadOptions,
    /// Publishing needs a live, subscribed session.
    NotConnected,
}

impl MqttFault {
    /// Whether reconnecting cannot help: bad options, a refused login or subscription. A refused
    /// CONNECT with code 3 (server unavailable) is worth retrying.
    pub fn is_fatal(self) -> bool {
        match self {
            MqttFault::ConnectRefused(code) => code != 3,
            MqttFault::SubscribeRefused | MqttFault::BadTopic | MqttFault::BadOptions => true,
            MqttFault::PingTimeout
            | MqttFault::Protocol(_)
            | MqttFault::SocketClosed
            | MqttFault::NotConnected => false,
        }
    }
}

impl fmt::Display for MqttFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MqttFault::ConnectRefused(code) => {
                let why = match code {
                    1 => "unacceptable protocol version",
                    2 => "client identifier rejected",
                    3 => "server unavailable",
                    4 => "bad user name or password",
                    5 => "not authorized",
                    _ => "unknown reason",
                };
                write!(f, "broker refused the connection: {why} (code {code})")
            }
            MqttFault::SubscribeRefused => write!(f, "broker refused the subscription"),
            MqttFault::PingTimeout => write!(f, "broker did not answer the keep-alive ping"),
            MqttFault::Protocol(error) => write!(f, "MQTT protocol error: {error:?}"),
            MqttFault::SocketClosed => write!(f, "connection closed"),
            MqttFault::BadTopic => write!(f, "not a valid MQTT topic"),
            MqttFault::BadOptions => write!(
                f,
                "MQTT options are invalid (password without user name, zero keep-alive, or too long)"
            ),
            MqttFault::NotConnected => write!(f, "not connected to the broker"),
        }
    }
}

impl std::error::Error for MqttFault {}
