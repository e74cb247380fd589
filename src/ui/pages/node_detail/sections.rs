//! The lists and charts of the node page, and the page of a hop prefix.

use leptos::prelude::*;
use leptos_router::components::A;

use super::data::{
    HeardBy, Neighbor, NodeLink, PathThrough, PrefixDetail, PrefixShare, RecentPacket, Relation,
};
use crate::store::aggregates::HOUR_MS;
use crate::store::nodes::HashSizeSample;
use crate::ui::widgets::bar_chart::{Bar, BarChart};
use crate::ui::widgets::format::count;
use crate::ui::widgets::relative_time::{RelativeTime, utc};

/// Packets per hour as a bar chart.
#[component]
pub fn Activity(
    /// Packets per hour, oldest first.
    activity: Vec<u64>,
    /// The first hour's start, unix ms.
    start_ms: i64,
) -> impl IntoView {
    let total: u64 = activity.iter().sum();
    let hours = activity.len() as i64;
    let bars = activity
        .into_iter()
        .enumerate()
        .map(|(hour, value)| Bar {
            value,
            title: format!("{}: {value} packets", utc(start_ms + hour as i64 * HOUR_MS)),
        })
        .collect();
    let first = utc(start_ms);
    let last = utc(start_ms + hours * HOUR_MS);
    view! {
        <section class="panel" data-testid="node-activity">
            <h2>"Activity"</h2>
            <p class="hint">{format!("{} packet{} sent or relayed in the last {hours} hours of data, per hour", count(total), if total == 1 { "" } else { "s" })}</p>
            <BarChart bars label="Packets per hour" first=first last=last />
        </section>
    }
}

/// A node's name as a link to its page.
#[component]
pub fn NodeName(
    /// The node.
    node: NodeLink,
) -> impl IntoView {
    let label = node
        .name
        .clone()
        .unwrap_or_else(|| node.key.get(..8).unwrap_or_default().to_uppercase());
    view! { <A href=format!("/nodes/{}", node.key)>{label}</A> }
}

/// The observers that heard the node's own packets.
#[component]
pub fn HeardByTable(
    /// The observers.
    heard_by: Vec<HeardBy>,
) -> impl IntoView {
    let empty = heard_by.is_empty();
    let rows = heard_by
        .into_iter()
        .map(|heard| {
            view! {
                <tr>
                    <td>{heard.name}</td>
                    <td class="num">{count(heard.observations)}</td>
                    <td class="num">{heard.avg_snr_db.map(|snr| format!("{snr:.1} dB"))}</td>
                    <td class="num">{heard.avg_rssi_dbm.map(|rssi| format!("{rssi:.0} dBm"))}</td>
                    <td><RelativeTime unix_ms=heard.last_ms /></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel" data-testid="node-heard-by">
            <h2>"Heard by"</h2>
            {if empty {
                view! { <p class="hint">"No observer heard a packet this node sent."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="data-table">
                            <thead><tr><th>"Observer"</th><th>"Packets"</th><th>"Avg SNR"</th><th>"Avg RSSI"</th><th>"Last"</th></tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// The nodes heard next to it.
#[component]
pub fn NeighborList(
    /// The neighbours.
    neighbors: Vec<Neighbor>,
) -> impl IntoView {
    let empty = neighbors.is_empty();
    let items = neighbors
        .into_iter()
        .map(|neighbor| {
            view! {
                <li>
                    <NodeName node=neighbor.node />
                    <span class="hint">
                        {format!(" {} packet{}", count(u64::from(neighbor.transmissions)), if neighbor.transmissions == 1 { "" } else { "s" })}
                        {neighbor.zero_hop.then_some(" · heard direct")}
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="panel" data-testid="node-neighbors">
            <h2>"Neighbors"</h2>
            <p class="hint">"Nodes heard next to it: observers of its zero-hop adverts, and hops beside it in paths where both prefixes are unambiguous."</p>
            {if empty {
                view! { <p class="hint">"None found."</p> }.into_any()
            } else {
                view! { <ul class="plain">{items}</ul> }.into_any()
            }}
        </section>
    }
}

/// Its key prefixes and whether other nodes share them.
#[component]
pub fn PrefixShares(
    /// One entry per hash size heard.
    prefixes: Vec<PrefixShare>,
) -> impl IntoView {
    let items = prefixes
        .into_iter()
        .map(|share| {
            let ambiguous = !share.others.is_empty();
            let others = share
                .others
                .into_iter()
                .map(|other| view! { <li><NodeName node=other /></li> })
                .collect_view();
            let href = format!("/nodes/{}", share.prefix);
            let prefix = share.prefix;
            let warned = prefix.clone();
            view! {
                <li class:ambiguous=ambiguous>
                    <A href=href attr:class="mono">{prefix}</A>
                    {format!(" in {} paths", count(share.transmissions as u64))}
                    {ambiguous.then(|| view! {
                        <p class="warn" data-testid="prefix-ambiguous">
                            "Ambiguous: hops "{warned}" may be any of these nodes, so they are not counted as this node's:"
                        </p>
                        <ul class="plain">{others}</ul>
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="panel" data-testid="node-prefixes">
            <h2>"Path prefixes"</h2>
            <ul class="plain">{items}</ul>
        </section>
    }
}

/// Paths as hop sequences, the page's own hop marked, ambiguous hops flagged.
#[component]
pub fn PathList(
    /// The paths, newest first.
    paths: Vec<PathThrough>,
    /// The section title.
    title: &'static str,
) -> impl IntoView {
    let empty = paths.is_empty();
    let items = paths
        .into_iter()
        .map(|path| {
            let hops = path
                .hops
                .into_iter()
                .map(|hop| {
                    let label = hop.name.clone().unwrap_or_else(|| hop.prefix.clone());
                    let title = match hop.candidates {
                        0 => format!("{}: no known node has this prefix", hop.prefix),
                        1 => hop.prefix.clone(),
                        n => format!("{}: ambiguous, {n} known nodes have this prefix", hop.prefix),
                    };
                    view! {
                        <span class="hop" class:this=hop.this class:ambiguous={hop.candidates > 1} class:unknown={hop.candidates == 0} title=title>
                            {label}
                        </span>
                    }
                })
                .collect_view();
            view! {
                <li>
                    <A href=format!("/packets/{}", path.hash) attr:class="mono">{path.hash.get(..8).unwrap_or_default().to_owned()}</A>
                    " "<span class="hint">{path.payload_type}" · "<RelativeTime unix_ms=path.time_ms /></span>
                    <div class="hops">{hops}</div>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="panel" data-testid="node-paths">
            <h2>{title}</h2>
            {if empty {
                view! { <p class="hint">"No path with this prefix was heard."</p> }.into_any()
            } else {
                view! { <ul class="plain paths">{items}</ul> }.into_any()
            }}
        </section>
    }
}

/// Its newest packets, linked to the packet pages.
#[component]
pub fn RecentPackets(
    /// The packets, newest first.
    recent: Vec<RecentPacket>,
) -> impl IntoView {
    let rows = recent
        .into_iter()
        .map(|packet| {
            view! {
                <tr>
                    <td><A href=format!("/packets/{}", packet.hash) attr:class="mono">{packet.hash.clone()}</A></td>
                    <td>{packet.payload_type}</td>
                    <td>{match packet.relation { Relation::Sent => "sent", Relation::Relayed => "relayed" }}</td>
                    <td class="num">{count(u64::from(packet.observations))}</td>
                    <td><RelativeTime unix_ms=packet.time_ms /></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel" data-testid="node-recent">
            <h2>"Recent packets"</h2>
            <div class="table-wrap">
                <table class="data-table">
                    <thead><tr><th>"Hash"</th><th>"Type"</th><th>"As"</th><th>"Heard"</th><th>"When"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// The hash sizes of its adverts over time.
#[component]
pub fn HashSizes(
    /// The samples, oldest first.
    samples: Vec<HashSizeSample>,
    /// The latest size.
    current: Option<u8>,
) -> impl IntoView {
    let items = samples
        .iter()
        .rev()
        .take(12)
        .map(|sample| view! { <li>{format!("{} B", sample.size)}" · "<RelativeTime unix_ms=sample.observed_ms /></li> })
        .collect_view();
    view! {
        <section class="panel" data-testid="node-hash-sizes">
            <h2>"Hash size history"</h2>
            <p class="hint">
                {match current {
                    Some(size) => format!("Latest: {size} byte{}. ", if size == 1 { "" } else { "s" }),
                    None => String::from("No sized advert heard. "),
                }}
                "Newest first:"
            </p>
            <ul class="plain inline">{items}</ul>
        </section>
    }
}

/// The page of a hop prefix: the nodes that have it and the paths it is in.
#[component]
pub fn PrefixView(
    /// The prefix.
    prefix: PrefixDetail,
) -> impl IntoView {
    let candidates = prefix.candidates.len();
    let summary = match candidates {
        0 => String::from("No known node has this prefix: it is heard only in paths."),
        1 => String::from("One known node has this prefix:"),
        n => format!(
            "Ambiguous: {n} known nodes have this prefix, so hops {} may be any of them:",
            prefix.prefix
        ),
    };
    let list = prefix
        .candidates
        .into_iter()
        .map(|node| view! { <li><NodeName node /></li> })
        .collect_view();
    view! {
        <h1>"Prefix "<span class="mono">{prefix.prefix.clone()}</span></h1>
        <section class="panel" data-testid="prefix-candidates">
            <p>{summary}</p>
            <ul class="plain">{list}</ul>
            <p class="hint">{format!("In the paths of {} transmissions.", count(prefix.transmissions as u64))}</p>
        </section>
        <PathList paths=prefix.paths title="Paths with this prefix" />
    }
}
