//! The Hash issues tab: repeaters sharing 1-, 2- and 3-byte prefixes, how full each prefix space is, the
//! 1-byte usage matrix, and the nodes whose advertised size flip-flops.

use leptos::prelude::*;

use super::Computing;
use crate::analytics::hash_collisions::{Collision, DistanceClass, PrefixCell};
use crate::recompute::Snapshots;
use crate::ui::widgets::format::count;

/// Most collisions listed per size on the page (the snapshot keeps more).
const LISTED: usize = 100;

/// Hash collisions.
#[component]
pub fn HashIssuesTab() -> impl IntoView {
    let snapshots = expect_context::<Snapshots>();
    move || {
        match snapshots.hash_collisions.get() {
        None => view! { <Computing /> }.into_any(),
        Some(issues) => view! {
            <section class="panel">
                <h2>"Prefix spaces"</h2>
                <table class="grid" data-testid="prefix-spaces">
                    <thead><tr>
                        <th>"Size"</th><th class="num">"Used"</th><th class="num">"Of"</th><th class="num">"% used"</th>
                        <th class="num">"Colliding prefixes"</th><th class="num">"Repeaters in collisions"</th><th class="num">"Nearby"</th>
                    </tr></thead>
                    <tbody>
                        {issues.stats.iter().map(|size| view! {
                            <tr>
                                <td>{format!("{} byte", size.usage.bytes)}</td>
                                <td class="num">{count(size.usage.used as u64)}</td>
                                <td class="num">{count(size.usage.space)}</td>
                                <td class="num">{format!("{:.2}", size.usage.pct_used)}</td>
                                <td class="num">{count(size.usage.colliding_prefixes as u64)}</td>
                                <td class="num">{count(size.usage.colliding_repeaters as u64)}</td>
                                <td class="num">{count(size.usage.nearby_collisions as u64)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <p class="hint">
                    "Every repeater counts at every size: a relay writes its hash at the packet's size, whatever its own setting. "
                    "Nearby: members within the regional distance of each other, or without positions."
                </p>
            </section>
            <section class="panel">
                <h2>"1-byte prefix matrix"</h2>
                <Matrix cells=issues.one_byte_cells.clone() />
            </section>
            <CollisionList title="1-byte collisions" collisions=issues.one_byte.clone() testid="collisions-1" />
            <CollisionList title="2-byte collisions" collisions=issues.two_byte.clone() testid="collisions-2" />
            <CollisionList title="3-byte collisions" collisions=issues.three_byte.clone() testid="collisions-3" />
            <section class="panel">
                <h2>"Flip-flopping hash sizes (last 7 days)"</h2>
                <table class="grid" data-testid="inconsistent">
                    <thead><tr><th>"Node"</th><th>"Role"</th><th>"Sizes seen"</th><th class="num">"Adverts"</th></tr></thead>
                    <tbody>
                        {issues.inconsistent.iter().map(|node| view! {
                            <tr>
                                <td title=node.public_key.clone()>{node.name.clone().unwrap_or_else(|| String::from("unnamed"))}</td>
                                <td>{node.role}</td>
                                <td>{node.sizes_seen.iter().map(u8::to_string).collect::<Vec<_>>().join(", ")}</td>
                                <td class="num">{node.adverts}</td>
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

/// The 256 first bytes as a 16 × 16 grid, shaded by how many repeaters have each.
#[component]
fn Matrix(cells: Vec<PrefixCell>) -> impl IntoView {
    view! {
        <div class="prefix-matrix" role="table" aria-label="Repeaters per first key byte" data-testid="prefix-matrix">
            {cells.into_iter().map(|cell| {
                let level = cell.count.min(3);
                let title = format!("{}: {} repeater{}", cell.prefix, cell.count, if cell.count == 1 { "" } else { "s" });
                view! {
                    <span class="cell" data-level=level.to_string() title=title role="cell">{cell.prefix}</span>
                }
            }).collect_view()}
        </div>
    }
}

/// One size's collisions, nearest first.
#[component]
fn CollisionList(
    title: &'static str,
    collisions: Vec<Collision>,
    testid: &'static str,
) -> impl IntoView {
    let total = collisions.len();
    view! {
        <section class="panel">
            <h2>{title}</h2>
            <p class="hint">{match total {
                0 => String::from("None."),
                n if n > LISTED => format!("{n} prefixes; the {LISTED} nearest listed."),
                n => format!("{n} prefixes."),
            }}</p>
            <table class="grid" data-testid=testid>
                <thead><tr><th>"Prefix"</th><th class="num">"Repeaters"</th><th>"Distance"</th><th class="num">"Using this size"</th></tr></thead>
                <tbody>
                    {collisions.into_iter().take(LISTED).map(|collision| view! {
                        <tr>
                            <td class="mono">{collision.prefix}</td>
                            <td class="num">{collision.appearances}</td>
                            <td>{distance(collision.class, collision.max_distance_km)}</td>
                            <td class="num">{collision.using_this_size}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

fn distance(class: DistanceClass, km: Option<f64>) -> String {
    let class = match class {
        DistanceClass::Local => "local",
        DistanceClass::Regional => "regional",
        DistanceClass::Distant => "distant",
        DistanceClass::Incomplete => "positions missing",
    };
    match km {
        Some(km) => format!("{class}, {km:.1} km"),
        None => class.to_owned(),
    }
}
