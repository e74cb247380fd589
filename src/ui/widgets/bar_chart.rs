//! A small SVG bar chart (activity per hour, sparklines): one bar per value, scaled to the largest, with an
//! axis line, a tooltip per bar and optional labels under the first and last bars (HTML, so the stretched
//! SVG does not distort their text).

use leptos::prelude::*;

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Its value (bars are scaled to the largest).
    pub value: u64,
    /// Its tooltip.
    pub title: String,
}

/// Bars scaled into a `width` × `height` box; `first` and `last` label the ends of the axis.
#[component]
pub fn BarChart(
    /// The bars, left to right.
    bars: Vec<Bar>,
    /// Width, pixels.
    #[prop(default = 480)]
    width: u32,
    /// Height of the bars' area, pixels.
    #[prop(default = 80)]
    height: u32,
    /// Label under the first bar.
    #[prop(optional, into)]
    first: Option<String>,
    /// Label under the last bar.
    #[prop(optional, into)]
    last: Option<String>,
    /// The chart's accessible name.
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let max = bars.iter().map(|bar| bar.value).max().unwrap_or(0).max(1) as f64;
    let slot = f64::from(width) / bars.len().max(1) as f64;
    let bar_width = (slot * 0.8).max(1.0);
    let h = f64::from(height);
    let rects = bars
        .into_iter()
        .enumerate()
        .map(|(index, bar)| {
            let bar_height =
                (bar.value as f64 / max * h).max(if bar.value > 0 { 1.0 } else { 0.0 });
            view! {
                <rect
                    class="bar"
                    x=format!("{:.2}", index as f64 * slot + (slot - bar_width) / 2.0)
                    y=format!("{:.2}", h - bar_height)
                    width=format!("{bar_width:.2}")
                    height=format!("{bar_height:.2}")
                >
                    <title>{bar.title}</title>
                </rect>
            }
        })
        .collect_view();
    view! {
        <figure class="bar-chart">
            <svg role="img" aria-label=label viewBox=format!("0 0 {width} {height}") preserveAspectRatio="none">
                {rects}
                <line class="axis" x1="0" x2=width y1=height y2=height />
            </svg>
            <figcaption class="axis-labels">
                <span>{first}</span>
                <span>{last}</span>
            </figcaption>
        </figure>
    }
}
