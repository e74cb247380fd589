//! Analytics: pure functions from a [`Store`](crate::store::Store) to a snapshot, one module per analytic.
//!
//! Each snapshot is plain, serialisable data: the browser's recomputer keeps the latest one in a slot and
//! the views render it; `meshscope analyze --json` prints the same structs under a key of the same name.
//! Nothing here touches the browser, and nothing here panics on any store content.

pub mod airtime;
pub mod anomalies;
pub mod channel_stats;
mod channels;
pub mod clock_skew;
mod emitter;
pub mod geo;
mod hour_window;
pub mod neighbor_signal;
mod nodes;
pub mod observer_stats;
mod observers;
mod overview;
mod payload_types;
pub mod rf;
mod summary;

pub use airtime::{Airtime, AirtimeOptions, RadioSettings, airtime};
pub use anomalies::{Anomalies, AnomalyOptions, anomalies};
pub use channel_stats::{ChannelStats, channel_messages, channel_stats};
pub use channels::{ChannelEntry, HourMessages, SenderCount, channels};
pub use clock_skew::{ClockSkew, clock_skew};
pub use emitter::Emitter;
pub use neighbor_signal::{NeighborOptions, NeighborSignal, neighbor_signal};
pub use nodes::{NodeEntry, nodes};
pub use observers::{ObserverEntry, StatusEntry, observers};
pub use overview::{Overview, overview};
pub use payload_types::{PayloadTypeEntry, payload_types};
pub use rf::{RfSnapshot, rf};
pub use summary::{EvictedEntry, Summary, summary};
