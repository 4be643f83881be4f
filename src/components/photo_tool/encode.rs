//! Encoding the crop as the standard JPEG: exactly 358 x 441, at most 30 KB, as good as fits.
//!
//! The browser's canvas encoder is used, not a Rust encoder in the wasm. Measured in headless
//! Chromium on the 2-core build machine (`tests/photo_encoders.rs`, run with `--nocapture`),
//! the same drawn 358 x 441 portrait at quality 90: canvas 1.2 ms and 14.5 KB; `jpeg-encoder`
//! in wasm 20 ms and 21.5 KB (a test build, its dependencies at opt-level 1; a release build
//! would be a few times faster and still slower than the browser's native, SIMD encoder). The
//! canvas encoder also adds nothing to the bundle, where the Rust encoder would add its code to
//! every download of the app. Both keep the detail an ID photo needs at these sizes.

use crate::platform::image;
use permit_core::photo::MAX_BYTES;
use web_sys::HtmlCanvasElement;

/// The highest quality whose file fits in 30 KB (`image::jpeg_within`).
pub async fn in_band(canvas: &HtmlCanvasElement) -> Option<Vec<u8>> {
    image::jpeg_within(canvas, MAX_BYTES).await
}
