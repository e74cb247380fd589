//! [`MqttOptions`]: what the user sets for an MQTT feed.

use mqtt_protocol_core::mqtt::packet::{SubEntry, SubOpts, v3_1_1};
use mqtt_protocol_core::mqtt::result_code::MqttError;

use super::fault::MqttFault;
use super::topic::is_valid_filter;

/// How to log in and what to subscribe to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MqttOptions {
    /// The topic filter subscribed to (e.g. `meshcore/#` or `meshcore/SEA/+/packets`).
    pub filter: String,
    /// The client identifier, unique per connection: see [`MqttOptions::client_id`].
    pub client_id: String,
    /// The user name, if the broker wants one.
    pub username: Option<String>,
    /// The password (MQTT 3.1.1 allows one only with a user name).
    pub password: Option<String>,
    /// Seconds between PINGREQs when nothing else is sent.
    pub keep_alive_s: u16,
    /// How long to wait for PINGRESP before the connection counts as dead.
    pub pingresp_timeout_ms: u32,
}

impl MqttOptions {
    /// The keep-alive MeshScope asks for: 30 s.
    pub const DEFAULT_KEEP_ALIVE_S: u16 = 30;
    /// The PINGRESP deadline: 10 s.
    pub const DEFAULT_PINGRESP_TIMEOUT_MS: u32 = 10_000;

    /// Anonymous options for `filter` with the default timings.
    pub fn new(filter: &str, client_id: String) -> Self {
        MqttOptions {
            filter: filter.to_owned(),
            client_id,
            username: None,
            password: None,
            keep_alive_s: Self::DEFAULT_KEEP_ALIVE_S,
            pingresp_timeout_ms: Self::DEFAULT_PINGRESP_TIMEOUT_MS,
        }
    }

    /// A client identifier `meshscope-<8 hex digits>` from a random number.
    pub fn client_id(random: u32) -> String {
        format!("meshscope-{random:08x}")
    }

    /// Checks what the broker could never accept: an invalid topic filter ([`MqttFault::BadTopic`]),
    /// a password without a user name, a keep-alive of 0, fields too long for MQTT
    /// ([`MqttFault::BadOptions`]).
    pub fn validate(&self) -> Result<(), MqttFault> {
        if !is_valid_filter(&self.filter) {
            return Err(MqttFault::BadTopic);
        }
        SubEntry::new(self.filter.as_str(), SubOpts::new()).map_err(|_| MqttFault::BadTopic)?;
        if self.keep_alive_s == 0 || (self.password.is_some() && self.username.is_none()) {
            return Err(MqttFault::BadOptions);
        }
        self.connect_packet().map_err(|_| MqttFault::BadOptions)?;
        Ok(())
    }

    /// The CONNECT packet: MQTT 3.1.1, clean session, these credentials and keep-alive.
    pub(super) fn connect_packet(&self) -> Result<v3_1_1::Connect, MqttError> {
        let mut builder = v3_1_1::Connect::builder()
            .client_id(self.client_id.as_str())?
            .clean_session(true)
            .keep_alive(self.keep_alive_s);
        if let Some(username) = &self.username {
            builder = builder.user_name(username.as_str())?;
        }
        if let Some(password) = &self.password {
            builder = builder.password(password.as_bytes().to_vec())?;
        }
        builder.build()
    }
}
