use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::schedule::{Demand, Schedule};
use super::snapshots::Insights;
use super::{AnalyticsSettings, Refresh, Snapshots, Timings};
use crate::analytics::map_data::MapJob;
use crate::analytics::{
    self, Airtime, AirtimeOptions, AirtimeState, Anomalies, AnomaliesState, ClockSkewJob, GraphJob,
    NeighborOptions, NeighborSignalState,
};
use crate::store::Store;

/// How often each analytic is recomputed while data flows, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Intervals {
    /// The summary, which the status line and the store's direct readers follow.
    pub summary_ms: u32,
    /// Tables: nodes, observers, channels, payload types.
    pub tables_ms: u32,
    /// The analytics pages' snapshots (hash sizes and collisions, the prefix tool, overview, RF).
    pub analytics_ms: u32,
    /// The least time between two computes of the costliest snapshots (clock skew, the graph family, the
    /// insights), which are computed only while a view shows them.
    pub costly_ms: u32,
    /// While a live source runs, how often analytics that depend on the present (status, recency) are
    /// recomputed even without new data.
    pub live_clock_ms: u32,
}

impl Default for Intervals {
    fn default() -> Self {
        Intervals {
            summary_ms: 500,
            tables_ms: 2_000,
            analytics_ms: 5_000,
            costly_ms: 10_000,
            live_clock_ms: 30_000,
        }
    }
}

/// What "now" is for analytics that depend on the present.
///
/// While a live source runs it is the wall clock; otherwise it is the last observation's time, so a dump
/// recorded last year is analysed as of its own end, not as a year of silence.
#[derive(Clone, Default)]
pub struct Clock {
    live: Rc<Cell<bool>>,
}

impl Clock {
    /// Says whether a live source is running.
    pub fn set_live(&self, live: bool) {
        self.live.set(live);
    }

    /// Whether a live source is running.
    pub fn is_live(&self) -> bool {
        self.live.get()
    }

    /// Now, in unix milliseconds, for `store`.
    pub fn now_ms(&self, store: &Store) -> i64 {
        if self.is_live() {
            js_sys::Date::now() as i64
        } else {
            store.time_span().map_or(0, |(_, last)| last)
        }
    }
}

/// How often an analytic computed only on view checks whether a view wants it: the delay before a tab opened
/// for the first time shows its figures.
const ON_VIEW_CHECK_MS: u32 = 500;

/// The running refreshes of every snapshot. Dropping it stops every timer.
pub struct Recomputer {
    _refreshes: Vec<Refresh>,
    timings: Timings,
}

impl Recomputer {
    /// Starts refreshing every snapshot of `snapshots` from `store`: each computes at once, then on its interval
    /// whenever the store changed since its last compute (or, while live, when the clock moved on, or when
    /// `settings` changed), with the options in `settings`.
    pub fn start(
        store: Rc<RefCell<Store>>,
        snapshots: Snapshots,
        intervals: Intervals,
        clock: Clock,
        settings: AnalyticsSettings,
    ) -> Recomputer {
        let timings = Timings::default();
        let every = |period_ms| Schedule {
            store: Rc::clone(&store),
            clock: clock.clone(),
            settings: settings.clone(),
            period_ms,
            live_clock_ms: intervals.live_clock_ms,
            demand: Demand::Always,
            timings: timings.clone(),
        };
        let on_view_every = |min_gap_ms| Schedule {
            demand: Demand::OnView { min_gap_ms },
            ..every(ON_VIEW_CHECK_MS)
        };
        let on_view = || on_view_every(intervals.costly_ms);
        let refreshes = vec![
            every(intervals.summary_ms).refresh("summary", snapshots.summary, |store, _| {
                analytics::summary(store)
            }),
            every(intervals.tables_ms).refresh(
                "payload_types",
                snapshots.payload_types,
                |store, _| analytics::payload_types(store),
            ),
            every(intervals.tables_ms).refresh("nodes", snapshots.nodes, analytics::nodes),
            every(intervals.tables_ms).refresh(
                "observers",
                snapshots.observers,
                analytics::observers,
            ),
            every(intervals.tables_ms).refresh("channels", snapshots.channels, |store, _| {
                analytics::channels(store)
            }),
            every(intervals.analytics_ms).refresh(
                "hash_sizes",
                snapshots.hash_sizes,
                analytics::hash_sizes,
            ),
            every(intervals.analytics_ms).refresh(
                "hash_collisions",
                snapshots.hash_collisions,
                analytics::hash_collisions,
            ),
            every(intervals.analytics_ms).refresh(
                "prefix_tool",
                snapshots.prefix_tool,
                |store, _| analytics::prefix_tool(store),
            ),
            every(intervals.analytics_ms).refresh(
                "overview",
                snapshots.overview,
                analytics::overview,
            ),
            every(intervals.analytics_ms)
                .refresh("rf", snapshots.rf, |store, _| analytics::rf(store)),
            every(intervals.analytics_ms).refresh(
                "resolver",
                snapshots.resolver,
                analytics::Resolver::new,
            ),
            on_view().refresh_sliced("clock_skew", snapshots.clock_skew, {
                let job: RefCell<Option<ClockSkewJob>> = RefCell::new(None);
                move |store, _, rows| {
                    step_job(
                        &job,
                        || ClockSkewJob::new(store),
                        |job| job.step(store, rows),
                    )
                }
            }),
            on_view().refresh_sliced("graph", snapshots.graph, {
                let job: RefCell<Option<GraphJob>> = RefCell::new(None);
                move |store, now_ms, rows| {
                    step_job(
                        &job,
                        || GraphJob::new(store, now_ms),
                        |job| job.step(store, rows),
                    )
                }
            }),
            on_view().refresh_sliced("insights", snapshots.insights, {
                let state = RefCell::new(InsightsState::default());
                let settings = settings.clone();
                move |store, _, rows| insights(&state, store, &settings.airtime(), rows)
            }),
            on_view_every(intervals.tables_ms).refresh_sliced("map", snapshots.map, {
                let job: RefCell<Option<MapJob>> = RefCell::new(None);
                move |store, _, rows| {
                    step_job(&job, || MapJob::new(store), |job| job.step(store, rows))
                }
            }),
        ];
        Recomputer {
            _refreshes: refreshes.into_iter().flatten().collect(),
            timings,
        }
    }
}

impl Recomputer {
    /// How long each analytic's computes took.
    pub fn timings(&self) -> Timings {
        self.timings.clone()
    }
}

/// Takes one step of the job in `cell`, starting one with `start` when none runs; a job that returns its
/// snapshot is over.
fn step_job<J, T>(
    cell: &RefCell<Option<J>>,
    start: impl FnOnce() -> J,
    step: impl FnOnce(&mut J) -> Option<T>,
) -> Option<T> {
    let mut job = cell.try_borrow_mut().ok()?;
    let snapshot = step(job.get_or_insert_with(start));
    if snapshot.is_some() {
        *job = None;
    }
    snapshot
}

/// The incremental states behind the insights, kept between computes so that each folds only the
/// observations added since the last (see [`AirtimeState`], [`NeighborSignalState`], [`AnomaliesState`]),
/// and the insights built so far once they are caught up.
#[derive(Default)]
struct InsightsState {
    airtime: AirtimeState,
    neighbor_signal: NeighborSignalState,
    anomalies: AnomaliesState,
    built: Option<BuiltInsights>,
}

/// Insights built from caught-up states, one per slice, for the store generation they were caught up on.
struct BuiltInsights {
    generation: u64,
    airtime: Option<Airtime>,
    anomalies: Option<Anomalies>,
}

/// One slice of the insights: folds at most `rows` more observations into each state of `state`; once all are
/// caught up, builds the airtime (with the user's options), the anomalies and the neighbor signal (with
/// default options), one per slice; the insights once all are built. An eviction between slices starts again.
fn insights(
    state: &RefCell<InsightsState>,
    store: &Store,
    airtime_options: &AirtimeOptions,
    rows: usize,
) -> Option<Insights> {
    let mut guard = state.try_borrow_mut().ok()?;
    let state = &mut *guard;
    if state
        .built
        .as_ref()
        .is_some_and(|built| built.generation != store.generation())
    {
        state.built = None;
    }
    let Some(built) = &mut state.built else {
        let airtime = state.airtime.update(store, &airtime_options.radio, rows);
        let neighbor_signal = state.neighbor_signal.update(store, rows);
        let anomalies = state.anomalies.update(store, rows);
        if airtime && neighbor_signal && anomalies {
            state.built = Some(BuiltInsights {
                generation: store.generation(),
                airtime: None,
                anomalies: None,
            });
        }
        return None;
    };
    if built.airtime.is_none() {
        built.airtime = Some(state.airtime.snapshot(store, airtime_options));
        return None;
    }
    if built.anomalies.is_none() {
        built.anomalies = Some(state.anomalies.snapshot(store));
        return None;
    }
    let built = state.built.take()?;
    Some(Insights {
        airtime: built.airtime?,
        anomalies: built.anomalies?,
        neighbor_signal: state
            .neighbor_signal
            .snapshot(store, &NeighborOptions::default()),
    })
}
