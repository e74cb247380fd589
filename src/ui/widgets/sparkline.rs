//! A small line of values over time, for a table cell.

use leptos::prelude::*;

/// Width of the drawing in SVG units.
const WIDTH: f64 = 100.0;
/// Height of the drawing in SVG units.
const HEIGHT: f64 = 20.0;

/// `values` (oldest first; `None` leaves a gap) as a line scaled between their smallest and largest value.
/// One known value draws a dot; none draws an empty box. `label` is its accessible name.
#[component]
pub fn Sparkline(values: Vec<Option<f64>>, label: String) -> impl IntoView {
    let known = values.iter().flatten().copied();
    let low = known.clone().fold(f64::INFINITY, f64::min);
    let high = known.fold(f64::NEG_INFINITY, f64::max);
    let range = if high > low { high - low } else { 1.0 };
    let step = WIDTH / values.len().saturating_sub(1).max(1) as f64;
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut run = Vec::new();
    for (index, value) in values.iter().enumerate() {
        match value {
            Some(value) => run.push((
                index as f64 * step,
                HEIGHT - 1.0 - (value - low) / range * (HEIGHT - 2.0),
            )),
            None if !run.is_empty() => runs.push(core::mem::take(&mut run)),
            None => {}
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    let shapes = runs
        .into_iter()
        .map(|run| match run.as_slice() {
            [(x, y)] => {
                view! { <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="1.5"></circle> }
                    .into_any()
            }
            points => {
                let points = points
                    .iter()
                    .map(|(x, y)| format!("{x:.1},{y:.1}"))
                    .collect::<Vec<_>>()
                    .join(" ");
                view! { <polyline points=points></polyline> }.into_any()
            }
        })
        .collect_view();
    view! {
        <svg class="sparkline" viewBox=format!("0 0 {WIDTH} {HEIGHT}") preserveAspectRatio="none" role="img" aria-label=label>
            {shapes}
        </svg>
    }
}
