//! Small JavaScript helpers for the browser halves: the clock, randomness, and method calls on
//! duck-typed objects (a serial port may be a real `SerialPort` or a test's scripted object) that
//! return a thrown exception as an `Err` instead of unwinding through Rust.

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The wall clock, unix milliseconds.
pub(super) fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// A uniform random draw in `[0, 1)`.
pub(super) fn random_unit() -> f64 {
    js_sys::Math::random()
}

/// A random 32-bit number.
pub(super) fn random_u32() -> u32 {
    (js_sys::Math::random() * 4_294_967_296.0) as u32
}

/// `target[name]`; `Err` if the getter throws.
pub(super) fn get(target: &JsValue, name: &str) -> Result<JsValue, JsValue> {
    Reflect::get(target, &JsValue::from_str(name))
}

/// Whether `target[name]` is a function.
pub(super) fn has_method(target: &JsValue, name: &str) -> bool {
    get(target, name).is_ok_and(|value| value.is_function())
}

/// `target[name](...args)`; `Err` if it is not a function or it throws.
pub(super) fn call(target: &JsValue, name: &str, args: &[&JsValue]) -> Result<JsValue, JsValue> {
    let function: Function = get(target, name)?
        .dyn_into()
        .map_err(|_| JsValue::from_str(&format!("{name} is not a function")))?;
    let list = Array::new();
    for arg in args {
        list.push(arg);
    }
    Reflect::apply(&function, target, &list)
}

/// Calls `target[name](...args)` and awaits the promise it returns (or the value, if not a promise).
pub(super) async fn call_async(
    target: &JsValue,
    name: &str,
    args: &[&JsValue],
) -> Result<JsValue, JsValue> {
    let value = call(target, name, args)?;
    let promise = js_sys::Promise::resolve(&value);
    JsFuture::from(promise).await
}

/// Awaits the promise `target[name](...args)` in the background, swallowing its result: for cleanup
/// calls whose rejection must not surface as an unhandled rejection.
pub(super) fn call_detached(target: &JsValue, name: &str, args: &[&JsValue]) {
    if let Ok(value) = call(target, name, args) {
        let promise = js_sys::Promise::resolve(&value);
        wasm_bindgen_futures::spawn_local(async move {
            let _ = JsFuture::from(promise).await;
        });
    }
}

/// A readable one-line message for a thrown value: `Name: message` of an `Error` or `DOMException`,
/// else its string form.
pub(super) fn error_message(error: &JsValue) -> String {
    let text = |name| get(error, name).ok().and_then(|value| value.as_string());
    match (text("name"), text("message")) {
        (Some(name), Some(message)) if !message.is_empty() => format!("{name}: {message}"),
        (Some(name), _) => name,
        (None, Some(message)) => message,
        (None, None) => error
            .as_string()
            .unwrap_or_else(|| String::from("unknown error")),
    }
}

/// The name of a thrown `DOMException` or `Error` (`NotFoundError`, `SecurityError`...).
pub(super) fn error_name(error: &JsValue) -> Option<String> {
    get(error, "name").ok().and_then(|value| value.as_string())
}
