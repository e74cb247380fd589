//! The Compare tab (`/analytics/compare?a=..&b=..`): two observers side by side: transmissions only A heard,
//! only B, both; for both, the SNR difference B−A, paths and who heard first; per payload type; examples
//! linked to their packets. Computed on demand from the store's by-observer index.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::query_signal_with_options;

use super::labels::{dash, utc};
use crate::analytics::observer_compare::{Example, Hearing, ObserverCompare};
use crate::analytics::{find_observer, observer_compare};
use crate::store::Store;
use crate::ui::widgets::format::count;
use crate::ui::widgets::histogram::{Bar, Histogram};

/// An observer as the selects offer it: the query value (its name, or its store id when unnamed) and label.
#[derive(Debug, Clone, PartialEq)]
struct Choice {
    value: String,
    label: String,
    observations: usize,
}

/// The observers, most observations first.
fn choices(store: &Store) -> Vec<Choice> {
    let mut tallies = vec![0usize; store.observers().len()];
    for observer in store.observations().observer_column().iter() {
        if let Some(tally) = tallies.get_mut(usize::from(observer)) {
            *tally += 1;
        }
    }
    let mut choices: Vec<Choice> = store
        .observers()
        .iter()
        .map(|(id, observer)| Choice {
            value: observer.name.clone().unwrap_or_else(|| id.0.to_string()),
            label: observer
                .name
                .clone()
                .unwrap_or_else(|| format!("observer {}", id.0)),
            observations: tallies.get(id.index()).copied().unwrap_or(0),
        })
        .collect();
    choices.sort_by_key(|choice| std::cmp::Reverse(choice.observations));
    choices
}

/// The tab.
#[component]
pub fn CompareTab() -> impl IntoView {
    let store = expect_context::<crate::ui::state::StoreHandle>();
    let options = NavigateOptions {
        scroll: false,
        ..NavigateOptions::default()
    };
    let (a, set_a) = query_signal_with_options::<String>("a", options.clone());
    let (b, set_b) = query_signal_with_options::<String>("b", options);
    let choices = Memo::new(move |_| store.read(choices).unwrap_or_default());
    // Without a choice in the address, the two busiest observers.
    let picked = move |chosen: Option<String>, rank: usize| {
        chosen.or_else(|| choices.with(|c| c.get(rank).map(|c| c.value.clone())))
    };
    let a_value = Memo::new(move |_| picked(a.get(), 0));
    let b_value = Memo::new(move |_| picked(b.get(), 1));
    let compare = Memo::new(move |_| {
        let (a, b) = (a_value.get()?, b_value.get()?);
        store
            .read(|store| {
                let a = find_observer(store, &a)?;
                let b = find_observer(store, &b)?;
                Some(observer_compare(store, a, b))
            })
            .flatten()
    });
    let select = move |label: &'static str,
                       testid: &'static str,
                       value: Memo<Option<String>>,
                       set: SignalSetter<Option<String>>| {
        view! {
            <label>
                {label}
                <select data-testid=testid on:change=move |event| set.set(Some(event_target_value(&event)))>
                    {move || choices.get().into_iter().map(|choice| {
                        let selected = value.get().as_deref() == Some(choice.value.as_str());
                        view! {
                            <option value=choice.value.clone() selected=selected>
                                {format!("{} ({} obs.)", choice.label, count(choice.observations as u64))}
                            </option>
                        }
                    }).collect_view()}
                </select>
            </label>
        }
    };
    view! {
        <section class="panel compare-pick">
            <h2>"Compare two observers"</h2>
            <div class="row">
                {select("Observer A", "compare-a", a_value, set_a)}
                {select("Observer B", "compare-b", b_value, set_b)}
            </div>
            {move || (choices.with(Vec::len) < 2).then(|| view! {
                <p class="empty" data-testid="compare-few">"Comparing needs packets from two observers."</p>
            })}
        </section>
        {move || compare.get().map(|compare| view! { <CompareView compare /> })}
    }
}

/// The panels of one comparison.
#[component]
fn CompareView(compare: ObserverCompare) -> impl IntoView {
    let name = |side: &crate::analytics::observer_compare::Side| {
        side.name
            .clone()
            .unwrap_or_else(|| format!("observer {}", side.id))
    };
    let (a, b) = (name(&compare.a), name(&compare.b));
    let both = compare.both_heard;
    let snr = &compare.snr;
    let last = snr.bins.len().saturating_sub(1);
    let bars: Vec<Bar> = snr
        .bins
        .iter()
        .enumerate()
        .map(|(index, bin)| Bar {
            label: match index {
                0 => format!("< {:+} dB", bin.db + 1),
                index if index == last => format!("≥ {:+} dB", bin.db),
                _ => format!("{:+} dB", bin.db),
            },
            count: bin.count as u64,
        })
        .collect();
    let db = |value: Option<f32>| value.map_or_else(dash, |v| format!("{v:+.2} dB"));
    view! {
        <section class="panel" data-testid="compare-summary">
            <h2>"Who heard what"</h2>
            <dl class="stats">
                <div><dt>{format!("Only {a}")}</dt><dd data-testid="compare-only-a">{count(compare.only_a as u64)}</dd></div>
                <div><dt>"Both"</dt><dd data-testid="compare-both">{count(compare.both as u64)}</dd></div>
                <div><dt>{format!("Only {b}")}</dt><dd data-testid="compare-only-b">{count(compare.only_b as u64)}</dd></div>
            </dl>
            <p class="hint">{format!(
                "{} of the {} only {a} heard came while {b} was active (between its first and last packet), and {} of the {} only {b} heard while {a} was.",
                count(compare.only_a_while_b_active as u64), count(compare.only_a as u64),
                count(compare.only_b_while_a_active as u64), count(compare.only_b as u64),
            )}</p>
        </section>
        <section class="panel" data-testid="compare-both-heard">
            <h2>"Heard by both"</h2>
            <dl class="stats">
                <div><dt>"Same path"</dt><dd>{count(both.same_path as u64)}</dd></div>
                <div><dt>"Different path"</dt><dd>{count(both.different_path as u64)}</dd></div>
                <div><dt>{format!("{a}: fewer hops")}</dt><dd>{count(both.a_fewer_hops as u64)}</dd></div>
                <div><dt>{format!("{b}: fewer hops")}</dt><dd>{count(both.b_fewer_hops as u64)}</dd></div>
                <div><dt>{format!("{a} first")}</dt><dd>{count(both.a_first as u64)}</dd></div>
                <div><dt>{format!("{b} first")}</dt><dd>{count(both.b_first as u64)}</dd></div>
                <div><dt>"Median delay B−A"</dt><dd>{both.median_delta_ms.map_or_else(dash, |ms| format!("{ms} ms"))}</dd></div>
            </dl>
            <h3>{format!("SNR difference, {b} − {a}")}</h3>
            <p class="hint" data-testid="compare-snr" data-compared=snr.compared>{format!(
                "{} compared · mean {} · median {} · {b} better on {}, {a} better on {}.",
                count(snr.compared as u64), db(snr.mean_db), db(snr.median_db), count(snr.b_better as u64), count(snr.a_better as u64),
            )}</p>
            <Histogram bars testid="compare-snr-histogram" />
        </section>
        <section class="panel">
            <h2>"By payload type"</h2>
            <table class="grid" data-testid="compare-types">
                <thead><tr><th>"Type"</th><th class="num" title=format!("Only {a}")>"Only A"</th><th class="num">"Both"</th><th class="num" title=format!("Only {b}")>"Only B"</th></tr></thead>
                <tbody>
                    {compare.payload_types.iter().map(|t| view! {
                        <tr><td>{t.payload_type}</td><td class="num">{count(t.only_a as u64)}</td><td class="num">{count(t.both as u64)}</td><td class="num">{count(t.only_b as u64)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        <Examples title=format!("Newest heard by both") testid="compare-examples-both" examples=compare.both_examples a=a.clone() b=b.clone() />
        <Examples title=format!("Newest only {a} heard") testid="compare-examples-a" examples=compare.only_a_examples a=a.clone() b=b.clone() />
        <Examples title=format!("Newest only {b} heard") testid="compare-examples-b" examples=compare.only_b_examples a b />
    }
}

/// A table of example transmissions.
#[component]
fn Examples(
    title: String,
    testid: &'static str,
    examples: Vec<Example>,
    a: String,
    b: String,
) -> impl IntoView {
    let cell = |hearing: &Option<Hearing>| match hearing {
        None => dash(),
        Some(h) => format!(
            "{} · {} hop{}",
            h.snr_db.map_or_else(dash, |snr| format!("{snr:.1} dB")),
            h.hops,
            if h.hops == 1 { "" } else { "s" }
        ),
    };
    let empty = examples.is_empty();
    view! {
        <section class="panel">
            <h2>{title}</h2>
            {empty.then(|| view! { <p class="hint">"None."</p> })}
            {(!empty).then(|| view! {
                <table class="grid" data-testid=testid>
                    <thead><tr><th>"Packet"</th><th>"Type"</th><th>"First heard (UTC)"</th><th>{a.clone()}</th><th>{b.clone()}</th></tr></thead>
                    <tbody>
                        {examples.iter().map(|example| {
                            let time = example.a.as_ref().or(example.b.as_ref()).map(|h| h.time_ms);
                            let hash = example.hash.clone();
                            view! {
                                <tr>
                                    <td class="mono"><A href=format!("/packets/{hash}")>{hash.clone()}</A></td>
                                    <td>{example.payload_type}</td>
                                    <td>{time.map_or_else(dash, utc)}</td>
                                    <td>{cell(&example.a)}</td>
                                    <td>{cell(&example.b)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </section>
    }
}
