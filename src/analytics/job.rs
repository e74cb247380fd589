//! What the sliced jobs ([`GraphJob`](super::GraphJob), [`ClockSkewJob`](super::ClockSkewJob),
//! [`MapJob`](super::map_data::MapJob)) share: the store they started on, and running one at once.

use crate::store::Store;

/// The store a job started on: a job whose store was evicted or cleared since must start again.
#[derive(Debug, Clone, Copy)]
pub(crate) struct JobStart {
    generation: u64,
    observations: usize,
}

impl JobStart {
    /// `store` as it is now.
    pub(crate) fn of(store: &Store) -> JobStart {
        JobStart {
            generation: store.generation(),
            observations: store.observation_count(),
        }
    }

    /// Whether `store` is still the store the job started on (grown or not): no eviction or clear since.
    pub(crate) fn holds(self, store: &Store) -> bool {
        store.generation() == self.generation && store.observation_count() >= self.observations
    }
}

/// Runs a job's `step` with no limit until it gives its snapshot.
pub(crate) fn at_once<T>(mut step: impl FnMut(usize) -> Option<T>) -> T {
    loop {
        if let Some(snapshot) = step(usize::MAX) {
            return snapshot;
        }
    }
}
