//! The Airtime tab: the radio settings assumed, each observer's channel utilisation, duty-cycle warnings and
//! the top consumers of airtime.

use std::rc::Rc;

use leptos::prelude::*;

use super::Computing;
use super::labels::{emitter, utc, utc_or_dash};
use crate::recompute::{Insights, Snapshots};
use crate::ui::widgets::format::count;

/// Time on air and duty cycle.
#[component]
pub fn AirtimeTab() -> impl IntoView {
    let snapshots = expect_context::<Snapshots>();
    move || match snapshots.insights.get() {
        None => view! { <Computing /> }.into_any(),
        Some(insights) => view! { <AirtimeView insights /> }.into_any(),
    }
}

/// The tab's panels for one insights snapshot.
#[component]
fn AirtimeView(insights: Rc<Insights>) -> impl IntoView {
    let airtime = &insights.airtime;
    let radio = airtime.radio;
    view! {
        <section class="panel">
            <h2>"Radio settings used"</h2>
            <p data-testid="airtime-radio">{format!(
                "{:.3} MHz, {} kHz bandwidth, SF{}, CR 4/{}, {} preamble symbols; duty-cycle limit {}% of an hour.",
                radio.frequency_mhz,
                radio.bandwidth_khz,
                radio.spreading_factor,
                radio.coding_rate,
                radio.preamble_symbols,
                airtime.duty_cycle_limit_pct,
            )}</p>
            <p class="hint">{format!(
                "{:.1} s of airtime over all hearings; {} distinct emissions: {:.1} s attributed to a sender, {:.1} s not. {} hourly buckets from {}.",
                airtime.heard_ms / 1000.0,
                count(airtime.emissions),
                airtime.attributed_ms / 1000.0,
                airtime.unattributed_ms / 1000.0,
                airtime.hours,
                utc_or_dash(airtime.first_hour_ms),
            )}</p>
        </section>
        <section class="panel">
            <h2>"Channel utilisation per observer"</h2>
            <table class="grid" data-testid="airtime-observers">
                <thead><tr><th>"Observer"</th><th class="num">"Hearings"</th><th class="num">"Airtime (s)"</th><th class="num">"Utilisation"</th><th class="num">"Busiest hour"</th></tr></thead>
                <tbody>
                    {airtime.observers.iter().map(|entry| view! {
                        <tr>
                            <td>{entry.name.clone().unwrap_or_else(|| format!("observer {}", entry.id))}</td>
                            <td class="num">{count(entry.hearings)}</td>
                            <td class="num">{format!("{:.1}", entry.heard_ms / 1000.0)}</td>
                            <td class="num">{format!("{:.2}%", entry.utilisation_pct)}</td>
                            <td class="num">{format!("{:.2}%", entry.peak_hour_pct)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        <section class="panel">
            <h2>"Duty-cycle warnings"</h2>
            {if airtime.warning_count == 0 {
                view! { <p class="hint" data-testid="airtime-no-warnings">{format!("No sender went over {}% in any hour.", airtime.duty_cycle_limit_pct)}</p> }.into_any()
            } else {
                view! {
                    <p class="hint">{format!("{} sender-hours over the limit; the highest:", count(airtime.warning_count as u64))}</p>
                    <table class="grid" data-testid="airtime-warnings">
                        <thead><tr><th>"Sender"</th><th>"Hour (UTC)"</th><th class="num">"Duty cycle"</th></tr></thead>
                        <tbody>
                            {airtime.warnings.iter().map(|warning| view! {
                                <tr class="warn">
                                    <td>{emitter(&warning.emitter)}</td>
                                    <td>{utc(warning.hour_start_ms)}</td>
                                    <td class="num">{format!("{:.2}%", warning.duty_cycle_pct)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            }}
        </section>
        <section class="panel">
            <h2>"Top consumers"</h2>
            <table class="grid" data-testid="airtime-nodes">
                <thead><tr><th>"Sender"</th><th class="num">"Emissions"</th><th class="num">"Airtime (s)"</th><th class="num">"Own (s)"</th><th class="num">"Forwarded (s)"</th><th class="num">"Peak duty cycle"</th></tr></thead>
                <tbody>
                    {airtime.nodes.iter().map(|entry| view! {
                        <tr>
                            <td title=entry.emitter.public_key.clone().unwrap_or_default()>{emitter(&entry.emitter)}</td>
                            <td class="num">{count(entry.emissions)}</td>
                            <td class="num">{format!("{:.1}", entry.airtime_ms / 1000.0)}</td>
                            <td class="num">{format!("{:.1}", entry.originated_ms / 1000.0)}</td>
                            <td class="num">{format!("{:.1}", entry.forwarded_ms / 1000.0)}</td>
                            <td class="num">{format!("{:.2}%", entry.peak_duty_cycle_pct)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
