use std::rc::Rc;

use leptos::prelude::*;

use super::Slot;

/// One analytic's slot as the views see it. `Copy`, so closures capture it freely.
///
/// The recomputer swaps snapshots in and notifies; a view calling [`Analytic::get`] subscribes to the
/// notification and reads the latest snapshot: a borrow and an `Rc` clone, never a compute.
pub struct Analytic<T: 'static> {
    slot: StoredValue<Slot<T>, LocalStorage>,
    changed: Trigger,
}

impl<T: 'static> Analytic<T> {
    /// An empty analytic, owned by the current reactive owner.
    pub fn new() -> Self {
        Analytic {
            slot: StoredValue::new_local(Slot::empty()),
            changed: Trigger::new(),
        }
    }

    /// The latest snapshot, subscribing the caller to the next swap.
    /// Marks the snapshot wanted (see [`Slot::wanted_at`]).
    pub fn get(&self) -> Option<Rc<T>> {
        self.changed.track();
        self.slot
            .try_with_value(|slot| slot.mark_wanted(js_sys::Date::now()));
        self.latest()
    }

    /// The latest snapshot without subscribing (for event handlers and tests).
    pub fn latest(&self) -> Option<Rc<T>> {
        self.slot.try_with_value(Slot::latest).flatten()
    }

    /// The slot, for the recomputer to publish into.
    pub fn slot(&self) -> Option<Slot<T>> {
        self.slot.try_get_value()
    }

    /// The trigger the recomputer notifies after each swap.
    pub fn changed(&self) -> Trigger {
        self.changed
    }
}

impl<T: 'static> Default for Analytic<T> {
    fn default() -> Self {
        Analytic::new()
    }
}

impl<T: 'static> Clone for Analytic<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for Analytic<T> {}
