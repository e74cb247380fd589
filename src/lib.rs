//! MeshScope: a MeshCore packet analyzer.
//!
//! Data flows one way: source -> [`ingest`] -> [`store`] -> [`analytics`] -> slot -> view.
//! Everything but the `web` half is plain Rust with no browser dependency, so the engine builds,
//! tests and benchmarks natively and the `meshscope` command-line tool runs it anywhere.

pub mod analytics;
pub mod companion;
pub mod filter;
pub mod generate;
pub mod hex;
pub mod ingest;
pub mod protocol;
pub mod recompute;
pub mod store;
pub mod time;

#[cfg(feature = "web")]
pub mod ui;
#[cfg(feature = "web")]
pub mod yield_now;
