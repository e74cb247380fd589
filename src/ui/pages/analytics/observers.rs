//! The Observers tab: each observer's health, last packet, volume and rate, and its clock offset.

use leptos::prelude::*;

use super::Computing;
use super::labels::{fixed, observer, utc_or_dash};
use crate::analytics::observer_stats::Health;
use crate::recompute::Snapshots;
use crate::ui::widgets::format::count;

/// Observer status and clock offsets.
#[component]
pub fn ObserversTab() -> impl IntoView {
    let snapshots = expect_context::<Snapshots>();
    view! {
        <section class="panel">
            <h2>"Observer status"</h2>
            {move || match snapshots.observers.get() {
                None => view! { <Computing /> }.into_any(),
                Some(observers) => view! {
                    <table class="grid" data-testid="observer-status">
                        <thead><tr>
                            <th>"Observer"</th><th>"Region"</th><th>"Status"</th><th>"Last seen (UTC)"</th>
                            <th class="num">"Observations"</th><th class="num">"Unique"</th><th class="num">"Per hour"</th>
                            <th class="num">"Last hour"</th><th class="num">"Mean SNR"</th><th>"Via"</th><th>"Model"</th>
                        </tr></thead>
                        <tbody>
                            {observers.iter().map(|entry| view! {
                                <tr>
                                    <td title=entry.id.clone().unwrap_or_default()>{observer(entry.name.as_ref(), entry.id.as_ref())}</td>
                                    <td>{entry.iata.clone().unwrap_or_default()}</td>
                                    <td><span class="health" data-health=health(entry.health)>{health(entry.health)}</span></td>
                                    <td>{utc_or_dash(entry.last_seen_ms)}</td>
                                    <td class="num">{count(entry.observations)}</td>
                                    <td class="num">{count(entry.unique_transmissions)}</td>
                                    <td class="num">{format!("{:.1}", entry.packets_per_hour)}</td>
                                    <td class="num">{count(entry.last_hour)}</td>
                                    <td class="num">{fixed(entry.mean_snr, 1)}</td>
                                    <td>{entry.kind}</td>
                                    <td>{entry.status.as_ref().and_then(|status| status.model.clone()).unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any(),
            }}
        </section>
        <section class="panel">
            <h2>"Observer clocks"</h2>
            {move || match snapshots.clock_skew.get() {
                None => view! { <Computing /> }.into_any(),
                Some(skew) if skew.observers.is_empty() => view! {
                    <p class="hint" data-testid="observer-skew-empty">"No advert was heard by several observers, so no observer clock can be compared."</p>
                }
                .into_any(),
                Some(skew) => view! {
                    <p class="hint">"Offset against the other observers on adverts they all heard; positive: its clock is ahead."</p>
                    <table class="grid" data-testid="observer-skew">
                        <thead><tr><th>"Observer"</th><th class="num">"Offset (s)"</th><th class="num">"Shared adverts"</th></tr></thead>
                        <tbody>
                            {skew.observers.iter().map(|entry| view! {
                                <tr>
                                    <td title=entry.id.clone().unwrap_or_default()>{observer(entry.name.as_ref(), entry.id.as_ref())}</td>
                                    <td class="num">{format!("{:+.1}", entry.offset_s)}</td>
                                    <td class="num">{count(entry.samples as u64)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any(),
            }}
        </section>
    }
}

/// The word for `health`, as the snapshot's JSON spells it.
fn health(health: Health) -> &'static str {
    match health {
        Health::Online => "online",
        Health::Stale => "stale",
        Health::Offline => "offline",
    }
}
