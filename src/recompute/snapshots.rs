//! [`Snapshots`]: every analytic the views read, one slot each.

use crate::analytics::{
    Airtime, Anomalies, ChannelEntry, ClockSkew, Graph, HashCollisions, HashSizes, NeighborSignal,
    NodeEntry, ObserverEntry, Overview, PayloadTypeEntry, PrefixTool, Resolver, RfSnapshot,
    Summary,
};

use super::Analytic;
use crate::analytics::map_data::MapData;

/// Every snapshot the views read, provided once by the app. `Copy`.
#[derive(Clone, Copy)]
pub struct Snapshots {
    /// Counts, time span, evictions.
    pub summary: Analytic<Summary>,
    /// Transmissions and observations per payload type.
    pub payload_types: Analytic<Vec<PayloadTypeEntry>>,
    /// The node table.
    pub nodes: Analytic<Vec<NodeEntry>>,
    /// The observer table.
    pub observers: Analytic<Vec<ObserverEntry>>,
    /// The channel table.
    pub channels: Analytic<Vec<ChannelEntry>>,
    /// Path hash sizes on the air and per node.
    pub hash_sizes: Analytic<HashSizes>,
    /// Repeaters sharing key prefixes.
    pub hash_collisions: Analytic<HashCollisions>,
    /// The hash size to configure.
    pub prefix_tool: Analytic<PrefixTool>,
    /// Traffic overview: rates, activity, busiest nodes.
    pub overview: Analytic<Overview>,
    /// Signal quality: SNR and RSSI distributions and per-hour figures.
    pub rf: Analytic<RfSnapshot>,
    /// Observer clock offsets.
    pub clock_skew: Analytic<ClockSkew>,
    /// The neighbor graph and what is built on resolved paths.
    pub graph: Analytic<Graph>,
    /// Airtime, routing anomalies and neighbor signal history.
    pub insights: Analytic<Insights>,
    /// The hop resolver of the store as it is, for views that resolve the paths they show.
    pub resolver: Analytic<Resolver>,
    /// The located nodes and their links, for the Map page.
    pub map: Analytic<MapData>,
}

/// The analytics of issue 9, with their default options.
#[derive(Debug)]
pub struct Insights {
    /// Time on air and duty cycle.
    pub airtime: Airtime,
    /// Loops, long paths, storms, silent repeaters.
    pub anomalies: Anomalies,
    /// Signal history per observer and direct neighbour.
    pub neighbor_signal: NeighborSignal,
}

impl Snapshots {
    /// Empty slots, owned by the current reactive owner.
    pub fn new() -> Self {
        Snapshots {
            summary: Analytic::new(),
            payload_types: Analytic::new(),
            nodes: Analytic::new(),
            observers: Analytic::new(),
            channels: Analytic::new(),
            hash_sizes: Analytic::new(),
            hash_collisions: Analytic::new(),
            prefix_tool: Analytic::new(),
            overview: Analytic::new(),
            rf: Analytic::new(),
            clock_skew: Analytic::new(),
            graph: Analytic::new(),
            insights: Analytic::new(),
            resolver: Analytic::new(),
            map: Analytic::new(),
        }
    }
}

impl Default for Snapshots {
    fn default() -> Self {
        Snapshots::new()
    }
}
