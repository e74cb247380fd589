//! [`Status`]: the signals a live source shows (state and counters), updated from its callbacks.

use leptos::prelude::{ArcRwSignal, Set, Signal, WithUntracked};

use super::state::{LiveCounters, RateMeter, SourceState};

/// A source's state and counter signals, and the packet-rate meter behind `Live`. The signals are
/// reference-counted, owned by the source, so they outlive any reactive owner the app drops first.
#[derive(Debug)]
pub(super) struct Status {
    state: ArcRwSignal<SourceState>,
    counters: ArcRwSignal<LiveCounters>,
    rate: RateMeter,
}

impl Status {
    pub(super) fn new(initial: SourceState) -> Self {
        Status {
            state: ArcRwSignal::new(initial),
            counters: ArcRwSignal::new(LiveCounters::default()),
            rate: RateMeter::new(),
        }
    }

    /// Handles on the signals, for the source's owner to hand out without borrowing the state.
    pub(super) fn signals(&self) -> Signals {
        Signals {
            state: self.state.clone(),
            counters: self.counters.clone(),
        }
    }

    /// The current state, without subscribing.
    pub(super) fn state(&self) -> SourceState {
        self.state.with_untracked(Clone::clone)
    }

    /// Sets the state; going live (again) restarts the rate meter.
    pub(super) fn set(&mut self, state: SourceState) {
        if state.is_live() && !self.state.with_untracked(SourceState::is_live) {
            self.rate.reset();
        }
        if self.state.with_untracked(|current| *current != state) {
            self.state.set(state);
        }
    }

    /// Goes live since `now_ms`, unless live already.
    pub(super) fn go_live(&mut self, now_ms: i64) {
        if !self.state.with_untracked(SourceState::is_live) {
            self.set(SourceState::Live {
                since_ms: now_ms,
                packets_per_second: 0.0,
            });
        }
    }

    /// The once-a-second refresh: publishes the counters if they changed, and the packet rate when
    /// live.
    pub(super) fn tick(&mut self, now_ms: i64, counters: LiveCounters) {
        if self.counters.with_untracked(|current| *current != counters) {
            self.counters.set(counters);
        }
        let rate = self.rate.sample(now_ms, counters.packets);
        if let SourceState::Live {
            since_ms,
            packets_per_second,
        } = self.state()
            && (packets_per_second - rate).abs() >= 0.05
        {
            self.state.set(SourceState::Live {
                since_ms,
                packets_per_second: rate,
            });
        }
    }
}

/// A source's signals, as the app reads them.
#[derive(Debug, Clone)]
pub(super) struct Signals {
    state: ArcRwSignal<SourceState>,
    counters: ArcRwSignal<LiveCounters>,
}

impl Signals {
    /// The state as a signal for views (call it inside a reactive owner).
    pub(super) fn state(&self) -> Signal<SourceState> {
        self.state.clone().into()
    }

    /// The counters as a signal for views, updated about once a second.
    pub(super) fn counters(&self) -> Signal<LiveCounters> {
        self.counters.clone().into()
    }
}
