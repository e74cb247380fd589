//! A packet's dissection: the field tree beside the hex dump, linked both ways (selecting a field highlights
//! its bytes; clicking a byte selects the innermost field holding it).

use leptos::prelude::*;

use crate::protocol::{Dissection, Layer};
use crate::ui::widgets::field_tree::{FieldPath, FieldTree, field_at, innermost_at};
use crate::ui::widgets::hex_view::HexView;

/// The dissection of `bytes` (already dissected as `dissection`).
#[component]
pub fn DissectionView(
    /// The packet bytes.
    bytes: Vec<u8>,
    /// Their dissection.
    dissection: Dissection,
) -> impl IntoView {
    let selected = RwSignal::new(None::<FieldPath>);
    let nodes = StoredValue::new(dissection.nodes);
    let plaintext = dissection
        .plaintext
        .and_then(|text| crate::hex::decode(&text).ok());
    let range_in = move |layer: Layer| {
        selected.with(|path| {
            let path = path.as_ref()?;
            nodes.with_value(|nodes| {
                field_at(nodes, path)
                    .filter(|field| field.layer == layer)
                    .map(|field| field.start..field.end.max(field.start + 1))
            })
        })
    };
    let pick = move |layer: Layer| {
        Callback::new(move |offset: usize| {
            selected.set(nodes.with_value(|nodes| innermost_at(nodes, layer, offset)));
        })
    };
    let error = dissection.error.map(|error| {
        format!(
            "{} at byte {} ({})",
            error.message, error.offset, error.field
        )
    });
    view! {
        <p class="dissect-summary mono" data-testid="dissect-summary">{dissection.summary}</p>
        {error.map(|error| view! { <p class="bad">"The firmware would refuse it: " {error}</p> })}
        <div class="dissection">
            <FieldTree nodes=Signal::stored(nodes.get_value()) selected />
            <div class="hexpanes">
                <HexView
                    bytes=Signal::stored(bytes)
                    highlight=Signal::derive(move || range_in(Layer::Packet))
                    on_byte=pick(Layer::Packet)
                    testid="hex-view"
                />
                {plaintext.map(|plain| view! {
                    <h3>"Decrypted"</h3>
                    <HexView
                        bytes=Signal::stored(plain)
                        highlight=Signal::derive(move || range_in(Layer::Plaintext))
                        on_byte=pick(Layer::Plaintext)
                        testid="plain-view"
                    />
                })}
            </div>
        </div>
    }
}
