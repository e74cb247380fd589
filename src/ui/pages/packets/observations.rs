//! Every hearing of one transmission: observer, time, SNR, RSSI and the path hop by hop.

use leptos::prelude::*;

use super::hops::{HopLabel, hop_label};
use super::utc_time;
use crate::store::{Store, TxId};
use crate::ui::state::StoreHandle;

/// One hearing, as text.
#[derive(Debug, Clone, PartialEq)]
struct Hearing {
    observer: String,
    time: String,
    snr: String,
    rssi: String,
    hops: Vec<HopLabel>,
}

/// The hearings of `tx`, newest first.
fn hearings(store: &Store, tx: TxId) -> Vec<Hearing> {
    let payload_type = store.transmissions().payload_type(tx);
    store
        .observations_of(tx)
        .map(|obs| {
            let observations = store.observations();
            let observer = observations
                .observer(obs)
                .and_then(|id| store.observers().get(id))
                .map(|observer| {
                    observer
                        .name
                        .clone()
                        .or_else(|| observer.iata.clone())
                        .or_else(|| {
                            observer.public_key.map(|key| {
                                crate::hex::encode_upper(key.get(..4).unwrap_or_default())
                            })
                        })
                        .unwrap_or_default()
                })
                .unwrap_or_default();
            let hops = match (store.observation_path(obs), payload_type) {
                (Some(path), Some(payload_type)) => path
                    .hops(payload_type)
                    .map(|hop| hop_label(store, hop))
                    .collect(),
                _ => Vec::new(),
            };
            Hearing {
                observer,
                time: observations.time(obs).map(utc_time).unwrap_or_default(),
                snr: observations
                    .snr_db(obs)
                    .map_or_else(String::new, |snr| format!("{snr:.2}")),
                rssi: observations
                    .rssi_dbm(obs)
                    .map_or_else(String::new, |rssi| rssi.to_string()),
                hops,
            }
        })
        .collect()
}

/// The table of hearings of `tx`.
#[component]
pub fn Observations(tx: TxId) -> impl IntoView {
    let store = expect_context::<StoreHandle>();
    let rows = move || store.read(|store| hearings(store, tx)).unwrap_or_default();
    view! {
        <table class="hearings" data-testid="hearings">
            <thead>
                <tr>
                    <th>"Observer"</th>
                    <th>"Time (UTC)"</th>
                    <th class="num">"SNR dB"</th>
                    <th class="num">"RSSI dBm"</th>
                    <th>"Path (hop prefixes)"</th>
                </tr>
            </thead>
            <tbody>
                {move || rows().into_iter().map(|hearing| view! {
                    <tr>
                        <td>{hearing.observer}</td>
                        <td class="mono">{hearing.time}</td>
                        <td class="num">{hearing.snr}</td>
                        <td class="num">{hearing.rssi}</td>
                        <td class="path">
                            {if hearing.hops.is_empty() { Some("direct (no hops)") } else { None }}
                            {hearing.hops.into_iter().map(|hop| view! { <Hop hop /> }).collect_view()}
                        </td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// One hop: its prefix, and the node it is when known; every candidate when several share the prefix.
#[component]
fn Hop(hop: HopLabel) -> impl IntoView {
    let title = hop.title();
    let class = hop.class();
    let detail = match &hop {
        HopLabel::Named { prefix, name } => format!("{prefix} {name}"),
        HopLabel::Ambiguous { prefix, candidates } => {
            format!("{prefix} ambiguous: {}", candidates.join(" | "))
        }
        HopLabel::Unknown { prefix } => prefix.clone(),
    };
    view! { <span class=class title=title>{detail}</span> }
}
