//! The live sources the user started, kept for the page's life (they survive navigation), and the pump
//! that moves what they receive into the store.
//!
//! Data flows one way: each source buffers what it receives; the [`pump`] drains every source once per
//! [`PUMP_MS`](pump::PUMP_MS) (browsers slow it to once a second in a hidden tab) and ingests each batch
//! into the store; the recomputer picks the change up on its next interval.

mod connection;
mod pump;
mod republish;
mod start;

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;

pub use connection::{Connection, Source};
pub use republish::{RepublishRequest, RepublishStatus, Republisher};
pub use start::{FeedRequest, connect_from_query, start_feed, start_radio};

use crate::recompute::{AnalyticsSettings, Clock};
use crate::ui::state::StoreHandle;

/// The live sources, provided once by the app. `Copy`.
#[derive(Clone, Copy)]
pub struct LiveSources {
    connections: StoredValue<Rc<RefCell<Vec<Rc<Connection>>>>, LocalStorage>,
    store: StoreHandle,
    /// The ids of the connections, for views to list them.
    ids: RwSignal<Vec<u32>>,
    next_id: StoredValue<u32>,
    /// The app's owner: each connection's signals are created under it, so they live as long as the app
    /// whatever page started the connection.
    owner: StoredValue<Owner, LocalStorage>,
    /// Why the last connection attempt failed, as a sentence.
    pub error: RwSignal<Option<String>>,
}

impl LiveSources {
    /// No sources yet; starts the pump into `store`, which sets `clock` live while any source is, and
    /// offers a connected radio's own settings to the airtime analytics in `settings`.
    pub fn new(store: StoreHandle, clock: Clock, settings: AnalyticsSettings) -> Self {
        let connections = Rc::new(RefCell::new(Vec::new()));
        pump::start(Rc::clone(&connections), store, clock, settings);
        LiveSources {
            connections: StoredValue::new_local(connections),
            store,
            ids: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(1),
            owner: StoredValue::new_local(Owner::current().unwrap_or_default()),
            error: RwSignal::new(None),
        }
    }

    /// Keeps `source`, labelled `label` and started from `request`, and lists it.
    pub fn add(&self, label: String, source: Source, request: Option<FeedRequest>) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        let owner = self.owner.try_get_value().unwrap_or_default();
        let connection = Rc::new(owner.with(|| Connection::new(id, label, source, request)));
        if let Some(connections) = self.connections.try_get_value() {
            connections.borrow_mut().push(connection);
        }
        self.ids.update(|ids| ids.push(id));
        self.error.set(None);
    }

    /// The connection `id`, if it is still kept.
    pub fn get(&self, id: u32) -> Option<Rc<Connection>> {
        let connections = self.connections.try_get_value()?;
        connections.borrow().iter().find(|c| c.id == id).cloned()
    }

    /// Stops and forgets the connection `id`, after ingesting what it still held.
    pub fn remove(&self, id: u32) {
        let Some(connections) = self.connections.try_get_value() else {
            return;
        };
        let removed = {
            let mut connections = connections.borrow_mut();
            let index = connections.iter().position(|c| c.id == id);
            index.map(|index| connections.remove(index))
        };
        if let Some(connection) = removed {
            connection.stop();
            pump::drain_one(&connection, self.store);
            connection.set_republisher(None);
        }
        self.ids.update(|ids| ids.retain(|kept| *kept != id));
    }

    /// The feeds kept, as requested (tracked: changes when a source is added or removed).
    pub fn feeds(&self) -> Vec<FeedRequest> {
        self.ids.track();
        let Some(connections) = self.connections.try_get_value() else {
            return Vec::new();
        };
        connections
            .borrow()
            .iter()
            .filter_map(|c| c.request.clone())
            .collect()
    }

    /// Whether a feed to the same URL is kept.
    pub fn has_feed(&self, request: &FeedRequest) -> bool {
        let url = |request: &FeedRequest| match request {
            FeedRequest::WebSocket { url } | FeedRequest::Mqtt { url, .. } => url.trim().to_owned(),
        };
        self.connections.try_get_value().is_some_and(|connections| {
            connections
                .borrow()
                .iter()
                .filter_map(|c| c.request.as_ref())
                .any(|kept| url(kept) == url(request))
        })
    }

    /// Republishes what the radio connection `id` hears to the broker of `request`, replacing any
    /// republishing it did; says why when it cannot start (no such radio, no key yet, a bad URL or region).
    pub fn start_republish(&self, id: u32, request: RepublishRequest) -> Result<(), String> {
        let connection = self.get(id).ok_or("that source is gone")?;
        let info = connection
            .radio()
            .and_then(|radio| radio.get_untracked())
            .ok_or("only a connected radio can be an observer")?;
        let owner = self.owner.try_get_value().unwrap_or_default();
        let republisher = owner.with(|| Republisher::start(request, &info))?;
        connection.set_republisher(Some(republisher));
        Ok(())
    }

    /// Stops republishing what the connection `id` hears.
    pub fn stop_republish(&self, id: u32) {
        if let Some(connection) = self.get(id) {
            connection.set_republisher(None);
        }
    }

    /// The ids of the kept connections, oldest first (tracked).
    pub fn ids(&self) -> Vec<u32> {
        self.ids.get()
    }
}
