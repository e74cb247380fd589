//! Analytics: pure functions from a [`Store`](crate::store::Store) to a snapshot, one module per analytic.
//!
//! Each snapshot is plain, serialisable data: the browser's recomputer keeps the latest one in a slot and
//! the views render it; `meshscope analyze --json` prints the same structs under a key of the same name.
//! Nothing here touches the browser, and nothing here panics on any store content.

pub mod airtime;
pub mod anomalies;
pub mod channel_discovery;
pub mod channel_stats;
mod channels;
pub mod clock_skew;
pub mod contact_link;
pub mod distance;
mod emitter;
pub mod geo;
mod graph;
pub mod hash_collisions;
pub mod hash_sizes;
mod hour_series;
mod hour_window;
mod job;
pub mod legs;
pub mod map_data;
pub mod map_links;
pub mod map_nodes;
pub mod neighbor_signal;
pub mod neighbors;
pub mod node_detail;
pub mod node_query;
pub mod node_table;
mod nodes;
pub mod observer_compare;
pub mod observer_stats;
mod observers;
mod overview;
pub mod packet_csv;
pub mod packet_detail;
pub mod packet_route;
mod payload_types;
pub mod prefix_tool;
pub mod projection;
pub mod resolve;
pub mod rf;
pub mod route_patterns;
mod summary;
pub mod topology;
mod watermark;

pub use distance::{Distance, distance};
pub use graph::{Graph, GraphJob, graph};
pub use hash_collisions::{HashCollisions, hash_collisions};
pub use hash_sizes::{HashSizes, hash_sizes};
pub use neighbors::{NeighborGraph, neighbors};
pub use node_detail::{NodeDetail, node_detail};
pub use node_table::{NodeStatus, node_status};
pub use nodes::{HashSource, Known, NodeEntry, nodes};

pub use airtime::{Airtime, AirtimeOptions, AirtimeState, RadioSettings, airtime};
pub use anomalies::{Anomalies, AnomaliesState, AnomalyOptions, anomalies};
pub use channel_discovery::{ChannelDiscovery, DiscoveryOptions, channel_discovery};
pub use channel_stats::{ChannelStats, channel_messages, channel_stats};
pub use channels::{ChannelEntry, HourMessages, SenderCount, channels};
pub use clock_skew::{ClockSkew, ClockSkewJob, clock_skew};
pub use emitter::Emitter;
pub use job::SliceRows;
pub use neighbor_signal::{NeighborOptions, NeighborSignal, NeighborSignalState, neighbor_signal};
pub use observer_compare::{ObserverCompare, find_observer, observer_compare};
pub use observers::{ObserverEntry, StatusEntry, observers};
pub use overview::{Overview, overview};
pub use packet_detail::{PacketDetail, packet_detail};
pub use payload_types::{PayloadTypeEntry, payload_types};
pub use prefix_tool::{PrefixTool, available_prefix, check_prefix, prefix_tool};
pub use resolve::{Resolution, ResolvedPath, Resolver};
pub use rf::{RfSnapshot, rf};
pub use route_patterns::{RoutePatterns, route_patterns};
pub use summary::{EvictedEntry, Summary, summary};
pub use topology::{Topology, topology};
