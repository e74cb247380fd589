//! Offline use: the service worker (`www/sw.js`) caches the app after the first visit.

/// Registers the service worker where the browser allows it (a secure context: https or localhost).
/// Failure only means no offline use, so it is not an error the page shows.
pub fn register_service_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if !window.is_secure_context() {
        return;
    }
    let container = window.navigator().service_worker();
    let _pending = container.register("/sw.js");
}
