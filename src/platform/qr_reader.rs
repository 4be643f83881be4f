//! Reads QR codes from pictures: the browser's `BarcodeDetector` where there is one (Android
//! Chrome, Safari), otherwise the `permit-scanner` decoder in a Web Worker. The worker is its
//! own small wasm that only the counter scanner fetches, so residents never download it, and
//! decoding never stalls the camera preview.

use super::js::{await_promise, call, get, window};
use std::{cell::RefCell, collections::VecDeque, rc::Rc};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlVideoElement, ImageBitmap, ImageData, MessageEvent, Worker};

/// The worker that starts the decoder (`assets/scanner-worker.js`), by the URL `index.html`
/// names: `cargo xtask dist` gives it a content-hashed name there, so a page always starts
/// the worker of its own build.
fn worker_script() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("meta[name=permit-scanner-worker]").ok().flatten())
        .and_then(|m| m.get_attribute("content"))
        .unwrap_or_else(|| "/scanner-worker.js".to_owned())
}
/// Pictures are scaled down to at most this many pixels on the long side before decoding.
/// Scaling a phone screen's code down to about 5 pixels a module already made the decoder
/// miss it (measured), so only pictures bigger than any camera frame are scaled.
const MAX_SIDE: u32 = 1920;

pub struct QrReader {
    engine: Engine,
    canvas: HtmlCanvasElement,
}

enum Engine {
    Native(JsValue),
    Worker(WorkerDecoder),
}

struct WorkerDecoder {
    worker: Worker,
    /// Whoever waits for each frame sent, oldest first: the worker answers in order.
    waiting: Rc<RefCell<VecDeque<js_sys::Function>>>,
    _on_message: Closure<dyn Fn(MessageEvent)>,
}

impl Drop for WorkerDecoder {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

impl QrReader {
    pub fn new() -> Option<Self> {
        let canvas = super::image::canvas(1, 1)?;
        let engine = native_detector().map(Engine::Native).or_else(|| WorkerDecoder::start().map(Engine::Worker))?;
        Some(Self { engine, canvas })
    }

    /// The text of a QR code in the current frame of `video`, if one is readable. Only the
    /// centre square is read: it is what the square viewfinder shows, and the fewer pixels
    /// the faster each frame is read.
    pub async fn read_video(&self, video: &HtmlVideoElement) -> Option<String> {
        let (w, h) = (f64::from(video.video_width()), f64::from(video.video_height()));
        let side = w.min(h);
        let source = ((w - side) / 2.0, (h - side) / 2.0, side, side);
        let frame = self.draw(source, |ctx, (sx, sy, sw, sh), dw, dh| {
            ctx.draw_image_with_html_video_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(video, sx, sy, sw, sh, 0.0, 0.0, dw, dh).ok()
        })?;
        self.decode(frame).await
    }

    /// The text of a QR code in a decoded picture (a photo of a phone, a screenshot).
    pub async fn read_image(&self, image: &ImageBitmap) -> Option<String> {
        let source = (0.0, 0.0, f64::from(image.width()), f64::from(image.height()));
        let frame = self.draw(source, |ctx, (sx, sy, sw, sh), dw, dh| {
            ctx.draw_image_with_image_bitmap_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(image, sx, sy, sw, sh, 0.0, 0.0, dw, dh).ok()
        })?;
        self.decode(frame).await
    }

    fn draw(
        &self,
        source: (f64, f64, f64, f64),
        paint: impl Fn(&CanvasRenderingContext2d, (f64, f64, f64, f64), f64, f64) -> Option<()>,
    ) -> Option<ImageData> {
        let (_, _, width, height) = source;
        if width < 1.0 || height < 1.0 {
            return None;
        }
        let scale = (f64::from(MAX_SIDE) / width.max(height)).min(1.0);
        let (w, h) = ((width * scale).round(), (height * scale).round());
        self.canvas.set_width(w as u32);
        self.canvas.set_height(h as u32);
        let options = js_sys::Object::new();
        js_sys::Reflect::set(&options, &"willReadFrequently".into(), &JsValue::TRUE).ok()?;
        let ctx: CanvasRenderingContext2d = self.canvas.get_context_with_context_options("2d", &options).ok()??.dyn_into().ok()?;
        paint(&ctx, source, w, h)?;
        ctx.get_image_data(0.0, 0.0, w, h).ok()
    }

    async fn decode(&self, frame: ImageData) -> Option<String> {
        match &self.engine {
            Engine::Native(detector) => {
                let found = await_promise(call(detector, "detect", &[frame.into()])?).await.ok()?;
                let first = js_sys::Array::from(&found).get(0);
                get(&first, "rawValue")?.as_string()
            }
            Engine::Worker(worker) => worker.decode(frame).await,
        }
    }
}

/// A `BarcodeDetector` for QR codes, where the browser has one that reads them.
fn native_detector() -> Option<JsValue> {
    let class: js_sys::Function = get(&window(), "BarcodeDetector")?.dyn_into().ok()?;
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"formats".into(), &js_sys::Array::of1(&"qr_code".into())).ok()?;
    js_sys::Reflect::construct(&class, &js_sys::Array::of1(&options)).ok()
}

impl WorkerDecoder {
    fn start() -> Option<Self> {
        let worker = Worker::new(&worker_script()).ok()?;
        let waiting: Rc<RefCell<VecDeque<js_sys::Function>>> = Rc::default();
        let answered = waiting.clone();
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            let next = answered.borrow_mut().pop_front();
            if let Some(resolve) = next {
                let _ = resolve.call1(&JsValue::NULL, &event.data());
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Some(Self { worker, waiting, _on_message: on_message })
    }

    async fn decode(&self, frame: ImageData) -> Option<String> {
        let waiting = self.waiting.clone();
        let answer = js_sys::Promise::new(&mut |resolve, _| {
            waiting.borrow_mut().push_back(resolve);
        });
        self.worker.post_message(&frame).ok()?;
        await_promise(answer.into()).await.ok()?.as_string()
    }
}
