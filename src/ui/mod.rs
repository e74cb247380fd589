//! The Leptos user interface: pages render recomputer snapshots and store lookups, never compute analytics.

mod app;
mod live;
mod offline;
mod pages;
mod persist;
mod state;
mod widgets;

pub use app::App;

/// Mounts the app on the document body and registers the service worker for offline use.
pub fn mount() {
    offline::register_service_worker();
    leptos::mount::mount_to_body(App);
}
