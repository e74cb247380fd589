//! The pump: drains every live source into the store on a short interval.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Interval;
use leptos::prelude::GetUntracked;

use super::Connection;
use crate::analytics::RadioSettings;
use crate::ingest::live::SourceState;
use crate::recompute::{AnalyticsSettings, Clock};
use crate::ui::state::StoreHandle;

/// How often the sources are drained, milliseconds: ten batches a second keeps the newest packet on screen
/// within a frame or two of the recomputer's summary interval, and each batch small.
pub const PUMP_MS: u32 = 100;

/// Drains `connections` into `store` every [`PUMP_MS`] for the page's life, keeps `clock` live while
/// any source is connecting, live or retrying, and offers a radio's reported settings to `settings`.
pub(super) fn start(
    connections: Rc<RefCell<Vec<Rc<Connection>>>>,
    store: StoreHandle,
    clock: Clock,
    settings: AnalyticsSettings,
) {
    Interval::new(PUMP_MS, move || {
        let Ok(kept) = connections.try_borrow() else {
            return;
        };
        let mut running = false;
        for connection in kept.iter() {
            drain_one(connection, store);
            offer_radio_settings(connection, &settings);
            running |= !matches!(
                connection.state().get_untracked(),
                SourceState::Stopped { .. } | SourceState::Unplugged { .. }
            );
        }
        clock.set_live(running);
    })
    .forget();
}

/// A radio's own LoRa settings, for the airtime analytics (unless the user chose settings).
fn offer_radio_settings(connection: &Connection, settings: &AnalyticsSettings) {
    let Some(info) = connection.radio().and_then(|radio| radio.get_untracked()) else {
        return;
    };
    let (Some(mhz), Some(khz), Some(sf), Some(cr)) = (
        info.frequency_mhz,
        info.bandwidth_khz,
        info.spreading_factor,
        info.coding_rate,
    ) else {
        return;
    };
    if let Some(radio) = RadioSettings::reported(mhz, khz, sf, cr) {
        let mut options = settings.airtime();
        options.radio = radio;
        settings.offer_airtime(options);
    }
}

/// Ingests what `connection` holds into `store`.
pub(super) fn drain_one(connection: &Connection, store: StoreHandle) {
    let kind = connection.observer_kind();
    connection.drain_into(js_sys::Date::now() as i64, |batch, observers| {
        if batch.is_empty() {
            return;
        }
        store.ingest(batch, observers, kind);
    });
}
