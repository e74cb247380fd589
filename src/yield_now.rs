//! [`yield_now`]: gives the browser its turn (input, rendering, timers) between two slices of work.
//!
//! A `setTimeout(0)` chained from timer to timer is clamped to 4 ms after five levels, so a job in 12 ms slices
//! loses a quarter of its time waiting; a message on a `MessageChannel` comes back as the next task, unclamped.

use gloo_timers::future::TimeoutFuture;
use js_sys::Promise;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Returns after the browser ran the tasks that were waiting (and rendered, if a frame was due).
pub async fn yield_now() {
    let Ok(channel) = web_sys::MessageChannel::new() else {
        TimeoutFuture::new(0).await;
        return;
    };
    let receiver = channel.port1();
    let arrived = Promise::new(&mut |resolve, _| {
        let on_message = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        receiver.set_onmessage(Some(on_message.unchecked_ref()));
    });
    if channel.port2().post_message(&JsValue::NULL).is_err() {
        TimeoutFuture::new(0).await;
        return;
    }
    // The promise only resolves; a rejection cannot come from the handler above.
    let _ = JsFuture::from(arrived).await;
    receiver.set_onmessage(None);
}
