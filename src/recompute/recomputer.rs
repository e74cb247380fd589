use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::analytics::{
    self, ChannelEntry, HashCollisions, HashSizes, NodeEntry, ObserverEntry, PayloadTypeEntry,
    PrefixTool, Summary,
};
use crate::store::Store;

use super::{Analytic, Refresh};

/// Every snapshot the views read, provided once by the app. `Copy`.
#[derive(Clone, Copy)]
pub struct Snapshots {
    /// Counts, time span, evictions.
    pub summary: Analytic<Summary>,
    /// Transmissions and observations per payload type.
    pub payload_types: Analytic<Vec<PayloadTypeEntry>>,
    /// The node table.
    pub nodes: Analytic<Vec<NodeEntry>>,
    /// The observer table.
    pub observers: Analytic<Vec<ObserverEntry>>,
    /// The channel table.
    pub channels: Analytic<Vec<ChannelEntry>>,
    /// Path hash sizes on the air and per node.
    pub hash_sizes: Analytic<HashSizes>,
    /// Repeaters sharing key prefixes.
    pub hash_collisions: Analytic<HashCollisions>,
    /// The hash size to configure.
    pub prefix_tool: Analytic<PrefixTool>,
}

impl Snapshots {
    /// Empty slots, owned by the current reactive owner.
    pub fn new() -> Self {
        Snapshots {
            summary: Analytic::new(),
            payload_types: Analytic::new(),
            nodes: Analytic::new(),
            observers: Analytic::new(),
            channels: Analytic::new(),
            hash_sizes: Analytic::new(),
            hash_collisions: Analytic::new(),
            prefix_tool: Analytic::new(),
        }
    }
}

impl Default for Snapshots {
    fn default() -> Self {
        Snapshots::new()
    }
}

/// How often each analytic is recomputed while data flows, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Intervals {
    /// The summary, which the status line and the store's direct readers follow.
    pub summary_ms: u32,
    /// Tables: nodes, observers, channels, payload types.
    pub tables_ms: u32,
    /// The analytics pages' heavier snapshots (hash sizes and collisions, the prefix tool).
    pub analytics_ms: u32,
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

/// The running refreshes of every snapshot. Dropping it stops every timer.
pub struct Recomputer {
    _refreshes: Vec<Refresh>,
}

impl Recomputer {
    /// Starts refreshing every snapshot of `snapshots` from `store`: each computes at once, then on its interval
    /// whenever the store changed since its last compute (or, while live, when the clock moved on).
    pub fn start(
        store: Rc<RefCell<Store>>,
        snapshots: Snapshots,
        intervals: Intervals,
        clock: Clock,
    ) -> Recomputer {
        let every = |period_ms| Schedule {
            store: Rc::clone(&store),
            clock: clock.clone(),
            period_ms,
            live_clock_ms: intervals.live_clock_ms,
        };
        let refreshes = vec![
            every(intervals.summary_ms)
                .refresh(snapshots.summary, |store, _| analytics::summary(store)),
            every(intervals.tables_ms).refresh(snapshots.payload_types, |store, _| {
                analytics::payload_types(store)
            }),
            every(intervals.tables_ms).refresh(snapshots.nodes, analytics::nodes),
            every(intervals.tables_ms).refresh(snapshots.observers, analytics::observers),
            every(intervals.tables_ms)
                .refresh(snapshots.channels, |store, _| analytics::channels(store)),
            every(intervals.analytics_ms).refresh(snapshots.hash_sizes, analytics::hash_sizes),
            every(intervals.analytics_ms)
                .refresh(snapshots.hash_collisions, analytics::hash_collisions),
            every(intervals.analytics_ms).refresh(snapshots.prefix_tool, |store, _| {
                analytics::prefix_tool(store)
            }),
        ];
        Recomputer {
            _refreshes: refreshes.into_iter().flatten().collect(),
        }
    }
}

/// When one analytic is recomputed.
struct Schedule {
    store: Rc<RefCell<Store>>,
    clock: Clock,
    period_ms: u32,
    live_clock_ms: u32,
}

impl Schedule {
    /// A refresh of `analytic` that computes when the store's revision moved, or while live when the last
    /// compute is older than the live clock interval. `compute` gets the store and now (see [`Clock`]).
    fn refresh<T: 'static>(
        self,
        analytic: Analytic<T>,
        compute: fn(&Store, i64) -> T,
    ) -> Option<Refresh> {
        let slot = analytic.slot()?;
        let Schedule {
            store,
            clock,
            period_ms,
            live_clock_ms,
        } = self;
        let last: Cell<Option<(u64, f64)>> = Cell::new(None);
        Some(Refresh::start(
            slot,
            analytic.changed(),
            period_ms,
            move || {
                let store = store.try_borrow().ok()?;
                let revision = store.revision();
                let wall = js_sys::Date::now();
                let due = match last.get() {
                    None => true,
                    Some((seen, at)) => {
                        seen != revision
                            || (clock.is_live() && wall - at >= f64::from(live_clock_ms))
                    }
                };
                if !due {
                    return None;
                }
                last.set(Some((revision, wall)));
                Some(compute(&store, clock.now_ms(&store)))
            },
        ))
    }
}
