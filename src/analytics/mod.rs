//! Analytics: pure functions from a [`Store`](crate::store::Store) to a snapshot, one module per analytic.
//!
//! Each snapshot is plain, serialisable data: the browser's recomputer keeps the latest one in a slot and
//! the views render it; `meshscope analyze --json` prints the same structs under a key of the same name.
//! Nothing here touches the browser, and nothing here panics on any store content.

mod channels;
pub mod distance;
pub mod geo;
pub mod legs;
pub mod neighbors;
pub mod node_detail;
mod nodes;
mod observers;
pub mod packet_detail;
mod payload_types;
pub mod resolve;
pub mod route_patterns;
mod summary;
pub mod topology;

pub use channels::{ChannelEntry, channels};
pub use distance::{Distance, distance};
pub use neighbors::{NeighborGraph, neighbors};
pub use node_detail::{NodeDetail, node_detail};
pub use nodes::{NodeEntry, nodes};
pub use observers::{ObserverEntry, observers};
pub use packet_detail::{PacketDetail, packet_detail};
pub use payload_types::{PayloadTypeEntry, payload_types};
pub use resolve::{Resolution, ResolvedPath, Resolver};
pub use route_patterns::{RoutePatterns, route_patterns};
pub use summary::{EvictedEntry, Summary, summary};
pub use topology::{Topology, topology};
