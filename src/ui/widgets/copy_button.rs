//! A button that copies a text to the clipboard and says so for a moment.

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Copies `text` when clicked; its label turns to "Copied" (or "Copy failed") until the next click.
#[component]
pub fn CopyButton(
    /// What to copy.
    text: String,
    /// What the button says.
    #[prop(default = "Copy")]
    label: &'static str,
) -> impl IntoView {
    let state = RwSignal::new(None::<bool>);
    let on_click = move |_| {
        let text = text.clone();
        leptos::task::spawn_local(async move {
            let copied = match web_sys::window() {
                Some(window) => {
                    let promise = window.navigator().clipboard().write_text(&text);
                    JsFuture::from(promise).await.is_ok()
                }
                None => false,
            };
            state.set(Some(copied));
        });
    };
    view! {
        <button class="copy" type="button" on:click=on_click>
            {move || match state.get() {
                None => label,
                Some(true) => "Copied",
                Some(false) => "Copy failed",
            }}
        </button>
    }
}
