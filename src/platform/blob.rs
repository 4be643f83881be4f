//! Bytes shown as an image without a network URL: an object URL, revoked when dropped.

use js_sys::{Array, Uint8Array};
use web_sys::{Blob, BlobPropertyBag, Url};

pub struct ObjectUrl(String);

/// Bytes as a `Blob` of type `mime`.
pub fn from_bytes(bytes: &[u8], mime: &str) -> Option<Blob> {
    let parts = Array::of1(&Uint8Array::from(bytes));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()
}

/// The bytes of a picked file or any blob.
pub async fn bytes(blob: &Blob) -> Option<Vec<u8>> {
    let buffer = super::js::await_promise(blob.array_buffer().into()).await.ok()?;
    Some(Uint8Array::new(&buffer).to_vec())
}

impl ObjectUrl {
    pub fn from_bytes(bytes: &[u8], mime: &str) -> Option<Self> {
        let blob = from_bytes(bytes, mime)?;
        Url::create_object_url_with_blob(&blob).ok().map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Drop for ObjectUrl {
    fn drop(&mut self) {
        let _ = Url::revoke_object_url(&self.0);
    }
}

/// Offers bytes as a file download (an object URL on a temporary link).
pub fn download(bytes: &[u8], mime: &str, file_name: &str) {
    use wasm_bindgen::JsCast;
    let Some(url) = ObjectUrl::from_bytes(bytes, mime) else { return };
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(link) = document.create_element("a") else { return };
    let link: web_sys::HtmlAnchorElement = link.unchecked_into();
    link.set_href(url.as_str());
    link.set_download(file_name);
    link.click();
    // Revoke after the click was handled.
    leptos::prelude::set_timeout(move || drop(url), std::time::Duration::from_secs(1));
}
