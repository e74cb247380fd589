//! The RF tab: SNR, RSSI and packet size distributions, SNR per payload type and per observer.

use leptos::prelude::*;

use super::Computing;
use super::labels::{bars, dash, fixed, observer};
use crate::analytics::rf::distribution::{Bins, Stats};
use crate::recompute::Snapshots;
use crate::ui::widgets::format::count;
use crate::ui::widgets::histogram::Histogram;
use crate::ui::widgets::share_bar::ShareBar;

/// Signal quality.
#[component]
pub fn RfTab() -> impl IntoView {
    let snapshots = expect_context::<Snapshots>();
    move || match snapshots.rf.get() {
        None => view! { <Computing /> }.into_any(),
        Some(rf) => {
            let typed: u64 = rf.snr_by_type.iter().map(|entry| entry.snr.count).sum();
            view! {
                <section class="panel">
                    <h2>"Signal summary"</h2>
                    <p class="hint">{format!(
                        "{} observations ({} with SNR, {} with RSSI) of {} transmissions over {:.1} hours.",
                        count(rf.observations),
                        count(rf.observations_with_snr),
                        count(rf.observations_with_rssi),
                        count(rf.transmissions),
                        rf.span_hours,
                    )}</p>
                    <table class="grid" data-testid="rf-summary">
                        <thead><tr><th>"Measure"</th><th class="num">"Count"</th><th class="num">"Min"</th><th class="num">"Median"</th><th class="num">"Mean"</th><th class="num">"Max"</th><th class="num">"Std dev"</th></tr></thead>
                        <tbody>
                            <StatsRow name="SNR (dB)" stats=rf.snr />
                            <StatsRow name="RSSI (dBm)" stats=rf.rssi />
                            <StatsRow name="Packet size (bytes)" stats=rf.packet_size />
                        </tbody>
                    </table>
                </section>
                <div class="chart-row">
                    <Distribution title="SNR" unit="dB" bins=rf.snr_histogram.clone() testid="rf-snr-histogram" />
                    <Distribution title="RSSI" unit="dBm" bins=rf.rssi_histogram.clone() testid="rf-rssi-histogram" />
                    <Distribution title="Packet size" unit="B" bins=rf.packet_size_histogram.clone() testid="rf-size-histogram" />
                </div>
                <section class="panel">
                    <h2>"SNR by payload type"</h2>
                    <table class="grid" data-testid="rf-by-type">
                        <thead><tr><th>"Type"</th><th class="num">"Observations"</th><th class="num">"Mean SNR"</th><th class="num">"Min"</th><th class="num">"Max"</th><th class="num">"Std dev"</th><th>"Share"</th></tr></thead>
                        <tbody>
                            {rf.snr_by_type.iter().map(|entry| view! {
                                <tr>
                                    <td>{entry.payload_type}</td>
                                    <td class="num">{count(entry.snr.count)}</td>
                                    <td class="num">{format!("{:.1}", entry.snr.mean)}</td>
                                    <td class="num">{format!("{:.1}", entry.snr.min)}</td>
                                    <td class="num">{format!("{:.1}", entry.snr.max)}</td>
                                    <td class="num">{format!("{:.1}", entry.snr.std_dev)}</td>
                                    <td><ShareBar part=entry.snr.count whole=typed /></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
                <section class="panel">
                    <h2>"Signal per observer"</h2>
                    <table class="grid" data-testid="rf-observers">
                        <thead><tr><th>"Observer"</th><th class="num">"Observations"</th><th class="num">"Mean SNR"</th><th class="num">"Min SNR"</th><th class="num">"Max SNR"</th><th class="num">"Mean RSSI"</th></tr></thead>
                        <tbody>
                            {rf.observers.iter().map(|entry| view! {
                                <tr>
                                    <td title=entry.id.clone().unwrap_or_default()>{observer(entry.name.as_ref(), entry.id.as_ref())}</td>
                                    <td class="num">{count(entry.observations)}</td>
                                    <td class="num">{fixed(entry.snr.map(|snr| snr.mean), 1)}</td>
                                    <td class="num">{fixed(entry.snr.map(|snr| snr.min), 1)}</td>
                                    <td class="num">{fixed(entry.snr.map(|snr| snr.max), 1)}</td>
                                    <td class="num">{fixed(entry.rssi.map(|rssi| rssi.mean), 1)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            }
            .into_any()
        }
    }
}

/// One row of summary statistics, dashes when nothing was measured.
#[component]
fn StatsRow(name: &'static str, stats: Option<Stats>) -> impl IntoView {
    let cell = |value: Option<f64>| view! { <td class="num">{fixed(value, 1)}</td> };
    view! {
        <tr>
            <td>{name}</td>
            <td class="num">{stats.map_or_else(dash, |stats| count(stats.count))}</td>
            {cell(stats.map(|stats| stats.min))}
            {cell(stats.map(|stats| stats.median))}
            {cell(stats.map(|stats| stats.mean))}
            {cell(stats.map(|stats| stats.max))}
            {cell(stats.map(|stats| stats.std_dev))}
        </tr>
    }
}

/// A histogram panel, or a note that nothing was measured.
#[component]
fn Distribution(
    title: &'static str,
    unit: &'static str,
    bins: Option<Bins>,
    testid: &'static str,
) -> impl IntoView {
    view! {
        <section class="panel">
            <h2>{title}" distribution"</h2>
            {match bins {
                None => view! { <p class="hint">"Nothing measured."</p> }.into_any(),
                Some(bins) => view! {
                    <Histogram bars=bars(bins.bins.iter().map(|bin| (bin.x, bin.w, bin.count)), unit) testid=testid />
                }
                .into_any(),
            }}
        </section>
    }
}
