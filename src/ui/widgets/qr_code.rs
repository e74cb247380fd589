//! A QR code drawn as one SVG path, from the `qrcode` crate's module matrix (error correction level M).

use leptos::prelude::*;
use qrcode::{Color, EcLevel, QrCode};

/// Modules of white border around the code (the standard's quiet zone).
const QUIET: usize = 4;

/// The SVG path of the dark modules of `text`'s QR code (one `h1v1h-1z` square per module) and the code's
/// width in modules including the quiet zone; `None` when the text is too long for a QR code.
pub fn qr_path(text: &str) -> Option<(String, usize)> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let mut path = String::new();
    for (index, color) in code.to_colors().into_iter().enumerate() {
        if color == Color::Dark {
            let (x, y) = (index % width + QUIET, index / width + QUIET);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    Some((path, width + 2 * QUIET))
}

/// `text` as a QR code, `size` pixels square, dark on white whatever the theme (scanners need contrast).
#[component]
pub fn QrCodeView(
    /// What the code says.
    text: String,
    /// Edge length, pixels.
    #[prop(default = 192)]
    size: u32,
) -> impl IntoView {
    match qr_path(&text) {
        Some((path, modules)) => {
            let view_box = format!("0 0 {modules} {modules}");
            leptos::either::Either::Left(view! {
                <svg
                    class="qr"
                    role="img"
                    aria-label="QR code"
                    data-modules=modules
                    width=size
                    height=size
                    viewBox=view_box
                    shape-rendering="crispEdges"
                >
                    <rect width="100%" height="100%" fill="#fff" />
                    <path d=path fill="#000" />
                </svg>
            })
        }
        None => {
            leptos::either::Either::Right(view! { <p class="hint">"Too long for a QR code."</p> })
        }
    }
}
