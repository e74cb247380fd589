use leptos::prelude::*;
use leptos_router::components::A;

/// The Channels page.
#[component]
pub fn ChannelsPage() -> impl IntoView {
    view! {
        <h1>"Channels"</h1>
        <section class="empty">
            <p>"No channel messages yet."</p>
            <p>"Public and #hashtag channel messages are decrypted as they arrive."</p>
            <A href="/sources">"Go to Sources"</A>
        </section>
    }
}
