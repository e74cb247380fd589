//! [`Schedule`]: when one analytic is recomputed.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::{Analytic, AnalyticsSettings, Clock, Refresh, Timings};
use crate::store::Store;

/// A view that read a snapshot within this many milliseconds still wants it (see [`Demand::OnView`]).
const WANTED_FOR_MS: f64 = 30_000.0;

/// Whether an analytic is kept fresh always, or only while a view shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Demand {
    /// Recomputed whenever the store changed.
    Always,
    /// Too costly to keep fresh unseen: computed only while a view read it in the last half minute, and
    /// then at most once per `min_gap_ms` while data flows.
    OnView {
        /// The least time between two computes, milliseconds.
        min_gap_ms: u32,
    },
}

/// When one analytic is recomputed: checked every `period_ms`.
pub(super) struct Schedule {
    pub(super) store: Rc<RefCell<Store>>,
    pub(super) clock: Clock,
    pub(super) settings: AnalyticsSettings,
    pub(super) period_ms: u32,
    pub(super) live_clock_ms: u32,
    pub(super) demand: Demand,
    pub(super) timings: Timings,
}

impl Schedule {
    /// A refresh of `analytic` that computes when the store's revision moved, or while live when the last
    /// compute is older than the live clock interval, as its [`Demand`] allows; and as soon as the
    /// settings changed, whatever the demand's minimum gap. `compute` gets the store and
    /// now (see [`Clock`]). Each compute's time is recorded under `name`.
    pub(super) fn refresh<T: 'static>(
        self,
        name: &'static str,
        analytic: Analytic<T>,
        compute: impl Fn(&Store, i64) -> T + 'static,
    ) -> Option<Refresh> {
        let slot = analytic.slot()?;
        let wanted = slot.clone();
        let Schedule {
            store,
            clock,
            settings,
            period_ms,
            live_clock_ms,
            demand,
            timings,
        } = self;
        let last: Cell<Option<(u64, u64, f64)>> = Cell::new(None);
        Some(Refresh::start(
            slot,
            analytic.changed(),
            period_ms,
            move || {
                let store = store.try_borrow().ok()?;
                let revision = store.revision();
                let version = settings.version();
                let wall = js_sys::Date::now();
                let rechosen = last.get().is_some_and(|(_, seen, _)| seen != version);
                let moved = match last.get() {
                    None => true,
                    Some((seen, _, at)) => {
                        seen != revision
                            || rechosen
                            || (clock.is_live() && wall - at >= f64::from(live_clock_ms))
                    }
                };
                let allowed = match demand {
                    Demand::Always => true,
                    Demand::OnView { min_gap_ms } => {
                        wall - wanted.wanted_at() <= WANTED_FOR_MS
                            && last.get().is_none_or(|(_, _, at)| {
                                rechosen || wall - at >= f64::from(min_gap_ms)
                            })
                    }
                };
                if !(moved && allowed) {
                    return None;
                }
                last.set(Some((revision, version, wall)));
                let started = precise_now_ms();
                let snapshot = compute(&store, clock.now_ms(&store));
                timings.record(name, precise_now_ms() - started);
                Some(snapshot)
            },
        ))
    }
}

/// A sub-millisecond clock (`performance.now()`), or the wall clock without one.
fn precise_now_ms() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or_else(js_sys::Date::now, |performance| performance.now())
}
