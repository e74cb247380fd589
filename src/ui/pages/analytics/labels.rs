//! How the analytics tabs name things: times, emitters, nodes, signal figures. Plain text only.

use wasm_bindgen::JsValue;

use crate::analytics::Emitter;
use crate::analytics::resolve::NodeLabel;
use crate::ui::widgets::histogram::Bar;

/// `ms` (unix) as `YYYY-MM-DD HH:MM` UTC.
pub fn utc(ms: i64) -> String {
    let iso = String::from(js_sys::Date::new(&JsValue::from_f64(ms as f64)).to_iso_string());
    iso.get(..16).unwrap_or(&iso).replacen('T', " ", 1)
}

/// An optional time as [`utc`], or a dash.
pub fn utc_or_dash(ms: Option<i64>) -> String {
    ms.map(utc).unwrap_or_else(dash)
}

/// What tables show for a missing value.
pub fn dash() -> String {
    String::from("–")
}

/// `value` with `digits` decimals, or a dash.
pub fn fixed(value: Option<f64>, digits: usize) -> String {
    value.map_or_else(dash, |value| format!("{value:.digits$}"))
}

/// An emitter: its name when resolved, otherwise its hop prefix saying unknown or how many candidates it
/// has (an ambiguous prefix is never resolved silently).
pub fn emitter(emitter: &Emitter) -> String {
    match emitter.candidates {
        1 => emitter
            .name
            .clone()
            .or_else(|| {
                emitter
                    .public_key
                    .as_deref()
                    .and_then(|key| key.get(..8))
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| emitter.prefix.clone()),
        0 => format!("{} (unknown)", emitter.prefix),
        n => format!("{} (ambiguous: {n} candidates)", emitter.prefix),
    }
}

/// A node: its name, or the start of its key.
pub fn node(label: &NodeLabel) -> String {
    label
        .name
        .clone()
        .unwrap_or_else(|| label.public_key.get(..8).unwrap_or_default().to_owned())
}

/// An observer: its name, or its id, or "unnamed".
pub fn observer(name: Option<&String>, id: Option<&String>) -> String {
    name.or(id)
        .cloned()
        .unwrap_or_else(|| String::from("unnamed"))
}

/// Histogram bars of bins with lower edge `x`, width `w` and a count, labelled `x–x+w unit`.
pub fn bars(bins: impl Iterator<Item = (f64, f64, u64)>, unit: &str) -> Vec<Bar> {
    bins.map(|(x, w, count)| Bar {
        label: format!("{x:.1}–{:.1} {unit}", x + w),
        count,
    })
    .collect()
}
