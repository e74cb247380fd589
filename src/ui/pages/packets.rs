use leptos::prelude::*;
use leptos_router::components::A;

use crate::ui::state::StoreHandle;

/// The Packets page.
#[component]
pub fn PacketsPage() -> impl IntoView {
    let store = expect_context::<StoreHandle>();
    let held = move || store.read(|store| store.transmission_count()).unwrap_or(0);
    view! {
        <h1>"Packets"</h1>
        <p data-testid="packets-held">{move || format!("{} transmissions held", held())}</p>
        <section class="empty">
            <p>"No packets yet."</p>
            <p>"Load a packet dump or connect a radio on the Sources page."</p>
            <A href="/sources">"Go to Sources"</A>
        </section>
    }
}
