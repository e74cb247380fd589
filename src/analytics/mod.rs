//! Analytics: pure functions from a [`Store`](crate::store::Store) to a snapshot, one module per analytic.
//!
//! Each snapshot is plain, serialisable data: the browser's recomputer keeps the latest one in a slot and
//! the views render it; `meshscope analyze --json` prints the same structs under a key of the same name.
//! Nothing here touches the browser, and nothing here panics on any store content.

mod channels;
pub mod contact_link;
pub mod geo;
pub mod map_links;
pub mod map_nodes;
pub mod node_query;
mod nodes;
mod observers;
pub mod packet_route;
mod payload_types;
pub mod projection;
mod summary;

pub use channels::{ChannelEntry, channels};
pub use nodes::{NodeEntry, nodes};
pub use observers::{ObserverEntry, observers};
pub use payload_types::{PayloadTypeEntry, payload_types};
pub use summary::{EvictedEntry, Summary, summary};
