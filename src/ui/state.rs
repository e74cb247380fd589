//! The shared handles every page reads, each provided once by [`App`](super::App).

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;

use crate::ingest::{Batch, ObserverInfo};
use crate::recompute::{Snapshots, Timings, precise_now_ms};
use crate::store::{ObserverKind, Store};
use crate::ui::persist::Journal;

/// The store, for views that read it directly (a page of rows, one packet, one node): indexed lookups only,
/// never analytics. `Copy`.
#[derive(Clone, Copy)]
pub struct StoreHandle {
    store: StoredValue<Rc<RefCell<Store>>, LocalStorage>,
    journal: StoredValue<Rc<RefCell<Journal>>, LocalStorage>,
    snapshots: Snapshots,
    timings: StoredValue<Timings, LocalStorage>,
}

impl StoreHandle {
    /// A handle on `store`; readers follow the summary snapshot's refresh; what is ingested through it is
    /// also appended to `journal`, and each batch's time is recorded in `timings` (as `ingest`, and as
    /// `ingest_evicting` for the batches that evicted).
    pub fn new(
        store: Rc<RefCell<Store>>,
        journal: Rc<RefCell<Journal>>,
        snapshots: Snapshots,
        timings: Timings,
    ) -> Self {
        StoreHandle {
            store: StoredValue::new_local(store),
            journal: StoredValue::new_local(journal),
            snapshots,
            timings: StoredValue::new_local(timings),
        }
    }

    /// Ingests `batch` (observations and observer statuses) from a source of `kind`, and journals it.
    pub fn ingest(&self, batch: &Batch, observers: &[ObserverInfo], kind: ObserverKind) {
        self.ingest_unjournaled(batch, observers, kind);
        if let Some(journal) = self.journal.try_get_value()
            && let Ok(mut journal) = journal.try_borrow_mut()
        {
            journal.record(batch, observers, kind);
        }
    }

    /// Ingests `batch` without journaling it: for what is read back from the journal.
    pub fn ingest_unjournaled(
        &self,
        batch: &Batch,
        observers: &[ObserverInfo],
        kind: ObserverKind,
    ) {
        let started = precise_now_ms();
        let report = self.write(|store| {
            let report = store.ingest(batch, observers, kind);
            store.ingest_statuses(&batch.statuses, observers, kind);
            report
        });
        let ms = precise_now_ms() - started;
        if let Some(timings) = self.timings.try_get_value() {
            timings.record("ingest", ms, 1, ms);
            if report.is_some_and(|report| report.evicted.transmissions > 0) {
                timings.record("ingest_evicting", ms, 1, ms);
            }
        }
    }

    /// Reads the store, subscribing the caller to the next summary refresh (so a view of the store updates
    /// at the summary's interval, not on every ingested batch). `None` only while the store is being written.
    pub fn read<R>(&self, read: impl FnOnce(&Store) -> R) -> Option<R> {
        self.snapshots.summary.changed().track();
        self.read_untracked(read)
    }

    /// Reads the store without subscribing (event handlers).
    pub fn read_untracked<R>(&self, read: impl FnOnce(&Store) -> R) -> Option<R> {
        let store = self.store.try_get_value()?;
        let store = store.try_borrow().ok()?;
        Some(read(&store))
    }

    /// Changes the store (ingest, settings). `None` if it is borrowed, which cannot happen between tasks.
    pub fn write<R>(&self, write: impl FnOnce(&mut Store) -> R) -> Option<R> {
        let store = self.store.try_get_value()?;
        let mut store = store.try_borrow_mut().ok()?;
        Some(write(&mut store))
    }
}
