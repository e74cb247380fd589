//! [`Matcher`]: which transmissions (or observations) of a store pass a filter, computed in bounded steps and
//! kept up to date as data arrives.
//!
//! A full scan evaluates every transmission (or observation) once. Afterwards, each step looks at what the
//! store gained: every observation added since the last scan is evaluated (by observation), or has its
//! transmission evaluated again (by transmission), so live data costs in proportion to what arrived. A change
//! that adds no observation (a channel key added, statuses) and an eviction start a full scan again.

use super::Filter;
use super::eval::{Eval, State};
use super::program::Program;
use crate::store::{ObsId, Store, TxId};

/// What a row of the packet list is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// One row per transmission: it passes when one of its observations does.
    Transmissions,
    /// One row per observation.
    Observations,
}

/// How far the current scan is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Items evaluated in the current scan.
    pub done: usize,
    /// Items the current scan evaluates.
    pub total: usize,
    /// Whether nothing is left to evaluate: the matches reflect the store as of the last step.
    pub settled: bool,
}

/// The matches of one filter in one store, maintained step by step. See the module documentation.
#[derive(Debug, Clone)]
pub struct Matcher {
    program: Program,
    state: State,
    mode: Mode,
    /// One bit per transmission id or observation id.
    bits: Vec<u64>,
    matched: usize,
    work: Work,
    /// Transmission and observation counts covered by the finished scans.
    covered: (usize, usize),
    generation: u64,
    revision: Option<u64>,
}

/// The scan in progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Work {
    /// Nothing to do until the store changes.
    Idle,
    /// Every item below `end`, from `next`; then the coverage is `covers`.
    Full {
        next: usize,
        end: usize,
        covers: (usize, usize),
    },
    /// The observations `next..end` added since the last scan; then the coverage is `covers`.
    Added {
        next: usize,
        end: usize,
        covers: (usize, usize),
    },
}

impl Matcher {
    /// A matcher of `filter` by `mode`; its first steps scan the whole store.
    pub fn new(filter: &Filter, mode: Mode) -> Matcher {
        let program = Program::new(filter.expr());
        Matcher {
            state: State::new(&program),
            program,
            mode,
            bits: Vec::new(),
            matched: 0,
            work: Work::Idle,
            covered: (0, 0),
            generation: 0,
            revision: None,
        }
    }

    /// How rows are counted.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The number of matches so far.
    pub fn count(&self) -> usize {
        self.matched
    }

    /// Evaluates at most about `budget` items of pending work and says how far the scan is. Call it until
    /// `settled`, and again whenever the store changed.
    pub fn step(&mut self, store: &Store, budget: usize) -> Progress {
        if self.work == Work::Idle {
            self.plan(store);
        }
        let mut spent = 0;
        loop {
            match self.work {
                Work::Idle => {
                    return Progress {
                        done: 0,
                        total: 0,
                        settled: true,
                    };
                }
                Work::Full { next, end, covers } => {
                    let stop = end.min(next + budget.saturating_sub(spent).max(1));
                    for index in next..stop {
                        let passes = self.evaluate(store, index);
                        self.set(index, passes);
                    }
                    spent += stop - next;
                    self.work = Work::Full {
                        next: stop,
                        end,
                        covers,
                    };
                    if stop == end {
                        self.covered = covers;
                        self.work = Work::Idle;
                        self.plan(store);
                    }
                    if spent >= budget || self.work == Work::Idle {
                        return self.progress();
                    }
                }
                Work::Added { next, end, covers } => {
                    let stop = end.min(next + budget.saturating_sub(spent).max(1));
                    for obs in next..stop {
                        spent += self.reevaluate(store, ObsId(obs as u32));
                    }
                    self.work = Work::Added {
                        next: stop,
                        end,
                        covers,
                    };
                    if stop == end {
                        self.covered = covers;
                        self.work = Work::Idle;
                        self.plan(store);
                    }
                    if spent >= budget || self.work == Work::Idle {
                        return self.progress();
                    }
                }
            }
        }
    }

    /// The matching ids: transmissions in the store's time order (oldest first) by transmission,
    /// observations in id order (arrival order) by observation.
    pub fn ids(&self, store: &Store) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.matched);
        match self.mode {
            Mode::Transmissions => out.extend(
                store
                    .by_time()
                    .iter()
                    .filter(|tx| self.is_set(tx.index()))
                    .map(|tx| tx.0),
            ),
            Mode::Observations => {
                for (word_index, &word) in self.bits.iter().enumerate() {
                    let mut word = word;
                    while word != 0 {
                        let bit = word.trailing_zeros() as usize;
                        out.push((word_index * 64 + bit) as u32);
                        word &= word - 1;
                    }
                }
            }
        }
        out
    }

    /// Chooses the next scan from what changed in the store.
    fn plan(&mut self, store: &Store) {
        let counts = (store.transmission_count(), store.observation_count());
        let fresh = self.revision.is_none() || store.generation() != self.generation;
        let items = match self.mode {
            Mode::Transmissions => counts.0,
            Mode::Observations => counts.1,
        };
        if fresh || (self.revision != Some(store.revision()) && counts.1 == self.covered.1) {
            self.bits.clear();
            self.matched = 0;
            self.state = State::new(&self.program);
            self.work = Work::Full {
                next: 0,
                end: items,
                covers: counts,
            };
        } else if counts.1 > self.covered.1 {
            self.work = Work::Added {
                next: self.covered.1,
                end: counts.1,
                covers: counts,
            };
        }
        self.generation = store.generation();
        self.revision = Some(store.revision());
    }

    fn progress(&self) -> Progress {
        match self.work {
            Work::Idle => Progress {
                done: 0,
                total: 0,
                settled: true,
            },
            Work::Full { next, end, .. } => Progress {
                done: next,
                total: end,
                settled: false,
            },
            Work::Added { next, end, .. } => Progress {
                done: next.saturating_sub(self.covered.1),
                total: end.saturating_sub(self.covered.1),
                settled: false,
            },
        }
    }

    /// Evaluates transmission or observation `index`.
    fn evaluate(&mut self, store: &Store, index: usize) -> bool {
        let mut eval = Eval {
            program: &self.program,
            state: &mut self.state,
            store,
        };
        match self.mode {
            Mode::Transmissions => eval.transmission(TxId(index as u32)),
            Mode::Observations => eval.observation(ObsId(index as u32)),
        }
    }

    /// Brings the matches up to date with the new observation `obs`; returns the items evaluated.
    fn reevaluate(&mut self, store: &Store, obs: ObsId) -> usize {
        let Some(tx) = store.observations().tx(obs) else {
            return 0;
        };
        match self.mode {
            Mode::Transmissions => {
                let passes = self.evaluate(store, tx.index());
                self.set(tx.index(), passes);
                1
            }
            Mode::Observations if self.program.follows_observation_set => {
                let mut spent = 0;
                for other in store.observations_of(tx) {
                    let passes = self.evaluate(store, other.index());
                    self.set(other.index(), passes);
                    spent += 1;
                }
                spent
            }
            Mode::Observations => {
                let passes = self.evaluate(store, obs.index());
                self.set(obs.index(), passes);
                1
            }
        }
    }

    fn is_set(&self, index: usize) -> bool {
        self.bits
            .get(index / 64)
            .is_some_and(|word| word >> (index % 64) & 1 == 1)
    }

    fn set(&mut self, index: usize, passes: bool) {
        let word_index = index / 64;
        if self.bits.len() <= word_index {
            if !passes {
                return;
            }
            self.bits.resize(word_index + 1, 0);
        }
        if let Some(word) = self.bits.get_mut(word_index) {
            let bit = 1u64 << (index % 64);
            let was = *word & bit != 0;
            if passes {
                *word |= bit;
            } else {
                *word &= !bit;
            }
            match (was, passes) {
                (false, true) => self.matched += 1,
                (true, false) => self.matched -= 1,
                _ => {}
            }
        }
    }
}

/// Every match of `filter` in `store`, in the order of [`Matcher::ids`], computed at once.
pub fn matching(filter: &Filter, store: &Store, mode: Mode) -> Vec<u32> {
    let mut matcher = Matcher::new(filter, mode);
    while !matcher.step(store, usize::MAX / 2).settled {}
    matcher.ids(store)
}
