use leptos::prelude::*;
use leptos_router::components::A;

/// Shown for any path the app does not know.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <h1>"Not found"</h1>
        <section class="empty">
            <p>"There is no page at this address."</p>
            <A href="/packets">"Go to Packets"</A>
        </section>
    }
}
