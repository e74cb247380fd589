//! The Anomalies tab: repeated hops (a loop, or most likely two repeaters sharing a 1-byte prefix), long
//! paths, storms and silent repeaters, each with the packets that show it.

use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::components::A;

use super::Computing;
use super::labels::{utc, utc_or_dash};
use crate::analytics::anomalies::{LongReason, RepeatKind};
use crate::recompute::{Insights, Snapshots};
use crate::ui::widgets::format::count;

/// Routing anomalies.
#[component]
pub fn AnomaliesTab() -> impl IntoView {
    let snapshots = expect_context::<Snapshots>();
    move || match snapshots.insights.get() {
        None => view! { <Computing /> }.into_any(),
        Some(insights) => view! { <AnomaliesView insights /> }.into_any(),
    }
}

/// The tab's panels for one insights snapshot.
#[component]
fn AnomaliesView(insights: Rc<Insights>) -> impl IntoView {
    let anomalies = &insights.anomalies;
    view! {
        <section class="panel">
            <h2>"Repeated hops"</h2>
            <p class="hint">{format!(
                "{} observations whose flood path names a hop twice. With 2- or 3-byte hashes that is a loop; with 1-byte hashes most likely two repeaters sharing the byte.",
                count(anomalies.repeated_hop_observations),
            )}</p>
            {if anomalies.repeated_hops.is_empty() {
                view! { <p class="hint" data-testid="anomaly-repeated-none">"None found."</p> }.into_any()
            } else {
                view! {
                <table class="grid" data-testid="anomaly-repeated">
                    <thead><tr><th>"Hop"</th><th>"Kind"</th><th class="num">"Candidates"</th><th class="num">"Observations"</th><th class="num">"Transmissions"</th><th>"Example path"</th><th>"Evidence"</th></tr></thead>
                    <tbody>
                        {anomalies.repeated_hops.iter().map(|hop| view! {
                            <tr>
                                <td class="mono">{hop.hop.clone()}</td>
                                <td>{match hop.kind {
                                    RepeatKind::Loop => "loop",
                                    RepeatKind::LikelyPrefixCollision => "likely prefix collision",
                                }}</td>
                                <td class="num">{hop.candidates}</td>
                                <td class="num">{count(hop.observations)}</td>
                                <td class="num">{count(hop.transmissions)}</td>
                                <td class="mono">{hop.example_path.join(" → ")}</td>
                                <td><Evidence hashes=hop.evidence.clone() /></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                }
                .into_any()
            }}
        </section>
        <section class="panel">
            <h2>"Long paths"</h2>
            <p class="hint">{format!("{} observations with a path over the flood limit or with no room for another hop.", count(anomalies.long_path_observations))}</p>
            {if anomalies.long_paths.is_empty() {
                view! { <p class="hint" data-testid="anomaly-long-none">"None found."</p> }.into_any()
            } else {
                view! {
                <table class="grid" data-testid="anomaly-long">
                    <thead><tr><th class="num">"Hops"</th><th class="num">"Hash size"</th><th>"Reason"</th><th class="num">"Observations"</th><th>"Evidence"</th></tr></thead>
                    <tbody>
                        {anomalies.long_paths.iter().map(|path| view! {
                            <tr>
                                <td class="num">{path.hops}</td>
                                <td class="num">{path.hash_size}</td>
                                <td>{match path.reason {
                                    LongReason::OverLimit => "over the flood limit",
                                    LongReason::Full => "full",
                                }}</td>
                                <td class="num">{count(path.observations)}</td>
                                <td><Evidence hashes=path.evidence.clone() /></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                }
                .into_any()
            }}
        </section>
        <section class="panel">
            <h2>"Storms"</h2>
            <p class="hint">{format!("{} transmissions heard over many distinct paths.", count(anomalies.storm_count as u64))}</p>
            {if anomalies.storms.is_empty() {
                view! { <p class="hint" data-testid="anomaly-storms-none">"None found."</p> }.into_any()
            } else {
                view! {
                <table class="grid" data-testid="anomaly-storms">
                    <thead><tr><th>"Packet"</th><th>"Type"</th><th class="num">"Paths"</th><th class="num">"Observations"</th><th class="num">"Observers"</th><th>"First heard (UTC)"</th></tr></thead>
                    <tbody>
                        {anomalies.storms.iter().map(|storm| { let hash = storm.hash.clone(); view! {
                            <tr>
                                <td class="mono"><A href=format!("/packets/{hash}")>{hash.clone()}</A></td>
                                <td>{storm.payload_type}</td>
                                <td class="num">{storm.paths}</td>
                                <td class="num">{storm.observations}</td>
                                <td class="num">{storm.observers}</td>
                                <td>{utc(storm.first_seen_ms)}</td>
                            </tr>
                        }}).collect_view()}
                    </tbody>
                </table>
                }
                .into_any()
            }}
        </section>
        <section class="panel">
            <h2>"Silent repeaters"</h2>
            <p class="hint">{format!("{} repeaters advertise, yet no path holds a prefix of their key.", count(anomalies.silent_repeater_count as u64))}</p>
            {if anomalies.silent_repeaters.is_empty() {
                view! { <p class="hint" data-testid="anomaly-silent-none">"None found."</p> }.into_any()
            } else {
                view! {
                <table class="grid" data-testid="anomaly-silent">
                    <thead><tr><th>"Repeater"</th><th class="num">"Adverts"</th><th>"Last advert (UTC)"</th><th>"Evidence"</th></tr></thead>
                    <tbody>
                        {anomalies.silent_repeaters.iter().map(|repeater| view! {
                            <tr>
                                <td title=repeater.public_key.clone()>{repeater.name.clone().unwrap_or_else(|| repeater.public_key.get(..8).unwrap_or_default().to_owned())}</td>
                                <td class="num">{repeater.adverts}</td>
                                <td>{utc_or_dash(repeater.last_advert_ms)}</td>
                                <td><Evidence hashes=repeater.evidence.clone() /></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                }
                .into_any()
            }}
        </section>
    }
}

/// Packet hashes as links to their packets.
#[component]
fn Evidence(hashes: Vec<String>) -> impl IntoView {
    view! {
        <span class="evidence">
            {hashes.into_iter().map(|hash| view! {
                <A href=format!("/packets/{hash}") attr:class="mono">{hash}</A>
            }).collect_view()}
        </span>
    }
}
