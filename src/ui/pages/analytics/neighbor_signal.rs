//! The Neighbor signal tab: per observer, the neighbours it hears directly, their SNR and its trend, with an
//! hourly sparkline.

use std::rc::Rc;

use leptos::prelude::*;

use super::Computing;
use super::labels::{emitter, fixed};
use crate::analytics::neighbor_signal::{Direction, Neighbor};
use crate::recompute::{Insights, Snapshots};
use crate::ui::widgets::format::count;
use crate::ui::widgets::sparkline::Sparkline;

/// Signal history per observer and neighbour.
#[component]
pub fn NeighborSignalTab() -> impl IntoView {
    let snapshots = expect_context::<Snapshots>();
    move || match snapshots.insights.get() {
        None => view! { <Computing /> }.into_any(),
        Some(insights) => view! { <NeighborSignalView insights /> }.into_any(),
    }
}

/// The tab's panels for one insights snapshot.
#[component]
fn NeighborSignalView(insights: Rc<Insights>) -> impl IntoView {
    let signal = &insights.neighbor_signal;
    let threshold = signal.trend_threshold_db_per_day;
    view! {
        <p class="hint">{format!(
            "Neighbours are heard directly: their own zero-hop packets, or flood copies they sent as the last hop. A trend is improving or degrading at {threshold} dB a day or more."
        )}</p>
        {signal.observers.is_empty().then(|| view! {
            <p class="empty" data-testid="neighbor-signal-empty">"No observer heard a known neighbour yet."</p>
        })}
        {signal.observers.iter().map(|observer| view! {
            <section class="panel" data-testid="neighbor-observer">
                <h2>{observer.name.clone().unwrap_or_else(|| format!("observer {}", observer.id))}</h2>
                <p class="hint">{format!(
                    "{} hearings of {} neighbours{}.",
                    count(observer.hearings),
                    observer.neighbor_count,
                    if observer.neighbors.len() < observer.neighbor_count {
                        format!(", the {} most heard listed", observer.neighbors.len())
                    } else {
                        String::new()
                    },
                )}</p>
                <table class="grid" data-testid="neighbor-table">
                    <thead><tr><th>"Neighbour"</th><th class="num">"Zero-hop"</th><th class="num">"Last hop"</th><th class="num">"SNR"</th><th class="num">"RSSI"</th><th>"Trend"</th><th class="num">"dB/day"</th><th>"SNR by hour"</th></tr></thead>
                    <tbody>
                        {observer.neighbors.iter().map(neighbor_row).collect_view()}
                    </tbody>
                </table>
            </section>
        }).collect_view()}
    }
}

/// One neighbour's row.
fn neighbor_row(neighbor: &Neighbor) -> impl IntoView + use<> {
    let direction = direction(neighbor.trend.direction);
    let name = emitter(&neighbor.emitter);
    let points = neighbor.hours.iter().map(|hour| hour.snr_db).collect();
    view! {
        <tr>
            <td title=neighbor.emitter.public_key.clone().unwrap_or_default()>{name.clone()}</td>
            <td class="num">{count(neighbor.zero_hop)}</td>
            <td class="num">{count(neighbor.last_hop)}</td>
            <td class="num">{fixed(neighbor.snr_db, 1)}</td>
            <td class="num">{fixed(neighbor.rssi_dbm, 1)}</td>
            <td><span class="trend" data-trend=direction>{direction}</span></td>
            <td class="num">{neighbor.trend.slope_db_per_day.map_or_else(super::labels::dash, |slope| format!("{slope:+.2}"))}</td>
            <td><Sparkline values=points label=format!("SNR of {name} by hour") /></td>
        </tr>
    }
}

/// The word for a trend direction, as the snapshot's JSON spells it.
fn direction(direction: Direction) -> &'static str {
    match direction {
        Direction::Improving => "improving",
        Direction::Degrading => "degrading",
        Direction::Stable => "stable",
        Direction::Unknown => "unknown",
    }
}
