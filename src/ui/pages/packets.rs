use leptos::prelude::*;
use leptos_router::components::A;

/// The Packets page.
#[component]
pub fn PacketsPage() -> impl IntoView {
    view! {
        <h1>"Packets"</h1>
        <section class="empty">
            <p>"No packets yet."</p>
            <p>"Load a packet dump or connect a radio on the Sources page."</p>
            <A href="/sources">"Go to Sources"</A>
        </section>
    }
}
