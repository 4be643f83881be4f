//! A camera through `getUserMedia`, where the browser offers it (a secure context and the
//! person's permission): the front one for a photo, the back one for scanning at a counter.
//! The stream stops when the handle is dropped.

use super::js::{await_promise, window};
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlVideoElement, MediaStream, MediaStreamConstraints, MediaStreamTrack};

pub struct Camera(MediaStream);

/// Whether this browser offers a camera API at all.
pub fn offered() -> bool {
    window().navigator().media_devices().is_ok()
}

/// Which way the camera looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facing {
    /// At the person holding the phone (a photo of oneself).
    User,
    /// Away from them (a code on someone else's screen).
    Environment,
}

/// Opens a camera facing this way (any camera where there is only one), or `None` when
/// refused or missing.
pub async fn open(facing: Facing) -> Option<Camera> {
    let devices = window().navigator().media_devices().ok()?;
    let video = Object::new();
    let mode = match facing {
        Facing::User => "user",
        Facing::Environment => "environment",
    };
    let _ = Reflect::set(&video, &"facingMode".into(), &mode.into());
    let constraints = MediaStreamConstraints::new();
    constraints.set_video(&video);
    constraints.set_audio(&JsValue::FALSE);
    let promise = devices.get_user_media_with_constraints(&constraints).ok()?;
    let stream: MediaStream = await_promise(promise.into()).await.ok()?.dyn_into().ok()?;
    Some(Camera(stream))
}

impl Camera {
    /// Shows the live picture in `video`.
    pub fn attach(&self, video: &HtmlVideoElement) {
        video.set_src_object(Some(&self.0));
        if let Ok(playing) = video.play() {
            // Refused when the picture is removed before it starts (the page changed): expected,
            // and not to be left as an unhandled rejection.
            wasm_bindgen_futures::spawn_local(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(playing).await;
            });
        }
    }
}

impl Drop for Camera {
    fn drop(&mut self) {
        for track in self.0.get_tracks().iter() {
            if let Ok(t) = track.dyn_into::<MediaStreamTrack>() {
                t.stop();
            }
        }
    }
}

/// The current frame of `video` as an image, mirrored back to how others see the face.
pub async fn snapshot(video: &HtmlVideoElement) -> Option<web_sys::ImageBitmap> {
    let (w, h) = (video.video_width(), video.video_height());
    if w == 0 || h == 0 {
        return None;
    }
    let canvas = super::image::canvas(w, h)?;
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    ctx.draw_image_with_html_video_element(video, 0.0, 0.0).ok()?;
    let promise = window().create_image_bitmap_with_html_canvas_element(&canvas).ok()?;
    await_promise(promise.into()).await.ok()?.dyn_into().ok()
}
