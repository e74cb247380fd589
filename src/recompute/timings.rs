//! [`Timings`]: how long each analytic's last compute took, for the engine panel and the browser benchmark.

use std::cell::RefCell;
use std::rc::Rc;

/// One analytic's compute times.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timing {
    /// The analytic (its snapshot's name).
    pub name: &'static str,
    /// The last compute, milliseconds.
    pub last_ms: f64,
    /// The longest compute so far, milliseconds.
    pub max_ms: f64,
    /// Computes so far.
    pub computes: u64,
    /// The slices the last compute ran in (1 unless the analytic is computed in slices).
    pub last_slices: u32,
    /// The longest slice so far, milliseconds: the longest the analytic held the page at once.
    pub max_slice_ms: f64,
}

/// Compute times by analytic, in the order first recorded. Clones share the same record.
#[derive(Debug, Clone, Default)]
pub struct Timings(Rc<RefCell<Vec<Timing>>>);

impl Timings {
    /// Records that `name` computed in `ms` milliseconds in all, in `slices` slices the longest of which took
    /// `longest_slice_ms`.
    pub fn record(&self, name: &'static str, ms: f64, slices: u32, longest_slice_ms: f64) {
        let Ok(mut timings) = self.0.try_borrow_mut() else {
            return;
        };
        match timings.iter_mut().find(|timing| timing.name == name) {
            Some(timing) => {
                timing.last_ms = ms;
                timing.max_ms = timing.max_ms.max(ms);
                timing.computes += 1;
                timing.last_slices = slices;
                timing.max_slice_ms = timing.max_slice_ms.max(longest_slice_ms);
            }
            None => timings.push(Timing {
                name,
                last_ms: ms,
                max_ms: ms,
                computes: 1,
                last_slices: slices,
                max_slice_ms: longest_slice_ms,
            }),
        }
    }

    /// Every analytic's times.
    pub fn all(&self) -> Vec<Timing> {
        self.0
            .try_borrow()
            .map(|timings| timings.clone())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn keeps_last_max_and_count_per_analytic() {
        let timings = Timings::default();
        timings.record("nodes", 3.0, 1, 3.0);
        timings.clone().record("rf", 1.0, 1, 1.0);
        timings.record("nodes", 2.0, 2, 1.5);
        let all = timings.all();
        assert_eq!(all.len(), 2);
        assert_eq!(
            all[0],
            Timing {
                name: "nodes",
                last_ms: 2.0,
                max_ms: 3.0,
                computes: 2,
                last_slices: 2,
                max_slice_ms: 3.0,
            }
        );
        assert_eq!(all[1].computes, 1);
    }
}
