//! Analytics: pure functions from a [`Store`](crate::store::Store) to a snapshot, one module per analytic.
//!
//! Each snapshot is plain, serialisable data: the browser's recomputer keeps the latest one in a slot and
//! the views render it; `meshscope analyze --json` prints the same structs under a key of the same name.
//! Nothing here touches the browser, and nothing here panics on any store content.

mod channels;
pub mod distance;
pub mod geo;
pub mod hash_collisions;
pub mod hash_sizes;
pub mod legs;
pub mod neighbors;
pub mod node_detail;
pub mod node_table;
mod nodes;
mod observers;
pub mod packet_detail;
mod payload_types;
pub mod prefix_tool;
pub mod resolve;
pub mod route_patterns;
mod summary;
pub mod topology;

pub use channels::{ChannelEntry, channels};
pub use distance::{Distance, distance};
pub use hash_collisions::{HashCollisions, hash_collisions};
pub use hash_sizes::{HashSizes, hash_sizes};
pub use neighbors::{NeighborGraph, neighbors};
pub use node_detail::{NodeDetail, node_detail};
pub use node_table::{NodeStatus, node_status};
pub use nodes::{HashSource, Known, NodeEntry, nodes};

pub use observers::{ObserverEntry, observers};
pub use packet_detail::{PacketDetail, packet_detail};
pub use payload_types::{PayloadTypeEntry, payload_types};
pub use prefix_tool::{PrefixTool, available_prefix, check_prefix, prefix_tool};
pub use resolve::{Resolution, ResolvedPath, Resolver};
pub use route_patterns::{RoutePatterns, route_patterns};
pub use summary::{EvictedEntry, Summary, summary};
pub use topology::{Topology, topology};
