use leptos::prelude::*;
use leptos_router::components::A;

/// The Nodes page.
#[component]
pub fn NodesPage() -> impl IntoView {
    view! {
        <h1>"Nodes"</h1>
        <section class="empty">
            <p>"No nodes yet."</p>
            <p>"Nodes appear as their adverts are heard."</p>
            <A href="/sources">"Go to Sources"</A>
        </section>
    }
}
