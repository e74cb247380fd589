use leptos::prelude::*;

/// The Sources page: where packets come from.
#[component]
pub fn SourcesPage() -> impl IntoView {
    view! {
        <h1>"Sources"</h1>
        <section class="empty">
            <p>"Packet dumps, a USB companion radio, WebSocket feeds and MQTT brokers feed the store from here."</p>
        </section>
    }
}
