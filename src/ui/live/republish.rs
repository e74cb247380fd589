//! Being an observer: what a connected radio hears, republished to an MQTT broker in the community's
//! `meshcore/{IATA}/{PUBLIC_KEY}/packets` format, with the radio's retained `online` status.
//!
//! The pump hands every batch the radio delivers to its [`Republisher`] after the store took it. A packet
//! that arrives while the broker is unreachable is counted as not sent, never queued: an observer feed is
//! live, and the store keeps everything anyway.

use std::cell::Cell;

use leptos::prelude::*;

use crate::ingest::Batch;
use crate::ingest::live::{MqttOptions, MqttSource, RadioInfo, SourceState};
use crate::ingest::republish::{ObserverIdentity, StatusDetails, packet_message, status_message};

/// Where and as whom to publish, as the user typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepublishRequest {
    /// The broker's WebSocket listener, `ws://` or `wss://`.
    pub url: String,
    /// The region's IATA code.
    pub iata: String,
    /// Login, if the broker wants one.
    pub username: Option<String>,
    /// Password, with the username. Never saved.
    pub password: Option<String>,
}

/// What the views show of a running republisher. `Copy` handles and a topic.
#[derive(Debug, Clone, PartialEq)]
pub struct RepublishStatus {
    /// The broker URL.
    pub url: String,
    /// The topic packets go to.
    pub topic: String,
    /// The broker connection's state.
    pub state: Signal<SourceState>,
    /// Packets handed to the broker.
    pub published: ReadSignal<u64>,
    /// Packets heard while the broker was not connected, not sent.
    pub unsent: ReadSignal<u64>,
}

/// One radio's republishing connection to a broker.
pub struct Republisher {
    identity: ObserverIdentity,
    status_details: (String, String, String),
    source: MqttSource,
    published: RwSignal<u64>,
    unsent: RwSignal<u64>,
    status_sent: Cell<bool>,
    /// What the views show.
    pub status: RepublishStatus,
}

impl Republisher {
    /// Connects to the broker of `request` as the radio `info` describes (it must have reported its key).
    /// Call under the app's owner: its signals live as long as it.
    pub fn start(request: RepublishRequest, info: &RadioInfo) -> Result<Self, String> {
        let key = info
            .public_key
            .ok_or("the radio has not reported its public key yet")?;
        let name = info
            .name
            .clone()
            .unwrap_or_else(|| String::from("MeshScope"));
        let identity =
            ObserverIdentity::new(&name, key, &request.iata).map_err(|error| error.to_string())?;
        // The session must subscribe to something: the observer's own status topic carries nothing else.
        let mut options =
            MqttOptions::new(&identity.status_topic(), MqttSource::random_client_id());
        options.username = request.username.filter(|name| !name.is_empty());
        options.password = request.password.filter(|word| !word.is_empty());
        let source =
            MqttSource::connect(&request.url, options).map_err(|error| error.to_string())?;
        let radio = match (
            info.frequency_mhz,
            info.bandwidth_khz,
            info.spreading_factor,
            info.coding_rate,
        ) {
            (Some(mhz), Some(khz), Some(sf), Some(cr)) => format!("{mhz},{khz},{sf},{cr}"),
            _ => String::new(),
        };
        let published = RwSignal::new(0);
        let unsent = RwSignal::new(0);
        let status = RepublishStatus {
            url: request.url.trim().to_owned(),
            topic: identity.packets_topic(),
            state: source.state(),
            published: published.read_only(),
            unsent: unsent.read_only(),
        };
        Ok(Republisher {
            identity,
            status_details: (
                info.model.clone().unwrap_or_default(),
                info.firmware.clone().unwrap_or_default(),
                radio,
            ),
            source,
            published,
            unsent,
            status_sent: Cell::new(false),
            status,
        })
    }

    /// Keeps the broker connection's bookkeeping: drops what the subscription delivered (only this
    /// observer's own status comes back on it) and, once per broker connection, publishes the retained
    /// `online` status. Call on every pump tick, before [`Republisher::forward`].
    pub fn tick(&self, now_ms: i64) {
        self.source.drain(|_, _| {});
        if !self.status.state.with_untracked(SourceState::is_live) {
            self.status_sent.set(false);
            return;
        }
        if self.status_sent.get() {
            return;
        }
        let (model, firmware, radio) = &self.status_details;
        let details = StatusDetails {
            model,
            firmware,
            radio,
        };
        let status = status_message(&self.identity, details, now_ms);
        let sent = self
            .source
            .publish(&self.identity.status_topic(), status.as_bytes(), true);
        self.status_sent.set(sent.is_ok());
    }

    /// Publishes every packet of `batch`, or counts them as not sent while the broker is not connected.
    pub fn forward(&self, batch: &Batch) {
        let (mut published, mut unsent) = (0, 0);
        for (observation, packet) in batch.iter() {
            let Some(message) = packet_message(&self.identity, observation, packet) else {
                continue;
            };
            match self
                .source
                .publish(&self.status.topic, message.as_bytes(), false)
            {
                Ok(()) => published += 1,
                Err(_) => unsent += 1,
            }
        }
        if published > 0 {
            self.published.update(|count| *count += published);
        }
        if unsent > 0 {
            self.unsent.update(|count| *count += unsent);
        }
    }

    /// Disconnects for good.
    pub fn stop(&self) {
        self.source.stop();
    }
}
