//! The packet table as CSV (RFC 4180): one row per transmission (grouped) or per observation, in the order
//! the caller lists them, every text field made safe for spreadsheets ([`field::push_text`]).
//!
//! The browser writes the rows the Packets page shows (its filter and mode) a chunk at a time into a Blob;
//! `meshscope analyze --csv` writes every row. Lines end with CRLF as RFC 4180 says.
//!
//! Columns, grouped: `time,hash,type,route,size,hops,path,observations,observers,best_snr,originator,
//! channel,text`; per observation: `time,hash,type,route,size,hops,path,observer,snr,rssi,originator,
//! channel,text`. `time` is RFC 3339 UTC (first heard when grouped); `hops` and `path` are the longest
//! path heard when grouped, this observation's otherwise; `path` is the hop hashes in upper-case hex
//! separated by spaces; `originator` is an advert's (or anonymous request's) node name or a channel
//! message's sender; `channel` and `text` belong to decrypted channel messages. An empty field is unknown.

pub mod field;

use field::{push_plain, push_text};

use crate::filter::Mode;
use crate::store::{ObsId, Store, Subject, TxId};
use crate::time::Rfc3339Ms;

/// The header line of `mode`, with its CRLF.
pub fn header(mode: Mode) -> &'static str {
    match mode {
        Mode::Transmissions => {
            "time,hash,type,route,size,hops,path,observations,observers,best_snr,originator,channel,text\r\n"
        }
        Mode::Observations => {
            "time,hash,type,route,size,hops,path,observer,snr,rssi,originator,channel,text\r\n"
        }
    }
}

/// Appends the row of `id` (a [`TxId`] index in [`Mode::Transmissions`], an [`ObsId`] index in
/// [`Mode::Observations`]) with its CRLF; `false`, and nothing written, when the store has no such row.
pub fn push_row(out: &mut String, store: &Store, mode: Mode, id: u32) -> bool {
    match mode {
        Mode::Transmissions => push_transmission(out, store, TxId(id)),
        Mode::Observations => push_observation(out, store, ObsId(id)),
    }
}

/// The whole CSV of `ids` (see [`push_row`]; ids the store lacks are skipped).
pub fn packets_csv(store: &Store, mode: Mode, ids: impl IntoIterator<Item = u32>) -> String {
    let mut out = String::from(header(mode));
    for id in ids {
        push_row(&mut out, store, mode, id);
    }
    out
}

/// A grouped row.
fn push_transmission(out: &mut String, store: &Store, tx: TxId) -> bool {
    let Some(row) = store.transmission(tx) else {
        return false;
    };
    let longest = row.longest_path.map(|(_, obs)| obs);
    push_common(out, store, tx, row.first_seen_ms, longest);
    let observations = store.observations();
    let mut observers: Vec<u32> = store
        .observations_of(tx)
        .filter_map(|obs| observations.observer(obs))
        .map(|observer| observer.0)
        .collect();
    observers.sort_unstable();
    observers.dedup();
    let best_snr = store
        .observations_of(tx)
        .filter_map(|obs| observations.snr_db(obs))
        .reduce(f32::max);
    push_plain(out, row.observations);
    out.push(',');
    push_plain(out, observers.len());
    out.push(',');
    if let Some(snr) = best_snr {
        push_plain(out, snr);
    }
    push_contents(out, store, tx);
    true
}

/// A row per observation.
fn push_observation(out: &mut String, store: &Store, obs: ObsId) -> bool {
    let Some(row) = store.observation(obs) else {
        return false;
    };
    if store.transmission(row.tx).is_none() {
        return false;
    }
    push_common(out, store, row.tx, row.time_ms, Some(obs));
    let observations = store.observations();
    let observer = store.observers().get(row.observer).map(|observer| {
        observer
            .name
            .clone()
            .or_else(|| observer.iata.clone())
            .or_else(|| {
                observer
                    .public_key
                    .map(|key| crate::hex::encode_upper(key.get(..4).unwrap_or_default()))
            })
            .unwrap_or_default()
    });
    push_text(out, observer.as_deref().unwrap_or_default());
    out.push(',');
    if let Some(snr) = observations.snr_db(obs) {
        push_plain(out, snr);
    }
    out.push(',');
    if let Some(rssi) = observations.rssi_dbm(obs) {
        push_plain(out, rssi);
    }
    push_contents(out, store, row.tx);
    true
}

/// `time,hash,type,route,size,hops,path,` with `path_of`'s path.
fn push_common(out: &mut String, store: &Store, tx: TxId, time_ms: i64, path_of: Option<ObsId>) {
    let transmissions = store.transmissions();
    push_plain(out, Rfc3339Ms(time_ms));
    out.push(',');
    if let Some(hash) = transmissions.hash(tx) {
        push_plain(out, hash);
    }
    out.push(',');
    let payload_type = transmissions.payload_type(tx);
    out.push_str(payload_type.map_or("", |kind| kind.name()));
    out.push(',');
    out.push_str(
        transmissions
            .route_type(tx)
            .map_or("", |route| route.name()),
    );
    out.push(',');
    push_plain(out, transmissions.raw(tx).map_or(0, <[u8]>::len));
    out.push(',');
    let path = path_of.and_then(|obs| store.observation_path(obs));
    if let Some(path) = path {
        push_plain(out, path.hop_count());
    }
    out.push(',');
    if let (Some(path), Some(kind)) = (path, payload_type) {
        for (index, hop) in path.hops(kind).enumerate() {
            if index > 0 {
                out.push(' ');
            }
            out.push_str(&crate::hex::encode_upper(hop));
        }
    }
    out.push(',');
}

/// `,originator,channel,text` and the CRLF.
fn push_contents(out: &mut String, store: &Store, tx: TxId) {
    let (originator, channel, text) = match store.subject(tx) {
        Some(Subject::Node(node)) => (
            store
                .node(node)
                .and_then(|node| node.name)
                .and_then(|name| store.string(name)),
            None,
            None,
        ),
        Some(Subject::Message(id)) => {
            let message = store.message(id);
            (
                message
                    .and_then(|message| message.sender)
                    .and_then(|sender| store.string(sender)),
                message
                    .and_then(|message| store.channels().get(message.channel))
                    .map(|channel| channel.name.as_str()),
                store.channels().message_text(id),
            )
        }
        None => (None, None, None),
    };
    for value in [originator, channel, text] {
        out.push(',');
        push_text(out, value.unwrap_or_default());
    }
    out.push_str("\r\n");
}
