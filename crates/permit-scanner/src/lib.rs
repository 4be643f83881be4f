//! Reads QR codes from camera frames inside a Web Worker.
//!
//! The page posts an `ImageData` (RGBA); the worker answers with the text of the first QR code
//! found, or `null`, answering frames in the order they came, so replies need no ids. Chromium on
//! desktop Linux and most webviews have no `BarcodeDetector`, which is why this exists; the
//! app prefers the browser's detector where there is one.

use wasm_bindgen::{prelude::*, JsCast};
use web_sys::{DedicatedWorkerGlobalScope, ImageData, MessageEvent};

/// The text of the first readable QR code in an RGBA picture `width` pixels wide.
///
/// The picture is read at full size, then again at half size. `rqrr` (a port of quirc) misses
/// some plainly readable frames depending on how the modules fall on the pixel grid: of eight
/// camera frames of a card caught mid-animation, full size missed three and half size a
/// different one (see `tests/decode.rs`). A second reading at a quarter of the pixels costs
/// little next to the first, and only frames without a code pay for it.
pub fn decode_rgba(width: usize, height: usize, rgba: &[u8]) -> Option<String> {
    if width == 0 || height == 0 || rgba.len() < width * height * 4 {
        return None;
    }
    // Integer Rec. 601 luma: the decoder only thresholds, so precision beyond this is moot.
    let luma: Vec<u8> = rgba[..width * height * 4]
        .chunks_exact(4)
        .map(|p| ((p[0] as u32 * 77 + p[1] as u32 * 150 + p[2] as u32 * 29) >> 8) as u8)
        .collect();
    decode_luma(width, height, |x, y| luma[y * width + x]).or_else(|| {
        let (w, h) = (width / 2, height / 2);
        let at = |x: usize, y: usize| luma[y * width + x] as u32;
        (w > 0 && h > 0).then_some(())?;
        decode_luma(w, h, |x, y| {
            let (x, y) = (2 * x, 2 * y);
            ((at(x, y) + at(x + 1, y) + at(x, y + 1) + at(x + 1, y + 1) + 2) / 4) as u8
        })
    })
}

fn decode_luma(width: usize, height: usize, luma: impl FnMut(usize, usize) -> u8) -> Option<String> {
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, luma);
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
