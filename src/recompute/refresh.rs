use gloo_timers::callback::Interval;
use leptos::prelude::{Notify, Trigger};

use super::Slot;

/// A running refresh of one slot: computes once at once, then every `period_ms`, and notifies `changed`
/// after each swap. Dropping it stops the timer.
pub struct Refresh {
    _interval: Interval,
}

impl Refresh {
    /// Starts refreshing `slot` with `compute`. A compute that returns `None` keeps the previous snapshot.
    pub fn start<T: 'static>(
        slot: Slot<T>,
        changed: Trigger,
        period_ms: u32,
        compute: impl Fn() -> Option<T> + 'static,
    ) -> Refresh {
        let tick = move || {
            if let Some(snapshot) = compute() {
                slot.publish(snapshot);
                changed.notify();
            }
        };
        tick();
        Refresh {
            _interval: Interval::new(period_ms, tick),
        }
    }
}
