use leptos::prelude::*;
use leptos_router::components::A;

/// The Analytics page.
#[component]
pub fn AnalyticsPage() -> impl IntoView {
    view! {
        <h1>"Analytics"</h1>
        <section class="empty">
            <p>"No data to analyse yet."</p>
            <p>"Analytics are recomputed in the background once packets arrive."</p>
            <A href="/sources">"Go to Sources"</A>
        </section>
    }
}
