use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::analytics::{self, ChannelEntry, NodeEntry, ObserverEntry, PayloadTypeEntry, Summary};
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
}

impl Default for Intervals {
    fn default() -> Self {
        Intervals {
            summary_ms: 500,
            tables_ms: 2_000,
        }
    }
}

/// The running refreshes of every snapshot. Dropping it stops every timer.
pub struct Recomputer {
    _refreshes: Vec<Refresh>,
}

impl Recomputer {
    /// Starts refreshing every snapshot of `snapshots` from `store`: each computes at once, then on its interval
    /// whenever the store changed since its last compute.
    pub fn start(
        store: Rc<RefCell<Store>>,
        snapshots: Snapshots,
        intervals: Intervals,
    ) -> Recomputer {
        let refreshes = vec![
            refresh(
                &store,
                snapshots.summary,
                intervals.summary_ms,
                analytics::summary,
            ),
            refresh(
                &store,
                snapshots.payload_types,
                intervals.tables_ms,
                analytics::payload_types,
            ),
            refresh(
                &store,
                snapshots.nodes,
                intervals.tables_ms,
                analytics::nodes,
            ),
            refresh(
                &store,
                snapshots.observers,
                intervals.tables_ms,
                analytics::observers,
            ),
            refresh(
                &store,
                snapshots.channels,
                intervals.tables_ms,
                analytics::channels,
            ),
        ];
        Recomputer {
            _refreshes: refreshes.into_iter().flatten().collect(),
        }
    }
}

/// A refresh of one analytic that computes only when the store's revision moved.
fn refresh<T: 'static>(
    store: &Rc<RefCell<Store>>,
    analytic: Analytic<T>,
    period_ms: u32,
    compute: fn(&Store) -> T,
) -> Option<Refresh> {
    let slot = analytic.slot()?;
    let store = Rc::clone(store);
    let computed_at = Cell::new(None);
    Some(Refresh::start(
        slot,
        analytic.changed(),
        period_ms,
        move || {
            let store = store.try_borrow().ok()?;
            let revision = store.revision();
            if computed_at.get() == Some(revision) {
                return None;
            }
            computed_at.set(Some(revision));
            Some(compute(&store))
        },
    ))
}
