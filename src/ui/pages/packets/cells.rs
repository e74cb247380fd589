//! The cells of one row of the packet list, read by index from the store.

use leptos::prelude::*;

use super::path::{PathHop, PathView, observation_hops};
use super::rows::Row;
use super::summary::summary;
use super::utc_time;
use crate::analytics::resolve::Resolver;
use crate::filter::Mode;
use crate::store::{Store, TxId};

/// Row height, px (the CSS gives `.packets-table .vtable-row` this height).
pub const ROW_HEIGHT: f64 = 24.0;

/// What one row shows, as text.
#[derive(Debug, Clone, PartialEq)]
pub struct Cells {
    /// `YYYY-MM-DD ` (hidden at phone width).
    date: String,
    /// `HH:MM:SS`.
    time: String,
    hash: String,
    payload_type: &'static str,
    route: &'static str,
    hops: String,
    /// The path heard (the longest for a transmission row), resolved.
    path: Vec<PathHop>,
    /// The observer's name, or how many distinct observers heard a transmission.
    observers: String,
    snr: String,
    rssi: String,
    size: String,
    summary: String,
    /// Whether this is an observation under an expanded transmission.
    heard: bool,
}

impl Cells {
    /// The cells of `row`, its path resolved by `resolver` (prefixes only while there is none).
    pub fn new(store: &Store, resolver: Option<&Resolver>, row: Row) -> Option<Cells> {
        let tx = row.tx(store)?;
        let info = store.transmission(tx)?;
        let observations = store.observations();
        let path_of = row.obs().or(info.longest_path.map(|(_, obs)| obs));
        let (time, observers, snr, rssi) = match row.obs() {
            Some(obs) => (
                observations.time(obs).unwrap_or(info.first_seen_ms),
                observations
                    .observer(obs)
                    .and_then(|id| store.observers().get(id))
                    .map(|observer| {
                        observer
                            .name
                            .clone()
                            .or(observer.iata.clone())
                            .unwrap_or_default()
                    })
                    .unwrap_or_default(),
                observations.snr_db(obs),
                observations.rssi_dbm(obs),
            ),
            None => {
                let (snr, rssi) = best_signal(store, tx);
                (
                    info.first_seen_ms,
                    distinct_observers(store, tx).to_string(),
                    snr,
                    rssi,
                )
            }
        };
        let stamp = utc_time(time);
        let (date, clock) = stamp.split_at(stamp.find(' ').map_or(0, |space| space + 1));
        Some(Cells {
            date: date.to_owned(),
            time: clock.to_owned(),
            hash: info.hash.to_string(),
            payload_type: info.payload_type.name(),
            route: info.route_type.name(),
            hops: path_of
                .and_then(|obs| store.observation_path(obs))
                .map_or_else(String::new, |path| path.hop_count().to_string()),
            path: path_of.map_or_else(Vec::new, |obs| observation_hops(store, resolver, obs)),
            observers,
            snr: snr.map_or_else(String::new, |snr| format!("{snr:.1}")),
            rssi: rssi.map_or_else(String::new, |rssi| rssi.to_string()),
            size: info.raw_len.to_string(),
            summary: if matches!(row, Row::Heard { .. }) {
                String::new()
            } else {
                summary(store, tx)
            },
            heard: matches!(row, Row::Heard { .. }),
        })
    }

    /// The cells as a view; every string is rendered as text.
    pub fn view(self) -> impl IntoView {
        let summary_title = self.summary.clone();
        view! {
            <span class="c-time mono" class:heard=self.heard>
                <span class="c-date">{self.date}</span>
                {self.time}
            </span>
            <span class="c-hash mono">{if self.heard { String::from("↳") } else { self.hash }}</span>
            <span class="c-type">{self.payload_type}</span>
            <span class="c-route">{self.route}</span>
            <span class="c-hops num">{self.hops}</span>
            <span class="c-path"><PathView hops=self.path /></span>
            <span class="c-observers">{self.observers}</span>
            <span class="c-snr num">{self.snr}</span>
            <span class="c-rssi num">{self.rssi}</span>
            <span class="c-size num">{self.size}</span>
            <span class="c-summary" title=summary_title>{self.summary}</span>
        }
    }
}

/// The header cells of `mode`, in the order of [`Cells::view`].
pub fn header(mode: Mode) -> impl IntoView {
    let grouped = mode == Mode::Transmissions;
    view! {
        <span class="c-time" role="columnheader">"Time (UTC)"</span>
        <span class="c-hash" role="columnheader">"Hash"</span>
        <span class="c-type" role="columnheader">"Type"</span>
        <span class="c-route" role="columnheader">"Route"</span>
        <span class="c-hops num" role="columnheader">"Hops"</span>
        <span class="c-path" role="columnheader">{if grouped { "Longest path" } else { "Path" }}</span>
        <span class="c-observers" role="columnheader">{if grouped { "Observers" } else { "Observer" }}</span>
        <span class="c-snr num" role="columnheader">{if grouped { "Best SNR" } else { "SNR" }}</span>
        <span class="c-rssi num" role="columnheader">{if grouped { "Best RSSI" } else { "RSSI" }}</span>
        <span class="c-size num" role="columnheader">"Size"</span>
        <span class="c-summary" role="columnheader">"Summary"</span>
    }
}

/// The number of distinct observers that heard `tx`.
fn distinct_observers(store: &Store, tx: TxId) -> usize {
    let mut seen: Vec<u32> = store
        .observations_of(tx)
        .filter_map(|obs| store.observations().observer(obs))
        .map(|id| id.0)
        .collect();
    seen.sort_unstable();
    seen.dedup();
    seen.len()
}

/// The best SNR (dB) and RSSI (dBm) any observation of `tx` had.
fn best_signal(store: &Store, tx: TxId) -> (Option<f32>, Option<i16>) {
    let observations = store.observations();
    let snr = store
        .observations_of(tx)
        .filter_map(|obs| observations.snr_db(obs))
        .reduce(f32::max);
    let rssi = store
        .observations_of(tx)
        .filter_map(|obs| observations.rssi_dbm(obs))
        .max();
    (snr, rssi)
}
