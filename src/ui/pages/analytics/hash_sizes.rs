//! The Hash sizes tab: path hash sizes on the air and per repeater, multi-byte adoption, busiest hops.

use leptos::prelude::*;

use super::Computing;
use crate::analytics::hash_sizes::SizeCounts;
use crate::recompute::Snapshots;
use crate::ui::widgets::format::count;
use crate::ui::widgets::share_bar::ShareBar;

/// Path hash sizes.
#[component]
pub fn HashSizesTab() -> impl IntoView {
    let snapshots = expect_context::<Snapshots>();
    move || {
        match snapshots.hash_sizes.get() {
        None => view! { <Computing /> }.into_any(),
        Some(sizes) => view! {
            <section class="panel">
                <h2>"Transmissions by path hash size"</h2>
                <p class="hint">{format!("{} transmissions with at least one hop (TRACE excluded).", count(sizes.total))}</p>
                <SizeTable counts=sizes.distribution testid="size-distribution" />
                <h2>"Repeaters by their advertised size"</h2>
                <SizeTable counts=sizes.distribution_by_repeaters testid="size-by-repeaters" />
                <p class="hint">{format!(
                    "{} repeaters without a sized advert in the last 7 days; {} nodes flip-flop between sizes.",
                    count(sizes.repeaters_without_size),
                    count(sizes.inconsistent as u64),
                )}</p>
            </section>
            <section class="panel">
                <h2>"Multi-byte adopters"</h2>
                <table class="grid" data-testid="adopters">
                    <thead><tr><th>"Node"</th><th>"Role"</th><th class="num">"Size"</th></tr></thead>
                    <tbody>
                        {sizes.multi_byte_adopters.iter().take(50).map(|adopter| view! {
                            <tr>
                                <td title=adopter.public_key.clone()>{adopter.name.clone().unwrap_or_else(|| adopter.public_key.get(..8).unwrap_or_default().to_owned())}</td>
                                <td>{adopter.role.unwrap_or("")}</td>
                                <td class="num">{adopter.hash_size}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
            <section class="panel">
                <h2>"Busiest hops"</h2>
                <p class="hint">{format!("{} distinct hop hashes.", count(sizes.distinct_hops as u64))}</p>
                <table class="grid" data-testid="top-hops">
                    <thead><tr><th>"Hop"</th><th>"Node"</th><th class="num">"Candidates"</th><th class="num">"Transmissions"</th></tr></thead>
                    <tbody>
                        {sizes.top_hops.iter().map(|hop| view! {
                            <tr>
                                <td class="mono">{hop.hop.clone()}</td>
                                <td>{match (hop.candidates, hop.name.clone()) {
                                    (0, _) => String::from("unknown"),
                                    (1, Some(name)) => name,
                                    (1, None) => String::from("unnamed"),
                                    (n, _) => format!("ambiguous: {n} nodes"),
                                }}</td>
                                <td class="num">{hop.candidates}</td>
                                <td class="num">{count(hop.transmissions as u64)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        }
        .into_any(),
    }
    }
}

/// Counts of 1-, 2- and 3-byte sizes with their shares.
#[component]
fn SizeTable(counts: SizeCounts, testid: &'static str) -> impl IntoView {
    let total = counts.total();
    view! {
        <table class="grid" data-testid=testid>
            <thead><tr><th>"Size"</th><th class="num">"Count"</th><th>"Share"</th></tr></thead>
            <tbody>
                {(1..=3).map(|size| view! {
                    <tr>
                        <td>{format!("{size} byte{}", if size == 1 { "" } else { "s" })}</td>
                        <td class="num">{count(counts.get(size))}</td>
                        <td><ShareBar part=counts.get(size) whole=total /></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
