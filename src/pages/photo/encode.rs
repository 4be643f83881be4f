//! Encoding the crop as the standard JPEG: exactly 358 x 441, at most 30 KB, as good as fits.
//!
//! The browser's canvas encoder is used, not a Rust encoder in the wasm. Measured in headless
//! Chromium here (tests/photo_encoders.rs prints both): the canvas encoder is several times
//! faster than `jpeg-encoder` compiled to wasm for the same 358 x 441 picture, its files are
//! as small or smaller at the same quality setting, and it adds nothing to the bundle, where
//! the Rust encoder would add its code to every download of the app.

use crate::platform::image;
use permit_core::photo::MAX_BYTES;
use web_sys::HtmlCanvasElement;

/// The highest quality whose file fits in 30 KB, found by bisection (7 encodes); `None` when
/// even the lowest quality tried does not fit.
pub async fn in_band(canvas: &HtmlCanvasElement) -> Option<Vec<u8>> {
    let top = image::jpeg(canvas, 0.95).await?;
    if top.len() <= MAX_BYTES {
        return Some(top);
    }
    let (mut lo, mut hi) = (0.2, 0.95);
    let mut best = None;
    for _ in 0..7 {
        let mid = (lo + hi) / 2.0;
        let bytes = image::jpeg(canvas, mid).await?;
        if bytes.len() <= MAX_BYTES {
            best = Some(bytes);
            lo = mid;
        } else {
            hi = mid;
        }
    }
    match best {
        Some(b) => Some(b),
        None => image::jpeg(canvas, 0.2).await.filter(|b| b.len() <= MAX_BYTES),
    }
}
