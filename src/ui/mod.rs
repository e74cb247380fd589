//! The Leptos user interface: pages render recomputer snapshots and store lookups, never compute analytics.

mod app;
mod pages;
mod state;
mod widgets;

pub use app::App;

/// Mounts the app on the document body.
pub fn mount() {
    leptos::mount::mount_to_body(App);
}
