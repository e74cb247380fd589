//! [`CopyButton`]: copies a text to the clipboard, and says so; when the browser refuses, shows the text to
//! copy by hand.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

/// What the last copy did.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Copied {
    Not,
    Done,
    Refused(String),
}

/// A button that copies `text()` with `navigator.clipboard.writeText`.
#[component]
pub fn CopyButton(
    /// The button's label.
    label: &'static str,
    /// The text to copy, read when clicked.
    #[prop(into)]
    text: Signal<String>,
    /// A test id for the button.
    #[prop(optional)]
    testid: &'static str,
) -> impl IntoView {
    let copied = RwSignal::new(Copied::Not);
    let on_click = move |_| {
        let value = text.get_untracked();
        spawn_local(async move {
            let written = match web_sys::window() {
                Some(window) => JsFuture::from(window.navigator().clipboard().write_text(&value))
                    .await
                    .is_ok(),
                None => false,
            };
            copied.set(if written {
                Copied::Done
            } else {
                Copied::Refused(value)
            });
        });
    };
    view! {
        <span class="copy">
            <button data-testid=testid on:click=on_click>{label}</button>
            {move || match copied.get() {
                Copied::Not => ().into_any(),
                Copied::Done => view! { <span class="copy-done" role="status">"Copied"</span> }.into_any(),
                Copied::Refused(value) => view! {
                    <span class="copy-refused" role="status">
                        "The browser refused the clipboard; select and copy: "
                        <input type="text" readonly class="mono" prop:value=value />
                    </span>
                }
                .into_any(),
            }}
        </span>
    }
}
