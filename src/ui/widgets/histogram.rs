//! A bar chart in SVG: one bar per bin, heights relative to the tallest, the first and last bin's labels
//! under it.

use leptos::prelude::*;

/// One bar: the label of its bin (shown on hover and at the axis ends) and its height.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// What the bin holds, e.g. `-12.5 dB` or `3 hops`.
    pub label: String,
    /// Its count.
    pub count: u64,
}

/// Width of the drawing in SVG units; it stretches to the panel.
const WIDTH: f64 = 400.0;
/// Height of the drawing in SVG units.
const HEIGHT: f64 = 100.0;

/// `bars` as a histogram; `testid` names it for tests. Each bar carries `data-count` and an `aria-label`.
/// Nothing is drawn for no bars.
#[component]
pub fn Histogram(bars: Vec<Bar>, testid: &'static str) -> impl IntoView {
    let tallest = bars.iter().map(|bar| bar.count).max().unwrap_or(0).max(1) as f64;
    let slot = WIDTH / bars.len().max(1) as f64;
    let gap = if slot > 4.0 { 1.0 } else { 0.0 };
    let first = bars
        .first()
        .map(|bar| bar.label.clone())
        .unwrap_or_default();
    let last = bars.last().map(|bar| bar.label.clone()).unwrap_or_default();
    let rects = bars
        .into_iter()
        .enumerate()
        .map(|(index, bar)| {
            let height = bar.count as f64 / tallest * HEIGHT;
            let hint = format!("{}: {}", bar.label, bar.count);
            view! {
                <rect
                    class="bar"
                    x=format!("{:.2}", index as f64 * slot + gap / 2.0)
                    y=format!("{:.2}", HEIGHT - height)
                    width=format!("{:.2}", (slot - gap).max(0.5))
                    height=format!("{height:.2}")
                    data-count=bar.count.to_string()
                    aria-label=hint
                ></rect>
            }
        })
        .collect_view();
    view! {
        <figure class="histogram" data-testid=testid>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") preserveAspectRatio="none" role="img">
                {rects}
            </svg>
            <figcaption class="histogram-axis">
                <span>{first}</span>
                <span>{last}</span>
            </figcaption>
        </figure>
    }
}
