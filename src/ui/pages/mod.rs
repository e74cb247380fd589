//! One file per page of the app.

mod analytics;
mod channels;
mod map;
mod node_detail;
mod nodes;
mod not_found;
mod packets;
mod sources;

pub use analytics::AnalyticsPage;
pub use channels::ChannelsPage;
pub use map::MapPage;
pub use node_detail::NodeDetailPage;
pub use nodes::NodesPage;
pub use not_found::NotFound;
pub use packets::{PacketPage, PacketsPage};
pub use sources::SourcesPage;
