//! The cells of one row of the packet list, read by index from the store.

use leptos::prelude::*;

use super::hops::hop_label;
use super::rows::Row;
use super::summary::summary;
use super::utc_time;
use crate::store::{Store, Subject, TxId};

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
    origin: String,
    observers: String,
    snr: String,
    size: String,
    summary: String,
    /// Whether this is an observation under an expanded transmission.
    heard: bool,
}

impl Cells {
    /// The cells of `row`.
    pub fn new(store: &Store, row: Row) -> Option<Cells> {
        let tx = row.tx(store)?;
        let info = store.transmission(tx)?;
        let observations = store.observations();
        let (time, hops, observers, snr) = match row.obs() {
            Some(obs) => (
                observations.time(obs).unwrap_or(info.first_seen_ms),
                store.observation_path(obs).map(|path| path.hop_count()),
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
            ),
            None => (
                info.first_seen_ms,
                info.longest_path.map(|(hops, _)| usize::from(hops)),
                distinct_observers(store, tx).to_string(),
                best_snr(store, tx),
            ),
        };
        let stamp = utc_time(time);
        let (date, clock) = stamp.split_at(stamp.find(' ').map_or(0, |space| space + 1));
        Some(Cells {
            date: date.to_owned(),
            time: clock.to_owned(),
            hash: info.hash.to_string(),
            payload_type: info.payload_type.name(),
            route: info.route_type.name(),
            hops: hops.map_or_else(String::new, |hops| hops.to_string()),
            origin: origin(store, tx),
            observers,
            snr: snr.map_or_else(String::new, |snr| format!("{snr:.1}")),
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
        view! {
            <span class="c-time mono" class:heard=self.heard>
                <span class="c-date">{self.date}</span>
                {self.time}
            </span>
            <span class="c-hash mono">{if self.heard { String::from("↳") } else { self.hash }}</span>
            <span class="c-type">{self.payload_type}</span>
            <span class="c-route">{self.route}</span>
            <span class="c-hops num">{self.hops}</span>
            <span class="c-origin" title=self.summary.clone()>{self.origin}</span>
            <span class="c-observers num">{self.observers}</span>
            <span class="c-snr num">{self.snr}</span>
            <span class="c-size num">{self.size}</span>
            <span class="c-summary">{self.summary}</span>
        }
    }
}

/// The header cells, in the order of [`Cells::view`].
pub fn header() -> impl IntoView {
    view! {
        <span class="c-time" role="columnheader">"Time (UTC)"</span>
        <span class="c-hash" role="columnheader">"Hash"</span>
        <span class="c-type" role="columnheader">"Type"</span>
        <span class="c-route" role="columnheader">"Route"</span>
        <span class="c-hops num" role="columnheader">"Hops"</span>
        <span class="c-origin" role="columnheader">"Originator"</span>
        <span class="c-observers num" role="columnheader">"Observers"</span>
        <span class="c-snr num" role="columnheader">"Best SNR"</span>
        <span class="c-size num" role="columnheader">"Size"</span>
        <span class="c-summary" role="columnheader">"Summary"</span>
    }
}

/// The originator's name: the advertising or requesting node, a channel message's sender; else empty.
fn origin(store: &Store, tx: TxId) -> String {
    match store.subject(tx) {
        Some(Subject::Node(id)) => store
            .node(id)
            .and_then(|node| node.name)
            .and_then(|name| store.string(name))
            .map(str::to_owned)
            .unwrap_or_default(),
        Some(Subject::Message(id)) => store
            .message(id)
            .and_then(|message| message.sender)
            .and_then(|sender| store.string(sender))
            .map(str::to_owned)
            .unwrap_or_default(),
        None => match store.decode(tx).map(|decoded| decoded.packet.payload) {
            Some(crate::protocol::PayloadRepr::TxtMsg(datagram))
            | Some(crate::protocol::PayloadRepr::Req(datagram))
            | Some(crate::protocol::PayloadRepr::Response(datagram))
            | Some(crate::protocol::PayloadRepr::Path(datagram)) => {
                hop_label(store, &[datagram.src_hash]).text().to_owned()
            }
            _ => String::new(),
        },
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

/// The best SNR any observation of `tx` had, dB.
fn best_snr(store: &Store, tx: TxId) -> Option<f32> {
    store
        .observations_of(tx)
        .filter_map(|obs| store.observations().snr_db(obs))
        .reduce(f32::max)
}
