//! "Who heard it": every observation of one transmission (earliest first) with its observer, when (and how
//! long after the first copy), SNR, RSSI and its path resolved hop by hop, read from
//! [`packet_detail`](crate::analytics::packet_detail) with the shared resolver; and a small map of the
//! observers and the route legs.

use leptos::prelude::*;
use leptos_router::components::A;

use super::path::{PathView, path_hop};
use super::utc_time;
use super::who_heard_map::WhoHeardMap;
use crate::analytics::packet_detail::{Heard, MAX_OBSERVATIONS, PacketDetail, packet_detail};
use crate::analytics::resolve::{Vertex, VertexLabel};
use crate::protocol::PacketHash;
use crate::recompute::Snapshots;
use crate::ui::state::StoreHandle;

/// One observation, as shown.
#[derive(Debug, Clone, PartialEq)]
struct Hearing {
    observer: VertexLabel,
    time: String,
    delay: String,
    snr: String,
    rssi: String,
    route: &'static str,
    hops: Vec<super::path::PathHop>,
    trace: String,
    longest: bool,
}

impl Hearing {
    /// `heard` with its hops labelled from `store`.
    fn new(store: &crate::store::Store, heard: &Heard) -> Hearing {
        Hearing {
            observer: heard.observer.clone(),
            time: utc_time(heard.time_ms),
            delay: delay_text(heard.delay_ms),
            snr: heard
                .snr_db
                .map_or_else(String::new, |snr| format!("{snr:.2}")),
            rssi: heard
                .rssi_dbm
                .map_or_else(String::new, |rssi| rssi.to_string()),
            route: heard.route_type,
            hops: heard.hops.iter().map(|hop| path_hop(store, hop)).collect(),
            trace: heard
                .trace_snrs
                .iter()
                .map(|snr| format!("{snr:.2}"))
                .collect::<Vec<_>>()
                .join(" · "),
            longest: heard.longest,
        }
    }
}

/// `+1.25 s` after the first copy; `first` for it.
fn delay_text(delay_ms: i64) -> String {
    match delay_ms {
        0 => String::from("first"),
        ms if ms < 1_000 => format!("+{ms} ms"),
        ms if ms < 120_000 => format!("+{:.2} s", ms as f64 / 1_000.0),
        ms => format!("+{:.1} min", ms as f64 / 60_000.0),
    }
}

/// Who heard the packet with `hash`.
#[component]
pub fn WhoHeard(
    /// The packet.
    hash: PacketHash,
) -> impl IntoView {
    let store = expect_context::<StoreHandle>();
    let snapshots = expect_context::<Snapshots>();
    let found = move || {
        let resolver = snapshots.resolver.get()?;
        let (detail, hearings) = store
            .read(|store| {
                let detail = packet_detail(store, &resolver, hash)?;
                let hearings: Vec<Hearing> = detail
                    .heard
                    .iter()
                    .map(|heard| Hearing::new(store, heard))
                    .collect();
                Some((detail, hearings))
            })
            .flatten()?;
        Some((detail, hearings, resolver))
    };
    move || match found() {
        None => view! { <p class="muted" data-testid="who-heard-pending">"Resolving paths…"</p> }
            .into_any(),
        Some((detail, hearings, resolver)) => view! {
            <HeardSummary detail=detail.clone() />
            <div class="who-heard">
                <HearingTable hearings />
                <WhoHeardMap detail resolver />
            </div>
        }
        .into_any(),
    }
}

/// How many observers, how many copies, over how long.
#[component]
fn HeardSummary(
    /// The packet.
    detail: PacketDetail,
) -> impl IntoView {
    let spread = delay_text(detail.spread_ms);
    let hops = detail.hops_range.map(|(low, high)| {
        if low == high {
            format!(" · {low} hops")
        } else {
            format!(" · {low}–{high} hops")
        }
    });
    let capped = (detail.observations > MAX_OBSERVATIONS)
        .then(|| format!(" (the first {MAX_OBSERVATIONS} listed)"));
    view! {
        <p class="heard-summary" data-testid="heard-summary">
            "Heard " <strong>{detail.observations}</strong> " times by "
            <strong data-testid="heard-observers">{detail.observers}</strong> " observers"
            {(detail.spread_ms > 0).then(|| format!(" over {}", spread.trim_start_matches('+')))}
            {hops}
            {capped}
        </p>
    }
}

/// The table of hearings.
#[component]
fn HearingTable(
    /// The rows, earliest first.
    hearings: Vec<Hearing>,
) -> impl IntoView {
    view! {
        <table class="hearings" data-testid="hearings">
            <thead>
                <tr>
                    <th>"Observer"</th>
                    <th>"Time (UTC)"</th>
                    <th class="num">"After first"</th>
                    <th class="num">"SNR dB"</th>
                    <th class="num">"RSSI dBm"</th>
                    <th>"Path as heard"</th>
                </tr>
            </thead>
            <tbody>
                {hearings.into_iter().map(|hearing| view! { <HearingRow hearing /> }).collect_view()}
            </tbody>
        </table>
    }
}

/// One hearing.
#[component]
fn HearingRow(
    /// The hearing.
    hearing: Hearing,
) -> impl IntoView {
    let trace = (!hearing.trace.is_empty()).then(|| format!("trace SNRs {} dB", hearing.trace));
    view! {
        <tr class:longest=hearing.longest>
            <td><Observer label=hearing.observer /></td>
            <td class="mono">{hearing.time}</td>
            <td class="num">{hearing.delay}</td>
            <td class="num">{hearing.snr}</td>
            <td class="num">{hearing.rssi}</td>
            <td class="path">
                <span class="muted route-type">{hearing.route}</span>
                " "
                {match trace {
                    Some(trace) => view! { <span class="mono">{trace}</span> }.into_any(),
                    None => view! { <PathView hops=hearing.hops long=true /> }.into_any(),
                }}
                {hearing.longest.then_some(view! { <span class="muted" title="the longest path heard"> " ★"</span> })}
            </td>
        </tr>
    }
}

/// An observer's name, linked to its node page when it is a known node.
#[component]
fn Observer(
    /// The observer.
    label: VertexLabel,
) -> impl IntoView {
    let name = label.name.clone().unwrap_or_else(|| {
        label
            .public_key
            .as_deref()
            .and_then(|key| key.get(..8))
            .map_or_else(|| String::from("?"), str::to_uppercase)
    });
    match (label.vertex, label.public_key) {
        (Vertex::Node(_), Some(key)) => {
            view! { <A href=format!("/nodes/{key}")>{name}</A> }.into_any()
        }
        _ => view! { <span>{name}</span> }.into_any(),
    }
}
