//! The Airtime tab: the radio settings assumed, each observer's channel utilisation, duty-cycle warnings and
//! the top consumers of airtime.

use std::rc::Rc;

use leptos::prelude::*;

use super::Computing;
use super::labels::{emitter, utc, utc_or_dash};
use crate::analytics::airtime::PRESETS;
use crate::analytics::{AirtimeOptions, RadioSettings};
use crate::recompute::{AnalyticsSettings, Insights, Snapshots};
use crate::ui::persist::Persistence;
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
            <RadioSettingsForm used=AirtimeOptions {
                radio,
                duty_cycle_limit_pct: airtime.duty_cycle_limit_pct,
                ..AirtimeOptions::default()
            } />
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

/// Choose the radio settings and duty-cycle limit the figures use: a MeshCore preset, or
/// `MHZ,KHZ,SF,CR`. Saved in the browser; until chosen, a connected radio's own settings are used.
#[component]
fn RadioSettingsForm(used: AirtimeOptions) -> impl IntoView {
    let settings = expect_context::<StoredValue<AnalyticsSettings, LocalStorage>>();
    let persistence = expect_context::<Persistence>();
    let error = RwSignal::new(None::<String>);
    let apply = move |change: &dyn Fn(&mut AirtimeOptions)| {
        let Some(mut options) = settings.try_with_value(AnalyticsSettings::airtime) else {
            return;
        };
        change(&mut options);
        settings.with_value(|settings| settings.choose_airtime(options));
        if let Ok(json) = serde_json::to_string(&options) {
            persistence.save_setting("airtime", json);
        }
        error.set(None);
    };
    let on_preset = move |event: leptos::ev::Event| {
        if let Some(preset) = PRESETS
            .iter()
            .find(|preset| preset.name == event_target_value(&event))
        {
            apply(&|options| options.radio = preset.settings);
        }
    };
    let on_text =
        move |event: leptos::ev::Event| match event_target_value(&event).parse::<RadioSettings>() {
            Ok(radio) => apply(&|options| options.radio = radio),
            Err(problem) => error.set(Some(problem.to_string())),
        };
    let on_limit =
        move |event: leptos::ev::Event| match event_target_value(&event).trim().parse::<f64>() {
            Ok(pct) if pct > 0.0 && pct <= 100.0 => {
                apply(&|options| options.duty_cycle_limit_pct = pct)
            }
            _ => error.set(Some(String::from(
                "the duty-cycle limit is a percentage above 0, at most 100",
            ))),
        };
    let current = PRESETS
        .iter()
        .find(|preset| preset.settings == used.radio)
        .map(|preset| preset.name);
    let text = format!(
        "{},{},{},{}",
        used.radio.frequency_mhz,
        used.radio.bandwidth_khz,
        used.radio.spreading_factor,
        used.radio.coding_rate
    );
    view! {
        <div class="row airtime-settings">
            <label>
                "Preset "
                <select data-testid="airtime-preset" on:change=on_preset>
                    <option value="" selected=current.is_none()>"Custom"</option>
                    {PRESETS.iter().map(|preset| view! {
                        <option value=preset.name selected=current == Some(preset.name)>{preset.name}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>
                "MHz, kHz, SF, CR "
                <input type="text" data-testid="airtime-radio-text" value=text size="18" on:change=on_text />
            </label>
            <label>
                "Duty-cycle limit (%) "
                <input type="number" min="0.01" max="100" step="any" data-testid="airtime-duty-limit"
                    value=used.duty_cycle_limit_pct.to_string() on:change=on_limit />
            </label>
        </div>
        {move || error.get().map(|text| view! { <p class="error" role="alert" data-testid="airtime-settings-error">{text}</p> })}
        <p class="hint">"Until you choose, a connected radio's own settings are used; your choice is saved in this browser."</p>
    }
}
