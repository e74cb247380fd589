//! Saving bytes the page made as a file: a Blob of the parts, an object URL, a click on a temporary
//! `<a download>`. Nothing leaves the browser.

use wasm_bindgen::JsCast;

/// Offers `parts`, concatenated, as the download `name` of type `mime`; says why when the browser refuses.
pub fn save_file(name: &str, mime: &str, parts: &[Vec<u8>]) -> Result<(), String> {
    let array = js_sys::Array::new();
    for part in parts {
        array.push(&js_sys::Uint8Array::from(part.as_slice()));
    }
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&array, &options)
        .map_err(|_| String::from("the browser could not make the file"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| String::from("the browser could not name the file"))?;
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or("no document")?;
    let link = document
        .create_element("a")
        .ok()
        .and_then(|element| element.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        .ok_or("no link element")?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // The download has started from the URL; it can go once the click is handled.
    gloo_timers::callback::Timeout::new(1_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}
