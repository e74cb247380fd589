//! The recomputer: snapshots of the analytics, refreshed on timers off the render path.
//!
//! A [`Slot`] holds the latest snapshot of one analytic. A read is a borrow and an `Rc` clone, never a
//! compute. In the browser, [`Refresh`] recomputes into a slot on a `gloo-timers` interval and notifies the
//! views that read it; [`Recomputer`] runs one refresh per analytic of [`Snapshots`]. The costliest (the
//! graph family, the insights) are computed in slices of about 4 ms, one per tick, and published when done.

#[cfg(feature = "web")]
mod analytic;
#[cfg(feature = "web")]
mod recomputer;
#[cfg(feature = "web")]
mod refresh;
#[cfg(feature = "web")]
mod schedule;
#[cfg(feature = "web")]
mod settings;
mod slot;
#[cfg(feature = "web")]
mod snapshots;
mod timings;

#[cfg(feature = "web")]
pub use analytic::Analytic;
#[cfg(feature = "web")]
pub use recomputer::{Clock, Intervals, Recomputer};
#[cfg(feature = "web")]
pub use refresh::Refresh;
#[cfg(feature = "web")]
pub use schedule::precise_now_ms;
#[cfg(feature = "web")]
pub use settings::AnalyticsSettings;
pub use slot::Slot;
#[cfg(feature = "web")]
pub use snapshots::{Insights, Snapshots};
pub use timings::{Timing, Timings};
