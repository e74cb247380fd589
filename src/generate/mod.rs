//! Synthetic MeshCore traffic: a seeded mesh of nodes with real identities, and the packets they send as
//! observers would log them, in any dump format MeshScope reads, with the exact [`Truth`] of what was
//! generated.
//!
//! - [`Mesh::new`] builds the mesh from [`MeshOptions`]: roles, Ed25519 identities (with deliberate 1- and
//!   2-byte key-prefix collisions among repeaters, found by key grinding), names with non-ASCII and emoji,
//!   positions around a centre, path hash modes (one or two flip-flopping), clocks (skewed, drifting, none,
//!   bimodal), radio links from a log-distance model, observers with IATA codes, and channels.
//! - [`Simulation`] runs [`TrafficOptions`] over it: signed adverts (flood and zero-hop), channel messages
//!   (some region-scoped, one channel whose key is never shared, a `#bot` that answers pings), direct
//!   messages with ACKs and returned paths, requests and responses, ANON_REQ logins, traces and discovery.
//!   Floods spread hop by hop through repeaters in range; each observer logs every copy it hears, with the
//!   SNR and RSSI of the last link. It hands out observations in time order as [`Heard`] values.
//! - [`write_dump`] streams them in an [`OutputFormat`] to any `io::Write` and returns the [`Truth`].
//!
//! Everything derives from the seed through the generator's own xoshiro256** and series for `ln` and `cos`
//! (no platform math library), so the same options give byte-identical output everywhere.
//!
//! The shipped sample `www/sample/meshscope-sample.jsonl` is exactly the output of
//! `meshscope generate --seed 7 --nodes 40 --observers 3 --hours 6 --observations 3500 --format f1 --out www/sample/meshscope-sample.jsonl`
//! (`tests/generate_sample.rs` regenerates it and compares).

mod air;
mod fmath;
mod keys;
mod layout;
pub mod mesh;
mod names;
pub mod node;
pub mod options;
pub mod output;
mod propagate;
pub mod radio;
mod rng;
mod simulate;
mod tally;
mod traffic;
pub mod truth;

pub use air::Heard;
pub use mesh::{Channel, Mesh, Observer};
pub use node::{Clock, HashMode, Node};
pub use options::{DEFAULT_START_MS, MeshOptions, TrafficOptions};
pub use output::{Format as OutputFormat, OutputOptions, write_dump};
pub use radio::Signal;
pub use simulate::Simulation;
pub use traffic::{AdvertRecord, ChannelMessageRecord, DirectMessageRecord, Records};
pub use truth::Truth;
