//! Reads QR codes from camera frames inside a Web Worker.
//!
//! The page posts an `ImageData` (RGBA); the worker answers with the text of the first QR code
//! found, or `null`, answering frames in the order they came, so replies need no ids. Chromium on
//! desktop Linux and most webviews have no `BarcodeDetector`, which is why this exists; the
//! app prefers the browser's detector where there is one.

use wasm_bindgen::{prelude::*, JsCast};
use web_sys::{DedicatedWorkerGlobalScope, ImageData, MessageEvent};

/// The text of the first readable QR code in an RGBA picture `width` pixels wide.
pub fn decode_rgba(width: usize, height: usize, rgba: &[u8]) -> Option<String> {
    if width == 0 || height == 0 || rgba.len() < width * height * 4 {
        return None;
    }
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
        let i = (y * width + x) * 4;
        // Integer Rec. 601 luma: the decoder only thresholds, so precision beyond this is moot.
        ((rgba[i] as u32 * 77 + rgba[i + 1] as u32 * 150 + rgba[i + 2] as u32 * 29) >> 8) as u8
    });
    image.detect_grids().into_iter().find_map(|grid| grid.decode().ok().map(|(_, text)| text))
}

#[wasm_bindgen(start)]
pub fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let on_frame = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let text = event
            .data()
            .dyn_into::<ImageData>()
            .ok()
            .and_then(|frame| decode_rgba(frame.width() as usize, frame.height() as usize, &frame.data()));
        let _ = reply.post_message(&text.map_or(JsValue::NULL, JsValue::from));
    });
    scope.set_onmessage(Some(on_frame.as_ref().unchecked_ref()));
    on_frame.forget();
}
