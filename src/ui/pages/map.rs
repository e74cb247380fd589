use leptos::prelude::*;
use leptos_router::components::A;

/// The Map page.
#[component]
pub fn MapPage() -> impl IntoView {
    view! {
        <h1>"Map"</h1>
        <section class="empty">
            <p>"Nothing to map yet."</p>
            <p>"Nodes with a location appear here once their adverts are heard."</p>
            <A href="/sources">"Go to Sources"</A>
        </section>
    }
}
