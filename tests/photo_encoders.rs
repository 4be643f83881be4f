//! The measurement behind the choice of JPEG encoder for photos (src/components/photo_tool/encode.rs):
//! the browser's canvas encoder against `jpeg-encoder` compiled to wasm, on the same drawn
//! 358 x 441 portrait. Run with `-- --nocapture` to see the figures; the assertions hold
//! what the choice relies on.
#![cfg(target_arch = "wasm32")]

use permit_app::platform::image;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn portrait() -> web_sys::HtmlCanvasElement {
    let canvas = image::canvas(358, 441).unwrap();
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    ctx.set_fill_style_str("#fafafa");
    ctx.fill_rect(0.0, 0.0, 358.0, 441.0);
    for (i, colour) in ["#2c3550", "#e0b896", "#1c1410"].iter().enumerate() {
        ctx.set_fill_style_str(colour);
        ctx.begin_path();
        let (cy, rx, ry) = [(420.0, 170.0, 110.0), (200.0, 88.0, 112.0), (150.0, 92.0, 60.0)][i];
        let _ = ctx.ellipse(179.0, cy, rx, ry, 0.0, 0.0, std::f64::consts::TAU);
        ctx.fill();
    }
    // Some fine texture, like skin and fabric, so the encoders have detail to keep.
    for y in (0..441).step_by(3) {
        ctx.set_fill_style_str(if y % 2 == 0 { "rgba(0,0,0,0.03)" } else { "rgba(255,255,255,0.03)" });
        ctx.fill_rect(90.0, f64::from(y), 180.0, 1.0);
    }
    canvas
}

#[wasm_bindgen_test]
async fn canvas_encoder_against_rust_encoder() {
    let canvas = portrait();
    let rgba = image::pixels(&canvas);
    let mut canvas_ms = Vec::new();
    let mut canvas_bytes = 0;
    for _ in 0..15 {
        let t = now();
        canvas_bytes = image::jpeg(&canvas, 0.9).await.unwrap().len();
        canvas_ms.push(now() - t);
    }
    let mut rust_ms = Vec::new();
    let mut rust_bytes = 0;
    for _ in 0..15 {
        let t = now();
        let mut out = Vec::new();
        jpeg_encoder::Encoder::new(&mut out, 90)
            .encode(&rgba, 358, 441, jpeg_encoder::ColorType::Rgba)
            .unwrap();
        rust_bytes = out.len();
        rust_ms.push(now() - t);
    }
    let (c, r) = (median(canvas_ms), median(rust_ms));
    web_sys::console::log_1(
        &format!("photo encoders, 358x441 at quality 90: canvas {c:.2} ms {canvas_bytes} B; jpeg-encoder (wasm) {r:.2} ms {rust_bytes} B").into(),
    );
    // Both land in the backend's size limit at a high quality.
    assert!(canvas_bytes <= 30 * 1024 && rust_bytes <= 30 * 1024);
    assert!(canvas_bytes > 1000 && rust_bytes > 1000);
}
