//! [`Schedule`]: when one analytic is recomputed.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::{Analytic, AnalyticsSettings, Clock, Refresh, Slot, Timings};
use crate::analytics::SliceRows;
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
        let due = Due::new(&self, slot.clone());
        let Schedule {
            store,
            clock,
            period_ms,
            timings,
            ..
        } = self;
        Some(Refresh::start(
            slot,
            analytic.changed(),
            period_ms,
            move || {
                let store = store.try_borrow().ok()?;
                if !due.check(&store) {
                    return None;
                }
                let started = precise_now_ms();
                let snapshot = compute(&store, clock.now_ms(&store));
                let ms = precise_now_ms() - started;
                timings.record(name, ms, 1, ms);
                Some(snapshot)
            },
        ))
    }

    /// A refresh like [`refresh`](Schedule::refresh) for a compute done in slices: once due, `step` is called
    /// every [`SLICE_PERIOD_MS`] with the store, now and the rows it may read, until it returns the snapshot.
    /// The rows adapt so that a slice takes about [`SliceRows::TARGET_MS`]. The job's total time, slices and
    /// longest slice are recorded under `name`.
    pub(super) fn refresh_sliced<T: 'static>(
        self,
        name: &'static str,
        analytic: Analytic<T>,
        step: impl Fn(&Store, i64, usize) -> Option<T> + 'static,
    ) -> Option<Refresh> {
        let slot = analytic.slot()?;
        let due = Due::new(&self, slot.clone());
        let Schedule {
            store,
            clock,
            timings,
            ..
        } = self;
        let job: Cell<Option<JobTimes>> = Cell::new(None);
        let rows = Cell::new(SliceRows::default());
        Some(Refresh::start(
            slot,
            analytic.changed(),
            SLICE_PERIOD_MS,
            move || {
                let store = store.try_borrow().ok()?;
                let mut times = match job.get() {
                    Some(times) => times,
                    None if due.check(&store) => JobTimes::default(),
                    None => return None,
                };
                let started = precise_now_ms();
                let mut sized = rows.get();
                let snapshot = step(&store, clock.now_ms(&store), sized.rows());
                let ms = precise_now_ms() - started;
                sized.took(ms);
                rows.set(sized);
                times.add(ms);
                match snapshot {
                    Some(snapshot) => {
                        job.set(None);
                        timings.record(name, times.total_ms, times.slices, times.longest_ms);
                        Some(snapshot)
                    }
                    None => {
                        job.set(Some(times));
                        None
                    }
                }
            },
        ))
    }
}

/// How often a sliced compute checks whether it is due, and runs its next slice while it runs.
const SLICE_PERIOD_MS: u32 = 25;

/// A sliced job's times so far.
#[derive(Debug, Clone, Copy, Default)]
struct JobTimes {
    total_ms: f64,
    slices: u32,
    longest_ms: f64,
}

impl JobTimes {
    fn add(&mut self, ms: f64) {
        self.total_ms += ms;
        self.slices += 1;
        self.longest_ms = self.longest_ms.max(ms);
    }
}

/// Whether an analytic is due for a compute (see [`Schedule::refresh`]); a check that says yes records the
/// compute as done at the current revision, settings version and time.
struct Due<T: 'static> {
    clock: Clock,
    settings: AnalyticsSettings,
    live_clock_ms: u32,
    demand: Demand,
    wanted: Slot<T>,
    last: Cell<Option<(u64, u64, f64)>>,
}

impl<T: 'static> Due<T> {
    fn new(schedule: &Schedule, wanted: Slot<T>) -> Self {
        Due {
            clock: schedule.clock.clone(),
            settings: schedule.settings.clone(),
            live_clock_ms: schedule.live_clock_ms,
            demand: schedule.demand,
            wanted,
            last: Cell::new(None),
        }
    }

    fn check(&self, store: &Store) -> bool {
        let revision = store.revision();
        let version = self.settings.version();
        let wall = js_sys::Date::now();
        let last = self.last.get();
        let rechosen = last.is_some_and(|(_, seen, _)| seen != version);
        let moved = match last {
            None => true,
            Some((seen, _, at)) => {
                seen != revision
                    || rechosen
                    || (self.clock.is_live() && wall - at >= f64::from(self.live_clock_ms))
            }
        };
        let allowed = match self.demand {
            Demand::Always => true,
            Demand::OnView { min_gap_ms } => {
                wall - self.wanted.wanted_at() <= WANTED_FOR_MS
                    && last.is_none_or(|(_, _, at)| rechosen || wall - at >= f64::from(min_gap_ms))
            }
        };
        if moved && allowed {
            self.last.set(Some((revision, version, wall)));
        }
        moved && allowed
    }
}

/// A sub-millisecond clock (`performance.now()`), or the wall clock without one.
pub fn precise_now_ms() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or_else(js_sys::Date::now, |performance| performance.now())
}
