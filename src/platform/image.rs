//! Images in the browser: decode a picked file (EXIF orientation applied by the browser),
//! draw a crop onto the 358 x 441 canvas, read its pixels, and encode it as JPEG with the
//! browser's own encoder.

use super::js::{await_promise, window};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{Blob, CanvasRenderingContext2d, HtmlCanvasElement, ImageBitmap};

/// Why a picked file cannot become a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// Not an image this browser can decode (HEIC on most browsers, a PDF, a broken file).
    Unreadable,
}

/// Decodes an image file. `createImageBitmap` applies the EXIF orientation
/// (`imageOrientation: "from-image"` is the default), so a rotated phone photo comes out
/// upright.
pub async fn decode(blob: &Blob) -> Result<ImageBitmap, DecodeError> {
    let promise = window().create_image_bitmap_with_blob(blob).map_err(|_| DecodeError::Unreadable)?;
    await_promise(promise.into()).await.map_err(|_| DecodeError::Unreadable)?.dyn_into().map_err(|_| DecodeError::Unreadable)
}

/// A region of the source image, in source pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SourceRect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

/// Draws `source` of `image` onto the whole canvas, on white.
pub fn draw(canvas: &HtmlCanvasElement, image: &ImageBitmap, source: SourceRect) {
    let Some(ctx) = context(canvas) else { return };
    let (w, h) = (f64::from(canvas.width()), f64::from(canvas.height()));
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, w, h);
    ctx.set_image_smoothing_enabled(true);
    let _ = ctx.draw_image_with_image_bitmap_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
        image, source.x, source.y, source.width, source.height, 0.0, 0.0, w, h,
    );
}

/// The canvas's pixels, RGBA row-major.
pub fn pixels(canvas: &HtmlCanvasElement) -> Vec<u8> {
    let Some(ctx) = context(canvas) else { return Vec::new() };
    ctx.get_image_data(0.0, 0.0, f64::from(canvas.width()), f64::from(canvas.height()))
        .map(|d| d.data().0)
        .unwrap_or_default()
}

/// The canvas as a JPEG at `quality` (0 to 1), with the browser's encoder.
pub async fn jpeg(canvas: &HtmlCanvasElement, quality: f64) -> Option<Vec<u8>> {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let done = Closure::once_into_js(move |blob: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        });
        let _ = canvas.to_blob_with_type_and_encoder_options(done.unchecked_ref(), "image/jpeg", &JsValue::from_f64(quality));
    });
    let blob: Blob = await_promise(promise.into()).await.ok()?.dyn_into().ok()?;
    super::blob::bytes(&blob).await
}

/// A detached canvas of the given size (for encoding and checks).
pub fn canvas(width: u32, height: u32) -> Option<HtmlCanvasElement> {
    let c: HtmlCanvasElement = window().document()?.create_element("canvas").ok()?.dyn_into().ok()?;
    c.set_width(width);
    c.set_height(height);
    Some(c)
}

/// The canvas as a JPEG of at most `max_bytes`, at the highest quality that fits (found by
/// bisection, 7 encodes); `None` when even the lowest quality tried does not fit.
pub async fn jpeg_within(canvas: &HtmlCanvasElement, max_bytes: usize) -> Option<Vec<u8>> {
    let top = jpeg(canvas, 0.95).await?;
    if top.len() <= max_bytes {
        return Some(top);
    }
    let (mut lo, mut hi) = (0.2, 0.95);
    let mut best = None;
    for _ in 0..7 {
        let mid = (lo + hi) / 2.0;
        let bytes = jpeg(canvas, mid).await?;
        if bytes.len() <= max_bytes {
            best = Some(bytes);
            lo = mid;
        } else {
            hi = mid;
        }
    }
    match best {
        Some(b) => Some(b),
        None => jpeg(canvas, 0.2).await.filter(|b| b.len() <= max_bytes),
    }
}

/// `image` drawn whole on a new canvas whose longer side is at most `max_side` (never
/// enlarged).
pub fn scaled(image: &ImageBitmap, max_side: u32) -> Option<HtmlCanvasElement> {
    let (w, h) = (image.width().max(1), image.height().max(1));
    let scale = (f64::from(max_side) / f64::from(w.max(h))).min(1.0);
    let (cw, ch) = (((f64::from(w) * scale).round() as u32).max(1), ((f64::from(h) * scale).round() as u32).max(1));
    let c = canvas(cw, ch)?;
    draw(&c, image, SourceRect { x: 0.0, y: 0.0, width: f64::from(w), height: f64::from(h) });
    Some(c)
}
