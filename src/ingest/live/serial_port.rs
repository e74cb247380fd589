//! [`OpenPort`]: an open serial port's reader, writer and `disconnect` listener, reached through
//! duck-typed calls so that a test's scripted port works like a real `SerialPort`.

use js_sys::{Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::js::{call, call_async, call_detached, error_name, get, has_method};

/// The companion radio's baud rate (boards with native USB ignore it).
pub(super) const BAUD_RATE: u32 = 115_200;

/// Whether `port` has what a serial source calls: `open`, `close` and `addEventListener`.
pub(super) fn looks_like_port(port: &JsValue) -> bool {
    ["open", "close", "addEventListener"]
        .iter()
        .all(|method| has_method(port, method))
}

/// Opens `port` at [`BAUD_RATE`]. A port that is already open (a reconnect of a port nobody closed)
/// counts as opened.
pub(super) async fn open(port: &JsValue) -> Result<(), JsValue> {
    let options = Object::new();
    Reflect::set(
        &options,
        &JsValue::from_str("baudRate"),
        &JsValue::from(BAUD_RATE),
    )?;
    match call_async(port, "open", &[&options]).await {
        Ok(_) => Ok(()),
        Err(error) if error_name(&error).as_deref() == Some("InvalidStateError") => Ok(()),
        Err(error) => Err(error),
    }
}

/// An open port's locked reader and writer and its `disconnect` listener. Dropping it releases
/// them and closes the port in the background; [`OpenPort::release`] does the same and returns the
/// close promise, to wait for before opening the port again.
pub(super) struct OpenPort {
    port: JsValue,
    reader: JsValue,
    writer: JsValue,
    on_disconnect: Option<Closure<dyn FnMut(JsValue)>>,
}

impl OpenPort {
    /// Locks the port's streams and listens for its `disconnect` event with `on_disconnect`.
    pub(super) fn lock(
        port: &JsValue,
        on_disconnect: Closure<dyn FnMut(JsValue)>,
    ) -> Result<OpenPort, JsValue> {
        let readable = get(port, "readable")?;
        let writable = get(port, "writable")?;
        if readable.is_falsy() || writable.is_falsy() {
            return Err(JsValue::from_str("the port has no streams (it is closed)"));
        }
        let reader = call(&readable, "getReader", &[])?;
        let writer = match call(&writable, "getWriter", &[]) {
            Ok(writer) => writer,
            Err(error) => {
                let _ = call(&reader, "releaseLock", &[]);
                return Err(error);
            }
        };
        call(
            port,
            "addEventListener",
            &[&JsValue::from_str("disconnect"), on_disconnect.as_ref()],
        )?;
        Ok(OpenPort {
            port: port.clone(),
            reader,
            writer,
            on_disconnect: Some(on_disconnect),
        })
    }

    /// The reader, for the read loop.
    pub(super) fn reader(&self) -> JsValue {
        self.reader.clone()
    }

    /// Writes `bytes` in the background (writes queue in order in the stream).
    pub(super) fn write(&self, bytes: &[u8]) {
        let chunk = Uint8Array::from(bytes);
        call_detached(&self.writer, "write", &[&chunk]);
    }

    /// Stops listening, cancels the pending read, releases both locks and closes the port. Returns the
    /// close promise (`None` if done already).
    pub(super) fn release(&mut self) -> Option<Promise> {
        let listener = self.on_disconnect.take()?;
        let _ = call(
            &self.port,
            "removeEventListener",
            &[&JsValue::from_str("disconnect"), listener.as_ref()],
        );
        call_detached(&self.reader, "cancel", &[]);
        let _ = call(&self.reader, "releaseLock", &[]);
        let _ = call(&self.writer, "releaseLock", &[]);
        let closed = call(&self.port, "close", &[]).ok()?;
        Some(Promise::resolve(&closed))
    }
}

impl Drop for OpenPort {
    fn drop(&mut self) {
        if let Some(closed) = self.release() {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(closed).await;
            });
        }
    }
}

/// The bytes of one `reader.read()` result; `None` when the stream is done.
pub(super) fn chunk_bytes(result: &JsValue) -> Option<Vec<u8>> {
    if get(result, "done").ok().and_then(|done| done.as_bool()) == Some(true) {
        return None;
    }
    let value = get(result, "value").unwrap_or(JsValue::UNDEFINED);
    match value.dyn_ref::<Uint8Array>() {
        Some(array) => Some(array.to_vec()),
        None if value.is_instance_of::<js_sys::ArrayBuffer>() => {
            Some(Uint8Array::new(&value).to_vec())
        }
        None => Some(Vec::new()),
    }
}
