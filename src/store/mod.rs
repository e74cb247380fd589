//! The in-memory store: transmissions (unique packets) and their observations (each hearing by an observer),
//! nodes from adverts, observers, channels with decrypted messages, indexes, incremental aggregates and a
//! memory budget. Data and indexes only: analytics are pure functions over a `&Store`
//! (`fn(&Store) -> Snapshot`), and the UI reads it through the accessors in `queries.rs`.
//!
//! # Shape
//!
//! - [`Transmissions`] and [`Observations`] are columns (structure of arrays) in fixed-size chunks
//!   ([`column::Column`]), indexed by [`TxId`] and [`ObsId`]. An observation costs 26 bytes of columns plus
//!   4 in the by-observer index; a transmission's raw bytes are stored once, and each observation's exact bytes
//!   are rebuilt from them and its interned path ([`PathTable`]).
//! - Each transmission lists its observations newest first (a linked list through the observation columns) and
//!   remembers its longest observed path.
//! - [`Nodes`] come from adverts (signature checked once per advert transmission) and ANON_REQ sender keys, with
//!   a prefix index for hop resolution; prefixes that match no node are listed by [`Store::unknown_prefixes`].
//! - [`index`]: by time, payload type, observer, originator, hop hash, datagram hashes, channel hash.
//! - [`aggregates`]: histograms, hourly buckets and tallies kept up to date at ingest.
//! - [`dedup`]: repeats of the same hearing are counted, not stored. [`malformed`]: what failed is kept.
//! - [`budget`]: [`Store::memory`], and eviction of the oldest transmissions beyond a byte budget.
//!
//! # Ingest
//!
//! [`Store::ingest`] takes a parser [`Batch`](crate::ingest::Batch): each packet is checked, looked up by
//! content (no SHA-256 for a copy of a known packet), decoded once when new, stored, indexed; adverts update
//! nodes, group packets are decrypted with the known channels.

#![warn(missing_docs)]

mod adverts;
pub mod aggregates;
pub mod arena;
pub mod budget;
pub mod channels;
pub mod column;
pub mod content;
mod decrypt;
pub mod dedup;
mod derive;
mod evict;
mod export;
pub mod flags;
pub mod hash_index;
pub mod hasher;
pub mod ids;
pub mod index;
mod ingest;
pub mod interner;
pub mod malformed;
pub mod nodes;
pub mod observations;
pub mod observers;
pub mod paths;
mod prefixes;
mod queries;
pub mod transmissions;

pub use aggregates::Aggregates;
pub use budget::{Evicted, MemoryUsage};
pub use channels::{ChannelInfo, Channels, Message, MessageKind, PUBLIC_NAME};
pub use decrypt::ChannelAdded;
pub use flags::TxFlags;
pub use ids::{ChannelId, MessageId, NodeId, ObsId, ObserverId, PathId, StrId, TxId};
pub use index::Indexes;
pub use ingest::{IngestReport, LIVE_BUDGET_CHECK, Outcome};
pub use interner::Interner;
pub use malformed::Malformed;
pub use nodes::{Node, Nodes};
pub use observations::{ObservationRow, Observations, RawVariant};
pub use observers::{Observer, ObserverKind, ObserverStatus, Observers};
pub use paths::{Path, PathKind, PathTable};
pub use prefixes::{PrefixSource, UnknownPrefix};
pub use queries::{ObservationsOf, Subject, TransmissionRow};
pub use transmissions::Transmissions;

/// Everything MeshScope knows about the packets it was given. See the module documentation.
#[derive(Debug, Clone)]
pub struct Store {
    txs: Transmissions,
    obs: Observations,
    paths: PathTable,
    strings: Interner,
    observers: Observers,
    nodes: Nodes,
    channels: Channels,
    indexes: Indexes,
    aggregates: Aggregates,
    malformed: Malformed,
    repeats: u64,
    dropped: u64,
    evicted: Evicted,
    budget: Option<usize>,
    live_since_budget_check: u32,
    generation: u64,
    revision: u64,
}

impl Default for Store {
    fn default() -> Self {
        Store::new()
    }
}

impl Store {
    /// An empty store that knows the Public channel.
    pub fn new() -> Store {
        Store {
            txs: Transmissions::new(),
            obs: Observations::new(),
            paths: PathTable::new(),
            strings: Interner::new(),
            observers: Observers::new(),
            nodes: Nodes::new(),
            channels: Channels::new(),
            indexes: Indexes::new(),
            aggregates: Aggregates::new(),
            malformed: Malformed::new(),
            repeats: 0,
            dropped: 0,
            evicted: Evicted::default(),
            budget: None,
            live_since_budget_check: 0,
            generation: 0,
            revision: 0,
        }
    }

    /// Forgets every packet, node, observer, channel and count, as [`Store::new`], but keeps the memory
    /// budget, and moves the revision on so that every reader sees the change.
    pub fn clear(&mut self) {
        let (budget, revision) = (self.budget, self.revision);
        *self = Store::new();
        self.budget = budget;
        self.revision = revision + 1;
    }
}
