//! [`Connection`]: one live source the user started, whatever its kind.

use std::cell::RefCell;

use leptos::prelude::*;

use super::FeedRequest;
use super::republish::{RepublishStatus, Republisher};
use crate::ingest::live::{
    LiveCounters, MqttSource, RadioInfo, SerialSource, SourceState, WebSocketSource,
};
use crate::ingest::{Batch, ObserverInfo};
use crate::store::ObserverKind;

/// A running live source.
pub enum Source {
    /// A plain WebSocket feed.
    WebSocket(WebSocketSource),
    /// An MQTT broker over WebSocket.
    Mqtt(MqttSource),
    /// A companion radio on a serial port.
    Serial(SerialSource),
}

/// One live source as the app keeps it: an id for the views, what the user asked for, and the source.
pub struct Connection {
    /// Unique within the page's life.
    pub id: u32,
    /// What the user connected to: a URL (with the MQTT topic filter) or "USB radio".
    pub label: String,
    /// The source.
    pub source: Source,
    /// The feed request it was started from (not for radios).
    pub request: Option<FeedRequest>,
    state: Signal<SourceState>,
    counters: Signal<LiveCounters>,
    republisher: RefCell<Option<Republisher>>,
    republishing: RwSignal<Option<RepublishStatus>>,
}

impl Connection {
    /// Wraps `source`, started from `request`; its signals are taken once, here.
    pub fn new(id: u32, label: String, source: Source, request: Option<FeedRequest>) -> Self {
        let (state, counters) = match &source {
            Source::WebSocket(source) => (source.state(), source.counters()),
            Source::Mqtt(source) => (source.state(), source.counters()),
            Source::Serial(source) => (source.state(), source.counters()),
        };
        Connection {
            id,
            label,
            source,
            request,
            state,
            counters,
            republisher: RefCell::new(None),
            republishing: RwSignal::new(None),
        }
    }

    /// Where what it receives is republished, if anywhere (tracked).
    pub fn republishing(&self) -> Signal<Option<RepublishStatus>> {
        self.republishing.into()
    }

    /// Republishes what it receives with `republisher` from now on, or stops republishing (`None`).
    pub fn set_republisher(&self, republisher: Option<Republisher>) {
        let status = republisher.as_ref().map(|kept| kept.status.clone());
        if let Ok(mut kept) = self.republisher.try_borrow_mut() {
            if let Some(old) = kept.take() {
                old.stop();
            }
            *kept = republisher;
        }
        self.republishing.set(status);
    }

    /// Ingests what arrived since the last call into `ingest`, then republishes it if asked to.
    pub fn drain_into(&self, now_ms: i64, ingest: impl FnOnce(&Batch, &[ObserverInfo])) {
        let republisher = self.republisher.try_borrow().ok();
        let republisher = republisher.as_ref().and_then(|kept| kept.as_ref());
        if let Some(republisher) = republisher {
            republisher.tick(now_ms);
        }
        self.drain(|batch, observers| {
            ingest(batch, observers);
            if let Some(republisher) = republisher {
                republisher.forward(batch);
            }
        });
    }

    /// `WebSocket`, `MQTT` or `USB radio`.
    pub fn kind_name(&self) -> &'static str {
        match self.source {
            Source::WebSocket(_) => "WebSocket",
            Source::Mqtt(_) => "MQTT",
            Source::Serial(_) => "USB radio",
        }
    }

    /// The observer kind its observations are stored under.
    pub fn observer_kind(&self) -> ObserverKind {
        match self.source {
            Source::WebSocket(_) => ObserverKind::WebSocket,
            Source::Mqtt(_) => ObserverKind::Mqtt,
            Source::Serial(_) => ObserverKind::LocalRadio,
        }
    }

    /// The state signal.
    pub fn state(&self) -> Signal<SourceState> {
        self.state
    }

    /// The counters signal.
    pub fn counters(&self) -> Signal<LiveCounters> {
        self.counters
    }

    /// What the radio said about itself (radios only).
    pub fn radio(&self) -> Option<Signal<Option<RadioInfo>>> {
        match &self.source {
            Source::Serial(source) => Some(source.radio()),
            _ => None,
        }
    }

    /// Hands what arrived since the last call to `deliver`.
    pub fn drain(&self, deliver: impl FnOnce(&Batch, &[ObserverInfo])) {
        match &self.source {
            Source::WebSocket(source) => source.drain(deliver),
            Source::Mqtt(source) => source.drain(deliver),
            Source::Serial(source) => source.drain(deliver),
        }
    }

    /// Reconnects now (the user's retry).
    pub fn reconnect(&self) {
        match &self.source {
            Source::WebSocket(source) => source.reconnect(),
            Source::Mqtt(source) => source.reconnect(),
            Source::Serial(source) => {
                let _ = source.reconnect(None);
            }
        }
    }

    /// Stops it (its republishing goes on, for when it reconnects); what it received stays drainable.
    pub fn stop(&self) {
        match &self.source {
            Source::WebSocket(source) => source.stop(),
            Source::Mqtt(source) => source.stop(),
            Source::Serial(source) => source.stop(),
        }
    }
}
