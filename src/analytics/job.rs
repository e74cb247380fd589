//! What the sliced jobs ([`GraphJob`](super::GraphJob), [`ClockSkewJob`](super::ClockSkewJob),
//! [`MapJob`](super::map_data::MapJob)) share: the store they started on, running one at once, and how many
//! rows a slice reads ([`SliceRows`]).

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

/// How many rows the next slice of a sliced job reads: adapted after each slice from the time it took, to aim at
/// [`SliceRows::TARGET_MS`]. Starts at [`SliceRows::FIRST`] rows, grows at most twofold a slice (the cost of a
/// row varies within a job, so bolder steps overshoot) and never goes below [`SliceRows::LEAST`]. The browser's
/// recomputer and `meshscope bench analytics` size their slices with it.
#[derive(Debug, Clone, Copy)]
pub struct SliceRows {
    rows: usize,
}

impl Default for SliceRows {
    fn default() -> Self {
        SliceRows {
            rows: SliceRows::FIRST,
        }
    }
}

impl SliceRows {
    /// The time a slice aims at, milliseconds: a quarter of a 60 Hz frame, leaving the rest to rendering.
    pub const TARGET_MS: f64 = 4.0;
    /// Rows of a first slice, before any slice was timed.
    pub const FIRST: usize = 512;
    /// The fewest rows a slice reads, however slow the last one was.
    pub const LEAST: usize = 256;

    /// The rows the next slice may read.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Records that the last slice took `ms` milliseconds.
    pub fn took(&mut self, ms: f64) {
        let aimed = self.rows as f64 * SliceRows::TARGET_MS / ms.max(0.01);
        self.rows =
            aimed.clamp(SliceRows::LEAST as f64, self.rows.saturating_mul(2) as f64) as usize;
    }
}

#[cfg(test)]
mod test {
    use super::SliceRows;

    #[test]
    fn slices_grow_at_most_twofold_toward_the_target() {
        let mut rows = SliceRows::default();
        rows.took(SliceRows::TARGET_MS / 8.0);
        assert_eq!(rows.rows(), 2 * SliceRows::FIRST);
        rows.took(SliceRows::TARGET_MS * 2.0);
        assert_eq!(rows.rows(), SliceRows::FIRST);
        rows.took(SliceRows::TARGET_MS / 2.0);
        assert_eq!(rows.rows(), 2 * SliceRows::FIRST);
        rows.took(1_000.0);
        assert_eq!(rows.rows(), SliceRows::LEAST);
    }
}
