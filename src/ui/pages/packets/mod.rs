//! The Packets area: the filtered, virtualized packet list (`/packets`), one packet's detail
//! (`/packets/<hash>`), and the decode box.

mod cells;
mod csv_export;
mod decode_box;
mod detail;
mod dissection;
mod feed;
mod filter_bar;
mod hops;
mod list;
mod observations;
mod path;
mod rows;
mod summary;
mod who_heard_map;

pub use detail::PacketPage;
pub use list::PacketsPage;

/// `unix_ms` as `YYYY-MM-DD HH:MM:SS` (UTC).
fn utc_time(unix_ms: i64) -> String {
    let iso = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(unix_ms as f64)).to_iso_string();
    let iso = String::from(iso);
    iso.get(..19).unwrap_or(&iso).replace('T', " ")
}
