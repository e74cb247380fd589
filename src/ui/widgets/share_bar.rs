//! A horizontal bar showing one part of a whole, with its percentage.

use leptos::prelude::*;

/// `part` of `whole` as a bar and a percentage (empty when `whole` is 0).
#[component]
pub fn ShareBar(part: u64, whole: u64) -> impl IntoView {
    let percent = if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    };
    view! {
        <span class="share">
            <span class="share-bar" style=format!("width: {percent:.1}%")></span>
            <span class="share-text">{format!("{percent:.1}%")}</span>
        </span>
    }
}
