//! The engine panel: how long each analytic took to recompute, as a browser's devtools would show it.

use leptos::prelude::*;

use crate::recompute::{Snapshots, Timings};

/// Each analytic's last and longest compute time, its compute count, and for those computed in slices the
/// slices of the last compute and the longest slice (the longest the analytic held the page at once), and the
/// same for storing batches of packets, refreshed with the summary.
#[component]
pub fn EnginePanel() -> impl IntoView {
    let snapshots = expect_context::<Snapshots>();
    let timings = expect_context::<StoredValue<Timings, LocalStorage>>();
    let rows = move || {
        snapshots.summary.changed().track();
        timings
            .try_get_value()
            .map(|timings| timings.all())
            .unwrap_or_default()
    };
    view! {
        <section class="panel">
            <h2>"Engine"</h2>
            <p class="hint">
                "Analytics are recomputed on timers, off the render path; the costliest only while their tab is open, in slices of about 4 ms between frames. ingest is the time to store one batch of packets (a frame's worth while live); ingest_evicting counts only the batches that evicted the oldest packets to stay within the memory budget."
            </p>
            <table class="grid" data-testid="engine-timings">
                <thead><tr><th>"Analytic"</th><th class="num">"Last (ms)"</th><th class="num">"Longest (ms)"</th><th class="num">"Computes"</th><th class="num">"Slices"</th><th class="num">"Longest slice (ms)"</th></tr></thead>
                <tbody>
                    {move || rows().into_iter().map(|timing| view! {
                        <tr data-analytic=timing.name>
                            <td>{timing.name}</td>
                            <td class="num">{format!("{:.1}", timing.last_ms)}</td>
                            <td class="num">{format!("{:.1}", timing.max_ms)}</td>
                            <td class="num">{timing.computes}</td>
                            <td class="num">{timing.last_slices}</td>
                            <td class="num">{format!("{:.1}", timing.max_slice_ms)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
