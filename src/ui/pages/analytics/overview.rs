//! The Overview tab: traffic by payload type and by observer.

use leptos::prelude::*;

use super::Computing;
use crate::recompute::Snapshots;
use crate::ui::widgets::format::count;
use crate::ui::widgets::share_bar::ShareBar;

/// Traffic by payload type and by observer.
#[component]
pub fn OverviewTab() -> impl IntoView {
    let snapshots = expect_context::<Snapshots>();
    view! {
        <section class="panel">
            <h2>"Payload types"</h2>
            {move || match snapshots.payload_types.get() {
                None => view! { <Computing /> }.into_any(),
                Some(types) => {
                    let total: u64 = types.iter().map(|entry| entry.transmissions).sum();
                    view! {
                        <table class="grid" data-testid="payload-types">
                            <thead><tr><th>"Type"</th><th class="num">"Transmissions"</th><th class="num">"Observations"</th><th>"Share"</th></tr></thead>
                            <tbody>
                                {types.iter().map(|entry| view! {
                                    <tr>
                                        <td>{entry.payload_type}</td>
                                        <td class="num">{count(entry.transmissions)}</td>
                                        <td class="num">{count(entry.observations)}</td>
                                        <td><ShareBar part=entry.transmissions whole=total /></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }
                    .into_any()
                }
            }}
        </section>
        <section class="panel">
            <h2>"Observers"</h2>
            {move || match snapshots.observers.get() {
                None => view! { <Computing /> }.into_any(),
                Some(observers) => {
                    let total: u64 = observers.iter().map(|entry| entry.observations).sum();
                    view! {
                        <table class="grid" data-testid="observers">
                            <thead><tr><th>"Observer"</th><th>"Region"</th><th class="num">"Observations"</th><th>"Share"</th></tr></thead>
                            <tbody>
                                {observers.iter().map(|entry| view! {
                                    <tr>
                                        <td title=entry.id.clone().unwrap_or_default()>{entry.name.clone().or_else(|| entry.id.clone()).unwrap_or_else(|| String::from("unnamed"))}</td>
                                        <td>{entry.iata.clone().unwrap_or_default()}</td>
                                        <td class="num">{count(entry.observations)}</td>
                                        <td><ShareBar part=entry.observations whole=total /></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}
