//! [`HexView`]: a hex dump of a few hundred bytes (offset column, 16 bytes a row, ASCII column) where a range
//! of bytes is highlighted and clicking a byte reports its offset.

use core::ops::Range;

use leptos::prelude::*;

/// Bytes per row.
const ROW_BYTES: usize = 16;

/// A hex dump; see the module documentation. Each byte is a `span` with `data-offset`; highlighted bytes have
/// the class `hl`.
#[component]
pub fn HexView(
    /// The bytes.
    #[prop(into)]
    bytes: Signal<Vec<u8>>,
    /// The range to highlight.
    #[prop(into)]
    highlight: Signal<Option<Range<usize>>>,
    /// Called with a byte's offset when it is clicked.
    on_byte: Callback<usize>,
    /// A test id for the dump.
    #[prop(optional)]
    testid: &'static str,
) -> impl IntoView {
    let lit = move |offset: usize| {
        highlight.with(|range| range.as_ref().is_some_and(|r| r.contains(&offset)))
    };
    view! {
        <div class="hexview mono" data-testid=testid>
            {move || {
                bytes.with(|bytes| {
                    bytes
                        .chunks(ROW_BYTES)
                        .enumerate()
                        .map(|(row, chunk)| {
                            let base = row * ROW_BYTES;
                            let cells = chunk
                                .iter()
                                .enumerate()
                                .map(|(i, &byte)| {
                                    let offset = base + i;
                                    view! {
                                        <span
                                            class="hexbyte"
                                            class:hl=move || lit(offset)
                                            data-offset=offset
                                            on:click=move |_| on_byte.run(offset)
                                        >
                                            {format!("{byte:02X}")}
                                        </span>
                                    }
                                })
                                .collect_view();
                            let ascii = chunk
                                .iter()
                                .enumerate()
                                .map(|(i, &byte)| {
                                    let offset = base + i;
                                    view! {
                                        <span
                                            class="asciibyte"
                                            class:hl=move || lit(offset)
                                            on:click=move |_| on_byte.run(offset)
                                        >
                                            {printable(byte).to_string()}
                                        </span>
                                    }
                                })
                                .collect_view();
                            view! {
                                <div class="hexrow">
                                    <span class="hexoffset">{format!("{base:04X}")}</span>
                                    <span class="hexbytes">{cells}</span>
                                    <span class="hexascii">{ascii}</span>
                                </div>
                            }
                        })
                        .collect_view()
                })
            }}
        </div>
    }
}

/// The character shown for `byte` in the ASCII column: itself when printable ASCII, else a dot.
fn printable(byte: u8) -> char {
    if byte.is_ascii_graphic() || byte == b' ' {
        char::from(byte)
    } else {
        '.'
    }
}
