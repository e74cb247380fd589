//! The decode box: pasted hex is dissected on the spot, nothing is stored.

use leptos::prelude::*;

use super::dissection::DissectionView;
use crate::protocol::dissect;

/// A text area for a packet in hex and its dissection.
#[component]
pub fn DecodeBox() -> impl IntoView {
    let text = RwSignal::new(String::new());
    let bytes = Memo::new(move |_| {
        let cleaned: String = text
            .get()
            .chars()
            .filter(|c| !c.is_whitespace() && *c != ':')
            .collect();
        (!cleaned.is_empty())
            .then(|| crate::hex::decode(&cleaned).map_err(|error| error.to_string()))
    });
    view! {
        <details class="decode-box" data-testid="decode-box">
            <summary>"Decode a packet (hex, not stored)"</summary>
            <textarea
                class="mono"
                data-testid="decode-input"
                aria-label="Packet in hex"
                rows="3"
                spellcheck="false"
                placeholder="Paste a packet in hex, e.g. 1100…"
                prop:value=move || text.get()
                on:input=move |event| text.set(event_target_value(&event))
            ></textarea>
            {move || match bytes.get() {
                None => ().into_any(),
                Some(Err(error)) => view! {
                    <p class="bad" role="alert" data-testid="decode-error">"Not hex: " {error}</p>
                }
                .into_any(),
                Some(Ok(bytes)) => {
                    let dissection = dissect(&bytes);
                    view! {
                        <div data-testid="decode-result">
                            <DissectionView bytes dissection />
                        </div>
                    }
                    .into_any()
                }
            }}
        </details>
    }
}
