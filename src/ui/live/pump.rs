//! The pump: drains every live source into the store on a short interval.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Interval;
use leptos::prelude::GetUntracked;

use super::Connection;
use crate::ingest::live::SourceState;
use crate::recompute::Clock;
use crate::ui::state::StoreHandle;

/// How often the sources are drained, milliseconds: ten batches a second keeps the newest packet on screen
/// within a frame or two of the recomputer's summary interval, and each batch small.
pub const PUMP_MS: u32 = 100;

/// Drains `connections` into `store` every [`PUMP_MS`] for the page's life, and keeps `clock` live while
/// any source is connecting, live or retrying.
pub(super) fn start(
    connections: Rc<RefCell<Vec<Rc<Connection>>>>,
    store: StoreHandle,
    clock: Clock,
) {
    Interval::new(PUMP_MS, move || {
        let Ok(kept) = connections.try_borrow() else {
            return;
        };
        let mut running = false;
        for connection in kept.iter() {
            drain_one(connection, store);
            running |= !matches!(
                connection.state().get_untracked(),
                SourceState::Stopped { .. } | SourceState::Unplugged { .. }
            );
        }
        clock.set_live(running);
    })
    .forget();
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
